"""Wake-up notifications between parts of the system: "the change log grew", "a mart changed".

With Redis configured they travel over pub/sub, so a web worker hears what an ETL process did;
otherwise over an in-process condition variable (the embedded `make run`, where ETL is a thread).
A notification carries no data: the listener reads the database, which stays the truth, so a
lost message only delays work until the next poll.
"""

from __future__ import annotations

import threading
import time

import redis

from core.breaker import RedisSkipped

CHANGES = "pantau:changes"   # the change log has new rows
MARTS = "pantau:marts"       # a mart version was bumped


class EventBus:
    def publish(self, channel: str) -> None:
        raise NotImplementedError

    def publish_changes(self) -> None:
        """Called after a commit that wrote change rows (see core.changelog.notify_after_commit)."""
        self.publish(CHANGES)


class LocalEvents(EventBus):
    """In-process: one condition per channel, with a counter so waiters never miss a notify."""

    def __init__(self):
        super().__init__()
        self._condition = threading.Condition()
        self._counters: dict[str, int] = {}

    def publish(self, channel: str) -> None:
        with self._condition:
            self._counters[channel] = self._counters.get(channel, 0) + 1
            self._condition.notify_all()

    def counter(self, channel: str) -> int:
        with self._condition:
            return self._counters.get(channel, 0)

    def wait(self, channel: str, seen: int, timeout: float) -> int:
        """Blocks until `channel` was published after `seen`, or the timeout; returns the counter."""
        with self._condition:
            self._condition.wait_for(lambda: self._counters.get(channel, 0) != seen, timeout)
            return self._counters.get(channel, 0)


class RedisEvents(EventBus):
    """Across processes through Redis pub/sub; `wait` listens on a subscription. With a guarded
    client (core.breaker) a failing Redis opens the shared breaker and `wait` becomes a plain
    timed wait (the listener polls) until the breaker lets a try through again."""

    def __init__(self, client):
        self.client = client
        self._subscriptions: dict[str, redis.client.PubSub] = {}

    def publish(self, channel: str) -> None:
        try:
            self.client.publish(channel, "1")
        except redis.RedisError:
            pass  # listeners fall back to polling; the database stays the truth

    def counter(self, channel: str) -> int:
        try:
            self._subscription(channel)  # subscribe before the caller reads, so nothing falls between
        except redis.RedisError:
            pass  # `wait` subscribes once Redis answers
        return 0

    def wait(self, channel: str, seen: int, timeout: float) -> int:
        deadline = time.monotonic() + timeout
        try:
            subscription = self._subscription(channel)
            while (left := deadline - time.monotonic()) > 0:
                # get_message returns early (None) for subscribe confirmations: keep waiting.
                if subscription.get_message(ignore_subscribe_messages=True, timeout=left):
                    return seen + 1
        except RedisSkipped:
            threading.Event().wait(max(0.0, deadline - time.monotonic()))
        except redis.RedisError:
            self._lost(channel)
            threading.Event().wait(max(0.0, deadline - time.monotonic()))
        return seen

    def _subscription(self, channel: str):
        if channel not in self._subscriptions:
            breaker = getattr(self.client, "breaker", None)
            if breaker is not None and not breaker.allows():
                raise RedisSkipped("Redis skipped: the circuit breaker is open")
            pubsub = self.client.pubsub()
            pubsub.subscribe(channel)
            if breaker is not None:
                breaker.succeeded()
            self._subscriptions[channel] = pubsub
        return self._subscriptions[channel]

    def _lost(self, channel: str) -> None:
        """A broken subscription is dropped (subscribed again once the breaker allows) and the
        failure opens the breaker, so web requests skip the Redis that just failed here too."""
        subscription = self._subscriptions.pop(channel, None)
        breaker = getattr(self.client, "breaker", None)
        if breaker is not None:
            breaker.failed()
        if subscription is not None:
            try:
                subscription.close()
            except Exception:  # noqa: BLE001 - it is gone either way
                pass


_local = LocalEvents()


def events_for(redis_client):
    """The event bus to use: Redis when configured, else the process-wide local one."""
    return RedisEvents(redis_client) if redis_client is not None else _local
