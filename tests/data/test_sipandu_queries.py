"""The Sipandu queries on a known set of records, written straight into the change log (the contract
of modules/sipandu/snapshot.py) and loaded by the Sipandu job, on SQLite and PostgreSQL, for a
scope of each kind. Every expectation is worked out by hand from the list below; "now" is Wednesday
25 November 2026, 10:00 in the city (the week of Monday 23 November).

  id  where (RW/RT)         kos  origin  purpose  arrived (WIB)  what happened
  1   Ketabang 1/1          K1   35.15   work     Mon  6 Oct     verified 7 Oct: active
  2   Ketabang 1/1          K1   35.15   study    Mon  6 Oct     verified 7 Oct, moved out 10 Nov
  3   Ketabang 1/2          K2   33.74   work     Tue  3 Nov     recorded 5 Nov (late): waiting
  4   Ketabang 2/1          -    35.15   work     Tue 17 Nov     verified 18 Nov: active
  5   Embong 1/1            -    31.71   other    Tue 20 Oct     verified 21 Oct, expired 20 Nov
  6   Embong 1/1            -    35.07   study    Tue 24 Nov     waiting
  7   Dukuh Setro 3/3       -    35.15   work     Mon 23 Nov     rejected 24 Nov (duplicate)
  8   Dukuh Setro 3/3       -    35.15   work     Tue 10 Nov     waiting
  9   Ketabang 2/2          -    35.15   work     Fri 20 Nov     waiting
  10  Dukuh Setro 3/2       -    35.15   work     Tue 24 Nov     waiting
  11  Ketabang 1/3          -    35.15   study    Tue 24 Nov     waiting
Arrival 7 is Sunday 22 November in UTC, already Monday in the city. Boarding houses: K1 Ketabang 1/1
(10 places), K2 Ketabang 1/2 (6), K3 Embong 2/1 (8), K4 Dukuh Setro 2/2 (4, closed), K5 and K6
Dukuh Setro 1/1 (5 and 3).
"""

from __future__ import annotations

from datetime import date, datetime, timedelta, timezone

import pytest
from sqlalchemy import func, select

from core.changelog import record_change
from core.clock import iso_utc
from core.reference import Kelurahan, RtUnit
from core.scope import CITY, NEEDED_COLUMNS, NOTHING, Scope
from data.sipandu import queries
from etl.runner import EtlRunner
from etl.sipandu.job import change_log_pages, sipandu_job

KETABANG = dict(kecamatan_code="35.78.07", kelurahan_code="35.78.07.1004")
EMBONG = dict(kecamatan_code="35.78.07", kelurahan_code="35.78.07.1001")
DUKUH_SETRO = dict(kecamatan_code="35.78.10", kelurahan_code="35.78.10.1008")
NOW = datetime(2026, 11, 25, 3, tzinfo=timezone.utc)
GENTENG = Scope("kecamatan", ("35.78.07",))
TAMBAKSARI = Scope("kecamatan", ("35.78.10",))
LURAH_KETABANG = Scope("kelurahan", ("35.78.07.1004",))
LURAH_EMBONG = Scope("kelurahan", ("35.78.07.1001",))
KETABANG_RW1 = Scope("rw", ("35.78.07.1004", 1))
SETRO_RW3 = Scope("rw", ("35.78.10.1008", 3))
KETABANG_RT_1_1 = Scope("rt", ("35.78.07.1004", 1, 1))
KETABANG_RT_1_3 = Scope("rt", ("35.78.07.1004", 1, 3))
SETRO_RT_3_3 = Scope("rt", ("35.78.10.1008", 3, 3))
SCOPES = [CITY, GENTENG, TAMBAKSARI, LURAH_KETABANG, LURAH_EMBONG, KETABANG_RW1, SETRO_RW3, KETABANG_RT_1_1,
          SETRO_RT_3_3, NOTHING]
