"""Builders for the KPI Pimpinan page: the period, headline cards with their change against the
previous period, ranking tables (also the CSV exports) and the trend chart. Pure functions of
plain values and DataFrames, testable without a browser or a database.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import date, datetime

import pandas as pd
from dash import html

from core import formatting
from core.clock import city_naive
from core.messages import in_sentence
from modules.complaints.messages import FIGURE_LABELS
from core.periods import calendar_month
from data.complaints.queries import ComplaintFilters
from layouts.components.plain_figures import day_strings, figure, values

PERIOD_DAYS = ("7", "30", "90")
MONTH = "month"
MONTH_NAMES = ("Januari", "Februari", "Maret", "April", "Mei", "Juni", "Juli", "Agustus", "September",
               "Oktober", "November", "Desember")
NO_VALUE = "–"


# --- the period -----------------------------------------------------------------------------

def month_options(today: date, count: int = 12) -> list[dict]:
    """The current month and the `count - 1` before it, newest first, valued 'YYYY-MM'."""
    options, year, month = [], today.year, today.month
    for _ in range(count):
        options.append({"label": f"{MONTH_NAMES[month - 1]} {year}", "value": f"{year:04d}-{month:02d}"})
        year, month = (year, month - 1) if month > 1 else (year - 1, 12)
    return options


def period_filters(period: str | None, month: str | None, today: date) -> ComplaintFilters:
    """The filters for a choice of 'last N days' or a calendar month (cut at today)."""
    if period == MONTH and month:
        year, number = (int(part) for part in month.split("-"))
        chosen = calendar_month(year, number, today)
        return ComplaintFilters(start=chosen.start, end=chosen.end)
    days = int(period) if period in PERIOD_DAYS else 30
    return ComplaintFilters.last_days(days, today=today)


def period_label(filters: ComplaintFilters) -> str:
    days = (filters.end - filters.start).days + 1
    return f"{indonesian_date(filters.start)} – {indonesian_date(filters.end)} ({days} hari)"


def indonesian_date(day: date) -> str:
    return f"{day.day} {MONTH_NAMES[day.month - 1]} {day.year}"


def print_header(filters: ComplaintFilters, generated_at: datetime) -> list:
    """Shown on paper only: what the page covers and when it was made (city time)."""
    return [
        html.H1("Pantau · KPI Pengaduan Warga Kota Surabaya"),
        html.P(f"Periode: {period_label(filters)} · dibandingkan dengan "
               f"{period_label(filters.previous_period())}"),
        html.P(f"Dibuat: {indonesian_date(generated_at.date())} pukul {generated_at:%H:%M} WIB"),
    ]


# --- headline cards -------------------------------------------------------------------------

HIGHER, LOWER, NEUTRAL = "higher", "lower", "neutral"  # which way a figure is better


@dataclass(frozen=True)
class KpiSpec:
    key: str
    label: str
    unit: str = ""
    better: str = NEUTRAL
    is_percent: bool = False
    decimals: int = 0
    note: str = ""


@dataclass(frozen=True)
class Change:
    arrow: str   # ▲ ▼ ● or '' when there is nothing to compare with
    text: str
    tone: str    # better | worse | same | neutral


def kpi_specs(first_response_minutes: int, feedback_minutes: int) -> list[KpiSpec]:
    return [
        KpiSpec("received", "Pengaduan diterima"),
        KpiSpec("first_response_within_sla_pct", f"Respons pertama ≤ {duration(first_response_minutes)}",
                "%", HIGHER, is_percent=True, decimals=1),
        KpiSpec("feedback_within_sla_pct", f"Umpan balik ≤ {duration(feedback_minutes)}",
                "%", HIGHER, is_percent=True, decimals=1),
        KpiSpec("median_response_minutes", "Median waktu respons", "menit", LOWER, decimals=1),
        KpiSpec("backlog", f"Backlog ({in_sentence(FIGURE_LABELS['open'])})", better=LOWER,
                note="posisi saat ini: tidak mengikuti awal periode (semua aduan terbuka yang diterima sampai akhir periode)"),
    ]


def duration(minutes: int) -> str:
    return f"{minutes // 60} jam" if minutes >= 120 and minutes % 60 == 0 else f"{minutes} menit"


def change(current: float | None, previous: float | None, spec: KpiSpec) -> Change:
    """Arrow, text and tone of the change; percentages change in points, other figures in %."""
    if current is None or previous is None:
        return Change("", "tidak ada pembanding", NEUTRAL)
    delta = current - previous
    arrow = "▲" if delta > 0 else "▼" if delta < 0 else "●"
    if spec.is_percent:
        text = f"{signed(delta, 1)} poin"
    elif previous:
        text = f"{signed(100.0 * delta / previous, 1)}%"
    else:
        text = "tetap" if delta == 0 else "naik dari 0"
    return Change(arrow, text, tone(delta, spec.better))


def tone(delta: float, better: str) -> str:
    if delta == 0:
        return "same"
    if better == NEUTRAL:
        return NEUTRAL
    return "better" if (delta > 0) == (better == HIGHER) else "worse"


def kpi_card(spec: KpiSpec, current: float | None, previous: float | None) -> html.Div:
    moved = change(current, previous, spec)
    compared = f"sebelumnya {number(previous, spec.decimals)}{spec.unit and ' ' + spec.unit}" \
        if previous is not None else spec.note
    return html.Div(className="headline-card", id=f"pimpinan-kpi-{spec.key}", children=[
        html.Div(spec.label, className="headline-label"),
        html.Div(className="headline-value", children=[
            number(current, spec.decimals), html.Span(spec.unit and f" {spec.unit}", className="headline-unit"),
        ]),
        html.Div(className=f"headline-change change-{moved.tone}", children=[
            html.Span(moved.arrow, className="headline-arrow"), f" {moved.text}",
        ]),
        html.Div(compared, className="headline-previous"),
    ])


def kpi_cards(figures: dict, specs: list[KpiSpec]) -> list[html.Div]:
    """One card per spec from `kpis()`'s {'current': {...}, 'previous': {...}}."""
    current, previous = figures["current"], figures["previous"]
    return [kpi_card(spec, current.get(spec.key), previous.get(spec.key)) for spec in specs]


