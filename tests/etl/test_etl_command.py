"""`python -m etl` takes its batch size and poll interval from the [etl] settings."""

from __future__ import annotations

import threading

import pytest
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


class OneWait:
    """Events that record how long the runner waits, and stop it after the first wait."""

    def __init__(self, stop: threading.Event):
        self.stop, self.timeouts = stop, []

    def counter(self, channel):
        return 0

    def wait(self, channel, seen, timeout):
        self.timeouts.append(timeout)
        self.stop.set()
        return seen

    def publish(self, channel):
        pass


def test_follow_waits_the_settings_poll_interval(databases):
    stop = threading.Event()
    events = OneWait(stop)
    settings = Settings().override(etl={"poll_seconds": 7.5, "batch_size": 123})
    runner = EtlRunner.from_settings(databases, settings, events=events)
    runner.follow(stop)
    assert events.timeouts == [7.5] and runner.batch_size == 123
