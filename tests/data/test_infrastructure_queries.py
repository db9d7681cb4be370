"""The infrastructure queries on the known fleet (tests/synthetic_infrastructure.py), counted by the
ETL at its "now" (D+1 12:00 WIB) and asked at that moment, on SQLite and PostgreSQL. Every
expectation is worked out by hand from the fleet's timelines (SECONDS there)."""

from __future__ import annotations

from datetime import date

import pytest

from core.services import Services
from core.users import Viewer
from data.infrastructure import queries
from data.infrastructure.queries import InfraFilters
from etl.infrastructure.job import infrastructure_job
from etl.runner import EtlRunner
from synthetic_infrastructure import NEXT, NOW, D, known_fleet, wib, write

CITY = Viewer("1", "pimpinan", "pimpinan")
LURAH_KETABANG = Viewer("2", "lurah", "lurah", kelurahan_code="35.78.07.1004")
DISHUB = Viewer("3", "dishub", "opd", opd_code="DISHUB")
ON_D = InfraFilters(start=D, end=D)
BOTH_DAYS = InfraFilters(start=D, end=NEXT)


@pytest.fixture
def services(settings, databases):
    write(databases, known_fleet())
    EtlRunner(databases, jobs=[infrastructure_job(clock=lambda: NOW)]).run_once()
    return Services(settings, databases, None)


def rows_by(frame, key: str) -> dict:
    return {row[key]: row for row in frame.to_dict("records")}


def test_sla_per_contract_leaves_maintenance_and_unreachable_time_out(services):
    contracts = rows_by(queries.sla_by_contract(services, CITY, ON_D), "contract_code")
    assert set(contracts) == {"CTR-CAM", "CTR-NET"}  # SW-2 has no contract; CAM-4 no time on D
    cameras = contracts["CTR-CAM"]
    # CAM-1 72,000 up / 3,600 down / 10,800 unreachable + maintenance; CAM-2 73,800 (PENDING counts up) /
    # 5,400 no video / 7,200 unreachable; CAM-3 43,200 up
    assert (cameras["devices"], cameras["up_seconds"], cameras["failed_seconds"], cameras["excluded_seconds"]) == \
        (3, 189_000, 9_000, 18_000)
    assert cameras["availability_pct"] == 95.455  # 189,000 / 198,000, not 189,000 / 216,000 (87.5)
    assert (cameras["slo_percent"], cameras["met"], cameras["devices_below_slo"]) == (99.0, False, 2)
    assert cameras["allowed_failed_seconds"] == 1_980.0  # 1 % of the 198,000 measured seconds
    network = contracts["CTR-NET"]
    assert (network["availability_pct"], network["met"], network["allowed_failed_seconds"]) == (91.667, False, 432.0)


def test_the_cards_one_read_answers_as_the_cameras_own_reads(services):
    """The KPI cards take the cameras' availability and their contracts' objectives from the
    per-contract-and-kind read the SLA per contract adds up: the same as asking the cameras alone."""
    for viewer, period in ((CITY, ON_D), (CITY, BOTH_DAYS), (LURAH_KETABANG, BOTH_DAYS), (DISHUB, ON_D)):
        cameras = InfraFilters(period.start, period.end, kinds=("camera",))
        alone = queries.availability(services, viewer, cameras)
        expected = (alone["availability_pct"].iloc[0] if len(alone) else None,
                    sorted(set(queries.sla_by_contract(services, viewer, cameras)["slo_percent"].dropna())))
        assert queries.cameras_against_contracts(services, viewer, period) == expected
    pct, objectives = queries.cameras_against_contracts(services, CITY, ON_D)
    assert (pct, objectives) == (round(100 * (72_000 + 73_800 + 43_200) / (189_000 + 9_000), 3), [99.0])
    by_kind = queries.contract_seconds(services, CITY, ON_D)
    assert set(zip(by_kind["contract_code"], by_kind["kind"])) >= {("CTR-CAM", "camera"), ("CTR-NET", "switch")}
    nothing = queries.sla_by_contract(services, CITY, InfraFilters(date(2020, 1, 1), date(2020, 1, 2)))
    assert nothing.empty and {"contract_code", "devices_below_slo", "met"} <= set(nothing.columns)
    assert queries.cameras_against_contracts(services, CITY, InfraFilters(date(2020, 1, 1), date(2020, 1, 2))) == \
        (None, [])


