"""The NIK (Nomor Induk Kependudukan), as Dukcapil issues it: 16 digits, lifelong.

    35 78 05 | 41 07 92 | 0001
    PP RR DD   DD MM YY   serial

PP.RR.DD is the kecamatan of first registration (Kemendagri's code), then the birth date with 40
added to the day for women, then a serial from 0001. `read_nik` checks a NIK by itself and says what
it states; `check_nik` also compares it with the birth date and sex a record states. Each failure
is a SipanduValidationError on the field `nik` with its own code.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from modules.sipandu.errors import SipanduValidationError
from modules.sipandu.regions import is_kecamatan

LENGTH = 16
WOMEN_DAY_OFFSET = 40
SEXES = ("female", "male")


@dataclass(frozen=True)
class NikFacts:
    """What a valid NIK states."""

    region: str        # the kecamatan of first registration, '35.78.05'
    birth_date: date
    sex: str           # 'female' or 'male'
    serial: str


def read_nik(nik: str, today: date, field: str = "nik") -> NikFacts:
    """The facts of `nik`, or the first thing wrong with it. The century is the latest that does
    not put the birth after `today` (a NIK of '92' is 1992; of '05', 2005)."""
    if not isinstance(nik, str) or len(nik) != LENGTH or not nik.isascii() or not nik.isdigit():
        raise SipanduValidationError(field, "sipandu_nik_format", length=len(nik) if isinstance(nik, str) else 0)
    region = f"{nik[0:2]}.{nik[2:4]}.{nik[4:6]}"
    if not is_kecamatan(region):
        raise SipanduValidationError(field, "sipandu_nik_region", region=region)
    day = int(nik[6:8])
    sex = "female" if day > WOMEN_DAY_OFFSET else "male"
    born = _birth_date(day - (WOMEN_DAY_OFFSET if sex == "female" else 0), int(nik[8:10]), int(nik[10:12]), today)
    if born is None:
        raise SipanduValidationError(field, "sipandu_nik_date", digits=nik[6:12])
    if nik[12:] == "0000":
        raise SipanduValidationError(field, "sipandu_nik_serial")
    return NikFacts(region=region, birth_date=born, sex=sex, serial=nik[12:])


def _birth_date(day: int, month: int, two_digit_year: int, today: date) -> date | None:
    """The date in this century, or else the last one, that is real and not after `today`
    (29 February of '00' is 2000's; a birth on 31 December '26' seen in 2026 is 1926's)."""
    for century in (2000, 1900):
        try:
            born = date(century + two_digit_year, month, day)
        except ValueError:
            continue
        if born <= today:
            return born
    return None


def check_nik(nik: str, today: date, birth_date: date | None = None, sex: str | None = None,
              field: str = "nik") -> NikFacts:
    """`read_nik`, then the birth date and sex the record states must be the NIK's."""
    facts = read_nik(nik, today, field)
    if birth_date is not None and birth_date != facts.birth_date:
        raise SipanduValidationError(field, "sipandu_nik_birth_date_mismatch", nik_date=facts.birth_date.isoformat(),
                                     stated=birth_date.isoformat())
    if sex is not None and sex != facts.sex:
        raise SipanduValidationError(field, "sipandu_nik_sex_mismatch", nik_sex=facts.sex, stated=sex)
    return facts


def masked_nik(nik: str | None) -> str | None:
    """'3578054107920001' -> '3578**********01': the city and the last two digits, enough to tell
    two records apart on a list, not to use the number."""
    if not nik:
        return None
    return nik[:4] + "*" * (len(nik) - 6) + nik[-2:]


def make_nik(kecamatan_code: str, birth_date: date, sex: str, serial: int) -> str:
    """The NIK Dukcapil would issue (demo data and tests): `read_nik` of it gives these facts back."""
    day = birth_date.day + (WOMEN_DAY_OFFSET if sex == "female" else 0)
    return f"{kecamatan_code.replace('.', '')}{day:02d}{birth_date:%m%y}{serial:04d}"