SCOPE_COLUMNS = {"kecamatan": "kecamatan_code", "kelurahan": "kelurahan_code", "rw": "rw", "rt": "rt"}


def wib(month: int, day: int, hour: int = 9) -> datetime:
    return datetime(2026, month, day, hour, tzinfo=timezone.utc) - timedelta(hours=7)


def newcomer(number: int, place, rw: int, rt: int, origin: str, purpose: str, arrived: datetime,
             recorded: datetime | None = None, kos: str | None = None, in_time: bool = True) -> dict:
    recorded = recorded or arrived + timedelta(hours=2)
    return {"id": number, **place, "rw": rw, "rt": rt, "kos_code": kos, "origin_regency": origin, "purpose": purpose,
            "status": "recorded", "duplicate_flag": False, "rejection_reason": None, "arrived_at": iso_utc(arrived),
            "recorded_at": iso_utc(recorded), "reported_in_time": in_time, "stay_until": None, "verified_at": None,
            "left_at": None, "destination_regency": None, "ended_at": None, "updated_at": iso_utc(recorded)}


def step(snapshot: dict, status: str, at: datetime, **changes) -> dict:
    times = {"active": {"verified_at": iso_utc(at)}, "moved_out": {"left_at": iso_utc(at), "ended_at": iso_utc(at)},
             "expired": {"ended_at": iso_utc(at)}, "rejected": {"ended_at": iso_utc(at)}}[status]
    return {**snapshot, "status": status, **times, "updated_at": iso_utc(at), **changes}


def kos(code: str, place, rw: int, rt: int, capacity: int, active: bool = True) -> dict:
    return {"code": code, **place, "rw": rw, "rt": rt, "capacity": capacity, "active": active,
            "updated_at": iso_utc(wib(10, 1))}


def known_snapshots() -> list[tuple[str, dict]]:
    one = newcomer(1, KETABANG, 1, 1, "35.15", "work", wib(10, 6), wib(10, 6, 12), kos="K1")
    two = newcomer(2, KETABANG, 1, 1, "35.15", "study", wib(10, 6), wib(10, 6, 12), kos="K1")
    three = newcomer(3, KETABANG, 1, 2, "33.74", "work", wib(11, 3, 8), wib(11, 5, 10), kos="K2", in_time=False)
    four = newcomer(4, KETABANG, 2, 1, "35.15", "work", wib(11, 17, 8), wib(11, 17, 20))
    five = newcomer(5, EMBONG, 1, 1, "31.71", "other", wib(10, 20, 8))
    seven = newcomer(7, DUKUH_SETRO, 3, 3, "35.15", "work", wib(11, 23, 3), wib(11, 23, 5))
    newcomers = [
        one, step(one, "active", wib(10, 7, 10)),
        two, step(step(two, "active", wib(10, 7, 10)), "moved_out", wib(11, 10, 8), destination_regency="35.15"),
        three, four, step(four, "active", wib(11, 18)),
        five, step(step(five, "active", wib(10, 21)), "expired", wib(11, 20, 0)),
        newcomer(6, EMBONG, 1, 1, "35.07", "study", wib(11, 24, 7)),
        seven, step(seven, "rejected", wib(11, 24, 10), rejection_reason="duplicate"),
        newcomer(8, DUKUH_SETRO, 3, 3, "35.15", "work", wib(11, 10, 8)),
        newcomer(9, KETABANG, 2, 2, "35.15", "work", wib(11, 20, 8)),
        newcomer(10, DUKUH_SETRO, 3, 2, "35.15", "work", wib(11, 24, 10), wib(11, 24, 11)),
        newcomer(11, KETABANG, 1, 3, "35.15", "study", wib(11, 24, 8))]
    houses = [kos("K1", KETABANG, 1, 1, 10), kos("K2", KETABANG, 1, 2, 6), kos("K3", EMBONG, 2, 1, 8),
              kos("K4", DUKUH_SETRO, 2, 2, 4, active=False), kos("K5", DUKUH_SETRO, 1, 1, 5),
              kos("K6", DUKUH_SETRO, 1, 1, 3)]
    return [("sipandu_kos", h) for h in houses] + [("sipandu_newcomer", n) for n in newcomers]


