"""The e-Office domain's ETL jobs (domains/office.py names this list): letters and dispositions,
one job (job.py)."""

from etl.office.job import JOB

JOBS = [JOB]
