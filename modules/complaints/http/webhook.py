"""Inbound webhook for SMS gateways and social-media connectors: one signed JSON message per call.

    POST /webhooks/complaints/<source>      source: sms, whatsapp, facebook, twitter, instagram,
                                            wargaku, live_chat
    X-Pantau-Timestamp: <unix seconds>      refused when more than 5 minutes off our clock
    X-Pantau-Signature: sha256=<hex>        HMAC-SHA256 of "<timestamp>.<raw body>" with the source's secret

    {"message_id": str, "sent_at": ISO 8601 datetime with offset, at most 7 days ago (5 minutes ahead),
     "sender": {"name": str|null, "contact": str}, "text": str, "category_code": str|null,
     "lat": float|null, "lon": float|null, "address": str|null}

Text fields hold no control characters but tab and newlines (modules/complaints/intake.py); a
message id is compared case- and space-insensitively against those seen before. The limits are
published in the OpenAPI document (open311/openapi.py).

The secret of a source is the environment variable PANTAU_WEBHOOK_SECRET_<SOURCE> (several,
comma-separated, while a secret is rotated); a source without one is disabled. `manage.py
webhook-secret SOURCE` makes one. A message without a category gets one guessed from its words
(keywords.py) and, like every public social-media post, waits in the triage queue for staff.

Answers are JSON: 201 {ticket, ...}; errors {"error": code, "message": ..., "field"?: ...} with
400 (malformed, naming the field), 401 (unsigned, bad signature, stale timestamp), 404 (unknown
or disabled source), 409 (message_id seen before), 413 (body over 64 KB).
"""

from __future__ import annotations

import json
import os
import time
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone

from flask import Blueprint, jsonify, request
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from werkzeug.exceptions import RequestEntityTooLarge

from core import webhooks
from core.messages import ENGLISH, error_text, text as message_text
from modules.complaints.models import ComplaintCategory
from core.services import current_services
from core.webhooks import signature_of  # noqa: F401 - gateways' tests and tools sign with it
from modules.complaints import service as complaint_service
from modules.complaints.access import system_actor
from modules.complaints.errors import ComplaintValidationError, InboundReplay
from modules.complaints.intake import ComplaintIntake
from modules.complaints.keywords import guess_category

blueprint = Blueprint("complaints_webhook", __name__, url_prefix="/webhooks/complaints")
PUBLIC_PREFIXES = ("/webhooks/complaints/",)

SOURCES = ("sms", "whatsapp", "facebook", "twitter", "instagram", "wargaku", "live_chat")  # = their channel
SCREENED_SOURCES = ("facebook", "twitter", "instagram")  # public posts: the Media Center reads them first
SECRET_ENV_PREFIX = "PANTAU_WEBHOOK_SECRET_"
MAX_BODY_BYTES = 64 * 1024
MAX_CLOCK_SKEW_SECONDS = webhooks.MAX_CLOCK_SKEW_SECONDS
MAX_MESSAGE_ID = 100  # kept as the complaint's external_id
# How late a message may arrive: a gateway that was offline delivers its queue late, not months
# late; and a sent_at of 1970 or 9999 is a broken sender, not a complaint.
MAX_SENT_AGE = timedelta(days=7)

# Intake fields named as the payload field the gateway sent.
PAYLOAD_FIELD = {"description": "text", "reporter_name": "sender.name", "reporter_contact": "sender.contact",
                 "received_at": "sent_at", "external_id": "message_id"}


class WebhookError(Exception):
    def __init__(self, status: int, error: str, message: str, field: str | None = None):
        super().__init__(message)
        self.status, self.error, self.message, self.field = status, error, message, field

    def body(self) -> dict:
        return {"error": self.error, "message": self.message} | ({"field": self.field} if self.field else {})


@dataclass(frozen=True)
class GatewayMessage:
    message_id: str
    sent_at: datetime
    sender_name: str | None
    sender_contact: str
    text: str
    category_code: str | None
    lat: float | None
    lon: float | None
    address: str | None


def secret_env_name(source: str) -> str:
    return webhooks.secret_env_name(SECRET_ENV_PREFIX, source)


def source_secrets(source: str, environ=os.environ) -> list[str]:
    return webhooks.source_secrets(SECRET_ENV_PREFIX, source, environ)


# === the endpoint ==============================================================================

