"""The change-log contract the ETL depends on: exact keys, JSON-safe, no personal data, and the
last change-log snapshot of each complaint equal to its extract snapshot."""

import json
import re
from datetime import timedelta

from complaints_helpers import BINA_MARGA, DLH, NOW, OPERATOR
from sqlalchemy import select

from core.changelog import ChangeLogEntry
from modules.complaints import SNAPSHOT_KEYS, extract_complaint_snapshots, service
from modules.complaints.models import ComplaintHistory

CONTRACT_KEYS = [
    "id", "ticket", "channel", "category_code", "opd_code", "status", "kecamatan_code", "kelurahan_code", "rw",
    "rt", "lat", "lon", "received_at", "dispatched_at", "first_response_at", "feedback_at", "resolved_at", "closed_at",
    "first_response_due_at", "feedback_due_at", "first_response_breached_at", "feedback_breached_at",
    "duplicate_of_id", "rejection_reason", "updated_at",
]
ISO_UTC = re.compile(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\+00:00")
MINUTE = timedelta(minutes=1)


def last_payloads(databases) -> dict[int, dict]:
    with databases.session() as session:
        entries = session.scalars(select(ChangeLogEntry).where(ChangeLogEntry.entity == "complaint")
                                  .order_by(ChangeLogEntry.position)).all()
    return {int(entry.entity_id): entry.payload for entry in entries}


def busy_day(file, act, seeded, settings):
    """Complaints that went through every kind of change."""
    closed = file()
    duplicate = file(lat=-7.2574, now=NOW + 5 * MINUTE)
    for step, actor, args in [("respond", BINA_MARGA, ("",)), ("start_work", BINA_MARGA, ("",)),
                              ("send_feedback", BINA_MARGA, ("ok",)), ("resolve", BINA_MARGA, ("",)),
                              ("close", OPERATOR, ("",))]:
        act(step, actor, closed, *args, now=NOW + 30 * MINUTE)
    act("confirm_duplicate", BINA_MARGA, duplicate, now=NOW + 50 * MINUTE)
    moved = file(lat=-7.30, lon=112.70)
    act("transfer", BINA_MARGA, moved, "DLH", "pohon", now=NOW + MINUTE)
    act("respond", DLH, moved, "", now=NOW + 3 * MINUTE)
    triage = file(channel="twitter", triage=True, lat=None, lon=None, address="Jl. Demak")
    act("reject", OPERATOR, triage, "spam", "iklan", now=NOW + 5 * MINUTE)
    act("reopen", OPERATOR, triage, "bukan iklan", now=NOW + 6 * MINUTE)
    forgotten = file(lat=-7.26, lon=112.70)
    with seeded.transaction() as session:
        service.sweep_sla_breaches(session, settings, NOW + timedelta(hours=30))
    return [closed, duplicate, moved, triage, forgotten]


def test_the_snapshot_has_exactly_the_contract_keys(file, load):
    from modules.complaints import complaint_snapshot

    assert list(SNAPSHOT_KEYS) == CONTRACT_KEYS
    assert list(complaint_snapshot(load(file()))) == CONTRACT_KEYS


def test_every_payload_is_json_with_utc_timestamps_and_no_personal_data(seeded, settings, file, act):
    busy_day(file, act, seeded, settings)
    for payload in last_payloads(seeded).values():
        assert list(payload) == CONTRACT_KEYS
        assert json.loads(json.dumps(payload)) == payload
        for key in CONTRACT_KEYS:
            if key.endswith("_at") and payload[key] is not None:
                assert ISO_UTC.fullmatch(payload[key]), (key, payload[key])
        text = json.dumps(payload)
        assert "Budi" not in text and "0812" not in text and "Tunjungan" not in text
        assert isinstance(payload["id"], int)
        assert payload["lat"] is None or isinstance(payload["lat"], float)


def test_the_last_change_log_snapshot_equals_the_extract(seeded, settings, file, act):
    ids = busy_day(file, act, seeded, settings)
    with seeded.session() as session:
        extracted = {row["id"]: row for row in extract_complaint_snapshots(session)}
    last = last_payloads(seeded)
    assert sorted(extracted) == sorted(ids) == sorted(last)
    assert last == extracted
    closed, duplicate, moved, triage, forgotten = (extracted[i] for i in ids)
    assert closed["status"] == "closed" and closed["closed_at"] == "2026-11-23T02:30:00+00:00"
    assert (duplicate["rejection_reason"], duplicate["duplicate_of_id"]) == ("duplicate", ids[0])
    assert moved["opd_code"] == "DLH"
    assert (triage["status"], triage["opd_code"], triage["kecamatan_code"]) == ("received", None, None)
    assert forgotten["feedback_breached_at"] == "2026-11-24T02:00:00+00:00"


def test_every_change_writes_one_history_row_and_one_change_row(seeded, settings, file, act):
    busy_day(file, act, seeded, settings)
    with seeded.session() as session:
        history = session.execute(select(ComplaintHistory.complaint_id, ComplaintHistory.action)
                                  .order_by(ComplaintHistory.id)).all()
        changes = session.execute(select(ChangeLogEntry.entity_id, ChangeLogEntry.operation)
                                  .where(ChangeLogEntry.entity == "complaint").order_by(ChangeLogEntry.position)).all()
    assert [(str(cid), action) for cid, action in history] == [tuple(change) for change in changes]


def test_the_extract_pages_by_id(seeded, file):
    ids = [file(lat=-7.25 - i / 1000, lon=112.72) for i in range(5)]
    with seeded.engine.connect() as connection:  # a Connection works as well as a Session
        first = extract_complaint_snapshots(connection, limit=2)
        rest = extract_complaint_snapshots(connection, after_id=first[-1]["id"])
    assert [row["id"] for row in first + rest] == ids


def test_bulk_insert_writes_history_and_a_matching_change_row(seeded, settings):
    rows = [dict(channel="web", category_code="SAMPAH", description="sampah", status="closed", opd_code="DLH",
                 lat=-7.2575, lon=112.7521, reporter_name="Siti", reporter_contact="0813",
                 received_at=NOW, dispatched_at=NOW, first_response_at=NOW + 90 * MINUTE,
                 feedback_at=NOW + 100 * MINUTE, resolved_at=NOW + 200 * MINUTE, closed_at=NOW + 300 * MINUTE),
            dict(channel="sms", category_code="PKL", description="pkl", status="received", lat=None, lon=None,
                 address="Jl. Demak", received_at=NOW + 10 * MINUTE)]
    with seeded.transaction() as session:
        ids = service.bulk_insert_complaints(session, rows, settings, now=NOW + timedelta(hours=2))
        with_tickets = [service.get_complaint(session, OPERATOR, cid) for cid in ids]
    assert len(set(c.ticket for c in with_tickets)) == 2
    assert with_tickets[0].kecamatan_code == "35.78.07"  # located in bulk
    assert with_tickets[0].first_response_breached_at == NOW + 60 * MINUTE  # responded after 90 minutes
    assert with_tickets[1].first_response_breached_at == NOW + 70 * MINUTE  # still waiting at `now`
    with seeded.session() as session:
        steps = session.scalars(select(ComplaintHistory.action).where(ComplaintHistory.complaint_id == ids[0])
                                .order_by(ComplaintHistory.id)).all()
        extracted = {row["id"]: row for row in extract_complaint_snapshots(session)}
    assert steps == ["submitted", "dispatched", "first_response_breached", "responded", "feedback_sent", "resolved",
                     "closed"]
    assert last_payloads(seeded) == extracted
