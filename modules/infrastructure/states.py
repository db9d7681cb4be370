"""The state machine of a monitored device, as pure functions (no database): what one check result,
an alert or a parent's change makes of a device's state. results.py and the others load the rows,
call these and write what they answer.

The rules, as Nagios/Centreon define them (kinds.py names the states):

- a check that succeeds -> UP; a camera whose host answers without video -> NO_VIDEO;
- a failed check -> PENDING while the consecutive failures are fewer than the device's `retries`,
  then DOWN (its own failure, root cause itself), or UNREACHABLE when every parent is in
  HIDING_STATES (root cause: the first such parent's root cause; suppressed by that parent). While
  a parent is itself still failing (PENDING) and none answers, the device waits in PENDING: the
  parent's verdict decides (`after_parent_change`), so a switch that goes down makes one fault, not
  one per camera behind it;
- inside a maintenance window -> MAINTENANCE, whatever the check says (its counters still move);
- flapping, as Nagios: the weighted percent of changes between the last 21 outcomes (newer
  changes weigh more, 0.8 to 1.2), starting above the high threshold and stopping below the low one.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from modules.infrastructure.kinds import (CAMERA, DOWN, HIDING_STATES, MAINTENANCE, NO_VIDEO, PENDING, UNKNOWN,
                                          UNREACHABLE, UP)

EXTERNAL_STATES = (UP, DOWN, NO_VIDEO, UNKNOWN)  # what an alert may say of a device
HISTORY = 21  # outcomes kept for flapping (Nagios' state history)
LOW_WEIGHT, HIGH_WEIGHT = 0.8, 1.2


@dataclass(frozen=True)
class Condition:
    """What the state row of a device holds (InfraDeviceState), as the state machine needs it."""

    state: str
    attempts: int = 0
    recent: str = ""
    flapping: bool = False
    flap_percent: float = 0.0
    root_cause_code: str | None = None
    suppressed_by: str | None = None


@dataclass(frozen=True)
class Parent:
    """A parent of the device: its code, its state and the root cause it carries."""

    code: str
    state: str
    root_cause_code: str | None = None


@dataclass(frozen=True)
class Rules:
    """A device's own settings and the domain's thresholds."""

    retries: int = 3
    flap_high_percent: float = 20.0
    flap_low_percent: float = 5.0


def after_check(current: Condition, code: str, kind: str, ok: bool, video: bool | None, parents: list[Parent],
                rules: Rules, in_maintenance: bool = False) -> Condition:
    """The condition after one check result of device `code`."""
    healthy = ok and not (kind == CAMERA and video is False)
    recent = (current.recent + ("1" if healthy else "0"))[-HISTORY:]
    attempts = 0 if ok else current.attempts + 1
    percent = flap_percent(recent)
    counted = replace(current, attempts=attempts, recent=recent, flap_percent=percent,
                      flapping=is_flapping(current.flapping, percent, rules))
    if in_maintenance:
        return _in_state(counted, MAINTENANCE)
    if ok:
        return _in_state(counted, UP) if healthy else _in_state(counted, NO_VIDEO, root_cause=code)
    return failed(counted, code, parents, rules.retries)


def failed(current: Condition, code: str, parents: list[Parent], retries: int) -> Condition:
    """The state of a device whose consecutive failures are `current.attempts`."""
    if current.attempts < retries:
        return _in_state(current, PENDING)
    return judged_failure(current, code, parents)


def judged_failure(current: Condition, code: str, parents: list[Parent]) -> Condition:
    """A device that counts as failed: UNREACHABLE behind parents that all hide it, PENDING while a
    parent that does not hide it is itself still being retried and none answers, else DOWN."""
    if parents and all(parent.state in HIDING_STATES for parent in parents):
        hider = sorted(parents, key=lambda p: p.code)[0]
        return _in_state(current, UNREACHABLE, root_cause=hider.root_cause_code or hider.code,
                         suppressed_by=hider.code)
    if parents and all(parent.state in HIDING_STATES + (PENDING,) for parent in parents):
        return _in_state(current, PENDING)
    return _in_state(current, DOWN, root_cause=code)


def after_parent_change(current: Condition, code: str, parents: list[Parent], retries: int) -> Condition:
    """A child re-judged because a parent's state changed: only a child that counts as failed
    (its retries used up: PENDING waiting on a parent, DOWN, or UNREACHABLE) moves; one that
    answers keeps its state until its own next check."""
    if current.state not in (PENDING, DOWN, UNREACHABLE) or current.attempts < retries:
        return current
    return judged_failure(current, code, parents)


def after_external(current: Condition, code: str, state: str, parents: list[Parent],
                   in_maintenance: bool = False) -> Condition:
    """An alert from the city's monitoring (EXTERNAL_STATES): DOWN is judged against the parents
    as a failed check whose retries are used up; UP, NO_VIDEO and UNKNOWN are taken as they come.
    Inside a maintenance window the device stays in MAINTENANCE."""
    if in_maintenance:
        return _in_state(current, MAINTENANCE)
    if state == DOWN:
        return judged_failure(replace(current, attempts=max(current.attempts, 1)), code, parents)
    attempts = 0 if state == UP else current.attempts
    root = code if state == NO_VIDEO else None
    return _in_state(replace(current, attempts=attempts), state, root_cause=root)


def flap_percent(recent: str) -> float:
    """Weighted percent of changes between consecutive outcomes (Nagios: 20 transitions of 21
    outcomes, weighted linearly from 0.8 for the oldest to 1.2 for the newest)."""
    transitions = HISTORY - 1
    weighted = 0.0
    # align the newest transition with the highest weight, however few outcomes there are yet
    offset = transitions - (len(recent) - 1)
    for position in range(1, len(recent)):
        if recent[position] != recent[position - 1]:
            index = offset + position - 1  # 0 (oldest) .. transitions - 1 (newest)
            weighted += LOW_WEIGHT + index * (HIGH_WEIGHT - LOW_WEIGHT) / (transitions - 1)
    return round(weighted * 100.0 / transitions, 2)


def is_flapping(was_flapping: bool, percent: float, rules: Rules) -> bool:
    if was_flapping:
        return percent >= rules.flap_low_percent
    return percent > rules.flap_high_percent


def _in_state(current: Condition, state: str, root_cause: str | None = None,
              suppressed_by: str | None = None) -> Condition:
    return replace(current, state=state, root_cause_code=root_cause, suppressed_by=suppressed_by)