@pytest.fixture
def warehouse(databases):
    with databases.transaction() as session:
        for entity, payload in known_snapshots():
            record_change(session, entity, payload.get("id", payload.get("code")), "upsert", payload)
    summary = EtlRunner(databases, jobs=[sipandu_job(change_log_pages)], batch_size=7).run_once()
    assert summary.rejected == 0
    return databases.warehouse


def rows_in(frame) -> list[dict]:
    return frame.to_dict("records")


def weeks_before(last: date, count: int) -> list[date]:
    return [last - timedelta(weeks=count - 1 - n) for n in range(count)]


# --- the flow and the residents now --------------------------------------------------------------

@pytest.mark.parametrize("scope, arrivals, departures, expiries, active", [
    (CITY, [1, 1, 2, 3], [0, 1, 0, 0], [0, 0, 1, 0], [4, 4, 5, 8]),
    (GENTENG, [1, 0, 2, 2], [0, 1, 0, 0], [0, 0, 1, 0], [4, 3, 4, 6]),
    (TAMBAKSARI, [0, 1, 0, 1], [0, 0, 0, 0], [0, 0, 0, 0], [0, 1, 1, 2]),
    (LURAH_KETABANG, [1, 0, 2, 1], [0, 1, 0, 0], [0, 0, 0, 0], [3, 2, 4, 5]),
    (SETRO_RW3, [0, 1, 0, 1], [0, 0, 0, 0], [0, 0, 0, 0], [0, 1, 1, 2]),
    (KETABANG_RT_1_1, [0, 0, 0, 0], [0, 1, 0, 0], [0, 0, 0, 0], [2, 1, 1, 1]),
    (SETRO_RT_3_3, [0, 1, 0, 0], [0, 0, 0, 0], [0, 0, 0, 0], [0, 1, 1, 1]),
    (NOTHING, [0, 0, 0, 0], [0, 0, 0, 0], [0, 0, 0, 0], [0, 0, 0, 0]),
], ids=lambda value: value.key if isinstance(value, Scope) else None)
def test_weekly_flow_counts_each_week_and_the_residents_at_its_end(warehouse, scope, arrivals, departures,
                                                                   expiries, active):
    frame = queries.weekly_flow(warehouse, scope, 4, NOW)
    assert list(frame["week"]) == weeks_before(date(2026, 11, 23), 4)
    assert (list(frame["arrivals"]), list(frame["departures"]), list(frame["expiries"])) == \
        (arrivals, departures, expiries)
    assert list(frame["active"]) == active


def test_the_residents_at_a_week_end_count_from_the_first_week_ever(warehouse):
    """Weeks without a change keep the week before's residents, also before the window's first row."""
    eight = queries.weekly_flow(warehouse, CITY, 8, NOW)
    assert list(eight["week"]) == weeks_before(date(2026, 11, 23), 8)  # from Monday 5 October
    assert list(eight["arrivals"]) == [2, 0, 1, 0, 1, 1, 2, 3]
    assert list(eight["active"]) == [2, 2, 3, 3, 4, 4, 5, 8]
    assert list(queries.weekly_flow(warehouse, CITY, 2, NOW)["active"]) == [5, 8]
    # a week later, nothing new: the residents stay, the flow is 0
    later = queries.weekly_flow(warehouse, CITY, 3, NOW + timedelta(weeks=1))
    assert list(later["active"]) == [5, 8, 8] and list(later["arrivals"]) == [2, 3, 0]


