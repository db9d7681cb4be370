"""Dispatches and units: the steps, every refusal (a skipped step, a unit not available, another
agency's unit, a position outside the city, an unknown status), multi-agency clearing."""

import pytest
from incident_setup import DISHUB_REP, DPKP_REP, GENTENG, OPERATOR, at

from modules.incidents import service
from modules.incidents.errors import IncidentAccessDenied, IncidentValidationError, IncidentWorkflowError
from modules.incidents.models import Incident, IncidentDispatch, IncidentUnit

ENGINE, ENGINE_2, AMBULANCE, PATROL = "DPKP-FE-01", "DPKP-FE-02", "DINKES-AM-01", "DISHUB-TP-01"


def steps(run, dispatch_id, *statuses, start=1):
    for minute, status in enumerate(statuses, start=start):
        run(service.update_dispatch, OPERATOR, dispatch_id, status, now=at(minute))


def test_a_dispatch_walks_its_steps_and_moves_unit_and_incident(run, new_incident, load, logged):
    incident = new_incident()
    row = run(service.dispatch, OPERATOR, incident.number, ENGINE, now=at(1))
    assert (load(IncidentUnit, ENGINE).status, load(Incident, incident.id).status) == ("dispatched", "dispatched")
    seen = []
    for minute, status in ((2, "en_route"), (5, "on_scene"), (30, "cleared")):
        run(service.update_dispatch, OPERATOR, row.id, status, now=at(minute))
        seen.append((load(IncidentUnit, ENGINE).status, load(Incident, incident.id).status))
    assert seen == [("en_route", "dispatched"), ("on_scene", "on_scene"), ("returning", "cleared")]
    done = load(IncidentDispatch, row.id)
    assert (done.dispatched_at, done.en_route_at, done.on_scene_at, done.cleared_at) == (at(1), at(2), at(5), at(30))
    payload = logged("incident")[-1][1]
    assert payload["status"] == "cleared" and payload["agencies"] == ["DPKP"] and payload["units_dispatched"] == 1
    assert payload["first_en_route_at"] == "2026-12-01T03:02:00+00:00"
    assert [p["status"] for _id, p in logged("incident_unit") if _id == ENGINE][-4:] == [
        "dispatched", "en_route", "on_scene", "returning"]
    assert logged("incident_dispatch")[-1][1]["incident_received_at"] == "2026-12-01T03:00:00+00:00"


@pytest.mark.parametrize("done,skip", [((), "on_scene"), (("en_route",), "cleared"), ((), "cleared")])
def test_a_skipped_step_is_refused_and_writes_nothing(run, new_incident, counts, load, done, skip):
    incident = new_incident()
    row = run(service.dispatch, OPERATOR, incident.number, ENGINE, now=at(1))
    steps(run, row.id, *done, start=2)
    before = counts()
    with pytest.raises(IncidentWorkflowError) as refused:
        run(service.update_dispatch, OPERATOR, row.id, skip, now=at(9))
    assert refused.value.field == "status" and skip in str(refused.value)
    assert counts() == before and load(IncidentDispatch, row.id).status == (done[-1] if done else "dispatched")


def test_only_an_available_unit_is_dispatched(run, new_incident, counts):
    first, second = new_incident(), new_incident(minute=1)
    run(service.dispatch, OPERATOR, first.number, ENGINE, now=at(2))
    before = counts()
    with pytest.raises(IncidentValidationError) as refused:
        run(service.dispatch, OPERATOR, second.number, ENGINE, now=at(3))
    assert (refused.value.field, refused.value.code) == ("unit_code", "incident_unit_not_available")
    assert counts() == before


def test_an_agency_representative_acts_only_on_his_agency_units(run, new_incident, counts, load):
    incident = new_incident("KECELAKAAN_LALU_LINTAS")
    row = run(service.dispatch, DPKP_REP, incident.number, ENGINE, now=at(1))  # his own: allowed
    before = counts()
    with pytest.raises(IncidentAccessDenied) as refused:
        run(service.dispatch, DPKP_REP, incident.number, AMBULANCE, now=at(2))
    assert refused.value.field == "unit_code" and "DINKES" in str(refused.value)
    with pytest.raises(IncidentAccessDenied):
        run(service.update_dispatch, DISHUB_REP, row.id, "en_route", now=at(2))
    with pytest.raises(IncidentAccessDenied):
        run(service.report_unit, DISHUB_REP, ENGINE, lat=GENTENG[0], lon=GENTENG[1], now=at(2))
    assert counts() == before and load(IncidentUnit, AMBULANCE).status == "available"
    run(service.update_dispatch, DPKP_REP, row.id, "en_route", now=at(3))
    assert load(IncidentDispatch, row.id).status == "en_route"


def test_an_incident_clears_only_when_every_unit_has(run, new_incident, load, logged):
    incident = new_incident("KECELAKAAN_LALU_LINTAS")
    ambulance = run(service.dispatch, OPERATOR, incident.number, AMBULANCE, now=at(1))
    patrol = run(service.dispatch, OPERATOR, incident.number, PATROL, now=at(1))
    steps(run, ambulance.id, "en_route", "on_scene", "cleared", start=2)  # minutes 2..4
    assert load(Incident, incident.id).status == "on_scene"  # the patrol is still out
    steps(run, patrol.id, "en_route", "on_scene", start=5)
    assert load(Incident, incident.id).status == "on_scene"
    steps(run, patrol.id, "cleared", start=9)
    cleared = load(Incident, incident.id)
    assert (cleared.status, cleared.cleared_at) == ("cleared", at(9))
    assert logged("incident")[-1][1]["agencies"] == ["DINKES", "DISHUB"]
    run(service.close_incident, OPERATOR, incident.number, now=at(20))
    assert load(Incident, incident.id).status == "closed"


