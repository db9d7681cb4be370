"""The planning job on proposal snapshots written into the change log as the service writes them
(tests/synthetic_planning.py), on SQLite and PostgreSQL: every stage counted once per proposal that
reached it, incremental equal to a full refresh, a re-run changing nothing, rejects with reasons."""

from __future__ import annotations

from sqlalchemy import func, select, update

from data.planning.tables import STAGES, AggPlanningPipeline, AggPlanningRejection, FctPlanningProposal
from etl.planning.job import NAME, change_log_pages, extract_pages, planning_job
from etl.runner import EtlRunner
from etl.state import Reject, Watermark
from synthetic_planning import (DUKUH_SETRO, EMBONG, FUNNEL_2027, MILLION, PROPOSAL, YEAR, known_lifecycles,
                                known_round, proposal, write)

MART_TABLES = [FctPlanningProposal, AggPlanningPipeline, AggPlanningRejection]


def runner(databases, job=None, **options) -> EtlRunner:
    """A runner of the planning job alone; its full refresh reads the change log (the registered
    job reads the module's tables through the domain's extract, and these tests write none)."""
    return EtlRunner(databases, jobs=[job or planning_job(change_log_pages)], **options)


def dump(databases) -> dict[str, list[tuple]]:
    with databases.warehouse.connect() as connection:
        return {model.__tablename__: sorted(tuple(row) for row in connection.execute(select(model.__table__)))
                for model in MART_TABLES}


def empty_marts(databases) -> None:
    with databases.warehouse.begin() as connection:
        for model in MART_TABLES + [Reject]:
            connection.execute(model.__table__.delete())


def rejects(databases) -> list[tuple[str, str, str]]:
    with databases.warehouse.connect() as connection:
        return sorted(connection.execute(select(Reject.entity, Reject.entity_id, Reject.reason)
                                         .where(Reject.job == NAME)).all())


def funnel(databases, year: int = YEAR) -> dict[str, tuple[int, float]]:
    """stage -> (proposals, cost in millions) summed over the pipeline aggregate's rows of `year`."""
    a = AggPlanningPipeline.__table__
    with databases.warehouse.connect() as connection:
        sums = connection.execute(select(*[func.sum(a.c[name]) for stage in STAGES
                                           for name in (stage, f"{stage}_cost_rupiah")])
                                  .where(a.c.year == year)).one()
    return {stage: (int(sums[2 * i]), int(sums[2 * i + 1]) / MILLION) for i, stage in enumerate(STAGES)}


def facts(databases) -> dict[str, dict]:
    with databases.warehouse.connect() as connection:
        return {row.proposal_number: row._asdict() for row in connection.execute(select(FctPlanningProposal))}


def test_a_proposal_moving_through_the_stages_counts_once_in_every_stage_it_reached(databases):
    write(databases, known_round())
    summary = runner(databases, batch_size=3).run_once()  # every proposal's steps fall in other batches
    assert summary.batches > 5 and summary.rejected == 0 and "planning_proposals" in summary.marts_changed
    assert funnel(databases) == FUNNEL_2027
    assert funnel(databases, 2026) == {"proposed": (1, 3.0), "verified": (1, 3.0), "accepted": (1, 3.0),
                                       "prioritised": (0, 0.0), "planned": (0, 0.0), "budgeted": (0, 0.0),
                                       "contracted": (0, 0.0), "built": (0, 0.0), "rejected": (0, 0.0)}
    found = facts(databases)
    flags = ("reached_verified", "reached_accepted", "reached_prioritised", "reached_planned", "rejected")
    assert [found["P2"][flag] for flag in flags] == [True, True, False, True, False]  # planned, never ranked
    assert [found["P4"][flag] for flag in flags] == [True, False, False, False, True]  # verified, then rejected
    assert [found["P3"][flag] for flag in flags] == [False, False, False, False, True]
    assert (found["P1"]["status"], found["P1"]["priority"], found["P1"]["plan_item_id"]) == ("planned", 3, 7)
    past_the_plan = ("reached_budgeted", "reached_contracted", "reached_built")  # from the work carrying it
    assert [found["P1"][flag] for flag in past_the_plan] == [True, True, True]
    assert [found["P2"][flag] for flag in past_the_plan] == [True, False, False]
    assert [found["P7"][flag] for flag in past_the_plan] == [False, False, False]
    assert found["P7"]["repeat"] is True and found["P1"]["estimated_cost_rupiah"] == 18_500_000


def test_the_aggregates_are_keyed_by_place_and_item_and_reasons_by_place(databases):
    write(databases, known_round())
    runner(databases).run_once()
    with databases.warehouse.connect() as connection:
        ketabang = connection.execute(select(AggPlanningPipeline).where(
            AggPlanningPipeline.year == YEAR, AggPlanningPipeline.kelurahan_code == "35.78.07.1004",
            AggPlanningPipeline.item_code == "PAVING-JALAN")).one()
        reasons = connection.execute(select(AggPlanningRejection.kelurahan_code, AggPlanningRejection.opd_code,
                                            AggPlanningRejection.reason, AggPlanningRejection.proposals,
                                            AggPlanningRejection.cost_rupiah)).all()
    assert (ketabang.proposed, ketabang.prioritised, ketabang.planned, ketabang.planned_cost_rupiah) == \
        (2, 1, 2, 27_500_000)  # P1 and P2, RWs 1 and 2 summed
    assert (ketabang.item_kind, ketabang.opd_code, ketabang.repeats) == ("paving", "DSDABM", 0)
    assert sorted(reasons) == [("35.78.07.1001", "DISHUB", "duplicate", 1, 2 * MILLION),
                               ("35.78.07.1004", "DSDABM", "not_feasible", 1, 5 * MILLION)]


