"""The incident pages' queries on a small known data set (tests/synthetic_incidents.py:
known_rows), asked at a fixed moment: noon of the city's today."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, timedelta

import numpy as np
import pandas as pd
import pytest
import redis
from sqlalchemy import select

from core.clock import city_today
from core.services import Services
from core.users import Viewer
from data.cache import mart_cache
from data.incidents import queries
from data.incidents.queries import IncidentFilters
from data.incidents.tables import (AggIncidentHeatMonthly, AggIncidentPromiseDaily, AggIncidentResponseDaily,
                                   AggIncidentResponseMonthly, FctIncident, FctIncidentDispatch)
from etl.load import bump_versions
from etl.runner import EtlRunner
from synthetic_incidents import city_noon, incident, known_rows, random_history, write, write_bulk

CITY = Viewer("1", "pimpinan", "pimpinan")
CAMAT_GENTENG = Viewer("2", "camat", "camat", kecamatan_code="35.78.07")
LURAH_1001 = Viewer("3", "lurah", "lurah", kelurahan_code="35.78.07.1001")
DISHUB = Viewer("4", "dishub", "opd", opd_code="DISHUB")
NOON = city_noon()
DAY = timedelta(days=1)


@pytest.fixture
def services(settings, databases):
    write(databases, known_rows(NOON))
    EtlRunner(databases).run_once()
    return Services(settings, databases, None)


def week() -> IncidentFilters:
    return IncidentFilters.last_days(7, today=city_today(NOON))


def test_incidents_by_day_lists_every_day(services):
    by_day = queries.incidents_by_day(services, CITY, week()).set_index("day")
    today = city_today(NOON)
    assert len(by_day) == 7 and by_day["incidents"].sum() == 6
    assert by_day.loc[today - 2 * DAY, "incidents"] == 3 and by_day.loc[today - 2 * DAY, "late"] == 1
    assert by_day.loc[today - DAY, "cancelled"] == 1 and by_day.loc[today, "no_unit_on_scene"] == 1


def test_incidents_by_district_category_agency_and_hour(services):
    def by(dimension):
        return dict(queries.incidents_by(services, CITY, week(), dimension)[["code", "incidents"]]
                    .itertuples(index=False))

    assert by("kecamatan") == {"35.78.07": 4, "35.78.10": 1, "35.78.04": 1}
    assert by("kelurahan")["35.78.07.1001"] == 1
    assert by("category")["KECELAKAAN_LALU_LINTAS"] == 2
    assert by("agency") == {"DINKES": 4, "DPKP": 2}  # the lead agency: POHON_TUMBANG's first unit is DPKP's
    hours = queries.incidents_by_hour(services, CITY, week())
    assert len(hours) == 24 and dict(zip(hours["code"], hours["incidents"]))[12] == 5  # E came at 11:59 WIB
    only_fires = IncidentFilters.last_days(7, today=city_today(NOON), category_codes=("KEBAKARAN",))
    assert queries.incidents_by_day(services, CITY, only_fires)["incidents"].sum() == 1


def test_a_camat_and_a_lurah_see_only_their_district(services):
    assert set(queries.incidents_by(services, CAMAT_GENTENG, week(), "kecamatan")["code"]) == {"35.78.07"}
    assert queries.incidents_by_day(services, LURAH_1001, week())["incidents"].sum() == 1
    other = IncidentFilters.last_days(7, today=city_today(NOON), kecamatan_code="35.78.10")
    assert queries.incidents_by_day(services, CAMAT_GENTENG, other)["incidents"].sum() == 0
    assert set(queries.dispatches_by_agency(services, CAMAT_GENTENG, week())["agency_code"]) == {"DINKES", "DISHUB"}
    assert queries.calls_by_outcome(services, CAMAT_GENTENG, week()).empty  # calls are city-wide only
    assert queries.unit_utilisation(services, CAMAT_GENTENG, week(), at=NOON).empty


def test_an_opd_viewer_of_dishub_sees_only_dishub_dispatches(services):
    assert set(queries.dispatches_by_agency(services, DISHUB, week())["agency_code"]) == {"DISHUB"}
    asked_for_other = IncidentFilters.last_days(7, today=city_today(NOON), agency_codes=("DINKES",))
    assert queries.dispatches_by_agency(services, DISHUB, asked_for_other).empty
    turnout = queries.interval_percentiles(services, DISHUB, week(), "turnout", "agency")
    assert list(turnout["code"]) == ["DISHUB"] and turnout["p50"].iloc[0] == 90
    assert queries.incidents_by_day(services, DISHUB, week())["incidents"].sum() == 0  # no OPD column
    assert list(queries.unit_utilisation(services, DISHUB, week(), at=NOON)["agency_code"]) == ["DISHUB"]


def test_response_percentiles_on_the_known_data(services):
    response = queries.interval_percentiles(services, CITY, week(), "response")
    values = [300, 540, 400]  # A, B, F; C and E have no unit on scene, D was cancelled
    assert response["count"].iloc[0] == 3
    assert response["p50"].iloc[0] == pytest.approx(np.quantile(values, 0.5))
    assert response["p90"].iloc[0] == pytest.approx(np.quantile(values, 0.9))  # 512, not the mean
    by_kecamatan = queries.interval_percentiles(services, CITY, week(), "response", "kecamatan").set_index("code")
    assert by_kecamatan.loc["35.78.07", "p50"] == 350 and by_kecamatan.loc["35.78.10", "p90"] == 540
    by_hour = queries.interval_percentiles(services, CITY, week(), "processing", "hour").set_index("code")
    assert list(by_hour.index) == [12] and by_hour.loc[12, "p50"] == 60  # A 60, B 45, F 90 (D cancelled: 60)
    by_category = queries.interval_percentiles(services, CITY, week(), "response", "category").set_index("code")
    assert by_category.loc["KEBAKARAN", "p90"] == 540
    travel = queries.interval_percentiles(services, CITY, week(), "travel", "agency").set_index("code")
    assert travel.loc["DINKES", "count"] == 2 and travel.loc["DINKES", "p50"] == pytest.approx((180 + 250) / 2)


def test_percentiles_equal_numpy_on_many_incidents(settings, databases):
    write_bulk(databases, random_history(seed=3, incidents=150, start=NOON - 5 * DAY))
    EtlRunner(databases).run_once()
    services = Services(settings, databases, None)
    with databases.warehouse.connect() as connection:
        facts = pd.DataFrame(connection.execute(select(FctIncident.kecamatan_code, FctIncident.response_seconds,
                                                       FctIncident.processing_seconds)).all(),
                             columns=["kecamatan", "response", "processing"])
        dispatches = pd.DataFrame(connection.execute(select(FctIncidentDispatch.agency_code,
                                                            FctIncidentDispatch.turnout_seconds)).all(),
                                  columns=["agency", "turnout"])
    for interval, by, frame, key in (("response", "kecamatan", facts, "kecamatan"),
                                     ("processing", "kecamatan", facts, "kecamatan"),
                                     ("turnout", "agency", dispatches, "agency")):
        answer = queries.interval_percentiles(services, CITY, week(), interval, by).set_index("code")
        assert_numpy_quantiles(answer, frame.dropna(subset=[interval]).groupby(key)[interval])


def assert_numpy_quantiles(answer: pd.DataFrame, groups) -> None:
    """`answer` (indexed by code) holds each group's count and numpy's P50 and P90, and no other code."""
    assert sorted(answer.index) == sorted(code for code, _values in groups)
    for code, values in groups:
        assert answer.loc[code, "count"] == len(values)
        for name, q in (("p50", 0.5), ("p90", 0.9)):
            assert answer.loc[code, name] == pytest.approx(np.quantile(values.to_numpy(), q), abs=0.05)


def test_response_breakdowns_over_whole_and_partial_months_equal_numpy(settings, databases):
    write_bulk(databases, history_over_months(seed=31, start=NOON - 110 * DAY))
    EtlRunner(databases).run_once()
    services = Services(settings, databases, None)
    period = months_period()
    months, loose_days = queries.whole_months(period.start, period.end)
    assert len(months) >= 2 and loose_days  # both ways of reading are exercised
    columns = {"agency": "lead_agency_code", "kecamatan": "kecamatan_code", "category": "category_code",
               "hour": "received_hour"}
    with databases.warehouse.connect() as connection:
        facts = pd.DataFrame(connection.execute(select(*[FctIncident.__table__.c[c] for c in columns.values()],
                                                       FctIncident.received_day, FctIncident.response_seconds)
                                                .where(FctIncident.response_seconds.is_not(None))).all(),
                             columns=[*columns, "day", "response"])
    facts = facts[(facts["day"] >= period.start) & (facts["day"] <= period.end)]
    for viewer, rows in ((CITY, facts), (CAMAT_GENTENG, facts[facts["kecamatan"] == "35.78.07"])):
        together = queries.interval_breakdowns(services, viewer, period, "response", tuple(columns))
        for dimension in columns:
            assert_numpy_quantiles(together[dimension].set_index("code"), rows.groupby(dimension)["response"])


def test_the_city_s_response_breakdowns_read_the_monthly_and_daily_aggregates(settings, databases):
    write_bulk(databases, history_over_months(seed=33, start=NOON - 110 * DAY))
    EtlRunner(databases).run_once()
    services = Services(settings, databases, None)
    dimensions = ("agency", "kecamatan")
    before = queries.interval_breakdowns.uncached(services, CITY, months_period(), "response", dimensions)
    camat = queries.interval_breakdowns.uncached(services, CAMAT_GENTENG, months_period(), "response", dimensions)
    with databases.warehouse.begin() as connection:
        connection.execute(AggIncidentResponseMonthly.__table__.delete())
    after = queries.interval_breakdowns.uncached(services, CITY, months_period(), "response", dimensions)
    assert 0 < after["agency"]["count"].sum() < before["agency"]["count"].sum()  # only the loose days are left
    with databases.warehouse.begin() as connection:
        connection.execute(AggIncidentResponseDaily.__table__.delete())
    emptied = queries.interval_breakdowns.uncached(services, CITY, months_period(), "response", dimensions)
    assert emptied["agency"].empty  # the loose days come from the daily aggregate, not the facts
    pd.testing.assert_frame_equal(  # a camat reads the facts
        queries.interval_breakdowns.uncached(services, CAMAT_GENTENG, months_period(), "response", dimensions)["kecamatan"],
        camat["kecamatan"])
def test_compliance_with_the_promise_per_day(services):
    today = city_today(NOON)
    now = queries.compliance_by_day(services, CITY, week(), at=NOON).set_index("day")
    assert tuple(now.loc[today - 2 * DAY, ["met", "breached"]]) == (2, 1)  # A, F met; B late
    assert now.loc[today - 2 * DAY, "compliance_pct"] == pytest.approx(66.7)
    assert tuple(now.loc[today - DAY, ["met", "breached"]]) == (0, 1)  # C has no unit, past due; D cancelled
    assert now.loc[today, "pending"] == 1 and now.loc[today, "compliance_pct"] is None  # E: not yet due
    later = queries.compliance_by_day(services, CITY, week(), at=NOON + timedelta(minutes=7)).set_index("day")
    assert later.loc[today, "breached"] == 1 and later.loc[today, "compliance_pct"] == 0.0


def test_calls_and_the_prank_share(services):
    today = city_today(NOON)
    outcomes = queries.calls_by_outcome(services, CITY, week()).set_index("outcome")
    assert outcomes.loc["prank", "calls"] == 2 and outcomes.loc["prank", "repeat_callers"] == 1
    share = queries.prank_share_by_day(services, CITY, week()).set_index("day")
    assert share.loc[today - 2 * DAY, "prank_share_pct"] == 25.0
    assert share.loc[today - DAY, "prank_share_pct"] == pytest.approx(33.3)
    assert share.loc[today - 3 * DAY, "prank_share_pct"] is None


def test_unit_utilisation_is_busy_over_available_seconds(services):
    period = IncidentFilters(start=city_today(NOON) - 2 * DAY, end=city_today(NOON))
    usage = queries.unit_utilisation(services, CITY, period, at=NOON).set_index("agency_code")
    window = 2.5 * 86400  # two whole days and the morning up to noon
    dinkes_busy = 1440 + 120 + (2 * 86400 - 990)  # two cleared or cancelled, one still on scene at noon
    assert usage.loc["DINKES", "units"] == 3 and usage.loc["DINKES", "busy_seconds"] == dinkes_busy
    assert usage.loc["DINKES", "available_seconds"] == 3 * window
    assert usage.loc["DINKES", "utilisation_pct"] == pytest.approx(round(100 * dinkes_busy / (3 * window), 1))
    assert usage.loc["DPKP", "busy_seconds"] == 4955


def test_kpis_for_the_mayor(services):
    current = queries.kpis(services, CITY, week(), at=NOON)
    assert current["incidents"] == 6
    assert (current["response_p50_seconds"], current["response_p90_seconds"]) == (400.0, 512.0)
    assert current["promise_seconds"] == 420
    assert current["within_promise_pct"] == 50.0 and current["breached"] == 2  # B late, C live
    assert current["by_category"]["KECELAKAAN_LALU_LINTAS"] == 2
    assert current["calls"] == 8 and current["prank_share_pct"] == 25.0


def test_the_city_s_kpi_response_reads_the_daily_aggregate_and_a_camat_s_the_facts(settings, databases):
    write_bulk(databases, history_over_months(seed=37, start=NOON - 110 * DAY))
    EtlRunner(databases).run_once()
    services = Services(settings, databases, None)
    month = IncidentFilters.last_days(30, today=NOON.date())

    def response(viewer) -> tuple:
        figures = queries._period_kpis.uncached(services, viewer, month, NOON)
        return figures["response_p50_seconds"], figures["response_p90_seconds"]

    answers = {}
    for viewer in (CITY, CAMAT_GENTENG):
        answers[viewer.role] = response(viewer)
        exact = queries.interval_percentiles.uncached(services, viewer, month, "response")  # the facts, ranked in SQL
        assert answers[viewer.role] == (exact["p50"].iloc[0], exact["p90"].iloc[0])
    with databases.warehouse.begin() as connection:
        connection.execute(AggIncidentResponseDaily.__table__.delete())
    assert response(CITY) == (None, None)  # the city's came from the daily aggregate
    assert response(CAMAT_GENTENG) == answers["camat"]


def test_the_kpi_counts_read_at_once_equal_the_page_s_own_figures(settings, databases):
    write_bulk(databases, history_over_months(seed=41, start=NOON - 110 * DAY))
    EtlRunner(databases).run_once()
    services = Services(settings, databases, None)
    month = IncidentFilters.last_days(30, today=NOON.date())
    for viewer, filters in ((CITY, month), (CAMAT_GENTENG, month), (CITY, replace(month, category_codes=("KEBAKARAN",)))):
        figures = queries._period_kpis.uncached(services, viewer, filters, NOON)
        compliance = queries.compliance_by_day(services, viewer, filters, at=NOON)  # per day
        by_category = queries.incidents_by(services, viewer, filters, "category")  # the daily aggregate
        met, breached = int(compliance["met"].sum()), int(compliance["breached"].sum())
        assert figures["breached"] == breached and met + breached > 0
        assert figures["within_promise_pct"] == pytest.approx(100 * met / (met + breached), abs=0.05)
        assert figures["incidents"] == by_category["incidents"].sum() > 0
        assert list(figures["by_category"].items()) == list(zip(by_category["code"], by_category["incidents"]))
        calls = queries.prank_share_by_day.uncached(services, viewer, filters)  # per day, city-wide only
        assert figures["calls"] == calls["calls"].sum() and (figures["calls"] > 0) == (viewer is CITY)
        assert figures["prank_share_pct"] == queries._percent(calls["prank"].sum(), calls["calls"].sum())


def test_the_city_s_promise_counts_from_the_aggregate_equal_the_facts_at_any_moment(settings, databases):
    write_bulk(databases, history_over_months(seed=43, start=NOON - 110 * DAY))
    # reached by nobody yet, due at NOON + 4 min: its day is counted from the facts until then
    write(databases, [("incident", incident("INS-Y", NOON - timedelta(minutes=3)))])
    EtlRunner(databases).run_once()
    services = Services(settings, databases, None)
    month = IncidentFilters.last_days(30, today=NOON.date())

    def from_facts(at, by) -> pd.DataFrame:
        keys, _aggregate_keys, names = queries.PROMISE_GROUPS[by]
        with databases.warehouse.connect() as connection:
            rows = connection.execute(queries._fact_promise_counts(keys, queries._conditions(queries.FCT, CITY, month),
                                                                   at)).all()
        frame = pd.DataFrame([tuple(row) for row in rows], columns=[*names, *queries.PROMISE_COUNTS])
        return frame.sort_values(names).reset_index(drop=True).astype({name: "int64" for name in queries.PROMISE_COUNTS})

    for at in (NOON, NOON + timedelta(minutes=5), NOON - 2 * DAY, NOON + DAY):
        for by in ("day", "category"):
            ours = queries.promise_counts(services, CITY, month, at, by)
            pd.testing.assert_frame_equal(ours, from_facts(at, by), check_dtype=False)
    today = queries.promise_counts(services, CITY, month, NOON, "day").set_index("day").loc[NOON.date()]
    assert today["pending"] >= 1  # INS-Y, not yet due: read from the facts
    with databases.warehouse.begin() as connection:
        connection.execute(AggIncidentPromiseDaily.__table__.delete())
    assert queries.promise_counts(services, CITY, month, NOON - 2 * DAY, "day")["incidents"].sum() == 0  # it answered


def test_the_promise_in_force_is_the_one_most_incidents_were_held_to():
    def rows(incidents):  # promise_rows by category: (code, promise, incidents, met, breached, pending)
        return [(code, promise, n, 0, 0, 0) for code, promise, n in zip("ABAC", (420, 420, 300, 300), incidents)]

    assert queries._promise_in_force(rows([3, 2, 4, 0])) == 420  # 5 held to 420, 4 to 300
    assert queries._promise_in_force(rows([2, 2, 4, 0])) == 420  # a tie: the longer
    assert queries._promise_in_force(rows([1, 1, 4, 0])) == 300
    assert queries._promise_in_force([]) is None


def test_answers_follow_the_mart_version(services, databases):
    assert queries.incidents_by_day(services, CITY, week())["incidents"].sum() == 6
    write(databases, [("incident", incident("INS-G", NOON - timedelta(hours=1)))])
    EtlRunner(databases).run_once()
    assert queries.incidents_by_day(services, CITY, week())["incidents"].sum() == 7


def test_answers_cached_in_redis_follow_the_version_and_never_cross_scopes(settings, databases, redis_url):
    client = redis.Redis.from_url(redis_url)
    write(databases, known_rows(NOON))
    EtlRunner(databases, redis=client).run_once()  # publishes the mart versions
    services = Services(settings, databases, client)
    cache = mart_cache(services)
    assert queries.incidents_by_day(services, CITY, week())["incidents"].sum() == 6
    misses = cache.misses
    assert queries.incidents_by_day(services, CITY, week())["incidents"].sum() == 6 and cache.misses == misses
    assert queries.incidents_by_day(services, LURAH_1001, week())["incidents"].sum() == 1
    assert cache.misses == misses + 1  # the lurah's scope has its own entry
    with databases.warehouse.begin() as connection:
        bump_versions(connection, ["complaints"])  # another domain's mart: the answer stays cached
    queries.incidents_by_day(services, CITY, week())
    assert cache.misses == misses + 1
    write(databases, [("incident", incident("INS-G", NOON - timedelta(hours=1)))])
    EtlRunner(databases, redis=client).run_once()
    assert queries.incidents_by_day(services, CITY, week())["incidents"].sum() == 7


def test_live_breaches_list_the_incidents_past_due_without_a_unit(services):
    now = queries.live_breaches(services, CITY, at=NOON)
    assert list(now["incident_number"]) == ["INS-C"] and now["overdue_seconds"].iloc[0] == 86400 - 420
    later = queries.live_breaches(services, CITY, at=NOON + timedelta(minutes=7))
    assert list(later["incident_number"]) == ["INS-C", "INS-E"]  # E came 11:59, due 12:06
    assert list(queries.live_breaches(services, CAMAT_GENTENG, at=NOON + timedelta(minutes=7))["incident_number"]) == [
        "INS-E"]


def test_calls_are_not_narrowed_by_the_page_choices(services):
    fires = IncidentFilters.last_days(7, today=city_today(NOON), category_codes=("KEBAKARAN",))
    assert queries.calls_by_outcome(services, CITY, fires)["calls"].sum() == 8


@pytest.mark.parametrize("viewer", [CITY, CAMAT_GENTENG], ids=["city", "camat"])
def test_the_breakdowns_read_at_once_equal_each_breakdown_asked_alone(settings, databases, viewer):
    write_bulk(databases, random_history(seed=5, incidents=150, start=NOON - 5 * DAY)
               + history_over_months(seed=50, start=NOON - 110 * DAY))
    EtlRunner(databases).run_once()
    services = Services(settings, databases, None)
    dimensions = ("agency", "kecamatan", "category", "hour")
    # a week (a part of a month or two), whole and partial months, and the page's choices
    for filters in (week(), months_period(), replace(months_period(), category_codes=("KEBAKARAN",)),
                    replace(months_period(), kecamatan_code="35.78.07")):
        together = queries.interval_breakdowns(services, viewer, filters, "response", dimensions)
        for dimension in dimensions:
            alone = queries.interval_percentiles(services, viewer, filters, "response", dimension)
            assert not alone.empty
            pd.testing.assert_frame_equal(together[dimension], alone, check_exact=True)


def test_breakdowns_by_day_and_priority_read_the_facts_and_keep_their_types(settings, databases):
    write_bulk(databases, random_history(seed=9, incidents=80, start=NOON - 5 * DAY))
    EtlRunner(databases).run_once()
    services = Services(settings, databases, None)
    together = queries.interval_breakdowns(services, CITY, week(), "response", ("day", "priority"))
    assert isinstance(together["day"]["code"].iloc[0], date)  # a day, not SQLite's text
    for dimension in ("day", "priority"):
        alone = queries.interval_percentiles(services, CITY, week(), "response", dimension)
        pd.testing.assert_frame_equal(together[dimension], alone, check_exact=True)


def months_period() -> IncidentFilters:
    """From the 15th of the month about a hundred days ago to today: whole months and loose days."""
    today = city_today(NOON)
    return IncidentFilters(start=(today - 100 * DAY).replace(day=15), end=today)


def history_over_months(seed: int, start, chunks: int = 9, every_days: int = 12) -> list[tuple[str, dict]]:
    """random_history's five days, `chunks` times `every_days` apart (about four months), the ids
    of each chunk made its own (as tests/etl/test_incidents_etl.py does)."""
    rows = []
    for chunk in range(chunks):
        for entity, payload in random_history(seed + chunk, incidents=25, start=start + chunk * every_days * DAY):
            payload = dict(payload)
            if entity == "incident":
                payload["number"] = f"{payload['number']}-{seed}-{chunk}"
            if entity in ("incident_dispatch", "incident_call"):
                payload["id"] += 100_000 * (chunk + 1) + 1_000_000 * seed
                if payload.get("incident_number"):
                    payload["incident_number"] = f"{payload['incident_number']}-{seed}-{chunk}"
            rows.append((entity, payload))
    return rows


def test_the_heat_map_counts_placed_incidents_per_cell(settings, databases):
    write_bulk(databases, random_history(seed=7, incidents=150, start=NOON - 5 * DAY))
    EtlRunner(databases).run_once()
    services = Services(settings, databases, None)
    cells = queries.incident_points(services, CITY, week())
    with databases.warehouse.connect() as connection:
        placed = connection.execute(select(FctIncident.lat, FctIncident.lon).where(
            FctIncident.lat.is_not(None), FctIncident.received_day >= week().start)).all()
    assert cells["incidents"].sum() == len(placed) and len(cells) < len(placed)  # neighbours share a cell
    assert not cells.duplicated(["lat", "lon"]).any()
    lat, lon = placed[0]
    assert ((cells["lat"] - lat).abs() < 0.0021).any() and ((cells["lon"] - lon).abs() < 0.0021).any()


def test_the_city_s_heat_map_reads_the_packed_monthly_and_daily_cells(settings, databases):
    write_bulk(databases, history_over_months(seed=35, start=NOON - 110 * DAY))
    EtlRunner(databases).run_once()
    services = Services(settings, databases, None)
    period = months_period()
    every_category = replace(period, category_codes=tuple(queries.category_names(services)))

    def cells(filters):
        return queries.incident_points.uncached(services, CITY, filters).sort_values(["lat", "lon"], ignore_index=True)

    from_months, from_facts = cells(period), cells(every_category)  # a choice reads the facts
    assert from_months["incidents"].sum() > 100
    pd.testing.assert_frame_equal(from_months, from_facts, check_dtype=False)
    days = IncidentFilters.last_days(30)  # no whole month: the daily rows alone
    pd.testing.assert_frame_equal(cells(days), cells(replace(days, category_codes=every_category.category_codes)),
                                  check_dtype=False)
    with databases.warehouse.begin() as connection:
        connection.execute(AggIncidentHeatMonthly.__table__.delete())
    assert 0 < cells(period)["incidents"].sum() < from_months["incidents"].sum()  # only the loose days are left


@pytest.mark.parametrize("start, end, months, loose", [
    ("2026-03-01", "2026-03-31", ["2026-03-01"], []),
    ("2026-03-02", "2026-03-31", [], [("2026-03-02", "2026-03-31")]),
    ("2026-03-10", "2026-03-20", [], [("2026-03-10", "2026-03-20")]),
    ("2025-12-02", "2026-12-02", [f"2026-{m:02d}-01" for m in range(1, 12)],
     [("2025-12-02", "2025-12-31"), ("2026-12-01", "2026-12-02")]),
    ("2025-11-01", "2026-02-28", ["2025-11-01", "2025-12-01", "2026-01-01", "2026-02-01"], []),
    ("2024-02-15", "2024-03-31", ["2024-03-01"], [("2024-02-15", "2024-02-29")]),
])
def test_a_period_is_its_whole_months_and_its_loose_days(start, end, months, loose):
    day = date.fromisoformat
    assert queries.whole_months(day(start), day(end)) == (
        [day(m) for m in months], [(day(first), day(last)) for first, last in loose])


def test_the_city_s_busy_time_reads_the_settled_days_from_the_aggregate_as_the_facts_count_them(settings, databases):
    from data.incidents.tables import AggIncidentBusyDaily

    write_bulk(databases, history_over_months(seed=41, start=NOON - 110 * DAY))
    EtlRunner(databases).run_once()
    services = Services(settings, databases, None)
    with databases.warehouse.connect() as connection:
        categories = tuple(connection.execute(select(FctIncidentDispatch.category_code).distinct()).scalars())
        settled_days = connection.execute(select(AggIncidentBusyDaily.day).where(
            AggIncidentBusyDaily.ended == AggIncidentBusyDaily.dispatches)).scalars().all()
    assert len(settled_days) > 20  # most days answer from the aggregate
    for days_back, at in ((120, NOON), (40, NOON - 95 * DAY + timedelta(hours=3)), (2, NOON - 94 * DAY)):
        period = IncidentFilters(start=city_today(at) - days_back * DAY, end=city_today(at))
        every_category = replace(period, category_codes=categories)  # the same dispatches, counted from the facts
        from_days = queries._unit_utilisation.uncached(services, CITY, period, at)
        from_facts = queries._unit_utilisation.uncached(services, CITY, every_category, at)
        assert from_days["busy_seconds"].sum() > 0
        pd.testing.assert_frame_equal(from_days, from_facts)
