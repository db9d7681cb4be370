"""The Sipandu job on newcomer and boarding-house snapshots written straight into the change log
(the contract of modules/sipandu/snapshot.py: every key present, SNAPSHOT_VERSION 1; no module
needed), on SQLite and PostgreSQL: staging, rejects with reasons, each step counted in its city
week, a record's counts moving with it, a re-run changing nothing, incremental equal to a full
refresh, and the RT dimension."""

from __future__ import annotations

from datetime import date, datetime, timedelta, timezone

from sqlalchemy import func, select, update

from core.changelog import record_change
from core.clock import iso_utc
from core.reference import Kelurahan, RtUnit
from data.sipandu.tables import (AggSipanduOrigin, AggSipanduOriginCity, AggSipanduOriginCityDaily, AggSipanduWeekly,
                                 AggSipanduWeeklyCity, AggSipanduWeeklyKelurahan, DimSipanduRt, FctSipanduKos,
                                 FctSipanduNewcomer)
from etl.runner import EtlRunner
from etl.sipandu.job import NAME, change_log_pages, extract_pages, sipandu_job
from etl.sipandu.staging import KOS, NEWCOMER, stage_changes
from etl.state import Reject, Watermark

KETABANG = dict(kecamatan_code="35.78.07", kelurahan_code="35.78.07.1004")
EMBONG = dict(kecamatan_code="35.78.07", kelurahan_code="35.78.07.1001")
DUKUH_SETRO = dict(kecamatan_code="35.78.10", kelurahan_code="35.78.10.1008")
MART_TABLES = list(sipandu_job().mart_tables)  # every table the job writes
WEEKLY_MEASURES = ("arrivals", "departures", "expiries", "recorded", "recorded_in_time", "verified", "rejected")
W0, W1, W2 = date(2026, 11, 2), date(2026, 11, 9), date(2026, 11, 16)  # Mondays


def wib(month: int, day: int, hour: int = 9, minute: int = 0) -> datetime:
    """A moment of 2026 given in the city's time (UTC+7), as UTC."""
    return datetime(2026, month, day, hour, minute, tzinfo=timezone.utc) - timedelta(hours=7)


def newcomer(number: int, place=KETABANG, rw: int = 1, rt: int = 1, arrived: datetime = wib(11, 3, 8),
             recorded: datetime | None = None, **changes) -> dict:
    """A newly recorded newcomer's snapshot (recorded two hours after arriving, unless said)."""
    recorded = recorded or arrived + timedelta(hours=2)
    values = {"id": number, **place, "rw": rw, "rt": rt, "kos_code": None, "origin_regency": "35.15",
              "purpose": "work", "status": "recorded", "duplicate_flag": False, "rejection_reason": None,
              "arrived_at": iso_utc(arrived), "recorded_at": iso_utc(recorded), "reported_in_time": True,
              "stay_until": "2027-06-30", "verified_at": None, "left_at": None, "destination_regency": None,
              "ended_at": None, "updated_at": iso_utc(recorded)}
    values.update(changes)
    return values


def verified(snapshot: dict, at: datetime) -> dict:
    return dict(snapshot, status="active", verified_at=iso_utc(at), updated_at=iso_utc(at))


def moved_out(snapshot: dict, at: datetime, to: str = "35.15") -> dict:
    return dict(snapshot, status="moved_out", left_at=iso_utc(at), destination_regency=to, ended_at=iso_utc(at),
                updated_at=iso_utc(at))


def expired(snapshot: dict, at: datetime) -> dict:
    return dict(snapshot, status="expired", ended_at=iso_utc(at), updated_at=iso_utc(at))


def rejected(snapshot: dict, at: datetime, reason: str = "duplicate") -> dict:
    return dict(snapshot, status="rejected", rejection_reason=reason, ended_at=iso_utc(at), updated_at=iso_utc(at))


def kos(code: str, place=KETABANG, rw: int = 1, rt: int = 1, capacity: int = 10, **changes) -> dict:
    return {"code": code, **place, "rw": rw, "rt": rt, "capacity": capacity, "active": True,
            "updated_at": iso_utc(wib(10, 1)), **changes}


def write(databases, snapshots: list[dict]) -> None:
    """Each snapshot as the service logs it: a boarding house by its code, a newcomer by his id."""
    with databases.transaction() as session:
        for payload in snapshots:
            entity, key = (KOS, "code") if "capacity" in payload else (NEWCOMER, "id")
            record_change(session, entity, payload.get(key, "no-id"), "upsert", payload)