def test_the_city_s_flow_is_read_from_the_city_s_weeks(warehouse):
    from data.sipandu.tables import AggSipanduWeeklyCity as C

    before = queries.weekly_flow(warehouse, CITY, 8, NOW)
    genteng = queries.weekly_flow(warehouse, GENTENG, 8, NOW)
    with warehouse.begin() as connection:  # a city row changed shows in the city's answer only
        connection.execute(C.__table__.update().where(C.week == date(2026, 11, 16)).values(arrivals=C.arrivals + 10))
    after = queries.weekly_flow(warehouse, CITY, 8, NOW)
    assert list(after["arrivals"] - before["arrivals"]) == [0] * 6 + [10, 0]
    assert list(after["active"] - before["active"]) == [0] * 6 + [10, 10]  # the running sum carries it
    assert queries.weekly_flow(warehouse, GENTENG, 8, NOW).equals(genteng)


@pytest.mark.parametrize("scope", SCOPES, ids=lambda s: "-".join(map(str, s.key)))
def test_the_residents_at_this_weeks_end_are_those_present_now(warehouse, scope):
    present = queries.by_area(warehouse, scope, "rw")
    assert queries.weekly_flow(warehouse, scope, 1, NOW)["active"].iloc[0] == present["residents"].sum()


def test_residents_now_per_kelurahan_and_per_rw(warehouse):
    city = rows_in(queries.by_area(warehouse, CITY, "kelurahan"))
    assert [(r["kelurahan_code"], r["residents"], r["unverified"]) for r in city] == [
        ("35.78.07.1004", 5, 3), ("35.78.10.1008", 2, 2), ("35.78.07.1001", 1, 1)]
    ketabang = rows_in(queries.by_area(warehouse, LURAH_KETABANG, "rw"))
    assert [(r["kelurahan_code"], r["rw"], r["residents"], r["unverified"]) for r in ketabang] == [
        ("35.78.07.1004", 1, 3, 2), ("35.78.07.1004", 2, 2, 1)]
    assert [(r["rw"], r["residents"]) for r in rows_in(queries.by_area(warehouse, KETABANG_RT_1_3, "rw"))] == [(1, 1)]
    assert rows_in(queries.by_area(warehouse, GENTENG, "kelurahan"))[-1]["kelurahan_code"] == "35.78.07.1001"
    assert queries.by_area(warehouse, NOTHING).empty


# --- origins, purposes, timeliness ---------------------------------------------------------------

def origin_counts(frame) -> list[tuple]:
    return [(r["origin_province"], r["origin_regency"], r["arrivals"]) for r in rows_in(frame)]


def test_origins_from_a_month_from_another_day_and_for_every_scope(warehouse):
    november = [("35", "35.15", 5), ("33", "33.74", 1), ("35", "35.07", 1)]
    assert origin_counts(queries.origins(warehouse, CITY, date(2026, 11, 1))) == november  # the monthly aggregate
    assert origin_counts(queries.origins(warehouse, CITY, date(2026, 11, 2))) == november  # the facts
    assert origin_counts(queries.origins(warehouse, CITY, date(2026, 11, 4))) == [
        ("35", "35.15", 5), ("35", "35.07", 1)]
    assert origin_counts(queries.origins(warehouse, CITY, date(2026, 10, 1))) == [
        ("35", "35.15", 7), ("31", "31.71", 1), ("33", "33.74", 1), ("35", "35.07", 1)]
    assert origin_counts(queries.origins(warehouse, CITY, date(2026, 11, 1), top=1)) == [("35", "35.15", 5)]
    assert origin_counts(queries.origins(warehouse, LURAH_KETABANG, date(2026, 11, 1))) == [
        ("35", "35.15", 3), ("33", "33.74", 1)]
    assert origin_counts(queries.origins(warehouse, TAMBAKSARI, date(2026, 11, 1))) == [("35", "35.15", 2)]
    # the monthly aggregate carries no RW nor RT: those scopes read the facts, even from a month's first day
    assert origin_counts(queries.origins(warehouse, KETABANG_RW1, date(2026, 10, 1))) == [
        ("35", "35.15", 3), ("33", "33.74", 1)]
    assert origin_counts(queries.origins(warehouse, SETRO_RT_3_3, date(2026, 11, 1))) == [("35", "35.15", 1)]
    assert queries.origins(warehouse, NOTHING, date(2026, 10, 1)).empty


