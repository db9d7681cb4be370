"""The staff registry's service and hierarchy on both databases: registering, changing, linking a
user, deactivating, each with its change-log row (the actor's username, no name or NIP); each
refusal names its field and writes nothing; the hierarchy's recursive queries, inactive people
and loops; who reads whom (access.py and reads.py)."""

from __future__ import annotations

from datetime import date, datetime, timezone

import pytest
from sqlalchemy import func, select

from core.changelog import ChangeLogEntry
from core.users import User, Viewer, create_user
from modules.staff import access, hierarchy, reads, service
from modules.staff.errors import StaffAccessDenied, StaffConflict, StaffNotFound, StaffValidationError
from modules.staff.models import Staff
from modules.staff.nip import make_nip
from modules.staff.snapshot import KEYS

NOW = datetime(2026, 11, 30, 3, 0, tzinfo=timezone.utc)
ADMIN = Viewer(user_id="1000", username="admin-bkpsdm", role="admin")
OPD_OFFICER = Viewer(user_id="1001", username="tpkpm-dishub", role="opd", opd_code="DISHUB")


def nip(serial: int, sex: str = "male") -> str:
    return make_nip(date(1980, 5, 17), date(2005, 3, 1), sex, serial)


def person(serial: int, supervisor_id: int | None = None, opd_code: str = "DISHUB", **extra) -> dict:
    return {"nip": nip(serial), "name": f"Pegawai Uji {serial}", "opd_code": opd_code, "unit": "Bidang Uji",
            "position": "Analis", "supervisor_id": supervisor_id, **extra}


@pytest.fixture
def run(databases):
    def call(function, *args, actor: Viewer = ADMIN, **kwargs):
        with databases.transaction() as session:
            result = function(session, actor, *args, **kwargs)
            return result.id if isinstance(result, Staff) else result
    return call


@pytest.fixture
def tree(run):
    """head -> (division -> (section -> (clerk, leaver [inactive] -> temp)), other_division)."""
    ids = {"head": run(service.register, person(1), now=NOW)}
    ids["division"] = run(service.register, person(2, ids["head"]), now=NOW)
    ids["other_division"] = run(service.register, person(3, ids["head"]), now=NOW)
    ids["section"] = run(service.register, person(4, ids["division"]), now=NOW)
    ids["clerk"] = run(service.register, person(5, ids["section"]), now=NOW)
    ids["leaver"] = run(service.register, person(6, ids["section"]), now=NOW)
    ids["temp"] = run(service.register, person(7, ids["leaver"], nip=None), now=NOW)  # contract staff
    run(service.deactivate, ids["leaver"], now=NOW)
    return ids


@pytest.fixture
def untouched(databases):
    """untouched() -> (staff rows, change-log rows, users linked): to prove a refusal wrote nothing."""
    def counts():
        with databases.session() as session:
            return (session.scalar(select(func.count()).select_from(Staff)),
                    session.scalar(select(func.count()).select_from(ChangeLogEntry)),
                    session.scalar(select(func.count()).select_from(Staff).where(Staff.user_id.is_not(None))))
    return counts


def log_of(databases, staff_id: int) -> list[ChangeLogEntry]:
    with databases.session() as session:
        rows = list(session.scalars(select(ChangeLogEntry).where(ChangeLogEntry.entity == "staff",
                                                                 ChangeLogEntry.entity_id == str(staff_id))
                                    .order_by(ChangeLogEntry.position)))
        session.expunge_all()
        return rows


def make_user(databases, username: str, role: str = "opd", **scope) -> int:
    with databases.transaction() as session:
        scope = scope or ({"opd_code": "DISHUB"} if role == "opd" else {})
        return create_user(session, username, "password-123", role, **scope).id


# --- writes and their change log ---------------------------------------------------------------------

def test_registering_logs_ids_codes_and_state_by_the_actor_never_the_name_or_nip(run, databases):
    head = run(service.register, person(1), now=NOW)
    clerk = run(service.register, person(2, head, active=True), now=NOW)
    [entry] = log_of(databases, clerk)
    assert (entry.operation, entry.actor, entry.schema_version) == ("upsert", "admin-bkpsdm", 1)
    assert tuple(entry.payload) == KEYS
    assert entry.payload == {"id": clerk, "opd_code": "DISHUB", "unit": "Bidang Uji", "supervisor_id": head,
                             "active": True, "has_user": False, "updated_at": "2026-11-30T03:00:00+00:00"}
    assert nip(2) not in str(entry.payload) and "Pegawai" not in str(entry.payload)


