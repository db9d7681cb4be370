"""Tables, panels and the point picker of the complaint desk (TPKPM queue, staff intake, and the
history under the analysis page's detail): pure functions of what data/complaint_desk.py returns."""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go
from dash import html

from core.clock import remaining_text
from core.messages import in_sentence

from modules.complaints.messages import FIGURE_LABELS
from core.formatting import PLOTLY_SEPARATORS
from core.settings import MapSettings
from layouts.components.maps import label_trace, map_style
from modules.complaints.statuses import OVERDUE_NOW

DANGER = "#c62828"
QUEUE_COLUMNS = [{"id": "ticket", "name": "Tiket"}, {"id": "category", "name": "Kategori"},
                 {"id": "kelurahan", "name": "Kelurahan"}, {"id": "opd", "name": "OPD"},
                 {"id": "status", "name": "Status"}, {"id": "stage", "name": "Tenggat untuk"},
                 {"id": "due", "name": "Tenggat (WIB)"},
                 {"id": "remaining", "name": "Sisa waktu"}, {"id": "flag", "name": "Catatan"}]
TRIAGE_COLUMNS = [{"id": "ticket", "name": "Tiket"}, {"id": "category", "name": "Kategori"},
                  {"id": "kelurahan", "name": "Kelurahan"}, {"id": "due", "name": "Tenggat (WIB)"},
                  {"id": "remaining", "name": "Sisa waktu"}]
# minutes_left stays in each row (not shown) so the red follows the number, not the words
OVERDUE_STYLE = [{"if": {"filter_query": "{minutes_left} < 0", "column_id": column}, "color": DANGER,
                  "fontWeight": 700} for column in ("due", "remaining", "ticket")]
SELECTED_FILL = "#e8f1fb"
NOTE_NEEDED = ("send_feedback", "transfer", "reject", "reopen")  # the service refuses them without a note


# --- the queues ----------------------------------------------------------------------------------------

def queue_rows(rows: list[dict]) -> list[dict]:
    """Rows of a queue table; `id` is the complaint id (the table's row_id)."""
    return [{"id": row["id"], "ticket": row["ticket"], "category": row["category"], "kelurahan": row["kelurahan"],
             "opd": row["opd"], "status": row["status_name"], "stage": row["stage"], "due": row["due"],
             "minutes_left": row["minutes_left"], "remaining": _remaining(row["minutes_left"]),
             "flag": "Mungkin duplikat" if row["duplicate"] else ""}
            for row in rows]


# A column shown as words sorts on the number behind them: "terlambat 2 jam" before "5 menit lagi",
# the nearest deadline first (and the due time, dd/mm/yyyy text, in the same order).
SORT_KEYS = {"remaining": "minutes_left", "due": "minutes_left"}


def sorted_rows(rows: list[dict], sort: tuple[str, bool] | None) -> list[dict]:
    """Queue rows as the table's sort asks ((column id, descending) or None: as given); rows
    without a value (no deadline) last either way."""
    if sort is None:
        return rows
    column, descending = sort
    key = SORT_KEYS.get(column, column)
    present = [row for row in rows if row.get(key) not in (None, "")]
    absent = [row for row in rows if row.get(key) in (None, "")]
    text = not all(isinstance(row[key], (int, float)) for row in present)
    ordered = sorted(present, key=lambda row: str(row[key]).casefold() if text else row[key], reverse=descending)
    return ordered + absent


def table_style(selected_id: int | None) -> list[dict]:
    """Overdue deadlines in red, and the complaint shown in the detail highlighted (by id, so the
    highlight follows it when the queue reorders)."""
    if not isinstance(selected_id, int) or isinstance(selected_id, bool):
        return OVERDUE_STYLE
    return [{"if": {"filter_query": f"{{id}} = {selected_id}"}, "backgroundColor": SELECTED_FILL}, *OVERDUE_STYLE]


def queue_caption(rows: list[dict], opd_name: str | None) -> str:
    whose = f"OPD {opd_name}" if opd_name else "semua OPD"
    return (f"{len(rows)} aduan terbuka ({whose}); {in_sentence(FIGURE_LABELS[OVERDUE_NOW])}: {overdue_count(rows)}. "
            "Tenggat terdekat di atas; klik satu baris untuk membuka aduannya.")


def triage_caption(rows: list[dict]) -> str:
    if not rows:
        return "Tidak ada aduan yang menunggu triase."
    return (f"{len(rows)} aduan belum punya OPD (tidak ada aturan yang cocok); "
            f"{in_sentence(FIGURE_LABELS[OVERDUE_NOW])}: {overdue_count(rows)}. Pilih satu lalu teruskan ke OPD.")


