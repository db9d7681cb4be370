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
from modules.sipandu.errors import SipanduImportError, SipanduValidationError
from modules.sipandu.nik import check_nik
from modules.sipandu.regions import is_kecamatan

COLUMNS = ("nik", "kk", "name", "sex", "birth_date", "kelurahan_code", "rw", "rt", "address")
SEX_CODES = {"L": "male", "LAKI-LAKI": "male", "P": "female", "PEREMPUAN": "female"}
LIMITS = {"name": 100, "address": 200}
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
    """The row's resident (None when a field is unusable) and its problems, a field each."""
    problems = []

    def refuse(field: str, code: str, **params) -> None:
        problems.append(RowError(number, field, code, params))

    for column in COLUMNS:
        if not values[column]:
            refuse(column, "sipandu_required")
    for column, limit in LIMITS.items():
        if len(values[column]) > limit:
            refuse(column, "sipandu_text_too_long", limit=limit)
    sex = SEX_CODES.get(values["sex"].upper())
    if values["sex"] and sex is None:
        refuse("sex", "sipandu_unknown_choice", value=values["sex"], known="L, P")
    born = _date(values["birth_date"])
    if values["birth_date"] and born is None:
        refuse("birth_date", "sipandu_bad_date", value=values["birth_date"])
    if values["kk"] and not _is_kk(values["kk"]):
        refuse("kk", "sipandu_kk_format")
    rt_code = _rt_code(values)
    if all(values[c] for c in ("kelurahan_code", "rw", "rt")) and rt_code not in known_rt:
        refuse("rt", "sipandu_unknown_rt", kelurahan=values["kelurahan_code"], rw=values["rw"], rt=values["rt"])
    if values["nik"]:
        try:
            check_nik(values["nik"], today, birth_date=born, sex=sex)
        except SipanduValidationError as error:
            refuse("nik", error.code, **error.params)
    if problems:
        return None, problems
    return ResidentRow(number, values["nik"], values["kk"], values["name"], sex, born, rt_code, values["address"]), []


def _date(text: str) -> date | None:
    try:
        return date.fromisoformat(text) if len(text) == 10 else None
    except ValueError:
        return None


def _is_kk(number: str) -> bool:
    return (len(number) == 16 and number.isascii() and number.isdigit()
            and is_kecamatan(f"{number[0:2]}.{number[2:4]}.{number[4:6]}"))


def _rt_code(values: dict[str, str]) -> str | None:
    if not (values["rw"].isdigit() and values["rt"].isdigit()):
        return None
    return rt_unit_code(values["kelurahan_code"], int(values["rw"]), int(values["rt"]))
