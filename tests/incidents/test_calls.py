"""Calls and their outcomes: an incident created, a call merged, prank / referred / info, the repeat
prank caller, and the caller's number kept out of the change log."""

import json

import pytest
from incident_setup import GENTENG, OPERATOR, PIMPINAN, at

from modules.incidents import service
from modules.incidents.errors import (IncidentAccessDenied, IncidentNotFound, IncidentValidationError,
                                      IncidentWorkflowError)
from modules.incidents.models import Incident, IncidentCall

PRANKSTER = "0812-9999-0000"


def test_an_incident_from_a_call_takes_the_category_and_locates_the_point(run, settings, logged):
    call = run(service.take_call, OPERATOR, settings, caller_number="0812-3456-7890", now=at(0))
    incident = run(service.create_incident, OPERATOR, settings, call.id, category_code="KEBAKARAN",
                   lat=GENTENG[0], lon=GENTENG[1], casualties_injured=1, now=at(1))
    assert incident.number.startswith("INS-2612-")
    assert (incident.status, incident.type, incident.priority) == ("open", "fire.urbanFire", 1)
    assert incident.kecamatan_code == "35.78.07" and incident.kelurahan_code.startswith("35.78.07.")
    assert incident.received_at == at(0) and incident.response_promise_seconds == 420
    [(number, payload)] = logged("incident")
    assert number == incident.number
    assert payload["calls"] == 1 and payload["status"] == "open" and payload["source"] == "call_112"
    assert logged("incident_call")[-1][1]["outcome"] == "incident"
    assert logged("incident_call")[-1][1]["incident_number"] == incident.number


def test_a_merged_call_counts_on_its_incident(run, settings, new_incident, logged, load):
    incident = new_incident()
    call = run(service.take_call, OPERATOR, settings, source="cctv", camera_id="CCTV-1", now=at(2))
    run(service.merge_call, OPERATOR, call.id, incident.number, now=at(3))
    assert load(IncidentCall, call.id).incident_id == incident.id
    assert logged("incident")[-1][1]["calls"] == 2
    assert logged("incident_call")[-1][1] == dict(
        id=call.id, received_at="2026-12-01T03:02:00+00:00", answered_at=None, source="cctv", outcome="merged",
        partner=None, incident_number=incident.number, category_code="KEBAKARAN", kecamatan_code="35.78.07",
        repeat_caller=False)


def test_a_call_merges_only_into_an_active_incident(run, settings, new_incident):
    incident = new_incident()
    run(service.cancel_incident, OPERATOR, incident.number, "alarm palsu", now=at(1))
    call = run(service.take_call, OPERATOR, settings, now=at(2))
    with pytest.raises(IncidentWorkflowError) as refused:
        run(service.merge_call, OPERATOR, call.id, incident.number, now=at(3))
    assert refused.value.field == "incident_number"


@pytest.mark.parametrize("outcome,partner", [("prank", None), ("referred", "PDAM"), ("info", None)])
def test_a_call_closes_without_an_incident(run, settings, load, outcome, partner):
    call = run(service.take_call, OPERATOR, settings, caller_number="081", now=at(0))
    run(service.close_call, OPERATOR, call.id, outcome, partner=partner, now=at(1))
    closed = load(IncidentCall, call.id)
    assert (closed.outcome, closed.partner, closed.incident_id) == (outcome, partner, None)


@pytest.mark.parametrize("outcome,partner,field,code", [
    ("referred", None, "partner", "incident_required"),
    ("referred", "PLN-X", "partner", "incident_unknown_choice"),
    ("prank", "PLN", "partner", "incident_partner_only_referred"),
    ("merged", None, "outcome", "incident_close_call_outcome"),
])
def test_a_bad_closing_is_refused_and_writes_nothing(run, settings, counts, outcome, partner, field, code):
    call = run(service.take_call, OPERATOR, settings, now=at(0))
    before = counts()
    with pytest.raises(IncidentValidationError) as refused:
        run(service.close_call, OPERATOR, call.id, outcome, partner=partner, now=at(1))
    assert (refused.value.field, refused.value.code) == (field, code)
    assert counts() == before


def test_a_closed_call_cannot_be_closed_again(run, settings):
    call = run(service.take_call, OPERATOR, settings, now=at(0))
    run(service.close_call, OPERATOR, call.id, "prank", now=at(1))
    with pytest.raises(IncidentWorkflowError) as refused:
        run(service.create_incident, OPERATOR, settings, call.id, category_code="KEBAKARAN", address="Jl. Tunjungan")
    assert refused.value.field == "outcome"


def test_a_repeat_prank_caller_is_flagged(run, settings, logged):
    flags = []
    for minute in (0, 10, 20):
        call = run(service.take_call, OPERATOR, settings, caller_number=PRANKSTER, now=at(minute))
        flags.append(call.repeat_caller)
        run(service.close_call, OPERATOR, call.id, "prank", now=at(minute + 1))
    other = run(service.take_call, OPERATOR, settings, caller_number="0812-1111-0000", now=at(30))
    same_written_otherwise = run(service.take_call, OPERATOR, settings, caller_number="+62 812 9999 0000", now=at(31))
    assert flags == [False, False, True]  # repeat_prank_count = 2 earlier prank calls
    assert other.repeat_caller is False and same_written_otherwise.repeat_caller is True
    assert logged("incident_call")[-1][1]["repeat_caller"] is True


