"""A cached answer depends on every mart it reads: complaints per 1,000 residents on the complaint
marts and on the reference data (the populations), and on nothing else."""

from __future__ import annotations

import uuid

import pytest
import redis
from sqlalchemy import select
from synthetic_complaints import known_snapshots, write_snapshots

from core.reference import Kelurahan
from core.services import Services
from core.users import Viewer
from data.cache import VERSION_KEY, cached, mart_cache
from data.complaints import queries
from data.complaints.queries import ComplaintFilters
from data.reference import REFERENCE_MART
from etl.load import bump_versions
from etl.runner import EtlRunner
from etl.state import MartVersion

CITY = Viewer("1", "pimpinan", "pimpinan")
KETABANG = "35.78.07.1004"  # five of the known complaints, in kecamatan Genteng


def ketabang_rate(services) -> float:
    filters = ComplaintFilters.last_days(7, kecamatan_code="35.78.07")
    return queries.district_summary(services, CITY, filters, "kelurahan").set_index("code").loc[KETABANG,
                                                                                                 "rate_per_1000"]


def set_population(databases, code: str, population: int) -> None:
    with databases.transaction() as session:
        session.get(Kelurahan, code).population_demo = population


def reference_version(databases) -> int:
    with databases.warehouse.connect() as connection:
        return connection.scalar(select(MartVersion.version).where(MartVersion.mart == REFERENCE_MART))


@pytest.fixture
def services(settings, databases, complaint_marts):
    return Services(settings, databases, None)


def test_a_population_change_recomputes_the_rate_per_1000_residents(services, databases):
    set_population(databases, KETABANG, 10_000)
    EtlRunner(databases).run_once()
    assert ketabang_rate(services) == pytest.approx(0.5)  # 5 complaints per 10,000 residents
    set_population(databases, KETABANG, 5_000)
    EtlRunner(databases).run_once()
    assert ketabang_rate(services) == pytest.approx(1.0)


def test_an_unrelated_mart_or_an_unchanged_reference_keeps_the_cached_answer(services, databases):
    cache = mart_cache(services)
    rate = ketabang_rate(services)
    misses, reference = cache.misses, reference_version(databases)
    with databases.warehouse.begin() as connection:
        bump_versions(connection, ["probes"])
    EtlRunner(databases).run_once()  # the reference data is synced again, unchanged
    assert ketabang_rate(services) == rate and cache.misses == misses
    assert reference_version(databases) == reference
    with databases.warehouse.begin() as connection:
        bump_versions(connection, ["complaints"])
    ketabang_rate(services)
    assert cache.misses == misses + 1  # each mart the query reads is in its key


def test_the_reference_version_reaches_other_workers_through_redis(settings, databases, redis_url):
    client = redis.Redis.from_url(redis_url)
    write_snapshots(databases, known_snapshots())
    EtlRunner(databases, redis=client).run_once()  # the first sync: the versions are published
    services = Services(settings, databases, client)
    rate = ketabang_rate(services)
    set_population(databases, KETABANG, 5_000)
    EtlRunner(databases, redis=client).run_once()
    assert ketabang_rate(services) == pytest.approx(1.0) != rate


def test_cached_needs_the_names_of_the_marts():
    with pytest.raises(TypeError):
        cached()
    with pytest.raises(TypeError):
        cached(("complaints", "reference"))


def test_a_version_redis_lacks_is_read_from_the_table_and_never_replaces_an_announced_one(settings, databases,
                                                                                         redis_url):
    client = redis.Redis.from_url(redis_url)
    with databases.warehouse.begin() as connection:
        bump_versions(connection, ["complaints", "probes"])
    stored = {mart: mart_cache_version(databases, mart) for mart in ("complaints", "probes")}
    cache = mart_cache(Services(settings, databases, client))
    assert cache.version("complaints") == stored["complaints"]
    assert int(client.get(VERSION_KEY + "complaints")) == stored["complaints"]  # the next reader's shortcut
    client.set(VERSION_KEY + "probes", stored["probes"] + 3)  # an ETL commit's announcement
    cache._offer({"probes": stored["probes"]})  # a reader's table read from before that commit
    assert cache.version("probes") == stored["probes"] + 3
    client.close()


def mart_cache_version(databases, mart: str) -> int:
    with databases.warehouse.connect() as connection:
        return connection.scalar(select(MartVersion.version).where(MartVersion.mart == mart))


def test_a_live_read_is_made_once_per_request_and_again_in_the_next():
    from flask import Flask

    from data.cache import once_per_request

    reads = []

    @once_per_request
    def active(services, viewer, now=None):
        reads.append((viewer, now))
        return object()

    with Flask(__name__).test_request_context():
        first = active(None, "camat")
        assert active(None, "camat") is first            # the wall's second panel: no second read
        assert active(None, "lurah") is not first        # another viewer, another read
        assert active(None, "camat", now=1) is not first  # another moment too
    with Flask(__name__).test_request_context():
        assert active(None, "camat") is not first        # the next request reads again
    active(None, "camat")
    active(None, "camat")                                # outside a request: every call reads
    assert len(reads) == 6


