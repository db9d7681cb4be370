"""Meja operator 112: a call taken and decided in one step (create, merge, prank, referral,
information), the place found by the gazetteer, the nearest suitable units dispatched, and the
city's stage set by the supervisor. Every callback checks the role; the incidents module checks
again and refuses bad input by field (data/incident_desk.py turns its refusals into sentences)."""

from __future__ import annotations

from dash import Input, Output, State, ctx, html, no_update

from callbacks._access import require_viewer
from callbacks._register import callback
from core.services import current_services
from data import gazetteer
from data import incident_desk as desk
from layouts.components import desk as desk_builders
from layouts.components import incident_builders as builders
from layouts.components.ids_insiden import DESK_ROLES, STAGE_ROLES, Meja as M

SEARCH_MAX_CHARACTERS = 80
OUTCOMES = {M.CREATE: "incident", M.MERGE: "merged", M.PRANK: "prank", M.REFER: "referred", M.INFO: "info"}


@callback(Output(M.CATEGORY, "options"), Output(M.STAGE_BANNER, "children"), Output(M.MERGE_INTO, "options"),
          Output(M.INCIDENT, "options"), Input(M.PAGE, "id"), Input(M.TICK, "n_intervals"), Input(M.DONE, "data"),
          roles=DESK_ROLES)
def refresh(_page, _tick, _done):
    viewer = require_viewer(DESK_ROLES)
    services = current_services()
    active = desk.active_options(services, viewer)
    return (desk.category_options(services), builders.stage_banner(desk.stage(services)), active, active)


@callback(Output(M.REPEAT_WARNING, "children"), Input(M.CALLER, "value"), prevent_initial_call=True, roles=DESK_ROLES)
def warn_repeat_caller(number):
    """The operator learns of a repeat prank caller while the call is on the line, before deciding."""
    require_viewer(DESK_ROLES)
    number = number if isinstance(number, str) else None
    if desk.is_repeat_caller(current_services(), number):
        return html.Span("Nomor ini berulang kali melakukan panggilan iseng.", className="meja-repeat")
    return ""


@callback(Output(M.PLACE, "options"), Input(M.PLACE, "search_value"), State(M.PLACE, "value"),
          prevent_initial_call=True, roles=DESK_ROLES)
def search_places(text, chosen):
    require_viewer(DESK_ROLES)
    places = gazetteer.gazetteer(current_services())
    hits = gazetteer.search(places, (text if isinstance(text, str) else "")[:SEARCH_MAX_CHARACTERS])
    options = [{"label": row.label, "value": row.key} for row in hits.itertuples()]
    kept = gazetteer.place(places, chosen)
    if kept and kept["key"] not in {o["value"] for o in options}:
        options.insert(0, {"label": kept["label"], "value": kept["key"]})
    return options


@callback(Output(M.CALL_MESSAGE, "children"), Output(M.DONE, "data"), Output(M.CALLER, "value"),
          Output(M.DESCRIPTION, "value"), Output(M.INCIDENT, "value"),
          *[Input(button, "n_clicks") for button in OUTCOMES],
          State(M.SOURCE, "value"), State(M.SOURCE_REF, "value"), State(M.CALLER, "value"), State(M.CATEGORY, "value"),
          State(M.PRIORITY, "value"), State(M.PLACE, "value"), State(M.ADDRESS, "value"), State(M.DESCRIPTION, "value"),
          State(M.INJURED, "value"), State(M.DEAD, "value"), State(M.MERGE_INTO, "value"), State(M.PARTNER, "value"),
          State(M.DONE, "data"), prevent_initial_call=True, roles=DESK_ROLES)
def decide_call(*values):
    """One button, one call recorded with its outcome; a new incident is chosen for dispatch."""
    viewer = require_viewer(DESK_ROLES)
    outcome = OUTCOMES.get(ctx.triggered_id)
    if outcome is None:
        return (no_update,) * 5
    (source, source_ref, caller, category, priority, place_key, address, description, injured, dead, merge_into,
     partner, done) = values[len(OUTCOMES):]
    services = current_services()
    place = gazetteer.place(gazetteer.gazetteer(services), place_key) or {}
    form = {"source": _text(source), "source_ref": _text(source_ref), "caller": _text(caller),
            "category": _text(category), "priority": priority if priority in (1, 2, 3) else None,
            "lat": place.get("lat"), "lon": place.get("lon"),
            "landmark": place.get("name") if place.get("kind") == "landmark" else None,
            "address": _text(address), "description": _text(description), "injured": _count(injured),
            "dead": _count(dead), "merge_into": _text(merge_into), "partner": _text(partner)}
    ok, text, number = desk.handle_call(services, viewer, outcome, form)
    if not ok:
        return desk_builders.message(False, text), no_update, no_update, no_update, no_update
    return (desk_builders.message(True, text), (done or 0) + 1, "", "",
            number if outcome in ("incident", "merged") else no_update)


@callback(Output(M.SUGGESTIONS, "options"), Output(M.SUGGESTIONS, "value"), Input(M.INCIDENT, "value"),
          Input(M.DONE, "data"), roles=DESK_ROLES)
def suggest(number, _done):
    viewer = require_viewer(DESK_ROLES)
    options = desk.suggestions(current_services(), viewer, _text(number))
    return options, [options[0]["value"]] if options else []  # the nearest one ticked: Enter sends it


@callback(Output(M.DISPATCH_MESSAGE, "children"), Output(M.DONE, "data", allow_duplicate=True),
          Input(M.DISPATCH, "n_clicks"), State(M.INCIDENT, "value"), State(M.SUGGESTIONS, "value"),
          State(M.DONE, "data"), prevent_initial_call=True, roles=DESK_ROLES)
def dispatch(_clicks, number, unit_codes, done):
    viewer = require_viewer(DESK_ROLES)
    codes = [c for c in unit_codes if isinstance(c, str)] if isinstance(unit_codes, list) else []
    ok, text = desk.dispatch_units(current_services(), viewer, _text(number), codes)
    return desk_builders.message(ok, text), (done or 0) + (1 if ok else 0)


@callback(Output(M.STAGE_MESSAGE, "children"), Output(M.DONE, "data", allow_duplicate=True),
          Input(M.STAGE_SET, "n_clicks"), State(M.STAGE, "value"), State(M.STAGE_REASON, "value"),
          State(M.DONE, "data"), prevent_initial_call=True, roles=STAGE_ROLES)
def set_stage(_clicks, level, reason, done):
    viewer = require_viewer(STAGE_ROLES)
    level = level if isinstance(level, int) and not isinstance(level, bool) else None
    if level is None:
        return desk_builders.message(False, "Tahap: pilih tahap 1 sampai 5."), no_update
    ok, text = desk.set_stage(current_services(), viewer, level, _text(reason))
    return desk_builders.message(ok, text), (done or 0) + (1 if ok else 0)


def _text(value) -> str | None:
    return value.strip() or None if isinstance(value, str) else None


def _count(value) -> int:
    return value if isinstance(value, int) and not isinstance(value, bool) and value >= 0 else 0
