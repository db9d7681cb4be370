"""The demo fleet's faults as the real probes see them: a device down refuses, an access switch down
takes its cameras with it, a device with two uplinks survives one, and the seeded schedule (stepped
with a callable clock through two simulated days) brings every kind of fault and ends each."""

from __future__ import annotations

from collections import Counter

from probe_setup import probe, probe_code, running_fleet, small_network

from modules.infrastructure import probing
from simulator.infrastructure_fleet import (DOWN, FAULT_RATES, FLAPPING, HTTP_ERROR, NO_VIDEO, SWITCH_DOWN, Fleet,
                                            target_of)
from simulator.infrastructure_inventory import demo_inventory

CAMERAS = ("CAM-T1", "CAM-T2", "CAM-T3")


def test_an_access_switch_down_takes_its_cameras_down_and_back():
    with running_fleet(small_network()) as fleet:
        fleet.set_down("SW-ACC-T1")
        down = {code: probe_code(fleet, code) for code in ("SW-ACC-T1", *CAMERAS)}
        still = probe_code(fleet, "SW-DST-T1")
        fleet.set_down("SW-ACC-T1", False)
        back = {code: probe_code(fleet, code) for code in ("SW-ACC-T1", *CAMERAS)}
    assert {code: r.detail for code, r in down.items()} == {code: probing.REFUSED for code in down}
    assert still.ok
    assert all(r.ok for r in back.values()) and all(back[c].video for c in CAMERAS)


def test_two_uplinks_keep_a_switch_up_until_both_fail():
    with running_fleet(small_network()) as fleet:
        fleet.set_down("FO-T1")
        one_left = probe_code(fleet, "SW-DST-T1"), probe_code(fleet, "CAM-T1")
        fleet.set_down("FO-T2")
        none_left = probe_code(fleet, "SW-DST-T1"), probe_code(fleet, "CAM-T1")
    assert all(r.ok for r in one_left)
    assert [r.detail for r in none_left] == [probing.REFUSED, probing.REFUSED]


def test_the_schedule_brings_every_fault_and_the_probes_see_them():
    rows = demo_inventory(cameras=120)
    now = [1_000_000.0]
    fleet = Fleet(rows, clock=lambda: now[0], run_schedule=False, any_port=True, seed=7).start()
    seen_down, seen_back, seen_stall = [], [], []
    try:
        watching: dict[str, str] = {}
        for _minute in range(2 * 24 * 60):
            now[0] += 60
            for event in fleet.step():
                _probe_event(fleet, event, watching, seen_down, seen_back, seen_stall)
        events = list(fleet.events)
    finally:
        fleet.stop()
    started = Counter(e.fault for e in events if e.action == "start")
    assert set(started) == set(FAULT_RATES), started
    assert any(e.action == "toggle" for e in events if e.fault == FLAPPING)
    assert seen_down and all(r.detail == probing.REFUSED for r in seen_down)
    assert seen_back and all(r.ok for r in seen_back)
    assert seen_stall and all((r.ok, r.video) == (True, False) for r in seen_stall)
    ended = {(e.fault, e.code) for e in events if e.action == "end"}
    still_on = {(e.fault, e.code) for e in events if e.action == "start"} - ended
    assert len(still_on) <= len(FAULT_RATES) * 3  # the rest have ended within two days


def _probe_event(fleet, event, watching, seen_down, seen_back, seen_stall) -> None:
    """Probes the device a fault starts on (and, for a switch, one of its cameras), and again when it ends."""
    def check(code):
        return probe(target_of(fleet.rows[code]))

    if event.fault in (DOWN, SWITCH_DOWN) and event.action == "start" and len(seen_down) < 6:
        watching[event.code] = event.fault
        seen_down.append(check(event.code))
        cameras = [code for code in fleet.children.get(event.code, ()) if code.startswith("CAM-")]
        if event.fault == SWITCH_DOWN and cameras:
            seen_down.append(check(cameras[0]))
    elif event.action == "end" and event.code in watching and watching.pop(event.code) == event.fault:
        if fleet.listening(event.code):  # unless its uplink has failed meanwhile
            seen_back.append(check(event.code))
    elif not fleet.listening(event.code):
        return  # hidden by a failed uplink: nothing of its own to see
    elif event.fault == NO_VIDEO and event.action == "start" and len(seen_stall) < 3:
        seen_stall.append(check(event.code))
    elif event.fault == HTTP_ERROR and event.action == "start":
        assert check(event.code).detail == "HTTP 503"
