"""Complaint snapshots written straight into the change log, for ETL tests that need no module."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

from core.changelog import record_change

BASE = datetime(2026, 11, 2, 1, 0, tzinfo=timezone.utc)  # 08:00 WIB on a Monday


def snapshot(complaint_id: int, **changes) -> dict:
    received = changes.pop("received_at", BASE + timedelta(hours=complaint_id))
    values = {
        "id": complaint_id, "ticket": f"ADU-TEST-{complaint_id:06d}", "channel": "web", "category_code": "SAMPAH",
        "opd_code": "DLH", "status": "dispatched", "kecamatan_code": "357807", "kelurahan_code": "357807004",
        "lat": -7.26, "lon": 112.745, "received_at": received, "dispatched_at": received,
        "first_response_at": None, "feedback_at": None, "resolved_at": None, "closed_at": None,
        "first_response_due_at": received + timedelta(minutes=60), "feedback_due_at": received + timedelta(hours=24),
        "first_response_breached_at": None, "feedback_breached_at": None, "duplicate_of_id": None,
        "rejection_reason": None, "updated_at": received,
    }
    values.update(changes)
    return {k: (v.isoformat() if isinstance(v, datetime) else v) for k, v in values.items()}


def write_snapshots(databases, snapshots: list[dict], operation: str = "test") -> None:
    with databases.transaction() as session:
        for payload in snapshots:
            record_change(session, "complaint", payload["id"], operation, payload)
