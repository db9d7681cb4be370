"""Checks on what an RT head records of a newcomer (a non-permanent resident) and of his departure,
before the service writes: each failure raises SipanduValidationError naming the field and the
reason. Whether the RT is the recorder's own is the service's question (core/scope.py); whether
the same NIK is active elsewhere, the database's."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta

from modules.sipandu.errors import SipanduValidationError
from modules.sipandu.nik import SEXES, check_nik
from modules.sipandu.regions import region_names

PURPOSES = ("work", "study", "other")
MAX_TEXT = {"name": 100, "address": 200, "sponsor": 100, "kos_code": 32}


@dataclass(frozen=True)
class Arrival:
    """A newcomer as checked: where from (regency), where he stays, why, since when."""

    nik: str
    name: str
    sex: str
    birth_date: date
    origin_regency: str
    rt_code: str
    address: str
    kos_code: str | None
    purpose: str
    sponsor: str | None
    arrived_at: datetime
    stay_until: date | None


def arrival(form: dict, known_rt: set[str], now: datetime) -> Arrival:
    """The arrival the form describes; `now` is aware (the recording moment)."""
    today = now.date()
    sex = choice("sex", form.get("sex"), SEXES)
    born = a_date("birth_date", form.get("birth_date"), required=True)
    number = text("nik", form.get("nik"), required=True, limit=64)
    nik = check_nik(number, today, birth_date=born, sex=sex)
    arrived_at = moment("arrived_at", form.get("arrived_at"))
    if arrived_at > now:
        raise SipanduValidationError("arrived_at", "sipandu_in_future")
    if arrived_at.date() < nik.birth_date:
        raise SipanduValidationError("arrived_at", "sipandu_time_order", later="arrived_at", earlier="birth_date")
    stay_until = a_date("stay_until", form.get("stay_until"))
    if stay_until is not None and stay_until < arrived_at.date():
        raise SipanduValidationError("stay_until", "sipandu_time_order", later="stay_until", earlier="arrived_at")
    rt_code = text("rt_code", form.get("rt_code"), required=True, limit=64)
    if rt_code not in known_rt:
        raise SipanduValidationError("rt_code", "sipandu_unknown_code", kind="RT", value=rt_code)
    return Arrival(nik=number, name=text("name", form.get("name"), required=True), sex=sex,
                   birth_date=born, origin_regency=regency("origin_regency", form.get("origin_regency")),
                   rt_code=rt_code, address=text("address", form.get("address"), required=True),
                   kos_code=text("kos_code", form.get("kos_code")),
                   purpose=choice("purpose", form.get("purpose"), PURPOSES),
                   sponsor=text("sponsor", form.get("sponsor")), arrived_at=arrived_at, stay_until=stay_until)


def departure(arrived_at: datetime, form: dict, now: datetime) -> tuple[datetime, str]:
    """(when he left, the regency he went to): not before his arrival, not after `now`."""
    left_at = moment("left_at", form.get("left_at"))
    if left_at > now:
        raise SipanduValidationError("left_at", "sipandu_in_future")
    if left_at < arrived_at:
        raise SipanduValidationError("left_at", "sipandu_time_order", later="left_at", earlier="arrived_at")
    return left_at, regency("destination_regency", form.get("destination_regency"))


def reported_in_time(arrived_at: datetime, recorded_at: datetime, within_hours: int) -> bool:
    """Perwali 30/2025: recorded by the RT within `within_hours` (24) of the arrival."""
    return recorded_at - arrived_at <= timedelta(hours=within_hours)


# --- fields --------------------------------------------------------------------------------------

def text(field: str, value, *, required: bool = False, limit: int | None = None) -> str | None:
    """Stripped text within its length; None (or an error when required) when blank."""
    if value is None or (isinstance(value, str) and not value.strip()):
        if required:
            raise SipanduValidationError(field, "sipandu_required")
        return None
    if not isinstance(value, str):
        raise SipanduValidationError(field, "sipandu_not_text")
    value, limit = value.strip(), limit or MAX_TEXT[field]
    if len(value) > limit:
        raise SipanduValidationError(field, "sipandu_text_too_long", limit=limit)
    return value


def choice(field: str, value, known: tuple[str, ...]) -> str:
    if value is None or value == "":
        raise SipanduValidationError(field, "sipandu_required")
    if value not in known:
        raise SipanduValidationError(field, "sipandu_unknown_choice", value=value, known=", ".join(known))
    return value


def a_date(field: str, value, *, required: bool = False) -> date | None:
    """A date as YYYY-MM-DD (or a date); None when blank and not required."""
    if value in (None, ""):
        if required:
            raise SipanduValidationError(field, "sipandu_required")
        return None
    if isinstance(value, date) and not isinstance(value, datetime):
        return value
    if isinstance(value, str) and len(value) == 10:
        try:
            return date.fromisoformat(value)
        except ValueError:
            pass
    raise SipanduValidationError(field, "sipandu_bad_date", value=str(value)[:40])


def moment(field: str, value) -> datetime:
    """An aware moment (ISO 8601 with its offset, as the desk and the API send it)."""
    if value in (None, ""):
        raise SipanduValidationError(field, "sipandu_required")
    try:
        found = value if isinstance(value, datetime) else datetime.fromisoformat(value)
    except (TypeError, ValueError):
        raise SipanduValidationError(field, "sipandu_bad_moment", value=str(value)[:40]) from None
    if found.tzinfo is None:
        raise SipanduValidationError(field, "sipandu_bad_moment", value=str(value)[:40])
    return found


def regency(field: str, value) -> str:
    """A regency or city of Kemendagri's list, 'PP.RR'."""
    code = text(field, value, required=True, limit=16)
    if code not in region_names("regency"):
        raise SipanduValidationError(field, "sipandu_unknown_code", kind="kabupaten/kota", value=code)
    return code