def test_origins_across_months_add_the_first_days_facts_to_the_whole_months(warehouse):
    # from 15 October: 5's arrival from the facts, November from the city's (or a lurah's) monthly rows
    assert origin_counts(queries.origins(warehouse, CITY, date(2026, 10, 15))) == [
        ("35", "35.15", 5), ("31", "31.71", 1), ("33", "33.74", 1), ("35", "35.07", 1)]
    assert origin_counts(queries.origins(warehouse, LURAH_EMBONG, date(2026, 10, 15))) == [
        ("31", "31.71", 1), ("35", "35.07", 1)]
    assert purpose_rows(queries.purposes(warehouse, CITY, date(2026, 10, 15))) == [
        ("work", 5, 62.5), ("study", 2, 25.0), ("other", 1, 12.5)]


@pytest.mark.parametrize("scope", [CITY, GENTENG, LURAH_KETABANG, KETABANG_RW1], ids=lambda s: s.kind)
def test_origins_from_any_day_equal_the_facts_counted_alone(warehouse, scope):
    from data.sipandu.tables import FctSipanduNewcomer as F

    for since in [date(2026, 10, 1) + timedelta(days=n) for n in range(0, 60, 3)]:
        start = datetime(since.year, since.month, since.day, tzinfo=timezone.utc) - timedelta(hours=7)
        query = (select(F.origin_province, F.origin_regency, F.purpose).where(
            F.arrived_at >= start, F.status != "rejected", *scope.conditions(F.__table__, SCOPE_COLUMNS)))
        with warehouse.connect() as connection:
            arrivals = connection.execute(query).all()
        counted: dict[tuple, int] = {}
        for province, regency, _purpose in arrivals:
            counted[(province, regency)] = counted.get((province, regency), 0) + 1
        expected = sorted(((p, r, n) for (p, r), n in counted.items()), key=lambda row: (-row[2], row[1]))
        assert origin_counts(queries.origins(warehouse, scope, since, top=50)) == expected, since
        purposes = {purpose: n for purpose, n, _share in purpose_rows(queries.purposes(warehouse, scope, since))}
        assert purposes == {purpose: sum(1 for *_, p in arrivals if p == purpose) for purpose in purposes}, since


def test_the_city_s_origins_over_whole_months_are_read_from_the_city_s_monthly_rows(warehouse):
    from data.sipandu.tables import AggSipanduOriginCity as C

    before = origin_counts(queries.origins(warehouse, CITY, date(2026, 10, 15)))
    with warehouse.begin() as connection:  # every city row of November made 10 more: the answer must show it
        rows = connection.scalar(select(func.count()).where(C.month >= date(2026, 11, 1)))
        connection.execute(C.__table__.update().where(C.month >= date(2026, 11, 1)).values(arrivals=C.arrivals + 10))
    after = origin_counts(queries.origins(warehouse, CITY, date(2026, 10, 15)))
    assert rows > 0 and sum(n for *_, n in after) == sum(n for *_, n in before) + 10 * rows
    assert ("31", "31.71", 1) in after  # October's days: the facts
    assert origin_counts(queries.origins(warehouse, LURAH_EMBONG, date(2026, 10, 15))) == [
        ("31", "31.71", 1), ("35", "35.07", 1)]  # a lurah's answer reads the kelurahans' rows