def runner(databases, job=None, **options) -> EtlRunner:
    """A runner of the Sipandu job alone; its full refresh reads the change log (the registered job
    reads the module's tables through the domain's extract, and these tests write none)."""
    return EtlRunner(databases, jobs=[job or sipandu_job(change_log_pages)], **options)


def dump(databases) -> dict[str, list[tuple]]:
    with databases.warehouse.connect() as connection:
        return {table.name: sorted((tuple(row) for row in connection.execute(select(table))), key=repr)
                for table in MART_TABLES}


def empty_marts(databases) -> None:
    with databases.warehouse.begin() as connection:
        for table in MART_TABLES + [Reject.__table__]:
            connection.execute(table.delete())


def rejects(databases) -> dict[str, str]:
    with databases.warehouse.connect() as connection:
        return dict(connection.execute(select(Reject.entity_id, Reject.reason).where(Reject.job == NAME)).all())


def facts(databases) -> dict[int, dict]:
    with databases.warehouse.connect() as connection:
        return {row.newcomer_id: row._asdict() for row in connection.execute(select(FctSipanduNewcomer))}


def weekly(databases) -> dict[tuple, dict[str, int]]:
    """(week, kelurahan, rw, rt) -> the measures that are not 0."""
    a = AggSipanduWeekly.__table__
    with databases.warehouse.connect() as connection:
        rows = connection.execute(select(a)).mappings().all()
    return {(row["week"], row["kelurahan_code"], row["rw"], row["rt"]):
            {name: row[name] for name in WEEKLY_MEASURES if row[name]} for row in rows}


def kelurahan_weekly(databases) -> dict[tuple, dict[str, int]]:
    """(week, kelurahan) -> the measures that are not 0, of the kelurahans' weekly aggregate."""
    a = AggSipanduWeeklyKelurahan.__table__
    with databases.warehouse.connect() as connection:
        rows = connection.execute(select(a)).mappings().all()
    return {(row["week"], row["kelurahan_code"]): {name: row[name] for name in WEEKLY_MEASURES if row[name]}
            for row in rows}


def city_weekly(databases) -> dict[date, dict[str, int]]:
    """week -> the measures that are not 0, of the city's weekly aggregate."""
    a = AggSipanduWeeklyCity.__table__
    with databases.warehouse.connect() as connection:
        rows = connection.execute(select(a)).mappings().all()
    return {row["week"]: {name: row[name] for name in WEEKLY_MEASURES if row[name]} for row in rows}


def summed_over_the_city_per_week(per_kelurahan: dict[tuple, dict[str, int]]) -> dict[date, dict[str, int]]:
    sums: dict[date, dict[str, int]] = {}
    for (week, _kelurahan), measures in per_kelurahan.items():
        into = sums.setdefault(week, {})
        for name, value in measures.items():
            into[name] = into.get(name, 0) + value
    return sums


def summed_per_kelurahan(per_rt: dict[tuple, dict[str, int]]) -> dict[tuple, dict[str, int]]:
    """The per-RT weekly rows summed per week and kelurahan, as the kelurahans' aggregate must hold them."""
    sums: dict[tuple, dict[str, int]] = {}
    for (week, kelurahan, _rw, _rt), measures in per_rt.items():
        into = sums.setdefault((week, kelurahan), {})
        for name, value in measures.items():
            into[name] = into.get(name, 0) + value
    return sums


def origins(databases) -> dict[tuple, int]:
    a = AggSipanduOrigin.__table__
    with databases.warehouse.connect() as connection:
        return {(row.month, row.kelurahan_code, row.origin_regency, row.purpose): row.arrivals
                for row in connection.execute(select(a))}


def city_origins(databases) -> dict[tuple, int]:
    a = AggSipanduOriginCity.__table__
    with databases.warehouse.connect() as connection:
        return {(row.month, row.origin_regency, row.purpose): row.arrivals for row in connection.execute(select(a))}


def city_daily_origins(databases) -> dict[tuple, int]:
    a = AggSipanduOriginCityDaily.__table__
    with databases.warehouse.connect() as connection:
        return {(row.day, row.origin_regency, row.purpose): row.arrivals for row in connection.execute(select(a))}