def test_the_vendor_sla_report_has_a_row_per_device_against_its_objective(services):
    report = queries.sla_report(services, CITY, ON_D)
    assert list(report["device_code"]) == ["CAM-1", "CAM-2", "CAM-3", "SW-1"]  # by contract, then device
    devices = rows_by(report, "device_code")
    assert (devices["CAM-1"]["availability_pct"], devices["CAM-1"]["met"]) == (95.238, False)  # 72,000 / 75,600
    assert (devices["CAM-2"]["availability_pct"], devices["CAM-3"]["availability_pct"]) == (93.182, 100.0)
    assert devices["CAM-3"]["met"] is True and devices["CAM-1"]["name"] == "camera CAM-1"
    over_both = rows_by(queries.sla_report(services, CITY, InfraFilters(D, NEXT, contract_codes=("CTR-CAM",))),
                        "device_code")
    assert set(over_both) == {"CAM-1", "CAM-2", "CAM-3", "CAM-4"}
    assert over_both["CAM-3"]["availability_pct"] == 75.0  # 64,800 up, 21,600 down (to the ETL's now)
    assert over_both["CAM-4"]["availability_pct"] == 100.0  # its unreachable time is not its failure
    assert set(queries.sla_report(services, LURAH_KETABANG, ON_D)["device_code"]) == {"CAM-1", "SW-1"}


def test_availability_per_kind_and_month_and_per_device_and_day(services):
    by_kind = rows_by(queries.availability(services, CITY, BOTH_DAYS, "kind", "month"), "code")
    assert by_kind["camera"]["month"] == D.replace(day=1)
    assert (by_kind["camera"]["up_seconds"], by_kind["camera"]["failed_seconds"]) == (318_900, 37_800)
    assert by_kind["camera"]["availability_pct"] == 89.403 and by_kind["switch"]["availability_pct"] == 89.583
    per_day = queries.availability(services, CITY, BOTH_DAYS, "device", "day")
    cam1 = {row["day"]: row["availability_pct"] for row in per_day.to_dict("records") if row["code"] == "CAM-1"}
    assert cam1 == {D: 95.238, NEXT: 100.0}
    whole = queries.availability(services, CITY, ON_D)
    assert len(whole) == 1 and whole["up_seconds"][0] == 189_000 + 79_200
    nothing = queries.availability(services, CITY, InfraFilters(D.replace(year=2020), D.replace(year=2020)))
    assert nothing["availability_pct"][0] is None  # nothing measured: no figure, not 0 %
    assert set(queries.availability(services, DISHUB, ON_D, "kind")["code"]) == {"camera"}  # DISKOMINFO's switches


def test_mttr_is_the_mean_of_the_closed_outages_a_device_caused_itself(services):
    everything = queries.mttr(services, CITY, BOTH_DAYS)
    # SW-1 down 7,200 s, CAM-1 down 3,600 s, CAM-2 no video 12,600 s; unreachable and open ones left out
    assert (everything["outages"][0], everything["mttr_seconds"][0]) == (3, 7_800.0)
    by_kind = rows_by(queries.mttr(services, CITY, BOTH_DAYS, "kind"), "code")
    assert (by_kind["camera"]["outages"], by_kind["camera"]["mttr_seconds"]) == (2, 8_100.0)
    assert by_kind["switch"]["mttr_seconds"] == 7_200.0


def test_camera_availability_per_kelurahan_for_the_blind_spot_map(services):
    on_d = rows_by(queries.camera_availability_by_kelurahan(services, CITY, ON_D), "kelurahan_code")
    assert {code: row["availability_pct"] for code, row in on_d.items()} == \
        {"35.78.07.1004": 95.238, "35.78.07.1001": 93.182, "35.78.10.1008": 100.0}
    both = rows_by(queries.camera_availability_by_kelurahan(services, CITY, BOTH_DAYS), "kelurahan_code")
    setro = both["35.78.10.1008"]  # CAM-3 64,800 / 21,600 and CAM-4 32,700 / 0
    assert (setro["cameras"], setro["availability_pct"]) == (2, 81.864)
    assert set(queries.camera_availability_by_kelurahan(services, LURAH_KETABANG, ON_D)["kelurahan_code"]) == \
        {"35.78.07.1004"}