def test_the_city_s_days_before_its_first_whole_month_are_read_from_the_city_s_daily_rows(warehouse):
    from data.sipandu.tables import AggSipanduOriginCityDaily as D

    since = date(2026, 10, 15)
    before = origin_counts(queries.origins(warehouse, CITY, since))
    purposes_before = {purpose: n for purpose, n, _share in purpose_rows(queries.purposes(warehouse, CITY, since))}
    loose_days = (D.day >= since, D.day < date(2026, 11, 1))
    with warehouse.begin() as connection:  # every daily row of the loose days made 10 more: the answer must show it
        rows = connection.scalar(select(func.count()).where(*loose_days))
        connection.execute(D.__table__.update().where(*loose_days).values(arrivals=D.arrivals + 10))
    after = origin_counts(queries.origins(warehouse, CITY, since))
    assert rows > 0 and sum(n for *_, n in after) == sum(n for *_, n in before) + 10 * rows
    purposes_after = {purpose: n for purpose, n, _share in purpose_rows(queries.purposes(warehouse, CITY, since))}
    assert sum(purposes_after.values()) == sum(purposes_before.values()) + 10 * rows
    assert origin_counts(queries.origins(warehouse, LURAH_EMBONG, since)) == [
        ("31", "31.71", 1), ("35", "35.07", 1)]  # a lurah's days: the facts


def purpose_rows(frame) -> list[tuple]:
    return [(r["purpose"], r["arrivals"], r["share_pct"]) for r in rows_in(frame)]


def test_purposes_list_every_purpose_with_its_share(warehouse):
    assert purpose_rows(queries.purposes(warehouse, CITY, date(2026, 11, 1))) == [
        ("work", 5, 71.4), ("study", 2, 28.6), ("other", 0, 0.0)]
    assert purpose_rows(queries.purposes(warehouse, GENTENG, date(2026, 10, 1))) == [
        ("work", 4, 50.0), ("study", 3, 37.5), ("other", 1, 12.5)]
    assert purpose_rows(queries.purposes(warehouse, KETABANG_RT_1_1, date(2026, 10, 1))) == [
        ("study", 1, 50.0), ("work", 1, 50.0), ("other", 0, 0.0)]
    assert purpose_rows(queries.purposes(warehouse, NOTHING, date(2026, 10, 1))) == [
        ("other", 0, None), ("study", 0, None), ("work", 0, None)]


def test_timeliness_from_a_week_and_from_another_day(warehouse):
    T = queries.Timeliness
    assert queries.timeliness(warehouse, CITY, date(2026, 11, 2)) == T(8, 7, 87.5)  # the weekly aggregate
    assert queries.timeliness(warehouse, CITY, date(2026, 11, 3)) == T(8, 7, 87.5)  # the facts: 3 recorded 5 Nov
    assert queries.timeliness(warehouse, CITY, date(2026, 11, 6)) == T(7, 7, 100.0)
    assert queries.timeliness(warehouse, SETRO_RT_3_3, date(2026, 11, 2)) == T(2, 2, 100.0)
    assert queries.timeliness(warehouse, Scope("rt", ("35.78.07.1004", 1, 2)), date(2026, 11, 2)) == T(1, 0, 0.0)
    assert queries.timeliness(warehouse, LURAH_EMBONG, date(2026, 10, 1)) == T(2, 2, 100.0)
    assert queries.timeliness(warehouse, NOTHING, date(2026, 11, 2)) == T(0, 0, None)


# --- the kelurahan's backlog ---------------------------------------------------------------------

def test_the_backlog_per_kelurahan_with_the_oldest_and_median_wait(warehouse):
    city = [(r["kelurahan_code"], r["waiting"], r["oldest_hours"], r["median_hours"])
            for r in rows_in(queries.backlog(warehouse, CITY, NOW))]
    # Ketabang: 3, 9 and 11 recorded 480, 120 and 24 hours ago; Dukuh Setro: 8 and 10, 360 and 23
    assert city == [("35.78.07.1004", 3, 480.0, 120.0), ("35.78.10.1008", 2, 360.0, 191.5),
                    ("35.78.07.1001", 1, 25.0, 25.0)]
    rw1 = rows_in(queries.backlog(warehouse, KETABANG_RW1, NOW))
    assert [(r["waiting"], r["oldest_hours"], r["median_hours"]) for r in rw1] == [(2, 480.0, 252.0)]
    assert queries.backlog(warehouse, KETABANG_RT_1_1, NOW).empty  # 1 is verified
    assert queries.backlog(warehouse, NOTHING, NOW).empty


