"""The e-Office job on letter and disposition snapshots written straight into the change log (the
contract of modules/office/snapshot.py, SNAPSHOT_VERSION 1; no module needed), on SQLite and
PostgreSQL: staging, the facts' counts and turnarounds, the daily aggregate (city days), rejects
with reasons, a re-run changing nothing, incremental equal to a full refresh."""

from __future__ import annotations

from datetime import date, datetime, timedelta, timezone

from sqlalchemy import select, update

from core.changelog import record_change
from core.clock import iso_utc
from data.office.tables import AggOfficeDaily, FctOfficeDisposition, FctOfficeLetter
from etl.office.job import NAME, change_log_pages, extract_pages, office_job
from etl.office.staging import DISPOSITION, LETTER, stage_changes
from etl.runner import EtlRunner
from etl.state import Reject, Watermark

MART_TABLES = [FctOfficeLetter, FctOfficeDisposition, AggOfficeDaily]
STEPS = ("created_at", "distributed_at", "first_read_at", "disposed_at", "followed_up_at", "submitted_at",
         "returned_at", "signed_at", "numbered_at", "sent_at", "archived_at", "updated_at")
D3, D4 = date(2026, 11, 3), date(2026, 11, 4)


def wib(day: int, hour: int = 9, minute: int = 0) -> datetime:
    return datetime(2026, 11, day, hour, minute, tzinfo=timezone.utc) - timedelta(hours=7)


def letter(number: int, direction: str = "incoming", opd: str = "DISHUB", status: str = "registered",
           at: datetime | None = None, recipients=(), **changes) -> dict:
    at = at or wib(3)
    values = {"id": number, "direction": direction, "opd_code": opd, "status": status, "classification": "000.1.2",
              "security": "biasa", "letter_date": "2026-11-02", "due_date": "2026-11-10", "number_year": 2026,
              "number": number, "link_kind": None, "link_id": None, "created_by": 1, "signer_id": None,
              "subject": "Undangan rapat", "correspondent": "Bappedalitbang",
              "recipients": [{"staff_id": s, "read_at": None if r is None else iso_utc(r)} for s, r in recipients],
              "verifiers": [], **{name: None for name in STEPS}}
    values["created_at"] = values["updated_at"] = iso_utc(at)
    values.update({k: iso_utc(v) if isinstance(v, datetime) else v for k, v in changes.items()})
    return values


def disposition(number: int, letter_id: int = 1, status: str = "unread", at: datetime | None = None,
                opd: str = "DISHUB", **changes) -> dict:
    at = at or wib(3, 10)
    values = {"id": number, "letter_id": letter_id, "opd_code": opd, "parent_id": None, "from_staff_id": 1,
              "to_staff_id": 2, "status": status, "due_date": "2026-11-06", "created_at": iso_utc(at),
              "read_at": None, "done_at": None, "withdrawn_at": None, "updated_at": iso_utc(at),
              "instruction": "segera"}
    values.update({k: iso_utc(v) if isinstance(v, datetime) else v for k, v in changes.items()})
    return values


def write(databases, changes: list[tuple[str, dict]]) -> None:
    with databases.transaction() as session:
        for entity, payload in changes:
            record_change(session, entity, payload.get("id", "no-id"), "upsert", payload, 1)


def runner(databases, job=None, **options) -> EtlRunner:
    return EtlRunner(databases, jobs=[job or office_job(change_log_pages)], **options)


def dump(databases) -> dict[str, list[tuple]]:
    with databases.warehouse.connect() as connection:
        return {model.__tablename__: sorted((tuple(row) for row in connection.execute(select(model.__table__))),
                                            key=repr)
                for model in MART_TABLES}


def rejects(databases) -> dict[str, str]:
    with databases.warehouse.connect() as connection:
        return dict(connection.execute(select(Reject.entity_id, Reject.reason).where(Reject.job == NAME)).all())


def rows(databases, model, key: str) -> dict[int, dict]:
    with databases.warehouse.connect() as connection:
        return {getattr(row, key): row._asdict() for row in connection.execute(select(model))}


def daily(databases) -> dict[tuple, dict]:
    with databases.warehouse.connect() as connection:
        found = connection.execute(select(AggOfficeDaily)).mappings().all()
    return {(r["day"], r["opd_code"], r["direction"]): {k: v for k, v in r.items() if v and k not in
                                                        ("day", "opd_code", "direction")} for r in found}


