"""The complaint panels of the wall display: counters, district map, rotating charts, SLA alarms
and the ticker of newest complaints. Pure builders first, then the renderers that ask data/, then
PANELS, which the complaints domain registers. Other domains add a module like this one."""

from __future__ import annotations

from datetime import date, datetime

import pandas as pd
from dash import Patch, html

import geo
from core import formatting
from core.clock import remaining_text
from core.messages import in_sentence
from modules.complaints.messages import FIGURE_LABELS
from core.services import Services
from core.settings import MapSettings
from core.users import Viewer
from data.complaints import queries
from data.complaint_photos import wall_photos
from data.complaints.queries import ComplaintFilters
from data.complaints.tables import TRIAGE_OPD
from layouts.components.ids_wall import photo_url
from layouts.components.maps import KECAMATAN_CREDIT, label_trace, map_style
from layouts.components.plain_figures import figure, records, values
from layouts.components.wall_panels import (DAY_NAMES, MINUTE, WALL_MAP_ZOOM_STEP, WallPanel, scrolling_ticker,
                                             ticker_item, wib_label)
from modules.complaints.statuses import BREACHED_EVER, OVERDUE_NOW


# --- built-in complaint panels: pure builders ------------------------------------------------------

COUNTERS = (("today", "Aduan hari ini", ""), ("open", FIGURE_LABELS["open"], ""),
            (OVERDUE_NOW, FIGURE_LABELS[OVERDUE_NOW], "is-alarm"),
            (BREACHED_EVER, FIGURE_LABELS[BREACHED_EVER], "is-warn"))


def counters_strip(counters: dict) -> html.Div:
    return html.Div(className="wall-counters", children=[
        html.Div(className=f"wall-counter {style if counters.get(key) else ''}".strip(),
                 **{"data-counter": key}, children=[
            html.Span(formatting.count(counters.get(key, 0)), className="wall-counter-value"),
            html.Span(label, className="wall-counter-label"),
        ])
        for key, label, style in COUNTERS
    ])


def complaint_ticker(latest: pd.DataFrame, categories: dict, kelurahan: dict, today: date) -> html.Div:
    """The newest complaints as a scrolling line, the newest highlighted."""
    items = [ticker_item(row.ticket, wib_label(row.received_at, today), row.ticket,
                         categories.get(row.category_code, row.category_code), _place(kelurahan, row.kelurahan_code),
                         newest=(i == 0))
             for i, row in enumerate(latest.itertuples())]
    return scrolling_ticker(items, "Belum ada aduan masuk.")


def photo_gallery(photos: list[dict], categories: dict, kelurahan: dict) -> html.Div:
    """The newest photos their reporters allowed on the wall, each with its ticket, category,
    kelurahan and time; never who sent it. None: a calm line, not an error."""
    if not photos:
        return html.Div("Belum ada foto aduan baru yang boleh ditampilkan.", className="wall-empty")
    return html.Div(className="wall-photos", children=[
        html.Figure(className="wall-photo", **{"data-item": photo["ticket"]}, children=[
            html.Img(src=photo_url(photo["photo_id"]), alt=f"Foto aduan {photo['ticket']}",
                     className="wall-photo-image"),
            html.Figcaption(className="wall-photo-caption", children=[
                html.Span(photo["ticket"], className="wall-photo-ticket"),
                html.Span(categories.get(photo["category_code"], photo["category_code"]),
                          className="wall-photo-category"),
                html.Span(_place(kelurahan, photo["kelurahan_code"]), className="wall-photo-place"),
                html.Span(formatting.date_time(photo["received_at"]), className="wall-photo-time"),
            ]),
        ])
        for photo in photos
    ])


def breach_alarms(breaches: pd.DataFrame, categories: dict, opds: dict, kelurahan: dict,
                  today: date, total: int = 0, now: datetime | None = None) -> html.Div:
    """The newest breaches, each with how late it is at `now`; `total` counts them all, so a list
    cut short says how many it leaves out (a wall showing 6 of 94 must not look like 6)."""
    if breaches.empty:
        return html.Div(f"Tidak ada aduan terbuka yang {in_sentence(FIGURE_LABELS[BREACHED_EVER])}.",
                        className="wall-empty wall-all-clear")
    more = max(0, total - len(breaches))
    return html.Div(className="wall-alarm-list", children=[
        html.Ul(className="wall-alarms", children=[
            _alarm_row(row, categories, opds, kelurahan, today, now) for row in breaches.itertuples()
        ]),
        *([html.P(f"+{formatting.count(more)} lainnya", className="wall-more")] if more else []),
    ])


