"""What citizens and Open311 clients get: ticket lookup and request lists, without personal data."""

from dataclasses import asdict
from datetime import timedelta

import pytest
from complaints_helpers import BINA_MARGA, NOW

from modules.complaints import ComplaintValidationError, service


def test_a_citizen_finds_his_ticket_without_anyones_personal_data(seeded, file, act, load):
    complaint_id = file()
    act("respond", BINA_MARGA, complaint_id, "catatan internal petugas", now=NOW + timedelta(minutes=5))
    ticket = load(complaint_id).ticket
    with seeded.session() as session:
        view = service.find_by_ticket(session, f"  {ticket.lower()} ")
    assert (view.ticket, view.status, view.opd_code, view.open311_status) == (ticket, "responded", "DSDABM", "open")
    assert [step.event for step in view.timeline] == ["submitted", "dispatched", "responded"]
    shown = repr(asdict(view))
    assert "Budi" not in shown and "081234567890" not in shown and "catatan internal" not in shown


def test_an_unknown_ticket_is_none(seeded):
    with seeded.session() as session:
        assert service.find_by_ticket(session, "ADU-2611-999999") is None


def test_open311_lists_by_category_status_dates_and_ids(seeded, file, act, load):
    road = file()
    rubbish = file(category_code="SAMPAH", lat=-7.30, lon=112.70)
    old = file(lat=-7.26, lon=112.70, received_at=NOW - timedelta(days=100), now=NOW - timedelta(days=100))
    act("reject", BINA_MARGA, road, "spam", "iklan")

    def tickets(**filters):
        with seeded.session() as session:
            return [view.ticket for view in service.list_requests(session, now=NOW + timedelta(hours=1), **filters)]

    ticket = {cid: load(cid).ticket for cid in (road, rubbish, old)}
    assert tickets() == [ticket[rubbish], ticket[road]]  # the last 90 days, newest first
    assert tickets(service_code="SAMPAH") == [ticket[rubbish]]
    assert tickets(status="closed") == [ticket[road]]
    assert tickets(status="open") == [ticket[rubbish]]
    assert tickets(start_date=NOW - timedelta(days=120), end_date=NOW - timedelta(days=60)) == [ticket[old]]
    assert tickets(ids=[ticket[old].lower()]) == [ticket[old]]


@pytest.mark.parametrize("filters,field", [
    ({"start_date": NOW - timedelta(days=91), "end_date": NOW}, "end_date"),
    ({"start_date": NOW, "end_date": NOW - timedelta(days=1)}, "end_date"),
    ({"status": "pending"}, "status"),
])
def test_open311_refuses_spans_over_90_days_and_unknown_statuses(seeded, filters, field):
    with pytest.raises(ComplaintValidationError) as refused, seeded.session() as session:
        service.list_requests(session, now=NOW, **filters)
    assert refused.value.field == field