def test_a_unit_cancelled_en_route_does_not_hold_the_incident(run, new_incident, load):
    incident = new_incident()
    first = run(service.dispatch, OPERATOR, incident.number, ENGINE, now=at(1))
    extra = run(service.dispatch, OPERATOR, incident.number, ENGINE_2, now=at(1))
    steps(run, extra.id, "en_route", "cancelled", start=2)
    assert load(IncidentUnit, ENGINE_2).status == "available"
    steps(run, first.id, "en_route", "on_scene", "cleared", start=4)
    assert load(Incident, incident.id).status == "cleared"


def test_every_unit_cancelled_leaves_the_incident_open(run, new_incident, load):
    incident = new_incident()
    row = run(service.dispatch, OPERATOR, incident.number, ENGINE, now=at(1))
    steps(run, row.id, "cancelled", start=2)
    assert load(Incident, incident.id).status == "open"
    assert load(Incident, incident.id).first_dispatch_at == at(1)  # the call processing clock stays


def test_a_closed_incident_takes_no_unit_and_an_open_one_cannot_close(run, new_incident):
    incident = new_incident()
    with pytest.raises(IncidentWorkflowError) as refused:
        run(service.close_incident, OPERATOR, incident.number, now=at(1))
    assert refused.value.field == "status"
    run(service.cancel_incident, OPERATOR, incident.number, "alarm palsu", now=at(2))
    with pytest.raises(IncidentWorkflowError):
        run(service.dispatch, OPERATOR, incident.number, ENGINE, now=at(3))


def test_cancelling_an_incident_calls_off_its_units_not_yet_there(run, new_incident, load):
    incident = new_incident("KECELAKAAN_LALU_LINTAS")
    there = run(service.dispatch, OPERATOR, incident.number, AMBULANCE, now=at(1))
    coming = run(service.dispatch, OPERATOR, incident.number, PATROL, now=at(1))
    steps(run, there.id, "en_route", "on_scene", start=2)
    run(service.cancel_incident, OPERATOR, incident.number, "tidak ada korban", now=at(5))
    assert load(IncidentDispatch, coming.id).status == "cancelled"
    assert load(IncidentUnit, PATROL).status == "available"
    assert load(IncidentDispatch, there.id).status == "on_scene"  # it clears on its own
    steps(run, there.id, "cleared", start=6)
    assert load(Incident, incident.id).status == "cancelled"


def test_the_field_reports_steps_and_positions(run, new_incident, load, logged):
    incident = new_incident()
    row = run(service.dispatch, OPERATOR, incident.number, ENGINE, now=at(1))
    units_logged = len(logged("incident_unit"))
    run(service.report_unit, DPKP_REP, ENGINE, status="en_route", lat=-7.27, lon=112.75, now=at(2))
    run(service.report_unit, DPKP_REP, ENGINE, lat=-7.265, lon=112.748, now=at(3))  # position only
    assert len(logged("incident_unit")) == units_logged + 1  # positions are not logged
    run(service.report_unit, DPKP_REP, ENGINE, status="on_scene", now=at(4))
    run(service.report_unit, DPKP_REP, ENGINE, status="returning", now=at(20))
    run(service.report_unit, DPKP_REP, ENGINE, status="available", now=at(35))
    unit, done = load(IncidentUnit, ENGINE), load(IncidentDispatch, row.id)
    assert (unit.status, unit.lat, unit.lon, unit.position_at) == ("available", -7.265, 112.748, at(3))
    assert (done.status, done.en_route_at, done.on_scene_at, done.cleared_at) == ("cleared", at(2), at(4), at(20))
    assert "lat" not in logged("incident_unit")[-1][1]


@pytest.mark.parametrize("report,field,code", [
    (dict(lat=-6.2, lon=106.8), "position", "incident_outside_city"),
    (dict(lat=-7.2, lon=None), "lon", "incident_position_incomplete"),
    (dict(status="parked"), "status", "incident_unknown_choice"),
    (dict(status="on_scene"), "status", "incident_unit_no_dispatch"),
    (dict(), "status", "incident_nothing_reported"),
])
def test_a_bad_field_report_is_refused_and_writes_nothing(run, counts, load, report, field, code):
    before, unit = counts(), load(IncidentUnit, ENGINE)
    with pytest.raises(IncidentValidationError) as refused:
        run(service.report_unit, OPERATOR, ENGINE, now=at(1), **report)
    assert (refused.value.field, refused.value.code) == (field, code)
    after = load(IncidentUnit, ENGINE)
    assert counts() == before and (after.status, after.lat, after.lon) == (unit.status, unit.lat, unit.lon)


def test_a_unit_out_of_service_is_not_dispatched(run, new_incident):
    incident = new_incident()
    run(service.report_unit, OPERATOR, ENGINE, status="out_of_service", now=at(1))
    with pytest.raises(IncidentValidationError):
        run(service.dispatch, OPERATOR, incident.number, ENGINE, now=at(2))
    with pytest.raises(IncidentValidationError) as refused:  # only the desk dispatches
        run(service.report_unit, OPERATOR, ENGINE, status="dispatched", now=at(3))
    assert refused.value.field == "status"


def test_a_unit_on_scene_cannot_report_available_before_it_clears(run, new_incident, load):
    incident = new_incident()
    row = run(service.dispatch, OPERATOR, incident.number, ENGINE, now=at(1))
    steps(run, row.id, "en_route", "on_scene", start=2)
    with pytest.raises(IncidentWorkflowError) as refused:
        run(service.report_unit, DPKP_REP, ENGINE, status="available", now=at(5))
    assert refused.value.field == "status" and "returning" in str(refused.value)
    assert load(IncidentUnit, ENGINE).status == "on_scene"