def overdue_count(rows: list[dict]) -> int:
    """The desk's OVERDUE_NOW: rows the desk data marked overdue (statuses.is_overdue_now)."""
    return sum(1 for row in rows if row["overdue_now"])


# --- one complaint ---------------------------------------------------------------------------------------

def detail_panel(complaint: dict | None) -> list:
    """Everything the desk shows of one complaint: facts, description, reporter (when the viewer
    acts on it), history."""
    if complaint is None:
        return [html.P("Aduan tidak ditemukan atau di luar cakupan Anda.", className="muted")]
    facts = [
        ("Status", complaint["status_name"]), ("Kategori", complaint["category"]), ("OPD", complaint["opd"]),
        ("Lokasi", _place(complaint)), ("Koordinat", _coordinates(complaint["lat"], complaint["lon"])),
        ("Diterima", complaint["received_at"]), ("Foto", f"{complaint['photos']} foto"),
        ("Tanggapan pertama", _deadline(complaint["first_response_at"], complaint["first_response_due"])),
        ("Umpan balik", _deadline(complaint["feedback_at"], complaint["feedback_due"])),
    ]
    if complaint["minutes_left"] is not None:
        facts.append(("Sisa waktu", _remaining(complaint["minutes_left"])))
    if complaint["duplicate_of"]:
        facts.append(("Mungkin duplikat dari", complaint["duplicate_of"]))
    if complaint["rejection_reason"]:
        facts.append(("Alasan penolakan", complaint["rejection_reason"]))
    if complaint["may_act"]:
        facts += [("Pelapor", complaint["reporter_name"] or "—"),
                  ("Kontak pelapor", complaint["reporter_contact"] or "—")]
    return [
        html.H3(f"Aduan {complaint['ticket']}", className="detail-title"),
        html.Dl(className="detail-facts", children=[part for label, value in facts
                                                    for part in (html.Dt(label), html.Dd(value))]),
        html.H4("Uraian", className="desk-subtitle"),
        html.P(complaint["description"], className="desk-description"),
        html.H4("Pesan untuk warga", className="desk-subtitle"),
        notification_list(complaint.get("notifications", [])),
        html.H4("Riwayat", className="desk-subtitle"),
        history_list(complaint["history"]),
    ]


def notification_list(items: list[dict]) -> html.Component:
    """Each feedback message's delivery: channel, status, attempts, why it did not go out."""
    if not items:
        return html.P("Belum ada umpan balik yang dikirim.", className="muted")
    return html.Ul(className="desk-notifications", id="tpkpm-notifications", children=[
        html.Li(className=f"notify-{item['status']}", children=[
            html.Span(item["created"], className="history-at"),
            html.Span(f"{item['channel']}: {item['status_name']}", className="history-event"),
            html.Span(_delivery_detail(item), className="history-note"),
        ]) for item in items])


def _delivery_detail(item: dict) -> str:
    if item["status"] == "sent":
        return f"terkirim {item['sent']}"
    parts = [f"{item['attempts']} kali dicoba" if item["attempts"] else "", item["error"]]
    return "; ".join(part for part in parts if part)


def undelivered_caption(counts: dict[str, int]) -> str:
    """What supervisors watch: messages that did not reach citizens or OPD heads."""
    if not counts.get("failed") and not counts.get("skipped"):
        return "Semua pesan untuk warga dan kepala OPD terkirim atau sedang dikirim."
    return (f"Pesan gagal terkirim: {counts.get('failed', 0)}; tidak dikirim (tanpa kontak atau pengirim belum "
            f"diatur): {counts.get('skipped', 0)}. Rinciannya di detail tiap aduan.")


def history_list(steps: list[dict] | None) -> html.Component:
    """The steps of a complaint, oldest first: time (WIB), what happened, who, the note."""
    if steps is None:
        return html.P("Riwayat tidak tersedia (aduan belum ada di basis data layanan).", className="muted")
    return html.Ol(className="desk-history", children=[
        html.Li([
            html.Span(step["at"], className="history-at"),
            html.Span(step["event"], className="history-event"),
            html.Span(" · ".join(part for part in (step["status"], step["opd"], step["actor"]) if part),
                      className="history-who"),
            html.Span(step["note"], className="history-note") if step["note"] else None,
        ]) for step in steps])


