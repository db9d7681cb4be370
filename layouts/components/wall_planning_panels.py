"""The planning panels of the wall display: this year's musrenbang round by stage, and the budget
absorbed up to this month against the same month last year with the works completed this month.
Pure builders first, then the renderers that ask data/planning. PANELS is registered by
domains/planning.py; the KPI cards (callbacks/_planning_kpis.py) show the same three figures."""

from __future__ import annotations

from datetime import date

import pandas as pd
from dash import html

from core import formatting
from core.clock import city_today
from core.services import Services
from core.users import Viewer
from data.planning import budget_queries, queries
from data.planning.budget_tables import BUDGET_MART
from data.planning.queries import PlanningFilters
from data.planning.tables import PROPOSALS_MART
from layouts.components.planning_charts import STAGE_NAMES
from layouts.components.wall_complaint_panels import bar_list
from layouts.components.wall_panels import WallPanel

MONTH_NAMES = ("Januari", "Februari", "Maret", "April", "Mei", "Juni", "Juli", "Agustus", "September", "Oktober",
               "November", "Desember")
STAGE_TONES = {"rejected": "bad", "planned": "ok"}


# --- figures (ask data/) -------------------------------------------------------------------------

def round_stages(services: Services, viewer: Viewer, today: date | None = None) -> pd.DataFrame:
    """The funnel of the round held in today's year (a proposal's year is its round's: proposals.py)."""
    return queries.funnel(services, viewer, PlanningFilters(year=(today or city_today()).year))


def month_figures(services: Services, viewer: Viewer, today: date | None = None) -> dict:
    """This month's: absorption to its end and the same month's last year, works completed."""
    today = today or city_today()
    return {"today": today,
            "now": budget_queries.absorption_at(services, viewer, today.year, today.month),
            "last_year": budget_queries.absorption_at(services, viewer, today.year - 1, today.month),
            "works_completed": budget_queries.works_completed(services, viewer, today.year, today.month)}


# --- builders (data in, components out) ----------------------------------------------------------

def month_label(day: date) -> str:
    return f"{MONTH_NAMES[day.month - 1]} {day.year}"


def stage_rows(funnel: pd.DataFrame) -> list[dict]:
    """Rows for bar_list: each stage's proposals, the bar their share of those proposed."""
    if funnel.empty or not int(funnel["proposals"].iloc[0]):
        return []
    return [{"label": STAGE_NAMES.get(row.stage, row.stage), "value": float(row.pct_of_proposed or 0.0),
             "display": f"{formatting.count(row.proposals)} · {formatting.percent(row.pct_of_proposed)}",
             "tone": STAGE_TONES.get(row.stage, "")} for row in funnel.itertuples()]


def absorption_note(now: dict, last_year: dict) -> str:
    """"tahun lalu 31,2% pada Juli" or that last year has nothing to compare with."""
    if last_year["absorption_pct"] is None:
        return "tidak ada pembanding tahun lalu"
    return f"tahun lalu {formatting.percent(last_year['absorption_pct'])} pada {MONTH_NAMES[now['month'] - 1]}"


def budget_month(figures: dict) -> html.Div:
    """Two big figures: absorption to this month (against last year) and works completed."""
    now, before = figures["now"], figures["last_year"]
    tone = ""
    if now["absorption_pct"] is not None and before["absorption_pct"] is not None:
        tone = "ok" if now["absorption_pct"] >= before["absorption_pct"] else "warn"
    return html.Div(className="wall-planning-month", children=[
        html.Div(className=f"wall-figure {tone}".strip(), children=[
            html.Div(formatting.percent(now["absorption_pct"]), className="wall-figure-value"),
            html.Div(f"Serapan anggaran s.d. {month_label(figures['today'])}", className="wall-figure-label"),
            html.Div(absorption_note(now, before), className="wall-figure-note"),
        ]),
        html.Div(className="wall-figure", children=[
            html.Div(formatting.count(figures["works_completed"]), className="wall-figure-value"),
            html.Div("Pekerjaan selesai bulan ini", className="wall-figure-label"),
        ]),
    ])


# --- renderers -----------------------------------------------------------------------------------

def render_round(services: Services, viewer: Viewer, today: date | None = None):
    return bar_list(stage_rows(round_stages(services, viewer, today)), "Belum ada usulan Musrenbang tahun ini.")


def render_budget(services: Services, viewer: Viewer, today: date | None = None):
    return budget_month(month_figures(services, viewer, today))


PANELS = (  # registered by the planning domain (domains/planning.py)
    WallPanel("planning-round", "Usulan Musrenbang tahun ini", (PROPOSALS_MART,), "rotate", render_round, order=80,
              note="Usulan per tahap · bar: bagian dari yang diusulkan"),
    WallPanel("planning-budget", "Serapan anggaran bulan ini", (BUDGET_MART,), "rotate", render_budget, order=81,
              note="Realisasi kumulatif / pagu APBD berlaku, dibanding bulan yang sama tahun lalu"),
)
