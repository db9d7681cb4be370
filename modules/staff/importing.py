"""The staff registry from a file (BKPSDM's export): a CSV file with the columns below (UTF-8, a
header row, one person a row; a comma or, as a spreadsheet set to Indonesian writes it, a
semicolon between fields). The file is taken whole or not at all: every bad field of every row is
named (row, column, reason) and nothing is written, so the file is fixed in one round.

    nip,name,opd_code,unit,position,supervisor_nip,active
    197203151998031002,Budi Santoso,DISHUB,Pimpinan,Kepala Dinas,,1
    198507222010012001,Siti Aminah,DISHUB,Bidang Lalu Lintas,Kepala Bidang,197203151998031002,1

- `nip`: required, a valid NIP (nip.py: 18 digits, birth date, appointment month, sex, serial),
  once per file. A NIP already registered updates that person; a new one registers him. (Contract
  staff without a NIP are registered one by one, through the API.)
- `name`, `unit`, `position`: required, at most 100 characters each.
- `opd_code`: an OPD of the reference table (reference/opd.csv), e.g. DISHUB.
- `supervisor_nip`: blank (no supervisor: the head of an OPD), or the NIP of a row of the file or
  of someone registered; not the row's own. The chain of supervisors the file makes, with the
  people registered before, must not loop. An active person's supervisor must be active.
- `active`: 1 or 0 (also ya/tidak, true/false, aktif/nonaktif); blank is 1.

A row sets every column of its person: a blank supervisor_nip removes his supervisor. The link to a
Pantau user is kept. People the file does not name stay as they are. Each person whose record
changes gets one change-log row, by the importing actor.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from core.changelog import take_writer_lock
from core.clock import city_today, now_or
from core.errors import RowError
from core.users import Viewer
from modules.staff import checks
from modules.staff.access import require_writer
from modules.staff.errors import StaffImportError, StaffValidationError
from modules.staff.models import Staff
from modules.staff.service import known_opd_codes, log_change
from modules.staff.snapshot import ENTITY

COLUMNS = ("nip", "name", "opd_code", "unit", "position", "supervisor_nip", "active")
FIELDS = ("name", "opd_code", "unit", "position", "active")  # what a row sets besides the supervisor
FIRST_ROW = 2  # the header is row 1
CHUNK = 500     # NIPs per IN (...) list


@dataclass(frozen=True)
class StaffRow:
    """One person as read and checked; `row` is the file's line. A bad field is None (and the
    import refused): the row's other fields are still checked against the rest of the file."""

    row: int
    nip: str | None
    name: str | None
    opd_code: str | None
    unit: str | None
    position: str | None
    supervisor_nip: str | None
    active: bool | None


@dataclass(frozen=True)
class ImportSummary:
    created: int
    updated: int
    unchanged: int


@dataclass(frozen=True)
class _Registered:
    """A person registered before the import, as the hierarchy checks need him."""

    id: int
    nip: str | None
    supervisor_id: int | None
    active: bool


def import_staff(session: Session, actor: Viewer, content: str | bytes, now: datetime | None = None,
                 progress: Callable[[int], None] | None = None) -> ImportSummary:
    """The file's people, registered or updated; StaffImportError (nothing written) otherwise.
    `progress(1)` is called after each row is written (the command line's progress bar)."""
    return import_rows(session, actor, read_rows(content), now=now, progress=progress)


def import_rows(session: Session, actor: Viewer, rows: list[dict], now: datetime | None = None,
                progress: Callable[[int], None] | None = None) -> ImportSummary:
    """As import_staff, from rows already split into COLUMNS (the demo's, the seeder's)."""
    require_writer(actor)
    take_writer_lock(session, ENTITY)
    now = now_or(now)
    if not rows:
        raise StaffImportError([RowError(1, "file", "staff_import_empty")])
    checked, errors = check_rows(rows, known_opd_codes(session), city_today(now))
    registered = {person.id: person for person in _registered(session)}
    errors += _hierarchy_errors(checked, registered)
    if errors:
        raise StaffImportError(sorted(errors, key=lambda error: (error.row, COLUMNS.index(error.field)
                                                                  if error.field in COLUMNS else 0)))
    known_ids = {person.nip: person.id for person in registered.values() if person.nip}
    return _write(session, actor, checked, known_ids, now, progress or (lambda _n: None))


