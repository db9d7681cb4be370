"""The incidents job on change-log rows written as modules/incidents writes them
(tests/synthetic_incidents.py), on SQLite and PostgreSQL."""

from __future__ import annotations

import json
from datetime import timedelta

from sqlalchemy import select

from core.changelog import ChangeLogEntry
from core.clock import city_time
from data.value_arrays import unpack
from data.incidents.tables import (RESPONSE_MONTHLY_COLUMNS, AggIncidentCallsDaily, AggIncidentHeatDaily,
                                   AggIncidentHeatMonthly, AggIncidentResponseDaily, AggIncidentResponseMonthly,
                                   AggIncidentsDaily, FctIncident, FctIncidentDispatch, heat_cell)
from data.value_arrays import unpack_cells
from etl.dimensions import sync_dimensions
from etl.incidents.job import JOB
from etl.runner import EtlRunner
from etl.state import Reject
from synthetic_incidents import (GENTENG, TAMBAKSARI, city_noon, incident, known_rows, random_history, write,
                                 write_bulk)

DAY = timedelta(days=1)

MART_TABLES = list(JOB.mart_tables)  # the facts and every aggregate the job keeps


def dump(databases) -> dict[str, list[tuple]]:
    """Every incident mart table's rows, sorted: two dumps are equal when the marts are."""
    with databases.warehouse.connect() as connection:
        return {table.name: sorted(tuple(row) for row in connection.execute(select(table))) for table in MART_TABLES}


def empty_marts(databases) -> None:
    with databases.warehouse.begin() as connection:
        for table in MART_TABLES + [Reject.__table__]:
            connection.execute(table.delete())


def rejects(databases) -> list[tuple[str, str, str]]:
    with databases.warehouse.connect() as connection:
        return sorted(connection.execute(select(Reject.entity, Reject.entity_id, Reject.reason)
                                         .where(Reject.job == "incidents")).all())


def facts_by_number(databases) -> dict[str, dict]:
    with databases.warehouse.connect() as connection:
        return {row["incident_number"]: dict(row) for row in connection.execute(select(FctIncident)).mappings()}


def test_known_rows_become_facts_with_their_intervals(databases):
    write(databases, known_rows())
    summary = EtlRunner(databases).run_once()
    assert summary.rejected == 0 and "incidents" in summary.marts_changed
    facts = facts_by_number(databases)
    a, b, c = facts["INS-A"], facts["INS-B"], facts["INS-C"]
    assert (a["processing_seconds"], a["response_seconds"], a["late"]) == (60, 300, False)
    assert (b["response_seconds"], b["late"]) == (540, True)
    assert c["response_seconds"] is None and c["due_at"] == c["received_at"] + timedelta(seconds=420)
    assert a["received_day"] == city_time(a["received_at"]).date() and a["received_hour"] == 12  # noon in WIB
    assert (a["lead_agency_code"], a["agencies"]) == ("DINKES", "DINKES DISHUB")
    assert c["lead_agency_code"] == "DPKP"  # the category's first unit, though none was dispatched
    with databases.warehouse.connect() as connection:
        dispatch = connection.execute(select(FctIncidentDispatch).where(FctIncidentDispatch.dispatch_id == 2)).one()
        aggregate = connection.execute(select(AggIncidentsDaily)
                                       .where(AggIncidentsDaily.kecamatan_code == "35.78.10")).one()
        calls = dict(connection.execute(select(AggIncidentCallsDaily.outcome, AggIncidentCallsDaily.calls)
                                        .where(AggIncidentCallsDaily.outcome == "prank")).all())
    assert (dispatch.turnout_seconds, dispatch.travel_seconds, dispatch.response_seconds) == (90, 420, 600)
    assert (dispatch.on_scene_seconds, dispatch.busy_seconds) == (600, 1110)
    assert (aggregate.incidents, aggregate.late, aggregate.casualties_dead) == (1, 1, 1)
    assert calls == {"prank": 1}  # one a day, two days


