"""Fixtures for the incidents tests. Every database test runs on SQLite and PostgreSQL (the
`databases` fixture of tests/conftest.py: migrated, reference data loaded), with the demo fleet."""

from __future__ import annotations


import pytest
from sqlalchemy import select

from core.changelog import ChangeLogEntry
from incident_setup import COUNTED, GENTENG, OPERATOR, at
from modules.incidents import service


@pytest.fixture(autouse=True)
def fleet_where_a_database_is(request):
    """The demo fleet (tests/conftest.py `fleet`) in every test that has a database."""
    if "databases" in request.fixturenames:
        request.getfixturevalue("fleet")


@pytest.fixture
def run(databases):
    """run(service_function, *args, **kwargs) in its own committed transaction."""

    def do_run(function, *args, **kwargs):
        with databases.transaction() as session:
            return function(session, *args, **kwargs)

    return do_run


@pytest.fixture
def new_incident(run, settings):
    """new_incident(category, minute=0, **place) -> the incident, created from a fresh call at NOW + minute."""

    def make(category_code: str = "KEBAKARAN", minute: float = 0, **place):
        place = place or dict(lat=GENTENG[0], lon=GENTENG[1])
        call = run(service.take_call, OPERATOR, settings, caller_number="0812-3456-7890", now=at(minute))
        return run(service.create_incident, OPERATOR, settings, call.id, category_code=category_code, now=at(minute),
                   **place)

    return make


@pytest.fixture
def counts(count_rows):
    """Rows in every incidents table that a change writes, and in the change log."""
    return lambda: count_rows(COUNTED)


@pytest.fixture
def load(databases):
    """load(model, key) -> a fresh copy of one row."""

    def get(model, key):
        with databases.transaction() as session:
            return session.get(model, key)

    return get


@pytest.fixture
def logged(databases):
    """logged(entity) -> [(entity_id, payload)] of the change log's rows of that entity, in order."""

    def rows(entity: str):
        with databases.transaction() as session:
            return [(r.entity_id, r.payload) for r in session.scalars(
                select(ChangeLogEntry).where(ChangeLogEntry.entity == entity).order_by(ChangeLogEntry.position))]

    return rows
