"""Work the system already saw: a complaint responded and resolved through the complaint service, an
incident dispatched, cleared and closed through the incident service, and e-Office's rows in the
change log, each by a user linked to a staff record, show up in his suggestions for that city day
(and nobody else's), as a proposal the service takes; a case he reported is left out; the
supervisor's queue says whether the log shows the case work a line names."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from kinerja_helpers import NOW, WEDNESDAY, at, form
from sqlalchemy import select

from core.changelog import ChangeLogEntry, record_change
from core.clock import CITY_ZONE
from modules.complaints import ComplaintIntake
from modules.complaints import service as complaints
from modules.incidents import service as incidents
from modules.kinerja import reads, service
from modules.kinerja.sample import add_staff
from modules.kinerja.suggestions import suggestions
from modules.staff.models import Staff

GENTENG_POINT = (-7.2575, 112.7521)


@pytest.fixture
def bina_marga(databases):
    """A head of section of Bina Marga (DSDABM) who is its complaint desk, and his supervisor."""
    with databases.transaction() as session:
        boss, boss_viewer = add_staff(session, "Kabid Jalan", "Kepala Bidang", opd="DSDABM", unit="Bidang Jalan",
                                      username="kabid.jalan")
        desk, viewer = add_staff(session, "Kasi Pemeliharaan", "Kepala Seksi", opd="DSDABM", unit="Bidang Jalan",
                                 supervisor=boss, username="tpkpm.binamarga")
    return desk.id, viewer, boss_viewer


def file_complaint(databases, settings) -> tuple[int, str]:
    intake = ComplaintIntake(channel="wargaku", category_code="JALAN_RUSAK", description="Jalan berlubang besar",
                             lat=GENTENG_POINT[0], lon=GENTENG_POINT[1], address="Jl. Tunjungan 10",
                             reporter_name="Warga", reporter_contact="081234567890")
    with databases.transaction() as session:
        complaint = complaints.submit_complaint(session, intake, settings, now=NOW)
        return complaint.id, complaint.ticket


def city_day_of(databases, entity: str, operation: str | None = None) -> date:
    """The city day the change log recorded the newest row of `entity` (its clock is the real one)."""
    with databases.session() as session:
        query = select(ChangeLogEntry.recorded_at).where(ChangeLogEntry.entity == entity)
        if operation:
            query = query.where(ChangeLogEntry.operation == operation)
        return session.scalar(query.order_by(ChangeLogEntry.position.desc()).limit(1)).astimezone(CITY_ZONE).date()


def proposals(databases, staff_id: int, day: date) -> list[dict]:
    with databases.session() as session:
        return suggestions(session, session.get(Staff, staff_id), day)


def test_a_complaint_he_resolved_is_proposed_taken_and_then_left_out(seeded, settings, bina_marga, team, run):
    desk_id, desk, boss = bina_marga
    complaint_id, ticket = file_complaint(seeded, settings)
    run(complaints.respond, desk, complaint_id, "tim meluncur", now=NOW)
    run(complaints.start_work, desk, complaint_id, now=NOW + timedelta(minutes=20))
    run(complaints.resolve, desk, complaint_id, "lubang ditambal", now=NOW + timedelta(hours=2))
    day = city_day_of(seeded, "complaint", "resolved")
    with seeded.session() as session:  # the system's own steps name no one
        actors = dict(session.execute(select(ChangeLogEntry.operation, ChangeLogEntry.actor)
                                      .where(ChangeLogEntry.entity == "complaint")).all())
    assert actors == {"submitted": None, "dispatched": None, "responded": "tpkpm.binamarga",
                      "work_started": "tpkpm.binamarga", "resolved": "tpkpm.binamarga"}

    found = proposals(seeded, desk_id, day)
    assert [(each["kind"], each["ref"], each["acts"]) for each in found] == [
        ("complaint", ticket, ["responded", "work_started", "resolved"])]
    line = found[0]["activity"]
    assert (line["day"], line["link_kind"], line["link_ref"]) == (day.isoformat(), "complaint", ticket)
    assert line["description"] == f"Menanggapi, mulai mengerjakan, menyelesaikan aduan {ticket}"
    assert proposals(seeded, team.staf_a.id, day) == []                   # nobody else's day
    assert proposals(seeded, desk_id, day - timedelta(days=1)) == []      # nor another day

    evening = at(day, 23, 59)
    taken = run(service.create_activity, desk, line, settings.kinerja, now=evening)
    assert (taken.link_kind, taken.link_ref, taken.minutes >= 15) == ("complaint", ticket, True)
    assert proposals(seeded, desk_id, day) == []                          # reported: left out

    other_id, other_ticket = file_complaint(seeded, settings)             # a case he never touched
    # a slot the proposed line (timed by the real clock, a quarter of an hour) does not take
    start = "00:00" if line["start"] >= "01:00" else "12:00"
    unseen = run(service.create_activity, desk, form(day=day.isoformat(), start=start, end=start[:3] + "10",
                                                     link_kind="complaint", link_ref=other_ticket.lower()),
                 settings.kinerja, now=evening)
    run(service.submit, desk, [taken.id, unseen.id], now=evening)
    queue = run(reads.queue, boss, settings.kinerja, day)
    assert {line["link_ref"]: line["seen_in_log"] for line in queue["activities"]} == {ticket: True,
                                                                                      other_ticket: False}


def test_an_incident_he_dispatched_cleared_and_closed_is_proposed(databases, fleet, settings, run):
    with databases.transaction() as session:
        person, operator = add_staff(session, "Operator CC", "Operator", opd="DISHUB", unit="Command Center",
                                     username="operator.cc", role="operator")
    call = run(incidents.take_call, operator, settings, caller_number="0812-3456-7890", now=NOW)
    incident = run(incidents.create_incident, operator, settings, call.id, category_code="KEBAKARAN",
                   lat=-7.2590, lon=112.7440, now=NOW)
    sent = run(incidents.dispatch, operator, incident.number, "DPKP-FE-01", now=NOW + timedelta(minutes=1))
    for minute, status in ((3, "en_route"), (9, "on_scene"), (40, "cleared")):
        run(incidents.update_dispatch, operator, sent.id, status, now=NOW + timedelta(minutes=minute))
    run(incidents.close_incident, operator, incident.number, now=NOW + timedelta(minutes=45))
    day = city_day_of(databases, "incident")
    found = proposals(databases, person.id, day)
    assert [(each["kind"], each["ref"]) for each in found] == [("incident", incident.number)]
    assert {"call_taken", "recorded", "dispatched", "cleared", "closed"} <= set(found[0]["acts"])
    assert run(service.create_activity, operator, found[0]["activity"], settings.kinerja,
               now=at(day, 23, 59)).link_ref == incident.number


def test_letters_are_read_from_e_office_rows_in_the_change_log_by_entity_name(databases, team, run, settings):
    with databases.transaction() as session:  # what e-Office logs: operation upsert, the status in the payload
        record_change(session, "office_letter", "41", "upsert", {"id": 41, "status": "registered"}, 1)
        record_change(session, "office_disposition", "7", "upsert", {"id": 7, "letter_id": 41, "status": "unread"}, 1,
                      actor="staf.a")
        record_change(session, "office_letter", "41", "upsert", {"id": 41, "status": "followed_up"}, 1,
                      actor="staf.a")
        record_change(session, "office_letter", "42", "upsert", {"id": 42, "status": "registered"}, 1,
                      actor="staf.b")
    day = city_day_of(databases, "office_letter")
    found = proposals(databases, team.staf_a.id, day)
    assert [(each["kind"], each["ref"], each["acts"]) for each in found] == [("letter", "41", ["unread", "followed_up"])]
    assert found[0]["activity"]["description"] == "Mendisposisikan, menindaklanjuti surat 41"
    taken = run(service.create_activity, team.staf_a.viewer, found[0]["activity"], settings.kinerja,
                now=at(day, 23, 59))
    assert (taken.link_kind, taken.link_ref) == ("letter", "41")


def test_the_proposed_times_run_from_before_the_first_act_to_the_last_in_five_minute_steps():
    from datetime import datetime, timezone

    from modules.kinerja.suggestions import Case, proposal

    first = datetime(2026, 11, 25, 2, 7, tzinfo=timezone.utc)   # 09:07 city time
    case = Case("complaint", "ADU-2611-000001", first, first)
    case.add("resolved", first + timedelta(minutes=61))          # 10:08
    line = proposal(case, WEDNESDAY)["activity"]
    assert (line["start"], line["end"]) == ("08:50", "10:10")
    early = Case("incident", "INS-2611-000001", datetime(2026, 11, 24, 17, 3, tzinfo=timezone.utc),
                 datetime(2026, 11, 24, 17, 3, tzinfo=timezone.utc))  # 00:03 city time
    assert (proposal(early, WEDNESDAY)["activity"]["start"], proposal(early, WEDNESDAY)["activity"]["end"]) == (
        "00:00", "00:15")
