"""The inbound webhook for SMS gateways and social-media connectors: signed, replay-proof, typed."""

import json
import time
from datetime import datetime, timedelta, timezone

import pytest
from channel_helpers import (GENTENG, OUTSIDE_POINT, REPORTER_CONTACT, REPORTER_NAME, WEBHOOK_SECRET, message,
                             post_message, signed)
from sqlalchemy import select

from modules.complaints.models import InboundMessage


def test_a_signed_message_without_category_is_guessed_and_triaged(client, seeded, webhook_secret, load):
    response = post_message(client, message())
    assert response.status_code == 201, response.data
    answer = response.get_json()
    assert answer | {"ticket": None} == {"ticket": None, "status": "received", "category_code": "SAMPAH",
                                         "category_guessed": True, "triage": True}
    complaint, _ = load(answer["ticket"])
    assert (complaint.channel, complaint.category_code, complaint.opd_code) == ("sms", "SAMPAH", None)
    assert (complaint.kecamatan_code, complaint.external_id) == (GENTENG, "sms-0001")
    assert (complaint.reporter_name, complaint.reporter_contact) == (REPORTER_NAME, REPORTER_CONTACT)
    with seeded.session() as session:
        inbound = session.scalar(select(InboundMessage))
        assert (inbound.source, inbound.message_id, inbound.complaint_id) == ("sms", "sms-0001", complaint.id)


def test_a_message_with_a_category_is_routed(client, seeded, webhook_secret, load):
    response = post_message(client, message(category_code="JALAN_RUSAK", text="Jalan rusak"), source="whatsapp")
    assert response.status_code == 201
    complaint, _ = load(response.get_json()["ticket"])
    assert (complaint.channel, complaint.status, complaint.opd_code) == ("whatsapp", "dispatched", "DSDABM")


def test_a_social_media_post_is_triaged_even_with_a_category(client, seeded, webhook_secret):
    response = post_message(client, message(category_code="JALAN_RUSAK"), source="twitter")
    assert response.get_json()["triage"] is True and response.get_json()["status"] == "received"


def test_an_unmatched_text_falls_back_to_the_default_category(client, seeded, webhook_secret):
    response = post_message(client, message(text="Tolong dibantu, Pak."))
    assert response.get_json()["category_code"] == "JALAN_RUSAK" and response.get_json()["triage"] is True


def test_a_rotated_secret_accepts_the_old_and_the_new(client, seeded, monkeypatch):
    monkeypatch.setenv("PANTAU_WEBHOOK_SECRET_SMS", f"new-secret, {WEBHOOK_SECRET}")
    assert post_message(client, message(message_id="a"), secret="new-secret").status_code == 201
    assert post_message(client, message(message_id="b")).status_code == 201
    assert post_message(client, message(message_id="c"), secret="other").status_code == 401


def _headers_without(body: bytes, *names: str) -> dict:
    return {key: value for key, value in signed(body).items() if key not in names}


@pytest.mark.parametrize("case, headers, error", [
    ("unsigned", lambda body: {"Content-Type": "application/json"}, "unsigned"),
    ("no timestamp", lambda body: _headers_without(body, "X-Pantau-Timestamp"), "unsigned"),
    ("wrong secret", lambda body: signed(body, secret="guessed"), "bad_signature"),
    ("other body", lambda body: signed(body + b" "), "bad_signature"),
    ("timestamp changed", lambda body: signed(body) | {"X-Pantau-Timestamp": str(int(time.time()) + 1)},
     "bad_signature"),
    ("not unix seconds", lambda body: signed(body) | {"X-Pantau-Timestamp": "kemarin"}, "bad_signature"),
    ("stale", lambda body: signed(body, timestamp=int(time.time()) - 301), "stale_timestamp"),
    ("from the future", lambda body: signed(body, timestamp=int(time.time()) + 301), "stale_timestamp"),
])
def test_unsigned_badly_signed_and_stale_messages_are_401_and_write_nothing(client, seeded, webhook_secret, counts,
                                                                             case, headers, error):
    body = json.dumps(message()).encode()
    before = counts()
    response = client.post("/webhooks/complaints/sms", data=body, headers=headers(body))
    assert response.status_code == 401
    assert response.get_json()["error"] == error and response.get_json()["message"]
    assert counts() == before


def test_a_replayed_message_is_409_and_files_nothing_more(client, seeded, webhook_secret, counts):
    assert post_message(client, message()).status_code == 201
    before = counts()
    response = post_message(client, message(text="Same id, other text"))
    assert response.status_code == 409
    assert response.get_json()["error"] == "replayed" and "sms-0001" in response.get_json()["message"]
    assert counts() == before
    assert post_message(client, message(), source="whatsapp").status_code == 201  # ids are per source


@pytest.mark.parametrize("varied", [" sms-0001", "SMS-0001", "sms-0001\t", "Sms-0001 "])
def test_a_replay_with_a_trivially_varied_id_is_caught(client, seeded, webhook_secret, counts, varied):
    assert post_message(client, message(message_id="sms-0001")).status_code == 201
    before = counts()
    assert post_message(client, message(message_id=varied)).status_code == 409
    assert counts() == before


