"""Query results cached per mart version.

A key names every mart the query reads with its current version, and the query's arguments, so
an ETL commit (which bumps a version) makes every older entry that read that mart unreachable:
no invalidation messages to lose. A query reading several marts names them all, e.g. complaints
per 1,000 residents: `@cached("complaints", "reference")` (the reference mart's version moves
when a dimension's rows change, see etl/dimensions.py). The version check is one Redis MGET per
web request, of every mart the process has been asked about, when Redis is configured (shared by
every worker), otherwise one read of `mart_versions`. While Redis is away (core.breaker skips it)
the versions come from the table and the entries live in this process, as without Redis; the
keys name versions, so nothing kept then can be served stale later. Reference reads every viewer
shares (`shared_reference`: a dimension's names) are also kept as objects in each process per
version, since the pages ask for them many times a request.
"""

from __future__ import annotations

import contextlib
import contextvars
import functools
import hashlib
import pickle
import threading
from collections import OrderedDict
from collections.abc import Callable, Iterator
from typing import Any

from sqlalchemy import select

from core.services import Services
from etl.state import MartVersion

ENTRY_SECONDS = 3600
VERSION_KEY = "pantau:mart-version:"  # + the mart's name: its version, as the ETL announces it (etl/runner.py)
LOCAL_ENTRIES = 512
SHARED_ENTRIES = 64  # reference reads kept unpickled per process (shared_reference): a few dozen frames
DRAWN_ENTRIES = 8  # drawn figures kept per process (kept_drawn): a 10x city's device map is 1.4 MB of JSON
_KEEPING = contextvars.ContextVar("pantau_cache_keeping", default=True)  # False inside nothing_kept()


