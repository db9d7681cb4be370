"""The registry's CSV import (modules/staff/importing.py) on both databases, and `manage.py staff`:
a file is taken whole or refused whole with every bad field of every row; a known NIP updates its
person; supervisors come from the file or the registry; loops inside the file, or closed by the
file with the registry, are refused; one change-log row per person changed, by the importer."""

from __future__ import annotations

from datetime import date, datetime, timezone

import pytest
from sqlalchemy import func, select

from core.changelog import ChangeLogEntry
from core.users import Viewer, create_user
from modules.staff import importing, service
from modules.staff.errors import StaffAccessDenied, StaffImportError
from modules.staff.models import Staff
from modules.staff.nip import make_nip

NOW = datetime(2026, 11, 30, 3, 0, tzinfo=timezone.utc)
ADMIN = Viewer(user_id="1000", username="admin-bkpsdm", role="admin")
HEADER = "nip,name,opd_code,unit,position,supervisor_nip,active\n"


def nip(serial: int, sex: str = "male") -> str:
    return make_nip(date(1978, 2, 9), date(2003, 4, 1), sex, serial)


HEAD, CHIEF, CLERK, NEWCOMER = nip(1), nip(2, "female"), nip(3), nip(4)


def line(number: str, supervisor: str = "", name: str = "Pegawai Uji", opd: str = "DLH", unit: str = "Bidang Uji",
         position: str = "Analis", active: str = "1") -> str:
    return f"{number},{name},{opd},{unit},{position},{supervisor},{active}\n"


@pytest.fixture
def run(databases):
    def call(function, *args, actor: Viewer = ADMIN, **kwargs):
        with databases.transaction() as session:
            return function(session, actor, *args, now=NOW, **kwargs)
    return call


@pytest.fixture
def state(databases):
    """state() -> {nip: (name, position, supervisor's NIP, active)} and the change-log length."""
    def read():
        with databases.session() as session:
            nips = dict(session.execute(select(Staff.id, Staff.nip)).all())
            people = {p.nip: (p.name, p.position, nips.get(p.supervisor_id), p.active)
                      for p in session.scalars(select(Staff))}
            return people, session.scalar(select(func.count()).select_from(ChangeLogEntry))
    return read


def refused(run, content: str) -> list[tuple[int, str, str]]:
    with pytest.raises(StaffImportError) as refusal:
        run(importing.import_staff, content)
    assert refusal.value.code == "staff_import_refused" and refusal.value.params == {"count": len(refusal.value.errors)}
    return [(e.row, e.field, e.code) for e in refusal.value.errors]


def test_a_file_registers_a_tree_whose_supervisors_come_later_in_it(run, databases, state):
    summary = run(importing.import_staff, HEADER + line(CLERK, CHIEF) + line(CHIEF, HEAD, position="Kepala Bidang")
                  + line(HEAD, position="Kepala Dinas"))
    assert (summary.created, summary.updated, summary.unchanged) == (3, 0, 0)
    people, logged = state()
    assert {n: p[2] for n, p in people.items()} == {CLERK: CHIEF, CHIEF: HEAD, HEAD: None}
    with databases.session() as session:
        entries = list(session.scalars(select(ChangeLogEntry).where(ChangeLogEntry.entity == "staff")))
    assert logged == 3 and {e.actor for e in entries} == {"admin-bkpsdm"}
    ids = {p.nip: p.id for p in databases.session().scalars(select(Staff))}
    assert {e.entity_id: e.payload["supervisor_id"] for e in entries} == {
        str(ids[CLERK]): ids[CHIEF], str(ids[CHIEF]): ids[HEAD], str(ids[HEAD]): None}

    again = run(importing.import_staff, HEADER + line(HEAD, position="Kepala Dinas") + line(CLERK, CHIEF)
                + line(CHIEF, HEAD, position="Kepala Bidang"))
    assert (again.created, again.updated, again.unchanged) == (0, 0, 3) and state()[1] == 3  # nothing logged


def test_a_known_nip_updates_its_person_and_a_supervisor_may_be_registered_already(run, databases, state):
    run(importing.import_staff, HEADER + line(HEAD) + line(CHIEF, HEAD))
    with databases.transaction() as session:
        create_user(session, "kabid", "password-123", "opd", opd_code="DLH")
    with databases.transaction() as session:
        service.link_user(session, ADMIN, service.find_by_nip(session, CHIEF).id, "kabid")
    summary = run(importing.import_staff, "\ufeff" + HEADER.replace(",", ";") + f"{CHIEF};Nama Baru;DLH;Bidang Uji;"
                  f"Kepala Bidang;{HEAD};ya\n{NEWCOMER};Pegawai Baru;DLH;Bidang Uji;Analis;{CHIEF};\n")
    assert (summary.created, summary.updated, summary.unchanged) == (1, 1, 0)
    people, _ = state()
    assert people[CHIEF] == ("Nama Baru", "Kepala Bidang", HEAD, True) and people[NEWCOMER][2:] == (CHIEF, True)
    with databases.session() as session:
        assert service.find_by_nip(session, CHIEF).user_id is not None  # the link is kept


