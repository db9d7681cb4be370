"""The e-Office queries on letters written through the module (tests/office/office_setup.py) and loaded
by the real ETL, on SQLite and PostgreSQL. "Now" is Monday 30 November 2026, 10:00 in the city;
every expectation is worked out by hand from the letters below (times WIB):

  letter  OPD     direction  registered / drafted  due      what happened                      open  overdue  age
  A       DISHUB  incoming   Mon  2 Nov 09:00      20 Nov   to the head; disposition 3 Nov     yes   yes      28 d
                                                            09:00 read 09:30, still open
  B       DISHUB  incoming   Fri 27 Nov 09:00      5 Dec    to the head                        yes   no        3 d
  C       DISHUB  incoming   Sun  1 Nov 09:00      10 Nov   read, disposed 2 Nov 10:00, read   no    -         -
                                                            11:00, done 3 Nov 10:00; followed
                                                            up 5 Nov 09:00
  D       DISHUB  incoming   Sun 29 Nov 09:00      29 Nov   registered only                    yes   yes       1 d
  E       DISHUB  incoming   Sat 28 Nov 09:00      30 Nov   registered only (due today)        yes   no        2 d
  F       DISHUB  outgoing   Thu 15 Oct 09:00      25 Nov   a draft                            yes   yes      46 d
  G       DLH     incoming   Tue 10 Nov 09:00      15 Nov   registered only                    yes   yes      20 d
Turnaround in November, DISHUB: 2 dispositions made, both read (60 + 30 minutes), one done (1,380
minutes: 2 Nov 10:00 to 3 Nov 09:00); one letter done (C, 4 days = 5,760 minutes).
"""

from __future__ import annotations

import sys
from datetime import date, datetime, timedelta, timezone
from pathlib import Path

import pytest

from core.scope import CITY, NOTHING, Scope
from data.office import queries
from etl.runner import EtlRunner
from modules.office import dispositions, incoming
from modules.office.sample import add_office

OFFICE_TESTS = Path(__file__).resolve().parent.parent / "office"
if str(OFFICE_TESTS) not in sys.path:
    sys.path.insert(0, str(OFFICE_TESTS))  # office_setup: the e-Office tests' office and desk

from office_setup import DISHUB, DLH, Desk

NOW = datetime(2026, 11, 30, 3, tzinfo=timezone.utc)
TODAY = date(2026, 11, 30)
DISHUB_SCOPE, DLH_SCOPE = Scope("opd", ("DISHUB",)), Scope("opd", ("DLH",))
GENTENG = Scope("kecamatan", ("35.78.07",))


def wib(month: int, day: int, hour: int = 9, minute: int = 0) -> datetime:
    return datetime(2026, month, day, hour, minute, tzinfo=timezone.utc) - timedelta(hours=7)


@pytest.fixture
def letters(databases, settings) -> dict[str, int]:
    with databases.transaction() as session:
        people = add_office(session, "DISHUB", settings.office, wib(1, 5), people=DISHUB)
        people |= add_office(session, "DLH", settings.office, wib(1, 5), people=DLH)
    desk = Desk(databases, settings, people)
    made = {
        "A": desk.received(now=wib(11, 2), letter_date="2026-10-30", due_date="2026-11-20"),
        "B": desk.received(now=wib(11, 27), letter_date="2026-11-26", due_date="2026-12-05"),
        "C": desk.received(now=wib(11, 1), letter_date="2026-10-30", due_date="2026-11-10"),
        "D": desk.register(now=wib(11, 29), letter_date="2026-11-27", due_date="2026-11-29"),
        "E": desk.register(now=wib(11, 28), letter_date="2026-11-27", due_date="2026-11-30"),
        "F": desk.draft(now=wib(10, 15), due_date="2026-11-25"),
        "G": desk.register(actor="dlh_registrar", now=wib(11, 10), letter_date="2026-11-09", due_date="2026-11-15"),
    }
    head = desk.people["head"]
    desk.run(incoming.read, head, made["C"], now=wib(11, 2, 9))
    (done,) = desk.dispose("head", made["C"], ["traffic"], now=wib(11, 2, 10))
    desk.run(dispositions.read, desk.people["traffic"], done, now=wib(11, 2, 11))
    desk.run(dispositions.finish, desk.people["traffic"], done, "Sudah ditangani", now=wib(11, 3, 9))
    desk.run(incoming.follow_up, head, made["C"], "Selesai", now=wib(11, 5, 9))
    (waiting,) = desk.dispose("head", made["A"], ["transport"], now=wib(11, 3, 9))
    desk.run(dispositions.read, desk.people["transport"], waiting, now=wib(11, 3, 9, 30))
    EtlRunner(databases).run_once()
    return made


def engine(databases):
    return databases.warehouse


# --- open letters, age and overdue ------------------------------------------------------------------

def test_open_letters_by_opd_status_and_age(databases, letters):
    found = queries.open_letters(engine(databases), CITY, now=NOW)
    rows = {(r.opd_code, r.direction, r.status, r.bucket): (r.letters, r.overdue) for r in found.itertuples()}
    assert rows == {
        ("DISHUB", "incoming", "disposed", "14-29"): (1, 1),      # A
        ("DISHUB", "incoming", "distributed", "3-6"): (1, 0),     # B
        ("DISHUB", "incoming", "registered", "0-2"): (2, 1),      # D overdue, E due today
        ("DISHUB", "outgoing", "draft", "30+"): (1, 1),           # F
        ("DLH", "incoming", "registered", "14-29"): (1, 1),       # G
    }