def summed_per_month(per_day: dict[tuple, int]) -> dict[tuple, int]:
    sums: dict[tuple, int] = {}
    for (day, regency, purpose), arrivals in per_day.items():
        key = (day.replace(day=1), regency, purpose)
        sums[key] = sums.get(key, 0) + arrivals
    return sums


def summed_over_the_city(per_kelurahan: dict[tuple, int]) -> dict[tuple, int]:
    sums: dict[tuple, int] = {}
    for (month, _kelurahan, regency, purpose), arrivals in per_kelurahan.items():
        sums[(month, regency, purpose)] = sums.get((month, regency, purpose), 0) + arrivals
    return sums


def known_history() -> list[dict]:
    """Three records and two boarding houses, each record's steps in order:
    1 Ketabang RW1 RT1 at KOS-A: arrives Monday W0, verified in W1, moves out in W2.
    2 Ketabang RW2 RT3: arrives Sunday night UTC, which is already Monday W1 in the city, recorded late.
    3 Embong RW1 RT2: arrives in W0, rejected in W1 (not at the address).
    4 Dukuh Setro RW3 RT3: arrives in October, verified, expires in W2."""
    one = newcomer(1, kos_code="KOS-A", arrived=wib(11, 2, 8))
    two = newcomer(2, rw=2, rt=3, arrived=datetime(2026, 11, 8, 18, tzinfo=timezone.utc),
                   recorded=datetime(2026, 11, 10, 1, tzinfo=timezone.utc), reported_in_time=False,
                   origin_regency="33.74", purpose="study")
    three = newcomer(3, EMBONG, rt=2, arrived=wib(11, 4), origin_regency="31.71", purpose="other")
    four = newcomer(4, DUKUH_SETRO, rw=3, rt=3, arrived=wib(10, 20))
    return [kos("KOS-A"), kos("KOS-B", EMBONG, rw=2, rt=1, capacity=4),
            one, two, three, four, verified(four, wib(10, 21)),
            verified(one, wib(11, 10)), rejected(three, wib(11, 11), "not_at_address"),
            moved_out(verified(one, wib(11, 10)), wib(11, 17)), expired(verified(four, wib(10, 21)), wib(11, 18))]


# --- staging -------------------------------------------------------------------------------------

def test_staging_keeps_the_latest_snapshot_of_each_id_and_only_the_contract_fields():
    first, later = newcomer(7), dict(verified(newcomer(7), wib(11, 4)), name="Budi", nik="3578010101900001")
    changes = [{"position": 1, "entity": NEWCOMER, "entity_id": "7", "payload": first},
               {"position": 2, "entity": NEWCOMER, "entity_id": "8", "payload": dict(newcomer(8), id=None)},
               {"position": 3, "entity": NEWCOMER, "entity_id": "7", "payload": later},
               {"position": 4, "entity": KOS, "entity_id": "KOS-A", "payload": kos("KOS-A", owner_name="Sari")},
               {"position": 5, "entity": "planning_proposal", "entity_id": "P1", "payload": {"number": "P1"}}]
    staged = stage_changes(changes)
    newcomers = staged[NEWCOMER].set_index("id")
    assert sorted(newcomers.index) == ["7", "8"]  # a number id as text, one without takes its entity_id
    assert newcomers.loc["7", "status"] == "active" and int(newcomers.loc["7", "position"]) == 3
    assert newcomers.loc["7", "verified_at"] == datetime(2026, 11, 4, 2, tzinfo=timezone.utc)
    assert newcomers.loc["7", "stay_until"].date() == date(2027, 6, 30)
    assert not {"name", "nik", "owner_name"} & (set(staged[NEWCOMER].columns) | set(staged[KOS].columns))
    assert list(staged[KOS]["code"]) == ["KOS-A"] and set(staged) == {NEWCOMER, KOS}