def test_incremental_in_small_batches_equals_a_full_refresh(databases):
    history = random_history(seed=7)
    # two incidents get a bad snapshot in the middle: one is written again later (fixed), one is not
    at = [i for i, (entity, _p) in enumerate(history) if entity == "incident"]
    for index in (at[-1], at[40]):
        history.insert(index + 1, ("incident", dict(history[index][1], category_code="NO_SUCH_CATEGORY")))
    write_bulk(databases, history)
    summary = EtlRunner(databases, batch_size=37).run_once()
    assert summary.batches > 5
    incremental, rejected = dump(databases), rejects(databases)
    assert len(incremental["fct_incidents"]) + len(rejected) == 60 and rejected
    empty_marts(databases)  # the full refresh alone must build it all
    EtlRunner(databases).full_refresh()
    assert dump(databases) == incremental and rejects(databases) == rejected


def test_the_same_batch_applied_twice_changes_nothing(databases):
    write(databases, known_rows())
    runner = EtlRunner(databases)
    runner.run_once()
    before, rejected_before = dump(databases), rejects(databases)
    changes = runner._read_changes(JOB, 0)  # the whole log again, as after a crash before the watermark moved
    with databases.engine.connect() as source, databases.warehouse.begin() as warehouse:
        dimensions, _changed = sync_dimensions(source, warehouse)
        JOB.apply_changes(warehouse, JOB.stage(changes), dimensions)
    assert dump(databases) == before and rejects(databases) == rejected_before


def test_an_updated_snapshot_replaces_the_fact_and_moves_its_counts(databases):
    now = city_noon()
    write(databases, known_rows(now))
    EtlRunner(databases).run_once()
    before = dump(databases)
    moved = incident("INS-A", now - timedelta(days=2), "KEBAKARAN", TAMBAKSARI, status="closed",
                     first_dispatch_at=now - timedelta(days=2, seconds=-60),
                     first_on_scene_at=now - timedelta(days=2, seconds=-500),
                     closed_at=now - timedelta(days=1))
    write(databases, [("incident", moved)])
    EtlRunner(databases).run_once()
    after = dump(databases)
    assert len(after["fct_incidents"]) == len(before["fct_incidents"])
    facts = facts_by_number(databases)
    assert (facts["INS-A"]["kecamatan_code"], facts["INS-A"]["response_seconds"], facts["INS-A"]["late"]) == \
        ("35.78.10", 500, True)
    with databases.warehouse.connect() as connection:
        rows = connection.execute(select(AggIncidentsDaily.kecamatan_code, AggIncidentsDaily.category_code,
                                         AggIncidentsDaily.incidents, AggIncidentsDaily.late)).all()
    totals = {(k, c): (n, late) for k, c, n, late in rows}
    assert ("35.78.07", "KECELAKAAN_LALU_LINTAS") in totals  # INS-E is still there, today
    assert totals[("35.78.10", "KEBAKARAN")] == (2, 2)
    assert sum(n for n, _late in totals.values()) == 6  # never double-counted
    empty_marts(databases)
    EtlRunner(databases).full_refresh()
    assert dump(databases) == after


