"""What happens to a simulated complaint after it arrives: a plan of steps at minutes after receipt.

The plan is a pure function of the complaint's stored facts (received_at, category, point, channel,
duplicate flag), so the backfill and the live simulator, and a restarted live simulator, all agree
on it without keeping any state of their own.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from core.clock import CITY_ZONE

PLAN_SEED = "pantau-demo-plan"

# Mean minutes until an OPD's complaint team responds. Above 60 means many missed first-response SLAs.
OPD_MEAN_RESPONSE_MINUTES = {
    "DISHUB": 15, "DISKOMINFO": 15, "SATPOLPP": 20, "DINKES": 25, "DLH": 25, "PDAM": 30,
    "DISPENDUKCAPIL": 30, "DSDABM": 35, "DINSOS": 45, "DPRKPP": 50, "DISPENDIK": 60,
}
DEFAULT_MEAN_RESPONSE_MINUTES = 40
# Mean hours of field work until a category's problem is fixed.
RESOLVE_HOURS = {
    "JALAN_RUSAK": 72, "SALURAN_BANJIR": 36, "PJU_MATI": 20, "LAMPU_LALIN": 6, "PARKIR_LIAR": 4, "SAMPAH": 10,
    "POHON": 8, "PENCEMARAN": 48, "PKL": 12, "ADMINDUK": 72, "KESEHATAN": 24, "PENDIDIKAN": 120, "BANSOS": 96,
    "AIR_PDAM": 12, "CCTV_JARINGAN": 24,
}
TRIAGE_MEAN_MINUTES = 25
START_MEAN_MINUTES = 120
CLOSE_MEAN_MINUTES = 480
SPAM_SHARE = 0.15  # of posts screened in triage
NOT_CITY_SHARE = 0.03
DUPLICATE_CONFIRM_SHARE = 0.8


@dataclass(frozen=True)
class Step:
    minutes: float  # after receipt
    action: str  # a service function: dispatch, respond, reject, ...
    args: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class PlanInput:
    received_at: datetime
    category_code: str
    lat: float | None
    lon: float | None
    triage: bool  # waits for an operator (social-media post, or no routing rule)
    opd_code: str  # where it goes (the routed or the category's default OPD)
    suspected_duplicate: bool


def plan_steps(complaint: PlanInput) -> list[Step]:
    rng = random.Random(_plan_key(complaint))
    night = _is_night(complaint.received_at)
    steps, minutes = [], 0.0
    if complaint.triage:
        minutes += rng.expovariate(1 / TRIAGE_MEAN_MINUTES) * (2 if night else 1)
        if rng.random() < SPAM_SHARE:
            return [Step(minutes, "reject", {"reason": "spam"})]
        steps.append(Step(minutes, "dispatch", {"opd_code": complaint.opd_code}))
    minutes += _response_delay(rng, complaint.opd_code, night)
    if complaint.suspected_duplicate:
        if rng.random() < DUPLICATE_CONFIRM_SHARE:
            return steps + [Step(minutes, "confirm_duplicate")]
        steps.append(Step(minutes, "dismiss_duplicate"))
    if rng.random() < NOT_CITY_SHARE:
        return steps + [Step(minutes, "reject", {"reason": "not_city_responsibility"})]
    return steps + _work_steps(rng, complaint, minutes)


def _work_steps(rng: random.Random, complaint: PlanInput, responded: float) -> list[Step]:
    opd_speed = OPD_MEAN_RESPONSE_MINUTES.get(complaint.opd_code, DEFAULT_MEAN_RESPONSE_MINUTES)
    feedback = responded + rng.expovariate(1 / (12 * opd_speed))  # some OPDs often miss the 24 hours
    start = responded + rng.expovariate(1 / START_MEAN_MINUTES)
    resolve = start + rng.expovariate(1 / (RESOLVE_HOURS.get(complaint.category_code, 24) * 60))
    close = max(resolve, feedback) + rng.expovariate(1 / CLOSE_MEAN_MINUTES)
    steps = [Step(responded, "respond"), Step(feedback, "send_feedback"), Step(start, "start_work"),
             Step(resolve, "resolve"), Step(close, "close")]
    return sorted(steps, key=lambda step: step.minutes)


def _response_delay(rng: random.Random, opd_code: str, night: bool) -> float:
    mean = OPD_MEAN_RESPONSE_MINUTES.get(opd_code, DEFAULT_MEAN_RESPONSE_MINUTES)
    delay = rng.gammavariate(2, mean / 2)  # rarely instant, sometimes long
    if night and rng.random() < 0.3:  # the night shift is thin: some wait for the morning
        delay += 4 * 60 * rng.random()
    return delay


def _is_night(moment: datetime) -> bool:
    hour = moment.astimezone(CITY_ZONE).hour
    return hour >= 22 or hour < 6


def _plan_key(complaint: PlanInput) -> str:
    point = "none" if complaint.lat is None else f"{complaint.lat:.6f},{complaint.lon:.6f}"
    received = complaint.received_at.astimezone(CITY_ZONE).isoformat(timespec="seconds")
    return f"{PLAN_SEED}|{received}|{complaint.category_code}|{point}"


# --- what a step does to a complaint's columns (for the backfill, which writes final states) --------

STATUS_AFTER = {"dispatch": "dispatched", "respond": "responded", "start_work": "in_progress",
                "resolve": "resolved", "close": "closed", "reject": "rejected", "confirm_duplicate": "rejected"}
STAMP = {"dispatch": "dispatched_at", "respond": "first_response_at", "start_work": "started_at",
         "resolve": "resolved_at", "close": "closed_at", "reject": "rejected_at", "confirm_duplicate": "rejected_at",
         "send_feedback": "feedback_at"}


def apply_step(row: dict, step: Step, at: datetime) -> None:
    """Changes `row` (complaint columns) as the service would for this step."""
    if step.action in STAMP:
        row[STAMP[step.action]] = row.get(STAMP[step.action]) or at
    row["status"] = STATUS_AFTER.get(step.action, row["status"])
    if step.action == "dispatch":
        row["opd_code"] = step.args["opd_code"]
    elif step.action == "reject":
        row["rejection_reason"] = step.args["reason"]
    elif step.action == "confirm_duplicate":
        row["rejection_reason"], row["duplicate_state"] = "duplicate", "confirmed"
    elif step.action == "dismiss_duplicate":
        row["duplicate_state"], row["duplicate_of_id"] = "dismissed", None


def step_done(complaint, step: Step) -> bool:
    """Whether a stored complaint has already taken this step."""
    if step.action == "confirm_duplicate":
        return complaint.duplicate_state == "confirmed"
    if step.action == "dismiss_duplicate":
        return complaint.duplicate_state == "dismissed"
    return getattr(complaint, STAMP[step.action]) is not None
