"""The budget queries on the known budget (tests/synthetic_planning_budget.py) and a 2026 budget,
loaded by the planning budget job, on SQLite and PostgreSQL: the S-curve with previous years,
physical against financial progress per OPD and sub kegiatan, the lagging lines, this month's
figures; each for the city and for the scopes that read part of it (an OPD its own, a camat none).
Every expectation is worked out by hand from the list in synthetic_planning_budget.py."""

from __future__ import annotations

from datetime import date

import pytest

from core.services import Services
from core.users import Viewer
from data.planning import budget_queries as queries
from data.planning.budget_queries import BudgetFilters
from etl.planning.budget_job import budget_job, log_pages
from etl.runner import EtlRunner
from synthetic_planning_budget import MODAL, SUB_A, SUB_B, SUB_C, YEAR, known_budget, line, payment, write

CITY = Viewer("1", "perencana", "perencana")
DSDABM = Viewer("2", "dsdabm", "opd", opd_code="DSDABM")
DISHUB = Viewer("3", "dishub", "opd", opd_code="DISHUB")
CAMAT = Viewer("4", "camat", "camat", kecamatan_code="35.78.07")
BUDGET = BudgetFilters(year=YEAR)


@pytest.fixture
def services(settings, databases):
    last_year = line(20, 10, "DSDABM", SUB_A, MODAL, 100, year=YEAR - 1)
    write(databases, known_budget() + [last_year, payment(20, last_year[1], f"{YEAR - 1}-06-15", 40)])
    EtlRunner(databases, jobs=[budget_job(log_pages)]).run_once()
    return Services(settings, databases, None)


def curve(frame, year: int) -> dict[int, float | None]:
    return {row["month"]: row["absorption_pct"] for row in frame.to_dict("records") if row["year"] == year}


def test_the_s_curve_of_the_year_and_of_the_years_before(services):
    frame = queries.absorption_curve(services, CITY, BUDGET)
    assert sorted(set(frame["year"])) == [YEAR - 1, YEAR]  # 2025 has no budget
    this_year = curve(frame, YEAR)
    assert len(this_year) == 12 and this_year[1] == 0.0
    assert (this_year[2], this_year[3], this_year[7], this_year[12]) == (2.4, 21.4, 35.7, 35.7)  # of 210
    assert set(frame[frame["year"] == YEAR]["ceiling_rupiah"]) == {210_000_000}
    assert (curve(frame, YEAR - 1)[5], curve(frame, YEAR - 1)[6]) == (0.0, 40.0)
    assert curve(queries.absorption_curve(services, CITY, BudgetFilters(YEAR, "DISHUB")), YEAR)[2] == 10.0


def test_an_opd_reads_its_own_curve_and_a_camat_none(services):
    own = queries.absorption_curve(services, DSDABM, BUDGET)
    assert curve(own, YEAR)[3] == 25.0 and curve(own, YEAR - 1)[6] == 40.0  # 40 of 160
    assert queries.absorption_curve(services, DSDABM, BudgetFilters(YEAR, "DISHUB")).empty  # not his to choose
    assert curve(queries.absorption_curve(services, DISHUB, BUDGET), YEAR)[2] == 10.0
    assert queries.absorption_curve(services, CAMAT, BUDGET).empty
    assert queries.budget_years(services, CITY) == [YEAR, YEAR - 1]
    assert queries.budget_years(services, DISHUB) == [YEAR] and queries.budget_years(services, CAMAT) == []
    assert queries.budget_opds(services, CITY, YEAR) == ["DISHUB", "DSDABM"]
    assert queries.budget_opds(services, DSDABM, YEAR) == ["DSDABM"]


def test_physical_against_financial_per_opd_and_sub_kegiatan(services):
    opds = queries.progress_by_opd(services, CITY, BUDGET).to_dict("records")
    assert [(r["opd_code"], r["ceiling_rupiah"], r["paid_rupiah"], r["financial_pct"], r["physical_pct"], r["works"],
             r["works_built"]) for r in opds] == \
        [("DSDABM", 160_000_000, 70_000_000, 43.8, 78.6, 2, 1), ("DISHUB", 50_000_000, 5_000_000, 10.0, 0.0, 1, 0)]
    subs = queries.progress_by_sub_kegiatan(services, CITY, BudgetFilters(YEAR, "DSDABM")).to_dict("records")
    assert [(r["sub_kegiatan_code"], r["financial_pct"], r["physical_pct"]) for r in subs] == \
        [(SUB_A, 50.0, 78.6), (SUB_B, 25.0, None)]  # B has no work: no physical progress, not 0 %
    assert list(queries.progress_by_opd(services, DISHUB, BUDGET)["opd_code"]) == ["DISHUB"]
    assert list(queries.progress_by_sub_kegiatan(services, DISHUB, BUDGET)["sub_kegiatan_code"]) == [SUB_C]
    assert queries.progress_by_opd(services, CAMAT, BUDGET).empty
    groups = queries.absorption_by_account_group(services, CITY, BUDGET).to_dict("records")
    assert [(g["account_group"], g["ceiling_rupiah"], g["absorption_pct"]) for g in groups] == \
        [("5.1", 90_000_000, 16.7), ("5.2", 120_000_000, 50.0)]


def test_lagging_lines_against_the_time_elapsed(services):
    assert queries.elapsed_pct(YEAR, date(YEAR, 7, 31)) == 58.1
    frame = queries.lagging_lines(services, CITY, BUDGET, date(YEAR, 7, 31))
    assert [(r["line_id"], r["financial_pct"], r["physical_pct"], r["gap_points"], r["lagging_on"])
            for r in frame.to_dict("records")] == [(5, 10.0, 0.0, 58.1, "both"), (4, 25.0, None, 33.1, "financial")]
    # line 3 (A: 50 % paid, 78.6 % built) keeps pace; the murni's lines 1 and 2 are no longer current
    assert list(queries.lagging_lines(services, DSDABM, BUDGET, date(YEAR, 7, 31))["line_id"]) == [4]
    assert queries.lagging_lines(services, CITY, BUDGET, date(YEAR, 7, 1)).empty is False
    assert list(queries.lagging_lines(services, CITY, BUDGET, date(YEAR, 7, 1))["line_id"]) == [5]  # 49.9 elapsed
    assert queries.lagging_lines(services, CITY, BUDGET, date(YEAR, 1, 20)).empty  # too early to tell
    assert queries.lagging_lines(services, CAMAT, BUDGET, date(YEAR, 7, 31)).empty


def test_this_months_figures(services):
    assert queries.absorption_at(services, CITY, YEAR, 7)["absorption_pct"] == 35.7
    assert queries.absorption_at(services, CITY, YEAR - 1, 7) == \
        {"year": YEAR - 1, "month": 7, "ceiling_rupiah": 100_000_000, "paid_rupiah": 40_000_000, "absorption_pct": 40.0}
    assert queries.absorption_at(services, CITY, YEAR - 2, 7)["absorption_pct"] is None
    assert queries.absorption_at(services, DISHUB, YEAR, 7)["absorption_pct"] == 10.0
    assert queries.works_completed(services, CITY, YEAR, 8) == 1
    assert queries.works_completed(services, CITY, YEAR, 7) == 0
    assert queries.works_completed(services, DISHUB, YEAR, 8) == 0
    assert queries.works_completed(services, CAMAT, YEAR, 8) == 0