def test_current_faults_group_the_hidden_devices_under_their_root_cause(services):
    faults = queries.current_faults(services, CITY, at=NOW)
    assert list(faults["root_cause_code"]) == ["CAM-3", "SW-2"]  # oldest first
    cam3, sw2 = faults.to_dict("records")
    assert (cam3["devices"], cam3["hidden"], cam3["age_seconds"], cam3["root_state"]) == (1, 0, 21_600, "DOWN")
    assert (sw2["devices"], sw2["hidden"], sw2["age_seconds"], sw2["root_kind"]) == (2, 1, 10_800, "switch")
    current = queries.current_outages(services, CITY, at=NOW)
    assert list(current["event_id"]) == [401, 501, 601]
    cam4 = current.to_dict("records")[2]
    assert (cam4["root_cause_code"], cam4["suppressed_by"], cam4["duration_seconds"]) == ("SW-2", "SW-2", 10_500)
    assert queries.current_outages(services, LURAH_KETABANG, at=NOW).empty


def test_a_fault_whose_root_was_retired_still_names_it_and_its_state(services, databases):
    """The faults' roots come from the devices' states now; a root no longer active is not kept
    there, and is named from its fact and its open outage."""
    from synthetic_infrastructure import DEVICE, DUKUH_SETRO, device

    write(databases, [(DEVICE, device("CAM-3", district=DUKUH_SETRO, active=False))])  # its DOWN stays open
    EtlRunner(databases, jobs=[infrastructure_job(clock=lambda: NOW)]).run_once()
    faults = rows_by(queries.current_faults(services, CITY, at=NOW), "root_cause_code")
    assert (faults["CAM-3"]["root_name"], faults["CAM-3"]["root_kind"], faults["CAM-3"]["root_state"]) == \
        ("camera CAM-3", "camera", "DOWN")
    assert (faults["SW-2"]["root_name"], faults["SW-2"]["root_state"]) == ("switch SW-2", "DOWN")


def test_outages_of_a_period_with_duration_and_root_cause(services):
    found = queries.outages(services, CITY, BOTH_DAYS, at=NOW)
    assert list(found["event_id"]) == [601, 501, 401, 303, 301, 203, 101, 201]  # newest first (then by id)
    by_id = rows_by(found, "event_id")
    assert (by_id[303]["duration_seconds"], by_id[303]["open"]) == (12_600, False)
    assert (by_id[501]["duration_seconds"], by_id[501]["open"]) == (10_800, True)  # counted to `at`
    assert list(queries.outages(services, CITY, BOTH_DAYS, at=NOW, own_only=True)["event_id"]) == \
        [501, 401, 303, 101, 201]
    assert wib(D, 10) == by_id[201]["started_at"]


def test_the_longest_outages_are_the_longest_of_the_period_not_of_its_newest(services):
    every = queries.outages(services, CITY, BOTH_DAYS, at=NOW, own_only=True)
    by_length = every.sort_values(["duration_seconds", "event_id"], ascending=False)["event_id"].tolist()
    for count in (1, 2, 5):
        longest = queries.longest_outages(services, CITY, BOTH_DAYS, count, at=NOW)
        assert longest["event_id"].tolist() == by_length[:count]
    assert by_length[:2] == [401, 303]  # CAM-3's open 6 hours, then a closed 3.5 hours
    assert 303 not in queries.outages(services, CITY, BOTH_DAYS, at=NOW, own_only=True, limit=2)["event_id"].tolist()
    in_his_area = queries.outages(services, LURAH_KETABANG, BOTH_DAYS, at=NOW, own_only=True)["event_id"].tolist()
    assert set(queries.longest_outages(services, LURAH_KETABANG, BOTH_DAYS, 3, at=NOW)["event_id"]) == \
        set(in_his_area) and len(in_his_area) < len(by_length)  # a lurah's own area only


def test_devices_up_and_down_per_kind_now(services):
    counted = {(row["kind"], row["state"]): row["devices"]
               for row in queries.devices_by_state(services, CITY).to_dict("records")}
    assert counted == {("camera", "UP"): 2, ("camera", "DOWN"): 1, ("camera", "UNREACHABLE"): 1,
                       ("switch", "UP"): 1, ("switch", "DOWN"): 1}
    states = rows_by(queries.device_states(services, CITY), "device_code")
    assert (states["CAM-4"]["state"], states["CAM-4"]["suppressed_by"]) == ("UNREACHABLE", "SW-2")