def test_bad_snapshots_are_rejected_with_their_reason_and_nothing_written(databases):
    now = city_noon()
    received = now - timedelta(hours=3)
    good = incident("INS-OK", received)
    rows = [
        ("incident", good),
        ("incident", incident("INS-CAT", received, "NO_SUCH_CATEGORY")),
        ("incident", incident("INS-KEC", received, district={"kecamatan_code": "35.78.99", "kelurahan_code": None})),
        ("incident", incident("INS-KEL", received, district={**GENTENG, "kelurahan_code": "35.78.07.9999"})),
        ("incident", incident("INS-TIME", received, first_dispatch_at="yesterday at noon")),
        ("incident", incident("INS-NEG", received, first_dispatch_at=received + timedelta(seconds=30),
                              first_on_scene_at=received - timedelta(seconds=5))),
        ("incident_dispatch", {"id": 9, "incident_number": "INS-OK", "unit_code": "DINKES-AMB-09",
                               "agency_code": "DINKES", "unit_type": "ambulance", "status": "en_route",
                               "dispatched_at": (received + timedelta(seconds=60)).isoformat(),
                               "en_route_at": (received + timedelta(seconds=40)).isoformat(), "on_scene_at": None,
                               "cleared_at": None, "cancelled_at": None, "category_code": good["category_code"],
                               "priority": 1, **GENTENG, "incident_received_at": good["received_at"]}),
        ("incident_call", {"id": 77, "received_at": "not a time", "answered_at": None, "source": "call_112",
                           "outcome": "prank", "partner": None, "incident_number": None, "category_code": None,
                           "kecamatan_code": None, "repeat_caller": False}),
        ("incident_unit", {"code": "XX-01", "agency_code": "PLN", "unit_type": "truck", "post_code": None,
                           "status": "available"}),
        ("incident_unit", {"code": "DPKP-" + "X" * 40, "agency_code": "DPKP", "unit_type": "rescue",
                           "post_code": None, "status": "available"}),
        ("incident", incident("INS-NOSTATUS", received, status=None)),
        ("incident", incident("INS-OUT", received, district={**TAMBAKSARI, "kelurahan_code": "35.78.07.1004"})),
    ]
    write(databases, rows)
    summary = EtlRunner(databases).run_once()
    assert summary.rejected == 11
    assert rejects(databases) == [
        ("incident", "INS-CAT", "unknown category_code: NO_SUCH_CATEGORY"),
        ("incident", "INS-KEC", "unknown kecamatan_code: 35.78.99"),
        ("incident", "INS-KEL", "unknown kelurahan_code: 35.78.07.9999"),
        ("incident", "INS-NEG", "negative interval: response (first_on_scene_at before received_at)"),
        ("incident", "INS-NOSTATUS", "missing field: status"),
        ("incident", "INS-OUT", "kelurahan_code 35.78.07.1004 lies outside kecamatan_code 35.78.10"),
        ("incident", "INS-TIME", "time does not parse: first_dispatch_at"),
        ("incident_call", "77", "time does not parse: received_at"),
        ("incident_dispatch", "9", "negative interval: turnout (en_route_at before dispatched_at)"),
        ("incident_unit", "DPKP-" + "X" * 40, "too long: code (at most 32 characters)"),
        ("incident_unit", "XX-01", "unknown agency_code: PLN"),
    ]
    tables = dump(databases)
    assert [row[0] for row in tables["fct_incidents"]] == ["INS-OK"]
    assert not any(tables[name] for name in ("fct_incident_dispatches", "fct_incident_calls", "fct_incident_units"))
    # the corrected snapshot becomes a fact and its reject goes
    write(databases, [("incident", incident("INS-CAT", received, "KEBAKARAN"))])
    EtlRunner(databases).run_once()
    assert "INS-CAT" in facts_by_number(databases)
    assert "INS-CAT" not in [entity_id for _e, entity_id, _r in rejects(databases)]


def test_no_caller_data_reaches_any_mart_or_reject(databases):
    """A payload that wrongly carries the caller's number and hash: neither is stored anywhere."""
    number, digest = "+6281234567890", "c0ffee" * 10
    leaky = dict(known_rows()[-6][1], caller_number=number, caller_hash=digest)  # a call
    bad = dict(leaky, id=99, received_at="garbage", caller_number=number, caller_hash=digest)
    write(databases, [("incident_call", leaky), ("incident_call", bad)])
    EtlRunner(databases).run_once()
    with databases.warehouse.connect() as connection:
        stored = [json.dumps([str(v) for v in row]) for table in MART_TABLES + [Reject.__table__]
                  for row in connection.execute(select(table))]
    assert len(stored) >= 3  # the call, its day's aggregate, the reject
    leaked = [row for row in stored if any(text in row for text in (number, digest, "caller_number", "caller_hash"))]
    assert not leaked