def test_changes_links_and_deactivation_each_log_the_new_state(run, databases, tree):
    make_user(databases, "kasi-uji")
    later = NOW.replace(hour=5)
    run(service.update, tree["clerk"], {"unit": "Bidang Baru", "supervisor_id": tree["division"]}, now=later)
    run(service.link_user, tree["clerk"], "kasi-uji", now=later)
    run(service.unlink_user, tree["clerk"], now=later, actor=Viewer(user_id="cli:x", username="cli:x", role="system"))
    run(service.deactivate, tree["clerk"], now=later)
    entries = log_of(databases, tree["clerk"])
    assert [(e.payload["unit"], e.payload["supervisor_id"], e.payload["has_user"], e.payload["active"], e.actor)
            for e in entries[1:]] == [("Bidang Baru", tree["division"], False, True, "admin-bkpsdm"),
                                      ("Bidang Baru", tree["division"], True, True, "admin-bkpsdm"),
                                      ("Bidang Baru", tree["division"], False, True, "cli:x"),
                                      ("Bidang Baru", tree["division"], False, False, "admin-bkpsdm")]
    assert entries[-1].payload["updated_at"] == "2026-11-30T05:00:00+00:00"


def test_a_call_that_changes_nothing_writes_nothing(run, tree, untouched):
    before = untouched()
    run(service.update, tree["clerk"], {"unit": "Bidang Uji", "active": True})
    run(service.unlink_user, tree["clerk"])
    assert untouched() == before


@pytest.mark.parametrize("form,field,code", [
    (person(9, nip="198503122010013003"), "nip", "staff_nip_sex"),
    (person(9, nip="19850312201001100"), "nip", "staff_nip_format"),
    (person(9, opd_code="DISHUBX"), "opd_code", "staff_unknown_opd"),
    (person(9, supervisor_id=987654), "supervisor_id", "staff_unknown_supervisor"),
    (person(9, supervisor_id=True), "supervisor_id", "staff_bad_id"),
    (person(9, name=""), "name", "staff_required"),
    (person(9, unit="x" * 101), "unit", "staff_text_too_long"),
    (person(9, active="perhaps"), "active", "staff_not_boolean"),
    (person(9, user_id=1), "user_id", "staff_unknown_field"),
])
def test_a_bad_person_is_refused_naming_the_field(run, tree, untouched, form, field, code):
    before = untouched()
    with pytest.raises(StaffValidationError) as refused:
        run(service.register, form)
    assert (refused.value.field, refused.value.code) == (field, code)
    assert untouched() == before


def test_a_taken_nip_is_a_conflict(run, tree, untouched):
    before = untouched()
    with pytest.raises(StaffConflict) as refused:
        run(service.register, person(4))
    assert (refused.value.field, refused.value.code, refused.value.params) == ("nip", "staff_nip_taken",
                                                                               {"id": tree["section"]})
    assert untouched() == before


def test_an_active_person_needs_an_active_supervisor(run, tree):
    with pytest.raises(StaffValidationError) as refused:
        run(service.register, person(9, tree["leaver"]))
    assert (refused.value.field, refused.value.code) == ("supervisor_id", "staff_supervisor_inactive")
    assert run(service.register, person(9, tree["leaver"], active=False))  # a record of someone who left


def test_a_supervisor_loop_is_refused(run, databases, tree, untouched):
    before = untouched()
    for supervisor, code in ((tree["clerk"], "staff_supervisor_loop"), (tree["section"], "staff_supervisor_loop"),
                             (tree["head"], "staff_supervisor_self")):
        with pytest.raises(StaffValidationError) as refused:
            run(service.update, tree["head"], {"supervisor_id": supervisor})
        assert (refused.value.field, refused.value.code) == ("supervisor_id", code)
    assert untouched() == before
    run(service.update, tree["section"], {"supervisor_id": tree["other_division"]})  # a move sideways is fine
    with databases.session() as session:
        assert hierarchy.supervisor_chain(session, tree["clerk"]) == [tree[k] for k in ("section", "other_division",
                                                                                       "head")]


def test_only_an_administrator_writes(run, tree, untouched):
    before = untouched()
    for actor in (OPD_OFFICER, Viewer(user_id="p", username="pimpinan", role="pimpinan")):
        with pytest.raises(StaffAccessDenied) as refused:
            run(service.update, tree["clerk"], {"unit": "Bidang Lain"}, actor=actor)
        assert (refused.value.field, refused.value.code) == ("actor", "staff_admin_only")
    assert untouched() == before


def test_one_user_one_person(run, databases, tree, untouched):
    make_user(databases, "satu")
    make_user(databases, "dua")
    run(service.link_user, tree["clerk"], "satu")
    before = untouched()
    for staff_id, username, kind, code in (
            (tree["section"], "satu", StaffConflict, "staff_user_linked"),
            (tree["clerk"], "dua", StaffConflict, "staff_has_user"),
            (tree["clerk"], "tidak-ada", StaffValidationError, "staff_user_unknown")):
        with pytest.raises(kind) as refused:
            run(service.link_user, staff_id, username)
        assert (refused.value.field, refused.value.code) == ("username", code)
    assert untouched() == before
    run(service.link_user, tree["clerk"], "satu")  # again: nothing to do
    assert untouched() == before


