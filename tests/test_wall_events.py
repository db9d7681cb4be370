"""The wall's event stream `/events/wall` (callbacks/_wall_events.py, core/live.py): who may open it,
what it sends, that an ETL announcement reaches it (in-process and over Redis), that a process
holds a bounded number of streams, that a revoked kiosk token loses its stream, and that the gzip
middleware leaves it alone."""

from __future__ import annotations

import json
import threading

import pytest

from layouts.components.ids_wall import EVENTS_PATH


@pytest.fixture
def backend():  # the stream reads mart versions; the database paths are tested elsewhere
    return "sqlite"


@pytest.fixture
def push_settings(settings):
    """Short heartbeats and streams, so a stream that never sends what it should ends the test."""
    return settings.override(wall={"push_heartbeat_seconds": 1, "push_stream_seconds": 8,
                                   "push_streams_per_worker": 2})


@pytest.fixture
def app(push_settings):
    from app import create_app

    return create_app(push_settings)


def kiosk_client(app, databases, label="ruang-kendali"):
    """A client logged in as a wall display; returns (client, token id)."""
    from core.users import issue_kiosk_token

    with databases.transaction() as session:
        token, secret = issue_kiosk_token(session, label)
        token_id = token.id
    client = app.server.test_client()
    assert client.get(f"/kiosk/{secret}").headers["Location"] == "/wall"
    return client, token_id


class Stream:
    """An open event stream read message by message (blank-line separated), as a browser does."""

    def __init__(self, response):
        self.response = response
        self.chunks = iter(response.response)
        self.buffer = ""

    def next_message(self) -> str:
        while "\n\n" not in self.buffer:
            self.buffer += self._read()
        message, self.buffer = self.buffer.split("\n\n", 1)
        return message

    def _read(self) -> str:
        chunk = next(self.chunks)
        return chunk.decode() if isinstance(chunk, bytes) else chunk

    def next_event(self) -> tuple[str, dict]:
        """The next message that is an event (heartbeat comments skipped): (name, data)."""
        while True:
            fields = dict(line.split(": ", 1) for line in self.next_message().splitlines()
                          if not line.startswith(":"))
            if "event" in fields:
                return fields["event"], json.loads(fields["data"])

    def close(self) -> None:
        self.response.close()


def open_stream(client) -> Stream:
    response = client.get(EVENTS_PATH, buffered=False)
    assert response.status_code == 200, response.get_data(as_text=True)
    return Stream(response)


def bump(databases, mart: str) -> None:
    """What an ETL commit does to a mart's version (etl/runner.py: `_apply`)."""
    from etl.load import bump_versions

    with databases.warehouse.begin() as warehouse:
        bump_versions(warehouse, [mart])


def logged_in(app, username: str):
    import re

    client = app.server.test_client()
    page = client.get("/login").get_data(as_text=True)
    token = re.search(r'name="csrf_token" value="([^"]+)"', page).group(1)
    client.post("/login", data={"username": username, "password": "password-123", "csrf_token": token})
    return client


def test_anonymous_callers_get_401_and_roles_outside_the_wall_403(app, client, make_user):
    assert client.get(EVENTS_PATH).status_code == 401
    assert client.get(EVENTS_PATH).get_json()["error"] == "unauthorised"
    for username, role, scope in (("dishub1", "opd", {"opd_code": "DISHUB"}),
                                  ("camat1", "camat", {"kecamatan_code": "35.78.01"}),
                                  ("lurah1", "lurah", {"kelurahan_code": "35.78.01.1001"})):
        make_user(username, role, **scope)
        assert logged_in(app, username).get(EVENTS_PATH).status_code == 403, role


def test_the_roles_of_the_wall_page_may_open_it(app, make_user, complaint_marts):
    for role in ("operator", "pimpinan", "admin"):
        make_user(f"{role}1", role)
        response = logged_in(app, f"{role}1").get(EVENTS_PATH, buffered=False)
        try:
            assert response.status_code == 200, role
        finally:
            response.close()


def test_a_kiosk_gets_the_versions_at_once_then_each_announced_change(app, databases, complaint_marts):
    from core.events import MARTS, events_for

    client, _token = kiosk_client(app, databases)
    stream = open_stream(client)
    try:
        assert stream.response.mimetype == "text/event-stream"
        assert "no-transform" in stream.response.headers["Cache-Control"]
        assert stream.response.headers["X-Accel-Buffering"] == "no"
        first = stream.next_message()
        assert first.splitlines()[0] == "retry: 2000"  # the browser reconnects 2 s after a stream ends
        fields = dict(line.split(": ", 1) for line in first.splitlines())
        assert fields["event"] == "marts"
        versions = json.loads(fields["data"])["versions"]
        assert "complaints" in versions and "@minute" not in versions

        bump(databases, "complaints")
        events_for(None).publish(MARTS)  # the embedded ETL's announcement
        name, data = stream.next_event()
        assert name == "marts" and data["versions"]["complaints"] == versions["complaints"] + 1
    finally:
        stream.close()


