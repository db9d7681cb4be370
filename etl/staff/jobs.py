"""The staff registry's ETL jobs (domains/staff.py names this list): one job (job.py)."""

from etl.staff.job import JOB

JOBS = [JOB]