def test_an_unknown_person_is_not_found(run):
    with pytest.raises(StaffNotFound) as refused:
        run(service.update, 424242, {"unit": "X"})
    assert (refused.value.field, refused.value.code) == ("staff_id", "staff_not_found")


# --- the hierarchy -----------------------------------------------------------------------------------

def test_the_subtree_with_and_without_the_people_who_left(databases, tree):
    with databases.session() as session:
        assert hierarchy.subtree_ids(session, tree["head"]) == {tree[k] for k in tree if k != "head"}
        assert hierarchy.subtree_ids(session, tree["head"], active_only=True) == {
            tree[k] for k in ("division", "other_division", "section", "clerk")}
        assert hierarchy.subtree_ids(session, tree["section"]) == {tree["clerk"], tree["leaver"], tree["temp"]}
        assert hierarchy.subtree_ids(session, tree["clerk"]) == set()
        assert hierarchy.is_below(session, tree["head"], tree["temp"])
        assert not hierarchy.is_below(session, tree["other_division"], tree["clerk"])
        assert hierarchy.supervisor_chain(session, tree["temp"]) == [tree[k] for k in ("leaver", "section",
                                                                                      "division", "head")]
        assert [p.id for p in hierarchy.direct_reports(session, tree["section"])] == [tree["clerk"]]
        assert hierarchy.would_loop(session, tree["division"], tree["temp"])
        assert not hierarchy.would_loop(session, tree["temp"], tree["other_division"])


def test_a_user_finds_his_record(run, databases, tree):
    user_id = make_user(databases, "kabid")
    run(service.link_user, tree["division"], "kabid")
    with databases.session() as session:
        assert hierarchy.staff_of_user(session, user_id).id == tree["division"]
        assert hierarchy.staff_of_user(session, None) is None
        assert session.scalar(select(User.id).where(User.username == "kabid")) == user_id


# --- who reads whom ----------------------------------------------------------------------------------

def test_readers_see_themselves_their_subtree_their_opd_or_everyone(run, databases, tree):
    dlh_head = run(service.register, person(20, opd_code="DLH"))
    user_id = make_user(databases, "kabid-lurah", role="lurah", kelurahan_code="35.78.07.1004")
    run(service.link_user, tree["division"], "kabid-lurah")
    kabid = Viewer(user_id=str(user_id), username="kabid-lurah", role="lurah", kelurahan_code="35.78.07.1004")
    camat = Viewer(user_id="77", username="camat", role="camat", kecamatan_code="35.78.07")
    wall = Viewer(user_id="kiosk:1", username="kiosk:wall", role="wall")
    everyone = set(tree.values()) | {dlh_head}
    below_kabid = {tree[k] for k in ("division", "section", "clerk", "leaver", "temp")}
    with databases.session() as session:
        def listed(viewer, **where):
            return {row["id"] for row in reads.list_staff(session, viewer, reads.StaffFilter(**where), 200)[1]}

        assert listed(ADMIN) == everyone and listed(Viewer(user_id="p", username="p", role="pimpinan")) == everyone
        assert listed(OPD_OFFICER) == set(tree.values())
        assert listed(kabid) == below_kabid
        assert listed(kabid, active=True) == below_kabid - {tree["leaver"]}  # the temp under him is active
        assert listed(camat) == set() and listed(wall) == set()
        assert listed(ADMIN, opd_code="DLH") == {dlh_head}
        assert listed(ADMIN, name_contains="uji 2") == {tree["division"], dlh_head}
        assert listed(ADMIN, name_contains="%") == set()  # a wildcard is a character
        for staff_id in everyone:
            record = session.get(Staff, staff_id)
            assert access.may_read(session, kabid, record) is (staff_id in below_kabid)
            assert access.may_read(session, OPD_OFFICER, record) is (staff_id != dlh_head)
            assert not access.may_read(session, wall, record) and not access.may_read(session, camat, record)
        with pytest.raises(StaffAccessDenied):
            reads.read_person(session, kabid, tree["head"])
        mine = reads.my_record(session, kabid)
        assert mine["staff"]["id"] == tree["division"] and mine["staff"]["username"] == "kabid-lurah"
        assert [p["id"] for p in mine["direct_reports"]] == [tree["section"]]
        with pytest.raises(StaffNotFound):
            reads.my_record(session, camat)
    run(service.deactivate, tree["division"])
    with databases.session() as session:  # who left sees himself only
        assert {row["id"] for row in reads.list_staff(session, kabid, reads.StaffFilter())[1]} == {tree["division"]}