class MartCache:
    def __init__(self, services: Services):
        self.services = services
        self.redis = services.redis
        self._local: OrderedDict[str, Any] = OrderedDict()
        self._shared: OrderedDict[str, Any] = OrderedDict()  # shared_reference's objects, by key
        self._drawn: OrderedDict[str, Any] = OrderedDict()  # kept_drawn's figures, by key
        self._lock = threading.Lock()
        self._known: set[str] = set()  # the marts asked about: read together once per request
        self.hits = self.misses = 0

    def version(self, mart: str) -> int:
        """The mart's current version; read once per web request (every query of one callback
        answers from the same version, and a callback asking ten questions pays one read). The
        first read of a request fetches every mart this process has been asked about at once."""
        memo = _request_memo()
        if memo is not None and mart in memo:
            return memo[mart]
        with self._lock:
            self._known.add(mart)
            marts = sorted(self._known) if memo is not None else [mart]
        versions = self._current_versions(marts)
        if memo is not None:
            memo.update(versions)
        return versions[mart]

    def _current_versions(self, marts: list[str]) -> dict[str, int]:
        """The versions of `marts`: one Redis MGET, and those Redis lacks (never announced since it
        started: it keeps nothing on disk) from the table in one read, then offered to Redis."""
        found: dict[str, int] = {}
        if self.redis is not None:
            try:
                values = self.redis.mget([VERSION_KEY + mart for mart in marts])
                found = {mart: int(value) for mart, value in zip(marts, values) if value is not None}
            except Exception:  # noqa: BLE001 - Redis down: the table still answers
                return self._stored_versions(marts)
        missing = [mart for mart in marts if mart not in found]
        if missing:
            stored = self._stored_versions(missing)
            found.update(stored)
            self._offer(stored)
        return found

    def _stored_versions(self, marts: list[str]) -> dict[str, int]:
        with self.services.databases.warehouse.connect() as connection:
            stored = dict(connection.execute(select(MartVersion.mart, MartVersion.version)
                                             .where(MartVersion.mart.in_(marts))).all())
        return {mart: stored.get(mart) or 0 for mart in marts}

    def _offer(self, versions: dict[str, int]) -> None:
        """Versions read from the table, written to Redis only where it still has none (SET NX): an
        ETL commit announces its newer version with a plain SET after it commits, which NX never
        overwrites, so what a reader read before that commit cannot replace it."""
        if self.redis is None:
            return
        pipeline = self.redis.pipeline(transaction=False)
        for mart, version in versions.items():
            pipeline.set(VERSION_KEY + mart, version, nx=True)
        try:
            pipeline.execute()
        except Exception:  # noqa: BLE001 - only a shortcut for the next reader
            pass

    def get(self, marts: tuple[str, ...], name: str, arguments: tuple, compute: Callable[[], Any]) -> Any:
        """The cached answer for the current versions of `marts`, or `compute()`'s, kept (inside
        nothing_kept(): computed, neither looked up nor kept)."""
        if not _KEEPING.get():
            return compute()
        return self._found_or_computed(self._key(marts, name, arguments), compute)

    def shared(self, marts: tuple[str, ...], name: str, arguments: tuple, compute: Callable[[], Any]) -> Any:
        """As get(), and the answer is also kept as the object itself in this process until the
        versions move: each later call returns that same object, with no unpickling."""
        if not _KEEPING.get():
            return compute()
        key = self._key(marts, name, arguments)
        return self._kept_object(self._shared, SHARED_ENTRIES, key, lambda: self._found_or_computed(key, compute))

    def drawn(self, marts: tuple[str, ...], name: str, arguments: tuple, draw: Callable[[], Any]) -> Any:
        """`draw()`'s answer kept as the object in this process alone (never pickled, never in
        Redis: it is large and cheap to draw again elsewhere) until the versions move."""
        if not _KEEPING.get():
            return draw()
        return self._kept_object(self._drawn, DRAWN_ENTRIES, self._key(marts, name, arguments), draw)

    def _kept_object(self, kept: OrderedDict, entries: int, key: str, compute: Callable[[], Any]) -> Any:
        """The object kept under `key`, or `compute()`'s, kept among the newest `entries`."""
        with self._lock:
            if key in kept:
                kept.move_to_end(key)
                return kept[key]
        value = compute()
        with self._lock:
            kept[key] = value
            while len(kept) > entries:
                kept.popitem(last=False)
        return value

    def _found_or_computed(self, key: str, compute: Callable[[], Any]) -> Any:
        found = self._read(key)
        if found is not None:
            self.hits += 1
            return pickle.loads(found)
        self.misses += 1
        value = compute()
        self._write(key, pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL))
        return value

    def _key(self, marts: tuple[str, ...], name: str, arguments: tuple) -> str:
        digest = hashlib.sha1(repr(arguments).encode()).hexdigest()
        versions = "+".join(f"{mart}:{self.version(mart)}" for mart in marts)
        return f"pantau:cache:{versions}:{name}:{digest}"

    def _read(self, key: str) -> bytes | None:
        if self.redis is not None:
            try:
                return self.redis.get(key)
            except Exception:  # noqa: BLE001 - Redis away or skipped: this process's own entries
                pass
        with self._lock:
            if key in self._local:
                self._local.move_to_end(key)
                return self._local[key]
        return None

    def _write(self, key: str, value: bytes) -> None:
        if self.redis is not None:
            try:
                self.redis.set(key, value, ex=ENTRY_SECONDS)
                return
            except Exception:  # noqa: BLE001 - kept here instead until Redis answers again
                pass
        with self._lock:
            self._local[key] = value
            while len(self._local) > LOCAL_ENTRIES:
                self._local.popitem(last=False)


@contextlib.contextmanager
def nothing_kept() -> Iterator[None]:
    """Cached queries computed afresh and their answers thrown away, in this thread or task: a web
    worker's start-up rehearsal (app.rehearse_first_requests) runs the pages' statements without
    leaving an answer that would make its first request look warm."""
    token = _KEEPING.set(False)
    try:
        yield
    finally:
        _KEEPING.reset(token)


def once_per_request(function: Callable) -> Callable:
    """A live read (the module's own tables, no mart version to key on) made once per web request
    and shared by every caller in it: the wall draws a domain's panels in one request, and several
    panels show the same live rows. Keyed by the arguments after `services`; outside a request it
    reads every time. Callers get the same object: they must not modify it."""
    name = _query_name(function)

    @functools.wraps(function)
    def shared(services, *arguments, **keywords):
        memo = _request_reads()
        if memo is None:
            return function(services, *arguments, **keywords)
        key = (name, arguments, tuple(sorted(keywords.items())))
        if key not in memo:
            memo[key] = function(services, *arguments, **keywords)
        return memo[key]

    return shared