def known_history() -> list[tuple[str, dict]]:
    """An incoming letter registered on 3 November at 23:30 city time (16:30 UTC: still the 3rd),
    read and disposed the 4th, followed up; an outgoing letter drafted and sent; two dispositions,
    one done, one withdrawn."""
    registered = wib(3, 23, 30)
    incoming = letter(1, at=registered)
    read = letter(1, status="read", at=registered, recipients=[(1, wib(4, 8)), (3, None)],
                  distributed_at=wib(4, 7), first_read_at=wib(4, 8), updated_at=wib(4, 8))
    done = dict(read, status="followed_up", disposed_at=iso_utc(wib(4, 9)), followed_up_at=iso_utc(wib(4, 15)),
                updated_at=iso_utc(wib(4, 15)))
    draft = letter(2, direction="outgoing", status="draft", at=wib(3, 9), link_kind="complaint", link_id=7)
    sent = dict(draft, status="sent", signed_at=iso_utc(wib(4, 10)), numbered_at=iso_utc(wib(4, 10, 5)),
                sent_at=iso_utc(wib(4, 11)), updated_at=iso_utc(wib(4, 11)))
    d1 = disposition(10, at=wib(4, 9))
    d1_done = dict(d1, status="done", read_at=iso_utc(wib(4, 9, 30)), done_at=iso_utc(wib(4, 14)),
                   updated_at=iso_utc(wib(4, 14)))
    d2 = disposition(11, at=wib(4, 9), parent_id=10, to_staff_id=3)
    d2_gone = dict(d2, status="withdrawn", withdrawn_at=iso_utc(wib(4, 12)), updated_at=iso_utc(wib(4, 12)))
    return [(LETTER, incoming), (LETTER, draft), (LETTER, read), (DISPOSITION, d1), (DISPOSITION, d2),
            (DISPOSITION, d1_done), (LETTER, done), (LETTER, sent), (DISPOSITION, d2_gone)]


# --- staging and facts ---------------------------------------------------------------------------

def test_staging_keeps_the_latest_snapshot_and_nothing_personal():
    staged = stage_changes([
        {"position": 1, "entity": LETTER, "entity_id": "1", "payload": letter(1)},
        {"position": 2, "entity": LETTER, "entity_id": "1", "payload": letter(1, status="distributed")},
        {"position": 3, "entity": DISPOSITION, "entity_id": "5", "payload": disposition(5)},
    ])
    assert staged[LETTER]["status"].tolist() == ["distributed"]
    for field in ("subject", "correspondent", "verifiers", "created_by", "signer_id", "number", "link_id"):
        assert field not in staged[LETTER]
    assert "instruction" not in staged[DISPOSITION] and staged[DISPOSITION]["id"].tolist() == ["5"]


def test_the_facts_carry_counts_days_and_turnarounds(databases):
    write(databases, known_history())
    runner(databases).run_once()
    letters = rows(databases, FctOfficeLetter, "letter_id")
    assert letters[1]["status"] == "followed_up" and letters[1]["recipients"] == 2
    assert letters[1]["recipients_read"] == 1 and letters[1]["created_day"] == D3  # 23:30 city time
    assert letters[1]["done_day"] == D4 and letters[1]["done_minutes"] == 15 * 60 + 30
    assert letters[1]["due_date"] == date(2026, 11, 10) and letters[1]["number_year"] == 2026
    assert letters[2]["done_minutes"] == 26 * 60 and letters[2]["link_kind"] == "complaint"
    assert letters[2]["archived_day"] is None
    found = rows(databases, FctOfficeDisposition, "disposition_id")
    assert (found[10]["read_minutes"], found[10]["done_minutes"], found[10]["status"]) == (30, 300, "done")
    assert found[11]["parent_id"] == 10 and found[11]["status"] == "withdrawn" and found[11]["read_minutes"] is None


def test_the_daily_aggregate_counts_each_step_on_its_city_day(databases):
    write(databases, known_history())
    runner(databases).run_once()
    assert daily(databases) == {
        (D3, "DISHUB", "incoming"): dict(letters_created=1),
        (D3, "DISHUB", "outgoing"): dict(letters_created=1),
        (D4, "DISHUB", "incoming"): dict(letters_done=1, letters_done_minutes=930, dispositions_made=2,
                                         dispositions_read=1, dispositions_read_minutes=30, dispositions_done=1,
                                         dispositions_done_minutes=300),
        (D4, "DISHUB", "outgoing"): dict(letters_done=1, letters_done_minutes=1560)}


def test_a_letter_moving_to_another_opd_leaves_its_old_rows(databases):
    write(databases, [(LETTER, letter(1))])
    runner(databases).run_once()
    write(databases, [(LETTER, letter(1, opd="DLH"))])
    runner(databases).run_once()
    assert set(daily(databases)) == {(D3, "DLH", "incoming")}


