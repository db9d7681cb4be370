"""The planning budget job on budget-line, payment and work snapshots written into the change log
as the service writes them (tests/synthetic_planning_budget.py), on SQLite and PostgreSQL: the
current version's ceilings, realisation per month and cumulative, physical against financial
progress weighted as works.py rolls it up; incremental equal to a full refresh, a re-run changing
nothing, a changed payment counted once, rejects with reasons."""

from __future__ import annotations

from datetime import date

from sqlalchemy import select, update

from data.planning.budget_tables import (AggPlanningBudgetMonthly, AggPlanningProgress, FctPlanningBudgetLine,
                                         FctPlanningPayment, FctPlanningWork)
from etl.planning.budget_job import NAME, budget_job, log_pages
from etl.runner import EtlRunner
from etl.state import Reject, Watermark
from synthetic_planning_budget import (MILLION, MODAL, OPERASI, SUB_A, SUB_B, SUB_C, YEAR, known_budget, line,
                                       payment, work, write)

TABLES = [FctPlanningBudgetLine, FctPlanningPayment, FctPlanningWork, AggPlanningBudgetMonthly, AggPlanningProgress]


def runner(databases, **options) -> EtlRunner:
    """The budget job alone; its full refresh reads the change log (these tests write no module rows)."""
    return EtlRunner(databases, jobs=[budget_job(log_pages)], **options)


def dump(databases) -> dict[str, list[tuple]]:
    with databases.warehouse.connect() as connection:
        return {model.__tablename__: sorted(tuple(row) for row in connection.execute(select(model.__table__)))
                for model in TABLES}


def rejects(databases) -> list[tuple[str, str, str]]:
    with databases.warehouse.connect() as connection:
        return sorted(connection.execute(select(Reject.entity, Reject.entity_id, Reject.reason)
                                         .where(Reject.job == NAME)).all())