@blueprint.before_request
def limit_body_size():
    request.max_content_length = MAX_BODY_BYTES  # also stops a chunked body that has no length
    if (request.content_length or 0) > MAX_BODY_BYTES:
        raise RequestEntityTooLarge()


@blueprint.post("/<source>")
def receive(source: str):
    shared_secrets = _enabled_source(source)
    body = request.get_data(cache=False)
    verify_signature(body, request.headers.get("X-Pantau-Timestamp"), request.headers.get("X-Pantau-Signature"),
                     shared_secrets, time.time())
    message = parse_message(body, datetime.now(timezone.utc))
    services = current_services()
    try:
        with services.databases.transaction() as session:
            filed = _file(session, source, message, services.settings)
    except IntegrityError as error:
        if "complaint_inbound_messages" not in str(error.orig):
            raise
        # A second delivery raced the first past the replay check; the unique key caught it.
        raise WebhookError(409, "replayed", f"message {message.message_id!r} from {source} was received already",
                           "message_id") from None
    return jsonify(filed), 201


@blueprint.route("/", defaults={"rest": ""}, methods=["GET", "POST", "PUT", "PATCH", "DELETE"])
@blueprint.route("/<path:rest>", methods=["GET", "POST", "PUT", "PATCH", "DELETE"])
def unknown_endpoint(rest: str):
    """Everything else under the public prefix (which would otherwise reach the Dash page route)."""
    if rest in SOURCES:
        raise WebhookError(405, "method_not_allowed", "send each message with POST")
    raise WebhookError(404, "unknown_source", f"no webhook at {request.path} (known sources: {', '.join(SOURCES)})")


def _file(session, source: str, message: GatewayMessage, settings) -> dict:
    """Registers the message (refusing a replay) and files it as a complaint, in one transaction."""
    inbound = complaint_service.register_inbound_message(session, source, message.message_id)
    category = message.category_code or guess_category(message.text, _active_categories(session))
    triage = message.category_code is None or source in SCREENED_SOURCES
    intake = ComplaintIntake(
        channel=source, category_code=category, description=message.text, lat=message.lat, lon=message.lon,
        address=message.address, reporter_name=message.sender_name, reporter_contact=message.sender_contact,
        external_id=message.message_id, received_at=message.sent_at, triage=triage)
    complaint = complaint_service.submit_complaint(session, intake, settings, actor=system_actor(f"webhook:{source}"))
    complaint_service.link_inbound_message(session, inbound, complaint)
    return {"ticket": complaint.ticket, "status": complaint.status, "category_code": category,
            "category_guessed": message.category_code is None, "triage": triage}


def _enabled_source(source: str) -> list[str]:
    if source not in SOURCES:
        raise WebhookError(404, "unknown_source", f"unknown source {source!r} (known: {', '.join(SOURCES)})")
    shared_secrets = source_secrets(source)
    if not shared_secrets:
        raise WebhookError(404, "source_disabled", f"the {source} webhook is not enabled on this server")
    return shared_secrets


def _active_categories(session) -> set[str]:
    return set(session.scalars(select(ComplaintCategory.code).where(ComplaintCategory.active.is_(True))))


# === signature =================================================================================

# The answer to each of core.webhooks' signature problems: (error code of the body, message).
SIGNATURE_ERRORS = {
    "unsigned": ("unsigned", "send X-Pantau-Timestamp and X-Pantau-Signature: sha256=<hex>"),
    "bad_timestamp": ("bad_signature", "X-Pantau-Timestamp must be unix seconds"),
    "bad_signature": ("bad_signature", "the signature does not match the body and timestamp"),
    "stale_timestamp": ("stale_timestamp", f"X-Pantau-Timestamp is more than {MAX_CLOCK_SKEW_SECONDS // 60} "
                                           "minutes from the server's clock"),
}


def verify_signature(body: bytes, timestamp: str | None, signature: str | None, shared_secrets: list[str],
                     now: float) -> None:
    """Raises WebhookError 401 unless one of `shared_secrets` signed this body at a time close to `now`."""
    problem = webhooks.signature_problem(body, timestamp, signature, shared_secrets, now, MAX_CLOCK_SKEW_SECONDS)
    if problem is not None:
        raise WebhookError(401, *SIGNATURE_ERRORS[problem])


# === payload ===================================================================================

