"""One scope object: built from the viewer and the settings, and asked alike by the complaint
service's access checks and by the dashboard's mart queries, so the two cannot disagree."""

from types import SimpleNamespace

import pytest
from sqlalchemy import Column, Integer, MetaData, String, Table, create_engine, insert, select

from core.scope import CITY, NOTHING, Scope, scope_for
from core.users import Viewer

COLUMNS = {"opd": "opd_code", "kecamatan": "kecamatan_code", "kelurahan": "kelurahan_code", "rw": "rw", "rt": "rt"}
ROWS = [
    dict(id=1, opd_code="DISHUB", kecamatan_code="35.78.05", kelurahan_code="35.78.05.1001", rw=1, rt=1),
    dict(id=2, opd_code="DISHUB", kecamatan_code="35.78.05", kelurahan_code="35.78.05.1001", rw=2, rt=1),
    dict(id=3, opd_code="DLH", kecamatan_code="35.78.05", kelurahan_code="35.78.05.1002", rw=1, rt=3),
    dict(id=4, opd_code="DLH", kecamatan_code="35.78.09", kelurahan_code="35.78.09.1001", rw=1, rt=1),
]


@pytest.fixture(scope="module")
def table():
    engine = create_engine("sqlite://")
    metadata = MetaData()
    facts = Table("facts", metadata, Column("id", Integer, primary_key=True),
                  *[Column(name, String if name.endswith("code") else Integer) for name in COLUMNS.values()])
    metadata.create_all(engine)
    with engine.begin() as connection:
        connection.execute(insert(facts), ROWS)
    return engine, facts


def ids_in_sql(table, scope: Scope, columns=COLUMNS) -> list[int]:
    engine, facts = table
    with engine.connect() as connection:
        return connection.scalars(select(facts.c.id).where(*scope.conditions(facts, columns)).order_by(facts.c.id)).all()


def ids_in_python(scope: Scope, columns=COLUMNS) -> list[int]:
    return [row["id"] for row in ROWS if scope.allows(row, columns)]


@pytest.mark.parametrize("scope,expected", [
    (CITY, [1, 2, 3, 4]),
    (Scope("opd", ("DISHUB",)), [1, 2]),
    (Scope("kecamatan", ("35.78.05",)), [1, 2, 3]),
    (Scope("kelurahan", ("35.78.05.1001",)), [1, 2]),
    (Scope("rw", ("35.78.05.1001", 1)), [1]),
    (Scope("rt", ("35.78.05.1002", 1, 3)), [3]),
    (NOTHING, []),
])
def test_sql_and_python_apply_the_same_rule(table, scope, expected):
    assert ids_in_sql(table, scope) == expected
    assert ids_in_python(scope) == expected


def test_a_table_without_the_columns_of_a_scope_answers_nothing(table):
    """An RW head reading a mart that has no RW column sees none of it, not the whole kelurahan."""
    without_rw = {"kecamatan": "kecamatan_code", "kelurahan": "kelurahan_code"}
    rw = Scope("rw", ("35.78.05.1001", 1))
    assert ids_in_sql(table, rw, without_rw) == [] and ids_in_python(rw, without_rw) == []


@pytest.mark.parametrize("role,codes,expected", [
    ("admin", {}, CITY), ("wall", {}, CITY),
    ("opd", {"opd_code": "DISHUB"}, Scope("opd", ("DISHUB",))),
    ("opd", {"opd_code": "DISHUB", "city_wide": True}, CITY),
    ("camat", {"kecamatan_code": "35.78.05"}, Scope("kecamatan", ("35.78.05",))),
    ("lurah", {"kelurahan_code": "35.78.05.1001"}, Scope("kelurahan", ("35.78.05.1001",))),
    ("rt_rw", {"kelurahan_code": "35.78.05.1001", "rw": 2}, Scope("rw", ("35.78.05.1001", 2))),
    ("rt_rw", {"kelurahan_code": "35.78.05.1001", "rw": 2, "rt": 4}, Scope("rt", ("35.78.05.1001", 2, 4))),
    ("opd", {}, NOTHING), ("camat", {}, NOTHING),
])
def test_each_role_gets_its_scope(role, codes, expected):
    assert scope_for(role, **codes) == expected


def test_the_settings_decide_who_sees_the_whole_city_for_the_service_and_the_marts_alike():
    """The mayor's office is city-wide by default; a city that narrows the setting narrows both
    the complaint service's check and the dashboard's queries at once."""
    from modules.complaints.access import can_see

    complaint = SimpleNamespace(opd_code="DLH", kecamatan_code="35.78.09", kelurahan_code="35.78.09.1001")
    pimpinan = Viewer(user_id="1", username="walikota", role="pimpinan")
    assert pimpinan.scope == CITY and can_see(pimpinan, complaint)

    narrowed = pimpinan.with_city_wide_roles(("admin", "operator"))
    assert narrowed.scope == NOTHING
    assert not can_see(narrowed, complaint)


def test_the_request_builds_the_viewer_with_the_configured_roles(databases, settings):
    from auth.session_user import load_session_user
    from core.services import Services
    from core.users import create_user

    with databases.transaction() as session:
        user = create_user(session, "walikota", "password-123", "pimpinan")
        user_id = str(user.id)
    narrowed = Services.from_settings(settings.override(auth={"city_wide_roles": ["admin"]}))
    default = Services.from_settings(settings)
    assert load_session_user(narrowed, user_id, 1).viewer.scope == NOTHING  # 1: a new user's session version
    assert load_session_user(default, user_id, 1).viewer.scope == CITY
