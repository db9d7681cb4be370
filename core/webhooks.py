"""Signed inbound webhooks, for any domain: the shared secret of a source, the signature a sender
computes, and the checks that refuse an unsigned, badly signed or stale call.

    X-Pantau-Timestamp: <unix seconds>
    X-Pantau-Signature: sha256=<hex HMAC-SHA256 of "<timestamp>.<raw body>">

A source's secrets come from the environment, `<prefix><SOURCE>` (comma-separated while a secret
is rotated); none means the source is disabled. `signature_problem` answers with a code (None when
the call is good); the HTTP layer turns the code into its status and message. The replay check (a
message id seen before) is the domain's, on its own table, in its write transaction.
"""

from __future__ import annotations

import hashlib
import hmac
import os
import re

MAX_CLOCK_SKEW_SECONDS = 5 * 60
_TIMESTAMP = re.compile(r"[0-9]{1,12}")  # a header value, not prose: unix seconds


def secret_env_name(prefix: str, source: str) -> str:
    return prefix + source.upper()


def source_secrets(prefix: str, source: str, environ=os.environ) -> list[str]:
    return [part.strip() for part in environ.get(secret_env_name(prefix, source), "").split(",") if part.strip()]


def signature_of(secret: str, timestamp: str, body: bytes) -> str:
    """The header value a sender sends: sha256=<hex HMAC of "<timestamp>.<body>">."""
    digest = hmac.new(secret.encode(), timestamp.encode() + b"." + body, hashlib.sha256).hexdigest()
    return f"sha256={digest}"


def signature_problem(body: bytes, timestamp: str | None, signature: str | None, shared_secrets: list[str],
                      now: float, max_skew: int = MAX_CLOCK_SKEW_SECONDS) -> str | None:
    """None when one of `shared_secrets` signed this body at a time within `max_skew` seconds of
    `now`; else why not: "unsigned", "bad_timestamp", "bad_signature" or "stale_timestamp"."""
    if not timestamp or not signature:
        return "unsigned"
    if not _TIMESTAMP.fullmatch(timestamp):
        return "bad_timestamp"
    given = signature.strip().lower().encode("utf-8", "replace")
    if not any(hmac.compare_digest(signature_of(secret, timestamp, body).encode(), given) for secret in shared_secrets):
        return "bad_signature"
    # Checked after the signature, so the timestamp itself is known to be the sender's.
    if abs(now - int(timestamp)) > max_skew:
        return "stale_timestamp"
    return None
