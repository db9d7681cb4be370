"""The Sipandu panels of the wall display, city-wide aggregates only: this week's newcomers, the
share reported within the 24-hour rule and the kelurahan's verification backlog (three big
figures), and the last weeks' flow as bars. Pure builders first, then the renderers that ask
data/sipandu/pages.py. PANELS is registered by domains/sipandu.py; the KPI cards
(callbacks/_sipandu_kpis.py) show the same three figures."""

from __future__ import annotations

from datetime import date, timedelta

import pandas as pd
from dash import html

from core import formatting
from core.clock import city_today
from core.services import Services
from core.users import Viewer
from data.sipandu import pages
from data.sipandu.queries import SHARE_WEEKS, SipanduKpis
from data.sipandu.tables import SIPANDU_MART, week_of
from layouts.components.wall_complaint_panels import bar_list
from layouts.components.wall_panels import MINUTE, WallPanel

FLOW_WEEKS = 8


# --- figures (ask data/) -------------------------------------------------------------------------

def week_figures(services: Services, viewer: Viewer, today: date | None = None) -> SipanduKpis:
    return pages.kpis(services, viewer, today or city_today())


def recent_flow(services: Services, viewer: Viewer, today: date | None = None) -> pd.DataFrame:
    return pages.weekly_flow(services, viewer, FLOW_WEEKS, today or city_today())


def within_hours(services: Services) -> int:
    """The reporting rule's hours (settings: sipandu.report_within_hours), as the cards name it."""
    return services.settings.sipandu.report_within_hours


# --- builders (data in, components out) ----------------------------------------------------------

def week_label(today: date) -> str:
    """'minggu 7/9 – 13/9/2026': the city week (Monday to Sunday) holding today."""
    monday = week_of(today)
    sunday = monday + timedelta(days=6)
    return f"minggu {monday.day}/{monday.month} – {sunday.day}/{sunday.month}/{sunday.year}"


def in_time_tone(share_pct: float | None) -> str:
    if share_pct is None:
        return ""
    return "ok" if share_pct >= 90 else "warn"


def week_panel(figures: SipanduKpis, today: date, hours: int) -> html.Div:
    """Three big figures: newcomers this week, the in-time share, the backlog now."""
    return html.Div(className="wall-planning-month", style={"gridTemplateColumns": "repeat(3, minmax(0, 1fr))"},
                    children=[
        wall_figure(formatting.count(figures.newcomers_this_week), "Pendatang baru", week_label(today)),
        wall_figure(formatting.percent(figures.in_time_pct), f"Dilaporkan ≤ {hours} jam",
                    f"{SHARE_WEEKS} minggu terakhir", in_time_tone(figures.in_time_pct)),
        wall_figure(formatting.count(figures.backlog), "Menunggu verifikasi", "di kelurahan, saat ini",
                    "warn" if figures.backlog else ""),
    ])


def wall_figure(value: str, label: str, note: str, tone: str = "") -> html.Div:
    return html.Div(className=f"wall-figure {tone}".strip(), children=[
        html.Div(value, className="wall-figure-value"),
        html.Div(label, className="wall-figure-label"),
        html.Div(note, className="wall-figure-note"),
    ])


def flow_rows(flow: pd.DataFrame) -> list[dict]:
    """Rows for bar_list, oldest week first: arrivals as the bar (scaled to the busiest week),
    arrivals and those who left (moved out or stay ended) as the number."""
    if flow.empty or not int(flow[["arrivals", "departures", "expiries"]].to_numpy().sum()):
        return []
    most = max(1, int(flow["arrivals"].max()))
    return [{"label": f"{row.week.day}/{row.week.month}", "value": 100.0 * row.arrivals / most, "tone": "",
             "display": f"{formatting.count(row.arrivals)} datang · "
                        f"{formatting.count(row.departures + row.expiries)} keluar"}
            for row in flow.itertuples()]


# --- renderers -----------------------------------------------------------------------------------

def render_week(services: Services, viewer: Viewer, today: date | None = None):
    today = today or city_today()
    return week_panel(week_figures(services, viewer, today), today, within_hours(services))


def render_flow(services: Services, viewer: Viewer, today: date | None = None):
    return bar_list(flow_rows(recent_flow(services, viewer, today)),
                    f"Belum ada pendatang tercatat dalam {FLOW_WEEKS} minggu terakhir.")


PANELS = (  # registered by the Sipandu domain (domains/sipandu.py); the minute turns the week over
    WallPanel("sipandu-week", "Pendatang minggu ini", (SIPANDU_MART, MINUTE), "rotate", render_week, order=85,
              note="Penduduk non-permanen se-kota · pencatatan RT, verifikasi kelurahan"),
    WallPanel("sipandu-flow", f"Arus pendatang {FLOW_WEEKS} minggu", (SIPANDU_MART, MINUTE), "rotate", render_flow,
              order=86, note="Per minggu (Senin): datang · keluar (pindah atau masa tinggal habis)"),
)
