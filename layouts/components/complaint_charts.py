"""Figures, tables and panels of the complaint analysis page: pure functions of data frames.

`names` arguments map a dimension ("category", "opd", "kecamatan", "kelurahan", "channel") to
{code: readable name}, as `data.complaints.queries.names_of` returns them.
"""

from __future__ import annotations

import math
from datetime import datetime

import pandas as pd
from dash import html
from plotly.colors import get_colorscale

from core import formatting
from core.clock import CITY_ZONE, remaining_text
from core.messages import in_sentence
from modules.complaints.messages import FIGURE_LABELS, STATUS_NAMES  # noqa: F401 - STATUS_NAMES is used by callbacks too
from core.settings import MapSettings
from layouts.components.desk import history_list
from layouts.components.maps import label_trace, map_style, outside_traces
from layouts.components.plain_figures import day_strings, figure, records, values

WIB = CITY_ZONE
ACCENT, OK, DANGER, MUTED = "#0b6bcb", "#2e7d32", "#c62828", "#5b6b7b"
NO_DATA_FILL = "#e9edf1"

SLA_NAMES = {"met": "Tepat waktu", "breached": "Terlambat", "pending": "Menunggu"}
MEASURES = ("count", "rate", "sla")
OVERDUE, SOON = FIGURE_LABELS["overdue_now"], "Segera jatuh tempo"
LEGEND_ON_TOP = {"orientation": "h", "yanchor": "bottom", "y": 1.0, "x": 0}


# --- text helpers ----------------------------------------------------------------------------

def duration_text(minutes: float) -> str:
    """60 -> '60 menit', 1440 -> '24 jam'."""
    return f"{minutes / 60:g} jam" if minutes >= 120 and minutes % 60 == 0 else f"{minutes:g} menit"


def in_wib(moment) -> pd.Timestamp | None:
    if moment is None or pd.isna(moment):
        return None
    stamp = pd.Timestamp(moment)
    return (stamp if stamp.tzinfo else stamp.tz_localize("UTC")).tz_convert(WIB)


def wib_text(moment) -> str:
    """'30/11/2026 23:07' in the city's time (WIB), as everywhere; '—' when there is none."""
    stamp = in_wib(moment)
    return formatting.MISSING if stamp is None else formatting.date_time(stamp.to_pydatetime())


def measure_options() -> list[dict]:
    return [{"label": " Jumlah aduan", "value": "count"},
            {"label": " Per 1.000 penduduk (data penduduk demo)", "value": "rate"},
            {"label": " Kepatuhan SLA tanggapan pertama", "value": "sla"}]


def status_options() -> list[dict]:
    return [{"label": label, "value": code} for code, label in STATUS_NAMES.items()]


def name_options(names: dict[str, str]) -> list[dict]:
    """Dropdown options sorted by name; the '' placeholder code (triage, unknown) is left out."""
    return [{"label": name, "value": code} for code, name in sorted(names.items(), key=lambda item: item[1])
            if code]


# --- the district map ---------------------------------------------------------------------------

def district_style(summary: pd.DataFrame, measure: str, response_minutes: int) -> dict:
    """The properties of the coloured trace that depend on the measure (what a Patch replaces)."""
    if measure == "rate":
        z = [_number(v) for v in summary["rate_per_1000"]]
        scale, title, top = "YlOrRd", "Aduan per 1.000<br>penduduk<br>(data penduduk demo)", None
    elif measure == "sla":
        z = [_number(v) for v in summary["response_sla_pct"]]
        scale, title, top = "RdYlGn", f"% tanggapan<br>pertama ≤ {duration_text(response_minutes)}", 100
    else:
        z = [int(v) for v in summary["received"]]
        scale, title, top = "YlOrRd", "Jumlah aduan", None
    measured = [v for v in z if v is not None]
    # the scale spelled out, as go.Figure sends it: Plotly.js reverses YlOrRd and lacks RdYlGn
    return {"z": z, "zmin": 0, "zmax": top or max([*measured, 1]), "colorscale": get_colorscale(scale),
            "colorbar": {"title": {"text": title, "font": {"size": 12}}, "thickness": 12, "len": 0.55,
                         "x": 0.99, "xanchor": "right", "bgcolor": "rgba(255,255,255,0.8)"}}


