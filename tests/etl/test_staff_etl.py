"""The staff job on `staff` snapshots written straight into the change log (the contract of
modules/staff/snapshot.py, SNAPSHOT_VERSION 1), on SQLite and PostgreSQL: staging, rejects with
reasons, a re-run changing nothing, incremental equal to a full refresh, the extract's refresh."""

from __future__ import annotations

from sqlalchemy import select, update

from core.changelog import record_change
from data.staff.tables import FctStaff
from etl.runner import EtlRunner
from etl.staff.job import NAME, change_log_pages, extract_pages, staff_job
from etl.staff.staging import STAFF, stage_changes
from etl.state import Reject, Watermark

BIDANG = "Bidang Lalu Lintas"


def person(number: int, opd: str = "DISHUB", unit: str = BIDANG, supervisor: int | None = None, **changes) -> dict:
    return {"id": number, "opd_code": opd, "unit": unit, "supervisor_id": supervisor, "active": True,
            "has_user": False, "updated_at": "2026-11-03T02:00:00Z", **changes}


def write(databases, snapshots: list[dict]) -> None:
    with databases.transaction() as session:
        for payload in snapshots:
            record_change(session, STAFF, payload.get("id", "no-id"), "upsert", payload, 1)


def runner(databases, job=None, **options) -> EtlRunner:
    return EtlRunner(databases, jobs=[job or staff_job(change_log_pages)], **options)


def facts(databases) -> dict[int, dict]:
    with databases.warehouse.connect() as connection:
        return {row.staff_id: row._asdict() for row in connection.execute(select(FctStaff))}


def rejects(databases) -> dict[str, str]:
    with databases.warehouse.connect() as connection:
        return dict(connection.execute(select(Reject.entity_id, Reject.reason).where(Reject.job == NAME)).all())


def history() -> list[dict]:
    return [person(1), person(2, supervisor=1), person(3, supervisor=1, has_user=True),
            person(2, supervisor=1, active=False), person(4, opd="DLH", unit="Bidang Kebersihan")]


def test_staging_keeps_the_latest_snapshot_and_nothing_personal():
    staged = stage_changes([
        {"position": 1, "entity": STAFF, "entity_id": "1", "payload": person(1, name="Budi", nip="1987")},
        {"position": 2, "entity": STAFF, "entity_id": "1", "payload": person(1, active=False)},
    ])[STAFF]
    assert staged["id"].tolist() == ["1"] and staged["active"].tolist() == [False]
    assert "name" not in staged and "nip" not in staged


def test_the_facts_are_the_latest_snapshot_of_each_person(databases):
    write(databases, history())
    runner(databases).run_once()
    found = facts(databases)
    assert set(found) == {1, 2, 3, 4}
    assert found[2]["active"] is False and found[2]["supervisor_id"] == 1
    assert found[3]["has_user"] is True and found[1]["supervisor_id"] is None
    assert found[4]["opd_code"] == "DLH" and found[4]["unit"] == "Bidang Kebersihan"


def test_rejects_name_the_reason_and_a_rejected_snapshot_takes_its_fact_away(databases):
    write(databases, [person(1), person(2)])
    runner(databases).run_once()
    write(databases, [person(1, opd="NOPE"), person(2, active="yes"), person(3, supervisor=3),
                      person(4, unit=None), person(5, updated_at="yesterday"), person(6, supervisor="boss"),
                      person(7, unit="x" * 101)])
    runner(databases).run_once()
    assert rejects(databases) == {
        "1": "unknown opd_code: NOPE", "2": "wrong type: active (true or false)",
        "3": "supervisor_id is the person's own id", "4": "missing field: unit",
        "5": "time does not parse: updated_at", "6": "wrong type: supervisor_id (a number)",
        "7": "too long: unit (at most 100 characters)"}
    assert facts(databases) == {}
    write(databases, [person(1)])  # fixed: its reject goes
    runner(databases).run_once()
    assert set(facts(databases)) == {1} and "1" not in rejects(databases)


def test_running_a_batch_again_changes_nothing(databases):
    write(databases, history() + [person(9, opd="NOPE")])
    first = runner(databases, batch_size=2).run_once()
    before, rejected = facts(databases), rejects(databases)
    with databases.warehouse.begin() as connection:
        connection.execute(update(Watermark).where(Watermark.job == NAME).values(position=0))
    again = runner(databases, batch_size=2).run_once()
    assert (again.batches, again.read, again.written) == (first.batches, first.read, first.written)
    assert facts(databases) == before and rejects(databases) == rejected == {"9": "unknown opd_code: NOPE"}
    assert runner(databases).run_once().read == 0


def test_incremental_in_small_batches_equals_a_full_refresh(databases):
    write(databases, history() + [person(8, opd="NOPE"), person(8)])
    summary = runner(databases, batch_size=2).run_once()
    assert summary.batches >= 3
    incremental = facts(databases)
    with databases.warehouse.begin() as connection:
        connection.execute(FctStaff.__table__.delete())
        connection.execute(Reject.__table__.delete())
    runner(databases).full_refresh()
    assert facts(databases) == incremental and rejects(databases) == {} and len(incremental) == 5


def test_a_full_refresh_reads_the_snapshots_the_domain_extract_gives(databases):
    write(databases, [person(99)])
    runner(databases).run_once()
    extracted = {(STAFF, "1"): person(1), (STAFF, "2"): person(2, opd="NOPE"), ("office_letter", "1"): {"id": 1}}
    summary = runner(databases, staff_job(lambda source: extract_pages(extracted, page_rows=1))).full_refresh()
    assert (summary.read, summary.written, summary.rejected) == (2, 1, 1)
    assert set(facts(databases)) == {1} and rejects(databases) == {"2": "unknown opd_code: NOPE"}


def test_the_modules_sample_loads_without_a_reject(databases, settings):
    from modules.staff.sample import write_sample

    write_sample(databases, settings)
    summary = runner(databases, staff_job()).run_once()
    assert summary.written > 0 and summary.rejected == 0 and rejects(databases) == {}
    assert any(row["supervisor_id"] for row in facts(databases).values())