def test_a_device_with_two_open_events_shows_its_newest(services, databases):
    """A change half applied (the old event not yet closed) leaves two open events: the newest is the state."""
    from synthetic_infrastructure import as_written, event

    write(databases, as_written([event(990, "CAM-4", "DOWN", wib(NEXT, 8))]))  # opened before UNREACHABLE at 9:05
    EtlRunner(databases, jobs=[infrastructure_job(clock=lambda: NOW)]).run_once()
    states = rows_by(queries.device_states.uncached(services, CITY), "device_code")
    assert (states["CAM-4"]["state"], states["CAM-4"]["suppressed_by"]) == ("UNREACHABLE", "SW-2")
    assert states["CAM-4"]["since"] == wib(NEXT, 9, 5)
    assert len(states) == 6 and {row["state"] for row in states.values()} >= {"UP", "DOWN"}


def test_a_few_devices_states_are_the_fleets_rows_for_them_in_the_viewers_scope(services, monkeypatch):
    """A device's detail reads its own, its parents' and children's states by their codes."""
    every = queries.device_states(services, CITY)
    wanted = ("CAM-4", "SW-2", "CAM-1", "NOT-A-DEVICE")
    some = queries.device_states_of(services, CITY, wanted)
    assert some.to_dict("records") == every[every["device_code"].isin(wanted)].to_dict("records")
    assert list(some["device_code"]) == ["CAM-1", "CAM-4", "SW-2"]
    assert list(queries.device_states_of(services, LURAH_KETABANG, wanted)["device_code"]) == ["CAM-1"]
    monkeypatch.setattr(queries, "CODES_PER_READ", 2)  # read in parts: the same rows
    assert queries.device_states_of.uncached(services, CITY, wanted).to_dict("records") == some.to_dict("records")
    assert queries.device_states_of(services, CITY, ()).empty


def test_whole_months_are_read_from_the_monthly_aggregate_with_the_same_answers(services):
    """November whole (the monthly rows), and 15 October to 5 December (whole November from the
    monthly rows, the partial months' days from the daily rows), answer as the two days do."""
    expected = queries.sla_report(services, CITY, BOTH_DAYS).to_dict("records")
    by_kind = queries.availability(services, CITY, BOTH_DAYS, "kind").to_dict("records")
    blind_spots = queries.camera_availability_by_kelurahan(services, CITY, BOTH_DAYS).to_dict("records")
    for period in (InfraFilters(date(2026, 11, 1), date(2026, 11, 30)),
                   InfraFilters(date(2026, 10, 15), date(2026, 12, 5))):
        assert queries.sla_report(services, CITY, period).to_dict("records") == expected
        assert queries.availability(services, CITY, period, "kind").to_dict("records") == by_kind
        assert queries.camera_availability_by_kelurahan(services, CITY, period).to_dict("records") == blind_spots
    lurah = InfraFilters(date(2026, 11, 1), date(2026, 11, 30))
    assert set(queries.sla_report(services, LURAH_KETABANG, lurah)["device_code"]) == {"CAM-1", "SW-1"}


def test_a_month_read_as_its_row_minus_the_days_outside_the_period_answers_as_its_days(services):
    """10 to 30 November reads November's monthly row minus 1 to 9 November's daily rows (fewer days
    than the 21 inside): the answers are the 10th's alone, and no device is counted whose time all
    lay outside the period."""
    next_day = InfraFilters(start=NEXT, end=NEXT)
    rest_of_month = InfraFilters(date(2026, 11, 10), date(2026, 11, 30))
    assert queries.sla_report(services, CITY, rest_of_month).to_dict("records") == \
        queries.sla_report(services, CITY, next_day).to_dict("records")
    assert queries.availability(services, CITY, rest_of_month, "kind", "month").to_dict("records") == \
        queries.availability(services, CITY, next_day, "kind", "month").to_dict("records")
    assert queries.camera_availability_by_kelurahan(services, CITY, rest_of_month).to_dict("records") == \
        queries.camera_availability_by_kelurahan(services, CITY, next_day).to_dict("records")
    nothing_measured = InfraFilters(date(2026, 11, 1), date(2026, 11, 8))
    assert queries.sla_report(services, CITY, nothing_measured).empty
    assert queries.camera_availability_by_kelurahan(services, CITY, nothing_measured).empty
