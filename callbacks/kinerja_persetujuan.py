"""Persetujuan: the approver's queue through data/kinerja_desk.py; approve, or return with a note,
the ticked lines at once. Every callback checks the role; the module checks that the viewer is the
approver of each line's person (access.approver_of), whatever the request names: someone who
decides for nobody sees an empty queue, and a forged id is refused with nothing written."""

from __future__ import annotations

from dash import Input, Output, State, ctx, no_update
from dash.exceptions import PreventUpdate

from callbacks._access import require_viewer
from callbacks._register import callback
from core.services import current_services
from data import kinerja_desk as desk
from layouts.components import kinerja_desk as builders
from layouts.components.ids_kinerja_persetujuan import ROLES
from layouts.components.ids_kinerja_persetujuan import KinerjaPersetujuan as P
from modules.kinerja.service import MAX_BATCH

MAX_IDS = MAX_BATCH + 1  # one more than a batch takes: the module refuses it with its reason


@callback(Output(P.QUEUE, "data"), Output(P.QUEUE, "selected_rows"), Output(P.CAPTION, "children"),
          Input(P.REFRESH, "n_clicks"), Input(P.DONE, "data"), roles=ROLES)
def show_queue(_refresh, _done):
    """The queue, fresh from the module, oldest submission first; nothing ticked."""
    viewer = require_viewer(ROLES)
    found = desk.queue(current_services(), viewer)
    if not found["linked"]:
        return [], [], desk.unlinked_text(viewer)
    return found["rows"], [], desk.backlog_text(found["backlog"])


@callback(Output(P.QUEUE, "selected_rows", allow_duplicate=True), Input(P.SELECT_ALL, "n_clicks"),
          State(P.QUEUE, "data"), prevent_initial_call=True, roles=ROLES)
def select_all(_clicks, rows):
    require_viewer(ROLES)
    return list(range(len(rows))) if isinstance(rows, list) else []


@callback(Output(P.MESSAGE, "children"), *[Output(P.error(name), "children") for name in P.ERROR_FIELDS],
          Output(P.NOTE, "value"), Output(P.DONE, "data"), Input(P.APPROVE, "n_clicks"), Input(P.RETURN, "n_clicks"),
          State(P.QUEUE, "selected_row_ids"), State(P.NOTE, "value"), State(P.DONE, "data"),
          prevent_initial_call=True, roles=ROLES)
def decide(_approve, _return, selected, note, done):
    """Approve or return the ticked lines, all or none; then the queue reloads."""
    viewer = require_viewer(ROLES)
    if ctx.triggered_id not in (P.APPROVE, P.RETURN):
        raise PreventUpdate
    approve = ctx.triggered_id == P.APPROVE
    decided, errors = desk.decide(current_services(), viewer, _ids(selected), approve, note)
    placed = builders.field_errors(errors, P.ERROR_FIELDS, desk.FIELD_LABELS)
    if errors:
        others = desk.summary_lines(errors, P.ERROR_FIELDS)
        return builders.message(False, "Belum diputuskan.", others or None), *placed, no_update, no_update
    what = "disetujui" if approve else "dikembalikan dengan catatan"
    bumped = (done if isinstance(done, int) and not isinstance(done, bool) else 0) + 1
    return builders.message(True, f"{decided} kegiatan {what}."), *placed, "", bumped


@callback(Output(P.PERIOD, "start_date"), Output(P.PERIOD, "end_date"), Input(P.PAGE, "id"), roles=ROLES)
def set_period(_page):
    require_viewer(ROLES)
    return desk.month_range()


@callback(Output(P.TEAM, "data"), Input(P.PERIOD, "start_date"), Input(P.PERIOD, "end_date"),
          Input(P.DONE, "data"), roles=ROLES)
def show_team(first, last, _done):
    """The lines of the viewer's whole subtree in the period (reads.team_activities)."""
    viewer = require_viewer(ROLES)
    return desk.team(current_services(), viewer, first, last)


def _ids(selected) -> list[int]:
    """The ticked rows' activity ids (the table's row ids); anything else is dropped."""
    if not isinstance(selected, list):
        return []
    return [each for each in selected[:MAX_IDS] if isinstance(each, int) and not isinstance(each, bool) and each > 0]