def test_a_quiet_stream_sends_heartbeats_and_ends_by_itself(app, databases, complaint_marts):
    client, _token = kiosk_client(app, databases)
    stream = open_stream(client)
    stream.next_message()  # the versions
    assert stream.next_message() == ": heartbeat"
    rest = list(stream.chunks)  # push_stream_seconds = 8: the stream ends, nothing is held forever
    assert all(chunk in (b": heartbeat\n\n", ": heartbeat\n\n") for chunk in rest)
    stream.close()


def test_a_revoked_kiosk_token_loses_its_stream_at_the_next_heartbeat(app, databases, complaint_marts):
    from core.users import revoke_kiosk_token

    client, token_id = kiosk_client(app, databases)
    stream = open_stream(client)
    stream.next_message()
    with databases.transaction() as session:
        revoke_kiosk_token(session, token_id)
    assert list(stream.chunks) == []  # ended at the heartbeat, with no further message
    stream.close()
    assert client.get(EVENTS_PATH).status_code == 401


def test_a_process_holds_at_most_push_streams_per_worker(app, databases, complaint_marts):
    streams = [open_stream(kiosk_client(app, databases, f"layar-{n}")[0]) for n in range(2)]
    try:
        third, _ = kiosk_client(app, databases, "layar-3")
        refused = third.get(EVENTS_PATH)
        assert refused.status_code == 503 and refused.headers["Retry-After"] == "1"
        assert refused.get_json()["error"] == "busy"
        streams.pop().close()  # a wall went away: its slot is free again
        streams.append(open_stream(third))
    finally:
        for stream in streams:
            stream.close()


def test_an_answer_never_read_gives_its_slot_back(app, databases, complaint_marts):
    """A HEAD (or a browser gone before the first event) closes the answer without reading it."""
    from core.compression import enable_compression

    enable_compression(app.server)
    client, _token = kiosk_client(app, databases)
    for _ in range(3):
        client.head(EVENTS_PATH, buffered=False).close()
        client.get(EVENTS_PATH, buffered=False).close()
    streams = [open_stream(client) for _ in range(2)]  # push_streams_per_worker = 2: both slots free
    for stream in streams:
        stream.close()


def test_the_stream_is_off_with_wall_push_false(push_settings, databases, complaint_marts):
    from app import create_app

    app = create_app(push_settings.override(wall={"push": False}))
    client, _token = kiosk_client(app, databases)
    assert client.get(EVENTS_PATH).status_code == 404
    assert b"data-events-url" not in client.get("/_dash-layout").data


def test_the_gzip_middleware_passes_each_event_on_at_once(app, databases, complaint_marts):
    """Not gathered until the stream ends: a change announced after the first event still arrives."""
    from core.compression import enable_compression
    from core.events import MARTS, events_for

    enable_compression(app.server)
    client, _token = kiosk_client(app, databases)
    response = client.get(EVENTS_PATH, headers={"Accept-Encoding": "gzip"}, buffered=False)
    stream = Stream(response)
    try:
        assert response.status_code == 200 and "Content-Encoding" not in response.headers
        first = json.loads(stream.next_message().splitlines()[-1].split(": ", 1)[1])["versions"]
        bump(databases, "complaints")
        events_for(None).publish(MARTS)
        assert stream.next_event()[1]["versions"]["complaints"] == first["complaints"] + 1
    finally:
        stream.close()


@pytest.fixture
def redis_app(push_settings, redis_url):
    from app import create_app

    return create_app(push_settings.override(redis={"url": redis_url}))


def test_over_redis_one_relay_per_process_wakes_the_streams(redis_app, databases, complaint_marts, redis_url):
    """The ETL in another process: it writes the version to Redis and publishes on pub/sub."""
    import redis as redis_lib

    from core.events import MARTS

    clients = [kiosk_client(redis_app, databases, f"layar-{n}")[0] for n in range(2)]
    streams = [open_stream(client) for client in clients]
    publisher = redis_lib.Redis.from_url(redis_url)
    try:
        before = [json.loads(s.next_message().splitlines()[-1].split(": ", 1)[1])["versions"] for s in streams]
        publisher.set("pantau:mart-version:complaints", before[0]["complaints"] + 5)
        publisher.publish(MARTS, "1")
        for stream in streams:
            assert stream.next_event()[1]["versions"]["complaints"] == before[0]["complaints"] + 5
        relays = [t for t in threading.enumerate() if t.name == "pantau-mart-relay"]
        assert len(relays) >= 1
    finally:
        for stream in streams:
            stream.close()
        publisher.close()
