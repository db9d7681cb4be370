"""Fixtures for the incidents HTTP API: agency keys, a road accident with an ambulance and a
Dishub patrol dispatched, staff users, and row counts that prove a refusal wrote nothing.

Every test runs on SQLite and PostgreSQL (the `databases`, `app` and `client` fixtures of
tests/conftest.py), through the real app, its login form and the real service. Service calls
use the real clock (the API's reports default to it and must not lie before the last change)."""

from __future__ import annotations

from dataclasses import dataclass

import pytest
from api_helpers import ADMIN, AMBULANCE, CALLER, GENTENG, OPERATOR, PATROL

from core.audit import AdminAudit
from core.changelog import ChangeLogEntry
from modules.incidents import models, service
from modules.incidents.keys import issue_api_key
from modules.incidents.models import IncidentApiKey

COUNTED = (models.Incident, models.IncidentCall, models.IncidentDispatch, models.IncidentEvent, models.IncidentUnit,
           ChangeLogEntry, IncidentApiKey, AdminAudit)


@dataclass(frozen=True)
class Accident:
    number: str
    ambulance_dispatch: int
    patrol_dispatch: int


@pytest.fixture(autouse=True)
def fleet_where_a_database_is(request):
    """The demo fleet (tests/conftest.py `fleet`) in every test that has a database."""
    if "databases" in request.fixturenames:
        request.getfixturevalue("fleet")


@pytest.fixture
def keys(databases) -> dict[str, str]:
    """{agency: secret} of a key for DISHUB and one for DINKES, and a revoked DISHUB key under "revoked"."""
    found = {}
    with databases.transaction() as session:
        for agency in ("DISHUB", "DINKES"):
            found[agency] = issue_api_key(session, ADMIN, agency, f"{agency} tracker")[1]
        key, found["revoked"] = issue_api_key(session, ADMIN, "DISHUB", "old tracker")
        key.revoked_at = key.created_at
    return found


@pytest.fixture
def accident(databases, settings) -> Accident:
    """A road accident at Genteng from a 112 call, an ambulance and a Dishub patrol dispatched."""
    with databases.transaction() as session:
        call = service.take_call(session, OPERATOR, settings, caller_number=CALLER)
        incident = service.create_incident(session, OPERATOR, settings, call.id, category_code="KECELAKAAN_LALU_LINTAS",
                                           lat=GENTENG[0], lon=GENTENG[1], address="Jl. Genteng Kali 1",
                                           landmark="depan Pos Terpadu", description="Dua motor bertabrakan")
        ambulance = service.dispatch(session, OPERATOR, incident.number, AMBULANCE)
        patrol = service.dispatch(session, OPERATOR, incident.number, PATROL)
        service.add_note(session, OPERATOR, incident.number, "Jalur kiri ditutup")
        return Accident(incident.number, ambulance.id, patrol.id)


@pytest.fixture
def counts(count_rows):
    """Rows of every table a report or a key change writes (to prove that a refusal wrote nothing)."""
    return lambda: count_rows(COUNTED)


@pytest.fixture
def unit_row(databases):
    """unit_row(code) -> the stored unit, detached."""

    def get(code: str):
        with databases.session() as session:
            unit = session.get(models.IncidentUnit, code)
            session.expunge(unit)
            return unit

    return get