def test_the_facts_carry_the_city_week_and_month_of_each_step(databases):
    # Sunday 1 November 20:00 UTC is Monday 2 November 03:00 in the city; the month is November
    late_sunday = datetime(2026, 11, 1, 20, tzinfo=timezone.utc)
    write(databases, [newcomer(5, arrived=late_sunday, recorded=late_sunday + timedelta(hours=30, minutes=59),
                               reported_in_time=False),
                      newcomer(6, arrived=datetime(2026, 10, 31, 16, 59, tzinfo=timezone.utc))])
    runner(databases).run_once()
    found = facts(databases)
    assert (found[5]["arrival_week"], found[5]["arrival_month"], found[5]["report_minutes"]) == \
        (W0, date(2026, 11, 1), 30 * 60 + 59)
    assert (found[5]["recorded_week"], found[5]["verified_week"], found[5]["ended_week"]) == (W0, None, None)
    # 31 October 23:59 in the city: still October, and the week of Monday 26 October
    assert (found[6]["arrival_week"], found[6]["arrival_month"]) == (date(2026, 10, 26), date(2026, 10, 1))
    assert (found[5]["origin_province"], found[5]["stay_until"], found[5]["kos_code"]) == \
        ("35", date(2027, 6, 30), None)


# --- rejects -------------------------------------------------------------------------------------

def test_rejects_name_the_field_and_the_reason_and_a_rejected_snapshot_takes_its_counts_away(databases):
    write(databases, known_history())
    runner(databases).run_once()
    assert rejects(databases) == {}
    bad = [newcomer(11, arrived_at="2026-11-31T08:00:00+00:00"), newcomer(12, status="approved"),
           newcomer(13, kelurahan_code="35.78.10.1008"), newcomer(14, rw=40), newcomer(15, rt=2.5),
           newcomer(16, rw="tiga"), newcomer(17, purpose="holiday"), newcomer(18, origin_regency="99.99"),
           dict(newcomer(19), status="rejected"), dict(newcomer(20), status="moved_out", ended_at=iso_utc(wib(11, 5))),
           newcomer(21, stay_until="30/06/2027"), newcomer(22, reported_in_time="yes"), newcomer(23, recorded_at=None),
           newcomer(24, kecamatan_code="35.78.99", kelurahan_code="35.78.99.1001"), newcomer(25, kos_code="K" * 40),
           newcomer(26, recorded=wib(11, 2)), dict(newcomer(27), id="abc"),
           dict(newcomer(28), status="active"), newcomer(29, purpose=None),
           kos("KOS-X", capacity="ten"), kos("KOS-Y", rw=1, rt=99), kos("KOS-Z", active=None),
           # 2's new snapshot does not parse: his fact and his counts go
           dict(newcomer(2, rw=2, rt=3), verified_at="soon", status="active")]
    write(databases, bad)
    summary = runner(databases).run_once()
    assert summary.rejected == len(bad)
    assert rejects(databases) == {
        "11": "time does not parse: arrived_at", "12": "unknown status: approved",
        "13": "kelurahan_code 35.78.10.1008 lies outside kecamatan_code 35.78.07",
        "14": "unknown RT: 35.78.07.1004 RW 40 RT 1", "15": "not a whole number: rt",
        "16": "wrong type: rw (a number)", "17": "unknown purpose: holiday", "18": "unknown origin_regency: 99.99",
        "19": "missing field: rejection_reason (of a rejected record)",
        "20": "missing time: left_at (status moved_out)",
        "21": "date does not parse: stay_until (YYYY-MM-DD)", "22": "wrong type: reported_in_time (true or false)",
        "23": "missing time: recorded_at", "24": "unknown kecamatan_code: 35.78.99",
        "25": "too long: kos_code (at most 32 characters)", "26": "recorded_at lies before arrived_at",
        "abc": "wrong type: id (a whole number)", "28": "missing time: verified_at (status active)",
        "29": "missing field: purpose",
        "KOS-X": "wrong type: capacity (a number)", "KOS-Y": "unknown RT: 35.78.07.1004 RW 1 RT 99",
        "KOS-Z": "missing field: active", "2": "time does not parse: verified_at"}
    assert 2 not in facts(databases)
    assert not [key for key in weekly(databases) if key[1:] == ("35.78.07.1004", 2, 3)]
    assert not [key for key in origins(databases) if key[2] == "33.74"]
    with databases.warehouse.connect() as connection:
        stored = connection.execute(select(Reject.payload, Reject.position).where(Reject.entity_id == "12")).one()
    assert stored.payload["status"] == "approved" and stored.position is not None
    assert not {"name", "nik"} & set(stored.payload)
    write(databases, [newcomer(12), kos("KOS-X")])  # fixed: their rejects go, their facts come
    runner(databases).run_once()
    assert not {"12", "KOS-X"} & set(rejects(databases))
    assert 12 in facts(databases)
    with databases.warehouse.connect() as connection:
        assert connection.scalar(select(FctSipanduKos.capacity).where(FctSipanduKos.kos_code == "KOS-X")) == 10


