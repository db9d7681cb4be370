"""What the pages read: the detail with masked numbers, the work queues, the suggested units."""

import pytest
from incident_setup import GENTENG, OPERATOR, at

from modules.incidents import queries, service
from modules.incidents.errors import IncidentAccessDenied
from core.users import Viewer


def test_the_detail_shows_everything_and_the_callers_masked(run, databases, settings, new_incident):
    incident = new_incident("KECELAKAAN_LALU_LINTAS")
    call = run(service.take_call, OPERATOR, settings, caller_number="0856-1234-9876", now=at(1))
    run(service.merge_call, OPERATOR, call.id, incident.number, now=at(1))
    row = run(service.dispatch, OPERATOR, incident.number, "DINKES-AM-01", now=at(2))
    run(service.update_dispatch, OPERATOR, row.id, "en_route", now=at(3))
    run(service.add_note, OPERATOR, incident.number, "dua korban", now=at(4))
    run(service.link_camera, OPERATOR, incident.number, "CCTV-9", now=at(4))
    run(service.link_complaint, OPERATOR, incident.number, "adu-2612-000007", now=at(4))
    with databases.transaction() as session:
        detail = queries.incident_detail(session, OPERATOR, incident.number.lower(), now=at(10))
    assert [c["caller"] for c in detail["calls"]] == ["0812****7890", "0856****9876"]
    assert "0812-3456-7890" not in repr(detail) and "081234567890" not in repr(detail)
    assert [d["unit_code"] for d in detail["dispatches"]] == ["DINKES-AM-01"]
    assert detail["dispatches"][0]["clock"].turnout == 60
    assert detail["clock"].breached is True and detail["clock"].elapsed == 600
    assert (detail["cameras"], detail["complaints"], detail["notes"][0]["text"]) == (
        ["CCTV-9"], ["ADU-2612-000007"], "dua korban")
    kinds = [e["kind"] for e in detail["timeline"]]
    assert kinds[:2] == ["call_received", "incident_created"]
    assert {"call_merged", "unit_dispatched", "unit_en_route", "note_added", "camera_linked",
            "complaint_linked"} <= set(kinds)


def test_the_queues(run, databases, settings, new_incident):
    urgent, later = new_incident("KEBAKARAN"), new_incident("PMKS_ODGJ", address="Jl. Kedungdoro")
    waiting = run(service.take_call, OPERATOR, settings, caller_number="0811-2222-3333", now=at(2))
    with databases.transaction() as session:
        active = queries.active_incidents(session, OPERATOR, now=at(5))
        pending = queries.pending_calls(session, OPERATOR)
        fleet = queries.units(session, OPERATOR, agency_code="DPKP")
    assert [i["number"] for i in active] == [urgent.number, later.number]  # priority 1 before 3
    assert [(c["id"], c["caller"]) for c in pending] == [(waiting.id, "0811****3333")]
    assert len(fleet) == 36 and {u["agency_code"] for u in fleet} == {"DPKP"}
    assert all(u["lat"] is not None for u in fleet)  # at their posts


def test_suggested_units_are_the_nearest_available_of_the_needed_types(run, databases, new_incident):
    incident = new_incident("KEBAKARAN", lat=GENTENG[0], lon=GENTENG[1])  # needs DPKP fire_engine and rescue
    with databases.transaction() as session:
        first = queries.suggest_units(session, incident, limit=200)
    assert {(u.agency_code, u.unit_type) for u, _ in first} == {("DPKP", "fire_engine"), ("DPKP", "rescue")}
    distances = [far for _, far in first]
    assert distances == sorted(distances) and distances[0] < 50  # a unit based at the Genteng post
    nearest = first[0][0].code
    run(service.dispatch, OPERATOR, incident.number, nearest, now=at(1))
    with databases.transaction() as session:
        again = queries.suggest_units(session, incident, limit=3)
    assert nearest not in [u.code for u, _ in again] and len(again) == 3


def test_a_role_without_access_reads_nothing(databases):
    citizen = Viewer(user_id="9", username="lurah1", role="lurah", kelurahan_code="35.78.07.1001")
    with databases.transaction() as session:
        with pytest.raises(IncidentAccessDenied):
            queries.active_incidents(session, citizen)


def test_the_active_incidents_are_read_by_index_among_years_of_closed_ones(run, databases, new_incident):
    """With statistics that know years of closed incidents, the live map's read must not scan them
    all (SQLite did, before ix_incidents_active: 86 ms at 323,000 incidents instead of 0.4)."""
    from sqlalchemy import event, insert, text

    from modules.incidents.models import Incident

    active = new_incident("KEBAKARAN")
    with databases.transaction() as session:
        copied = session.get(Incident, active.id)
        row = {c.key: getattr(copied, c.key) for c in Incident.__table__.columns if c.key != "id"}
        session.execute(insert(Incident), [dict(row, number=f"INS-2001-{n:06d}", status="closed") for n in range(3000)])
    engine = databases.engine
    with engine.begin() as connection:
        connection.execute(text("ANALYZE"))
    statements = []

    def record(_connection, _cursor, sql, params, *_):
        statements.append((sql, params))

    event.listen(engine, "before_cursor_execute", record)
    try:
        with databases.transaction() as session:
            found = queries.active_incidents(session, OPERATOR, now=at(5))
    finally:
        event.remove(engine, "before_cursor_execute", record)
    assert [i["number"] for i in found] == [active.number]
    sql, params = next((s, p) for s, p in statements if "FROM incidents" in s and "status IN" in s)
    explain = "EXPLAIN QUERY PLAN" if engine.dialect.name == "sqlite" else "EXPLAIN"
    with engine.connect() as connection:
        plan = " ".join(str(line) for line in connection.exec_driver_sql(f"{explain} {sql}", params).all())
    assert "SCAN incidents" not in plan and "Seq Scan on incidents" not in plan, plan