def _alarm_row(row, categories, opds, kelurahan, today, now) -> html.Li:
    kinds = [name for name, outcome in (("respons", row.first_response_sla), ("tindak lanjut", row.feedback_sla))
             if outcome == "breached"]
    due = row.first_response_due_at if "respons" in kinds else row.feedback_due_at
    # a late first response already given stays as late as it was; anything else grows with the clock
    done = row.first_response_at if "respons" in kinds else None
    late = _minutes_late(due, done if done is not None and not pd.isna(done) else now)
    return html.Li(className="wall-alarm", **{"data-item": f"{row.ticket}:{'+'.join(kinds)}"}, children=[
        html.Div(className="wall-alarm-head", children=[
            html.Span(row.ticket, className="wall-alarm-ticket"),
            html.Span("SLA " + " & ".join(kinds) + " lewat", className="wall-alarm-kind"),
        ]),
        html.Div(f"{categories.get(row.category_code, row.category_code)} · {_place(kelurahan, row.kelurahan_code)}",
                 className="wall-alarm-what"),
        html.Div(f"{opds.get(row.opd_code, row.opd_code)} · batas {wib_label(due, today)} WIB",
                 className="wall-alarm-who"),
        *([html.Div(remaining_text(-late), className="wall-alarm-late")] if late else []),
    ])


