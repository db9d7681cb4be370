"""The budget (APBD / DPA): versions of a year (`murni` as adopted, `perubahan` as amended; the
newest is current and takes the payments) and their lines, one per OPD x sub kegiatan x account
(kode rekening) with its ceiling (pagu).

Lines come in as the file a SIPD export looks like, CSV or XLSX, with the columns of `COLUMNS`:
all or nothing. Every bad field of every row is reported (a RowError: line number, field, code) and
nothing is written; a file is fixed in one round. `export_xlsx` writes the same columns, so an
exported budget imports back to the same lines (round trip).
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import func, select, update
from sqlalchemy.orm import Session

from core.clock import now_or
from core.reference import Opd
from core.users import Viewer
from modules.planning.budget_models import PlanningBudgetLine, PlanningBudgetVersion
from modules.planning.budget_snapshot import begin_write, log_budget_lines
from modules.planning.codes import account_problem, sub_kegiatan_problem
from modules.planning.errors import PlanningImportError, PlanningNotFound, PlanningValidationError, RowError
from modules.planning.models import PlanningNomenclature
from modules.planning.plan import checked_year, require_planner, rupiah_problem, whole_rupiah

MURNI, PERUBAHAN = "murni", "perubahan"
VERSIONS = (MURNI, PERUBAHAN)
COLUMNS = ("kode_sub_kegiatan", "nama_sub_kegiatan", "kode_opd", "kode_rekening", "nama_rekening", "pagu")
CSV, XLSX = "csv", "xlsx"
FORMATS = (CSV, XLSX)
MAX_ROWS = 200_000                    # a city's DPA has tens of thousands of lines
NAME_LIMIT = PlanningBudgetLine.account_name.type.length
SHEET_TITLE = "DPA"


# --- versions -----------------------------------------------------------------------------------

def version_by_id(session: Session, version_id, field: str = "version_id") -> PlanningBudgetVersion:
    found = session.get(PlanningBudgetVersion, version_id) if isinstance(version_id, int) else None
    if found is None:
        raise PlanningNotFound(field, "planning_not_found", thing="budget version", key=version_id)
    return found


def create_version(session: Session, actor: Viewer, *, year, version, adopted_on: date | None = None,
                   now: datetime | None = None) -> PlanningBudgetVersion:
    """A new version of `year`, current from now on (a perubahan follows its murni); the lines of
    the version it replaces are re-logged, their `is_current` having changed."""
    require_planner(actor, "make budget versions")
    begin_write(session)
    year = checked_year("year", year)
    if version not in VERSIONS:
        raise PlanningValidationError("version", "planning_not_a_choice", value=version, choices=", ".join(VERSIONS))
    existing = {row.version: row for row in session.scalars(select(PlanningBudgetVersion)
                                                             .where(PlanningBudgetVersion.year == year))}
    if version in existing:
        raise PlanningValidationError("version", "planning_version_exists", year=year, version=version)
    if version == PERUBAHAN and MURNI not in existing:
        raise PlanningValidationError("version", "planning_version_order", year=year)
    replaced = [row for row in existing.values() if row.is_current]
    session.execute(update(PlanningBudgetVersion).where(PlanningBudgetVersion.year == year)
                    .values(is_current=False))
    for row in replaced:
        session.refresh(row)
        log_budget_lines(session, row)
    created = PlanningBudgetVersion(year=year, version=version, adopted_on=adopted_on, is_current=True,
                                    created_at=now_or(now))
    session.add(created)
    session.flush()
    return created


def current_version(session: Session, year: int) -> PlanningBudgetVersion | None:
    return session.scalar(select(PlanningBudgetVersion).where(PlanningBudgetVersion.year == year,
                                                              PlanningBudgetVersion.is_current.is_(True)))


def line_by_id(session: Session, line_id, field: str = "line_id") -> PlanningBudgetLine:
    found = session.get(PlanningBudgetLine, line_id) if isinstance(line_id, int) else None
    if found is None:
        raise PlanningNotFound(field, "planning_not_found", thing="budget line", key=line_id)
    return found


# --- import -------------------------------------------------------------------------------------

@dataclass(frozen=True)
class ImportedLine:
    row: int
    opd_code: str
    sub_kegiatan_code: str
    account_code: str
    account_name: str
    ceiling_rupiah: int


def import_lines(session: Session, actor: Viewer, version_id: int, data: bytes, kind: str) -> int:
    """The lines of a file (CSV or XLSX, `COLUMNS`) into an empty version: their count. Any bad
    field of any row refuses the whole file (PlanningImportError listing every one)."""
    require_planner(actor, "import the budget")
    begin_write(session)
    version = version_by_id(session, version_id)
    present = session.scalar(select(func.count()).select_from(PlanningBudgetLine)
                             .where(PlanningBudgetLine.version_id == version.id))
    if present:
        raise PlanningValidationError("version_id", "planning_version_has_lines", year=version.year,
                                      version=version.version, count=present)
    found = checked_lines(session, read_rows(data, kind))
    lines = [PlanningBudgetLine(version_id=version.id, opd_code=each.opd_code, sub_kegiatan_code=each.sub_kegiatan_code,
                                account_code=each.account_code, account_name=each.account_name,
                                ceiling_rupiah=each.ceiling_rupiah) for each in found]
    session.add_all(lines)
    return log_budget_lines(session, version, lines)


def read_rows(data: bytes, kind: str) -> list[tuple[int, dict]]:
    """[(line number, {column: value})] of the file; the header is line 1 and must hold `COLUMNS`."""
    if kind not in FORMATS:
        raise PlanningValidationError("format", "planning_not_a_choice", value=kind, choices=", ".join(FORMATS))
    header, rows = _csv_rows(data) if kind == CSV else _xlsx_rows(data)
    names = [str(cell or "").strip().lower() for cell in header]
    missing = [column for column in COLUMNS if column not in names]
    if missing:
        raise PlanningImportError([RowError(1, column, "planning_import_columns", {
            "missing": ", ".join(missing), "expected": ", ".join(COLUMNS)}) for column in missing])
    found = []
    for number, cells in rows:
        if all(cell is None or str(cell).strip() == "" for cell in cells):
            continue  # a blank line between blocks, as spreadsheets leave them
        found.append((number, {name: (cells[i] if i < len(cells) else None) for i, name in enumerate(names)}))
    if not found:
        raise PlanningImportError([RowError(1, "file", "planning_import_empty")])
    if len(found) > MAX_ROWS:
        raise PlanningImportError([RowError(found[MAX_ROWS][0], "file", "planning_import_too_many",
                                            {"limit": MAX_ROWS})])
    return found


def checked_lines(session: Session, rows: list[tuple[int, dict]]) -> list[ImportedLine]:
    sub_kegiatan = set(session.scalars(select(PlanningNomenclature.code)
                                       .where(PlanningNomenclature.level == "sub_kegiatan")))
    opd = set(session.scalars(select(Opd.code)))
    errors: list[RowError] = []
    first_row: dict[tuple, int] = {}
    lines = []
    for number, cells in rows:
        problems = _row_problems(cells, sub_kegiatan, opd)
        key = tuple(_text(cells[column]) for column in ("kode_opd", "kode_sub_kegiatan", "kode_rekening"))
        if not problems and key in first_row:
            problems.append(("kode_rekening", "planning_import_duplicate", {"first": first_row[key]}))
        first_row.setdefault(key, number)
        errors.extend(RowError(number, field, code, params) for field, code, params in problems)
        if not problems:
            lines.append(ImportedLine(number, key[0], key[1], key[2], _text(cells["nama_rekening"]),
                                      whole_rupiah(_number(cells["pagu"]))))
    if errors:
        raise PlanningImportError(errors)
    return lines


def _row_problems(cells: dict, sub_kegiatan: set[str], opd: set[str]) -> list[tuple[str, str, dict]]:
    """Every bad field of one row as (field, code, parameters)."""
    code = _text(cells["kode_sub_kegiatan"])
    unknown = None if code in sub_kegiatan else ("planning_sub_kegiatan_unknown", {"value": code})
    opd_code = _text(cells["kode_opd"])
    found = {"kode_sub_kegiatan": sub_kegiatan_problem(code) or unknown,
             "kode_opd": None if opd_code in opd else ("planning_opd_unknown", {"value": opd_code}),
             "kode_rekening": account_problem(_text(cells["kode_rekening"])),
             "nama_sub_kegiatan": _name_problem(cells["nama_sub_kegiatan"]),
             "nama_rekening": _name_problem(cells["nama_rekening"]),
             "pagu": rupiah_problem(_number(cells["pagu"]))}
    return [(field, *problem) for field, problem in found.items() if problem is not None]


def _name_problem(value) -> tuple[str, dict] | None:
    name = _text(value)
    if not name:
        return "planning_required", {}
    return ("planning_text_too_long", {"limit": NAME_LIMIT}) if len(name) > NAME_LIMIT else None


def _text(value) -> str:
    return "" if value is None else str(value).strip()


def _number(value):
    """A ceiling as the file gives it: a number, or its digits as text."""
    return value.strip() if isinstance(value, str) else value


def _csv_rows(data: bytes) -> tuple[list, list[tuple[int, list]]]:
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise PlanningImportError([RowError(1, "file", "planning_import_unreadable", {"kind": "CSV (UTF-8)"})]) \
            from None
    first_line = text.split("\n", 1)[0]
    delimiter = ";" if first_line.count(";") > first_line.count(",") else ","   # SIPD saves either
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    header = next(reader, [])
    rows = []
    for cells in reader:
        rows.append((reader.line_num, cells))
    return header, rows


def _xlsx_rows(data: bytes) -> tuple[list, list[tuple[int, list]]]:
    from openpyxl import load_workbook

    try:
        book = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception:  # noqa: BLE001 - openpyxl raises many kinds for a file that is no workbook
        raise PlanningImportError([RowError(1, "file", "planning_import_unreadable", {"kind": "XLSX"})]) from None
    try:
        sheet = book.worksheets[0]
        rows = [(number, list(cells)) for number, cells in enumerate(sheet.iter_rows(values_only=True), start=1)]
    finally:
        book.close()
    return (rows[0][1] if rows else []), rows[1:]


# --- export -------------------------------------------------------------------------------------

def export_rows(session: Session, version: PlanningBudgetVersion, opd_code: str | None = None) -> list[tuple]:
    """The version's lines as `COLUMNS` rows, in code order (an OPD's only, when given)."""
    query = (select(PlanningBudgetLine.sub_kegiatan_code, PlanningNomenclature.name, PlanningBudgetLine.opd_code,
                    PlanningBudgetLine.account_code, PlanningBudgetLine.account_name,
                    PlanningBudgetLine.ceiling_rupiah)
             .join(PlanningNomenclature, PlanningNomenclature.code == PlanningBudgetLine.sub_kegiatan_code)
             .where(PlanningBudgetLine.version_id == version.id)
             .order_by(PlanningBudgetLine.opd_code, PlanningBudgetLine.sub_kegiatan_code,
                       PlanningBudgetLine.account_code))
    if opd_code is not None:
        query = query.where(PlanningBudgetLine.opd_code == opd_code)
    return [tuple(row[:5]) + (int(row[5]),) for row in session.execute(query)]


def export_xlsx(session: Session, version: PlanningBudgetVersion, opd_code: str | None = None) -> bytes:
    """The version as an XLSX workbook of `COLUMNS` (codes as text, ceilings as whole numbers)."""
    from openpyxl import Workbook

    book = Workbook(write_only=True)
    sheet = book.create_sheet(SHEET_TITLE)
    sheet.append(list(COLUMNS))
    for row in export_rows(session, version, opd_code):
        sheet.append(list(row))
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()
