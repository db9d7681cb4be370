"""The ETL engine on change-log rows written directly: facts, SLA outcomes, aggregates, rejects,
idempotence, and the mart version. (Module-driven tests live in test_etl_complaints.py.)"""

from datetime import timedelta

from sqlalchemy import select

from core.changelog import record_change
from data.complaints.tables import AggComplaintsDaily, FctComplaint
from etl.runner import EtlRunner
from etl.state import MartVersion, Reject
from mart_compare import marts_snapshot
from synthetic_complaints import BASE, snapshot, write_snapshots


def facts(databases):
    with databases.warehouse.connect() as connection:
        return {row.complaint_id: row for row in connection.execute(select(FctComplaint.__table__))}


def test_a_snapshot_becomes_a_fact_with_its_sla_outcomes(databases):
    responded = BASE + timedelta(minutes=45)
    write_snapshots(databases, [
        snapshot(1, received_at=BASE, status="responded", first_response_at=responded),
        snapshot(2, received_at=BASE, first_response_breached_at=BASE + timedelta(minutes=61)),
        snapshot(3, received_at=BASE, status="dispatched"),
    ])
    summary = EtlRunner(databases).run_once()
    assert (summary.read, summary.written, summary.rejected) == (3, 3, 0)
    rows = facts(databases)
    assert rows[1].first_response_sla == "met" and rows[1].minutes_to_first_response == 45
    assert rows[2].first_response_sla == "breached"
    assert rows[3].first_response_sla == "pending" and rows[3].is_open
    assert str(rows[1].received_day) == "2026-11-02"


def test_the_rw_and_rt_reach_the_facts_and_a_version_1_payload_has_none(databases):
    version_1 = {k: v for k, v in snapshot(3, received_at=BASE).items() if k not in ("rw", "rt")}
    write_snapshots(databases, [snapshot(1, received_at=BASE, rw=1, rt=2), snapshot(2, received_at=BASE, rw=12)])
    with databases.transaction() as session:
        record_change(session, "complaint", 3, "test", version_1, schema_version=1)
    summary = EtlRunner(databases).run_once()
    assert (summary.read, summary.written, summary.rejected) == (3, 3, 0)
    rows = facts(databases)
    assert [(rows[i].rw, rows[i].rt) for i in (1, 2, 3)] == [(1, 2), (12, None), (None, None)]
    assert all(type(rows[i].rw) is int for i in (1, 2))  # whole numbers, not 1.0


def test_the_latest_snapshot_wins_and_moves_the_aggregate(databases):
    write_snapshots(databases, [snapshot(1, received_at=BASE, opd_code="DLH")])
    runner = EtlRunner(databases)
    runner.run_once()
    write_snapshots(databases, [snapshot(1, received_at=BASE, opd_code="DSDABM", status="dispatched")])
    runner.run_once()
    with databases.warehouse.connect() as connection:
        cells = connection.execute(select(AggComplaintsDaily.opd_code, AggComplaintsDaily.received)).all()
    assert cells == [("DSDABM", 1)]  # moved, not counted twice


def test_a_point_in_no_district_and_an_unknown_category_go_to_rejects(databases):
    write_snapshots(databases, [
        snapshot(1, kecamatan_code=None, kelurahan_code=None, lat=-6.0, lon=110.0),
        snapshot(2, category_code="NO_SUCH_CATEGORY"),
        snapshot(3, kecamatan_code=None, kelurahan_code=None, lat=None, lon=None),  # address only: kept
    ])
    summary = EtlRunner(databases).run_once()
    assert summary.rejected == 2
    with databases.warehouse.connect() as connection:
        rejects = {r.entity_id: r.reason for r in connection.execute(select(Reject.__table__))}
    assert rejects == {"1": "point lies in no district", "2": "unknown category"}
    assert set(facts(databases)) == {3}


def test_running_twice_changes_nothing(databases):
    write_snapshots(databases, [snapshot(i) for i in range(1, 30)])
    runner = EtlRunner(databases, batch_size=7)
    runner.run_once()
    first = marts_snapshot(databases)
    again = runner.run_once()
    assert again.read == 0 and marts_snapshot(databases) == first


def test_each_commit_bumps_the_mart_version(databases):
    write_snapshots(databases, [snapshot(i) for i in range(1, 11)])
    EtlRunner(databases, batch_size=4).run_once()
    with databases.warehouse.connect() as connection:
        version = connection.scalar(select(MartVersion.version).where(MartVersion.mart == "complaints"))
    assert version == 3  # 4 + 4 + 2 changes