def test_every_bad_field_of_every_row_is_named_and_nothing_is_written(run, state):
    run(importing.import_staff, HEADER + line(HEAD))
    before = state()
    content = HEADER + "".join([
        line("198503122010013003", HEAD),                         # 2: the sex digit
        line(CHIEF, "999999999999999999", name=""),               # 3: no name, an unknown supervisor NIP
        line(CLERK, CLERK, opd="DISHUBX", active="kadang"),       # 4: his own supervisor, OPD, active
        line(CHIEF, HEAD, unit="x" * 101),                        # 5: the NIP again, the unit too long
        line(NEWCOMER, "198001011999011001"),                     # 6: a supervisor nobody knows
    ])
    assert refused(run, content) == [
        (2, "nip", "staff_nip_sex"),
        (3, "name", "staff_required"), (3, "supervisor_nip", "staff_unknown_supervisor"),
        (4, "opd_code", "staff_unknown_opd"), (4, "supervisor_nip", "staff_supervisor_self"),
        (4, "active", "staff_not_boolean"),
        (5, "nip", "staff_duplicate_nip"), (5, "unit", "staff_text_too_long"),
        (6, "supervisor_nip", "staff_unknown_supervisor")]
    assert state() == before


def test_a_loop_inside_the_file_is_refused(run, state):
    content = HEADER + line(HEAD, CLERK) + line(CHIEF, HEAD) + line(CLERK, CHIEF) + line(NEWCOMER, CLERK)
    assert refused(run, content) == [(2, "supervisor_nip", "staff_loop_in_file"),
                                     (3, "supervisor_nip", "staff_loop_in_file"),
                                     (4, "supervisor_nip", "staff_loop_in_file")]  # not row 5: it hangs off it
    assert state()[0] == {}


def test_a_loop_the_file_closes_with_the_registry_is_refused(run, state):
    run(importing.import_staff, HEADER + line(HEAD) + line(CHIEF, HEAD) + line(CLERK, CHIEF))
    before = state()
    with pytest.raises(StaffImportError) as refusal:
        run(importing.import_staff, HEADER + line(HEAD, CLERK))  # the registry has CLERK under CHIEF under HEAD
    [error] = refusal.value.errors
    assert (error.row, error.field, error.code) == (2, "supervisor_nip", "staff_loop_in_file")
    assert error.params["nips"].split(" -> ") in ([HEAD, CLERK, CHIEF], [HEAD, CHIEF, CLERK])
    assert state() == before
    # the same file that also moves the clerk from under the chief closes no loop
    summary = run(importing.import_staff, HEADER + line(HEAD, CLERK) + line(CLERK))
    assert summary.updated == 2 and state()[0][HEAD][2] == CLERK


def test_an_active_person_needs_an_active_supervisor(run):
    content = HEADER + line(HEAD, active="0") + line(CHIEF, HEAD) + line(CLERK, HEAD, active="0")
    assert refused(run, content) == [(3, "supervisor_nip", "staff_supervisor_inactive")]


def test_the_header_and_an_empty_file_are_refused(run):
    assert refused(run, "nip,name,opd_code\n" + line(HEAD)) == [(1, "header", "staff_import_header")]
    assert refused(run, HEADER) == [(1, "file", "staff_import_empty")]
    assert refused(run, HEADER + "\n" + line(HEAD, name="")) == [(3, "name", "staff_required")]  # its real line


def test_only_an_administrator_imports(run, state):
    with pytest.raises(StaffAccessDenied):
        run(importing.import_staff, HEADER + line(HEAD),
            actor=Viewer(user_id="5", username="dlh", role="opd", opd_code="DLH"))
    assert state() == ({}, 0)


# --- manage.py staff --------------------------------------------------------------------------------

@pytest.fixture
def manage(database_urls, monkeypatch, tmp_path):
    import manage as cli

    monkeypatch.setattr(cli, "instance_folder", lambda: tmp_path / "instance")
    monkeypatch.setenv("PANTAU_DATABASE__URL", database_urls[0])
    monkeypatch.setenv("PANTAU_DATABASE__WAREHOUSE_URL", database_urls[1])
    monkeypatch.setenv("PANTAU_DEMO__LOAD_DEMO_DATA", "false")
    return lambda *args: cli.main(list(args))


def test_the_command_line_imports_and_links(manage, databases, tmp_path, capsys):
    good, bad = tmp_path / "good.csv", tmp_path / "bad.csv"
    good.write_text(HEADER + line(HEAD) + line(CHIEF, HEAD))
    bad.write_text(HEADER + line(CLERK, "123"))
    assert manage("staff", "import", str(bad)) == 1
    assert "row 2, supervisor_nip: no registered supervisor 123" in capsys.readouterr().err
    assert manage("staff", "import", str(good)) == 0
    assert "2 registered, 0 updated, 0 unchanged" in capsys.readouterr().out
    with databases.transaction() as session:
        create_user(session, "kadis", "password-123", "opd", opd_code="DLH")
    assert manage("staff", "link-user", HEAD, "kadis") == 0
    assert manage("staff", "link-user", CHIEF, "kadis") == 1
    assert "linked to staff" in capsys.readouterr().err
    assert manage("staff", "link-user", NEWCOMER, "kadis") == 1
    with databases.session() as session:
        head = service.find_by_nip(session, HEAD)
        entries = list(session.scalars(select(ChangeLogEntry).where(ChangeLogEntry.entity_id == str(head.id))
                                       .order_by(ChangeLogEntry.position)))
    assert head.user_id is not None and entries[-1].payload["has_user"] is True
    assert {e.actor for e in entries} <= {entries[0].actor} and entries[0].actor.startswith("cli:")
    assert manage("staff", "unlink-user", HEAD) == 0
