"""The clocks against the 7-minute promise, and the live breach."""

from incident_setup import OPERATOR, at

from modules.incidents import service
from modules.incidents.intervals import incident_clock
from modules.incidents.models import Incident, IncidentDispatch


def details(databases, incident_id):
    with databases.transaction() as session:
        incident = session.get(Incident, incident_id)
        rows = session.query(IncidentDispatch).filter_by(incident_id=incident_id).order_by(IncidentDispatch.id).all()
        return incident, rows


def test_every_interval_of_an_incident_and_its_units(run, databases, new_incident):
    incident = new_incident("KECELAKAAN_LALU_LINTAS")  # received at minute 0
    ambulance = run(service.dispatch, OPERATOR, incident.number, "DINKES-AM-01", now=at(1))
    patrol = run(service.dispatch, OPERATOR, incident.number, "DISHUB-TP-01", now=at(2))
    for row, status, minute in ((ambulance, "en_route", 2), (patrol, "en_route", 3), (patrol, "on_scene", 5),
                                (ambulance, "on_scene", 6.5)):
        run(service.update_dispatch, OPERATOR, row.id, status, now=at(minute))
    found = service.intervals(*details(databases, incident.id), now=at(60))
    clock = found["incident"]
    assert (clock.call_processing, clock.response, clock.promise) == (60, 300, 420)
    assert (clock.turnout, clock.travel) == (60, 120)  # of the first unit on scene: the patrol
    assert clock.breached is False
    assert found["dispatches"][ambulance.id].turnout == 60 and found["dispatches"][ambulance.id].travel == 270
    assert found["dispatches"][patrol.id].response == 180  # dispatched to on scene


def test_a_late_first_unit_is_a_breach_and_a_waiting_incident_a_live_one(run, databases, new_incident):
    late = new_incident()
    row = run(service.dispatch, OPERATOR, late.number, "DPKP-FE-01", now=at(1))
    run(service.update_dispatch, OPERATOR, row.id, "en_route", now=at(2))
    run(service.update_dispatch, OPERATOR, row.id, "on_scene", now=at(7.5))  # 450 s > 420 s
    waiting = new_incident("PMKS_ODGJ", minute=10)
    in_time = new_incident("KEBAKARAN_LAHAN", minute=15)
    incident, rows = details(databases, late.id)
    assert incident_clock(incident, rows, at(8)).breached and incident_clock(incident, rows, at(8)).response == 450
    with databases.transaction() as session:
        at_17 = [(i.number, over) for i, over in service.breaches(session, at(17))]
        at_23 = [(i.number, over) for i, over in service.breaches(session, at(23))]
    assert at_17 == []  # 7 minutes after minute 10 is not past yet
    assert at_23 == [(waiting.number, 360), (in_time.number, 60)]  # the late one has a unit on scene
    incident, rows = details(databases, waiting.id)
    assert incident_clock(incident, rows, at(23)).breached and incident_clock(incident, rows, at(23)).elapsed == 780


def test_a_cancelled_incident_is_no_live_breach(run, databases, new_incident):
    incident = new_incident()
    run(service.cancel_incident, OPERATOR, incident.number, "alarm palsu", now=at(2))
    with databases.transaction() as session:
        assert service.breaches(session, at(30)) == []
        assert service.is_breached(session.get(Incident, incident.id), at(30)) is False


def test_the_promise_is_the_setting_in_force_when_the_incident_was_created(run, databases, settings):
    strict = settings.override(incidents={"response_promise_minutes": 5})
    call = run(service.take_call, OPERATOR, strict, now=at(0))
    incident = run(service.create_incident, OPERATOR, strict, call.id, category_code="BANJIR",
                   address="Jl. Darmo", now=at(0))
    assert incident.response_promise_seconds == 300
    with databases.transaction() as session:
        assert [i.number for i, _ in service.breaches(session, at(5.5))] == [incident.number]


def test_the_walls_promise_today_counts_in_time_late_and_waiting_of_the_city_day_only(
        run, databases, settings, new_incident):
    from core.services import Services
    from core.users import Viewer
    from data.incident_desk import promise_today

    in_time, late = new_incident(), new_incident("PMKS_ODGJ", minute=1)
    new_incident("KEBAKARAN_LAHAN", minute=2)                       # nobody there by minute 30: a live breach
    cancelled = new_incident("BANJIR", minute=3)
    run(service.cancel_incident, OPERATOR, cancelled.number, "alarm palsu", now=at(4))
    for incident, on_scene in ((in_time, 5), (late, 10)):           # 300 s and 540 s after their calls
        row = run(service.dispatch, OPERATOR, incident.number, "DPKP-FE-01" if incident is in_time else
                  "DINKES-AM-01", now=at(on_scene - 2))
        run(service.update_dispatch, OPERATOR, row.id, "en_route", now=at(on_scene - 1))
        run(service.update_dispatch, OPERATOR, row.id, "on_scene", now=at(on_scene))
    wall = Viewer(user_id="kiosk:1", username="kiosk", role="wall")
    found = promise_today(Services(settings, databases, None), wall, now=at(30))
    assert (found["met"], found["breached"]) == (1, 2)
    assert (found["p50_seconds"], found["p90_seconds"]) == (420.0, 516.0)  # of 300 s and 540 s
    next_day = promise_today(Services(settings, databases, None), wall, now=at(30 + 24 * 60))
    assert (next_day["met"], next_day["breached"], next_day["p50_seconds"]) == (0, 0, None)
