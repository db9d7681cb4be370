"""Fixtures for the e-Kinerja tests. Every database test runs on SQLite and PostgreSQL (the
`databases` fixture of tests/conftest.py: migrated, reference data loaded)."""

from __future__ import annotations

import pytest
from kinerja_helpers import NOW, build_team
from sqlalchemy import select

from core.changelog import ChangeLogEntry
from modules.kinerja import service
from modules.kinerja.models import KinerjaActivity, KinerjaActivityPhoto, KinerjaPeriod, KinerjaScore

WRITTEN = (KinerjaActivity, KinerjaActivityPhoto, KinerjaPeriod, KinerjaScore, ChangeLogEntry)


@pytest.fixture
def team(databases):
    return build_team(databases)


@pytest.fixture
def run(databases):
    """run(service_function, *args, **kwargs) in its own committed transaction."""

    def do_run(function, *args, **kwargs):
        with databases.transaction() as session:
            return function(session, *args, **kwargs)

    return do_run


@pytest.fixture
def new(run, settings):
    """new(person, form, now=NOW) -> the new draft's id."""

    def make(person, values, now=NOW):
        return run(service.create_activity, person.viewer, values, settings.kinerja, now=now).id

    return make


@pytest.fixture
def written(count_rows):
    """Rows of every table a write touches, and of the change log: a refusal leaves them as they were."""
    return lambda: count_rows(WRITTEN)


@pytest.fixture
def load(databases):
    def get(activity_id: int) -> KinerjaActivity:
        with databases.session() as session:
            return session.get(KinerjaActivity, activity_id)

    return get


@pytest.fixture
def logged(databases):
    """logged(entity) -> [(entity_id, operation, payload, actor)] in order."""

    def rows(entity: str):
        with databases.session() as session:
            return [(r.entity_id, r.operation, r.payload, r.actor) for r in session.scalars(
                select(ChangeLogEntry).where(ChangeLogEntry.entity == entity).order_by(ChangeLogEntry.position))]

    return rows
