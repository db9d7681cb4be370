"""The senders of the notification outbox: e-mail over SMTP (smtplib) and the SMS/WhatsApp gateway
(a signed JSON POST). Each `send(claimed)` returns an Outcome and raises nothing: a refusal or a
network problem becomes an error code without contact data (an SMTP refusal's text may quote the
address, so only its number is kept).

The gateway call is signed as the inbound webhook's senders sign theirs (core/webhooks.py):

    X-Pantau-Timestamp: <unix seconds>
    X-Pantau-Signature: sha256=<hex HMAC-SHA256 of "<timestamp>.<raw body>"> with complaints.gateway_secret

    {"message_id": "pantau-notification-<id>", "channel": "sms" | "whatsapp", "to": "<number>",
     "text": "...", "ticket": "ADU-2611-000123"}

Any 2xx answer is delivery; the message id lets the gateway drop a repeat (a retry after a lost answer).
"""

from __future__ import annotations

import json
import smtplib
import socket
import time
import urllib.error
import urllib.request
from dataclasses import dataclass
from email.message import EmailMessage

from core.settings import Settings
from core.webhooks import signature_of
from modules.complaints.notifications import (EMAIL, FEEDBACK, GATEWAY_CHANNELS, SENT, SKIPPED, Claimed,
                                              Outcome)

NOT_CONFIGURED = "sender_not_configured"
NO_RECIPIENT = "no_recipient"


@dataclass(frozen=True)
class Senders:
    settings: Settings

    def send(self, claimed: Claimed) -> Outcome:
        if not claimed.recipients:
            return Outcome(SKIPPED, NO_RECIPIENT)
        section = self.settings.complaints
        if claimed.channel == EMAIL:
            return send_email(section, claimed) if section.smtp_host else Outcome(SKIPPED, NOT_CONFIGURED)
        if claimed.channel in GATEWAY_CHANNELS:
            return send_gateway(section, claimed) if section.gateway_url else Outcome(SKIPPED, NOT_CONFIGURED)
        return Outcome(SKIPPED, NO_RECIPIENT)


# --- texts ---------------------------------------------------------------------------------------------

def track_url(section, ticket: str) -> str:
    return f"{section.notify_public_url.rstrip('/')}/lacak/{ticket}"


def email_subject(claimed: Claimed) -> str:
    if claimed.kind == FEEDBACK:
        return f"Tanggapan atas laporan Anda {claimed.ticket}"
    return f"Ringkasan aduan lewat tenggat SLA · {claimed.opd_name or 'OPD'}"


def email_body(section, claimed: Claimed) -> str:
    if claimed.kind != FEEDBACK:
        return claimed.message
    return "\n".join([
        "Yth. Bapak/Ibu pelapor,", "",
        f"Laporan Anda nomor {claimed.ticket} mendapat tanggapan dari {claimed.opd_name or 'Pemerintah Kota Surabaya'}:",
        "", claimed.message, "",
        f"Lacak perkembangan laporan Anda di {track_url(section, claimed.ticket)}", "",
        "Pesan ini dikirim otomatis oleh Pantau, Pemerintah Kota Surabaya; mohon tidak membalas e-mail ini."])


def gateway_text(section, claimed: Claimed) -> str:
    return (f"Pemkot Surabaya - tanggapan laporan {claimed.ticket}: {claimed.message} "
            f"Lacak: {track_url(section, claimed.ticket)}")


# --- e-mail --------------------------------------------------------------------------------------------

def send_email(section, claimed: Claimed) -> Outcome:
    message = EmailMessage()
    message["Subject"], message["From"], message["To"] = email_subject(claimed), section.smtp_from, \
        ", ".join(claimed.recipients)
    message.set_content(email_body(section, claimed))
    try:
        with smtplib.SMTP(section.smtp_host, section.smtp_port, timeout=section.smtp_timeout_seconds) as smtp:
            if section.smtp_starttls:
                smtp.starttls()
            if section.smtp_user:
                smtp.login(section.smtp_user, section.smtp_password)
            smtp.send_message(message)
    except smtplib.SMTPRecipientsRefused as refused:  # {address: (code, text)}: keep the codes only
        return Outcome("error", "smtp " + ",".join(str(code) for code, _text in refused.recipients.values()))
    except smtplib.SMTPResponseException as refused:
        return Outcome("error", f"smtp {refused.smtp_code}")
    except (smtplib.SMTPException, OSError) as problem:
        return Outcome("error", _network_error(problem))
    return Outcome(SENT)


# --- gateway -------------------------------------------------------------------------------------------

def send_gateway(section, claimed: Claimed, now: float | None = None) -> Outcome:
    body = json.dumps({"message_id": f"pantau-notification-{claimed.id}", "channel": claimed.channel,
                       "to": claimed.recipients[0], "text": gateway_text(section, claimed),
                       "ticket": claimed.ticket}, ensure_ascii=False).encode()
    timestamp = str(int(now if now is not None else time.time()))
    request = urllib.request.Request(section.gateway_url, data=body, method="POST", headers={
        "Content-Type": "application/json", "X-Pantau-Timestamp": timestamp,
        "X-Pantau-Signature": signature_of(section.gateway_secret, timestamp, body)})
    try:
        with urllib.request.urlopen(request, timeout=section.gateway_timeout_seconds) as answer:
            answer.read(1024)
    except urllib.error.HTTPError as refused:
        return Outcome("error", f"http {refused.code}")
    except (urllib.error.URLError, OSError) as problem:
        return Outcome("error", _network_error(getattr(problem, "reason", problem)))
    return Outcome(SENT)


def _network_error(problem) -> str:
    """A short code for a connection problem: its kind, never its text (which may name a recipient)."""
    if isinstance(problem, (socket.timeout, TimeoutError)):
        return "timeout"
    if isinstance(problem, ConnectionRefusedError):
        return "connection_refused"
    if isinstance(problem, socket.gaierror):
        return "host_unknown"
    return type(problem).__name__[:60]