def district_map_figure(summary: pd.DataFrame, level: str, geojson_url: str, measure: str,
                        map_settings: MapSettings, response_minutes: int, labels: pd.DataFrame,
                        bounds: tuple[float, float, float, float] | None = None,
                        outside: pd.DataFrame | None = None) -> dict:
    """Districts coloured by the measure over a grey layer, so districts with nothing measured
    (no SLA outcome yet) still show and can be clicked, and their names written on top (`labels`:
    name, lat, lon). `summary` is `district_summary`'s frame; `bounds` (west, south, east, north)
    of a drilled kecamatan, to zoom in on it; `outside` (code, name) the districts outside the
    viewer's area, greyed (see outside_traces)."""
    center, zoom = view_for_bounds(bounds) if bounds else (
        {"lat": map_settings.center_lat, "lon": map_settings.center_lon}, map_settings.zoom)
    return figure([_district_trace(summary, geojson_url, response_minutes, name="wilayah", z=[0] * len(summary),
                                   colorscale=[[0, NO_DATA_FILL], [1, NO_DATA_FILL]], showscale=False,
                                   marker={"line": {"color": "#8a99a8", "width": 0.8}}),
                   _district_trace(summary, geojson_url, response_minutes, name="nilai",
                                   **district_style(summary, measure, response_minutes),
                                   marker={"line": {"color": "#44505c", "width": 1}, "opacity": 0.85}),
                   *outside_traces(outside, geojson_url), label_trace(labels, level)],
                  {"map": {"style": map_style(map_settings.basemap_style), "zoom": zoom, "center": center},
                   "margin": {"l": 0, "r": 0, "t": 0, "b": 0}, "showlegend": False, "uirevision": f"{level}:{bounds}"})


def _district_trace(summary: pd.DataFrame, geojson_url: str, response_minutes: int, **properties) -> dict:
    return {"type": "choroplethmap", "geojson": geojson_url, "featureidkey": "properties.code",
            "locations": summary["code"].tolist(), "customdata": _hover_data(summary),
            "hovertemplate": _hover_template(response_minutes), **properties}


def view_for_bounds(bounds: tuple[float, float, float, float], pixels: tuple[int, int] = (900, 600)) -> tuple:
    """Centre and zoom that fit (west, south, east, north) in about `pixels` of map (MapLibre
    draws the world 512 px wide at zoom 0; near the equator degrees of latitude are as long)."""
    west, south, east, north = bounds
    fits = [math.log2(size * 360 / (512 * max(span, 1e-4)))
            for size, span in zip(pixels, (east - west, north - south))]
    return {"lat": (south + north) / 2, "lon": (west + east) / 2}, round(min(fits) - 0.25, 2)


def _hover_data(summary: pd.DataFrame) -> list[list]:
    return [[name, int(received), _fixed(rate, 3), _fixed(pct, 1, "%", "belum ada")]
            for name, received, rate, pct in zip(summary["name"], summary["received"],
                                                  summary["rate_per_1000"], summary["response_sla_pct"])]


def _hover_template(response_minutes: int) -> str:
    return ("<b>%{customdata[0]}</b><br>Aduan: %{customdata[1]}<br>"
            "Per 1.000 penduduk (demo): %{customdata[2]}<br>"
            f"Tanggapan ≤ {duration_text(response_minutes)}: " "%{customdata[3]}<extra></extra>")


# --- charts (plain dicts: see plain_figures.py) ----------------------------------------------------

def empty_figure(message: str = "Tidak ada aduan untuk pilihan ini.") -> dict:
    return figure([], {"xaxis": {"visible": False}, "yaxis": {"visible": False}, "height": 300,
                       "margin": {"l": 10, "r": 10, "t": 10, "b": 10}, "plot_bgcolor": "white",
                       "annotations": [{"text": message, "showarrow": False, "font": {"color": MUTED}}]})


