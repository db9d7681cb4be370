"""The Sipandu domain's ETL jobs (domains/sipandu.py names this list): newcomers and boarding
houses, one job (job.py)."""

from etl.sipandu.job import JOB

JOBS = [JOB]