# --- numbers, Indonesian style (1.234,5) ------------------------------------------------------

def number(value, decimals: int = 0) -> str:
    return formatting.number(value, decimals, missing=NO_VALUE)


def signed(value: float, decimals: int) -> str:
    return ("+" if value > 0 else "−" if value < 0 else "±") + number(abs(value), decimals)


# --- rankings (the same frames are the CSV exports) ----------------------------------------

OPD_COLUMNS = {"code": "Kode", "name": "OPD", "received": "Diterima",
               "response_sla_pct": "% respons dalam SLA", "feedback_sla_pct": "% umpan balik dalam SLA",
               "mean_response_minutes": "Rata-rata respons (menit)"}
KECAMATAN_COLUMNS = {"code": "Kode", "name": "Kecamatan", "received": "Diterima",
                     "rate_per_1000": "Per 1.000 penduduk", "response_sla_pct": "% respons dalam SLA"}
DECIMALS = {"Per 1.000 penduduk": 2, "% respons dalam SLA": 1, "% umpan balik dalam SLA": 1,
            "Rata-rata respons (menit)": 1}


def opd_ranking(counts: pd.DataFrame, names: dict[str, str]) -> pd.DataFrame:
    """OPDs, worst first-response compliance first (then worst feedback compliance, then the
    busiest); OPDs with nothing measured yet come last."""
    frame = counts.assign(name=counts["code"].map(lambda code: names.get(code, code)))
    frame = frame.sort_values(["response_sla_pct", "feedback_sla_pct", "received", "name"],
                              ascending=[True, True, False, True], na_position="last")
    return _renamed(frame, OPD_COLUMNS)


def kecamatan_ranking(summary: pd.DataFrame) -> pd.DataFrame:
    """Kecamatan, most complaints per 1,000 residents first."""
    frame = summary.sort_values(["rate_per_1000", "received", "name"], ascending=[False, False, True],
                                na_position="last")
    return _renamed(frame, KECAMATAN_COLUMNS)