# --- counting ------------------------------------------------------------------------------------

def test_each_step_counts_in_its_city_week_and_moves_with_the_record(databases):
    one = newcomer(1, kos_code="KOS-A", arrived=wib(11, 2, 8))
    write(databases, [kos("KOS-A"), one])
    runner(databases).run_once()
    assert weekly(databases) == {(W0, "35.78.07.1004", 1, 1): {"arrivals": 1, "recorded": 1, "recorded_in_time": 1}}
    write(databases, [verified(one, wib(11, 10))])  # verified the next week
    runner(databases).run_once()
    assert weekly(databases) == {(W0, "35.78.07.1004", 1, 1): {"arrivals": 1, "recorded": 1, "recorded_in_time": 1},
                                 (W1, "35.78.07.1004", 1, 1): {"verified": 1}}
    # the RT head corrects the RT: every week's count moves from RT 1 to RT 2
    corrected = dict(verified(one, wib(11, 10)), rt=2)
    write(databases, [corrected])
    runner(databases).run_once()
    assert weekly(databases) == {(W0, "35.78.07.1004", 1, 2): {"arrivals": 1, "recorded": 1, "recorded_in_time": 1},
                                 (W1, "35.78.07.1004", 1, 2): {"verified": 1}}
    write(databases, [moved_out(corrected, wib(11, 17))])
    runner(databases).run_once()
    assert weekly(databases)[(W2, "35.78.07.1004", 1, 2)] == {"departures": 1}
    assert kelurahan_weekly(databases) == summed_per_kelurahan(weekly(databases))
    found = facts(databases)[1]
    assert (found["status"], found["left_week"], found["ended_week"], found["destination_regency"]) == \
        ("moved_out", W2, W2, "35.15")


def test_the_known_history_in_weeks_and_months(databases):
    write(databases, known_history())
    runner(databases, batch_size=3).run_once()
    assert weekly(databases) == {
        (date(2026, 10, 19), "35.78.10.1008", 3, 3): {"arrivals": 1, "recorded": 1, "recorded_in_time": 1,
                                                      "verified": 1},
        (W0, "35.78.07.1004", 1, 1): {"arrivals": 1, "recorded": 1, "recorded_in_time": 1},
        (W1, "35.78.07.1004", 1, 1): {"verified": 1},
        (W2, "35.78.07.1004", 1, 1): {"departures": 1},
        (W1, "35.78.07.1004", 2, 3): {"arrivals": 1, "recorded": 1},  # late: not in time
        (W0, "35.78.07.1001", 1, 2): {"recorded": 1, "recorded_in_time": 1},  # rejected: no arrival
        (W1, "35.78.07.1001", 1, 2): {"rejected": 1},
        (W2, "35.78.10.1008", 3, 3): {"expiries": 1}}
    # Ketabang's two RTs of W1 add up; Embong's rejected record counts no arrival there either
    assert kelurahan_weekly(databases) == summed_per_kelurahan(weekly(databases))
    assert kelurahan_weekly(databases)[(W1, "35.78.07.1004")] == {"arrivals": 1, "recorded": 1, "verified": 1}
    assert city_weekly(databases) == summed_over_the_city_per_week(kelurahan_weekly(databases))
    assert city_weekly(databases)[W1] == {"arrivals": 1, "recorded": 1, "verified": 1, "rejected": 1}
    assert origins(databases) == {(date(2026, 11, 1), "35.78.07.1004", "35.15", "work"): 1,
                                  (date(2026, 11, 1), "35.78.07.1004", "33.74", "study"): 1,
                                  (date(2026, 10, 1), "35.78.10.1008", "35.15", "work"): 1}
    assert city_origins(databases) == summed_over_the_city(origins(databases))
    # 2 arrived on Sunday night UTC: Monday 9 November in the city; 3 was rejected
    assert city_daily_origins(databases) == {(date(2026, 11, 2), "35.15", "work"): 1,
                                             (date(2026, 11, 9), "33.74", "study"): 1,
                                             (date(2026, 10, 20), "35.15", "work"): 1}
    with databases.warehouse.connect() as connection:
        houses = connection.execute(select(FctSipanduKos.kos_code, FctSipanduKos.kelurahan_code,
                                           FctSipanduKos.capacity, FctSipanduKos.active)).all()
    assert sorted(houses) == [("KOS-A", "35.78.07.1004", 10, True), ("KOS-B", "35.78.07.1001", 4, True)]