def test_headline_figures(warehouse):
    K = queries.SipanduKpis
    assert queries.kpis(warehouse, CITY, NOW) == K(newcomers_this_week=3, in_time_pct=87.5, backlog=6)
    assert queries.kpis(warehouse, LURAH_KETABANG, NOW) == K(1, 75.0, 3)
    assert queries.kpis(warehouse, SETRO_RT_3_3, NOW) == K(0, 100.0, 1)  # 7 was rejected
    assert queries.kpis(warehouse, NOTHING, NOW) == K(0, None, 0)


# --- gaps ----------------------------------------------------------------------------------------

def rts_of(databases, kelurahan: str, rw: int | None = None) -> list[tuple[int, int]]:
    with databases.engine.connect() as connection:
        query = select(RtUnit.rw, RtUnit.rt).where(RtUnit.kelurahan_code == kelurahan)
        return sorted(tuple(row) for row in connection.execute(query) if rw is None or row.rw == rw)


def test_silent_rts_recorded_nothing_since_the_day_and_most_boarding_houses_come_first(warehouse, databases):
    since = date(2026, 11, 16)  # recorded since: Ketabang 2/1, 2/2 and 1/3, Embong 1/1, Dukuh Setro 3/3 and 3/2
    rw1 = rows_in(queries.silent_rts(warehouse, KETABANG_RW1, since, NOW).rows)
    assert [(r["rt"], r["kos"], r["capacity"]) for r in rw1[:2]] == [(1, 1, 10), (2, 1, 6)]
    assert sorted((r["rw"], r["rt"]) for r in rw1) == \
        [rt for rt in rts_of(databases, "35.78.07.1004", 1) if rt != (1, 3)]
    city = rows_in(queries.silent_rts(warehouse, CITY, since, NOW).rows)
    assert [(r["kelurahan_code"], r["rw"], r["rt"], r["kos"], r["capacity"]) for r in city[:4]] == [
        ("35.78.10.1008", 1, 1, 2, 8), ("35.78.07.1004", 1, 1, 1, 10), ("35.78.07.1001", 2, 1, 1, 8),
        ("35.78.07.1004", 1, 2, 1, 6)]  # K4 is closed: Dukuh Setro 2/2 counts no boarding house
    with databases.engine.connect() as connection:
        every_rt = len(connection.execute(select(RtUnit.code)).all())
    assert len(city) == every_rt - 6
    first_two = queries.silent_rts(warehouse, CITY, since, NOW, limit=2)  # the database counts, two come back
    assert (rows_in(first_two.rows), first_two.total) == (city[:2], every_rt - 6)
    embong = rows_in(queries.silent_rts(warehouse, LURAH_EMBONG, since, NOW).rows)
    assert len(embong) == len(rts_of(databases, "35.78.07.1001")) - 1 and (embong[0]["rw"], embong[0]["rt"]) == (2, 1)
    genteng = queries.silent_rts(warehouse, GENTENG, since, NOW).total
    assert genteng == len(rts_of(databases, "35.78.07.1004")) + len(rts_of(databases, "35.78.07.1001")) \
        - 4 + _other_genteng_rts(databases)
    assert queries.silent_rts(warehouse, KETABANG_RT_1_3, since, NOW).total == 0  # 11 recorded there
    assert queries.silent_rts(warehouse, KETABANG_RT_1_3, since, wib(11, 24, 8)).total == 1  # before 11 was
    # an RT whose last recording is after "now" is decided by the facts before it: 8 (10 Nov), not 7 (23 Nov)
    assert queries.silent_rts(warehouse, SETRO_RT_3_3, date(2026, 11, 1), wib(11, 23, 4)).total == 0
    assert queries.silent_rts(warehouse, SETRO_RT_3_3, since, wib(11, 23, 4)).total == 1
    assert queries.silent_rts(warehouse, NOTHING, since, NOW).total == 0