def _renamed(frame: pd.DataFrame, columns: dict[str, str]) -> pd.DataFrame:
    frame = frame[list(columns)].rename(columns=columns).reset_index(drop=True)
    return frame.astype({"Diterima": "int64"})


def export_ranking(frame: pd.DataFrame) -> pd.DataFrame:
    """The ranking for a file: numbers rounded as the table shows them (1,2 not 1,2345678)."""
    return frame.round({column: digits for column, digits in DECIMALS.items() if column in frame})


def ranking_table(frame: pd.DataFrame, hidden: tuple[str, ...] = ("Kode",)) -> html.Table:
    """A plain table (prints well, unlike a virtualised grid); numbers right-aligned."""
    columns = [c for c in frame.columns if c not in hidden]
    numeric = {c for c in columns if pd.api.types.is_numeric_dtype(frame[c])}

    def cell(column, value):
        text = number(None if pd.isna(value) else value, DECIMALS.get(column, 0)) if column in numeric else value
        return html.Td(text, className="num" if column in numeric else None)

    rows = frame[columns].itertuples(index=False, name=None)  # plain tuples: iterrows makes a Series per row
    return html.Table(className="ranking-table", children=[
        html.Thead(html.Tr([html.Th(c, className="num" if c in numeric else None) for c in columns])),
        html.Tbody([html.Tr([cell(c, value) for c, value in zip(columns, row)]) for row in rows]),
    ])


# --- trend ----------------------------------------------------------------------------------

def trend_figure(trend: pd.DataFrame) -> dict:
    """Complaints received per day (bars) and the day's first-response compliance (line); a plain
    dict, see plain_figures.py."""
    measured = trend["response_met"] + trend["response_breached"]
    # worked out again: the trend fills days without data with 0, which is not 0% compliance
    compliance = (100.0 * trend["response_met"] / measured.where(measured > 0)).round(1)
    days = day_strings(trend["day"])
    return figure([
        {"type": "bar", "x": days, "y": values(trend["received"]), "name": "Diterima", "marker": {"color": "#0b6bcb"},
         "hovertemplate": "%{x|%d %b %Y}: %{y:,} pengaduan<extra></extra>"},
        {"type": "scatter", "x": days, "y": values(compliance), "name": "% respons dalam SLA", "yaxis": "y2",
         "mode": "lines+markers", "line": {"color": "#2e7d32", "width": 2}, "connectgaps": False,
         "hovertemplate": "%{x|%d %b %Y}: %{y:.1f}%<extra></extra>"},
    ], {
        "margin": {"l": 50, "r": 50, "t": 10, "b": 40}, "height": 300, "bargap": 0.25, "uirevision": "trend",
        "plot_bgcolor": "#ffffff", "paper_bgcolor": "#ffffff", "legend": {"orientation": "h", "y": 1.12, "x": 0},
        "yaxis": {"title": {"text": "Pengaduan"}, "rangemode": "tozero", "gridcolor": "#e6ebf0"},
        "yaxis2": {"title": {"text": "% dalam SLA"}, "overlaying": "y", "side": "right", "range": [0, 105],
                   "tickvals": [0, 25, 50, 75, 100], "showgrid": False},
        "xaxis": day_axis(days),
    })


DAY_MS = 86_400_000
MOST_DAY_TICKS = 16


def day_axis(days: list) -> dict:
    """A date axis ticked in whole days: left to itself Plotly ticks a month cut at its first
    days (or a single day) in hours. Every day while they fit, else every n-th day."""
    step = max(1, math.ceil(len(days) / MOST_DAY_TICKS))
    axis = {"type": "date", "dtick": step * DAY_MS, "tickformat": formatting.AXIS_DAY_FORMAT,
            "hoverformat": formatting.HOVER_DAY_FORMAT}
    return {**axis, "tick0": days[0]} if days else axis


def city_now(utc_now: datetime) -> datetime:
    """The city's wall-clock time (WIB), as the rest of the read side counts days."""
    return city_naive(utc_now)
