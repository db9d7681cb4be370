"""The staff registry's demo (simulator/staff.py) on both databases, and its city-scale rows: every
OPD gets its tree, every NIP passes the registry's own checks, the change log equals the table, the
demo OPD users are linked to a section head of their OPD, and it runs once."""

from __future__ import annotations

from collections import Counter
from datetime import date

from sqlalchemy import select

from core.changelog import ChangeLogEntry
from core.demo import ensure_demo_users
from core.reference import Opd
from core.services import Services
from core.users import SETUP_ACTOR, User
from modules.staff.extract import snapshots_by_entity
from modules.staff.hierarchy import subtree_ids
from modules.staff.importing import import_rows
from modules.staff.models import Staff
from modules.staff.nip import nip_parts, nip_problem
from simulator.staff import DIVISION_HEAD, SECTION_HEAD, city_staff, demo_staff, fill_demo_staff

TODAY = date(2026, 12, 3)


def test_the_demo_registry_is_a_tree_per_opd_with_linked_users(databases, settings):
    with databases.transaction() as session:
        ensure_demo_users(session)
    services = Services(settings, databases, None)
    created = fill_demo_staff(services)
    assert fill_demo_staff(services) is None  # once only
    with databases.session() as session:
        people = list(session.scalars(select(Staff)))
        opds = set(session.scalars(select(Opd.code)))
        users = dict(session.execute(select(User.id, User.username)).all())
        by_id = {p.id: p for p in people}
        heads = [p for p in people if p.supervisor_id is None]
        assert created == len(people) and {h.opd_code for h in heads} == opds and len(heads) == len(opds)
        for head in heads:
            divisions = [p for p in people if p.supervisor_id == head.id]
            assert 2 <= len(divisions) <= 4 and {p.position for p in divisions} == {DIVISION_HEAD}
            for division in divisions:
                sections = [p for p in people if p.supervisor_id == division.id]
                assert 2 <= len(sections) <= 3 and {p.position for p in sections} == {SECTION_HEAD}
                for section in sections:
                    assert 3 <= len([p for p in people if p.supervisor_id == section.id]) <= 8
            assert {by_id[i].opd_code for i in subtree_ids(session, head.id)} == {head.opd_code}
        linked = {users[p.user_id]: p for p in people if p.user_id is not None}
    assert set(linked) == {"dishub", "dlh", "binamarga"}
    assert {name: (p.opd_code, p.position) for name, p in linked.items()} == {
        "dishub": ("DISHUB", SECTION_HEAD), "dlh": ("DLH", SECTION_HEAD), "binamarga": ("DSDABM", SECTION_HEAD)}
    assert all(nip_problem(p.nip, TODAY) is None and p.name.endswith("(demo)") for p in people)
    assert Counter(nip_parts(p.nip).sex for p in people).keys() == {"male", "female"}
    with databases.engine.connect() as connection:
        extracted = snapshots_by_entity(connection)
        newest = {}
        for entity, entity_id, payload in connection.execute(select(
                ChangeLogEntry.entity, ChangeLogEntry.entity_id, ChangeLogEntry.payload)
                .where(ChangeLogEntry.entity == "staff").order_by(ChangeLogEntry.position)):
            newest[(entity, entity_id)] = payload
    assert newest == extracted


def test_the_demo_rows_do_not_depend_on_the_clock():
    assert demo_staff(7) == demo_staff(7) != demo_staff(8)


def test_city_rows_are_the_count_asked_valid_and_ordered_supervisors_first():
    rows = city_staff(20_000)
    assert len(rows) == 20_000 and len({r["nip"] for r in rows}) == 20_000
    assert all(nip_problem(r["nip"], TODAY) is None for r in rows)
    seen, active = set(), {r["nip"]: r["active"] for r in rows}
    for row in rows:
        assert row["supervisor_nip"] is None or row["supervisor_nip"] in seen
        assert not row["active"] or row["supervisor_nip"] is None or active[row["supervisor_nip"]]
        seen.add(row["nip"])
    assert 0.005 < sum(not r["active"] for r in rows) / len(rows) < 0.03
    assert Counter(r["opd_code"] for r in rows).most_common()[-1][1] >= 20_000 // 17
    assert [len(city_staff(n)) for n in (1, 17, 40, 900)] == [1, 17, 40, 900]


def test_city_rows_import_through_the_registry(databases):
    rows = city_staff(1_200, seed=3)
    with databases.transaction() as session:
        summary = import_rows(session, SETUP_ACTOR, rows)
    assert (summary.created, summary.updated, summary.unchanged) == (1_200, 0, 0)
    with databases.transaction() as session:
        again = import_rows(session, SETUP_ACTOR, rows)
    assert again.unchanged == 1_200