def test_a_full_refresh_reads_the_latest_snapshot_of_each_entity(databases):
    entity = "incident"
    now = city_noon()
    first = incident("INS-X", now - timedelta(hours=2))
    later = incident("INS-X", now - timedelta(hours=2), status="cancelled", cancelled_at=now - timedelta(hours=1))
    write(databases, [(entity, first), (entity, later)])
    EtlRunner(databases).full_refresh()
    assert facts_by_number(databases)["INS-X"]["status"] == "cancelled"
    with databases.warehouse.connect() as connection:
        assert connection.execute(select(AggIncidentsDaily.incidents, AggIncidentsDaily.cancelled)).all() == [(1, 1)]


def test_a_batch_rewrites_only_the_aggregate_keys_it_touched(databases):
    """A mark put on an aggregate row the batch does not touch stays; the touched rows are exact."""
    now = city_noon()
    write(databases, known_rows(now))
    EtlRunner(databases).run_once()
    aggregate = AggIncidentsDaily.__table__
    wonokromo = aggregate.c.kecamatan_code == "35.78.04"  # INS-C's row, yesterday
    with databases.warehouse.begin() as connection:
        connection.execute(aggregate.update().where(wonokromo).values(incidents=99))
    same_day_elsewhere = incident("INS-D", now - timedelta(days=1, seconds=-60), "KEBAKARAN", TAMBAKSARI)
    write(databases, [("incident", same_day_elsewhere)])  # D moves: Genteng -> Tambaksari, on C's day
    EtlRunner(databases).run_once()
    with databases.warehouse.connect() as connection:
        rows = {(row.day, row.kecamatan_code, row.category_code): row.incidents
                for row in connection.execute(select(aggregate))}
    day = city_time(now - timedelta(days=1)).date()
    assert rows[(day, "35.78.04", "POHON_TUMBANG")] == 99  # untouched, so not rewritten
    assert rows[(day, "35.78.10", "KEBAKARAN")] == 1
    assert (day, "35.78.07", "KEGAWATDARURATAN_MEDIS") not in rows  # D's old key, emptied


def test_a_full_refresh_keeps_the_facts_the_retention_pruned_from_the_log(databases):
    """The log keeps a month (etl.retention); a full refresh rebuilds what it holds and keeps the rest."""
    write(databases, known_rows())
    EtlRunner(databases).run_once()
    before = dump(databases)
    with databases.transaction() as session:  # as the retention would: INS-B's rows are gone from the log
        session.execute(ChangeLogEntry.__table__.delete().where(ChangeLogEntry.entity_id == "INS-B"))
    EtlRunner(databases).full_refresh()
    assert dump(databases) == before


# --- the monthly response times ------------------------------------------------------------------

def history_over_months(seed: int, start, chunks: int = 9, every_days: int = 12) -> list[tuple[str, dict]]:
    """random_history's five days, `chunks` times `every_days` apart (about four months), the ids
    of each chunk made its own."""
    rows = []
    for chunk in range(chunks):
        for entity, payload in random_history(seed + chunk, incidents=25, start=start + chunk * every_days * DAY):
            rows.append((entity, renumbered(entity, payload, chunk)))
    return rows


def renumbered(entity: str, payload: dict, chunk: int) -> dict:
    payload = dict(payload)
    if entity == "incident":
        payload["number"] = f"{payload['number']}-{chunk}"
    if entity in ("incident_dispatch", "incident_call"):
        payload["id"] += 100_000 * chunk
        if payload.get("incident_number"):
            payload["incident_number"] = f"{payload['incident_number']}-{chunk}"
    return payload