def test_incremental_in_small_batches_equals_a_full_refresh(databases):
    rows = known_round()
    # a proposal bad at first and fixed later, one left bad, one moved to another kelurahan and item
    rows.insert(2, proposal("P8", status="submitted"))
    rows += [proposal("P8"), proposal("P9", created_at="yesterday"),
             dict(known_lifecycles()[4][-1], **EMBONG, rw=4, item_code="CCTV-KAMPUNG", item_kind="cctv",
                  opd_code="DISKOMINFO")]
    write(databases, rows)
    summary = runner(databases, batch_size=2).run_once()
    assert summary.batches > 10
    incremental, rejected = dump(databases), rejects(databases)
    assert rejected == [(PROPOSAL, "P9", "time does not parse: created_at")]
    # P5 moved to RW 4 and another item: Embong's paving row went with it
    assert (YEAR, "35.78.07", "35.78.07.1001", "PAVING-JALAN") not in \
        {row[:4] for row in incremental["agg_planning_pipeline"]}
    empty_marts(databases)  # the full refresh alone must build it all
    runner(databases).full_refresh()
    assert dump(databases) == incremental and rejects(databases) == rejected


def test_running_a_batch_again_changes_nothing(databases):
    write(databases, known_round() + [proposal("P9", rw="lima")])
    first = runner(databases, batch_size=4).run_once()
    before, rejected = dump(databases), rejects(databases)
    with databases.warehouse.begin() as connection:  # as after a crash before the watermark moved
        connection.execute(update(Watermark).where(Watermark.job == NAME).values(position=0))
    again = runner(databases, batch_size=4).run_once()
    assert (again.batches, again.read, again.written) == (first.batches, first.read, first.written)
    assert dump(databases) == before and rejects(databases) == rejected == \
        [(PROPOSAL, "P9", "wrong type: rw (a number)")]
    assert runner(databases).run_once().read == 0  # caught up


def test_rejects_name_the_field_and_the_reason_and_a_rejected_snapshot_takes_its_counts_away(databases):
    write(databases, known_round())
    runner(databases).run_once()
    bad = [proposal("B1", created_at="2026-13-45T00:00:00Z"), proposal("B2", year="2027"),
           proposal("B3", status="approved"), proposal("B4", kelurahan_code="35.78.10.1008"),
           proposal("B5", status="rejected"), proposal("B6", status="rejected", rejection_reason="too_costly"),
           proposal("B7", repeat="no"), proposal("B8", kecamatan_code="35.78.99", kelurahan_code="35.78.99.1001"),
           proposal("B9", opd_code="NOPE"), proposal("B10", rw=2.5), proposal("B11", estimated_cost_rupiah=-5),
           proposal("B12", item_code=None), proposal("B13", created_at=None), proposal("B14", rw=40_000),
           proposal("B15", year=1999), {"number": "B16"},
           proposal("P6", DUKUH_SETRO, rw=5, item_code="CCTV-KAMPUNG", status="verified", verified_at="soon")]
    write(databases, bad)
    summary = runner(databases).run_once()
    assert summary.rejected == len(bad)
    assert dict((entity_id, reason) for _entity, entity_id, reason in rejects(databases)) == {
        "B1": "time does not parse: created_at", "B2": "wrong type: year (a number)",
        "B3": "unknown status: approved", "B4": "kelurahan_code 35.78.10.1008 lies outside kecamatan_code 35.78.07",
        "B5": "missing field: rejection_reason (of a rejected proposal)",
        "B6": "unknown rejection_reason: too_costly", "B7": "wrong type: repeat (true or false)",
        "B8": "unknown kecamatan_code: 35.78.99", "B9": "unknown opd_code: NOPE",
        "B10": "not a whole number: rw", "B11": "negative: estimated_cost_rupiah",
        "B12": "missing field: item_code", "B13": "missing time: created_at",
        "B14": "out of range: rw (1 to 999)", "B15": "out of range: year (2000 to 2100)",
        "B16": "missing time: created_at",  # nothing but its number: the last check that fails is named
        "P6": "time does not parse: verified_at"}
    # P6's bad snapshot replaces its good one: it leaves the facts and the counts
    assert "P6" not in facts(databases)
    assert funnel(databases)["proposed"] == (6, 45.5)
    with databases.warehouse.connect() as connection:
        stored = connection.execute(select(Reject.payload, Reject.position).where(Reject.entity_id == "B3")).one()
    assert stored.payload["status"] == "approved" and stored.position is not None
    write(databases, [proposal("B3")])  # fixed: its reject goes, its fact comes
    runner(databases).run_once()
    assert "B3" not in {entity_id for _entity, entity_id, _reason in rejects(databases)}
    assert "B3" in facts(databases)


def test_a_full_refresh_reads_the_snapshots_the_domain_extract_gives(databases):
    p1 = known_lifecycles()[0][-1]
    extracted = {(PROPOSAL, "P1"): p1, (PROPOSAL, "P6"): proposal("P6", DUKUH_SETRO, rw=5, item="CCTV-KAMPUNG"),
                 (PROPOSAL, "P9"): proposal("P9", status="approved"),
                 ("planning_plan_item", "7"): {"id": 7}}  # the budget helper's entities are not this job's
    job = planning_job(lambda source: extract_pages(extracted, page_rows=2))
    summary = runner(databases, job).full_refresh()
    assert (summary.read, summary.written, summary.rejected) == (3, 2, 1)
    assert set(facts(databases)) == {"P1", "P6"}
    assert rejects(databases) == [(PROPOSAL, "P9", "unknown status: approved")]
    assert funnel(databases)["planned"] == (1, 18.5)

