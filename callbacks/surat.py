"""Surat (/surat): one's e-Office desk and the OPD's letters. Every callback checks the role. The
desk (counters, one's letters, a letter and its disposition tree) asks the module through
data/office_desk.py, which reads only what the module lets the viewer read (a rahasia letter only
to the people named on it) and says so in Indonesian when the account has no staff record. The
numbers per OPD (open letters by age, overdue, disposition turnaround, daily flow) come from
data/office/pages.py (the mart, scoped by the viewer's one scope object, cached per mart version);
a scope the mart cannot read (a kecamatan's, a kelurahan's) is told so instead of shown zeros.
Showing a letter changes nothing: the module marks a letter read by its own step, not by a view."""

from __future__ import annotations

from dash import Input, Output, html, no_update

from callbacks._access import require_viewer
from callbacks._input import row_id_or_none
from callbacks._office_kpis import office_cards
from callbacks._register import callback
from core.clock import city_today, utc_now
from core.services import current_services
from data import office_desk
from data.areas import area_of, can_read
from data.complaints.queries import names_of
from data.office import pages
from data.office.pages import DEFAULT_DAYS, PERIOD_DAYS
from domains.office import OFFICE_MART
from layouts.components.complaint_charts import empty_figure
from layouts.components.ids_surat import ROLES, Surat as S
from layouts.components.office_charts import (ageing_table, caption, counter_cards, flow_figure, letter_panel,
                                              letter_rows, turnaround_table, unreadable)
from modules.office.workflow import DIRECTIONS

NO_DESK = "Angka per OPD di bawah tetap dapat dibaca sesuai lingkup akun Anda."


@callback(Output(S.TITLE, "children"), Output(S.CARDS, "children"), Input(S.PAGE, "id"), roles=ROLES)
def show_setup(_page):
    """The page names the viewer's area; the headline cards (overdue now, the turnaround)."""
    viewer = require_viewer(ROLES)
    services = current_services()
    area = area_of(services, viewer)
    title = "Surat" + ("" if area.kind == "city" else f" — {area.name}")
    cards = office_cards(services, viewer, today=city_today(utc_now()))
    return title, [html.Div(card) for card in cards]


@callback(Output(S.DESK_NOTE, "children"), Output(S.COUNTERS, "children"), Output(S.LETTERS, "data"),
          Output(S.LETTERS, "active_cell"), Output(S.LETTERS, "selected_cells"), Input(S.DIRECTION, "value"),
          roles=ROLES)
def show_desk(direction):
    """One's counters and letters, live from the module; an account without a staff record is told so."""
    viewer = require_viewer(ROLES)
    services = current_services()
    counters = office_desk.my_counters(services, viewer)
    if not counters.ok:
        return f"{counters.refusal}. {NO_DESK}", [], [], None, []
    letters = office_desk.my_letters(services, viewer, direction if direction in DIRECTIONS else None)
    note = (f"{len(letters.value)} surat terbaru yang dapat Anda baca. Klik satu baris untuk membukanya."
            if letters.value else "Belum ada surat untuk Anda.")
    return note, counter_cards(counters.value), letter_rows(letters.value), None, []


@callback(Output(S.SELECTED, "data"), Input(S.LETTERS, "active_cell"), prevent_initial_call=True, roles=ROLES)
def select_letter(cell):
    require_viewer(ROLES)
    letter_id = row_id_or_none(cell, "active_cell")
    return letter_id if letter_id is not None else no_update


@callback(Output(S.DETAIL, "children"), Input(S.SELECTED, "data"), roles=ROLES)
def show_letter(letter_id):
    """The chosen letter and its disposition tree, if the module lets the viewer read it (the id comes
    from the browser: the module's access check decides, not the list the page showed)."""
    viewer = require_viewer(ROLES)
    chosen = letter_id if isinstance(letter_id, int) and not isinstance(letter_id, bool) else None
    found = office_desk.letter(current_services(), viewer, chosen)
    if not found.ok:
        return [html.P(found.refusal + ".", className="muted")]
    return letter_panel(found.value)


@callback(Output(S.CAPTION, "children"), Output(S.AGEING, "children"), Output(S.TURNAROUND, "children"),
          Output(S.FLOW, "figure"), Input(S.PERIOD, "value"), roles=ROLES)
def show_opds(period):
    """Per OPD of the scope: open letters by age with the overdue ones (now), the disposition
    turnaround and the daily flow of the period."""
    viewer = require_viewer(ROLES)
    services = current_services()
    area = area_of(services, viewer)
    if not can_read(viewer, OFFICE_MART):
        message = unreadable(area)
        return message, [html.P(message, className="muted")], [], empty_figure(message)
    days = period if period in PERIOD_DAYS else DEFAULT_DAYS
    now = utc_now().replace(second=0, microsecond=0)
    today = city_today(now)
    since = pages.period_start(today, days)
    names = names_of(services, "opd")
    return (caption(area, days, since, today), ageing_table(pages.ageing(services, viewer, now), names),
            turnaround_table(pages.turnaround_by_opd(services, viewer, since, today), names),
            flow_figure(pages.daily_flow(services, viewer, since, today)))
