"""Kill -9 the ETL process in the middle of its batches, several times, then let it finish: the
marts equal a clean full refresh, and running it again changes nothing."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time

from mart_compare import marts_snapshot
from sqlalchemy import func, select

from core.changelog import ChangeLogEntry
from core.settings import PROJECT_ROOT
from etl.runner import EtlRunner
from etl.state import read_watermark


def etl_command(database_urls, *args) -> tuple[list[str], dict]:
    env = {**os.environ, "PANTAU_DATABASE__URL": database_urls[0], "PANTAU_DATABASE__WAREHOUSE_URL": database_urls[1],
           "PANTAU_REDIS__URL": ""}
    return [sys.executable, "-m", "etl", "run", "--batch-size", "25", *args], env


def watermark(databases) -> int:
    with databases.warehouse.connect() as connection:
        return read_watermark(connection, "complaints")


def kill_once_it_has_committed_more(databases, database_urls, after: int) -> int:
    command, env = etl_command(database_urls)
    process = subprocess.Popen(command, env=env, cwd=PROJECT_ROOT, stdout=subprocess.DEVNULL,
                               stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 120
    while watermark(databases) <= after and process.poll() is None and time.monotonic() < deadline:
        time.sleep(0.02)
    process.send_signal(signal.SIGKILL)
    process.wait()
    return watermark(databases)


def test_killed_etl_resumes_to_marts_equal_a_full_refresh(databases, database_urls, settings):
    from simulator import demo_backfill

    demo_backfill(databases, settings, days=7)
    with databases.session() as session:
        end = session.scalar(select(func.max(ChangeLogEntry.position)))

    reached = 0
    for _ in range(3):
        reached = kill_once_it_has_committed_more(databases, database_urls, reached)
    assert 0 < reached < end, "the kills must land in the middle of the work"

    command, env = etl_command(database_urls)
    finished = subprocess.run(command, env=env, cwd=PROJECT_ROOT, capture_output=True, text=True, timeout=300)
    assert finished.returncode == 0, finished.stderr
    assert "incremental: read" in finished.stdout  # the summary line
    resumed = marts_snapshot(databases)

    assert EtlRunner(databases).run_once().read == 0  # running again changes nothing
    assert marts_snapshot(databases) == resumed
    EtlRunner(databases).full_refresh()
    assert marts_snapshot(databases) == resumed
    assert len(resumed["fct_complaints"]) > 100