# --- exactness -----------------------------------------------------------------------------------

def test_running_a_batch_again_changes_nothing(databases):
    write(databases, known_history() + [newcomer(9, rw="lima")])
    first = runner(databases, batch_size=4).run_once()
    before, rejected_before = dump(databases), rejects(databases)
    with databases.warehouse.begin() as connection:  # as after a crash before the watermark moved
        connection.execute(update(Watermark).where(Watermark.job == NAME).values(position=0))
    again = runner(databases, batch_size=4).run_once()
    assert (again.batches, again.read, again.written) == (first.batches, first.read, first.written)
    assert dump(databases) == before and rejects(databases) == rejected_before == {"9": "wrong type: rw (a number)"}
    assert runner(databases).run_once().read == 0  # caught up


def test_incremental_in_small_batches_equals_a_full_refresh(databases):
    history = known_history()
    # one bad at first and fixed later, one left bad, one moved to another kelurahan
    history.insert(3, newcomer(8, status="approved"))
    history += [newcomer(8), newcomer(9, arrived_at="yesterday"),
                dict(newcomer(2, EMBONG, rw=3, rt=1, arrived=wib(11, 12)), origin_regency="33.74")]
    write(databases, history)
    summary = runner(databases, batch_size=2).run_once()
    assert summary.batches > 5
    incremental, rejected_incrementally = dump(databases), rejects(databases)
    assert rejected_incrementally == {"9": "time does not parse: arrived_at"}
    assert not [key for key in weekly(databases) if key[1:] == ("35.78.07.1004", 2, 3)]  # 2 left Ketabang
    assert kelurahan_weekly(databases) == summed_per_kelurahan(weekly(databases))
    assert city_origins(databases) == summed_over_the_city(origins(databases))
    assert summed_per_month(city_daily_origins(databases)) == city_origins(databases)
    assert (date(2026, 11, 9), "33.74", "study") not in city_daily_origins(databases)  # 2 arrived again on the 12th
    assert city_weekly(databases) == summed_over_the_city_per_week(kelurahan_weekly(databases))
    empty_marts(databases)  # the full refresh alone must build it all
    runner(databases).full_refresh()
    assert dump(databases) == incremental and rejects(databases) == rejected_incrementally


def test_a_full_refresh_reads_the_snapshots_the_domain_extract_gives(databases):
    history = known_history()
    extracted = {(NEWCOMER, "1"): history[-2], (NEWCOMER, "5"): newcomer(5, status="approved"),
                 (KOS, "KOS-A"): kos("KOS-A"), ("sipandu_resident", "1"): {"id": 1}}  # not this job's entity
    job = sipandu_job(lambda source: extract_pages(extracted, page_rows=2))
    summary = runner(databases, job).full_refresh()
    assert (summary.read, summary.written, summary.rejected) == (3, 2, 1)
    assert set(facts(databases)) == {1} and rejects(databases) == {"5": "unknown status: approved"}
    assert weekly(databases)[(W2, "35.78.07.1004", 1, 1)] == {"departures": 1}


# --- the RT dimension ----------------------------------------------------------------------------

def test_the_rt_dimension_holds_every_rt_of_the_city_with_its_kecamatan(databases):
    runner(databases).run_once()
    with databases.engine.connect() as connection:
        expected = sorted(connection.execute(select(RtUnit.code, Kelurahan.kecamatan_code, RtUnit.kelurahan_code,
                                                    RtUnit.rw, RtUnit.rt)
                                             .join(Kelurahan, Kelurahan.code == RtUnit.kelurahan_code)).all())
    with databases.warehouse.connect() as connection:
        held = sorted(connection.execute(select(DimSipanduRt.code, DimSipanduRt.kecamatan_code,
                                                DimSipanduRt.kelurahan_code, DimSipanduRt.rw, DimSipanduRt.rt)).all())
        ketabang = connection.scalar(select(func.count()).where(DimSipanduRt.kelurahan_code == "35.78.07.1004"))
    assert held == expected and len(held) > 1000
    assert ketabang > 0 and all(code.startswith(kelurahan) for code, _kec, kelurahan, _rw, _rt in held)
