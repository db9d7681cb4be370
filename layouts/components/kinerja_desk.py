"""Tables, the suggestion list and the messages of the e-Kinerja desks ("Aktivitas saya",
"Persetujuan"): pure functions of what data/kinerja_desk.py returns."""

from __future__ import annotations

from dash import dash_table, html

from layouts.components.ids_kinerja_aktivitas import KinerjaAktivitas as A
from modules.kinerja.messages import LINK_NAMES

FONT = '"Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif'  # as pantau.css; the table sets its own
DANGER = "#c62828"
LINK_OPTIONS = [{"label": label[:1].upper() + label[1:], "value": kind} for kind, label in LINK_NAMES.items()]
HISTORY_COLUMNS = [{"id": "day_text", "name": "Tanggal"}, {"id": "time", "name": "Jam"},
                   {"id": "minutes", "name": "Menit"}, {"id": "description", "name": "Uraian"},
                   {"id": "output", "name": "Hasil"}, {"id": "link", "name": "Tautan"},
                   {"id": "photo", "name": "Foto"}, {"id": "status_name", "name": "Status"},
                   {"id": "note", "name": "Catatan atasan"}]
QUEUE_COLUMNS = [{"id": "name", "name": "Pegawai"}, {"id": "position", "name": "Jabatan"},
                 {"id": "day", "name": "Tanggal"}, {"id": "time", "name": "Jam"}, {"id": "minutes", "name": "Menit"},
                 {"id": "description", "name": "Uraian"}, {"id": "output", "name": "Hasil"},
                 {"id": "link", "name": "Tautan"}, {"id": "seen", "name": "Di sistem"},
                 {"id": "age", "name": "Menunggu"}, {"id": "overdue", "name": "Tenggat"}]
TEAM_COLUMNS = [{"id": "name", "name": "Pegawai"}] + [column for column in HISTORY_COLUMNS
                                                      if column["id"] not in ("photo", "note")]
RETURNED_STYLE = [{"if": {"filter_query": '{status} = "returned"', "column_id": column}, "color": DANGER,
                   "fontWeight": 700} for column in ("status_name", "note")]
OVERDUE_STYLE = [{"if": {"filter_query": '{overdue} != ""', "column_id": "overdue"}, "color": DANGER,
                  "fontWeight": 700},
                 {"if": {"filter_query": '{seen} = "tidak tercatat"', "column_id": "seen"}, "color": DANGER}]


def table(component_id: str, columns: list[dict], selectable: bool = False, styles: list | None = None,
          page_size: int = 25) -> dash_table.DataTable:
    """A desk table; `selectable`: checkboxes for many rows (row ids are the activities' ids)."""
    return dash_table.DataTable(
        id=component_id, columns=columns, data=[], page_size=page_size, style_as_list_view=True,
        row_selectable="multi" if selectable else False, selected_rows=[], selected_row_ids=[],
        style_data_conditional=styles or [], style_table={"overflowX": "auto"},
        style_header={"fontWeight": 600, "backgroundColor": "#f0f3f6"},
        style_cell={"textAlign": "left", "padding": "6px 8px", "fontFamily": FONT, "fontSize": "0.9rem",
                    "whiteSpace": "normal", "height": "auto", "maxWidth": "360px"})


def suggestion_list(proposals: list[dict]) -> html.Component:
    """The day's cases from the change log, each with "Laporkan <ref>" (filling the form with it)."""
    if not proposals:
        return html.P("Tidak ada kasus yang tercatat Anda tangani pada hari ini, atau semuanya sudah dilaporkan.",
                      className="muted")
    return html.Ul(className="aktivitas-suggestion-list", children=[suggestion_item(each) for each in proposals])


def suggestion_item(proposal: dict) -> html.Li:
    line = proposal["activity"]
    return html.Li(className="aktivitas-suggestion", children=[
        html.Div(className="aktivitas-suggestion-text", children=[
            html.Strong(proposal["ref"]), html.Span(f" {line['start']}-{line['end']}", className="muted"),
            html.Div(line["description"])]),
        html.Button(f"Laporkan {proposal['ref']}", id=A.suggest(proposal["kind"], proposal["ref"]),
                    className="button secondary aktivitas-suggest", n_clicks=0),
    ])


def message(ok: bool, text: str, lines: list[str] | None = None) -> html.Div:
    return html.Div(className="desk-message ok" if ok else "desk-message refused", role="status" if ok else "alert",
                    children=[html.Strong(text) if lines else text,
                              html.Ul([html.Li(line) for line in lines]) if lines else None])


def field_errors(errors: list[tuple[str, str]], fields: tuple[str, ...], labels: dict[str, str]) -> list:
    """For each field in `fields`, its error lines (or None)."""
    return [[html.Div(f"{labels.get(name, name)}: {reason}") for field, reason in errors if field == name] or None
            for name in fields]