def monthly_values(databases, aggregate=AggIncidentResponseMonthly) -> dict[tuple, list[float]]:
    """(month, dimension, code) -> its stored values (of the daily aggregate: (day, ...)); n
    checked against them."""
    with databases.warehouse.connect() as connection:
        rows = connection.execute(select(aggregate.__table__)).all()
    found = {}
    for month, dimension, code, n, packed in rows:
        values = unpack(packed).tolist()
        assert n == len(values) and values == sorted(values)
        found[(month, dimension, code)] = values
    return found


def facts_values(databases, by_day: bool = False) -> dict[tuple, list[float]]:
    """The same worked out from fct_incidents, one incident at a time."""
    found: dict[tuple, list[float]] = {}
    for fact in facts_by_number(databases).values():
        if fact["response_seconds"] is None:
            continue
        month = fact["received_day"] if by_day else fact["received_day"].replace(day=1)
        for dimension, column in RESPONSE_MONTHLY_COLUMNS.items():
            found.setdefault((month, dimension, str(fact[column])), []).append(fact["response_seconds"])
    return {key: sorted(values) for key, values in found.items()}


def test_the_monthly_response_times_are_the_facts_values_incrementally_and_after_a_full_refresh(databases):
    write_bulk(databases, history_over_months(seed=21, start=city_noon() - 110 * DAY))
    summary = EtlRunner(databases, batch_size=53).run_once()
    assert summary.batches > 10
    stored = monthly_values(databases)
    assert len({month for month, _d, _c in stored}) >= 4
    assert stored == facts_values(databases)
    assert monthly_values(databases, AggIncidentResponseDaily) == facts_values(databases, by_day=True)
    incremental = dump(databases)
    empty_marts(databases)
    EtlRunner(databases).full_refresh()
    assert dump(databases) == incremental


def test_an_incident_corrected_into_another_district_moves_its_response_in_its_month(databases):
    noon = city_noon()
    history = history_over_months(seed=23, start=noon - 70 * DAY, chunks=3, every_days=20)
    write_bulk(databases, history)
    EtlRunner(databases).run_once()
    fact = next(f for f in facts_by_number(databases).values() if f["response_seconds"] is not None
                and f["kecamatan_code"] != TAMBAKSARI["kecamatan_code"])
    latest = [payload for entity, payload in history if entity == "incident" and payload["number"] ==
              fact["incident_number"]][-1]
    write(databases, [("incident", {**latest, **TAMBAKSARI})])
    EtlRunner(databases).run_once()
    stored = monthly_values(databases)
    assert stored == facts_values(databases)
    month = fact["received_day"].replace(day=1)
    assert fact["response_seconds"] in stored[(month, "kecamatan", TAMBAKSARI["kecamatan_code"])]
    daily = monthly_values(databases, AggIncidentResponseDaily)
    assert daily == facts_values(databases, by_day=True)
    assert fact["response_seconds"] in daily[(fact["received_day"], "kecamatan", TAMBAKSARI["kecamatan_code"])]


