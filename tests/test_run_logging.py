"""`make run`'s terminal: start-up and errors in city time, request lines only when asked for."""

import logging

import pytest

import run


@pytest.fixture(autouse=True)
def _restore_logging():
    root, werkzeug = logging.getLogger(), logging.getLogger("werkzeug")
    saved = (root.handlers[:], root.level, werkzeug.level)
    yield
    root.handlers[:] = saved[0]
    root.setLevel(saved[1])
    werkzeug.setLevel(saved[2])


@pytest.mark.parametrize("access_log,level", [(False, logging.WARNING), (True, logging.INFO)])
def test_request_lines_show_only_with_the_access_log(settings, access_log, level):
    run.configure_logging(settings.override(server={"access_log": access_log}))
    assert logging.getLogger("werkzeug").level == level


def test_log_times_are_city_time():
    record = logging.LogRecord("pantau", logging.ERROR, __file__, 1, "ETL pass failed", None, None)
    record.created = 1_764_648_000  # 2025-12-02 04:00:00 UTC
    assert run.city_time_formatter().format(record).startswith("02/12/2025 11:00:00 WIB ERROR pantau:")
