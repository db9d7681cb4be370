"""Figures and tables of the Sipandu page (/sipandu), built from the answers of data/sipandu/pages.py:
plain figure dicts and html components, no queries, in Indonesian. They list areas and boarding houses,
never a person."""

from __future__ import annotations

import math
from datetime import date

import pandas as pd
from dash import html

from core import formatting
from core.settings import MapSettings
from data.areas import Area
from data.sipandu.queries import Listed
from layouts.components.complaint_charts import empty_figure, view_for_bounds
from layouts.components.maps import LABEL_COLOUR, LABEL_FONT, label_trace, map_style, outside_traces
from layouts.components.plain_figures import count_axis, day_strings, figure, values
from layouts.components.tables import more_text, number_cell, table
from layouts.components.sipandu_labels import PURPOSE_NAMES, age_text
from modules.sipandu.regions import region_names

ACCENT, LEFT, ENDED, PRESENT_LINE = "#1f6fb2", "#6b7785", "#e69138", "#2e7d32"
RESIDENT_SCALE = [[0.0, "#f7fbff"], [0.3, "#c6dbef"], [0.65, "#6baed6"], [1.0, "#08519c"]]
TOP_REGENCIES = 10
LIST_LIMIT = 20       # rows of a table (silent RTs, boarding houses, kelurahan)
JAWA_TIMUR = "35"     # the city's own province: its newcomers are drawn at Surabaya itself
INDONESIA_ZOOM, PROVINCE_ZOOM = 2.6, 6.0
NO_RW_BOUNDARIES = ("Batas RW belum tersedia di Pantau, jadi peta berhenti di kelurahan: rincian per RW ada di "
                    "tabel di samping.")


# --- words ---------------------------------------------------------------------------------------

def unreadable(area: Area) -> str:
    return (f"Akun Anda belum terhubung dengan wilayah yang dicatat Sipandu (kecamatan, kelurahan, RW atau RT), "
            f"sehingga data pendatang tidak dapat ditampilkan untuk {area.name}.")


def caption(area: Area, weeks: int, since: date, today: date) -> str:
    return (f"{area.name} · {weeks} minggu terakhir ({formatting.day(since)} – {formatting.day(today)}). "
            "Pendatang: pencatatan RT yang tidak ditolak kelurahan; tinggal: tercatat atau sudah diverifikasi. "
            "Hanya angka agregat: tidak ada NIK atau nama di halaman ini.")


def place_text(names: dict, kelurahan_code: str) -> str:
    return names["kelurahan"].get(kelurahan_code, kelurahan_code)


def rw_rt(rw, rt=None) -> str:
    return f"RW {int(rw):02d}" + ("" if rt is None else f" · RT {int(rt):02d}")


# --- the map and the areas -----------------------------------------------------------------------