def parse_message(body: bytes, now: datetime) -> GatewayMessage:
    """The documented payload, type-checked field by field; a wrong field raises WebhookError 400 naming it."""
    try:
        data = json.loads(body)
    except RecursionError:  # thousands of nested brackets: the parser gives up, so do we
        raise _refused("body", "json_too_deep") from None
    except ValueError:
        raise _invalid("body", "not valid UTF-8 JSON") from None
    if not isinstance(data, dict):
        raise _invalid("body", "must be a JSON object")
    sender = _value(data, "sender", (dict,), "an object {name, contact}", required=True)
    message_id = _text(data, "message_id", required=True)
    if len(message_id) > MAX_MESSAGE_ID:
        raise _invalid("message_id", f"at most {MAX_MESSAGE_ID} characters")
    return GatewayMessage(
        message_id=message_id, sent_at=_sent_at(data, now),
        sender_name=_text(sender, "name", "sender."), sender_contact=_text(sender, "contact", "sender.", required=True),
        text=_value(data, "text", (str,), "text", required=True), category_code=_text(data, "category_code"),
        lat=_number(data, "lat"), lon=_number(data, "lon"), address=_text(data, "address"),
    )


def _value(data: dict, name: str, kinds: tuple[type, ...], described: str, prefix: str = "",
           required: bool = False):
    """data[name] when it has one of `kinds`; absent or null is None unless required."""
    value = data.get(name)
    if value is None and not required:
        return None
    if not isinstance(value, kinds) or (isinstance(value, bool) and bool not in kinds):
        raise _invalid(prefix + name, f"must be {described}" + ("" if required else " or null"))
    return value


def _text(data: dict, name: str, prefix: str = "", required: bool = False) -> str | None:
    value = _value(data, name, (str,), "text", prefix, required)
    if required and not value.strip():
        raise _invalid(prefix + name, "must not be empty")
    return value or None  # an empty optional field counts as absent


def _number(data: dict, name: str) -> float | None:
    value = _value(data, name, (int, float), "a number")
    try:
        return None if value is None else float(value)
    except OverflowError:  # an integer of hundreds of digits; the range itself is the intake's check
        raise _refused(name, "number_too_large") from None


def sent_at_window(now: datetime) -> tuple[datetime, datetime]:
    """The earliest and latest sent_at accepted at `now`."""
    return now - MAX_SENT_AGE, now + timedelta(seconds=MAX_CLOCK_SKEW_SECONDS)


def _sent_at(data: dict, now: datetime) -> datetime:
    text = _value(data, "sent_at", (str,), "an ISO 8601 datetime with offset", required=True)
    try:
        moment = datetime.fromisoformat(text)
    except ValueError:
        raise _invalid("sent_at", f"not an ISO 8601 datetime: {text!r}") from None
    if moment.tzinfo is None:
        raise _invalid("sent_at", "give the UTC offset, e.g. 2026-11-23T09:00:00+07:00")
    earliest, latest = sent_at_window(now)
    if not earliest <= moment <= latest:  # compared, never converted: year 1 in +07:00 has no UTC
        raise _refused("sent_at", "sent_at_outside_window", days=MAX_SENT_AGE.days,
                       minutes=MAX_CLOCK_SKEW_SECONDS // 60)
    return moment


def _invalid(field: str, reason: str) -> WebhookError:
    return WebhookError(400, "invalid_payload", f"{field}: {reason}", field)


def _refused(field: str, code: str, **params) -> WebhookError:
    """_invalid with the reason given as a message code (modules/complaints/messages.py)."""
    return _invalid(field, message_text(code, params, ENGLISH))


# === errors as JSON ============================================================================

@blueprint.errorhandler(WebhookError)
def webhook_error(error: WebhookError):
    return jsonify(error.body()), error.status


@blueprint.errorhandler(InboundReplay)
def replayed(error: InboundReplay):
    return jsonify(error="replayed", message=error_text(error, ENGLISH), field="message_id"), 409


@blueprint.errorhandler(ComplaintValidationError)
def invalid_complaint(error: ComplaintValidationError):
    problems = [{"field": PAYLOAD_FIELD.get(field, field), "code": why.code, "reason": error_text(why, ENGLISH)}
                for field, why in error.errors]
    message = "; ".join(f"{p['field']}: {p['reason']}" for p in problems)
    return jsonify(error="invalid_complaint", message=message, field=problems[0]["field"], errors=problems), 400


@blueprint.errorhandler(RequestEntityTooLarge)
def too_large(_error):
    return jsonify(error="too_large", message=f"body: larger than {MAX_BODY_BYTES:,} bytes"), 413