def test_rejects_name_the_reason_and_a_rejected_snapshot_takes_its_fact_away(databases):
    write(databases, [(LETTER, letter(1)), (DISPOSITION, disposition(5))])
    runner(databases).run_once()
    write(databases, [
        (LETTER, letter(1, opd="NOPE")),
        (LETTER, letter(2, status="sent")),  # not an incoming letter's status
        (LETTER, letter(3, direction="outgoing", status="sent")),
        (LETTER, letter(4, due_date="10 Nov")),
        (LETTER, letter(6, security="top")),
        (LETTER, dict(letter(7), recipients="everyone")),
        (DISPOSITION, disposition(5, status="done")),
        (DISPOSITION, disposition(8, status="read", read_at=wib(2))),
        (DISPOSITION, disposition(9, to_staff_id="boss")),
    ])
    runner(databases).run_once()
    assert rejects(databases) == {
        "1": "unknown opd_code: NOPE", "2": "unknown status: sent (of an incoming letter)",
        "3": "missing time: sent_at (status sent)", "4": "date does not parse: due_date (YYYY-MM-DD)",
        "6": "unknown security: top", "7": "wrong type: recipients (a list of {staff_id, read_at})",
        "5": "missing time: done_at (status done)", "8": "read_at lies before created_at",
        "9": "wrong type: to_staff_id (a number)"}
    assert dump(databases) == {"fct_office_letters": [], "fct_office_dispositions": [], "agg_office_daily": []}
    write(databases, [(LETTER, letter(1))])  # fixed: its reject goes
    runner(databases).run_once()
    assert set(rows(databases, FctOfficeLetter, "letter_id")) == {1} and "1" not in rejects(databases)


# --- exactness -----------------------------------------------------------------------------------

def test_running_a_batch_again_changes_nothing(databases):
    write(databases, known_history() + [(LETTER, letter(9, opd="NOPE"))])
    first = runner(databases, batch_size=3).run_once()
    before, rejected = dump(databases), rejects(databases)
    with databases.warehouse.begin() as connection:  # as after a crash before the watermark moved
        connection.execute(update(Watermark).where(Watermark.job == NAME).values(position=0))
    again = runner(databases, batch_size=3).run_once()
    assert (again.batches, again.read, again.written) == (first.batches, first.read, first.written)
    assert dump(databases) == before and rejects(databases) == rejected == {"9": "unknown opd_code: NOPE"}
    assert runner(databases).run_once().read == 0


def test_incremental_in_small_batches_equals_a_full_refresh(databases):
    history = known_history() + [
        (LETTER, letter(5, opd="NOPE")), (LETTER, letter(5, opd="DLH", at=wib(4, 6))),  # fixed later
        (LETTER, letter(6, status="archived", at=wib(4), archived_at=wib(4, 18))),
        (DISPOSITION, disposition(12, letter_id=5, opd="DLH", at=wib(4, 7))),
        (DISPOSITION, disposition(12, letter_id=5, opd="DLH", at=wib(4, 7), status="read", read_at=wib(5, 1)))]
    write(databases, history)
    summary = runner(databases, batch_size=2).run_once()
    assert summary.batches > 5
    incremental, rejected = dump(databases), rejects(databases)
    assert rejected == {} and all(incremental.values())
    with databases.warehouse.begin() as connection:
        for model in MART_TABLES + [Reject]:
            connection.execute(model.__table__.delete())
    runner(databases).full_refresh()
    assert dump(databases) == incremental and rejects(databases) == rejected


def test_a_full_refresh_reads_the_snapshots_the_domain_extract_gives(databases):
    write(databases, [(LETTER, letter(99))])  # gone from the source: the refresh drops it
    runner(databases).run_once()
    extracted = {(LETTER, "1"): letter(1), (LETTER, "2"): letter(2, status="lost"),
                 (DISPOSITION, "3"): disposition(3), ("staff", "1"): {"id": 1}}  # not this job's entity
    summary = runner(databases, office_job(lambda source: extract_pages(extracted, page_rows=2))).full_refresh()
    assert (summary.read, summary.written, summary.rejected) == (3, 2, 1)
    assert set(rows(databases, FctOfficeLetter, "letter_id")) == {1}
    assert rejects(databases) == {"2": "unknown status: lost (of an incoming letter)"}
    assert daily(databases) == {(D3, "DISHUB", "incoming"): dict(letters_created=1, dispositions_made=1)}


def test_the_modules_sample_loads_without_a_reject(databases, settings):
    from modules.office.sample import write_sample

    write_sample(databases, settings)
    summary = runner(databases, office_job()).run_once()
    assert summary.written > 0 and summary.rejected == 0 and rejects(databases) == {}
    letters = rows(databases, FctOfficeLetter, "letter_id")
    assert {row["direction"] for row in letters.values()} == {"incoming", "outgoing"}
    assert any(row["status"] == "withdrawn" for row in rows(databases, FctOfficeDisposition, "disposition_id").values())