def test_only_the_months_whose_measured_responses_changed_are_recomputed():
    """A batch that moves incidents along their stages leaves their responses as they were: no month
    to recompute, whether the values come from the facts table or from a batch's DataFrame."""
    from datetime import date

    import pandas as pd

    from etl.incidents.aggregates import RESPONSE_FOOTPRINT, days_changed, months_changed, response_footprint

    stored = [(date(2026, 3, 9), "PMK", "3578010", "FIRE", 14, 402.0),
              (date(2026, 4, 2), "PMK", "3578010", "FIRE", 9, None)]  # not measured: not in a month
    batch = pd.DataFrame([(pd.Timestamp("2026-03-09"), "PMK", "3578010", "FIRE", 14, 402),
                          (pd.Timestamp("2026-04-02"), "PMK", "3578010", "FIRE", 9, float("nan"))],
                         columns=list(RESPONSE_FOOTPRINT))
    after = response_footprint(batch.itertuples(index=False, name=None))
    assert months_changed(response_footprint(stored), after) == set()
    arrived = batch.assign(response_seconds=[402, 515.5])  # the April incident's first unit arrived
    assert months_changed(response_footprint(stored), response_footprint(arrived.itertuples(index=False, name=None))) \
        == {date(2026, 4, 1)}
    assert days_changed(response_footprint(stored), response_footprint(arrived.itertuples(index=False, name=None))) \
        == {date(2026, 4, 2)}
    assert days_changed(response_footprint(stored), after) == set()
    moved = batch.assign(kecamatan_code="3578020")  # corrected into another district
    assert months_changed(response_footprint(stored), response_footprint(moved.itertuples(index=False, name=None))) \
        == {date(2026, 3, 1)}


def stored_cells(databases) -> dict[tuple, int]:
    """(grain, day or month, lat_cell, lon_cell) -> incidents, as the packed heat aggregates hold them."""
    found = {}
    with databases.warehouse.connect() as connection:
        for grain, aggregate in (("day", AggIncidentHeatDaily), ("month", AggIncidentHeatMonthly)):
            for period, cells in connection.execute(select(aggregate.__table__)):
                found.update({(grain, period, int(lat), int(lon)): int(n) for lat, lon, n in unpack_cells(cells)})
    return found


def facts_cells(databases) -> dict[tuple, int]:
    """The same counted from fct_incidents one incident at a time (its cell cut by the database)."""
    fct = FctIncident.__table__
    found: dict[tuple, int] = {}
    with databases.warehouse.connect() as connection:
        rows = connection.execute(select(fct.c.received_day, heat_cell(fct.c.lat), heat_cell(fct.c.lon))
                                  .where(fct.c.lat.is_not(None), fct.c.lon.is_not(None))).all()
    for day, lat, lon in rows:
        for key in (("day", day, lat, lon), ("month", day.replace(day=1), lat, lon)):
            found[key] = found.get(key, 0) + 1
    return found


def test_the_monthly_heat_map_cells_are_the_facts_cells_and_follow_a_moved_incident(databases):
    noon = city_noon()
    history = history_over_months(seed=25, start=noon - 70 * DAY, chunks=3, every_days=20)
    write_bulk(databases, history)
    EtlRunner(databases, batch_size=41).run_once()
    before = stored_cells(databases)
    assert len({month for grain, month, _lat, _lon in before if grain == "month"}) >= 2
    assert before == facts_cells(databases)
    fact = next(f for f in facts_by_number(databases).values() if f["lat"] is not None)
    latest = [payload for entity, payload in history if entity == "incident" and payload["number"] ==
              fact["incident_number"]][-1]
    moved_to = {"lat": round(fact["lat"] + 0.05, 6), "lon": round(fact["lon"] + 0.05, 6)}
    write(databases, [("incident", {**latest, **moved_to})])
    EtlRunner(databases).run_once()
    after = stored_cells(databases)
    assert after == facts_cells(databases) and after != before
    assert sum(after.values()) == sum(before.values())  # moved, not added


def test_only_the_days_where_an_incident_was_placed_moved_or_went_are_recomputed():
    from datetime import date

    from etl.incidents.aggregates import days_changed, place_footprint

    stored = [(date(2026, 3, 9), -7.2575, 112.7521), (date(2026, 4, 2), None, None)]
    assert days_changed(place_footprint(stored), place_footprint(list(stored))) == set()
    placed = [stored[0], (date(2026, 4, 2), -7.29, 112.73)]  # the April incident got its place
    assert days_changed(place_footprint(stored), place_footprint(placed)) == {date(2026, 4, 2)}
    assert days_changed(place_footprint(stored), place_footprint(stored[1:])) == {date(2026, 3, 9)}  # went
