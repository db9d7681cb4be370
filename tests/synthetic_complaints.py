"""Complaint snapshots written straight into the change log, for ETL tests that need no module."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

from core.changelog import record_change
from core.clock import CITY_ZONE

BASE = datetime(2026, 11, 2, 1, 0, tzinfo=timezone.utc)  # 08:00 WIB on a Monday


def snapshot(complaint_id: int, **changes) -> dict:
    received = changes.pop("received_at", BASE + timedelta(hours=complaint_id))
    values = {
        "id": complaint_id, "ticket": f"ADU-TEST-{complaint_id:06d}", "channel": "web", "category_code": "SAMPAH",
        "opd_code": "DLH", "status": "dispatched", "kecamatan_code": "35.78.07", "kelurahan_code": "35.78.07.1004",
        "rw": None, "rt": None, "lat": -7.26, "lon": 112.745, "received_at": received, "dispatched_at": received,
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


def city_day_start(now: datetime) -> datetime:
    return now.astimezone(CITY_ZONE).replace(hour=0, minute=0, second=0, microsecond=0).astimezone(timezone.utc)


def received_today(snapshots: list[dict], now: datetime | None = None) -> list[int]:
    """The ids of the snapshots received since the city's midnight: 'today' on every page. Just after
    midnight WIB, 'today' holds fewer of the known complaints; tests count them rather than assume."""
    start = city_day_start(now or datetime.now(timezone.utc))
    return [s["id"] for s in snapshots if datetime.fromisoformat(s["received_at"]) >= start]


def known_snapshots(today=None) -> list[dict]:
    """Twelve complaints over the last three days, by design:
    - DLH (SAMPAH) in Genteng/Ketabang: ids 1-4; 1 responded in 30 min (met), 2 breached, 3 open pending,
      4 resolved and closed with feedback in 10 h. 1 and 3 in RW 01 (3 in its RT 02), 2 in RW 02, 4 no RW.
    - DSDABM (JALAN_RUSAK) in Tambaksari: ids 5-8, channel whatsapp; 5 met, 6 breached, 7-8 open.
    - DISHUB (PARKIR_LIAR) in Wonokromo: ids 9-10, channel twitter, 9 met, 10 pending.
    - Triage (no OPD yet, PKL) with only an address: 11. 12 rejected as spam (DLH).
    Times are relative to now so 'today' and 'open now' queries have data."""
    now = datetime.now(timezone.utc).replace(microsecond=0)
    day = timedelta(days=1)

    def at(days_ago, minutes=0):
        return now - days_ago * day + timedelta(minutes=minutes)

    genteng = dict(kecamatan_code="35.78.07", kelurahan_code="35.78.07.1004", lat=-7.258, lon=112.744)
    tambaksari = dict(kecamatan_code="35.78.10", kelurahan_code="35.78.10.1008", lat=-7.250, lon=112.762)
    wonokromo = dict(kecamatan_code="35.78.04", kelurahan_code="35.78.04.1005", lat=-7.295, lon=112.740)
    r = {i: at(2, -i) for i in range(1, 13)}
    return [
        snapshot(1, received_at=r[1], status="responded", first_response_at=r[1] + timedelta(minutes=30), rw=1,
                 **genteng),
        snapshot(2, received_at=r[2], status="in_progress", first_response_at=r[2] + timedelta(minutes=95),
                 first_response_breached_at=r[2] + timedelta(minutes=61), rw=2, **genteng),
        # 3 is today's newest whatever the hour (just after midnight WIB, less than 5 minutes ago)
        snapshot(3, received_at=max(at(0, -5), city_day_start(now)), status="dispatched", rw=1, rt=2, **genteng),
        snapshot(4, received_at=r[4], status="closed", first_response_at=r[4] + timedelta(minutes=20),
                 feedback_at=r[4] + timedelta(hours=10), resolved_at=r[4] + timedelta(hours=9),
                 closed_at=r[4] + timedelta(hours=11), **genteng),
        snapshot(5, received_at=r[5], category_code="JALAN_RUSAK", opd_code="DSDABM", channel="whatsapp",
                 status="responded", first_response_at=r[5] + timedelta(minutes=50), **tambaksari),
        snapshot(6, received_at=r[6], category_code="JALAN_RUSAK", opd_code="DSDABM", channel="whatsapp",
                 status="dispatched", first_response_breached_at=r[6] + timedelta(minutes=61),
                 feedback_breached_at=r[6] + timedelta(hours=24, minutes=1), **tambaksari),
        snapshot(7, received_at=at(1), category_code="JALAN_RUSAK", opd_code="DSDABM", channel="whatsapp",
                 status="dispatched", first_response_breached_at=at(1, 61), **tambaksari),
        snapshot(8, received_at=at(0, -10), category_code="JALAN_RUSAK", opd_code="DSDABM", channel="whatsapp",
                 status="dispatched", **tambaksari),
        snapshot(9, received_at=r[9], category_code="PARKIR_LIAR", opd_code="DISHUB", channel="twitter",
                 status="responded", first_response_at=r[9] + timedelta(minutes=12), **wonokromo),
        snapshot(10, received_at=at(0, -20), category_code="PARKIR_LIAR", opd_code="DISHUB", channel="twitter",
                 status="dispatched", **wonokromo),
        snapshot(11, received_at=at(0, -35), category_code="PKL", opd_code=None, status="received",
                 dispatched_at=None, kecamatan_code=None, kelurahan_code=None, lat=None, lon=None),
        snapshot(12, received_at=r[12], status="rejected", rejection_reason="spam", **genteng),
    ]