def test_nothing_kept_computes_afresh_and_leaves_no_answer(services):
    from data.cache import nothing_kept

    cache = mart_cache(services)
    with nothing_kept():
        rate = ketabang_rate(services)
        assert ketabang_rate(services) == rate
    assert not [key for key in cache._local if ":complaints:" in key]  # no answer of the complaint marts kept
    misses = cache.misses
    assert ketabang_rate(services) == rate and cache.misses > misses  # computed, now kept
    misses = cache.misses
    assert ketabang_rate(services) == rate and cache.misses == misses  # and found


def test_a_reference_read_is_one_object_per_process_until_its_version_moves(services, databases):
    from data.cache import nothing_kept, shared_reference

    reads = []

    @shared_reference(REFERENCE_MART)
    def names(services, level):
        reads.append(level)
        return {"level": level}

    first = names(services, "kecamatan")
    assert names(services, "kecamatan") is first and reads == ["kecamatan"]  # kept unpickled: the same object
    assert names(services, "kelurahan") is not first                         # other arguments, another read
    with nothing_kept():
        assert names(services, "kecamatan") is not first                      # the rehearsal reads afresh
    with databases.warehouse.begin() as connection:
        bump_versions(connection, [REFERENCE_MART])
    moved = names(services, "kecamatan")
    assert moved == first and moved is not first and reads.count("kecamatan") == 3
    assert names(services, "kecamatan") is moved


def test_a_reference_read_reaches_another_worker_through_redis(settings, databases, redis_url):
    from data.cache import shared_reference

    client = redis.Redis.from_url(redis_url)
    reads = []

    @shared_reference(REFERENCE_MART)
    def names(services, level):
        reads.append(level)
        return {"level": level}

    level = f"opd-{uuid.uuid4().hex}"  # no earlier test's answer under this key
    first, second = Services(settings, databases, client), Services(settings, databases, client)
    assert names(first, level) == names(second, level) == {"level": level}
    assert reads == [level]  # the second worker unpickled the first one's answer
    client.close()


def test_shared_reference_needs_the_names_of_the_marts():
    from data.cache import shared_reference

    with pytest.raises(TypeError):
        shared_reference()


def test_two_domains_queries_of_one_name_are_kept_apart(services):
    """Both domains' `_dimension(services, None, "category")` read the reference mart with the same
    arguments; keyed by the bare name, the second was answered with the first one's categories."""
    def complaint_categories(services, _viewer, name):
        return "complaint categories"

    def incident_categories(services, _viewer, name):
        return "incident categories"

    for function, module in ((complaint_categories, "data.complaints.queries"),
                             (incident_categories, "data.incidents.queries")):
        function.__module__, function.__qualname__ = module, "_dimension"
    first, second = cached(REFERENCE_MART)(complaint_categories), cached(REFERENCE_MART)(incident_categories)
    assert first(services, None, "category") == "complaint categories"
    assert second(services, None, "category") == "incident categories"


def test_a_drawn_figure_is_kept_per_scope_until_its_marts_move_and_never_pickled(settings, databases):
    from data.cache import kept_drawn, nothing_kept

    services = Services(settings, databases, None)
    lurah = Viewer("2", "lurah", "lurah", kelurahan_code=KETABANG)
    draws = []

    def draw(viewer, kinds=("camera",)):
        return kept_drawn(services, viewer, (REFERENCE_MART,), "test.device_map", (kinds,),
                          lambda: draws.append(viewer.role) or {"drawn": len(draws)})

    first = draw(CITY)
    assert draw(CITY) is first and draws == ["pimpinan"]            # the next refresh: the same object
    assert draw(lurah) is not first and draws == ["pimpinan", "lurah"]  # another scope: its own drawing
    assert draw(CITY, ("switch",)) is not first                     # other arguments: another drawing
    with nothing_kept():
        assert draw(CITY) is not first                              # the start-up rehearsal draws afresh
    with databases.warehouse.begin() as connection:
        bump_versions(connection, [REFERENCE_MART])
    moved = draw(CITY)
    assert moved is not first and draw(CITY) is moved               # an ETL commit: drawn once again
    assert not [key for key in mart_cache(services)._local if "test.device_map" in key]  # only the object


def test_kept_drawn_needs_the_names_of_the_marts(settings, databases):
    from data.cache import kept_drawn

    with pytest.raises(TypeError):
        kept_drawn(Services(settings, databases, None), CITY, (), "test.device_map", (), dict)