def _minutes_late(due, at) -> int | None:
    """Whole minutes from the missed deadline to `at`; None without both or before the deadline."""
    if at is None or due is None or pd.isna(due):
        return None
    minutes = int((_utc(at) - _utc(due)).total_seconds() // 60)
    return minutes if minutes > 0 else None


def _utc(moment) -> pd.Timestamp:
    stamp = pd.Timestamp(moment)
    return stamp.tz_localize("UTC") if stamp.tzinfo is None else stamp.tz_convert("UTC")


def _place(kelurahan: dict, code: str | None) -> str:
    return kelurahan.get(code) if code else "lokasi belum dipetakan"


def bar_list(rows: list[dict], empty_text: str) -> html.Div:
    """Horizontal bars drawn in HTML (not a plot), so they scale with the viewport like the text.
    Each row: label, value (0..100 bar width), display (the number shown), tone (ok|warn|bad|'')."""
    if not rows:
        return html.Div(empty_text, className="wall-empty")
    return html.Div(className="wall-bars", children=[
        html.Div(className=f"wall-bar-row {row.get('tone', '')}".strip(), children=[
            html.Span(row["label"], className="wall-bar-label"),
            html.Span(className="wall-bar-track", children=html.Span(
                className="wall-bar-fill", style={"width": f"{max(0.0, min(100.0, row['value'])):.1f}%"})),
            html.Span(row["display"], className="wall-bar-value"),
        ])
        for row in rows
    ])


def sla_by_opd(by_opd: pd.DataFrame, opd_names: dict, triage_open: int) -> html.Div:
    """The OPD ranking, and the triage queue on a line of its own: a queue is no agency, and its
    0% would top every ranking of the worst OPDs."""
    return html.Div(className="wall-sla-opd", children=[
        bar_list(sla_rows(by_opd, opd_names), "Belum ada respons yang diukur."),
        html.P(f"Antrean triase: {formatting.count(triage_open)} aduan", className="wall-triage"),
    ])


def sla_rows(by_opd: pd.DataFrame, opd_names: dict, limit: int = 8) -> list[dict]:
    """OPDs with measured first responses, worst compliance first (the triage queue is no OPD)."""
    measured = sorted(((code, pct, met, breached) for code, pct, met, breached
                       in records(by_opd, ("code", "response_sla_pct", "response_met", "response_breached"))
                       if code != TRIAGE_OPD and met + breached > 0),
                      key=lambda row: (row[1] is None, row[1] or 0, -row[3]))
    return [{"label": opd_names.get(code, code), "value": pct, "tone": _sla_tone(pct),
             "display": f"{formatting.percent(pct, 0)} ({formatting.count(met)}/{formatting.count(met + breached)})"}
            for code, pct, met, breached in measured[:limit]]


def _sla_tone(percent: float) -> str:
    return "ok" if percent >= 90 else "warn" if percent >= 70 else "bad"


def category_rows(by_category: pd.DataFrame, category_names: dict, limit: int = 8) -> list[dict]:
    """The busiest categories (ties by code, so the wall's eight do not change between refreshes
    of the same numbers), each scaled to the busiest."""
    top = sorted((row for row in records(by_category, ("code", "received")) if (row[1] or 0) > 0),
                 key=lambda row: (-row[1], row[0]))[:limit]
    most = top[0][1] if top else 0
    return [{"label": category_names.get(code, code), "value": 100.0 * received / most,
             "display": formatting.count(received), "tone": ""} for code, received in top]


def trend_columns(trend: pd.DataFrame) -> html.Div:
    """Complaints received per day as columns (HTML, scaled with the viewport)."""
    most = max(1, int(trend["received"].max())) if not trend.empty else 1
    return html.Div(className="wall-columns", children=[
        html.Div(className="wall-column", children=[
            html.Div(className="wall-column-area", children=[
                html.Span(formatting.count(row.received), className="wall-column-value"),
                html.Span(className="wall-column-bar", style={"height": f"{85.0 * row.received / most:.1f}%"}),
            ]),
            html.Span([html.B(DAY_NAMES[row.day.weekday()][:3]), html.Br(), f"{row.day:%d/%m}"],
                      className="wall-column-label"),
        ])
        for row in trend.itertuples()
    ])


# --- the district map ------------------------------------------------------------------------------

MAP_COLOURS = [[0.0, "#12263b"], [0.25, "#1d4e6e"], [0.55, "#2f8f9d"], [0.8, "#f2a541"], [1.0, "#e4572e"]]
WALL_BACKGROUND = "#0b1828"
WALL_LABEL_COLOUR = "#ffffff"
WALL_LABEL_SIZE = 13  # read from across the room; MapLibre drops a label only where names would collide


def activity_map(districts: pd.DataFrame, points: pd.DataFrame, geojson_url: str,
                 map_settings: MapSettings, labels: pd.DataFrame) -> dict:
    """Kecamatan coloured by complaints received (districts: code, name, received) with their
    names written on them (`labels`: name, lat, lon: a wall cannot hover), today's complaints as
    dots, the newest one larger and bright. A plain dict (see plain_figures.py);
    every call builds fresh dicts, since fit_figure_to_screen changes sizes in place."""
    return figure([
        {"type": "choroplethmap", "geojson": geojson_url, "featureidkey": "properties.code",
         "locations": districts["code"].tolist(), "z": values(districts["received"]), "zmin": 0,
         "zmax": _zmax(districts), "colorscale": MAP_COLOURS, "showscale": False, "text": districts["name"].tolist(),
         "hovertemplate": "%{text}: %{z:,}<extra></extra>",
         "marker": {"line": {"color": "#4d7396", "width": 1}, "opacity": 0.85}, "name": "kecamatan"},
        {"type": "scattermap", "mode": "markers", "marker": {"size": 11, "color": "#7fe3ff", "opacity": 0.9},
         "hovertemplate": "%{text}<extra></extra>", "name": "hari ini", **_points(points.iloc[1:])},
        {"type": "scattermap", "mode": "markers", "marker": {"size": 26, "color": "#ffd166", "opacity": 0.95},
         "hovertemplate": "%{text}<extra></extra>", "name": "terbaru", **_points(points.iloc[:1])},
        label_trace(labels, "kecamatan", colour=WALL_LABEL_COLOUR, size=WALL_LABEL_SIZE),
    ], {
        "map": {"style": map_style(map_settings.basemap_style, background=WALL_BACKGROUND),
                "zoom": map_settings.zoom + WALL_MAP_ZOOM_STEP,
                "center": {"lat": map_settings.center_lat, "lon": map_settings.center_lon}},
        "margin": {"l": 0, "r": 0, "t": 0, "b": 0}, "showlegend": False, "uirevision": "wall-map",
        "paper_bgcolor": "rgba(0,0,0,0)", "font": {"color": "#e6eef7", "size": 14},
    })


def activity_map_patch(districts: pd.DataFrame, points: pd.DataFrame) -> Patch:
    """Only the numbers and the dots change: the GeoJSON, view and styling stay as drawn."""
    patch = Patch()
    patch["data"][0]["z"] = list(districts["received"])
    patch["data"][0]["zmax"] = _zmax(districts)
    for index, rows in ((1, points.iloc[1:]), (2, points.iloc[:1])):
        for name, column in _points(rows).items():
            patch["data"][index][name] = column
    return patch


def _points(points: pd.DataFrame) -> dict:
    return {"lat": list(points["lat"]), "lon": list(points["lon"]), "text": list(points["ticket"])}


def _zmax(districts: pd.DataFrame) -> int:
    return max(1, int(districts["received"].max())) if not districts.empty else 1


# --- built-in complaint panels: renderers (data/ -> builders) ------------------------------------

MART = queries.MART
MAP_DAYS = 7
CHART_DAYS = 7
ALARMS_SHOWN = 6  # what the side column holds at 1920x1080
PHOTOS_SHOWN = 4  # a 2x2 grid in the rotating area
PHOTO_HOURS = 48  # "new": received in the last two days


def render_counters(services: Services, viewer: Viewer):
    return counters_strip(queries.live_counters(services, viewer))


def render_ticker(services: Services, viewer: Viewer):
    return complaint_ticker(queries.latest_complaints(services, viewer, limit=15),
                            queries.names_of(services, "category"), queries.names_of(services, "kelurahan"),
                            queries.city_today())


def render_photos(services: Services, viewer: Viewer):
    return photo_gallery(wall_photos(services, viewer, hours=PHOTO_HOURS, limit=PHOTOS_SHOWN),
                         queries.names_of(services, "category"), queries.names_of(services, "kelurahan"))


def render_alarms(services: Services, viewer: Viewer):
    return breach_alarms(queries.recent_breaches(services, viewer, limit=ALARMS_SHOWN),
                         queries.names_of(services, "category"), queries.names_of(services, "opd"),
                         queries.names_of(services, "kelurahan"), queries.city_today(),
                         total=queries.sla_figures(services, viewer)[BREACHED_EVER], now=queries.minute_now())


def _map_data(services: Services, viewer: Viewer):
    districts = queries.district_summary(services, viewer, ComplaintFilters.last_days(MAP_DAYS), "kecamatan")
    points = queries.map_points(services, viewer, ComplaintFilters.last_days(1), limit=500)
    return districts, points


def render_map(services: Services, viewer: Viewer):
    districts, points = _map_data(services, viewer)
    return activity_map(districts, points, geo.asset_url("kecamatan"), services.settings.map,
                        geo.centroids("kecamatan"))


def placeholder_map(settings) -> dict:
    """The map the wall is served with: every kecamatan outlined and named on the dark background,
    no counts yet (reference data only, no query), so the panel is never blank or white while the
    first data is on its way."""
    labels = geo.centroids("kecamatan")
    districts = labels.assign(received=0)
    return activity_map(districts, pd.DataFrame(columns=["ticket", "lat", "lon"]), geo.asset_url("kecamatan"),
                        settings.map, labels)


def update_map(services: Services, viewer: Viewer):
    return activity_map_patch(*_map_data(services, viewer))


def render_sla_by_opd(services: Services, viewer: Viewer):
    by_opd = queries.counts_by(services, viewer, ComplaintFilters.last_days(CHART_DAYS), "opd")
    return sla_by_opd(by_opd, queries.names_of(services, "opd"), queries.open_in_triage(services, viewer))


def render_by_category(services: Services, viewer: Viewer):
    by_category = queries.counts_by(services, viewer, ComplaintFilters.last_days(CHART_DAYS), "category")
    return bar_list(category_rows(by_category, queries.names_of(services, "category")), "Belum ada aduan.")


def render_trend(services: Services, viewer: Viewer):
    return trend_columns(queries.daily_trend(services, viewer, ComplaintFilters.last_days(CHART_DAYS)))


PANELS = (  # registered by the complaints domain (domains/complaints.py)
    WallPanel("complaint-counters", "", (MART, MINUTE), "strip", render_counters, order=10),
    WallPanel("complaint-map", "Sebaran aduan per kecamatan", (MART,), "main", render_map, kind="figure",
              update=update_map, placeholder=placeholder_map, note=f"Warna: aduan {MAP_DAYS} hari terakhir · titik: aduan hari ini, "
                                      f"kuning: terbaru · {KECAMATAN_CREDIT}", order=10),
    WallPanel("complaint-sla-opd", f"Kepatuhan SLA respons per OPD · {CHART_DAYS} hari", (MART,), "rotate",
              render_sla_by_opd, note="Terendah di atas", order=10),
    WallPanel("complaint-categories", f"Aduan per kategori · {CHART_DAYS} hari", (MART,), "rotate",
              render_by_category, order=20),
    WallPanel("complaint-trend", f"Aduan masuk per hari · {CHART_DAYS} hari", (MART,), "rotate",
              render_trend, order=30),
    # redrawn with the marts: the ETL's run after new complaints also brings their photos
    WallPanel("complaint-photos", "Foto aduan terbaru", (MART,), "rotate", render_photos,
              note=f"Hanya foto yang diizinkan pelapor untuk ditampilkan · {PHOTO_HOURS} jam terakhir", order=40),
    WallPanel("complaint-breaches", "Alarm SLA", (MART, MINUTE), "side", render_alarms,  # lateness: each minute
              note=f"Aduan terbuka yang {in_sentence(FIGURE_LABELS[BREACHED_EVER])}", order=10),
    WallPanel("complaint-ticker", "Aduan terbaru", (MART,), "ticker", render_ticker, order=10),
)
