"""Antrean TPKPM: the queues, one complaint and the actions on it. Every callback checks the role,
then asks data/complaint_desk.py, which calls the complaints service with the viewer: the service
refuses a complaint outside the viewer's OPD, whatever the request says."""

from __future__ import annotations

from dash import Input, Output, State, ctx, no_update

from callbacks._access import require_viewer
from callbacks._input import row_id_or_none, sort_by_or_none
from callbacks._register import callback
from core.services import current_services
from data import complaint_desk as desk
from layouts.components import desk as builders
from layouts.components.ids_tpkpm import DISPATCH_ROLES, ROLES
from layouts.components.ids_tpkpm import Tpkpm as T

HIDDEN, SHOWN = {"display": "none"}, {}
BUTTONS = {T.button(action): action for action in T.ACTIONS}
QUEUE_COLUMN_IDS = {column["id"] for column in builders.QUEUE_COLUMNS}
TRIAGE_COLUMN_IDS = {column["id"] for column in builders.TRIAGE_COLUMNS}


@callback(Output(T.OPD, "options"), Output(T.OPD, "value"), Output(T.OPD, "disabled"),
          Output(T.TARGET_OPD, "options"), Output(T.REASON, "options"), Output(T.TRIAGE_PANEL, "style"),
          Input(T.PAGE, "id"), roles=ROLES)
def set_up(_page):
    """An OPD officer works on his own OPD's queue (locked); operator and admin choose any OPD
    (all by default) and also get the triage queue."""
    viewer = require_viewer(ROLES)
    options = desk.choices(current_services())
    own = viewer.opd_code if viewer.role == "opd" else None
    dispatcher = viewer.role in DISPATCH_ROLES
    return (options["opds"], own, not dispatcher, options["opds"], options["reasons"],
            SHOWN if dispatcher else HIDDEN)


@callback(Output(T.QUEUE, "data"), Output(T.QUEUE_CAPTION, "children"), Output(T.TRIAGE, "data"),
          Output(T.TRIAGE_CAPTION, "children"), Output(T.QUEUE, "active_cell"), Output(T.TRIAGE, "active_cell"),
          Output(T.QUEUE, "selected_cells"), Output(T.TRIAGE, "selected_cells"), Output(T.UNDELIVERED, "children"),
          Input(T.OPD, "value"), Input(T.REFRESH, "n_clicks"), Input(T.TICK, "n_intervals"), Input(T.DONE, "data"),
          Input(T.QUEUE, "sort_by"), Input(T.TRIAGE, "sort_by"), roles=ROLES)
def show_queues(opd_code, _refresh, _tick, _done, queue_sort, triage_sort):
    """Both queues, fresh, sorted as their headers ask, and the count of undelivered messages; the
    tables' cell cursor is dropped because the rows may have moved (the complaint shown stays
    highlighted by its id)."""
    viewer = require_viewer(ROLES)
    queue_sort = sort_by_or_none(queue_sort, QUEUE_COLUMN_IDS, f"{T.QUEUE}.sort_by")
    triage_sort = sort_by_or_none(triage_sort, TRIAGE_COLUMN_IDS, f"{T.TRIAGE}.sort_by")
    services = current_services()
    opd_code = opd_code if isinstance(opd_code, str) and opd_code else None
    rows = desk.queue(services, viewer, opd_code)
    opd = viewer.opd_code if viewer.role == "opd" else opd_code
    triage = desk.triage_queue(services, viewer) if viewer.role in DISPATCH_ROLES else []
    return (builders.sorted_rows(builders.queue_rows(rows), queue_sort), builders.queue_caption(rows, opd),
            builders.sorted_rows(builders.queue_rows(triage), triage_sort),
            builders.triage_caption(triage), None, None, [], [],
            builders.undelivered_caption(desk.undelivered(services, viewer, opd_code)))


@callback(Output(T.SELECTED, "data"), Input(T.QUEUE, "active_cell"), Input(T.TRIAGE, "active_cell"),
          prevent_initial_call=True, roles=ROLES)
def select(queue_cell, triage_cell):
    """The complaint of the row clicked last; what it may show is decided by the detail callback."""
    require_viewer(ROLES)
    cell = triage_cell if ctx.triggered_id == T.TRIAGE else queue_cell
    complaint_id = row_id_or_none(cell, "row_id")
    return no_update if complaint_id is None else complaint_id


@callback(Output(T.DETAIL, "children"), Output(T.ACTIONS_PANEL, "style"),
          Output(T.QUEUE, "style_data_conditional"), Output(T.TRIAGE, "style_data_conditional"),
          *[Output(button, "disabled") for button in BUTTONS],
          Input(T.SELECTED, "data"), Input(T.DONE, "data"), prevent_initial_call=True, roles=ROLES)
def show_detail(complaint_id, _done):
    viewer = require_viewer(ROLES)
    complaint = desk.detail(current_services(), viewer, complaint_id)
    allowed = complaint["actions"] if complaint else []
    panel = SHOWN if complaint and complaint["may_act"] else HIDDEN
    style = builders.table_style(complaint["id"] if complaint else None)
    return builders.detail_panel(complaint), panel, style, style, *builders.button_disabled(T.ACTIONS, allowed)


@callback(Output(T.MESSAGE, "children"), Output(T.DONE, "data"), Output(T.NOTE, "value"),
          *[Input(button, "n_clicks") for button in BUTTONS],
          State(T.SELECTED, "data"), State(T.NOTE, "value"), State(T.TARGET_OPD, "value"), State(T.REASON, "value"),
          State(T.DONE, "data"), prevent_initial_call=True, roles=ROLES)
def run_action(*values):
    """One button, one service call for the selected complaint; a refusal becomes the message."""
    viewer = require_viewer(ROLES)
    complaint_id, note, target_opd, reason, done = values[len(BUTTONS):]
    action = next((BUTTONS[prop.rsplit(".", 1)[0]] for prop in ctx.triggered_prop_ids
                   if prop.rsplit(".", 1)[0] in BUTTONS), None)
    if action is None:
        return no_update, no_update, no_update
    ok, text = desk.act(current_services(), viewer, complaint_id, action, note=note, to_opd=target_opd, reason=reason)
    return builders.message(ok, text), (done or 0) + 1, "" if ok else no_update
