"""Redis may vanish or hang: the circuit breaker, and the app under load while its own Redis is
stopped (SIGSTOP), resumed, killed and started again. Requests keep answering (none with a 5xx),
`/healthz` says 503 from the open breaker (without waiting on Redis) and 200 again afterwards, and the
breaker closes by itself. No wall-clock bounds: what keeps requests quick is that they skip Redis
while the breaker is open, so the tests count the calls that did wait (the breaker's openings)."""

from __future__ import annotations

import re
import threading
import time

import pytest

from background_load import BackgroundLoad
from core.breaker import CircuitBreaker, RedisSkipped, guarded_client
from private_redis import PrivateRedis

RETRY_SECONDS = 0.3  # the breaker's pause in these tests (5 s in production)


@pytest.fixture
def backend():  # the fallback paths are the same on both backends
    return "sqlite"


@pytest.fixture
def own_redis(tmp_path):
    server = PrivateRedis(tmp_path)
    server.start()
    yield server
    server.stop()


# --- the breaker alone -----------------------------------------------------------------------------

class FakeClock:
    def __init__(self):
        self.now = 0.0

    def __call__(self):
        return self.now


def test_the_breaker_opens_on_a_failure_lets_one_try_through_later_and_closes_on_success():
    clock = FakeClock()
    breaker = CircuitBreaker(5, clock=clock)
    assert breaker.allows()
    breaker.failed()
    assert breaker.is_open and not breaker.allows()
    clock.now = 5.0
    assert breaker.allows()          # one try after the pause ...
    assert not breaker.allows()      # ... and only one, while it runs
    breaker.succeeded()
    assert not breaker.is_open and breaker.allows()


def test_a_guarded_client_skips_a_dead_redis_at_once_after_one_failure(own_redis):
    client = guarded_client(own_redis.url, 0.5, CircuitBreaker(60))
    assert client.ping()
    own_redis.kill()
    with pytest.raises(Exception):
        client.get("x")
    with pytest.raises(RedisSkipped):  # the breaker answers: no connection is tried
        client.get("x")
    assert client.breaker.failures == 1


def test_rate_limits_count_in_redis_and_in_this_process_when_redis_is_gone(own_redis):
    from auth.ratelimit import AttemptCounter

    client = guarded_client(own_redis.url, 0.5, CircuitBreaker(60))
    here, elsewhere = AttemptCounter(2, 60, client), AttemptCounter(2, 60, client)  # two workers
    here.record_failure("login:x")
    elsewhere.record_failure("login:x")
    assert here.blocked("login:x")  # the other worker's failure counted, through Redis
    own_redis.kill()
    assert not here.blocked("login:y")
    here.record_failure("login:y")
    here.record_failure("login:y")
    assert here.blocked("login:y") and client.breaker.is_open  # counted here, without Redis


# --- the app under load ------------------------------------------------------------------------------

class Load(BackgroundLoad):
    """Threads that keep making the requests a city makes (a wall refresh, a login, a complaint
    form, the form page), each counting answers and 5xx; `wait_for(n)` blocks until n more answers."""

    def __init__(self, app, secret: str, threads: int = 3):
        self.app, self.secret = app, secret
        self.answers, self.server_errors = 0, []
        super().__init__(threads)

    def wait_for(self, more: int, timeout: float = 20) -> int:
        """How many answers came; at least `more` past now unless the timeout passed first."""
        with self.changed:
            target = self.answers + more
            self.changed.wait_for(lambda: self.answers >= target, timeout)
            return self.answers

    def _run(self, index: int) -> None:
        client = self.app.server.test_client()
        assert client.get(f"/kiosk/{self.secret}").status_code == 302
        requests = [lambda: wall_refresh(client), lambda: post_login(client, f"nobody{index}"),
                    lambda: post_complaint(client), lambda: client.get("/lapor")]
        while not self.stopping.is_set():
            for request in requests:
                self._count(request().status_code)

    def _count(self, status: int) -> None:
        with self.changed:
            self.answers += 1
            if status >= 500:
                self.server_errors.append(status)
            self.changed.notify_all()


def csrf(client, path: str) -> str:
    return re.search(r'name="csrf_token" value="([^"]+)"', client.get(path).get_data(as_text=True)).group(1)


def post_login(client, username: str):
    return client.post("/login", data={"username": username, "password": "wrong", "csrf_token": csrf(client, "/login")})