def _other_genteng_rts(databases) -> int:
    """The RTs of Genteng's other kelurahan (none of the known records is there)."""
    with databases.engine.connect() as connection:
        query = (select(RtUnit.code).join(Kelurahan, Kelurahan.code == RtUnit.kelurahan_code)
                 .where(Kelurahan.kecamatan_code == "35.78.07",
                        RtUnit.kelurahan_code.not_in(["35.78.07.1004", "35.78.07.1001"])))
        return len(connection.execute(query).all())


def test_boarding_houses_with_nobody_recorded_come_first(warehouse):
    city = [(r["kos_code"], r["capacity"], r["present"], r["ratio"]) for r in rows_in(queries.kos_completeness(
        warehouse, CITY).rows)]
    # K4 is closed; 2 moved out of K1, 3 waits at K2
    assert city == [("K3", 8, 0, 0.0), ("K5", 5, 0, 0.0), ("K6", 3, 0, 0.0), ("K1", 10, 1, 0.1), ("K2", 6, 1, 0.167)]
    assert list(queries.kos_completeness(warehouse, LURAH_KETABANG).rows["kos_code"]) == ["K1", "K2"]
    assert list(queries.kos_completeness(warehouse, Scope("rt", ("35.78.07.1004", 1, 2))).rows["kos_code"]) == ["K2"]
    assert list(queries.kos_completeness(warehouse, TAMBAKSARI).rows["kos_code"]) == ["K5", "K6"]
    first_two = queries.kos_completeness(warehouse, CITY, limit=2)
    assert (list(first_two.rows["kos_code"]), first_two.total, first_two.flagged) == (["K3", "K5"], 5, 3)
    assert queries.kos_completeness(warehouse, NOTHING).total == 0


# --- every scope reads its own area only ---------------------------------------------------------

@pytest.mark.parametrize("scope", SCOPES, ids=lambda s: "-".join(map(str, s.key)))
def test_every_answer_of_a_scope_lies_in_its_area(warehouse, scope):
    since = date(2026, 10, 1)
    answers = {"by_area": queries.by_area(warehouse, scope, "rw"), "backlog": queries.backlog(warehouse, scope, NOW),
               "silent_rts": queries.silent_rts(warehouse, scope, date(2026, 11, 16), NOW).rows,
               "kos": queries.kos_completeness(warehouse, scope).rows}
    for name, frame in answers.items():
        assert [row for row in rows_in(frame) if not inside(row, scope)] == [], name
    city_total = queries.by_area(warehouse, CITY, "rw")["residents"].sum()
    if scope.kind == "none":
        assert all(frame.empty for frame in answers.values())
    elif not scope.is_city:  # a part of the city reads less than the city
        assert queries.origins(warehouse, scope, since)["arrivals"].sum() < \
            queries.origins(warehouse, CITY, since)["arrivals"].sum()
        assert answers["by_area"]["residents"].sum() < city_total


def inside(row: dict, scope: Scope) -> bool:
    """Whether a row lies in the scope's area, by the scope columns it carries (the backlog is per
    kelurahan: an RW's is checked on its kelurahan, its RW by the figures above)."""
    if scope.is_city:
        return True
    needed = NEEDED_COLUMNS[scope.kind]
    return all(row[SCOPE_COLUMNS[kind]] == code
               for kind, code in zip(needed, scope.codes) if SCOPE_COLUMNS[kind] in row)
