"""Figures and tables of the Kinerja page (/kinerja), built from the answers of data/kinerja/pages.py:
plain figure dicts and html components, no queries, in Indonesian. They show OPDs, days, bands and
(inside one OPD) supervisors by their pseudonymous staff id and unit, never a person's name."""

from __future__ import annotations

from datetime import date

import pandas as pd
from dash import html

from core import formatting
from data.areas import Area
from data.kinerja.queries import compliance_by_group
from layouts.components.complaint_charts import empty_figure
from layouts.components.plain_figures import count_axis, day_strings, figure, values
from layouts.components.tables import more_text, number_cell, table
from modules.kinerja.links import LINK_KINDS
from modules.kinerja.scores import BAND_NAMES, BANDS

ACCENT, TARGET_LINE = "#1f6fb2", "#c0392b"
COMPLIANCE_SCALE = [[0.0, "#d73027"], [0.5, "#fee08b"], [0.8, "#d9ef8b"], [1.0, "#1a9850"]]
LINK_LABELS = {"sub_kegiatan": "Sub kegiatan (rencana)", "complaint": "Aduan", "incident": "Kejadian",
               "letter": "Surat"}
LINK_COLOURS = {"sub_kegiatan": "#6b7785", "complaint": "#1f6fb2", "incident": "#e69138", "letter": "#2e7d32"}
BAND_COLOURS = {"sangat_baik": "#1a9850", "baik": "#91cf60", "butuh_perbaikan": "#fee08b", "kurang": "#fc8d59",
                "sangat_kurang": "#d73027"}
LIST_LIMIT = 20
NO_SUPERVISOR = "(tanpa atasan tercatat)"


# --- words ---------------------------------------------------------------------------------------

def unreadable(area: Area) -> str:
    return (f"Data e-Kinerja dicatat per OPD, sehingga tidak dapat ditampilkan untuk {area.name}: akun Anda "
            "tidak terhubung dengan OPD.")


def caption(area_name: str, days: list[date], target: int, deadline: int) -> str:
    return (f"{area_name} · {len(days)} hari kerja terakhir ({formatting.day(days[0])} – "
            f"{formatting.day(days[-1])}); peta kepatuhan menambahkan hari ini, sementara. Kepatuhan: pegawai "
            f"yang melapor (aktivitas diajukan atau disetujui) dibagi pegawai aktif OPD. Target {formatting.count(target)} menit "
            f"disetujui per hari kerja; tenggat persetujuan {deadline} hari kerja. Hanya angka agregat: tidak ada "
            "nama pegawai di halaman ini.")


def opd_name(names: dict, code) -> str:
    return names.get(code, code)


# --- compliance ----------------------------------------------------------------------------------

def heatmap_figure(by_day: pd.DataFrame, names: dict) -> dict:
    """OPD rows (or an OPD's units: the frame's first column; the lowest compliance of the period
    on top) x working days, coloured by the day's compliance %, the reports and active staff in
    the hover. `names`: the OPDs' names (units are shown as they are)."""
    if by_day.empty:
        return empty_figure("Belum ada pegawai aktif di data kepegawaian untuk wilayah ini.")
    key = by_day.columns[0]
    order = compliance_by_group(by_day)[key].tolist()
    days = sorted(by_day["day"].unique())
    def grid(column: str) -> list[list]:  # rows in `order`, columns in `days` (one pivot, no lookup per cell)
        return by_day.pivot(index=key, columns="day", values=column).reindex(index=order, columns=days).values.tolist()

    z = [[_float(value) for value in row] for row in grid("compliance_pct")]
    hover = [[f"{int(reported)} dari {int(active)} pegawai" for reported, active in zip(*pair)]
             for pair in zip(grid("reported"), grid("active"))]
    labels = [opd_name(names, opd) for opd in order]
    return figure([{"type": "heatmap", "x": day_strings(days), "y": labels, "z": z, "zmin": 0, "zmax": 100,
                    "colorscale": COMPLIANCE_SCALE, "customdata": hover, "xgap": 1, "ygap": 1,
                    "colorbar": {"title": {"text": "Kepatuhan %"}, "thickness": 12, "ticksuffix": "%"},
                    "hovertemplate": "%{y}<br>%{x|%d/%m/%Y}: %{z:.1f}% (%{customdata})<extra></extra>"}],
                  {"height": max(260, 22 * len(order) + 90), "margin": {"l": 10, "r": 10, "t": 10, "b": 40},
                   "plot_bgcolor": "white", "xaxis": {"type": "category", "tickangle": -45},
                   "yaxis": {"automargin": True, "autorange": "reversed",
                             "title": {"text": "Unit" if key == "unit" else "OPD"}}})


