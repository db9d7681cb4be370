"""The e-Kinerja job on activity, period and score snapshots written straight into the change log
(the contract of modules/kinerja/snapshot.py, SNAPSHOT_VERSION 1; no module needed), on SQLite and
PostgreSQL: staging, rejects with reasons, a deleted activity leaving, the month's lock, the daily
aggregate, a re-run changing nothing, incremental equal to a full refresh."""

from __future__ import annotations

from datetime import date, datetime, timedelta, timezone

from sqlalchemy import inspect, select, update

from core.changelog import record_change
from core.clock import iso_utc
from data.kinerja.tables import AggKinerjaDaily, FctKinerjaActivity, FctKinerjaPeriod, FctKinerjaScore
from etl.kinerja.job import NAME, change_log_pages, extract_pages, kinerja_job
from etl.kinerja.staging import ACTIVITY, PERIOD, SCORE, stage_changes
from etl.runner import EtlRunner
from etl.state import Reject, Watermark

MART_TABLES = [FctKinerjaActivity, FctKinerjaPeriod, AggKinerjaDaily, FctKinerjaScore]
D3, D4 = date(2026, 11, 3), date(2026, 11, 4)
BIDANG = "Bidang Lalu Lintas"


def wib(month: int, day: int, hour: int = 9, minute: int = 0) -> datetime:
    return datetime(2026, month, day, hour, minute, tzinfo=timezone.utc) - timedelta(hours=7)


def activity(number: int, staff: int = 1, day: date = D3, start: int = 480, end: int = 600, opd: str = "DISHUB",
             unit: str = BIDANG, **changes) -> dict:
    """A draft's snapshot, written the evening of its day."""
    evening = iso_utc(wib(day.month, day.day, 17))
    values = {"id": number, "staff_id": staff, "opd_code": opd, "unit": unit, "day": day.isoformat(),
              "start_minute": start, "end_minute": end, "minutes": end - start, "volume": 1, "status": "draft",
              "link_kind": None, "has_link": False, "has_photo": False, "created_at": evening, "submitted_at": None,
              "decided_at": None, "updated_at": evening}
    values.update(changes)
    return values


def submitted(snapshot: dict, at: datetime) -> dict:
    return dict(snapshot, status="submitted", submitted_at=iso_utc(at), updated_at=iso_utc(at))


def decided(snapshot: dict, at: datetime, status: str = "approved") -> dict:
    return dict(snapshot, status=status, decided_at=iso_utc(at), updated_at=iso_utc(at))


def period(month: str, locked: int = 0) -> dict:
    return {"month": month, "closed_at": iso_utc(wib(12, 1)), "activities_locked": locked}


def score(number: int, staff: int = 1, opd: str = "DISHUB", **changes) -> dict:
    return {"id": number, "staff_id": staff, "opd_code": opd, "quarter": "2026-Q4", "working_days": 62,
            "approved_minutes": 20_000, "target_minutes": 24_000, "work_score": 83.33, "competence_score": 80.0,
            "final_score": 81.67, "band": "baik", "scored_at": iso_utc(wib(12, 5)), **changes}


def write(databases, changes: list[tuple[str, str, dict]]) -> None:
    """(entity, operation, payload) as the service logs them."""
    with databases.transaction() as session:
        for entity, operation, payload in changes:
            key = payload.get("month") if entity == PERIOD else payload.get("id", "no-id")
            record_change(session, entity, key, operation, payload, 1)


def runner(databases, job=None, **options) -> EtlRunner:
    return EtlRunner(databases, jobs=[job or kinerja_job(change_log_pages)], **options)


def dump(databases) -> dict[str, list[tuple]]:
    with databases.warehouse.connect() as connection:
        return {model.__tablename__: sorted((tuple(row) for row in connection.execute(select(model.__table__))),
                                            key=repr)
                for model in MART_TABLES}


def empty_marts(databases) -> None:
    with databases.warehouse.begin() as connection:
        for model in MART_TABLES + [Reject]:
            connection.execute(model.__table__.delete())


def rejects(databases) -> dict[str, str]:
    with databases.warehouse.connect() as connection:
        return dict(connection.execute(select(Reject.entity_id, Reject.reason).where(Reject.job == NAME)).all())


def facts(databases) -> dict[int, dict]:
    with databases.warehouse.connect() as connection:
        return {row.activity_id: row._asdict() for row in connection.execute(select(FctKinerjaActivity))}


