"""Builders of the Surat page (/surat) and the e-Office KPI cards: one's counters, one's letters and a
letter's disposition tree (from the module, data/office_desk.py), and per OPD the ageing of open
letters, the overdue ones and the disposition turnaround (from the mart, data/office/pages.py).
Text in Indonesian; status names from the module's catalogue (modules/office/messages.py)."""

from __future__ import annotations

from datetime import date

import pandas as pd
from dash import html

from core import formatting
from data.areas import Area
from data.office.queries import BUCKETS, Turnaround
from layouts.components.complaint_charts import ACCENT, OK, empty_figure, wib_text
from layouts.components.plain_figures import count_axis, day_strings, figure, values
from layouts.components.tables import number_cell, table
from modules.office.counters import PERSON_COUNTERS
from modules.office.messages import DIRECTION_NAMES, STATUS_NAMES

# the counters as SRIKANDI's home page names them (modules/office/counters.py defines each)
COUNTER_LABELS = {
    "to_sign": "Perlu ditandatangani", "to_send": "Perlu dikirim", "to_verify": "Perlu diparaf",
    "unread_incoming": "Surat masuk belum dibaca", "not_followed_up": "Surat masuk belum ditindaklanjuti",
    "unread_dispositions": "Disposisi belum dibaca", "dispositions_not_followed_up": "Disposisi belum ditindaklanjuti",
}
SECURITY_NAMES = {"biasa": "Biasa", "terbatas": "Terbatas", "rahasia": "Rahasia"}
LETTER_COLUMNS = [{"id": "created", "name": "Dibuat"}, {"id": "direction", "name": "Jenis"},
                  {"id": "number", "name": "Nomor"}, {"id": "subject", "name": "Perihal"},
                  {"id": "correspondent", "name": "Pengirim / tujuan"}, {"id": "status", "name": "Status"},
                  {"id": "due", "name": "Tenggat"}]
OVERDUE_NOTE = "terbuka dan tenggatnya sebelum hari ini"


# --- text --------------------------------------------------------------------------------------

def minutes_text(minutes: float | None) -> str:
    """A mean turnaround: '45 menit', '3,5 jam', '2,1 hari'; '—' when there is none."""
    if minutes is None:
        return formatting.MISSING
    if minutes < 120:
        return f"{formatting.number(minutes)} menit"
    if minutes < 48 * 60:
        return f"{formatting.number(minutes / 60, 1)} jam"
    return f"{formatting.number(minutes / 1440, 1)} hari"


def unreadable(area: Area) -> str:
    return (f"Angka surat per OPD dicatat menurut OPD, sehingga tidak tersedia untuk {area.name}: "
            "hanya akun OPD dan akun tingkat kota yang melihatnya.")


def caption(area: Area, days: int, since: date, today: date) -> str:
    return (f"{area.name} · waktu disposisi dan arus surat {days} hari terakhir ({formatting.day(since)} – "
            f"{formatting.day(today)}); umur dan tunggakan: posisi saat ini. Surat terbuka: surat masuk yang belum "
            "ditindaklanjuti, surat keluar yang belum dikirim. Angka per OPD, tanpa perihal atau nama.")


def opd_name(names: dict, code: str) -> str:
    return names.get(code, code)


# --- one's own desk ------------------------------------------------------------------------------

def counter_cards(counters: dict) -> list:
    """The seven counters, in the module's order, as small cards."""
    return [html.Div(className="kpi-card", children=[
        html.Div(formatting.count(counters.get(name, 0)), className="kpi-value"),
        html.Div(COUNTER_LABELS[name], className="kpi-label")]) for name in PERSON_COUNTERS]


def letter_rows(letters: list[dict]) -> list[dict]:
    """The module's letter summaries as the table's rows (row id: the letter's)."""
    return [{"id": found["id"], "created": wib_text(found["created_at"]),
             "direction": DIRECTION_NAMES.get(found["direction"], found["direction"]).capitalize(),
             "number": found["number"] or formatting.MISSING, "subject": found["subject"],
             "correspondent": found["correspondent"], "status": STATUS_NAMES.get(found["status"], found["status"]),
             "due": _day_text(found["due_date"])} for found in letters]


