"""The state machine on its own (modules/infrastructure/states.py): every transition, retries,
parents, flapping, maintenance and alerts, without a database."""

from __future__ import annotations

import pytest

from modules.infrastructure.kinds import (DOWN, MAINTENANCE, NO_VIDEO, PENDING, UNKNOWN, UNREACHABLE, UP)
from modules.infrastructure.states import (Condition, Parent, Rules, after_check, after_external,
                                           after_parent_change, flap_percent, is_flapping)

RULES = Rules(retries=3, flap_high_percent=20.0, flap_low_percent=5.0)


def checks(outcomes: str, start: Condition | None = None, parents=(), kind: str = "switch", rules=RULES) -> Condition:
    """Runs a string of outcomes ("1" ok, "0" failed, "v" host answers without video) through the machine."""
    current = start or Condition(state=UNKNOWN)
    for outcome in outcomes:
        current = after_check(current, "DEV", kind, outcome != "0", False if outcome == "v" else True,
                              list(parents), rules)
    return current


def test_a_first_good_check_makes_an_unknown_device_up():
    assert checks("1").state == UP


def test_failures_are_pending_until_the_retries_are_used_then_down_with_itself_as_root_cause():
    states = [checks("1" + "0" * n).state for n in (1, 2, 3, 4)]
    assert states == [PENDING, PENDING, DOWN, DOWN]
    down = checks("1000")
    assert (down.attempts, down.root_cause_code, down.suppressed_by) == (3, "DEV", None)


def test_one_retry_goes_down_at_the_first_failure():
    assert checks("10", rules=Rules(retries=1)).state == DOWN


@pytest.mark.parametrize("start", [PENDING, DOWN, UNREACHABLE, NO_VIDEO, MAINTENANCE, UNKNOWN])
def test_a_good_check_recovers_from_every_state(start):
    after = checks("1", start=Condition(state=start, attempts=5, root_cause_code="X", suppressed_by="Y"))
    assert (after.state, after.attempts, after.root_cause_code, after.suppressed_by) == (UP, 0, None, None)


def test_a_camera_whose_host_answers_without_video_is_no_video_its_own_failure():
    after = checks("1v", kind="camera")
    assert (after.state, after.root_cause_code, after.attempts) == (NO_VIDEO, "DEV", 0)
    assert checks("v1", kind="camera").state == UP
    assert checks("v", kind="switch").state == UP  # only cameras carry video


def test_behind_one_parent_that_is_down_a_failed_device_is_unreachable():
    parent = Parent("SW-1", DOWN, "SW-1")
    after = checks("1000", parents=[parent])
    assert (after.state, after.root_cause_code, after.suppressed_by) == (UNREACHABLE, "SW-1", "SW-1")


def test_behind_an_unreachable_parent_the_root_cause_is_the_parents_root_cause():
    after = checks("1000", parents=[Parent("SW-ACC", UNREACHABLE, "SW-DIST")])
    assert (after.state, after.root_cause_code, after.suppressed_by) == (UNREACHABLE, "SW-DIST", "SW-ACC")


def test_unreachable_only_when_all_of_two_parents_hide_it():
    both = [Parent("SW-A", DOWN, "SW-A"), Parent("SW-B", DOWN, "SW-B")]
    assert checks("1000", parents=both).state == UNREACHABLE
    one = [Parent("SW-A", DOWN, "SW-A"), Parent("SW-B", UP)]
    after = checks("1000", parents=one)
    assert (after.state, after.root_cause_code) == (DOWN, "DEV")


def test_a_device_waits_in_pending_while_a_parent_is_itself_being_retried():
    after = checks("1000", parents=[Parent("SW-1", PENDING)])
    assert (after.state, after.attempts) == (PENDING, 3)
    assert after_parent_change(after, "DEV", [Parent("SW-1", DOWN, "SW-1")], 3).state == UNREACHABLE
    assert after_parent_change(after, "DEV", [Parent("SW-1", UP)], 3).state == DOWN


def test_a_parent_change_moves_only_children_that_count_as_failed():
    retrying = Condition(state=PENDING, attempts=1)
    assert after_parent_change(retrying, "DEV", [Parent("SW-1", DOWN, "SW-1")], 3) == retrying
    up = Condition(state=UP)
    assert after_parent_change(up, "DEV", [Parent("SW-1", DOWN, "SW-1")], 3) == up
    down = Condition(state=DOWN, attempts=3, root_cause_code="DEV")
    hidden = after_parent_change(down, "DEV", [Parent("SW-1", DOWN, "SW-1")], 3)
    assert (hidden.state, hidden.suppressed_by) == (UNREACHABLE, "SW-1")
    # the parent answers again: the child is judged on its own failure until its own next check
    assert after_parent_change(hidden, "DEV", [Parent("SW-1", UP)], 3).state == DOWN


def test_inside_a_maintenance_window_every_result_is_maintenance_but_the_counters_move():
    current = Condition(state=UP)
    for ok in (False, False, False, True):
        current = after_check(current, "DEV", "switch", ok, None, [], RULES, in_maintenance=True)
        assert current.state == MAINTENANCE
    assert current.recent == "0001" and current.attempts == 0


def test_the_recent_history_keeps_21_outcomes():
    after = checks("10" * 15)
    assert after.recent == ("10" * 15)[-21:] and len(after.recent) == 21


def test_flap_percent_weighs_newer_changes_more():
    assert flap_percent("1" * 21) == 0
    assert flap_percent("10" * 10 + "1") == 100.0
    old_change = "0" + "1" * 20  # the oldest transition: weight 0.8 of 20
    new_change = "1" * 20 + "0"  # the newest: weight 1.2
    assert flap_percent(old_change) == pytest.approx(4.0)
    assert flap_percent(new_change) == pytest.approx(6.0)


def test_flapping_starts_above_the_high_threshold_and_stops_below_the_low_one():
    assert not is_flapping(False, 20.0, RULES) and is_flapping(False, 20.1, RULES)
    assert is_flapping(True, 5.0, RULES) and not is_flapping(True, 4.9, RULES)
    flapping = checks("1100110011001100")
    assert flapping.flapping and flapping.flap_percent > 20
    calming = flapping
    history = []
    for _ in range(21):
        calming = checks("1", start=calming)
        history.append((calming.flapping, calming.flap_percent))
    assert not calming.flapping and calming.flap_percent == 0
    # it kept flapping while the percent stayed at or above the low threshold (hysteresis)
    assert all(flag for flag, percent in history if percent >= 5.0)
    assert any(flag and percent < 20 for flag, percent in history)


def test_an_alert_down_is_judged_against_the_parents_and_up_clears():
    down = after_external(Condition(state=UP), "DEV", DOWN, [])
    assert (down.state, down.root_cause_code) == (DOWN, "DEV")
    hidden = after_external(Condition(state=UP), "DEV", DOWN, [Parent("SW-1", DOWN, "SW-1")])
    assert (hidden.state, hidden.suppressed_by) == (UNREACHABLE, "SW-1")
    assert after_external(down, "DEV", UP, []).state == UP
    assert after_external(down, "DEV", UP, [], in_maintenance=True).state == MAINTENANCE
