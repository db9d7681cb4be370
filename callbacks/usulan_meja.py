"""Meja Usulan: the viewer's queue (the module's scope: a lurah's kelurahan, a camat's kecamatan,
the city for the planning agency), one proposal with its photos and steps, the decisions and the
ranking. Every callback checks the role; the module checks role, scope and round of every step,
whatever the request names."""

from __future__ import annotations

from dash import Input, Output, State, ctx, html, no_update
from dash.exceptions import PreventUpdate

from callbacks._access import require_viewer
from callbacks._register import callback
from core.services import current_services
from data import planning_desk as desk
from layouts.components.ids_usulan_meja import DECIDE_ROLES, RANK_ROLES, ROLES
from layouts.components.ids_usulan_meja import UsulanMeja as M
from layouts.components.planning_desk import COLUMNS, detail_panel

HIDDEN, SHOWN = {"display": "none"}, {}
MAX_NUMBER = 24  # planning_proposals.number
MAX_ORDER = 50_000


@callback(Output(M.TITLE, "children"), Output(M.REASON, "options"), Output(M.DECISION_PANEL, "style"),
          Output(M.RANK_PANEL, "style"), Output(M.VERIFY, "style"), Output(M.ACCEPT, "style"),
          Input(M.PAGE, "id"), roles=ROLES)
def set_up(_page):
    """The lurah verifies (or rejects), the camat accepts or rejects, the planning agency ranks."""
    viewer = require_viewer(ROLES)
    deciding = viewer.role in DECIDE_ROLES
    return (desk.QUEUE_TITLES[viewer.role], desk.reason_options(), SHOWN if deciding else HIDDEN,
            SHOWN if viewer.role in RANK_ROLES else HIDDEN, SHOWN if viewer.role == "lurah" else HIDDEN,
            SHOWN if viewer.role == "camat" else HIDDEN)


@callback(Output(M.ORDER, "data"), Input(M.REFRESH, "n_clicks"), Input(M.DONE, "data"), roles=ROLES)
def load(_refresh, _done):
    """The queue's numbers as the module lists them (a ranking: by its saved priority)."""
    viewer = require_viewer(ROLES)
    return [row["number"] for row in desk.queue(current_services(), viewer)]


@callback(Output(M.QUEUE, "data"), Output(M.CAPTION, "children"), Output(M.QUEUE, "active_cell"),
          Output(M.QUEUE, "selected_cells"), Output(M.QUEUE, "columns"), Input(M.ORDER, "data"), roles=ROLES)
def show_queue(order):
    """The viewer's queue, fresh from the module, in the order the page holds (the planning
    agency's ranking as he moves it; numbers he cannot see are not in the rows, whatever it says)."""
    viewer = require_viewer(ROLES)
    rows = desk.queue(current_services(), viewer)
    position = {number: index for index, number in enumerate(_numbers(order))}
    rows.sort(key=lambda row: position.get(row["number"], len(position)))
    ranking = viewer.role in RANK_ROLES
    for rank, row in enumerate(rows, start=1):
        row["priority"] = rank if ranking else None
        row.pop("photo_urls")  # a table cell holds text: the thumbnails are in `photos`
    total = sum(row["cost_rupiah"] for row in rows)
    caption = (f"{len(rows)} usulan, perkiraan biaya {desk.rupiah(total)}. Klik satu baris untuk membuka usulannya."
               if rows else "Tidak ada usulan di antrean Anda.")
    columns = COLUMNS if ranking else [column for column in COLUMNS if column["id"] != "priority"]
    return rows, caption, None, [], columns


@callback(Output(M.SELECTED, "data"), Input(M.QUEUE, "active_cell"), prevent_initial_call=True, roles=ROLES)
def select(cell):
    require_viewer(ROLES)
    number = cell.get("row_id") if isinstance(cell, dict) else None
    return number[:MAX_NUMBER] if isinstance(number, str) and number else no_update


@callback(Output(M.DETAIL, "children"), Input(M.SELECTED, "data"), Input(M.DONE, "data"),
          prevent_initial_call=True, roles=ROLES)