def read_rows(content: str | bytes) -> list[dict]:
    """The file's rows as {column: text} and their line ("_line", blank lines skipped);
    StaffImportError when the header lacks a column or no row follows it."""
    text = content.decode("utf-8-sig") if isinstance(content, bytes) else content.lstrip("\ufeff")
    header = text.split("\n", 1)[0]
    reader = csv.DictReader(io.StringIO(text), delimiter=";" if ";" in header and "," not in header else ",")
    reader.fieldnames = [name.strip().lower() for name in reader.fieldnames or []]
    missing = [column for column in COLUMNS if column not in reader.fieldnames]
    if missing:
        raise StaffImportError([RowError(1, "header", "staff_import_header",
                                         {"missing": ", ".join(missing), "expected": ",".join(COLUMNS)})])
    rows = [{"_line": reader.line_num, **{column: (raw.get(column) or "") for column in COLUMNS}} for raw in reader]
    if not rows:
        raise StaffImportError([RowError(1, "file", "staff_import_empty")])
    return rows


def check_rows(rows: list[dict], known_opd: set[str], today: date) -> tuple[list[StaffRow], list[RowError]]:
    """Every row as read (a bad field None) and each bad field of each row, one RowError each; a
    NIP once per file."""
    read, errors, first_seen = [], [], {}
    for position, values in enumerate(rows, start=FIRST_ROW):
        number = values.get("_line", position)
        row, problems = _row(number, values, known_opd, today)
        nip = str(values.get("nip") or "").strip()
        if nip in first_seen:
            problems.append(RowError(number, "nip", "staff_duplicate_nip", {"row": first_seen[nip]}))
        elif nip:
            first_seen[nip] = number
        errors += problems
        read.append(row)
    return read, errors


def to_csv(rows: list[dict]) -> str:
    """Rows of COLUMNS as the file this module reads (the demo's and the tests' files)."""
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=COLUMNS, lineterminator="\n", extrasaction="ignore")
    writer.writeheader()
    writer.writerows({**row, "supervisor_nip": row.get("supervisor_nip") or "",
                      "active": "1" if row.get("active", True) in (True, "1") else "0"} for row in rows)
    return out.getvalue()


# --- one row ------------------------------------------------------------------------------------------

def _row(number: int, values: dict, known_opd: set[str], today: date) -> tuple[StaffRow, list[RowError]]:
    """The row's person (a bad field None) and its problems, one per field."""
    problems: list[RowError] = []

    def checked(check, *args, **options):
        try:
            return check(*args, **options)
        except StaffValidationError as error:
            problems.append(RowError(number, error.field, error.code, error.params))
            return None

    nip = checked(checks.nip, "nip", values.get("nip"), today)
    found = {name: checked(checks.text, name, values.get(name)) for name in ("name", "unit", "position")}
    opd_code = checked(_opd, values.get("opd_code"), known_opd)
    supervisor_nip = checked(checks.text, "supervisor_nip", values.get("supervisor_nip"), required=False)
    active = checked(checks.flag, "active", values.get("active"), default=True)
    if supervisor_nip is not None and supervisor_nip == nip:
        problems.append(RowError(number, "supervisor_nip", "staff_supervisor_self"))
    return StaffRow(number, nip, found["name"], opd_code, found["unit"], found["position"], supervisor_nip,
                    active), problems


def _opd(value, known_opd: set[str]) -> str:
    code = checks.text("opd_code", value)
    if code not in known_opd:
        raise StaffValidationError("opd_code", "staff_unknown_opd", value=code)
    return code


# --- the hierarchy the file makes -----------------------------------------------------------------------

def _registered(session: Session) -> list[_Registered]:
    return [_Registered(int(i), nip, None if boss is None else int(boss), bool(active)) for i, nip, boss, active
            in session.execute(select(Staff.id, Staff.nip, Staff.supervisor_id, Staff.active))]


