"""The NIP (Nomor Induk Pegawai) of a civil servant: 18 digits, as BKN issues it.

    19850312 201001 1 003
    birth date (YYYYMMDD), appointment as CPNS (YYYYMM), sex (1 male, 2 female), serial (001-999)

`nip_problem` names the first thing wrong with a NIP (a message code of messages.py and its
values), or None when it can be one; `nip_parts` reads a good one; `make_nip` writes one.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

NIP_LENGTH = 18
MIN_APPOINTMENT_AGE = 18  # a CPNS is at least 18 (UU ASN 20/2023 art. 29: 18 to 35 at application)
SEXES = {"1": "male", "2": "female"}


@dataclass(frozen=True)
class NipParts:
    birth_date: date
    appointed: date      # the first day of the appointment month
    sex: str             # male | female
    serial: int


def nip_problem(nip: str, today: date) -> tuple[str, dict] | None:
    """(message code, values) of the first problem of `nip`, or None when it is a possible NIP."""
    if not re.fullmatch(r"[0-9]{18}", nip or ""):  # not \d: "١٩٨٥..." (Arabic-Indic) is \d, and int() reads it
        return "staff_nip_format", {"length": NIP_LENGTH}
    birth = _date(nip[0:8])
    if birth is None:
        return "staff_nip_birth_date", {"digits": nip[0:8]}
    appointed = _date(nip[8:14] + "01")
    if appointed is None:
        return "staff_nip_appointment", {"digits": nip[8:14]}
    if nip[14] not in SEXES:
        return "staff_nip_sex", {"digit": nip[14]}
    if int(nip[15:18]) == 0:
        return "staff_nip_serial", {}
    if birth > today or appointed > today:
        return "staff_nip_future", {}
    if _years_between(birth, appointed) < MIN_APPOINTMENT_AGE:
        return "staff_nip_too_young", {"years": MIN_APPOINTMENT_AGE}
    return None


def nip_parts(nip: str) -> NipParts:
    """The parts of a NIP `nip_problem` found nothing wrong with."""
    return NipParts(birth_date=_date(nip[0:8]), appointed=_date(nip[8:14] + "01"), sex=SEXES[nip[14]],
                    serial=int(nip[15:18]))


def _date(digits: str) -> date | None:
    try:
        return date(int(digits[0:4]), int(digits[4:6]), int(digits[6:8]))
    except ValueError:
        return None


def _years_between(start: date, end: date) -> int:
    return end.year - start.year - ((end.month, end.day) < (start.month, start.day))


def make_nip(birth_date: date, appointed: date, sex: str, serial: int) -> str:
    """The NIP of these parts (synthetic NIPs for the demo, the sample and the tests; a real one is
    issued by BKN). `sex` is male or female; `appointed` counts by its month."""
    digit = next(code for code, name in SEXES.items() if name == sex)
    return f"{birth_date:%Y%m%d}{appointed:%Y%m}{digit}{serial:03d}"