def test_text_just_inside_the_window_and_with_tabs_and_newlines_is_accepted(client, seeded, webhook_secret):
    accepted = message(sent_at=_sent(days=-6, hours=-23), text="Sampah menumpuk.\n\tSudah tiga hari.")
    assert post_message(client, accepted).status_code == 201


def _sent(**from_now) -> str:
    return (datetime.now(timezone.utc) + timedelta(**from_now)).isoformat(timespec="seconds")


def _without(name: str) -> dict:
    payload = message()
    del payload[name]
    return payload


@pytest.mark.parametrize("payload, field", [
    (b"{not json", "body"),
    (b"\xff\xfe\x00", "body"),
    (b'["a list"]', "body"),
    (message(message_id=7), "message_id"),
    (message(message_id=""), "message_id"),
    (message(message_id="x" * 101), "message_id"),
    (_without("sent_at"), "sent_at"),
    (message(sent_at="kemarin sore"), "sent_at"),
    (message(sent_at="2026-11-20T08:15:00"), "sent_at"),
    (_without("sender"), "sender"),
    (message(sender="Budi"), "sender"),
    (message(sender={"name": "Budi"}), "sender.contact"),
    (message(sender={"name": 5, "contact": "0812"}), "sender.name"),
    (_without("text"), "text"),
    (message(text=["a"]), "text"),
    (message(category_code=12), "category_code"),
    (message(lat="-7.25"), "lat"),
    (message(lon=True), "lon"),
    (message(address={"street": "x"}), "address"),
    (message(lat=10**400), "lat"),  # 1 followed by 400 zeros: no float holds it
    (b"[" * 30_000, "body"),
    (message(sent_at="0001-01-01T00:00:00+07:00"), "sent_at"),
    (message(sent_at="9999-12-31T23:59:59-05:00"), "sent_at"),
    (message(sent_at="1970-01-01T00:00:00+00:00"), "sent_at"),
    (lambda: message(sent_at=_sent(days=-8)), "sent_at"),  # just outside the window, both ends (made
    (lambda: message(sent_at=_sent(minutes=6)), "sent_at"),  # when the test runs, not when it is collected)
    (message(sent_at="2099-01-01T00:00:00+07:00"), "sent_at"),
])
def test_a_malformed_payload_is_400_naming_the_field(client, seeded, webhook_secret, counts, payload, field):
    payload = payload() if callable(payload) else payload
    before = counts()
    response = post_message(client, payload)
    assert response.status_code == 400
    answer = response.get_json()
    assert (answer["error"], answer["field"]) == ("invalid_payload", field)
    assert answer["message"].startswith(f"{field}: ")
    assert counts() == before


@pytest.mark.parametrize("changes, field", [
    (dict(lat=None, lon=None), "location"),
    (dict(lat=OUTSIDE_POINT[0], lon=OUTSIDE_POINT[1]), "location"),
    (dict(text="   "), "text"),
    (dict(text="x" * 4001), "text"),
    (dict(category_code="NOPE"), "category_code"),
    (dict(sender={"name": None, "contact": "0" * 201}), "sender.contact"),
    (dict(text="Jalan\x00rusak"), "text"),  # NUL: PostgreSQL cannot store it, SQLite would
    (dict(text="Jalan \ud800 rusak"), "text"),  # a lone surrogate
    (dict(address="Jl. Tunjungan\x1b[31m"), "address"),
    (dict(sender={"name": "Budi\x7f", "contact": "0812"}), "sender.name"),
    (dict(sender={"name": None, "contact": "0812\x00"}), "sender.contact"),
    (dict(message_id="sms-\x00-1"), "message_id"),
])
def test_a_message_the_service_refuses_is_400_naming_the_payload_field(client, seeded, webhook_secret, counts,
                                                                       changes, field):
    before = counts()
    response = post_message(client, message(**changes))
    assert response.status_code == 400, response.data
    assert (response.get_json()["error"], response.get_json()["field"]) == ("invalid_complaint", field)
    assert counts() == before  # the message is not remembered either: a corrected retry is accepted


def test_an_oversized_body_is_413(client, seeded, webhook_secret, counts):
    before = counts()
    response = post_message(client, message(text="x" * 70_000))
    assert response.status_code == 413 and response.get_json()["error"] == "too_large"
    assert counts() == before


@pytest.mark.parametrize("source, error", [("pigeon", "unknown_source"), ("facebook", "source_disabled")])
def test_an_unknown_or_disabled_source_is_404(client, seeded, webhook_secret, source, error):
    response = post_message(client, message(), source=source)
    assert response.status_code == 404 and response.get_json()["error"] == error


@pytest.mark.parametrize("method, path, status", [
    ("get", "/webhooks/complaints/sms", 405), ("put", "/webhooks/complaints/sms", 405),
    ("get", "/webhooks/complaints/", 404), ("post", "/webhooks/complaints/sms/extra", 404),
])
def test_nothing_else_under_the_public_prefix_answers(client, seeded, webhook_secret, method, path, status):
    response = getattr(client, method)(path)
    assert response.status_code == status and response.get_json()["error"]  # JSON, not the Dash page