def trend_figure(trend: pd.DataFrame) -> dict:
    """Complaints received per day (bars) and resolved per day (line)."""
    if trend.empty or trend["received"].sum() == 0:
        return empty_figure()
    days = day_strings(trend["day"])
    layout = _chart_layout(260, legend=True, yaxis={"rangemode": "tozero", "gridcolor": "#eef1f4"})
    return figure([
        {"type": "bar", "x": days, "y": values(trend["received"]), "name": "Masuk", "marker": {"color": ACCENT},
         "hovertemplate": "%{x|%d/%m/%Y}: %{y:,} aduan masuk<extra></extra>"},
        {"type": "scatter", "x": days, "y": values(trend["resolved"]), "name": "Selesai", "mode": "lines+markers",
         "line": {"color": OK}, "hovertemplate": "%{x|%d/%m/%Y}: %{y:,} selesai<extra></extra>"},
    ], {**layout, "legend": dict(LEGEND_ON_TOP), "xaxis": {"tickformat": formatting.AXIS_DAY_FORMAT}})


def breakdown_figure(counts: pd.DataFrame, names: dict[str, str], limit: int = 12) -> dict:
    """Horizontal bars of complaints received per code, largest on top, with readable names."""
    received_rows = sorted((row for row in records(counts, ("code", "received")) if (row[1] or 0) > 0),
                           key=lambda row: (-row[1], row[0] is None, row[0] or ""))[:limit]
    if not received_rows:
        return empty_figure()
    codes, received = (list(column) for column in zip(*received_rows))
    labels = [names.get(code, code or "(tidak diketahui)") for code in codes]
    layout = _chart_layout(max(150, 34 * len(codes) + 50), yaxis={"autorange": "reversed"})
    return figure([{"type": "bar", "x": received, "y": labels, "orientation": "h", "marker": {"color": ACCENT},
                    "text": received, "textposition": "auto", "customdata": codes,
                    "hovertemplate": "%{y}: %{x:,} aduan<extra></extra>"}],
                  {**layout, "xaxis": {"gridcolor": "#eef1f4", "rangemode": "tozero"}, "bargap": 0.25})


def sla_by_opd_figure(counts: pd.DataFrame, names: dict[str, str], response_minutes: int,
                      feedback_minutes: int) -> dict:
    """First response and feedback within SLA (%) per OPD, worst first; OPDs with no measured
    outcome yet are left out."""
    measured = sorted((row for row in records(counts, ("code", "response_sla_pct", "feedback_sla_pct"))
                       if row[1] is not None or row[2] is not None),
                      key=lambda row: (row[1] is None, row[1] or 0, row[2] is None, row[2] or 0, row[0]))
    if not measured:
        return empty_figure("Belum ada aduan yang sudah jatuh tempo.")
    codes, response, feedback = zip(*measured)
    labels = [names.get(code, code) for code in codes]
    layout = _chart_layout(max(170, 52 * len(labels) + 70), legend=True, yaxis={"autorange": "reversed"})
    return figure([
        _sla_bar(list(response), labels, f"Tanggapan pertama ≤ {duration_text(response_minutes)}", ACCENT),
        _sla_bar(list(feedback), labels, f"Umpan balik ≤ {duration_text(feedback_minutes)}", "#7e57c2"),
    ], {**layout, "barmode": "group", "legend": dict(LEGEND_ON_TOP),
        "xaxis": {"range": [0, 105], "ticksuffix": "%", "gridcolor": "#eef1f4"}})


def _sla_bar(percents: list, labels: list[str], name: str, colour: str) -> dict:
    return {"type": "bar", "x": percents, "y": labels, "orientation": "h", "name": name, "marker": {"color": colour},
            "text": [_fixed(v, 0, "%", "—") for v in percents], "textposition": "outside",
            "hovertemplate": "%{y}: %{x:.1f}%<extra>" + name + "</extra>"}