def minutes_figure(minutes: pd.DataFrame, names: dict) -> dict:
    """Approved minutes per active person per working day per OPD, lowest on top, the target as a line."""
    if minutes.empty or not minutes["working_days"].max():
        return empty_figure("Belum ada pegawai aktif atau hari kerja pada periode ini.")
    shown = minutes.sort_values(["per_person_day", "opd_code"], ignore_index=True)
    target = int(shown["target"].iloc[0])
    labels = [opd_name(names, opd) for opd in shown["opd_code"]]
    return figure([{"type": "bar", "orientation": "h", "x": values(shown["per_person_day"]), "y": labels,
                    "marker": {"color": ACCENT}, "textposition": "auto",
                    "text": [f"{formatting.number(m, 1)} · {formatting.percent(p)}"
                             for m, p in zip(shown["per_person_day"], shown["target_pct"])],
                    "hovertemplate": "%{y}: %{x:.1f} menit per pegawai per hari kerja<extra></extra>"}],
                  {"height": max(220, 26 * len(shown) + 70), "margin": {"l": 10, "r": 20, "t": 10, "b": 40},
                   "plot_bgcolor": "white", "yaxis": {"automargin": True},
                   "xaxis": {"gridcolor": "#eef1f4", "rangemode": "tozero", "title": {"text": "menit disetujui"}},
                   "shapes": [{"type": "line", "x0": target, "x1": target, "yref": "paper", "y0": 0, "y1": 1,
                               "line": {"color": TARGET_LINE, "dash": "dash"}}],
                   "annotations": [{"x": target, "yref": "paper", "y": 1, "text": f"target {target}",
                                    "showarrow": False, "yanchor": "bottom", "font": {"color": TARGET_LINE}}]})


# --- the backlog ---------------------------------------------------------------------------------

def backlog_table(backlog: pd.DataFrame, latency: pd.DataFrame, names: dict, deadline: int) -> list:
    """City-wide: per OPD, awaiting, past the deadline, the oldest's age and the period's mean
    approval time."""
    title = html.H3("Antrean persetujuan per OPD", className="panel-title")
    if backlog.empty:
        return [title, html.P("Tidak ada aktivitas yang menunggu persetujuan.", className="muted")]
    hours = dict(zip(latency["opd_code"], latency["mean_hours"]))
    rows = [[opd_name(names, r.opd_code), number_cell(r.awaiting), number_cell(r.overdue), days_text(r.oldest_age),
             hours_text(hours.get(r.opd_code))] for r in backlog.head(LIST_LIMIT).itertuples()]
    return [title, _summary(backlog, deadline, f"{formatting.count(len(backlog))} OPD"),
            table(("OPD", "Menunggu", "Lewat tenggat", "Tertua", "Rata-rata persetujuan"), rows)]


def supervisor_table(backlog: pd.DataFrame, latency: pd.DataFrame, deadline: int) -> list:
    """Inside one OPD: per supervisor (his staff id and unit, no name), the same figures."""
    title = html.H3("Antrean persetujuan per atasan", className="panel-title")
    if backlog.empty:
        return [title, html.P("Tidak ada aktivitas yang menunggu persetujuan.", className="muted")]
    rows = [[supervisor_text(r.supervisor_id), r.supervisor_unit or formatting.MISSING, number_cell(r.awaiting),
             number_cell(r.overdue), days_text(r.oldest_age)] for r in backlog.head(LIST_LIMIT).itertuples()]
    mean = (f" Rata-rata waktu persetujuan pada periode: {hours_text(latency['mean_hours'].iloc[0])}."
            if not latency.empty else "")
    return [title, _summary(backlog, deadline, f"{formatting.count(len(backlog))} atasan", mean),
            table(("Atasan (ID pegawai)", "Unit atasan", "Menunggu", "Lewat tenggat", "Tertua"), rows)]