def _hierarchy_errors(rows: list[StaffRow], registered: dict[int, _Registered]) -> list[RowError]:
    """Each row's supervisor: known (a good NIP of the file or someone registered), active when the
    row is, and no loop in the tree the file and the registry make together. A NIP's first row
    speaks for it (a second one is refused as a duplicate)."""
    in_file: dict[str, StaffRow] = {}
    for row in rows:
        if row.nip is not None:
            in_file.setdefault(row.nip, row)
    by_nip = {person.nip: person for person in registered.values() if person.nip}
    errors = []
    for row in rows:
        boss = row.supervisor_nip
        if boss is None or boss == row.nip:
            continue
        if boss not in in_file and boss not in by_nip:
            errors.append(RowError(row.row, "supervisor_nip", "staff_unknown_supervisor", {"value": boss}))
        elif row.active and (in_file[boss].active if boss in in_file else by_nip[boss].active) is False:
            errors.append(RowError(row.row, "supervisor_nip", "staff_supervisor_inactive", {"value": boss}))
    return errors + _loop_errors(list(in_file.values()), registered, in_file, by_nip)


def _loop_errors(rows: list[StaffRow], registered: dict[int, _Registered], in_file: dict[str, StaffRow],
                 by_nip: dict[str, _Registered]) -> list[RowError]:
    """A row on a loop of supervisors (the registry's people the file does not name keep theirs)."""
    parent = _parents(rows, registered, in_file, by_nip)
    done: set = set()
    on_loop: dict[str, list] = {}
    for row in rows:
        path, node = [], row.nip
        while node is not None and node not in done and node not in path:
            path.append(node)
            node = parent.get(node)
        if node is not None and node in path:
            loop = path[path.index(node):]
            for member in loop:
                on_loop[member] = loop
        done.update(path)
    return [RowError(row.row, "supervisor_nip", "staff_loop_in_file",
                     {"nips": " -> ".join(_label(member, registered) for member in on_loop[row.nip])})
            for row in rows if row.nip in on_loop]


def _parents(rows, registered, in_file, by_nip) -> dict:
    """Each person's supervisor after the import: a file row's NIP, or ("id", n) for someone the
    file does not name (his own supervisor is refused as such, not as a loop)."""
    def key(person: _Registered):
        return person.nip if person.nip in in_file else ("id", person.id)

    parent = {key(person): key(registered[person.supervisor_id]) for person in registered.values()
              if person.supervisor_id is not None and person.supervisor_id in registered}
    for row in rows:
        boss = row.supervisor_nip
        parent[row.nip] = None if boss == row.nip else boss if boss in in_file else \
            key(by_nip[boss]) if boss in by_nip else None
    return parent


def _label(node, registered: dict[int, _Registered]) -> str:
    return node if isinstance(node, str) else registered[node[1]].nip or f"#{node[1]}"


# --- writing ------------------------------------------------------------------------------------------------

def _write(session: Session, actor: Viewer, rows: list[StaffRow], known_ids: dict[str, int], now: datetime,
           progress: Callable[[int], None]) -> ImportSummary:
    """Registers and updates the rows' people, then their supervisors (a row may name one further
    down the file), then logs each person whose record changed."""
    existing = _existing(session, [row.nip for row in rows])
    before = {nip: _state(person) for nip, person in existing.items()}
    people = {}
    for row in rows:
        person = existing.get(row.nip) or Staff(nip=row.nip, created_at=now, updated_at=now)
        for name in FIELDS:
            setattr(person, name, getattr(row, name))
        people[row.nip] = person
    session.add_all(person for nip, person in people.items() if nip not in existing)
    session.flush()
    ids = known_ids | {nip: person.id for nip, person in people.items()}
    for row in rows:
        people[row.nip].supervisor_id = None if row.supervisor_nip is None else ids[row.supervisor_nip]
    changed = {nip for nip, person in people.items() if before.get(nip) != _state(person)}
    for nip in changed & set(existing):
        people[nip].updated_at = now
    session.flush()
    for row in rows:
        if row.nip in changed:
            log_change(session, people[row.nip], actor)
        progress(1)
    created = len(people) - len(existing)
    return ImportSummary(created=created, updated=len(changed) - created, unchanged=len(rows) - len(changed))


def _existing(session: Session, nips: list[str]) -> dict[str, Staff]:
    found = {}
    for start in range(0, len(nips), CHUNK):
        found |= {person.nip: person for person in session.scalars(select(Staff).where(
            Staff.nip.in_(nips[start:start + CHUNK])))}
    return found


def _state(person: Staff) -> tuple:
    return (person.name, person.opd_code, person.unit, person.position, person.active, person.supervisor_id)