def _chart_layout(height: int, legend: bool = False, yaxis: dict | None = None) -> dict:
    """The charts' common layout; `yaxis` adds to the common y axis (as update_layout merged it)."""
    return {"height": height, "margin": {"l": 8, "r": 16, "t": 34 if legend else 8, "b": 28}, "plot_bgcolor": "white",
            "paper_bgcolor": "white", "font": {"size": 12}, "yaxis": {"automargin": True, **(yaxis or {})}}


# --- KPIs -----------------------------------------------------------------------------------------

# which of the page's filters the open-complaints card follows, and which it does not
BACKLOG_NOTE = ("posisi saat ini: mengikuti OPD, kategori, kanal dan status; semua aduan yang diterima "
                "sampai akhir periode (tidak mengikuti awal periode)")


def kpi_cards(figures: dict, response_minutes: int, feedback_minutes: int) -> list:
    """Headline cards for `queries.kpis`' result: value, and change against the previous period."""
    now, before = figures["current"], figures["previous"]
    return [
        headline_card("Aduan masuk", _fixed(now["received"], 0), _change(now["received"], before["received"], "")),
        headline_card(f"Tanggapan pertama ≤ {duration_text(response_minutes)}",
              _fixed(now["first_response_within_sla_pct"], 1, "%"),
              _change(now["first_response_within_sla_pct"], before["first_response_within_sla_pct"], " poin", True)),
        headline_card(f"Umpan balik ≤ {duration_text(feedback_minutes)}", _fixed(now["feedback_within_sla_pct"], 1, "%"),
              _change(now["feedback_within_sla_pct"], before["feedback_within_sla_pct"], " poin", True)),
        headline_card("Median waktu tanggapan", _fixed(now["median_response_minutes"], 1, " menit"),
              _change(now["median_response_minutes"], before["median_response_minutes"], " menit", False)),
        headline_card(FIGURE_LABELS["open"], _fixed(now["backlog"], 0), BACKLOG_NOTE),
    ]


def headline_card(label: str, value: str, note) -> html.Div:
    return html.Div(className="kpi-card", children=[
        html.Div(value, className="kpi-value"), html.Div(label, className="kpi-label"),
        html.Div(note, className="kpi-note")])


def _change(now, before, unit: str, higher_is_better: bool | None = None):
    if now is None or before is None:
        return html.Span("tidak ada pembanding", className="muted")
    delta = round(float(now) - float(before), 1)
    if delta == 0:
        return html.Span("sama dengan periode sebelumnya", className="muted")
    tone = "muted" if higher_is_better is None else ("good" if (delta > 0) == higher_is_better else "bad")
    size = _fixed(abs(delta), 0 if delta.is_integer() else 1, unit)
    return html.Span(f"{'▲' if delta > 0 else '▼'} {size} dari periode sebelumnya",
                     className=f"change-{tone}")


# --- the open queue and one complaint ---------------------------------------------------------------

QUEUE_COLUMNS = [{"id": "ticket", "name": "Tiket"}, {"id": "category", "name": "Kategori"},
                 {"id": "opd", "name": "OPD"}, {"id": "kelurahan", "name": "Kelurahan"},
                 {"id": "status", "name": "Status"}, {"id": "stage", "name": "Tenggat untuk"},
                 {"id": "due", "name": "Tenggat (WIB)"}, {"id": "remaining", "name": "Sisa waktu"},
                 {"id": "state", "name": "Keadaan"}]
QUEUE_STYLE = [{"if": {"filter_query": f'{{state}} = "{OVERDUE}"', "column_id": column},
                "color": DANGER, "fontWeight": 600} for column in ("due", "remaining", "state")]