def post_complaint(client):
    # refused by the service (no category, 400) once past the flood guard (429 once it counts ten)
    return client.post("/lapor", data={"description": "x", "csrf_token": csrf(client, "/lapor")})


def wall_refresh(client):
    """The wall's refresh of the complaint panels (one request per domain's panels): mart version reads."""
    from bench.callbacks import wall_body

    specs = client.get("/_dash-dependencies").get_json()
    return client.post("/_dash-update-component", json=wall_body(specs, "complaints", None))


def health_while_down(client) -> tuple[int, str]:
    """/healthz's status and the breaker it reports: open once one Redis call failed (its own or
    a load thread's), so later calls skip Redis instead of waiting out its timeout."""
    answer = client.get("/healthz")
    return answer.status_code, answer.get_json()["redis"].get("breaker")


def wait_until_healthy(client, breaker, timeout: float = 10) -> int:
    """Asks /healthz until it says 200: the breaker lets a try through after RETRY_SECONDS."""
    deadline = time.monotonic() + timeout
    while (status := client.get("/healthz").status_code) != 200 and time.monotonic() < deadline:
        threading.Event().wait(RETRY_SECONDS / 3)  # not a synchronisation: the breaker's pause must pass
    return status


@pytest.fixture
def app_on_own_redis(settings, own_redis, databases):
    from app import create_app
    from core.users import issue_kiosk_token

    app = create_app(settings.override(redis={"url": own_redis.url, "retry_seconds": RETRY_SECONDS}))
    with databases.transaction() as session:
        _token, secret = issue_kiosk_token(session, "ruang-kendali")
    return app, secret


def test_a_hung_redis_is_skipped_and_the_app_keeps_answering(app_on_own_redis, own_redis):
    app, secret = app_on_own_redis
    breaker = app.server.extensions["pantau"].redis.breaker
    probe = app.server.test_client()
    with Load(app, secret) as load:
        load.wait_for(8)
        own_redis.pause()
        assert health_while_down(probe) == (503, "open")
        before, openings = load.answers, breaker.failures
        answered = load.wait_for(24) - before
        assert answered >= 24 and breaker.is_open
        assert breaker.failures - openings < answered  # most requests skipped the hung Redis, few waited on it
        own_redis.resume()
        assert wait_until_healthy(probe, breaker) == 200
        assert not breaker.is_open
        load.wait_for(8)
    assert load.server_errors == []


def test_a_killed_redis_is_skipped_and_used_again_once_restarted(app_on_own_redis, own_redis):
    import redis

    app, secret = app_on_own_redis
    breaker = app.server.extensions["pantau"].redis.breaker
    probe = app.server.test_client()
    with Load(app, secret) as load:
        load.wait_for(8)
        own_redis.kill()
        assert health_while_down(probe) == (503, "open")
        before = load.answers
        assert load.wait_for(24) - before >= 24  # logins and complaints answer, from the in-process limiter
        own_redis.start()
        assert wait_until_healthy(probe, breaker) == 200
        load.wait_for(8)
    assert load.server_errors == []
    assert not breaker.is_open
    fresh = redis.Redis.from_url(own_redis.url)
    assert list(fresh.scan_iter("pantau:cache:*"))  # the wall's answers are kept in Redis again
    fresh.close()


# --- the ETL's announcements -----------------------------------------------------------------------

def test_a_mart_version_redis_missed_is_announced_once_it_is_back(databases, own_redis):
    import redis

    from etl.runner import EtlRunner
    from etl.state import MartVersion
    from sqlalchemy import select
    from synthetic_complaints import known_snapshots, write_snapshots

    client = guarded_client(own_redis.url, 0.5, CircuitBreaker(RETRY_SECONDS))
    runner = EtlRunner(databases, redis=client)
    own_redis.kill()
    write_snapshots(databases, known_snapshots())
    assert runner.run_once().marts_changed  # committed; Redis could not be told
    own_redis.start()
    client.breaker.succeeded()  # as after the breaker's pause
    runner.run_once()  # nothing new to load: the missed versions go out now
    with databases.warehouse.connect() as warehouse:
        version = warehouse.scalar(select(MartVersion.version).where(MartVersion.mart == "complaints"))
    fresh = redis.Redis.from_url(own_redis.url)
    assert int(fresh.get("pantau:mart-version:complaints")) == version
    fresh.close()
