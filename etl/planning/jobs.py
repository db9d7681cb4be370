"""The planning domain's ETL jobs (domains/planning.py names this list): the proposals (job.py)
and the budget, its realisation and the works (budget_job.py)."""

from etl.planning.budget_job import JOB as BUDGET_JOB
from etl.planning.job import JOB as PROPOSALS_JOB

JOBS = [PROPOSALS_JOB, BUDGET_JOB]