def queue_rows(queue: pd.DataFrame, names: dict[str, dict], now: datetime) -> list[dict]:
    """Rows of the open-complaints table; `id` is the complaint id (the table's row_id)."""
    rows = []
    for item in queue.itertuples(index=False):
        rows.append({
            "id": int(item.complaint_id), "ticket": item.ticket,
            "category": names["category"].get(item.category_code, item.category_code),
            "opd": names["opd"].get(item.opd_code, item.opd_code),
            "kelurahan": names["kelurahan"].get(item.kelurahan_code, item.kelurahan_code),
            "status": STATUS_NAMES.get(item.status, item.status),
            "stage": "Tanggapan pertama" if pd.isna(item.first_response_at) else "Umpan balik",
            "due": wib_text(item.due_at), "remaining": remaining_text(_minutes_between(now, item.due_at)),
            "state": OVERDUE if pd.Timestamp(item.due_at) < pd.Timestamp(now) else SOON,
        })
    return rows


def _minutes_between(now: datetime, due) -> int:
    """Whole minutes from now to the deadline, rounded down like the desk's (negative once past)."""
    return int((pd.Timestamp(due) - pd.Timestamp(now)).total_seconds() // 60)


def queue_caption(shown: int, figures: dict, soon_minutes: int) -> str:
    """Above the open queue: how many rows it shows, and the two SLA figures of every open
    complaint the filters select (the wall and the TPKPM desk use the same names)."""
    return (f"{shown} aduan: tenggatnya sudah lewat atau jatuh dalam {soon_minutes} menit. "
            f"{FIGURE_LABELS['overdue_now']}: {figures['overdue_now']}; "
            f"{in_sentence(FIGURE_LABELS['breached_ever'])}: {figures['breached_ever']} aduan terbuka. "
            "Klik satu baris untuk melihat detailnya.")


def detail_panel(row: dict | None, names: dict[str, dict], response_minutes: int, feedback_minutes: int,
                 history: list[dict] | None = None) -> list:
    """The complaint's current state from the fact table: status, times, SLA outcomes, OPD, place;
    under it the steps from the live database (`data.complaint_desk.history`), when there are any."""
    if row is None:
        return [html.P("Aduan tidak ditemukan atau di luar cakupan Anda.", className="muted")]
    facts = [
        ("Status", STATUS_NAMES.get(row["status"], row["status"])),
        ("Kategori", names["category"].get(row["category_code"], row["category_code"])),
        ("OPD", names["opd"].get(row["opd_code"], row["opd_code"])),
        ("Kanal", names["channel"].get(row["channel"], row["channel"])),
        ("Kecamatan", names["kecamatan"].get(row["kecamatan_code"], row["kecamatan_code"])),
        ("Kelurahan", names["kelurahan"].get(row["kelurahan_code"], row["kelurahan_code"])),
        ("Koordinat", _coordinates(row.get("lat"), row.get("lon"))),
        ("Diterima", wib_text(row["received_at"])),
        (f"Tanggapan pertama (SLA {duration_text(response_minutes)})",
         _sla_text(row["first_response_at"], row["first_response_due_at"], row["first_response_sla"])),
        ("Waktu sampai tanggapan", _fixed(row.get("minutes_to_first_response"), 0, " menit")),
        (f"Umpan balik (SLA {duration_text(feedback_minutes)})",
         _sla_text(row["feedback_at"], row["feedback_due_at"], row["feedback_sla"])),
        ("Diselesaikan", wib_text(row.get("resolved_at"))),
        ("Ditutup", wib_text(row.get("closed_at"))),
    ]
    if row.get("rejection_reason"):
        facts.append(("Alasan penolakan", row["rejection_reason"]))
    if row.get("duplicate_of_id"):
        facts.append(("Duplikat dari aduan", f"#{row['duplicate_of_id']}"))
    panel = [html.H3(f"Aduan {row['ticket']}", className="detail-title"),
             html.Dl(className="detail-facts", children=[part for label, value in facts
                                                         for part in (html.Dt(label), html.Dd(value))])]
    if history:
        panel += [html.H4("Riwayat", className="desk-subtitle"), history_list(history)]
    return panel


def _sla_text(done_at, due_at, outcome: str) -> str:
    done = f"diberikan {wib_text(done_at)}" if in_wib(done_at) is not None else "belum"
    return f"{done}; batas {wib_text(due_at)}; {SLA_NAMES.get(outcome, outcome)}"


def _coordinates(lat, lon) -> str:
    return "—" if lat is None or lon is None or pd.isna(lat) else f"{lat:.5f}, {lon:.5f}"


# --- CSV export ------------------------------------------------------------------------------------

EXPORT_COLUMNS = (  # an allow-list: a column added to the mart is not exported until named here
    "ticket", "received_at", "received_day", "channel", "channel_name", "category_code", "category_name",
    "opd_code", "opd_name", "status", "kecamatan_code", "kecamatan_name", "kelurahan_code", "kelurahan_name",
    "lat", "lon", "first_response_due_at", "first_response_at", "minutes_to_first_response",
    "first_response_sla", "feedback_due_at", "feedback_at", "minutes_to_feedback", "feedback_sla",
    "resolved_at", "closed_at", "rejection_reason", "duplicate_of_id",
)
_NAMED = {"channel": "channel", "category_code": "category", "opd_code": "opd", "kecamatan_code": "kecamatan",
          "kelurahan_code": "kelurahan"}


EXPORT_HEADERS = {  # what the columns are called in the file a person opens
    "ticket": "Tiket", "received_at": "Diterima (WIB)", "received_day": "Tanggal diterima", "channel": "Kode kanal",
    "channel_name": "Kanal", "category_code": "Kode kategori", "category_name": "Kategori", "opd_code": "Kode OPD",
    "opd_name": "OPD", "status": "Status", "kecamatan_code": "Kode kecamatan", "kecamatan_name": "Kecamatan",
    "kelurahan_code": "Kode kelurahan", "kelurahan_name": "Kelurahan", "lat": "Lintang", "lon": "Bujur",
    "first_response_due_at": "Tenggat tanggapan pertama (WIB)", "first_response_at": "Tanggapan pertama (WIB)",
    "minutes_to_first_response": "Menit sampai tanggapan pertama", "first_response_sla": "SLA tanggapan pertama",
    "feedback_due_at": "Tenggat umpan balik (WIB)", "feedback_at": "Umpan balik (WIB)",
    "minutes_to_feedback": "Menit sampai umpan balik", "feedback_sla": "SLA umpan balik",
    "resolved_at": "Diselesaikan (WIB)", "closed_at": "Ditutup (WIB)", "rejection_reason": "Alasan penolakan",
    "duplicate_of_id": "Duplikat dari aduan",
}
_IN_WORDS = {"status": STATUS_NAMES, "first_response_sla": SLA_NAMES, "feedback_sla": SLA_NAMES}


def export_sheet(rows: pd.DataFrame, names: dict[str, dict]) -> pd.DataFrame:
    """`export_frame` as a person reads it: statuses and SLA outcomes in words, Indonesian headers
    (core/spreadsheet.py then writes it for Excel)."""
    frame = export_frame(rows, names)
    for column, words in _IN_WORDS.items():
        if column in frame:
            frame[column] = [words.get(value, value) for value in frame[column]]
    return frame.rename(columns=EXPORT_HEADERS)


def export_frame(rows: pd.DataFrame, names: dict[str, dict]) -> pd.DataFrame:
    """`export_rows`' frame with readable names, times in WIB, only the allowed columns."""
    frame = rows.copy()
    for column, dimension in _NAMED.items():
        known = names[dimension]
        frame[f"{dimension}_name"] = [known.get(code, code) for code in frame[column]]
    for column in frame.columns:
        if isinstance(frame[column].dtype, pd.DatetimeTZDtype):
            frame[column] = frame[column].dt.tz_convert(WIB)
    return frame[[c for c in EXPORT_COLUMNS if c in frame.columns]]


# --- helpers ---------------------------------------------------------------------------------------

def _number(value) -> float | None:
    return None if value is None or pd.isna(value) else float(value)


def _fixed(value, digits: int, suffix: str = "", missing: str = "—") -> str:
    """Indonesian number format (1.234,5), with a unit after it."""
    text = formatting.number(value, digits, missing)
    return text if text == missing else text + suffix
