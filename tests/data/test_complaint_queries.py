"""The read side on a small known data set (tests/synthetic_complaints.py: known_snapshots)."""

from dataclasses import replace
from datetime import timedelta

import pandas as pd
import pytest

from core.services import Services
from core.users import Viewer
from data.complaints import queries
from data.complaints.queries import ComplaintFilters, city_today
from etl.load import bump_versions

CITY = Viewer("1", "pimpinan", "pimpinan")
DLH = Viewer("2", "dlh", "opd", opd_code="DLH")
CAMAT_GENTENG = Viewer("3", "camat", "camat", kecamatan_code="35.78.07")


@pytest.fixture
def services(settings, databases, complaint_marts):
    return Services(settings, databases, None)


def week():
    return ComplaintFilters.last_days(7)


def test_counts_by_opd_for_the_whole_city(services):
    by_opd = queries.counts_by(services, CITY, week(), "opd").set_index("code")
    assert by_opd.loc["DLH", "received"] == 5 and by_opd.loc["DSDABM", "received"] == 4
    assert by_opd.loc["", "received"] == 1  # the triage queue
    assert by_opd.loc["DSDABM", "response_met"] == 1 and by_opd.loc["DSDABM", "response_breached"] == 2
    assert by_opd.loc["DSDABM", "response_sla_pct"] == pytest.approx(33.3)


def test_the_triage_queue_counts_the_open_complaints_no_opd_holds_whenever_received(services):
    ever = ComplaintFilters(start=city_today() - timedelta(days=3650), end=city_today())
    for viewer in (CITY, CAMAT_GENTENG, DLH):
        by_opd = queries.counts_by(services, viewer, ever, "opd")
        assert queries.open_in_triage(services, viewer) == int(by_opd.loc[by_opd["code"] == "", "open"].sum())
    assert queries.open_in_triage(services, CITY) >= 1 and queries.open_in_triage(services, DLH) == 0


def test_the_open_complaints_per_district_are_those_the_daily_counts_hold_since_the_start(services):
    ever = ComplaintFilters(start=city_today() - timedelta(days=3650), end=city_today())
    for viewer in (CITY, CAMAT_GENTENG, DLH):
        for level in ("kecamatan", "kelurahan"):
            summary = queries.district_summary(services, viewer, ever, level)
            expected = {code: int(n) for code, n in zip(summary["code"], summary["open"]) if n}
            found = queries.open_by_district(services, viewer, level)
            placed = found[found["code"] != ""]  # an address without a district is on no map
            assert dict(zip(placed["code"], placed["open"])) == expected, (viewer.role, level)
    assert queries.open_by_district(services, CITY, "kecamatan")["open"].sum() == queries.open_count(services, CITY)


def test_an_opd_user_sees_only_his_opd_even_when_asking_for_another(services):
    asked_for_other = ComplaintFilters.last_days(7, opd_codes=("DSDABM",))
    assert queries.counts_by(services, DLH, asked_for_other, "opd").empty
    assert set(queries.counts_by(services, DLH, week(), "opd")["code"]) == {"DLH"}
    assert set(queries.latest_complaints(services, DLH)["opd_code"]) == {"DLH"}


def test_a_camat_sees_only_his_kecamatan(services):
    assert set(queries.counts_by(services, CAMAT_GENTENG, week(), "kecamatan")["code"]) == {"35.78.07"}


def test_district_summary_lists_every_kecamatan_with_rates(services):
    summary = queries.district_summary(services, CITY, week(), "kecamatan").set_index("code")
    assert len(summary) == 31
    assert summary.loc["35.78.10", "received"] == 4 and summary.loc["35.78.28", "received"] == 0
    genteng = summary.loc["35.78.07"]
    assert genteng["rate_per_1000"] == pytest.approx(5 * 1000 / genteng["population_demo"], abs=0.0005)  # rounded to 3 places


def test_drill_into_a_kecamatan_lists_its_kelurahan(services):
    filters = ComplaintFilters.last_days(7, kecamatan_code="35.78.07")
    summary = queries.district_summary(services, CITY, filters, "kelurahan").set_index("code")
    assert len(summary) == 5 and summary.loc["35.78.07.1004", "received"] == 5


def test_status_filter_reads_the_facts(services):
    open_only = ComplaintFilters.last_days(7, statuses=("dispatched", "received"))
    assert queries.counts_by(services, CITY, open_only, "opd")["received"].sum() == 6


def test_kpis_compare_with_the_previous_period(services):
    figures = queries.kpis(services, CITY, week())
    current = figures["current"]
    assert current["received"] == 12 and figures["previous"]["received"] == 0
    assert current["first_response_within_sla_pct"] == pytest.approx(100 * 4 / 7, abs=0.1)
    assert current["median_response_minutes"] == 30.0  # 12, 20, 30, 50, 95
    assert current["backlog"] == 10  # all but 4 (closed) and 12 (rejected)