def daily(databases) -> dict[tuple, dict]:
    with databases.warehouse.connect() as connection:
        rows = connection.execute(select(AggKinerjaDaily)).mappings().all()
    return {(row["day"], row["opd_code"], row["unit"]): {k: v for k, v in row.items()
                                                          if k not in ("day", "opd_code", "unit")} for row in rows}


def known_history() -> list[tuple[str, str, dict]]:
    """Three people of DISHUB on 3 and 4 November: approved, returned, submitted, a draft, a deleted one."""
    a1 = activity(1, staff=1, link_kind="complaint", has_link=True)
    a2 = activity(2, staff=1, start=600, end=720)
    a3 = activity(3, staff=2)
    a4 = activity(4, staff=3, day=D4)
    a5 = activity(5, staff=3, day=D4, start=600, end=660)
    sent = wib(11, 4, 17)
    return [(ACTIVITY, "created", a) for a in (a1, a2, a3, a4, a5)] + [
        (ACTIVITY, "submitted", submitted(a1, sent)), (ACTIVITY, "submitted", submitted(a2, sent)),
        (ACTIVITY, "submitted", submitted(a3, sent)),
        (ACTIVITY, "approved", decided(submitted(a1, sent), sent + timedelta(hours=2))),
        (ACTIVITY, "returned", decided(submitted(a2, sent), sent + timedelta(minutes=30), "returned")),
        (ACTIVITY, "deleted", a5),
        (SCORE, "scored", score(7)),
    ]


# --- staging and facts ---------------------------------------------------------------------------

def test_staging_keeps_the_latest_snapshot_and_marks_a_deleted_activity():
    a = activity(1, description="rapat", nip="1987")  # fields outside the contract never stage
    staged = stage_changes([
        {"position": 1, "entity": ACTIVITY, "entity_id": "1", "operation": "created", "payload": a},
        {"position": 2, "entity": ACTIVITY, "entity_id": "1", "operation": "deleted", "payload": a},
        {"position": 3, "entity": ACTIVITY, "entity_id": "2", "operation": "created", "payload": activity(2)},
    ])[ACTIVITY]
    assert staged["id"].tolist() == ["1", "2"] and staged["deleted"].tolist() == [True, False]
    assert "description" not in staged and "nip" not in staged and "volume" not in staged


def test_the_facts_carry_the_month_and_the_approval_latency(databases):
    write(databases, known_history())
    runner(databases).run_once()
    found = facts(databases)
    assert set(found) == {1, 2, 3, 4}  # 5 was deleted
    assert found[1]["month"] == "2026-11" and found[1]["approval_minutes"] == 120 and found[1]["has_link"]
    assert found[2]["approval_minutes"] == 30 and found[2]["status"] == "returned"
    assert found[3]["approval_minutes"] is None and found[4]["status"] == "draft"
    with databases.warehouse.connect() as connection:
        assert connection.execute(select(FctKinerjaScore.band, FctKinerjaScore.final_score)).all() == [("baik", 81.67)]


NO_LINKS = dict(linked_sub_kegiatan=0, linked_complaint=0, linked_incident=0, linked_letter=0)


def test_the_daily_aggregate_and_the_months_lock(databases):
    write(databases, known_history())
    runner(databases).run_once()
    # D3: 1 approved after 120 min (a complaint's), 2 returned after 30, 3 awaiting; D4: a draft
    decided_d3 = dict(activities_decided=2, approval_minutes=150, **{**NO_LINKS, "linked_complaint": 1})
    assert daily(databases) == {
        (D3, "DISHUB", BIDANG): dict(staff_reported=2, activities=3, minutes_submitted=240, minutes_approved=120,
                                     activities_linked=1, awaiting_approval=1, locked=False, **decided_d3),
        (D4, "DISHUB", BIDANG): dict(staff_reported=0, activities=1, minutes_submitted=0, minutes_approved=0,
                                     activities_linked=0, awaiting_approval=0, locked=False,
                                     activities_decided=0, approval_minutes=0, **NO_LINKS)}
    write(databases, [(PERIOD, "closed", period("2026-11", 4))])
    runner(databases).run_once()
    after = daily(databases)
    # locked: every person with a line that day reported, nothing awaits approval any more
    assert after[(D3, "DISHUB", BIDANG)] == dict(staff_reported=2, activities=3, minutes_submitted=240,
                                                 minutes_approved=120, activities_linked=1, awaiting_approval=0,
                                                 locked=True, **decided_d3)
    assert after[(D4, "DISHUB", BIDANG)]["staff_reported"] == 1 and after[(D4, "DISHUB", BIDANG)]["locked"]


