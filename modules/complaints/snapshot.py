"""The change-log payload of a complaint: the contract the ETL reads.

`complaint_snapshot` returns a JSON-safe dict with exactly SNAPSHOT_KEYS: public facts only,
no personal data (no reporter, no description, no address). Timestamps are ISO-8601 UTC strings
to the second, e.g. "2026-11-22T10:15:00+00:00". It works on a `Complaint` object and on a row
of a query over the same columns (extract.py), so both give the same dict for the same complaint.
"""

from __future__ import annotations

from typing import Any

from core.clock import iso_utc

ENTITY = "complaint"  # the change log's `entity` for complaint rows
SNAPSHOT_VERSION = 2  # the change log's `schema_version`: raise it when the snapshot's shape changes
# Version 1 had no "rw" / "rt": the ETL reads both, a version-1 payload as a complaint without an RW.
READABLE_VERSIONS = (1, 2)

TIMESTAMP_KEYS = (
    "received_at", "dispatched_at", "first_response_at", "feedback_at", "resolved_at", "closed_at",
    "first_response_due_at", "feedback_due_at", "first_response_breached_at", "feedback_breached_at",
)
SNAPSHOT_KEYS = (
    "id", "ticket", "channel", "category_code", "opd_code", "status", "kecamatan_code", "kelurahan_code",
    "rw", "rt", "lat", "lon", *TIMESTAMP_KEYS, "duplicate_of_id", "rejection_reason", "updated_at",
)
_TEXT_KEYS = ("ticket", "channel", "category_code", "opd_code", "status", "kecamatan_code", "kelurahan_code",
              "rejection_reason")


def complaint_snapshot(complaint: Any) -> dict[str, Any]:
    """The public state of a complaint (an ORM object or a row with the same attribute names)."""
    snapshot: dict[str, Any] = {"id": int(complaint.id)}
    for key in _TEXT_KEYS:
        snapshot[key] = getattr(complaint, key)
    snapshot["rw"] = _int_or_none(complaint.rw)  # an area, like the kelurahan: not personal data
    snapshot["rt"] = _int_or_none(complaint.rt)
    snapshot["lat"] = _float_or_none(complaint.lat)
    snapshot["lon"] = _float_or_none(complaint.lon)
    for key in (*TIMESTAMP_KEYS, "updated_at"):
        snapshot[key] = iso_utc(getattr(complaint, key))
    snapshot["duplicate_of_id"] = None if complaint.duplicate_of_id is None else int(complaint.duplicate_of_id)
    return {key: snapshot[key] for key in SNAPSHOT_KEYS}


def _float_or_none(value) -> float | None:
    return None if value is None else float(value)


def _int_or_none(value) -> int | None:
    return None if value is None else int(value)
