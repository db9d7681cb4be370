"""Constants and small helpers shared by the channel tests (fixtures are in conftest.py)."""

from __future__ import annotations

import hashlib
import hmac
import json
import time
import xml.etree.ElementTree as ET
from dataclasses import replace
from datetime import datetime, timedelta, timezone

from modules.complaints import ComplaintIntake

GENTENG = "35.78.07"  # kecamatan of GENTENG_POINT (bundled boundaries), kelurahan 35.78.07.1004
GENTENG_POINT = (-7.2575, 112.7521)
OTHER_POINT = (-7.30, 112.70)  # kecamatan Dukuh Pakis 35.78.21
OUTSIDE_POINT = (-7.10, 112.30)  # in the sea north-west of the city
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 40
REPORTER_NAME, REPORTER_CONTACT = "Budi Santoso", "081234567890"
WEBHOOK_SECRET = "test-webhook-secret-0123456789abcdef"

# GeoReport v2 field lists (http://wiki.open311.org/GeoReport_v2), in the spec's order.
SERVICE_FIELDS = ["service_code", "service_name", "description", "metadata", "type", "keywords", "group"]
REQUEST_FIELDS = ["service_request_id", "status", "status_notes", "service_name", "service_code", "description",
                  "agency_responsible", "service_notice", "requested_datetime", "updated_datetime",
                  "expected_datetime", "address", "address_id", "zipcode", "lat", "long", "media_url"]
EXTENSION_FIELDS = ["pantau_status", "pantau_feedback", "pantau_feedback_datetime"]
POST_FIELDS = ["service_request_id", "service_notice", "account_id"]


def intake(**changes) -> ComplaintIntake:
    base = ComplaintIntake(channel="wargaku", category_code="JALAN_RUSAK",
                           description="Jalan berlubang di Jl. Tunjungan, mohon ditambal.",
                           lat=GENTENG_POINT[0], lon=GENTENG_POINT[1], address="Jl. Tunjungan 10",
                           reporter_name=REPORTER_NAME, reporter_contact=REPORTER_CONTACT)
    return replace(base, **changes)


def records(response, fmt: str) -> list[dict]:
    """The list a GeoReport endpoint returned, as dicts of text (XML) or values (JSON)."""
    if fmt == "json":
        return response.get_json()
    root = ET.fromstring(response.data)
    return [{child.tag: child.text for child in item} for item in root]


def spec_errors(response, fmt: str = "json") -> list[tuple[int, str]]:
    """(code, description) of each error in the spec's error format."""
    if fmt == "json":
        return [(error["code"], error["description"]) for error in response.get_json()]
    root = ET.fromstring(response.data)
    assert root.tag == "errors"
    return [(int(error.findtext("code")), error.findtext("description")) for error in root.findall("error")]


def message(**changes) -> dict:
    sent_at = (datetime.now(timezone(timedelta(hours=7))) - timedelta(hours=1)).isoformat(timespec="seconds")
    base = {"message_id": "sms-0001", "sent_at": sent_at,
            "sender": {"name": REPORTER_NAME, "contact": REPORTER_CONTACT},
            "text": "Sampah menumpuk di depan pasar, belum diangkut tiga hari.", "category_code": None,
            "lat": GENTENG_POINT[0], "lon": GENTENG_POINT[1], "address": None}
    return base | changes


def signed(body: bytes, secret: str = WEBHOOK_SECRET, timestamp: int | None = None) -> dict:
    """Headers as a gateway signs them (computed here, independently of the code under test)."""
    stamp = str(int(time.time()) if timestamp is None else timestamp)
    digest = hmac.new(secret.encode(), f"{stamp}.".encode() + body, hashlib.sha256).hexdigest()
    return {"Content-Type": "application/json", "X-Pantau-Timestamp": stamp, "X-Pantau-Signature": f"sha256={digest}"}


def post_message(client, payload: dict | bytes, source: str = "sms", **sign):
    body = payload if isinstance(payload, bytes) else json.dumps(payload).encode()
    return client.post(f"/webhooks/complaints/{source}", data=body, headers=signed(body, **sign))