def letter_panel(letter: dict | None) -> list:
    """One letter: what it is, its recipients and its disposition tree (from, to, instruction, read
    time, done time), each disposition with those it led to below it."""
    if letter is None:
        return [html.P("Pilih satu surat di daftar untuk melihat isinya dan pohon disposisinya.", className="muted")]
    facts = [("Nomor", letter["number"] or formatting.MISSING), ("Perihal", letter["subject"]),
             ("Pengirim / tujuan", letter["correspondent"]),
             ("Jenis", DIRECTION_NAMES.get(letter["direction"], letter["direction"]).capitalize()),
             ("Status", STATUS_NAMES.get(letter["status"], letter["status"])),
             ("Sifat", SECURITY_NAMES.get(letter["security"], letter["security"])),
             ("Klasifikasi", letter["classification"]), ("Tanggal surat", _day_text(letter["letter_date"])),
             ("Tenggat", _day_text(letter["due_date"])), ("Dibuat", wib_text(letter["created_at"]))]
    recipients = [html.Li(f"{_person(r['staff'])} · dibaca {wib_text(r['read_at'])}") for r in letter["recipients"]]
    return [
        html.H3(letter["subject"], className="panel-title"),
        html.Dl(className="detail-facts", children=[part for label, value in facts
                                                   for part in (html.Dt(label), html.Dd(value))]),
        html.H4("Penerima"), html.Ul(recipients) if recipients else html.P("Belum didistribusikan.", className="muted"),
        html.H4("Disposisi"),
        disposition_tree(letter["dispositions"]) if letter["dispositions"]
        else html.P("Belum ada disposisi.", className="muted"),
    ]


def disposition_tree(nodes: list[dict]) -> html.Ul:
    return html.Ul(className="disposition-tree", children=[html.Li([
        html.Div(f"{_person(node['from'])} → {_person(node['to'])}", className="disposition-who"),
        html.Div(f"Instruksi: {node['instruction']}"),
        html.Div(f"Status: {STATUS_NAMES.get(node['status'], node['status'])} · dibaca {wib_text(node['read_at'])}"
                 f" · selesai {wib_text(node['done_at'])}" + (f" · tenggat {_day_text(node['due_date'])}"
                                                             if node["due_date"] else ""), className="muted"),
        *([html.Div(f"Catatan: {node['note']}")] if node["note"] else []),
        *([disposition_tree(node["children"])] if node["children"] else []),
    ]) for node in nodes])


# --- per OPD, from the mart ------------------------------------------------------------------------

def ageing_table(ageing: pd.DataFrame, names: dict) -> list:
    """Open letters per OPD by age (days since registered or drafted), with the overdue ones."""
    if ageing.empty:
        return [html.P("Tidak ada surat terbuka.", className="muted")]
    rows = [[opd_name(names, row["opd_code"]), number_cell(row["open"]), number_cell(row["overdue"]),
             *(number_cell(row[label]) for label in BUCKETS)] for _, row in ageing.iterrows()]
    headers = ("OPD", "Terbuka", "Lewat tenggat", *(f"{label} hari" for label in BUCKETS))
    return [table(headers, rows), html.P(f"Lewat tenggat: {OVERDUE_NOTE}. Umur: sejak surat diregistrasi "
                                         "atau dikonsep.", className="muted")]


def turnaround_table(turnaround: pd.DataFrame, names: dict) -> list:
    if turnaround.empty:
        return [html.P("Belum ada disposisi pada periode ini.", className="muted")]
    rows = [[opd_name(names, row["opd_code"]), number_cell(row["dispositions_made"]),
             minutes_text(row["read_mean_minutes"]), number_cell(row["dispositions_done"]),
             minutes_text(row["done_mean_minutes"]), number_cell(row["letters_done"])]
            for _, row in turnaround.iterrows()]
    headers = ("OPD", "Disposisi dibuat", "Rata-rata sampai dibaca", "Disposisi selesai", "Rata-rata sampai selesai",
               "Surat selesai")
    return [table(headers, rows)]


def flow_figure(flow: pd.DataFrame) -> dict:
    """Letters created (bars) and done (line) per city day."""
    if flow.empty or not (flow["created"].sum() or flow["done"].sum()):
        return empty_figure("Tidak ada surat pada periode ini.")
    days = day_strings(flow["day"])
    return figure([
        {"type": "bar", "x": days, "y": values(flow["created"]), "name": "Surat dibuat", "marker": {"color": ACCENT},
         "hovertemplate": "%{x|%d/%m/%Y}: %{y:,} surat dibuat<extra></extra>"},
        {"type": "scatter", "mode": "lines+markers", "x": days, "y": values(flow["done"]), "name": "Surat selesai",
         "line": {"color": OK}, "hovertemplate": "%{x|%d/%m/%Y}: %{y:,} selesai<extra></extra>"},
    ], {"height": 280, "margin": {"l": 10, "r": 10, "t": 34, "b": 30}, "plot_bgcolor": "white",
        "legend": {"orientation": "h", "yanchor": "bottom", "y": 1.0, "x": 0},
        "xaxis": {"tickformat": formatting.AXIS_DAY_FORMAT},
        "yaxis": {**count_axis(max(flow["created"].max(), flow["done"].max())), "automargin": True}})


def turnaround_note(found: Turnaround) -> str:
    return (f"{formatting.count(found.dispositions_read)} disposisi dibaca, "
            f"{formatting.count(found.dispositions_done)} selesai")


def _person(staff: dict | None) -> str:
    if not staff:
        return formatting.MISSING
    return f"{staff['name']} ({staff['position']})" if staff.get("position") else staff["name"]


def _day_text(value: str | None) -> str:
    return formatting.day(date.fromisoformat(value)) if value else formatting.MISSING