def test_a_deleted_activity_leaves_the_facts_and_the_aggregate(databases):
    a = activity(1, day=D4, unit="Sekretariat")
    write(databases, [(ACTIVITY, "created", a)])
    runner(databases).run_once()
    assert (D4, "DISHUB", "Sekretariat") in daily(databases)
    write(databases, [(ACTIVITY, "deleted", a)])
    runner(databases).run_once()
    assert facts(databases) == {} and daily(databases) == {}


def test_an_activity_moving_leaves_its_old_day(databases):
    a = activity(1)
    write(databases, [(ACTIVITY, "created", a)])
    runner(databases).run_once()
    write(databases, [(ACTIVITY, "edited", dict(a, day=D4.isoformat()))])
    runner(databases).run_once()
    assert set(daily(databases)) == {(D4, "DISHUB", BIDANG)}


def test_rejects_name_the_reason_and_a_rejected_snapshot_takes_its_fact_away(databases):
    write(databases, [(ACTIVITY, "created", activity(1)), (ACTIVITY, "created", activity(2))])
    runner(databases).run_once()
    write(databases, [
        (ACTIVITY, "edited", activity(1, opd="NOPE")),
        (ACTIVITY, "submitted", activity(2, status="submitted")),
        (ACTIVITY, "created", dict(activity(3), day="3 Nov")),
        (ACTIVITY, "created", activity(4, status="lost")),
        (ACTIVITY, "created", activity(5, minutes=30)),
        (ACTIVITY, "created", activity(6, link_kind="gossip")),
        (PERIOD, "closed", period("2026-13")),
        (SCORE, "scored", score(8, band="great")),
        (SCORE, "scored", score(9, work_score="high")),
    ])
    runner(databases).run_once()
    assert rejects(databases) == {
        "1": "unknown opd_code: NOPE", "2": "missing time: submitted_at (status submitted)",
        "3": "date does not parse: day (YYYY-MM-DD)", "4": "unknown status: lost",
        "5": "minutes is not end_minute - start_minute", "6": "unknown link_kind: gossip",
        "2026-13": "wrong month: month (YYYY-MM)", "8": "unknown band: great", "9": "wrong type: work_score (a number)"}
    assert facts(databases) == {} and daily(databases) == {}
    write(databases, [(ACTIVITY, "edited", activity(1))])  # fixed: its reject goes
    runner(databases).run_once()
    assert set(facts(databases)) == {1} and "1" not in rejects(databases)


# --- exactness -----------------------------------------------------------------------------------

def test_running_a_batch_again_changes_nothing(databases):
    write(databases, known_history() + [(ACTIVITY, "created", activity(9, staff="x"))])
    first = runner(databases, batch_size=3).run_once()
    before, rejected_before = dump(databases), rejects(databases)
    with databases.warehouse.begin() as connection:  # as after a crash before the watermark moved
        connection.execute(update(Watermark).where(Watermark.job == NAME).values(position=0))
    again = runner(databases, batch_size=3).run_once()
    assert (again.batches, again.read, again.written) == (first.batches, first.read, first.written)
    assert dump(databases) == before and rejects(databases) == rejected_before == {
        "9": "wrong type: staff_id (a number)"}
    assert runner(databases).run_once().read == 0


def test_incremental_in_small_batches_equals_a_full_refresh(databases):
    history = known_history() + [
        (ACTIVITY, "created", activity(8, opd="NOPE")), (ACTIVITY, "edited", activity(8)),  # fixed later
        (ACTIVITY, "created", activity(10, staff=4, opd="DLH", unit="Bidang Kebersihan")),
        (PERIOD, "closed", period("2026-10")), (ACTIVITY, "created", activity(11, day=date(2026, 10, 30))),
        (PERIOD, "closed", period("2026-11", 6)), (SCORE, "scored", score(7, final_score=90.0, band="sangat_baik"))]
    write(databases, history)
    summary = runner(databases, batch_size=2).run_once()
    assert summary.batches > 5
    incremental, rejected_incrementally = dump(databases), rejects(databases)
    assert rejected_incrementally == {} and any(incremental.values())
    empty_marts(databases)
    runner(databases).full_refresh()
    assert dump(databases) == incremental and rejects(databases) == rejected_incrementally