def residents_map(by_kelurahan: pd.DataFrame, inside: pd.DataFrame, outside: pd.DataFrame, geojson_url: str,
                  map_settings: MapSettings, view: tuple[dict, float] | None = None) -> dict:
    """The kelurahan of the viewer's area coloured by their present newcomers (0 where none), the
    rest greyed, names written on it. `inside`: code, name, lat, lon of the area's kelurahan."""
    found = by_kelurahan["kelurahan_code"].tolist()  # plain dicts: a Series lookup per kelurahan cost ~8 ms
    present = dict(zip(found, by_kelurahan["residents"].tolist()))
    unverified = dict(zip(found, by_kelurahan["unverified"].tolist()))
    codes = inside["code"].tolist()
    residents = [int(present.get(code, 0)) for code in codes]
    waiting = [int(unverified.get(code, 0)) for code in codes]
    trace = {"type": "choroplethmap", "geojson": geojson_url, "featureidkey": "properties.code",
             "locations": codes, "z": residents, "zmin": 0, "zmax": max([*residents, 1]),
             "colorscale": RESIDENT_SCALE, "name": "pendatang",
             "customdata": [[name, w] for name, w in zip(inside["name"], waiting)],
             "marker": {"line": {"color": "#44505c", "width": 0.8}, "opacity": 0.85},
             "hovertemplate": "<b>%{customdata[0]}</b><br>Pendatang tinggal: %{z}"
                              "<br>menunggu verifikasi: %{customdata[1]}<extra></extra>",
             "colorbar": {"title": {"text": "Pendatang<br>tinggal", "font": {"size": 12}}, "thickness": 12,
                          "tickformat": "d", "dtick": max(1, -(-max([*residents, 1]) // 5)), "len": 0.5,
                          "x": 0.99, "xanchor": "right",
                          "bgcolor": "rgba(255,255,255,0.8)"}}
    center, zoom = view or ({"lat": map_settings.center_lat, "lon": map_settings.center_lon}, map_settings.zoom)
    return figure([trace, *outside_traces(outside, geojson_url), label_trace(inside, "kelurahan")],
                  {"map": {"style": map_style(map_settings.basemap_style), "zoom": zoom, "center": center},
                   "margin": {"l": 0, "r": 0, "t": 0, "b": 0}, "showlegend": False,
                   "uirevision": f"sipandu:{zoom}"})


def kelurahan_table(by_kelurahan: pd.DataFrame, names: dict) -> list:
    """The kelurahan with present newcomers, most first (the first LIST_LIMIT)."""
    title = html.H3("Pendatang tinggal per kelurahan", className="panel-title")
    if by_kelurahan.empty:
        return [title, html.P("Belum ada pendatang yang tinggal di wilayah ini.", className="muted")]
    rows = [[place_text(names, r.kelurahan_code), names["kecamatan"].get(r.kecamatan_code, r.kecamatan_code),
             number_cell(r.residents), number_cell(r.unverified)]
            for r in by_kelurahan.head(LIST_LIMIT).itertuples()]
    total = int(by_kelurahan["residents"].sum())
    return [title, html.P(f"{formatting.count(total)} pendatang di {formatting.count(len(by_kelurahan))} kelurahan"
                          + more_text(len(by_kelurahan), LIST_LIMIT), className="muted"),
            table(("Kelurahan", "Kecamatan", "Tinggal", "Menunggu verifikasi"), rows)]


def rw_table(by_rw: pd.DataFrame, area: Area) -> list:
    """The present newcomers per RW of the viewer's kelurahan (an RT head: his RT's, in its RW)."""
    title = html.H3(f"Pendatang tinggal per RW — {area.name}", className="panel-title")
    if by_rw.empty:
        return [title, html.P("Belum ada pendatang yang tinggal di wilayah ini.", className="muted")]
    rows = [[rw_rt(r.rw), number_cell(r.residents), number_cell(r.unverified)] for r in by_rw.itertuples()]
    note = " Hanya RT Anda." if area.kind == "rt" else ""
    return [title, html.P(f"{formatting.count(int(by_rw['residents'].sum()))} pendatang tinggal.{note}",
                          className="muted"),
            table(("RW", "Tinggal", "Menunggu verifikasi"), rows)]


# --- the flow, purposes, the 24-hour rule --------------------------------------------------------

def trend_figure(flow: pd.DataFrame) -> dict:
    """Per week (its Monday): arrivals, departures and ended stays as bars, the present newcomers
    at the week's end as a line on its own axis (a stock, not a flow)."""
    moved = flow[["arrivals", "departures", "expiries", "active"]].to_numpy().sum() if not flow.empty else 0
    if not moved:
        return empty_figure("Belum ada pendatang tercatat pada periode ini.")
    weeks = day_strings(flow["week"])
    bar = {"type": "bar", "x": weeks, "hovertemplate": "Minggu %{x|%d/%m/%Y}: %{y:,}<extra>%{fullData.name}</extra>"}
    return figure([
        {**bar, "y": values(flow["arrivals"]), "name": "Datang", "marker": {"color": ACCENT}},
        {**bar, "y": values(flow["departures"]), "name": "Pindah", "marker": {"color": LEFT}},
        {**bar, "y": values(flow["expiries"]), "name": "Masa tinggal habis", "marker": {"color": ENDED}},
        {"type": "scatter", "mode": "lines+markers", "x": weeks, "y": values(flow["active"]), "yaxis": "y2",
         "name": "Tinggal di akhir minggu", "line": {"color": PRESENT_LINE},
         "hovertemplate": "Akhir minggu %{x|%d/%m/%Y}: %{y:,} tinggal<extra></extra>"},
    ], {"height": 300, "margin": {"l": 10, "r": 10, "t": 34, "b": 30}, "plot_bgcolor": "white", "barmode": "group",
        "legend": {"orientation": "h", "yanchor": "bottom", "y": 1.0, "x": 0},
        "xaxis": {"tickformat": formatting.AXIS_DAY_FORMAT},
        "yaxis": {**count_axis(flow[["arrivals", "departures", "expiries"]].to_numpy().max()),
                  "title": {"text": "per minggu"}, "automargin": True},
        "yaxis2": {**count_axis(flow["active"].max()), "title": {"text": "tinggal"}, "overlaying": "y",
                   "side": "right", "showgrid": False, "automargin": True}})


def purposes_figure(purposes: pd.DataFrame) -> dict:
    """Every purpose (0 where none), most arrivals on top, with its share."""
    if purposes.empty or not int(purposes["arrivals"].sum()):
        return empty_figure("Belum ada pendatang pada periode ini.")
    labels = [PURPOSE_NAMES.get(p, p) for p in purposes["purpose"]]
    return figure([{"type": "bar", "orientation": "h", "x": values(purposes["arrivals"]), "y": labels,
                    "marker": {"color": ACCENT}, "textposition": "auto",
                    "text": [f"{formatting.count(n)} · {formatting.percent(s)}"
                             for n, s in zip(purposes["arrivals"], purposes["share_pct"])],
                    "hovertemplate": "%{y}: %{x:,} pendatang<extra></extra>"}],
                  {"height": 200, "margin": {"l": 10, "r": 20, "t": 10, "b": 30}, "plot_bgcolor": "white",
                   "yaxis": {"automargin": True, "autorange": "reversed"},
                   "xaxis": count_axis(purposes["arrivals"].max())})


def timeliness_block(found, hours: int, since: date) -> list:
    """The share of the period's records reported within the rule's hours of the arrival."""
    note = (f"{formatting.count(found.recorded_in_time)} dari {formatting.count(found.recorded)} pencatatan sejak "
            f"{formatting.day(since)}" if found.recorded else f"Belum ada pencatatan sejak {formatting.day(since)}.")
    return [html.Div(className="kpi-card", children=[
        html.Div(formatting.percent(found.share_pct), className="kpi-value"),
        html.Div(f"Dilaporkan ke RT ≤ {hours} jam setelah tiba", className="kpi-label"),
        html.Div(note, className="kpi-note")])]


# --- origins -------------------------------------------------------------------------------------

def origins_figure(origins: pd.DataFrame) -> dict:
    """The TOP_REGENCIES regencies most arrivals came from, most on top, named with their province."""
    top = origins.head(TOP_REGENCIES)
    if top.empty:
        return empty_figure("Belum ada pendatang pada periode ini.")
    regencies, provinces = region_names("regency"), region_names("province")
    labels = [f"{regencies.get(r, r)} ({provinces.get(p, p)})"
              for r, p in zip(top["origin_regency"], top["origin_province"])]
    arrivals = values(top["arrivals"])
    return figure([{"type": "bar", "orientation": "h", "x": arrivals, "y": labels, "marker": {"color": ACCENT},
                    "text": [formatting.count(n) for n in arrivals], "textposition": "auto",
                    "hovertemplate": "%{y}: %{x:,} pendatang<extra></extra>"}],
                  {"height": max(200, 30 * len(top) + 60), "margin": {"l": 10, "r": 20, "t": 10, "b": 30},
                   "plot_bgcolor": "white", "yaxis": {"automargin": True, "autorange": "reversed"},
                   "xaxis": count_axis(top["arrivals"].max())})


def province_arrivals(origins: pd.DataFrame, capitals: dict[str, tuple[str, float, float]]) -> list[dict]:
    """The arrivals summed per province of origin, at its capital (`capitals`: capital_points):
    dicts of code, name (the capital's), lat, lon, arrivals and province (its name); most first. A
    province missing from the capitals' table is left off the map. Plain Python: for some 500
    regencies pandas' group, merge and sort cost more than the sums (milliseconds a request)."""
    summed: dict[str, int] = {}
    for province, arrivals in zip(origins["origin_province"].tolist(), origins["arrivals"].tolist()):
        summed[province] = summed.get(province, 0) + int(arrivals)
    names = region_names("province")
    placed = [{"code": code, "name": name, "lat": lat, "lon": lon, "arrivals": summed[code],
               "province": names.get(code, code)}
              for code, (name, lat, lon) in capitals.items() if code in summed]
    return sorted(placed, key=lambda place: (-place["arrivals"], place["code"]))


def capital_points(capitals: pd.DataFrame) -> dict[str, tuple[str, float, float]]:
    """Each province's code -> its capital's name, lat and lon."""
    columns = [capitals[name].tolist() for name in ("code", "name", "lat", "lon")]
    return {code: (name, float(lat), float(lon)) for code, name, lat, lon in zip(*columns)}


def origin_map(origins: pd.DataFrame, capitals: pd.DataFrame, map_settings: MapSettings) -> dict:
    """Each province of origin as a circle at its capital, sized by its arrivals, with a line to
    Surabaya; Jawa Timur's own newcomers sit on Surabaya."""
    if origins.empty:
        return empty_figure("Belum ada pendatang pada periode ini.")
    points = capital_points(capitals)
    placed = province_arrivals(origins, points)
    _, *home = points[JAWA_TIMUR]  # Surabaya
    lines = [place for place in placed if place["code"] != JAWA_TIMUR]
    most = max([1, *(place["arrivals"] for place in placed)])
    return figure([
        {"type": "scattermap", "mode": "lines", "hoverinfo": "skip", "name": "arus",
         "lat": [v for place in lines for v in (place["lat"], home[0], None)],
         "lon": [v for place in lines for v in (place["lon"], home[1], None)],
         "line": {"color": ACCENT, "width": 1.5}, "opacity": 0.5},
        {"type": "scattermap", "mode": "markers+text", "name": "provinsi",
         "lat": [place["lat"] for place in placed], "lon": [place["lon"] for place in placed],
         "textposition": "top center", "textfont": {"family": LABEL_FONT, "size": 12, "color": LABEL_COLOUR},
         "text": [f"{place['province']}: {formatting.count(place['arrivals'])}" for place in placed],
         "marker": {"size": [8 + 30 * math.sqrt(place["arrivals"] / most) for place in placed], "color": ENDED,
                    "opacity": 0.8},
         "customdata": [place["name"] for place in placed],
         "hovertemplate": "%{text}<br>digambar di %{customdata} (ibu kota provinsi)<extra></extra>"},
    ], {"map": {"style": map_style(map_settings.basemap_style), **origin_view(placed, tuple(home))},
        "margin": {"l": 0, "r": 0, "t": 0, "b": 0}, "showlegend": False, "uirevision": "sipandu-origins"})


def origin_view(placed: list[dict], home: tuple[float, float]) -> dict:
    """Centre and zoom that hold every province drawn (Surabaya among them), no closer than a
    province and no farther than the whole country."""
    lats, lons = [*(place["lat"] for place in placed), home[0]], [*(place["lon"] for place in placed), home[1]]
    margin = 1.0  # degrees around the circles, for their size and their names
    center, zoom = view_for_bounds((min(lons) - margin, min(lats) - margin, max(lons) + margin, max(lats) + margin),
                                   pixels=(640, 380))
    return {"center": center, "zoom": min(max(zoom, INDONESIA_ZOOM), PROVINCE_ZOOM)}


# --- the backlog and the gaps --------------------------------------------------------------------

def backlog_table(backlog: pd.DataFrame, names: dict) -> list:
    """Per kelurahan: records waiting for its verification, the oldest's and the median age."""
    title = html.H3("Menunggu verifikasi kelurahan", className="panel-title")
    if backlog.empty:
        return [title, html.P("Tidak ada pencatatan yang menunggu verifikasi.", className="muted")]
    rows = [[place_text(names, r.kelurahan_code), names["kecamatan"].get(r.kecamatan_code, r.kecamatan_code),
             number_cell(r.waiting), hours_text(r.oldest_hours), hours_text(r.median_hours)]
            for r in backlog.head(LIST_LIMIT).itertuples()]
    total = int(backlog["waiting"].sum())
    return [title, html.P(f"{formatting.count(total)} pencatatan menunggu di {formatting.count(len(backlog))} "
                          f"kelurahan" + more_text(len(backlog), LIST_LIMIT) + ". Umur dihitung sejak dicatat RT.",
                          className="muted"),
            table(("Kelurahan", "Kecamatan", "Menunggu", "Tertua", "Median"), rows)]


def hours_text(hours) -> str:
    return formatting.MISSING if hours is None or pd.isna(hours) else age_text(round(float(hours) * 60))


def silent_table(silent: Listed, names: dict, since: date) -> list:
    """RTs that recorded nothing since the period began, those with most boarding houses first."""
    title = html.H3(f"RT tanpa pencatatan sejak {formatting.day(since)}", className="panel-title")
    if not silent.total:
        return [title, html.P("Setiap RT di wilayah ini mencatat pendatang pada periode ini.", className="muted")]
    rows = [[place_text(names, r.kelurahan_code), rw_rt(r.rw, r.rt), number_cell(r.kos), number_cell(r.capacity)]
            for r in silent.rows.itertuples()]
    return [title, html.P(f"{formatting.count(silent.total)} RT tidak mencatat satu pendatang pun"
                          + more_text(silent.total, LIST_LIMIT) + ". Yang punya rumah kos paling mungkin terlewat.",
                          className="muted"),
            table(("Kelurahan", "RW · RT", "Rumah kos", "Kapasitas"), rows)]


def kos_table(houses: Listed, names: dict) -> list:
    """The active boarding houses, those with nobody recorded first, then the least filled."""
    title = html.H3("Rumah kos dan pendatang tercatat", className="panel-title")
    if not houses.total:
        return [title, html.P("Belum ada rumah kos terdaftar di wilayah ini.", className="muted")]
    rows = [[r.kos_code, place_text(names, r.kelurahan_code), rw_rt(r.rw, r.rt), number_cell(r.capacity),
             number_cell(r.present), formatting.percent(None if r.ratio is None else 100 * r.ratio, 0)]
            for r in houses.rows.itertuples()]
    return [title, html.P(f"{formatting.count(houses.flagged)} dari {formatting.count(houses.total)} rumah kos "
                          "tanpa pendatang tercatat" + more_text(houses.total, LIST_LIMIT) + ".", className="muted"),
            table(("Rumah kos", "Kelurahan", "RW · RT", "Kapasitas", "Tercatat tinggal", "Terisi"), rows)]


# --- tables --------------------------------------------------------------------------------------
