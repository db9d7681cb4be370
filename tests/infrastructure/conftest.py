"""Fixtures for the infrastructure tests. Every database test runs on SQLite and PostgreSQL (the
`databases` fixture of tests/conftest.py: migrated, reference data and the demo contracts loaded)."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from core.changelog import ChangeLogEntry
from infra_setup import ADMIN, NOW, as_csv
from modules.infrastructure import models, service


@pytest.fixture
def run(databases):
    """run(service_function, *args, **kwargs) in its own committed transaction."""

    def do_run(function, *args, **kwargs):
        with databases.transaction() as session:
            return function(session, *args, **kwargs)

    return do_run


@pytest.fixture
def inventory(run, settings):
    """inventory(rows) -> imports the rows (infra_setup.device) at NOW, as the administrator."""

    def load(rows):
        return run(service.import_csv, ADMIN, as_csv(rows), settings, now=NOW)

    return load


@pytest.fixture
def check(run, settings):
    """check(result, ...) -> records the results in one batch, at the newest result's time."""

    def record(*results):
        return run(service.record_results, list(results), max(r.at for r in results), settings)

    return record


@pytest.fixture
def state(databases):
    """state(code) -> the device's state row, fresh."""

    def get(code):
        with databases.transaction() as session:
            return session.get(models.InfraDeviceState, code)

    return get


@pytest.fixture
def events(databases):
    """events(code=None) -> the state changes (of one device), oldest first."""

    def rows(code=None):
        query = select(models.InfraEvent).order_by(models.InfraEvent.id)
        if code is not None:
            query = query.where(models.InfraEvent.device_code == code)
        with databases.transaction() as session:
            return session.scalars(query).all()

    return rows


@pytest.fixture
def logged(databases):
    """logged(entity=None) -> [(entity, entity_id, payload)] of the change log's infrastructure rows, in order."""

    def rows(entity=None):
        query = select(ChangeLogEntry).where(ChangeLogEntry.entity.like("infrastructure%"))
        if entity is not None:
            query = query.where(ChangeLogEntry.entity == entity)
        with databases.transaction() as session:
            found = session.scalars(query.order_by(ChangeLogEntry.position))
            return [(r.entity, r.entity_id, r.payload) for r in found]

    return rows


@pytest.fixture
def counts(count_rows):
    """Rows in every infrastructure table and in the change log."""
    return lambda: count_rows((models.InfraDevice, models.InfraDeviceParent, models.InfraDeviceState, models.InfraEvent,
                               models.InfraRollupMinute, models.InfraRollupDaily, models.InfraMaintenance,
                               ChangeLogEntry))