def _request_reads() -> dict | None:
    from flask import g, has_request_context

    if not has_request_context():
        return None
    if "pantau_live_reads" not in g:
        g.pantau_live_reads = {}
    return g.pantau_live_reads


def _request_memo() -> dict | None:
    from flask import g, has_request_context

    if not has_request_context():
        return None
    if "pantau_mart_versions" not in g:
        g.pantau_mart_versions = {}
    return g.pantau_mart_versions


def mart_cache(services: Services) -> MartCache:
    if "mart_cache" not in services.extras:
        services.extras["mart_cache"] = MartCache(services)
    return services.extras["mart_cache"]


def cached(*marts: str):
    """Decorator for query functions `f(services, viewer, *args)`: cached per version of each mart
    in `marts` (every mart the function reads), keyed by the viewer's scope (never shared between
    scopes) and the arguments."""
    _check_mart_names("cached", marts)

    def wrap(function):
        name = _query_name(function)

        def run(services: Services, viewer, *args, **kwargs):
            arguments = (scope_key(viewer, services), args, tuple(sorted(kwargs.items())))
            return mart_cache(services).get(marts, name, arguments,
                                            lambda: function(services, viewer, *args, **kwargs))

        run.__name__ = function.__name__
        run.__doc__ = function.__doc__
        run.uncached = function
        return run

    return wrap


def shared_reference(*marts: str):
    """Decorator for reads every viewer shares, `f(services, *args)`: reference data such as a
    dimension's names and populations. Cached per version of each mart in `marts` like `cached`,
    and kept as the object itself in each process (MartCache.shared): pages ask for names many
    times a request (the complaint wall about ten), and every cached read would unpickle the frame
    again. Callers get the same object and must not modify it."""
    _check_mart_names("shared_reference", marts)

    def wrap(function):
        name = _query_name(function)

        @functools.wraps(function)
        def run(services: Services, *args):
            return mart_cache(services).shared(marts, name, (("public",), args),
                                               lambda: function(services, *args))

        run.uncached = function
        return run

    return wrap


def kept_drawn(services: Services, viewer, marts: tuple[str, ...], name: str, arguments: tuple,
               draw: Callable[[], Any]) -> Any:
    """A figure drawn from the marts `marts` for the viewer's scope and `arguments`, kept per
    version of those marts in this process: a live page that refreshes every few seconds between
    two ETL commits draws a large figure once (the device map of a 10x city: 26,000 points, their
    hover texts built one by one) and only sends it again. Callers must not modify it."""
    _check_mart_names("kept_drawn", marts)
    return mart_cache(services).drawn(marts, name, (scope_key(viewer, services), arguments), draw)


def drawn_version(services: Services, viewer, marts: tuple[str, ...], name: str, arguments: tuple) -> str:
    """A short text naming the drawing kept_drawn keeps for these marts' versions, the viewer's
    scope and `arguments`: a page holds it beside a large figure and is sent the figure again only
    when it changes (a refresh between two ETL commits sends none)."""
    _check_mart_names("drawn_version", marts)
    key = mart_cache(services)._key(marts, name, (scope_key(viewer, services), arguments))
    return hashlib.sha1(key.encode()).hexdigest()[:20]


def _check_mart_names(decorator: str, marts: tuple) -> None:
    """A memo decorator is given the names of the marts its function reads (forgetting the
    parentheses hands it the function instead, which would cache without a version)."""
    if not marts or not all(isinstance(mart, str) for mart in marts):
        raise TypeError(f"{decorator}() takes the names of the marts the function reads")


def _query_name(function: Callable) -> str:
    """A cached function's name in its keys: with its module, since two domains' queries may share
    a name, a mart and their arguments (both domains' `_dimension(services, None, "category")` read
    the reference mart, and one was answered with the other's categories)."""
    return f"{function.__module__}.{function.__qualname__}"


def scope_key(viewer, services: Services) -> tuple:
    if viewer is None:  # reference data, the same for everyone
        return ("public",)
    return viewer.scope.key