ONE_CHOICE = [{"opd_codes": ("DSDABM",)}, {"opd_codes": ("DLH", "DSDABM")}, {"category_codes": ("JALAN_RUSAK",)},
              {"channels": ("web", "phone")}, {"kecamatan_code": "35.78.07"}]


@pytest.mark.parametrize("choice", [{}, *ONE_CHOICE])
def test_the_median_from_the_daily_arrays_is_the_facts_median(services, choice):
    filters = ComplaintFilters.last_days(7, **choice)
    assert queries._response_slice(CITY, filters) is not None  # read from agg_complaints_response_daily
    from_facts = queries._median_from_facts(services, CITY, filters)
    assert from_facts is not None and queries.median_response_minutes(services, CITY, filters) == from_facts


def test_the_median_reads_the_facts_where_no_slice_holds_the_question(services):
    assert queries._response_slice(CAMAT_GENTENG, week()) is None  # a scope the slices have no column for
    two_choices = ComplaintFilters.last_days(7, opd_codes=("DLH",), channels=("web",))
    assert queries._response_slice(CITY, two_choices) is None
    assert queries._response_slice(CITY, ComplaintFilters.last_days(7, statuses=("received",))) is None
    genteng = ComplaintFilters.last_days(7, kecamatan_code="35.78.07")
    assert (queries.median_response_minutes(services, CAMAT_GENTENG, week())
            == queries.median_response_minutes(services, CITY, genteng))


@pytest.mark.parametrize("choice", ONE_CHOICE)
def test_a_narrowed_slice_counts_as_the_facts(services, choice):
    from modules.complaints.statuses import STATUSES

    filters = ComplaintFilters.last_days(7, **choice)
    every_status = replace(filters, statuses=STATUSES)  # the same complaints, counted from the facts
    narrowed = queries._single_choice(filters)[0]
    assert queries._source(services, CITY, filters, narrowed)[0] is queries.SLICES
    measures = list(queries.COUNT_MEASURES)
    sliced = queries.counts_by(services, CITY, filters, narrowed).set_index("code")[measures]
    assert sliced["received"].sum() > 0
    assert sliced.equals(queries.counts_by(services, CITY, every_status, narrowed).set_index("code")[measures])
    trend = queries.daily_trend(services, CITY, filters)[["day", *measures]]
    assert trend.equals(queries.daily_trend(services, CITY, every_status)[["day", *measures]])
    assert queries._period_kpis(services, CITY, filters) == queries._period_kpis(services, CITY, every_status)


@pytest.mark.parametrize("choice", ONE_CHOICE)
def test_a_pair_counts_as_the_facts(services, choice):
    from data.complaints.tables import PAIRS
    from modules.complaints.statuses import STATUSES

    filters = ComplaintFilters.last_days(7, **choice)
    every_status = replace(filters, statuses=STATUSES)  # the same complaints, counted from the facts
    narrowed = queries._single_choice(filters)[0]
    measures = list(queries.COUNT_MEASURES)
    grouped_by = [by for chosen, by in PAIRS if chosen == narrowed]
    assert len(grouped_by) >= 3
    for by in grouped_by:
        assert queries._source(services, CITY, filters, by)[0] is queries.PAIR_TABLE
        paired = queries.counts_by(services, CITY, filters, by).set_index("code")[measures]
        assert paired["received"].sum() > 0, by
        assert paired.equals(queries.counts_by(services, CITY, every_status, by).set_index("code")[measures]), by


def test_no_slice_nor_pair_answers_two_choices_or_a_scope(services):
    two_choices = ComplaintFilters.last_days(7, opd_codes=("DSDABM",), channels=("web",))
    assert queries._source(services, CITY, two_choices, "category")[0] is queries.AGG
    assert queries._source(services, CAMAT_GENTENG, week(), "opd")[0] is queries.AGG  # a scope: no slice column
    drilled_by_opd = ComplaintFilters.last_days(7, opd_codes=("DSDABM",))
    assert queries._source(services, CITY, drilled_by_opd, "kelurahan")[0] is queries.AGG  # no pair kept


def test_kpi_cards_speak_for_the_whole_selection_whatever_the_map_drilled_into(services):
    city_median = queries.kpis(services, CITY, week())["current"]["median_response_minutes"]
    # a kecamatan whose own median differs from the city's, so a card that followed the drill would show it
    drilled = next(filters for code in queries.counts_by(services, CITY, week(), "kecamatan")["code"]
                   if queries.median_response_minutes(services, CITY, filters := replace(week(), kecamatan_code=code))
                   not in (None, city_median))
    # the cards, median included, stay those of the whole selection
    assert queries.kpis(services, CITY, drilled) == queries.kpis(services, CITY, week())


def test_open_queue_lists_breaching_and_soon_due_complaints_first(services):
    # the due time that matters: first response until responded, then feedback (24 h)
    queue = queries.open_queue(services, CITY, soon_minutes=60)
    assert list(queue["complaint_id"]) == [6, 9, 5, 2, 1, 7, 11, 10, 8, 3]
    sooner = queries.open_queue(services, CITY, soon_minutes=35)
    assert list(sooner["complaint_id"]) == [6, 9, 5, 2, 1, 7, 11]  # 10, 8, 3 are due in 40-55 min


