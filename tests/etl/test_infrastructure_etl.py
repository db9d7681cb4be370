"""The infrastructure job on change-log rows written as the service writes them
(tests/synthetic_infrastructure.py), with the job's clock fixed, on SQLite and PostgreSQL."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import select

from data.infrastructure.tables import (AggInfraAvailabilityDaily, AggInfraAvailabilityMonthly, AggInfraDeviceNow,
                                        EtlInfraCountedUntil, FctInfraDevice, FctInfraEvent, FctInfraOutage)
from etl.dimensions import sync_dimensions
from etl.infrastructure.job import infrastructure_job
from etl.runner import EtlRunner
from etl.state import Reject
from synthetic_infrastructure import (DEVICE, DUKUH_SETRO, EMBONG, EVENT, KETABANG, NETWORK, NEXT, NOW, SECONDS, D,
                                      as_written, device, event, known_devices, known_events, known_fleet, wib, write)

MART_TABLES = [FctInfraDevice, FctInfraEvent, FctInfraOutage, AggInfraAvailabilityDaily, AggInfraAvailabilityMonthly,
               AggInfraDeviceNow]


def runner(databases, at=NOW, **options) -> EtlRunner:
    """A runner of the infrastructure job alone, its "now" fixed at `at`."""
    return EtlRunner(databases, jobs=[infrastructure_job(clock=lambda: at)], **options)


def dump(databases) -> dict[str, list[tuple]]:
    with databases.warehouse.connect() as connection:
        return {model.__tablename__: sorted(tuple(row) for row in connection.execute(select(model.__table__)))
                for model in MART_TABLES}


def empty_marts(databases) -> None:
    with databases.warehouse.begin() as connection:
        for model in MART_TABLES + [Reject, EtlInfraCountedUntil]:
            connection.execute(model.__table__.delete())


def rejects(databases) -> list[tuple[str, str, str]]:
    with databases.warehouse.connect() as connection:
        return sorted(connection.execute(select(Reject.entity, Reject.entity_id, Reject.reason)
                                         .where(Reject.job == "infrastructure")).all())


def seconds(databases) -> dict[tuple, tuple]:
    a = AggInfraAvailabilityDaily
    with databases.warehouse.connect() as connection:
        rows = connection.execute(select(a.device_code, a.day, a.up_seconds, a.failed_seconds, a.excluded_seconds))
        return {(code, day): (up, failed, excluded) for code, day, up, failed, excluded in rows}


def test_the_known_fleet_is_counted_per_state_group_and_city_day(databases):
    write(databases, known_fleet())
    summary = runner(databases).run_once()
    assert summary.rejected == 0 and "infra_availability" in summary.marts_changed
    assert seconds(databases) == SECONDS
    with databases.warehouse.connect() as connection:
        outages = {row.event_id: row for row in connection.execute(select(FctInfraOutage))}
        agg = connection.execute(select(AggInfraAvailabilityDaily)
                                 .where(AggInfraAvailabilityDaily.device_code == "CAM-2")).all()
    assert sorted(outages) == [101, 201, 203, 301, 303, 401, 501, 601]  # DOWN, UNREACHABLE, NO_VIDEO only
    assert (outages[201].duration_seconds, outages[201].own) == (3600, True)
    assert (outages[203].root_cause_code, outages[203].suppressed_by, outages[203].own) == ("SW-1", "SW-1", False)
    assert outages[303].state == "NO_VIDEO" and outages[303].duration_seconds == 3.5 * 3600
    assert outages[401].ended_at is None and outages[401].duration_seconds is None
    assert outages[303].started_day == D and outages[401].started_day == NEXT  # the city's day
    assert {(row.kelurahan_code, row.month, row.contract_code, row.vendor) for row in agg} == \
        {(EMBONG["kelurahan_code"], D.replace(day=1), "CTR-CAM", "PT Kamera Kota")}


def states_now(databases) -> dict[str, tuple]:
    """agg_infra_devices_now: device -> (state, since, root cause, suppressed by, kelurahan)."""
    now = AggInfraDeviceNow
    with databases.warehouse.connect() as connection:
        rows = connection.execute(select(now.device_code, now.state, now.since, now.root_cause_code, now.suppressed_by,
                                         now.kelurahan_code))
        return {code: tuple(rest) for code, *rest in rows}


def test_each_active_device_keeps_its_state_now_batch_by_batch(databases):
    write(databases, known_fleet() + [(DEVICE, device("CAM-5"))])  # CAM-5: no event yet
    runner(databases).run_once()
    now = states_now(databases)
    assert now["CAM-4"] == ("UNREACHABLE", wib(NEXT, 9, 5), "SW-2", "SW-2", DUKUH_SETRO["kelurahan_code"])
    assert now["CAM-3"][:3] == ("DOWN", wib(NEXT, 6), "CAM-3") and now["SW-1"][:2] == ("UP", wib(D, 22))
    assert now["CAM-5"] == ("UNKNOWN", None, None, None, KETABANG["kelurahan_code"])
    assert set(now) == {"SW-1", "CAM-1", "CAM-2", "CAM-3", "SW-2", "CAM-4", "CAM-5"}
    # the switch comes back: CAM-4 is up again; CAM-3 is retired; CAM-2 moves to Dukuh Setro
    write(databases, [(EVENT, event(501, "SW-2", "DOWN", wib(NEXT, 9), wib(NEXT, 11), "switch")),
                      (EVENT, event(502, "SW-2", "UP", wib(NEXT, 11), None, "switch")),
                      (EVENT, event(601, "CAM-4", "UNREACHABLE", wib(NEXT, 9, 5), wib(NEXT, 11, 1), "camera", "SW-2",
                                    "SW-2")),
                      (EVENT, event(602, "CAM-4", "UP", wib(NEXT, 11, 1), None)),
                      (DEVICE, device("CAM-3", district=DUKUH_SETRO, active=False)),
                      (DEVICE, device("CAM-2", district=DUKUH_SETRO, parents=("SW-1",)))])
    runner(databases).run_once()
    after = states_now(databases)
    assert after["CAM-4"] == ("UP", wib(NEXT, 11, 1), None, None, DUKUH_SETRO["kelurahan_code"])
    assert after["SW-2"][:2] == ("UP", wib(NEXT, 11)) and "CAM-3" not in after
    assert after["CAM-2"] == (*now["CAM-2"][:4], DUKUH_SETRO["kelurahan_code"])
    assert {code: after[code] for code in ("SW-1", "CAM-1", "CAM-5")} == \
        {code: now[code] for code in ("SW-1", "CAM-1", "CAM-5")}  # untouched devices keep their rows


def test_an_event_across_midnight_is_split_at_the_city_midnight(databases):
    # 22:00 WIB on D to 03:30 WIB on D+1: 2 h on D, 3.5 h on D+1 (UTC midnight is 07:00 WIB: not the cut)
    write(databases, [(DEVICE, device("CAM-9"))] + as_written([
        event(1, "CAM-9", "UP", wib(D, 0), wib(D, 22)), event(2, "CAM-9", "DOWN", wib(D, 22), wib(NEXT, 3, 30)),
        event(3, "CAM-9", "UP", wib(NEXT, 3, 30), wib(NEXT, 4))]))
    runner(databases).run_once()
    assert seconds(databases) == {("CAM-9", D): (22 * 3600, 2 * 3600, 0), ("CAM-9", NEXT): (1800, 3.5 * 3600, 0)}


def test_an_open_event_counts_up_to_the_etl_now_and_on_at_the_next_batch(databases):
    write(databases, known_fleet())
    runner(databases).run_once()
    assert seconds(databases)[("CAM-3", NEXT)] == (21_600, 21_600, 0)  # DOWN from 06:00 to the ETL's 12:00
    later = wib(NEXT + timedelta(days=1), 3)  # 03:00 WIB two days on; CAM-3 is still down, no event of its
    write(databases, [(DEVICE, device("SW-1", "switch", KETABANG, "DISKOMINFO", NETWORK, name="renamed switch"))])
    runner(databases, at=later).run_once()
    counted = seconds(databases)
    assert counted[("CAM-3", NEXT)] == (21_600, 18 * 3600, 0)  # to the day's end
    assert counted[("CAM-3", NEXT + timedelta(days=1))] == (0, 3 * 3600, 0)  # and on to the new now
    assert counted[("SW-1", NEXT)] == (86_400, 0, 0)  # every open event, whatever its state
    # closing it at 01:00 WIB takes back the time counted after its end
    write(databases, [(EVENT, event(401, "CAM-3", "DOWN", wib(NEXT, 6), wib(NEXT + timedelta(days=1), 1))),
                      (EVENT, event(402, "CAM-3", "UP", wib(NEXT + timedelta(days=1), 1), None))])
    runner(databases, at=later).run_once()
    assert seconds(databases)[("CAM-3", NEXT + timedelta(days=1))] == (2 * 3600, 3600, 0)
    with databases.warehouse.connect() as connection:
        closed = connection.execute(select(FctInfraOutage).where(FctInfraOutage.event_id == 401)).one()
    assert closed.duration_seconds == 19 * 3600


def test_open_events_are_recounted_at_most_once_a_minute(databases):
    """Every device is in some state, so counting open events to "now" recounts a day row per
    device: a batch within the minute after the last count recounts only its own events' days; the
    next count catches the others up. A full refresh in between equals the batches."""
    write(databases, known_fleet())
    runner(databases).run_once()
    before = seconds(databases)
    back_up = NOW + timedelta(seconds=20)  # CAM-3, down since 06:00, answers again at 12:00:20
    write(databases, [(EVENT, event(401, "CAM-3", "DOWN", wib(NEXT, 6), back_up)),
                      (EVENT, event(402, "CAM-3", "UP", back_up, None))])
    runner(databases, at=NOW + timedelta(seconds=30)).run_once()
    counted = seconds(databases)
    assert counted[("CAM-3", NEXT)] == (21_600, 21_620, 0)  # its own change: down to 12:00:20, up not yet
    assert counted[("SW-1", NEXT)] == before[("SW-1", NEXT)]  # no change of its own: as counted at 12:00
    batches = dump(databases)
    runner(databases, at=NOW + timedelta(seconds=30)).full_refresh()
    assert dump(databases) == batches
    write(databases, [(DEVICE, device("CAM-5"))])
    runner(databases, at=NOW + timedelta(seconds=65)).run_once()  # a minute on: every open event counted
    counted = seconds(databases)
    assert counted[("CAM-3", NEXT)] == (21_600 + 45, 21_620, 0)
    assert counted[("SW-1", NEXT)] == (before[("SW-1", NEXT)][0] + 65, 0, 0)


def test_incremental_in_small_batches_equals_a_full_refresh(databases):
    rows = known_fleet()
    # a device with a bad snapshot fixed later, one left bad; an event with a bad snapshot fixed later
    rows.insert(3, (DEVICE, device("CAM-7", kind="drone")))
    rows.insert(9, (EVENT, event(700, "CAM-7", "SLEEPING", wib(D, 1), None)))
    rows += [(DEVICE, device("CAM-7")), (EVENT, event(700, "CAM-7", "UP", wib(D, 1), None)),
             (DEVICE, device("CAM-8", kelurahan_code="35.78.07.9999")),
             (DEVICE, device("CAM-3", district=EMBONG, opd_code="DISKOMINFO"))]  # moved: its history with it
    write(databases, rows)
    summary = runner(databases, batch_size=4).run_once()
    assert summary.batches > 5
    incremental, rejected = dump(databases), rejects(databases)
    assert rejected == [(DEVICE, "CAM-8", "unknown kelurahan_code: 35.78.07.9999")]
    assert {row[-3] for row in incremental["agg_infra_availability_daily"] if row[0] == "CAM-3"} == \
        {EMBONG["kelurahan_code"]}
    empty_marts(databases)  # the full refresh alone must build it all
    runner(databases).full_refresh()
    assert dump(databases) == incremental and rejects(databases) == rejected


def test_a_later_full_refresh_counts_open_events_to_where_the_batches_had(databases):
    """The job's clock runs on between the last batch and a full refresh: the full refresh still
    equals the batches (open events up to the moment they counted to; the next batch counts on)."""
    write(databases, known_fleet())
    runner(databases).run_once()
    before = dump(databases)
    runner(databases, at=NOW + timedelta(hours=5)).full_refresh()
    assert dump(databases) == before
    write(databases, [(DEVICE, device("CAM-5"))])
    runner(databases, at=NOW + timedelta(hours=5)).run_once()
    assert seconds(databases)[("CAM-3", NEXT)] == (21_600, 21_600 + 5 * 3600, 0)


def test_the_same_batch_applied_twice_changes_nothing(databases):
    write(databases, known_fleet())
    etl = runner(databases)
    etl.run_once()
    before, rejected_before = dump(databases), rejects(databases)
    job = etl.jobs[0]
    changes = etl._read_changes(job, 0)  # the whole log again, as after a crash before the watermark moved
    with databases.engine.connect() as source, databases.warehouse.begin() as warehouse:
        dimensions, _changed = sync_dimensions(source, warehouse)
        job.apply_changes(warehouse, job.stage(changes), dimensions)
    assert dump(databases) == before and rejects(databases) == rejected_before


def test_a_moved_device_moves_its_history(databases):
    write(databases, known_fleet())
    runner(databases).run_once()
    write(databases, [(DEVICE, device("CAM-3", district=EMBONG, opd_code="DISKOMINFO", contract_code="CTR-X",
                                      vendor="PT Lain"))])
    runner(databases).run_once()
    with databases.warehouse.connect() as connection:
        for model in (FctInfraEvent, FctInfraOutage, AggInfraAvailabilityDaily, AggInfraAvailabilityMonthly):
            found = connection.execute(select(model.kelurahan_code, model.opd_code, model.vendor)
                                       .where(model.device_code == "CAM-3")).all()
            assert found and set(found) == {(EMBONG["kelurahan_code"], "DISKOMINFO", "PT Lain")}, model


def test_bad_snapshots_are_rejected_with_their_reason_and_nothing_written(databases):
    good = device("CAM-OK")
    rows = [
        (DEVICE, good),
        (DEVICE, device("CAM-KIND", kind="drone")),
        (DEVICE, device("CAM-KEL", kelurahan_code="35.78.07.9999")),
        (DEVICE, device("CAM-OUT", district={**DUKUH_SETRO, "kelurahan_code": "35.78.07.1004"})),
        (DEVICE, device("CAM-SLO", slo_percent=150)),
        (DEVICE, {**device("CAM-PAR"), "parents": "SW-1"}),
        (DEVICE, device("CAM-OPD", opd_code="NOPE")),
        (DEVICE, device("CAM-NAME", name="")),
        (DEVICE, device("CAM-LAT", lat="south")),
        (DEVICE, device("CAM-" + "X" * 40)),
        (EVENT, event(1, "CAM-OK", "UP", wib(D, 0), wib(D, 1))),
        (EVENT, event(2, "CAM-OK", "BROKEN", wib(D, 1), None)),
        (EVENT, event(3, "CAM-OK", "DOWN", wib(D, 2), wib(D, 1))),
        (EVENT, event(4, "CAM-OK", "DOWN", wib(D, 2), None, started_at="yesterday")),
        (EVENT, event(5, "", "DOWN", wib(D, 2), None)),
        (EVENT, event(6, "CAM-OK", "UP", wib(D, 2), None, kind="toaster")),
        (EVENT, {**event(7, "CAM-OK", "UP", wib(D, 2), None), "id": "seven"}),
        (EVENT, event(8, "CAM-OK", "UP", wib(D, 2), None, started_at=None)),
    ]
    write(databases, rows)
    summary = runner(databases).run_once()
    assert summary.rejected == 16
    assert rejects(databases) == [
        (DEVICE, "CAM-KEL", "unknown kelurahan_code: 35.78.07.9999"),
        (DEVICE, "CAM-KIND", "unknown kind: drone"),
        (DEVICE, "CAM-LAT", "not a number: lat"),
        (DEVICE, "CAM-NAME", "missing field: name"),
        (DEVICE, "CAM-OPD", "unknown opd_code: NOPE"),
        (DEVICE, "CAM-OUT", "kelurahan_code 35.78.07.1004 lies outside kecamatan_code 35.78.10"),
        (DEVICE, "CAM-PAR", "not a list of device codes: parents"),
        (DEVICE, "CAM-SLO", "out of range: slo_percent (above 0, at most 100)"),
        (DEVICE, "CAM-" + "X" * 40, "too long: code (at most 40 characters)"),
        (EVENT, "2", "unknown state: BROKEN"),
        (EVENT, "3", "negative interval: ended_at before started_at"),
        (EVENT, "4", "time does not parse: started_at"),
        (EVENT, "5", "missing field: device_code"),
        (EVENT, "6", "unknown kind: toaster"),
        (EVENT, "8", "missing time: started_at"),
        (EVENT, "seven", "not a whole number: id"),
    ]
    tables = dump(databases)
    assert [row[0] for row in tables["fct_infra_devices"]] == ["CAM-OK"]
    assert [row[0] for row in tables["fct_infra_events"]] == [1]
    assert seconds(databases) == {("CAM-OK", D): (3600, 0, 0)}
    # the corrected snapshot becomes a fact and its reject goes
    write(databases, [(DEVICE, device("CAM-KIND")), (EVENT, event(2, "CAM-OK", "DOWN", wib(D, 1), wib(D, 2)))])
    runner(databases).run_once()
    assert ("CAM-KIND",) in [(row[0],) for row in dump(databases)["fct_infra_devices"]]
    assert {entity_id for _e, entity_id, _r in rejects(databases)} & {"CAM-KIND", "2"} == set()
    assert seconds(databases) == {("CAM-OK", D): (3600, 3600, 0)}


def test_the_known_events_all_arrive_in_one_batch_or_many_alike(databases):
    """The service writes an event twice (opened, then ended): whichever batch boundaries fall
    between the two, the counts are those of the whole history."""
    write(databases, known_fleet())
    runner(databases, batch_size=1).run_once()
    assert seconds(databases) == SECONDS
    assert len(known_events()) == len(dump(databases)["fct_infra_events"])
    assert len(known_devices()) == len(dump(databases)["fct_infra_devices"])


def test_the_module_sample_written_by_the_service_is_read_without_a_reject(databases, settings):
    """The payloads the service writes (modules/infrastructure's sample: inventory, state changes,
    alerts, maintenance) are the ones this job reads: every one becomes a fact."""
    from modules.infrastructure.sample import write_sample

    write_sample(databases, settings)
    summary = EtlRunner(databases, jobs=[infrastructure_job()]).run_once()
    assert summary.written > 0 and summary.rejected == 0 and rejects(databases) == []
    tables = dump(databases)
    assert tables["fct_infra_devices"] and tables["fct_infra_events"] and tables["agg_infra_availability_daily"]


def fleet_over_two_months() -> list[tuple[str, dict]]:
    """The known fleet and a camera down for an hour in the month before."""
    october = D.replace(day=20) - timedelta(days=31)
    return known_fleet() + [(DEVICE, device("CAM-9")),
                            (EVENT, event(900, "CAM-9", "DOWN", wib(october, 8), wib(october, 9)))]


def test_a_full_refresh_writes_the_availability_day_by_day_and_month_by_month(databases):
    # the pages read a period's days (or months) of every device: rows written device by device left
    # each day's rows on as many pages as there are devices (a year's figures 40 % slower than after
    # the batches, which write in time order)
    write(databases, fleet_over_two_months())
    runner(databases).full_refresh()
    position = "ctid" if databases.warehouse.dialect.name == "postgresql" else "rowid"
    with databases.warehouse.connect() as connection:
        days = connection.exec_driver_sql(
            f"SELECT day, device_code FROM agg_infra_availability_daily ORDER BY {position}").all()
        months = connection.exec_driver_sql(
            f"SELECT month, device_code FROM agg_infra_availability_monthly ORDER BY {position}").all()
    assert len({day for day, _code in days}) > 1 and len({code for _day, code in days}) > 1
    assert [tuple(row) for row in days] == sorted(tuple(row) for row in days)
    assert [tuple(row) for row in months] == sorted(tuple(row) for row in months)
    assert len({month for month, _code in months}) > 1  # written a month at a time, each one whole


def test_a_full_refresh_a_day_at_a_time_counts_as_the_batches_do(databases, monkeypatch):
    """The full refresh counts a window of days at a time (bounded memory): with one-day windows,
    events across midnight, and open ones, count as the batches counted them."""
    from etl.infrastructure import availability

    write(databases, fleet_over_two_months())
    runner(databases).run_once()
    incremental = dump(databases)
    assert len({row[1] for row in incremental["agg_infra_availability_daily"]}) > 1  # several days
    assert len({row[1] for row in incremental["agg_infra_availability_monthly"]}) > 1  # and months
    monkeypatch.setattr(availability, "FULL_REFRESH_DAYS", 1)
    empty_marts(databases)
    runner(databases).full_refresh()
    assert dump(databases) == incremental
