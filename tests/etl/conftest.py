"""Fixtures of the ETL tests."""

import pytest
from probe_job import create_probe_mart


@pytest.fixture
def probe_mart(databases):
    """The databases with the probe job's mart table (tests/etl/probe_job.py): a second domain."""
    create_probe_mart(databases)
    return databases