def button_disabled(actions: tuple[str, ...], allowed: list[str]) -> list[bool]:
    """`disabled` of each action button: only what the complaint's status allows is offered."""
    return [action not in allowed for action in actions]


def message(ok: bool, text: str) -> html.Div:
    return html.Div(text, className="desk-message ok" if ok else "desk-message refused", role="status")


# --- the intake page ---------------------------------------------------------------------------------------

def field_error_children(errors: list[tuple[str, str]], fields: tuple[str, ...], labels: dict[str, str]) -> list:
    """For each field in `fields`, its error lines (or None): what the intake page shows next to it."""
    return [[html.Div(f"{labels.get(name, name)}: {reason}") for field, reason in errors if field == name] or None
            for name in fields]


def refused_message(errors: list[tuple[str, str]], fields: tuple[str, ...], labels: dict[str, str]) -> html.Div:
    """The summary above the form; problems of fields the page does not show are named here."""
    others = [f"{labels.get(field, field)}: {reason}" for field, reason in errors if field not in fields]
    return html.Div(className="desk-message refused", role="alert", children=[
        html.Strong("Aduan belum tersimpan: periksa isian yang ditandai."),
        html.Ul([html.Li(text) for text in others]) if others else None])


def filed_message(ticket: str) -> html.Div:
    return html.Div(className="desk-message ok", role="status", children=[
        "Aduan tersimpan dengan nomor tiket ", html.Strong(ticket, id="baru-ticket"),
        ". Sampaikan nomor ini kepada pelapor untuk melacak di ", html.A(f"/lacak/{ticket}", href=f"/lacak/{ticket}"),
        "."])


PICKED_TRACE = 2  # index of the chosen point in the picker figure
PICKER_ZOOM_OUT = 0.6  # the picker panel is narrower than the analysis maps: show the whole city


def picker_map_figure(lats: tuple[float, ...], lons: tuple[float, ...], kecamatan: pd.DataFrame,
                      geojson_url: str, map_settings: MapSettings) -> go.Figure:
    """Kecamatan outlines with their names (`kecamatan`: code, name, lat, lon), an invisible grid
    of points over the city (the map reports clicks on points only, so a click lands on the
    nearest one) and the chosen point (moved by a Patch)."""
    kecamatan_codes = list(kecamatan["code"])
    outline = go.Choroplethmap(geojson=geojson_url, featureidkey="properties.code", locations=kecamatan_codes,
                               z=[0] * len(kecamatan_codes), colorscale=[[0, "rgba(0,0,0,0)"], [1, "rgba(0,0,0,0)"]],
                               showscale=False, hoverinfo="skip", marker={"line": {"color": "#44505c", "width": 1}},
                               name="kecamatan")
    grid = go.Scattermap(lat=list(lats), lon=list(lons), mode="markers", name="grid", marker={"size": 12, "opacity": 0},
                         hovertemplate="%{lat:.5f}, %{lon:.5f}<extra>klik untuk memilih</extra>",
                         hoverlabel={"bgcolor": "#0f2338", "bordercolor": "#0f2338", "font": {"color": "#fff"}})
    chosen = go.Scattermap(lat=[], lon=[], mode="markers", name="titik", hoverinfo="skip",
                           marker={"size": 16, "color": DANGER})
    figure = go.Figure([outline, grid, chosen, label_trace(kecamatan, "kecamatan", size=11)])
    figure.update_layout(map={"style": map_style(map_settings.basemap_style), "zoom": map_settings.zoom - PICKER_ZOOM_OUT,
                              "center": {"lat": map_settings.center_lat, "lon": map_settings.center_lon}},
                         margin={"l": 0, "r": 0, "t": 0, "b": 0}, showlegend=False, uirevision="picker",
                         separators=PLOTLY_SEPARATORS)
    return figure


# --- helpers ---------------------------------------------------------------------------------------------

def _remaining(minutes: int | None) -> str:
    return "—" if minutes is None else remaining_text(minutes)


def _deadline(done: str, due: str) -> str:
    return f"diberikan {done} (batas {due})" if done != "—" else f"belum; batas {due}"


def _place(complaint: dict) -> str:
    parts = [f"Kel. {complaint['kelurahan']}" if complaint["kelurahan"] != "—" else "",
             f"Kec. {complaint['kecamatan']}" if complaint["kecamatan"] else "", complaint["address"] or ""]
    return ", ".join(part for part in parts if part) or "—"


def _coordinates(lat, lon) -> str:
    return "—" if lat is None or lon is None else f"{lat:.5f}, {lon:.5f}"
