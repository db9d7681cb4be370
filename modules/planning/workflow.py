"""The proposal lifecycle (e-Musrenbang), its one definition: statuses, the steps between them with
the role that takes each, and the fixed list of rejection reasons. The service, the ETL, the pages
and the budget helper's `link_to_plan` import these; none keeps its own list.

    proposed --(lurah verifies)--> verified --(camat accepts)--> accepted --(perencana ranks)--> prioritised
    proposed | verified --(lurah or camat rejects, with a reason)--> rejected
    accepted | prioritised --(perencana links it to a plan item)--> planned

A ranked proposal may be ranked again during the city round (prioritised -> prioritised). Beyond
`planned`, budgeted / contracted / built come from the linked work and budget line, not from here.
"""

from __future__ import annotations

from modules.planning.errors import PlanningWorkflowError

PROPOSED, VERIFIED, ACCEPTED, PRIORITISED, REJECTED, PLANNED = (
    "proposed", "verified", "accepted", "prioritised", "rejected", "planned")
STATUSES = (PROPOSED, VERIFIED, ACCEPTED, PRIORITISED, REJECTED, PLANNED)
OPEN_STATUSES = (PROPOSED, VERIFIED)              # waiting for the kelurahan or the kecamatan
COUNTED_STATUSES = tuple(s for s in STATUSES if s != REJECTED)  # what counts against the RW's ceiling
RANKABLE_STATUSES = (ACCEPTED, PRIORITISED)       # what the planning agency ranks in the city round

STATUS_NAMES = {PROPOSED: "Diusulkan", VERIFIED: "Diverifikasi kelurahan", ACCEPTED: "Diterima kecamatan",
                PRIORITISED: "Diprioritaskan", REJECTED: "Ditolak", PLANNED: "Masuk rencana kerja"}

# (from, to): the roles that may take the step. The step's round (settings) is checked by the service.
TRANSITIONS: dict[tuple[str, str], tuple[str, ...]] = {
    (PROPOSED, VERIFIED): ("lurah",),
    (VERIFIED, ACCEPTED): ("camat",),
    (PROPOSED, REJECTED): ("lurah", "camat"),
    (VERIFIED, REJECTED): ("lurah", "camat"),
    (ACCEPTED, PRIORITISED): ("perencana",),
    (PRIORITISED, PRIORITISED): ("perencana",),
    (ACCEPTED, PLANNED): ("perencana",),
    (PRIORITISED, PLANNED): ("perencana",),
}

# The round during which each role takes its steps (modules/planning/settings.py ROUNDS).
ROUND_OF_ROLE = {"rt_rw": "rw", "lurah": "kelurahan", "camat": "kecamatan", "perencana": "city"}
ROUND_NAMES = {"rw": "usulan RW", "kelurahan": "musrenbang kelurahan", "kecamatan": "musrenbang kecamatan",
               "city": "musrenbang kota"}

REJECTION_REASONS = ("not_in_dictionary", "duplicate", "not_city_authority", "over_ceiling", "already_planned",
                     "not_feasible")
REJECTION_REASON_NAMES = {
    "not_in_dictionary": "Tidak ada dalam kamus usulan",
    "duplicate": "Usulan ganda",
    "not_city_authority": "Bukan kewenangan pemerintah kota",
    "over_ceiling": "Melebihi pagu RW",
    "already_planned": "Sudah direncanakan",
    "not_feasible": "Tidak layak dilaksanakan",
}

# The events' actions (planning_proposal_events.action).
ACTIONS = ("submitted", "verified", "accepted", "rejected", "prioritised", "planned")


def allowed_steps(current: str) -> tuple[str, ...]:
    return tuple(wanted for (start, wanted) in TRANSITIONS if start == current)


def roles_for(current: str, wanted: str) -> tuple[str, ...]:
    return TRANSITIONS.get((current, wanted), ())


def check(current: str, wanted: str) -> None:
    """Raises PlanningWorkflowError unless the lifecycle allows current -> wanted; the error names
    the steps that are allowed from `current`."""
    if wanted not in STATUSES:
        raise PlanningWorkflowError("status", "planning_unknown_status", value=wanted, known=", ".join(STATUSES))
    if (current, wanted) not in TRANSITIONS:
        allowed = allowed_steps(current)
        raise PlanningWorkflowError("status", "planning_step_refused", proposal_status=current, wanted_status=wanted,
                                    allowed=", ".join(allowed) or "-")
