"""`python -m etl` takes its batch size, poll interval and retention from the [etl] settings."""

from __future__ import annotations

import threading

import pytest
from etl_helpers import OneWait
from synthetic_complaints import snapshot, write_snapshots

from core.settings import Settings
from etl.__main__ import main
from etl.runner import EtlRunner


@pytest.fixture
def etl_environment(database_urls, monkeypatch):
    monkeypatch.setenv("PANTAU_DATABASE__URL", database_urls[0])
    monkeypatch.setenv("PANTAU_DATABASE__WAREHOUSE_URL", database_urls[1])
    monkeypatch.setenv("PANTAU_REDIS__URL", "")
    monkeypatch.delenv("PANTAU_SETTINGS", raising=False)
    return monkeypatch


def test_the_command_batches_by_the_settings(databases, etl_environment, capsys):
    write_snapshots(databases, [snapshot(i) for i in range(1, 21)])
    etl_environment.setenv("PANTAU_ETL__BATCH_SIZE", "7")
    assert main(["run"]) == 0
    summary = capsys.readouterr().out
    assert "read 20 rows" in summary and "3 batches" in summary


def test_the_command_line_batch_size_wins(databases, etl_environment, capsys):
    write_snapshots(databases, [snapshot(i) for i in range(1, 21)])
    etl_environment.setenv("PANTAU_ETL__BATCH_SIZE", "7")
    assert main(["run", "--batch-size", "10"]) == 0
    summary = capsys.readouterr().out
    assert "read 20 rows" in summary and "2 batches" in summary


def test_the_command_prunes_what_every_job_has_read_after_the_settings_retention(databases, etl_environment,
                                                                                capsys):
    write_snapshots(databases, [snapshot(i) for i in range(1, 4)])
    etl_environment.setenv("PANTAU_ETL__CHANGE_LOG_RETENTION_DAYS", "0")
    assert main(["prune"]) == 0 and "pruned 0 change-log rows" in capsys.readouterr().out  # not read yet
    assert main(["run"]) == 0 and main(["prune"]) == 0
    assert "pruned 2 change-log rows" in capsys.readouterr().out  # the newest row stays


def test_follow_waits_the_settings_poll_interval(databases):
    stop = threading.Event()
    events = OneWait(stop)
    settings = Settings().override(etl={"poll_seconds": 7.5, "batch_size": 123})
    runner = EtlRunner.from_settings(databases, settings, events=events)
    runner.follow(stop)
    assert events.timeouts == [7.5] and runner.batch_size == 123