def show_detail(number, _done):
    viewer = require_viewer(ROLES)
    return detail_panel(desk.detail(current_services(), viewer, number))


@callback(Output(M.MESSAGE, "children"), Output(M.error("reason"), "children"), Output(M.error("note"), "children"),
          Output(M.DONE, "data"), Output(M.NOTE, "value"), Output(M.REASON, "value"),
          Input(M.VERIFY, "n_clicks"), Input(M.ACCEPT, "n_clicks"), Input(M.REJECT, "n_clicks"),
          State(M.SELECTED, "data"), State(M.NOTE, "value"), State(M.REASON, "value"), State(M.DONE, "data"),
          prevent_initial_call=True, roles=DECIDE_ROLES)
def decide(_verify, _accept, _reject, number, note, reason, done):
    """Verify, accept or reject the proposal shown; the module's refusal is shown at its field."""
    viewer = require_viewer(DECIDE_ROLES)
    if not isinstance(number, str) or not number:
        return desk.text("planning_desk_nothing_chosen").capitalize() + ".", None, None, no_update, no_update, \
            no_update
    services = current_services()
    note = note if isinstance(note, str) else ""
    reason = reason if isinstance(reason, str) else None
    if ctx.triggered_id == M.VERIFY:
        ok, errors, message = desk.verify(services, viewer, number, note)
    elif ctx.triggered_id in (M.ACCEPT, M.REJECT):
        ok, errors, message = desk.decide(services, viewer, number, ctx.triggered_id == M.ACCEPT, reason, note)
    else:
        raise PreventUpdate
    shown = {field: f"{desk.FIELD_LABELS.get(field, field)}: {why}" for field, why in errors}
    if not ok:
        return _message(False, message), shown.get("reason"), shown.get("note"), no_update, no_update, no_update
    return _message(True, message), None, None, (done if isinstance(done, int) else 0) + 1, "", None


@callback(Output(M.ORDER, "data", allow_duplicate=True), Output(M.RANK_MESSAGE, "children"),
          Input(M.UP, "n_clicks"), Input(M.DOWN, "n_clicks"), Input(M.MOVE, "n_clicks"),
          State(M.ORDER, "data"), State(M.SELECTED, "data"), State(M.RANK, "value"),
          prevent_initial_call=True, roles=RANK_ROLES)
def reorder(_up, _down, _move, order, number, rank):
    """Moves the chosen proposal one up, one down, or to a rank number (nothing is saved yet)."""
    require_viewer(RANK_ROLES)
    order = _numbers(order)
    if not isinstance(number, str) or number not in order:
        return no_update, desk.text("planning_desk_nothing_chosen").capitalize() + "."
    index = order.index(number)
    if ctx.triggered_id == M.UP:
        target = index - 1
    elif ctx.triggered_id == M.DOWN:
        target = index + 1
    elif ctx.triggered_id == M.MOVE and isinstance(rank, (int, float)) and not isinstance(rank, bool):
        target = int(rank) - 1
    else:
        raise PreventUpdate
    target = max(0, min(len(order) - 1, target))
    order.insert(target, order.pop(index))
    return order, f"{number} sekarang nomor {target + 1}; simpan urutan bila selesai."


@callback(Output(M.SAVED, "children"), Output(M.DONE, "data", allow_duplicate=True),
          Input(M.SAVE, "n_clicks"), State(M.ORDER, "data"), State(M.DONE, "data"), prevent_initial_call=True,
          roles=RANK_ROLES)
def save(_clicks, order, done):
    """The ranking as shown, through the module (which wants every accepted proposal of the year once)."""
    viewer = require_viewer(RANK_ROLES)
    ok, message = desk.save_ranking(current_services(), viewer, _numbers(order))
    return _message(ok, message), ((done if isinstance(done, int) else 0) + 1) if ok else no_update


def _message(ok: bool, text: str) -> html.Div:
    return html.Div(text, className="desk-message ok" if ok else "desk-message refused", role="status")


def _numbers(order) -> list[str]:
    if not isinstance(order, list):
        return []
    return [number[:MAX_NUMBER] for number in order[:MAX_ORDER] if isinstance(number, str)]