def test_live_counters(services, complaint_marts):
    from synthetic_complaints import received_today

    counters = queries.live_counters(services, CITY)
    assert counters["today"] == len(received_today(complaint_marts)) and counters["open"] == 10  # today: 4, fewer
    # just after midnight WIB
    assert counters["overdue_now"] >= 3 and counters["breached_ever"] == 3


def test_daily_trend_has_every_day_of_the_range(services):
    trend = queries.daily_trend(services, CITY, week())
    assert len(trend) == 7 and trend["received"].sum() == 12
    assert trend.iloc[-1]["day"] == city_today()


def test_results_are_cached_until_the_mart_version_changes(services, databases):
    from data.cache import mart_cache
    from etl.runner import EtlRunner
    from synthetic_complaints import snapshot, write_snapshots

    cache = mart_cache(services)
    queries.counts_by(services, CITY, week(), "opd")
    hits = cache.hits
    queries.counts_by(services, CITY, week(), "opd")
    assert cache.hits == hits + 1
    write_snapshots(databases, [snapshot(99, received_at=services_now() - timedelta(hours=1))])
    EtlRunner(databases).run_once()
    by_opd = queries.counts_by(services, CITY, week(), "opd").set_index("code")
    assert by_opd.loc["DLH", "received"] == 6  # the new version was computed, not the old entry


def services_now():
    from datetime import datetime, timezone

    return datetime.now(timezone.utc)


def test_the_cache_lives_in_redis_when_configured(settings, databases, complaint_marts, redis_url):
    import redis

    from data.cache import mart_cache
    from etl.runner import EtlRunner

    client = redis.Redis.from_url(redis_url)
    services = Services(settings, databases, client)
    EtlRunner(databases, redis=client).run_once()  # nothing new, but the version is published on the next bump
    queries.counts_by(services, CITY, week(), "opd")
    assert any(key.startswith(b"pantau:cache:complaints:") for key in client.keys("pantau:cache:*"))
    other_worker = Services(settings, databases, client)
    queries.counts_by(other_worker, CITY, week(), "opd")
    assert mart_cache(other_worker).hits == 1


def test_export_chunks_stream_every_selected_row_once_in_order(services):
    """Read with a server-side cursor on PostgreSQL, a few rows at a time here."""
    whole = pd.concat(list(queries.export_chunks(services, CITY, week(), chunk_rows=3)))
    frames = list(queries.export_chunks(services, CITY, week(), chunk_rows=3))
    assert len(frames) > 2 and all(len(frame) <= 3 for frame in frames)
    assert whole["complaint_id"].is_unique and len(whole) == 12
    assert whole["received_at"].is_monotonic_increasing
    assert "reporter_name" not in whole and "description" not in whole


def test_export_chunks_keep_to_the_viewer_scope_and_bring_a_header_when_empty(services):
    dlh = pd.concat(list(queries.export_chunks(services, DLH, ComplaintFilters.last_days(7, opd_codes=("DSDABM",)))))
    assert dlh.empty and "ticket" in dlh.columns
    assert set(pd.concat(list(queries.export_chunks(services, DLH, week())))["opd_code"]) == {"DLH"}


def test_the_mart_version_is_read_once_per_web_request(services):
    """Every question of one callback answers from the same mart version, and pays one read, which
    fetches every mart the process has been asked about."""
    from flask import Flask

    from data.cache import mart_cache

    cache = mart_cache(services)
    reads = []
    read = cache._current_versions
    cache._current_versions = lambda marts: reads.append(marts) or read(marts)
    with Flask(__name__).test_request_context("/"):
        first = cache.version("complaints")
        with services.databases.warehouse.begin() as connection:
            bump_versions(connection, ["complaints"])
        assert cache.version("complaints") == first and reads == [["complaints"]]
        cache.version("reference")
    with Flask(__name__).test_request_context("/"):
        assert cache.version("complaints") == first + 1  # the next request sees the bump
        cache.version("reference")
        assert reads[-1] == ["complaints", "reference"]  # the request's one read
    assert cache.version("complaints") == first + 1 and len(reads) == 4  # outside a request: read each time


@pytest.mark.parametrize("viewer", [CITY, DLH, CAMAT_GENTENG])
@pytest.mark.parametrize("choice", [{}, {"category_codes": ("SAMPAH",)}, {"opd_codes": ("DLH",), "channels": ("web",)}])
def test_received_by_is_counts_by_s_received(services, viewer, choice):
    filters = ComplaintFilters.last_days(7, **choice)
    for dimension in ("kecamatan", "kelurahan", "opd"):
        counted = queries.counts_by.uncached(services, viewer, filters, dimension)
        expected = {code: int(n) for code, n in zip(counted["code"], counted["received"]) if n}
        assert queries.received_by(services, viewer, filters, dimension) == expected
    assert sum(queries.received_by(services, CITY, ComplaintFilters.last_days(7), "opd").values()) == 12
