"""What an RT head records of a newcomer and his departure (modules/sipandu/checks.py): each bad
field refused with its name and reason; the 24-hour rule."""

from __future__ import annotations

from datetime import date, datetime, timedelta, timezone

import pytest

from core.reference import rt_unit_code
from modules.sipandu.checks import arrival, departure, reported_in_time
from modules.sipandu.errors import SipanduValidationError
from modules.sipandu.messages import MESSAGES

WIB = timezone(timedelta(hours=7))
NOW = datetime(2026, 12, 2, 10, 0, tzinfo=WIB)
RT = rt_unit_code("35.78.05.1002", 3, 5)
FORM = {"nik": "3507015207020001", "name": "Dewi Lestari", "sex": "female", "birth_date": "2002-07-12",
        "origin_regency": "35.07", "rt_code": RT, "address": "Jl. Kaliasin 12, kamar 4", "kos_code": "KOS-0412",
        "purpose": "study", "sponsor": "Universitas Airlangga", "arrived_at": "2026-12-01T19:30:00+07:00",
        "stay_until": "2027-06-30"}


def refused(form: dict, now: datetime = NOW) -> tuple[str, str]:
    with pytest.raises(SipanduValidationError) as caught:
        arrival(form, {RT}, now)
    assert caught.value.code in MESSAGES
    return caught.value.field, caught.value.code


def test_a_newcomer_from_malang_is_recorded_as_stated():
    found = arrival(FORM, {RT}, NOW)
    assert (found.nik, found.origin_regency, found.rt_code, found.purpose) == ("3507015207020001", "35.07", RT, "study")
    assert found.birth_date == date(2002, 7, 12) and found.stay_until == date(2027, 6, 30)
    assert found.arrived_at == datetime(2026, 12, 1, 19, 30, tzinfo=WIB)
    assert arrival({**FORM, "kos_code": " ", "sponsor": None, "stay_until": ""}, {RT}, NOW).kos_code is None


@pytest.mark.parametrize("changes,field,code", [
    ({"nik": ""}, "nik", "sipandu_required"),
    ({"nik": "3507015207020000"}, "nik", "sipandu_nik_serial"),
    ({"sex": "male"}, "nik", "sipandu_nik_sex_mismatch"),
    ({"sex": "L"}, "sex", "sipandu_unknown_choice"),
    ({"birth_date": "12-07-2002"}, "birth_date", "sipandu_bad_date"),
    ({"birth_date": "2002-07-13"}, "nik", "sipandu_nik_birth_date_mismatch"),
    ({"arrived_at": "2026-12-02T11:00:00+07:00"}, "arrived_at", "sipandu_in_future"),
    ({"arrived_at": "2026-12-01T19:30:00"}, "arrived_at", "sipandu_bad_moment"),
    ({"arrived_at": "kemarin"}, "arrived_at", "sipandu_bad_moment"),
    ({"arrived_at": "2001-01-01T08:00:00+07:00"}, "arrived_at", "sipandu_time_order"),
    ({"stay_until": "2026-11-30"}, "stay_until", "sipandu_time_order"),
    ({"rt_code": rt_unit_code("35.78.05.1002", 3, 99)}, "rt_code", "sipandu_unknown_code"),
    ({"origin_regency": "35.99"}, "origin_regency", "sipandu_unknown_code"),
    ({"purpose": "tourism"}, "purpose", "sipandu_unknown_choice"),
    ({"name": "x" * 101}, "name", "sipandu_text_too_long"),
    ({"address": None}, "address", "sipandu_required"),
])
def test_each_bad_field_is_named_with_its_reason(changes, field, code):
    assert refused({**FORM, **changes}) == (field, code)


def test_a_departure_lies_between_the_arrival_and_now():
    arrived = datetime(2026, 12, 1, 19, 30, tzinfo=WIB)
    left, went_to = departure(arrived, {"left_at": "2026-12-02T08:00:00+07:00", "destination_regency": "31.71"}, NOW)
    assert (left.hour, went_to) == (8, "31.71")
    for left_at, code in (("2026-12-01T19:00:00+07:00", "sipandu_time_order"),
                          ("2026-12-02T10:01:00+07:00", "sipandu_in_future")):
        with pytest.raises(SipanduValidationError) as caught:
            departure(arrived, {"left_at": left_at, "destination_regency": "31.71"}, NOW)
        assert (caught.value.field, caught.value.code) == ("left_at", code)
    with pytest.raises(SipanduValidationError) as caught:
        departure(arrived, {"left_at": "2026-12-02T08:00:00+07:00", "destination_regency": "31"}, NOW)
    assert caught.value.field == "destination_regency"


def test_the_24_hour_rule_counts_from_the_arrival():
    arrived = datetime(2026, 12, 1, 19, 30, tzinfo=WIB)
    assert reported_in_time(arrived, arrived + timedelta(hours=24), 24)
    assert not reported_in_time(arrived, arrived + timedelta(hours=24, minutes=1), 24)
