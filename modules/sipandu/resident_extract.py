"""The permanent residents of the city's RTs, from a Dukcapil-style extract: a CSV file with the
columns below (UTF-8, a header row, one resident a row). The file is read whole or not at all:
every bad field of every row is named (row, column, reason) and nothing is returned, so the
kelurahan fixes the file in one round.

    nik,kk,name,sex,birth_date,kelurahan_code,rw,rt,address
    3578055207920001,3578050101150003,Siti Aminah,P,1992-07-12,35.78.05.1002,3,5,Jl. Kaliasin 12

- `sex`: L or P (LAKI-LAKI, PEREMPUAN); it and `birth_date` must be what the NIK states.
- `kelurahan_code`, `rw`, `rt`: an RT the city knows (`known_rt`, codes of core.reference.RtUnit).
- A NIK appears once per file. Its region may be anywhere in Indonesia (a NIK does not change when
  its holder moves); a KK number is 16 digits starting with a kecamatan's official code.

Demo extracts are synthetic and say so; this reads a real one the same way.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from datetime import date

from core.errors import RowError
from core.reference import rt_unit_code
from modules.sipandu import checks
from modules.sipandu.errors import SipanduImportError, SipanduValidationError
from modules.sipandu.nik import check_nik
from modules.sipandu.regions import is_kecamatan

COLUMNS = ("nik", "kk", "name", "sex", "birth_date", "kelurahan_code", "rw", "rt", "address")
SEX_CODES = {"L": "male", "LAKI-LAKI": "male", "P": "female", "PEREMPUAN": "female"}
FIRST_ROW = 2  # the header is row 1


@dataclass(frozen=True)
class ResidentRow:
    """One resident as read and checked; `row` is the file's line."""

    row: int
    nik: str
    kk: str
    name: str
    sex: str
    birth_date: date
    rt_code: str
    address: str


def read_resident_extract(content: str | bytes, known_rt: set[str], today: date) -> list[ResidentRow]:
    """Every resident of the file, or SipanduImportError with every bad field of every row."""
    text = content.decode("utf-8-sig") if isinstance(content, bytes) else content.lstrip("\ufeff")
    reader = csv.DictReader(io.StringIO(text))
    missing = [column for column in COLUMNS if column not in (reader.fieldnames or [])]
    if missing:
        raise SipanduImportError([RowError(1, "header", "sipandu_import_header",
                                           {"missing": ", ".join(missing), "expected": ",".join(COLUMNS)})])
    residents, errors, first_seen = [], [], {}
    for number, raw in enumerate(reader, start=FIRST_ROW):
        values = {column: (raw.get(column) or "").strip() for column in COLUMNS}
        resident, problems = _resident(number, values, known_rt, today)
        if values["nik"] in first_seen:
            problems.append(RowError(number, "nik", "sipandu_duplicate_nik", {"row": first_seen[values["nik"]]}))
        elif values["nik"]:
            first_seen[values["nik"]] = number
        errors += problems
        if not problems:
            residents.append(resident)
    if errors:
        raise SipanduImportError(errors)
    if not residents:
        raise SipanduImportError([RowError(1, "file", "sipandu_import_empty")])
    return residents


def _resident(number: int, values: dict[str, str], known_rt: set[str], today: date
              ) -> tuple[ResidentRow | None, list[RowError]]:
    """The row's resident (None when a field is bad) and its problems, one per field, each found
    by the field's check in checks.py."""
    problems: list[RowError] = []

    def checked(check, *args, **options):
        try:
            return check(*args, **options)
        except SipanduValidationError as error:
            problems.append(RowError(number, error.field, error.code, error.params))
            return None

    name = checked(checks.text, "name", values["name"], required=True)
    address = checked(checks.text, "address", values["address"], required=True)
    sex = checked(_sex, values["sex"])
    born = checked(checks.a_date, "birth_date", values["birth_date"], required=True)
    kk = checked(_kk, values["kk"])
    rt_code = checked(_rt_code, values, known_rt)
    nik = checked(checks.text, "nik", values["nik"], required=True, limit=64)
    if nik is not None:
        checked(check_nik, nik, today, birth_date=born, sex=sex)
    if problems:
        return None, problems
    return ResidentRow(number, nik, kk, name, sex, born, rt_code, address), []


def _sex(text: str) -> str:
    """L or P (LAKI-LAKI, PEREMPUAN), as Dukcapil writes it."""
    checks.text("sex", text, required=True, limit=16)
    if text.upper() not in SEX_CODES:
        raise SipanduValidationError("sex", "sipandu_unknown_choice", value=text, known="L, P")
    return SEX_CODES[text.upper()]


def _kk(number: str) -> str:
    """A KK number: 16 digits starting with a kecamatan's official code."""
    number = checks.text("kk", number, required=True, limit=64)
    if not (len(number) == 16 and number.isascii() and number.isdigit()
            and is_kecamatan(f"{number[0:2]}.{number[2:4]}.{number[4:6]}")):
        raise SipanduValidationError("kk", "sipandu_kk_format")
    return number


def _rt_code(values: dict[str, str], known_rt: set[str]) -> str:
    """The RT the row names, if the city knows it."""
    for field in ("kelurahan_code", "rw", "rt"):
        checks.text(field, values[field], required=True, limit=32)
    code = (rt_unit_code(values["kelurahan_code"], int(values["rw"]), int(values["rt"]))
            if all(values[f].isascii() and values[f].isdigit() for f in ("rw", "rt")) else None)  # "²" is a digit
    if code not in known_rt:
        raise SipanduValidationError("rt", "sipandu_unknown_rt", kelurahan=values["kelurahan_code"], rw=values["rw"],
                                     rt=values["rt"])
    return code
