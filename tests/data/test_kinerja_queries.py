"""The Kinerja queries on a known set of facts written straight into the warehouse (fct_staff,
fct_kinerja_activities, a closed month, quarterly scores; the daily aggregate rebuilt from them by
the ETL's own function), on SQLite and PostgreSQL, for the city, each OPD and a kecamatan. Every
expectation is worked out by hand from the lists below. Today is Wednesday 25 November 2026; the
period is the three working days before it: Fri 20, Mon 23, Tue 24 November (no holiday).

  staff  OPD     unit          supervisor  active
  1      DISHUB  Sekretariat   -           yes
  2, 3   DISHUB  Lalu Lintas   1           yes
  4      DISHUB  Lalu Lintas   2           yes
  5      DISHUB  Lalu Lintas   1           no (left)
  10     DINKES  Sekretariat   -           yes
  11     DINKES  Yankes        10          yes

  id  staff  day       status     min  link          submitted (WIB)  decided (WIB)
  1   2      Mon 23    approved   240  complaint     23 16:00         24 08:00 (960 min)
  2   3      Mon 23    submitted  300  -             23 16:00
  3   4      Mon 23    draft       60  -
  4   2      Tue 24    submitted  120  incident      24 16:00
  5   2      Fri 20    submitted  200  sub_kegiatan  20 16:00
  6   3      Thu 19    submitted  300  -             19 16:00         (past the 3-day deadline: age 4)
  7   1      Sat 21    approved   100  -             21 10:00         23 09:00 (2,820 min)
  8   4      Tue 24    submitted   60  -             24 16:00
  21  11     Mon 23    approved   300  letter        23 16:00         23 18:00 (120 min)
  22  10     Tue 24    submitted  300  -             24 17:00
  23  11     Tue 24    approved   180  -             24 16:00         24 17:00 (60 min)
  24  11     Thu 15 Oct submitted 300  -             15 Oct 16:00     (October closed: waits for nobody)

Reported (staff with an activity submitted or approved): DISHUB (4 active) Fri 1, Mon 2, Tue 2;
DINKES (2 active) Fri 0, Mon 1, Tue 2.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta, timezone

import pytest

from core.scope import CITY, NOTHING, Scope
from data.kinerja import queries
from data.kinerja.tables import FctKinerjaActivity, FctKinerjaPeriod, FctKinerjaScore
from data.staff.tables import FctStaff
from etl.kinerja.aggregates import rebuild_daily_keys

TODAY = date(2026, 11, 25)
FRI, SAT, MON, TUE = date(2026, 11, 20), date(2026, 11, 21), date(2026, 11, 23), date(2026, 11, 24)
DAYS = [FRI, MON, TUE]
DISHUB, DINKES = Scope("opd", ("DISHUB",)), Scope("opd", ("DINKES",))
GENTENG = Scope("kecamatan", ("35.78.07",))
DEADLINE, TARGET = 3, 300


def wib(month: int, day: int, hour: int) -> datetime:
    return datetime(2026, month, day, hour, tzinfo=timezone.utc) - timedelta(hours=7)


def person(staff_id: int, opd: str, unit: str, supervisor: int | None, active: bool = True) -> dict:
    return {"staff_id": staff_id, "opd_code": opd, "unit": unit, "supervisor_id": supervisor, "active": active,
            "has_user": False, "updated_at": wib(1, 5, 9)}


STAFF = [person(1, "DISHUB", "Sekretariat", None), person(2, "DISHUB", "Lalu Lintas", 1),
         person(3, "DISHUB", "Lalu Lintas", 1), person(4, "DISHUB", "Lalu Lintas", 2),
         person(5, "DISHUB", "Lalu Lintas", 1, active=False), person(10, "DINKES", "Sekretariat", None),
         person(11, "DINKES", "Yankes", 10)]
UNITS = {row["staff_id"]: (row["opd_code"], row["unit"]) for row in STAFF}


def activity(number: int, staff: int, day: date, status: str, minutes: int, link: str | None = None,
             submitted: datetime | None = None, decided: datetime | None = None) -> dict:
    opd, unit = UNITS[staff]
    latency = None if decided is None else int((decided - submitted).total_seconds() // 60)
    created = wib(day.month, day.day, 15)
    return {"activity_id": number, "staff_id": staff, "opd_code": opd, "unit": unit, "day": day,
            "month": f"{day.year}-{day.month:02d}", "start_minute": 480, "end_minute": 480 + minutes,
            "minutes": minutes, "status": status, "link_kind": link, "has_link": link is not None,
            "has_photo": False, "created_at": created, "submitted_at": submitted, "decided_at": decided,
            "approval_minutes": latency, "updated_at": decided or submitted or created}


ACTIVITIES = [
    activity(1, 2, MON, "approved", 240, "complaint", wib(11, 23, 16), wib(11, 24, 8)),
    activity(2, 3, MON, "submitted", 300, None, wib(11, 23, 16)),
    activity(3, 4, MON, "draft", 60),
    activity(4, 2, TUE, "submitted", 120, "incident", wib(11, 24, 16)),
    activity(5, 2, FRI, "submitted", 200, "sub_kegiatan", wib(11, 20, 16)),
    activity(6, 3, date(2026, 11, 19), "submitted", 300, None, wib(11, 19, 16)),
    activity(7, 1, SAT, "approved", 100, None, wib(11, 21, 10), wib(11, 23, 9)),
    activity(8, 4, TUE, "submitted", 60, None, wib(11, 24, 16)),
    activity(21, 11, MON, "approved", 300, "letter", wib(11, 23, 16), wib(11, 23, 18)),
    activity(22, 10, TUE, "submitted", 300, None, wib(11, 24, 17)),
    activity(23, 11, TUE, "approved", 180, None, wib(11, 24, 16), wib(11, 24, 17)),
    activity(24, 11, date(2026, 10, 15), "submitted", 300, None, wib(10, 15, 16)),
]


def scored(number: int, staff: int, quarter: str, final: float, band: str) -> dict:
    return {"score_id": number, "staff_id": staff, "opd_code": UNITS[staff][0], "quarter": quarter,
            "working_days": 64, "approved_minutes": 0, "target_minutes": 0, "work_score": final,
            "competence_score": final, "final_score": final, "band": band, "scored_at": wib(10, 5, 9)}


SCORES = [scored(1, 2, "2026-Q3", 92.5, "sangat_baik"), scored(2, 3, "2026-Q3", 70.0, "butuh_perbaikan"),
          scored(3, 4, "2026-Q3", 100.0, "sangat_baik"), scored(4, 11, "2026-Q3", 80.0, "baik"),
          scored(5, 2, "2026-Q2", 55.0, "kurang")]


@pytest.fixture
def engine(databases):
    engine = databases.warehouse
    with engine.begin() as connection:
        connection.execute(FctStaff.__table__.insert(), STAFF)
        connection.execute(FctKinerjaActivity.__table__.insert(), ACTIVITIES)
        connection.execute(FctKinerjaPeriod.__table__.insert(),
                           [{"month": "2026-10", "closed_at": wib(11, 2, 9), "activities_locked": 1}])
        connection.execute(FctKinerjaScore.__table__.insert(), SCORES)
        rebuild_daily_keys(connection, None)
    return engine


def test_the_period_is_the_working_days_before_today():
    assert queries.last_working_days(TODAY, 3) == DAYS
    # 25 December (Christmas) and the weekend are skipped
    assert queries.last_working_days(date(2026, 12, 28), 2) == [date(2026, 12, 23), date(2026, 12, 24)]


def test_compliance_per_opd_and_working_day(engine):
    found = queries.compliance_by_day(engine, CITY, [FRI, SAT, MON, TUE])  # Saturday is not a working day
    assert sorted(found["day"].unique()) == DAYS
    got = {(r.opd_code, r.day): (r.reported, r.active, r.compliance_pct) for r in found.itertuples()}
    assert got == {("DISHUB", FRI): (1, 4, 25.0), ("DISHUB", MON): (2, 4, 50.0), ("DISHUB", TUE): (2, 4, 50.0),
                   ("DINKES", FRI): (0, 2, 0.0), ("DINKES", MON): (1, 2, 50.0), ("DINKES", TUE): (2, 2, 100.0)}
    # the city: 8 staff-days reported of 6 active x 3 days; Tuesday 4 of 6
    assert queries.overall(found) == queries.Compliance(8, 18, 44.4)
    assert queries.overall(found, TUE) == queries.Compliance(4, 6, 66.7)
    ranked = queries.compliance_by_group(found)
    assert list(zip(ranked["opd_code"], ranked["compliance_pct"])) == [("DISHUB", 41.7), ("DINKES", 50.0)]


def test_an_opd_reads_only_its_own_and_a_kecamatan_nothing(engine):
    dinkes = queries.compliance_by_day(engine, DINKES, DAYS)
    assert set(dinkes["opd_code"]) == {"DINKES"}
    assert queries.overall(dinkes) == queries.Compliance(3, 6, 50.0)
    units = queries.compliance_by_day(engine, DISHUB, DAYS, by="unit")
    got = {(r.unit, r.day): (r.reported, r.active) for r in units.itertuples()}
    assert got == {("Sekretariat", FRI): (0, 1), ("Sekretariat", MON): (0, 1), ("Sekretariat", TUE): (0, 1),
                   ("Lalu Lintas", FRI): (1, 3), ("Lalu Lintas", MON): (2, 3), ("Lalu Lintas", TUE): (2, 3)}
    assert queries.compliance_by_group(units)["unit"].tolist() == ["Sekretariat", "Lalu Lintas"]
    for scope in (GENTENG, NOTHING):
        assert queries.compliance_by_day(engine, scope, DAYS).empty
        assert queries.backlog(engine, scope, TODAY, DEADLINE).empty
        assert queries.linked_share(engine, scope, FRI, TUE).empty
        assert queries.awaiting_totals(engine, scope, TODAY, DEADLINE) == (0, 0)
        assert queries.score_bands(engine, scope).empty
        assert queries.minutes_against_target(engine, scope, FRI, TUE, TARGET).empty


def test_minutes_against_the_target(engine):
    found = queries.minutes_against_target(engine, CITY, FRI, TUE, TARGET).set_index("opd_code")
    # DISHUB: 240 + Saturday's 100 approved over 4 people x 3 working days; DINKES 480 over 2 x 3
    assert found.loc["DISHUB", ["approved_minutes", "active", "working_days"]].tolist() == [340, 4, 3]
    assert (found.loc["DISHUB", "per_person_day"], found.loc["DISHUB", "target_pct"]) == (28.3, 9.4)
    assert (found.loc["DINKES", "per_person_day"], found.loc["DINKES", "target_pct"]) == (80.0, 26.7)


def test_backlog_per_opd_and_per_supervisor(engine):
    city = queries.backlog(engine, CITY, TODAY, DEADLINE)
    assert city[["opd_code", "awaiting", "overdue", "oldest_age"]].values.tolist() == [
        ["DISHUB", 5, 1, 4], ["DINKES", 1, 0, 1]]  # October's line is locked: it waits for nobody
    bosses = queries.backlog(engine, DISHUB, TODAY, DEADLINE, by="supervisor")
    assert bosses[["supervisor_id", "supervisor_unit", "awaiting", "overdue", "oldest_age"]].values.tolist() == [
        [1, "Sekretariat", 4, 1, 4], [2, "Lalu Lintas", 1, 0, 1]]
    assert queries.awaiting_totals(engine, CITY, TODAY, DEADLINE) == (6, 1)
    assert queries.awaiting_totals(engine, DINKES, TODAY, DEADLINE) == (1, 0)
    # a longer deadline: nothing is overdue
    assert queries.awaiting_totals(engine, CITY, TODAY, 5) == (6, 0)


def test_latency_of_the_periods_decided_activities(engine):
    found = queries.latency(engine, CITY, FRI, TUE)  # DISHUB: (960 + 2,820) / 2 minutes; DINKES (120 + 60) / 2
    assert found.values.tolist() == [["DINKES", 2, 1.5], ["DISHUB", 2, 31.5]]
    assert queries.latency(engine, DISHUB, SAT, SAT).values.tolist() == [["DISHUB", 1, 47.0]]
    assert queries.latency(engine, DISHUB, FRI, FRI).empty  # Friday's line still waits


def test_share_of_activities_backed_by_a_case(engine):
    found = queries.linked_share(engine, CITY, FRI, TUE).set_index("opd_code")
    assert found.loc["DISHUB", ["activities", "complaint", "incident", "sub_kegiatan", "letter", "linked"]].tolist() \
        == [7, 1, 1, 1, 0, 3]
    assert (found.loc["DISHUB", "linked_pct"], found.loc["DINKES", "linked_pct"]) == (42.9, 33.3)
    assert queries.linked_share(engine, DINKES, FRI, TUE)["opd_code"].tolist() == ["DINKES"]


def test_score_bands_and_histogram(engine):
    bands = queries.score_bands(engine, CITY)
    assert bands["quarter"].tolist() == ["2026-Q2", "2026-Q3"]
    assert bands.set_index("quarter").loc["2026-Q3"].tolist() == [2, 1, 1, 0, 0]
    assert bands.set_index("quarter").loc["2026-Q2", "kurang"] == 1
    assert queries.score_bands(engine, DINKES)["quarter"].tolist() == ["2026-Q3"]
    histogram = queries.score_histogram(engine, CITY, "2026-Q3").set_index("low")["people"]
    assert (histogram[90], histogram[80], histogram[70], int(histogram.sum())) == (2, 1, 1, 4)  # 100 in the top bin
    assert int(queries.score_histogram(engine, DINKES, "2026-Q3")["people"].sum()) == 1


def test_kpis(engine):
    city = queries.kpis(engine, CITY, TODAY, 3, DEADLINE)
    assert (city.day, city.on_day.pct, city.period.pct) == (TUE, 66.7, 44.4)
    assert city.lowest == (("DISHUB", 41.7), ("DINKES", 50.0))
    assert (city.awaiting, city.overdue) == (6, 1)
    dishub = queries.kpis(engine, DISHUB, TODAY, 3, DEADLINE)
    assert (dishub.on_day.pct, dishub.period.pct, dishub.lowest, dishub.awaiting) == (50.0, 41.7,
                                                                                      (("DISHUB", 41.7),), 5)
