"""Real servers for the notification tests: an SMTP server (aiosmtpd) and an SMS/WhatsApp gateway
(http.server in a thread) that checks the signature as the city's gateway would.

    with SmtpServer() as smtp:          smtp.port, smtp.messages (email.message.Message), smtp.refuse_with
    with Gateway(secret) as gateway:    gateway.url, gateway.received (JSON bodies), gateway.answer_status
"""

from __future__ import annotations

import email
import json
import socket
import threading
import time
from email import policy
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

from aiosmtpd.controller import Controller

from core.webhooks import signature_problem


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class _Inbox:
    def __init__(self):
        self.messages: list = []
        self.envelopes: list[tuple[str, list[str]]] = []
        self.refuse_with: str | None = None  # e.g. "451 4.3.0 try again later"

    async def handle_DATA(self, _server, _session, envelope):
        if self.refuse_with:
            return self.refuse_with
        self.envelopes.append((envelope.mail_from, list(envelope.rcpt_tos)))
        self.messages.append(email.message_from_bytes(envelope.content, policy=policy.default))
        return "250 OK"


class SmtpServer:
    def __init__(self):
        self.inbox = _Inbox()
        self.port = free_port()
        self.controller = Controller(self.inbox, hostname="127.0.0.1", port=self.port)

    @property
    def messages(self) -> list:
        return self.inbox.messages

    def refuse(self, reply: str | None) -> None:
        self.inbox.refuse_with = reply

    def __enter__(self) -> "SmtpServer":
        self.controller.start()
        return self

    def __exit__(self, *_exc) -> None:
        self.controller.stop()


class Gateway:
    """Answers 401 to a call not signed with `secret` (as core.webhooks checks inbound calls),
    `answer_status` to a signed one."""

    def __init__(self, secret: str):
        self.secret, self.received, self.refused, self.answer_status = secret, [], [], 202
        gateway = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self):
                body = self.rfile.read(int(self.headers.get("Content-Length", 0)))
                problem = signature_problem(body, self.headers.get("X-Pantau-Timestamp"),
                                            self.headers.get("X-Pantau-Signature"), [gateway.secret], time.time())
                status = 401 if problem else gateway.answer_status
                (gateway.refused if problem else gateway.received).append(json.loads(body))
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.end_headers()
                self.wfile.write(b'{"accepted": true}' if status < 300 else b'{"error": "refused"}')

            def log_message(self, *_args):  # quiet
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_port}/send"

    def __enter__(self) -> "Gateway":
        threading.Thread(target=self.server.serve_forever, daemon=True).start()
        return self

    def __exit__(self, *_exc) -> None:
        self.server.shutdown()
        self.server.server_close()


def wait_for(condition, timeout: float = 10.0, step: float = 0.05):
    """Polls `condition()` until it is truthy (returned) or `timeout` passes (AssertionError)."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        found = condition()
        if found:
            return found
        time.sleep(step)
    raise AssertionError(f"not true within {timeout} s")