def test_prank_calls_outside_the_window_do_not_count(run, settings):
    for minute in (0, 10):
        call = run(service.take_call, OPERATOR, settings, caller_number=PRANKSTER, now=at(minute))
        run(service.close_call, OPERATOR, call.id, "prank", now=at(minute + 1))
    later = at(60 * 24 * (settings.incidents.repeat_prank_window_days + 1))
    assert run(service.take_call, OPERATOR, settings, caller_number=PRANKSTER, now=later).repeat_caller is False


def test_the_change_log_and_the_timeline_carry_no_caller_number(run, settings, databases, new_incident):
    from sqlalchemy import select

    from core.changelog import ChangeLogEntry
    from modules.incidents.models import IncidentEvent

    new_incident()
    call = run(service.take_call, OPERATOR, settings, caller_number=PRANKSTER, now=at(5))
    run(service.close_call, OPERATOR, call.id, "prank", now=at(6))
    with databases.transaction() as session:
        stored = session.get(IncidentCall, call.id)
        secrets = [stored.caller_number, stored.caller_hash, "081299990000", "3456-7890", "34567890"]
        logged_text = json.dumps([e.payload for e in session.scalars(select(ChangeLogEntry))])
        timeline_text = json.dumps([e.data for e in session.scalars(select(IncidentEvent))])
    assert stored.caller_number == PRANKSTER and len(stored.caller_hash) == 64
    for secret in secrets:
        assert secret not in logged_text and secret not in timeline_text
    assert "caller_number" not in logged_text and "caller_hash" not in logged_text


@pytest.mark.parametrize("changes,field,code", [
    (dict(category_code="NO_SUCH"), "category_code", "incident_unknown_code"),
    (dict(lat=None, lon=None), "location", "incident_location_missing"),
    (dict(lat=-6.2, lon=106.8), "location", "incident_outside_city"),  # Jakarta
    (dict(lat=-7.26, lon=None, address="x"), "lon", "incident_position_incomplete"),
    (dict(lat="utara"), "lat", "incident_invalid_coordinate"),
    (dict(casualties_dead=-1), "casualties_dead", "incident_not_negative"),
    (dict(priority=9), "priority", "incident_unknown_choice"),
])
def test_a_bad_incident_is_refused_naming_the_field_and_nothing_is_written(run, settings, counts, changes, field,
                                                                          code):
    call = run(service.take_call, OPERATOR, settings, now=at(0))
    before = counts()
    values = dict(category_code="KEBAKARAN", lat=GENTENG[0], lon=GENTENG[1]) | changes
    with pytest.raises(IncidentValidationError) as refused:
        run(service.create_incident, OPERATOR, settings, call.id, now=at(1), **values)
    assert (refused.value.field, refused.value.code) == (field, code)
    assert field in str(refused.value)
    assert counts() == before


def test_an_incident_with_an_address_only_has_no_district(run, settings):
    call = run(service.take_call, OPERATOR, settings, now=at(0))
    incident = run(service.create_incident, OPERATOR, settings, call.id, category_code="PMKS_ODGJ",
                   address="Jl. Kedungdoro", now=at(1))
    assert (incident.lat, incident.kecamatan_code, incident.priority) == (None, None, 3)


@pytest.mark.parametrize("source,details,field", [
    ("cctv", {}, "camera_id"), ("field_post", {}, "post_code"), ("complaint", {}, "complaint_ticket"),
    ("field_post", {"post_code": "PT99"}, "post_code"), ("telepathy", {}, "source"),
])
def test_a_source_needs_its_detail(run, settings, counts, source, details, field):
    before = counts()
    with pytest.raises(IncidentValidationError) as refused:
        run(service.take_call, OPERATOR, settings, source=source, now=at(0), **details)
    assert refused.value.field == field
    assert counts() == before


def test_only_the_desk_takes_calls(run, settings):
    with pytest.raises(IncidentAccessDenied):
        run(service.take_call, PIMPINAN, settings, now=at(0))


def test_an_unknown_incident_is_not_found(run, settings):
    call = run(service.take_call, OPERATOR, settings, now=at(0))
    with pytest.raises(IncidentNotFound) as missing:
        run(service.merge_call, OPERATOR, call.id, "INS-2612-999999", now=at(1))
    assert missing.value.field == "incident_number"
    assert run(lambda s: s.get(Incident, 1)) is None


def test_a_corrected_incident_relogs_its_calls_and_dispatches(run, settings, new_incident, logged, counts):
    incident = new_incident("KEBAKARAN")
    row = run(service.dispatch, OPERATOR, incident.number, "DPKP-FE-01", now=at(1))
    corrected = run(service.correct_incident, OPERATOR, incident.number, category_code="KEBAKARAN_LAHAN",
                    lat=-7.2950, lon=112.7400, now=at(2))
    assert (corrected.category_code, corrected.kecamatan_code) == ("KEBAKARAN_LAHAN", "35.78.04")
    assert logged("incident")[-1][1]["category_code"] == "KEBAKARAN_LAHAN"
    assert logged("incident_dispatch")[-1] == (str(row.id), logged("incident_dispatch")[-1][1])
    assert logged("incident_dispatch")[-1][1]["kecamatan_code"] == "35.78.04"
    assert logged("incident_call")[-1][1]["category_code"] == "KEBAKARAN_LAHAN"
    before = counts()
    with pytest.raises(IncidentValidationError) as refused:
        run(service.correct_incident, OPERATOR, incident.number, lat=-6.2, lon=106.8, now=at(3))
    assert refused.value.field == "location" and counts() == before