def test_ageing_sums_per_opd_most_overdue_first(databases, letters):
    frame = queries.ageing(queries.open_letters(engine(databases), CITY, now=NOW))
    assert frame.to_dict("records") == [
        {"opd_code": "DISHUB", "open": 5, "overdue": 3, "0-2": 2, "3-6": 1, "7-13": 0, "14-29": 1, "30+": 1},
        {"opd_code": "DLH", "open": 1, "overdue": 1, "0-2": 0, "3-6": 0, "7-13": 0, "14-29": 1, "30+": 0},
    ]


def test_overdue_moves_with_today_and_a_due_today_letter_is_not_late(databases, letters):
    def overdue_on(day: date) -> dict[str, int]:
        found = queries.overdue_by_opd(engine(databases), CITY, day)
        return dict(zip(found["opd_code"], found["overdue"]))

    on = {day: overdue_on(day) for day in (date(2026, 11, 15), date(2026, 11, 16), TODAY, date(2026, 12, 1))}
    assert on[date(2026, 11, 15)] == {}                               # G is due that day
    assert on[date(2026, 11, 16)] == {"DLH": 1}
    assert on[TODAY] == {"DISHUB": 3, "DLH": 1}                       # A, D, F; E is due today
    assert on[date(2026, 12, 1)] == {"DISHUB": 4, "DLH": 1}           # E too
    first = queries.overdue_by_opd(engine(databases), CITY, TODAY).iloc[0]
    assert (first["opd_code"], first["oldest_due"]) == ("DISHUB", date(2026, 11, 20))


def test_a_followed_up_letter_is_never_overdue(databases, letters):
    frame = queries.open_letters(engine(databases), CITY, now=NOW)
    assert int(frame["letters"].sum()) == 6  # C, past its due date, is done


# --- turnaround and flow -------------------------------------------------------------------------------

def test_turnaround_sums_and_means(databases, letters):
    found = queries.turnaround(engine(databases), DISHUB_SCOPE, date(2026, 11, 1), TODAY)
    assert found == queries.Turnaround(dispositions_made=2, dispositions_read=2, read_mean_minutes=45.0,
                                       dispositions_done=1, done_mean_minutes=1380.0, letters_done=1,
                                       letter_mean_minutes=5760.0)
    by_opd = queries.turnaround_by_opd(engine(databases), CITY, date(2026, 11, 1), TODAY)
    assert by_opd["opd_code"].tolist() == ["DISHUB"]  # DLH made no disposition and finished no letter
    assert by_opd.iloc[0]["read_mean_minutes"] == 45.0


def test_turnaround_counts_a_step_on_the_day_it_happened(databases, letters):
    """The first disposition was read on 2 November, finished on the 3rd: a period of the 3rd alone
    sees one made (A's) and read, and the one finished."""
    found = queries.turnaround(engine(databases), CITY, date(2026, 11, 3), date(2026, 11, 3))
    assert (found.dispositions_made, found.dispositions_read, found.read_mean_minutes) == (1, 1, 30.0)
    assert (found.dispositions_done, found.done_mean_minutes) == (1, 1380.0)


def test_daily_flow_has_every_day(databases, letters):
    flow = queries.daily_flow(engine(databases), CITY, date(2026, 11, 1), date(2026, 11, 5))
    assert flow["day"].tolist() == [date(2026, 11, d) for d in range(1, 6)]
    assert flow["created"].tolist() == [1, 1, 0, 0, 0]
    assert flow["done"].tolist() == [0, 0, 0, 0, 1]
    assert flow["dispositions_made"].tolist() == [0, 1, 1, 0, 0]


# --- scope and the headline figures ---------------------------------------------------------------------

def test_an_opd_reads_its_own_and_an_area_scope_reads_nothing(databases, letters):
    def opds(scope):
        return set(queries.open_letters(engine(databases), scope, now=NOW)["opd_code"])

    assert opds(CITY) == {"DISHUB", "DLH"}
    assert opds(DISHUB_SCOPE) == {"DISHUB"}
    assert opds(DLH_SCOPE) == {"DLH"}
    assert opds(GENTENG) == opds(NOTHING) == set()
    assert queries.turnaround(engine(databases), DLH_SCOPE, date(2026, 11, 1), TODAY).dispositions_made == 0
    assert int(queries.daily_flow(engine(databases), GENTENG, date(2026, 11, 1), TODAY)["created"].sum()) == 0


def test_kpis(databases, letters):
    city = queries.kpis(engine(databases), CITY, date(2026, 11, 1), now=NOW)
    assert (city.open_letters, city.overdue, city.top_overdue) == (6, 4, (("DISHUB", 3), ("DLH", 1)))
    assert city.turnaround.done_mean_minutes == 1380.0
    overdue = queries.overdue_by_opd(engine(databases), CITY, TODAY)  # the same ranking as the table's
    assert city.top_overdue == tuple(zip(overdue["opd_code"], overdue["overdue"]))
    assert queries.kpis(engine(databases), CITY, date(2026, 11, 1), now=NOW, top=1).top_overdue == (("DISHUB", 3),)
    dlh = queries.kpis(engine(databases), DLH_SCOPE, date(2026, 11, 1), now=NOW)
    assert (dlh.open_letters, dlh.overdue, dlh.top_overdue) == (1, 1, (("DLH", 1),))
    assert queries.kpis(engine(databases), GENTENG, date(2026, 11, 1), now=NOW).open_letters == 0
