"""Possible duplicates: same category, within 50 m and 48 hours of an unresolved complaint."""

from datetime import timedelta

import pytest
from complaints_helpers import BINA_MARGA, GENTENG_POINT, NOW
from sqlalchemy import select

from modules.complaints import WorkflowError
from modules.complaints.duplicates import METRES_PER_DEGREE_LAT, distance_m
from modules.complaints.models import ComplaintHistory

LAT, LON = GENTENG_POINT


def north(metres: float) -> float:
    return LAT + metres / METRES_PER_DEGREE_LAT


def test_distance_is_measured_in_metres():
    assert distance_m(LAT, LON, north(50), LON) == pytest.approx(50, abs=0.5)
    assert distance_m(-7.2575, 112.7521, -7.2575, 112.7621) == pytest.approx(1103, rel=0.01)


def test_a_second_report_30_m_away_two_hours_later_is_flagged_and_linked(file, load, seeded):
    original = file()
    second = file(lat=north(30), now=NOW + timedelta(hours=2), channel="whatsapp")
    complaint = load(second)
    assert (complaint.duplicate_state, complaint.duplicate_of_id) == ("suspected", original)
    assert complaint.status == "dispatched"  # still routed: the OPD decides
    with seeded.session() as session:
        note = session.scalar(select(ComplaintHistory.note).where(ComplaintHistory.complaint_id == second,
                                                                  ComplaintHistory.action == "duplicate_suspected"))
    assert load(original).ticket in note


@pytest.mark.parametrize("changes,hours_later", [
    ({"lat": north(80)}, 2),  # too far
    ({"lat": north(30)}, 49),  # too late
    ({"lat": north(30), "category_code": "SAMPAH"}, 2),  # another problem at the same place
    ({"lat": None, "lon": None, "address": "Jl. Tunjungan 10"}, 2),  # no point to compare
])
def test_reports_beyond_50_m_or_48_hours_or_of_another_category_are_not_flagged(file, load, changes, hours_later):
    file()
    complaint = load(file(now=NOW + timedelta(hours=hours_later), **changes))
    assert (complaint.duplicate_state, complaint.duplicate_of_id) == (None, None)


def test_a_resolved_complaint_is_not_an_original(file, act, load):
    original = file()
    for step in ("respond", "start_work", "resolve"):
        act(step, BINA_MARGA, original, "")
    assert load(file(lat=north(10), now=NOW + timedelta(hours=1))).duplicate_of_id is None


def test_a_third_report_links_to_the_first_not_to_the_second(file, load):
    original = file()
    file(lat=north(20), now=NOW + timedelta(hours=1))
    third = load(file(lat=north(40), now=NOW + timedelta(hours=2)))
    assert third.duplicate_of_id == original


def test_confirming_rejects_as_duplicate_and_keeps_the_link(file, act, load):
    original = file()
    second = file(lat=north(10), now=NOW + timedelta(hours=1))
    act("confirm_duplicate", BINA_MARGA, second, now=NOW + timedelta(hours=2))
    complaint = load(second)
    assert (complaint.status, complaint.rejection_reason, complaint.duplicate_state, complaint.duplicate_of_id) == (
        "rejected", "duplicate", "confirmed", original)


def test_dismissing_drops_the_link_and_work_goes_on(file, act, load):
    file()
    second = file(lat=north(10), now=NOW + timedelta(hours=1))
    act("dismiss_duplicate", BINA_MARGA, second, "lubang lain, beda sisi jalan")
    complaint = load(second)
    assert (complaint.status, complaint.duplicate_state, complaint.duplicate_of_id) == ("dispatched", "dismissed", None)
    with pytest.raises(WorkflowError, match="not flagged"):
        act("confirm_duplicate", BINA_MARGA, second)
