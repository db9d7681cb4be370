"""The e-Kinerja domain's ETL jobs (domains/kinerja.py names this list): one job (job.py)."""

from etl.kinerja.job import JOB

JOBS = [JOB]