def _summary(backlog: pd.DataFrame, deadline: int, where: str, extra: str = "") -> html.P:
    waiting, overdue = int(backlog["awaiting"].sum()), int(backlog["overdue"].sum())
    return html.P(f"{formatting.count(waiting)} aktivitas menunggu pada {where}" + more_text(len(backlog), LIST_LIMIT)
                  + f"; {formatting.count(overdue)} lewat tenggat {deadline} hari kerja. Umur dalam hari kerja "
                  "sejak diajukan." + extra, className="muted")


def supervisor_text(staff_id) -> str:
    return NO_SUPERVISOR if staff_id is None or pd.isna(staff_id) else f"#{int(staff_id)}"


def days_text(days) -> str:
    return f"{int(days)} hari kerja"


def hours_text(hours) -> str:
    return formatting.MISSING if hours is None or pd.isna(hours) else f"{formatting.number(hours, 1)} jam"


# --- activities backed by cases ------------------------------------------------------------------

def linked_figure(linked: pd.DataFrame, names: dict) -> dict:
    """Per OPD (most activities first, the first LIST_LIMIT): the share of its activities linked to
    each kind of case, stacked; the rest named nothing."""
    if linked.empty:
        return empty_figure("Belum ada aktivitas pada periode ini.")
    top = linked.head(LIST_LIMIT)
    labels = [opd_name(names, opd) for opd in top["opd_code"]]
    traces = [{"type": "bar", "orientation": "h", "name": LINK_LABELS[kind], "y": labels,
               "x": [round(100.0 * n / total, 1) if total else 0 for n, total in zip(top[kind], top["activities"])],
               "customdata": values(top[kind]), "marker": {"color": LINK_COLOURS[kind]},
               "hovertemplate": "%{y}: %{x:.1f}% (%{customdata} aktivitas)<extra>%{fullData.name}</extra>"}
              for kind in LINK_KINDS]
    return figure(traces, {"barmode": "stack", "height": max(220, 26 * len(top) + 90),
                           "margin": {"l": 10, "r": 20, "t": 34, "b": 40}, "plot_bgcolor": "white",
                           "legend": {"orientation": "h", "yanchor": "bottom", "y": 1.0, "x": 0},
                           "yaxis": {"automargin": True, "autorange": "reversed"},
                           "xaxis": {"range": [0, 100], "ticksuffix": "%", "gridcolor": "#eef1f4",
                                     "title": {"text": "dari semua aktivitas OPD"}}})


# --- scores --------------------------------------------------------------------------------------

def bands_figure(bands: pd.DataFrame) -> dict:
    """Per scored quarter: how many people in each rating band, stacked."""
    if bands.empty:
        return empty_figure("Belum ada nilai triwulan.")
    traces = [{"type": "bar", "name": BAND_NAMES[band], "x": values(bands["quarter"]), "y": values(bands[band]),
               "marker": {"color": BAND_COLOURS[band]},
               "hovertemplate": "%{x}: %{y:,} pegawai<extra>%{fullData.name}</extra>"} for band in BANDS]
    most = int(bands[list(BANDS)].sum(axis=1).max())
    return figure(traces, {"barmode": "stack", "height": 300, "margin": {"l": 10, "r": 10, "t": 34, "b": 30},
                           "plot_bgcolor": "white", "legend": {"orientation": "h", "yanchor": "bottom", "y": 1.0},
                           "xaxis": {"type": "category"}, "yaxis": {**count_axis(most), "title": {"text": "pegawai"}}})


def histogram_figure(histogram: pd.DataFrame | None, quarter: str | None) -> dict:
    """The quarter's final scores in bins of ten points (counts only); None: no quarter scored."""
    if histogram is None or quarter is None or not int(histogram["people"].sum()):
        return empty_figure("Belum ada nilai triwulan.")
    labels = [f"{low}–{low + 10}" for low in histogram["low"]]
    return figure([{"type": "bar", "x": labels, "y": values(histogram["people"]), "marker": {"color": ACCENT},
                    "hovertemplate": "Nilai akhir %{x}: %{y:,} pegawai<extra></extra>"}],
                  {"height": 300, "margin": {"l": 10, "r": 10, "t": 34, "b": 30}, "plot_bgcolor": "white",
                   "title": {"text": f"Nilai akhir triwulan {quarter}", "font": {"size": 13}},
                   "xaxis": {"type": "category"},
                   "yaxis": {**count_axis(histogram["people"].max()), "title": {"text": "pegawai"}}})


# --- values -------------------------------------------------------------------------------------

def _float(value) -> float | None:
    return None if value is None or pd.isna(value) else float(value)
