"""Wake-up notifications: in-process and through real Redis pub/sub, and after change-log commits."""


import pytest
import redis

from core.changelog import notify_after_commit, record_change
from core.events import CHANGES, LocalEvents, RedisEvents


def test_local_events_wake_a_waiter_and_never_lose_a_notify():
    events = LocalEvents()
    seen = events.counter(CHANGES)
    events.publish(CHANGES)  # published before the wait starts: still seen
    assert events.wait(CHANGES, seen, timeout=5) == seen + 1


def test_local_wait_times_out_without_a_notify():
    events = LocalEvents()
    assert events.wait(CHANGES, events.counter(CHANGES), timeout=0.05) == 0


def test_redis_events_cross_clients(redis_url):
    listener, publisher = RedisEvents(redis.Redis.from_url(redis_url)), RedisEvents(redis.Redis.from_url(redis_url))
    seen = listener.counter(CHANGES)  # subscribes
    publisher.publish(CHANGES)
    assert listener.wait(CHANGES, seen, timeout=5) == seen + 1


@pytest.fixture
def backend():
    return "sqlite"


def test_a_commit_with_change_rows_notifies_and_a_rollback_does_not(databases):
    calls = []
    notify_after_commit(lambda: calls.append("changed"))
    with databases.transaction() as session:
        record_change(session, "probe", 1, "created", {})
    assert calls == ["changed"]
    try:
        with databases.transaction() as session:
            record_change(session, "probe", 2, "created", {})
            raise RuntimeError
    except RuntimeError:
        pass
    with databases.transaction() as session:
        session.info  # a commit without change rows
    assert calls == ["changed"]