def monthly(databases, opd: str, group: str) -> list[tuple[int, int, int, int]]:
    """(month, ceiling, realised, cumulative) in millions, January to December."""
    a = AggPlanningBudgetMonthly.__table__
    with databases.warehouse.connect() as connection:
        rows = connection.execute(select(a.c.month, a.c.ceiling_rupiah, a.c.realised_rupiah,
                                         a.c.realised_cumulative_rupiah)
                                  .where(a.c.year == YEAR, a.c.opd_code == opd, a.c.account_group == group)
                                  .order_by(a.c.month)).all()
    return [(m, c // MILLION, r // MILLION, k // MILLION) for m, c, r, k in rows]


def progress(databases) -> dict[tuple[str, str], dict]:
    with databases.warehouse.connect() as connection:
        return {(row.opd_code, row.sub_kegiatan_code): row._asdict()
                for row in connection.execute(select(AggPlanningProgress).where(AggPlanningProgress.year == YEAR))}


def bad_rows() -> list[tuple[str, dict]]:
    l2 = line(2, 1, "DSDABM", SUB_B, OPERASI, 40)[1]
    return [payment(90, dict(l2, id=99), "2027-04-01", 1),          # its line was never logged
            payment(91, l2, "2027-04-01", -5),                       # negative
            payment(92, l2, "2026-12-30", 1),                        # paid before the budget year
            line(93, 1, "NOPE", SUB_B, OPERASI, 1),                   # unknown OPD
            line(94, 1, "DSDABM", SUB_B, "5.1.2", 1),                 # not a six-level account code
            work("W9", l2, 120, "in_progress", 5)]                   # progress over 100 %


def test_ceilings_realisation_and_progress_of_the_known_budget(databases):
    write(databases, known_budget())
    summary = runner(databases, batch_size=3).run_once()
    assert summary.batches > 4 and summary.rejected == 0 and "planning_budget" in summary.marts_changed
    modal = monthly(databases, "DSDABM", "5.2")
    assert len(modal) == 12 and {c for _, c, _, _ in modal} == {120}  # the perubahan's ceiling, not 100 + 120
    assert [(m, r, k) for m, _, r, k in modal if m in (2, 3, 6, 7, 12)] == \
        [(2, 0, 0), (3, 30, 30), (6, 0, 30), (7, 30, 60), (12, 0, 60)]
    assert monthly(databases, "DSDABM", "5.1")[2] == (3, 40, 10, 10)
    assert monthly(databases, "DISHUB", "5.1")[1] == (2, 50, 5, 5)
    found = progress(databases)
    a = found[("DSDABM", SUB_A)]
    assert (a["ceiling_rupiah"], a["paid_rupiah"], a["works"], a["works_built"]) == (120 * MILLION, 60 * MILLION, 2, 1)
    assert a["weight_rupiah"] == 210 * MILLION  # W1's contract 90 + W2 weighs line 3's ceiling 120
    assert round(a["weighted_progress"] / a["weight_rupiah"], 2) == 78.57
    assert (found[("DSDABM", SUB_B)]["paid_rupiah"], found[("DSDABM", SUB_B)]["works"]) == (10 * MILLION, 0)
    assert found[("DISHUB", SUB_C)]["weight_rupiah"] == 20 * MILLION
    with databases.warehouse.connect() as connection:
        lines = {row.line_id: row for row in connection.execute(select(FctPlanningBudgetLine))}
        w2 = connection.execute(select(FctPlanningWork).where(FctPlanningWork.work_number == "W2")).one()
        p1 = connection.execute(select(FctPlanningPayment).where(FctPlanningPayment.payment_id == 1)).one()
    assert (lines[1].version, lines[1].is_current, lines[3].version, lines[3].is_current) == \
        ("murni", False, "perubahan", True)
    assert (lines[3].account_group, lines[4].account_group, lines[3].kegiatan_code) == ("5.2", "5.1", "1.03.03.2.01")
    assert (w2.status, w2.completed_at.date(), w2.progress_percent) == ("built", date(2027, 8, 10), 100.0)
    assert (p1.month, p1.paid_on, p1.account_group) == (3, date(2027, 3, 10), "5.2")


def test_bad_rows_are_rejected_with_their_reason_and_count_nowhere(databases):
    write(databases, known_budget() + bad_rows())
    runner(databases, batch_size=4).run_once()
    assert rejects(databases) == [
        ("planning_budget_line", "93", "unknown opd_code: NOPE"),
        ("planning_budget_line", "94", "not a code: account_code 5.1.2"),
        ("planning_payment", "90", "payment of an unknown line: 99"),
        ("planning_payment", "91", "negative: amount_rupiah"),
        ("planning_payment", "92", "paid_on outside the budget year"),
        ("planning_work", "W9", "out of range: progress_percent (0 to 100)"),
    ]
    assert monthly(databases, "DSDABM", "5.1")[3] == (4, 40, 0, 10)  # none of the April payments counted
    assert progress(databases)[("DSDABM", SUB_B)]["works"] == 0


def test_incremental_in_small_batches_equals_a_full_refresh(databases):
    l2 = line(2, 1, "DSDABM", SUB_B, OPERASI, 40)[1]
    # a payment bad at first and fixed later, a work moved to another sub kegiatan
    changes = known_budget() + bad_rows() + [payment(91, l2, "2027-04-01", 5),
                                             work("W3", line(4, 3, "DSDABM", SUB_B, OPERASI, 40)[1], 10,
                                                  "in_progress", 20)]
    write(databases, changes)
    runner(databases, batch_size=2).run_once()
    incremental, rejected = dump(databases), rejects(databases)
    assert ("DISHUB", SUB_C) in progress(databases) and progress(databases)[("DISHUB", SUB_C)]["works"] == 0
    assert progress(databases)[("DSDABM", SUB_B)]["works"] == 1
    assert monthly(databases, "DSDABM", "5.1")[3] == (4, 40, 5, 15)
    with databases.warehouse.begin() as connection:
        for model in TABLES + [Reject]:
            connection.execute(model.__table__.delete())
    runner(databases).full_refresh()
    assert dump(databases) == incremental and rejects(databases) == rejected


def test_running_a_batch_again_changes_nothing_and_a_changed_payment_counts_once(databases):
    write(databases, known_budget() + bad_rows())
    first = runner(databases, batch_size=4).run_once()
    before, rejected = dump(databases), rejects(databases)
    with databases.warehouse.begin() as connection:  # as after a crash before the watermark moved
        connection.execute(update(Watermark).where(Watermark.job == NAME).values(position=0))
    again = runner(databases, batch_size=4).run_once()
    assert (again.batches, again.read, again.written) == (first.batches, first.read, first.written)
    assert dump(databases) == before and rejects(databases) == rejected
    # the SP2D of payment 1 corrected to 20 (and moved to April): its new snapshot replaces the old
    write(databases, [payment(1, line(1, 1, "DSDABM", SUB_A, MODAL, 100)[1], "2027-04-02", 20)])
    runner(databases).run_once()
    modal = monthly(databases, "DSDABM", "5.2")
    assert [(m, r, k) for m, _, r, k in modal if m in (3, 4, 7)] == [(3, 0, 0), (4, 20, 20), (7, 30, 50)]
    assert progress(databases)[("DSDABM", SUB_A)]["paid_rupiah"] == 50 * MILLION