def test_a_full_refresh_reads_the_snapshots_the_domain_extract_gives(databases):
    write(databases, [(ACTIVITY, "created", activity(99))])  # gone from the module: the refresh drops it
    runner(databases).run_once()
    extracted = {(ACTIVITY, "1"): activity(1), (ACTIVITY, "2"): activity(2, status="lost"),
                 (PERIOD, "2026-11"): period("2026-11"), (SCORE, "7"): score(7),
                 ("staff", "1"): {"id": 1}}  # not this job's entity
    job = kinerja_job(lambda source: extract_pages(extracted, page_rows=2))
    summary = runner(databases, job).full_refresh()
    assert (summary.read, summary.written, summary.rejected) == (4, 3, 1)
    assert set(facts(databases)) == {1} and rejects(databases) == {"2": "unknown status: lost"}
    assert daily(databases)[(D3, "DISHUB", BIDANG)]["locked"] is True


def test_an_extract_that_streams_is_paged_as_it_comes_and_never_read_whole(databases):
    taken = []

    def stream():  # as modules/kinerja/extract.py gives a quarter's millions of lines
        for number in range(1, 6):
            taken.append(number)
            yield (ACTIVITY, str(number)), activity(number)

    pages = extract_pages(stream(), page_rows=2)
    assert [row["entity_id"] for row in next(pages)] == ["1", "2"] and taken == [1, 2]
    assert [[row["entity_id"] for row in page] for page in pages] == [["3", "4"], ["5"]]
    summary = runner(databases, kinerja_job(lambda source: extract_pages(stream(), page_rows=2))).full_refresh()
    assert (summary.read, summary.written, summary.rejected) == (5, 5, 0)
    assert set(facts(databases)) == {1, 2, 3, 4, 5}


def test_the_extract_frame_stages_as_the_extract_snapshots_do(databases, settings):
    """The full refresh reads the module's activities as DataFrames (modules/kinerja/extract.py
    activity_frame): it builds the marts the change log builds, and staged, the frames equal the
    snapshots the change log carries, staged."""
    import pandas as pd

    from etl.kinerja.job import activity_frames
    from etl.kinerja.staging import stage_activity_frame
    from modules.kinerja import extract
    from modules.kinerja.models import KinerjaActivity
    from modules.kinerja.sample import write_sample

    from etl.kinerja.job import JOB

    write_sample(databases, settings)  # a photo, returned, approved, submitted and locked lines
    runner(databases).run_once()
    incremental = dump(databases)
    empty_marts(databases)
    runner(databases, JOB).full_refresh()  # the domain's own job: the tables, activities as frames
    assert dump(databases) == incremental and rejects(databases) == {}
    facts_table = FctKinerjaActivity.__table__
    with databases.warehouse.connect() as connection:  # dropped for the load, built again
        indexes = {index["name"] for index in inspect(connection).get_indexes(facts_table.name)}
    assert indexes == {index.name for index in facts_table.indexes} and len(indexes) >= 5
    with databases.transaction() as session:  # and a line that names a case
        first = session.scalar(select(KinerjaActivity.id).order_by(KinerjaActivity.id).limit(1))
        session.execute(update(KinerjaActivity).where(KinerjaActivity.id == first)
                        .values(link_kind="complaint", link_ref="ADU-2609-000001"))
    with databases.engine.connect() as connection:
        snapshots = [{"position": None, "entity": entity, "entity_id": entity_id, "payload": payload}
                     for (entity, entity_id), payload in extract.snapshots_by_entity(connection)]
        frame = extract.activity_frame(connection)
        pages = list(activity_frames(connection, page_rows=3))
    expected = stage_changes(snapshots)[ACTIVITY]
    assert len(expected) > 3 and expected["has_link"].sum() == 1 and expected["has_photo"].sum() == 1
    pd.testing.assert_frame_equal(stage_activity_frame(frame), expected)
    assert [len(page) for page in pages][:-1] == [3] * (len(pages) - 1)
    # the same rows in the same order (a page of no links infers its own dtype, as a page of snapshots does)
    def plain(rows: pd.DataFrame) -> pd.DataFrame:
        return rows.astype(object).where(rows.notna(), None)

    assert plain(pd.concat(pages, ignore_index=True)).equals(plain(frame))
