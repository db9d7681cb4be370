"""The wall's planning panels and the planning KPI cards, built from the known round
(tests/synthetic_planning.py) and the known budget (tests/synthetic_planning_budget.py) through the
real marts: this year's round by stage, the absorption to this month against last year, the works
completed this month; an OPD sees its own figures."""

from __future__ import annotations

import json
from datetime import date

import pytest

import synthetic_planning
import synthetic_planning_budget
from core.domains import registered_domains, resolve
from core.services import Services
from core.users import Viewer
from etl.planning.budget_job import budget_job, log_pages
from etl.planning.job import change_log_pages, planning_job
from etl.runner import EtlRunner
from layouts.components import wall_planning_panels as panels
from layouts.components.wall_panels import registered_panels
from synthetic_planning_budget import MODAL, SUB_A, YEAR, line, payment

CITY = Viewer("1", "operator", "operator")
DISHUB = Viewer("2", "dishub", "opd", opd_code="DISHUB")
AUGUST = date(YEAR, 8, 20)


@pytest.fixture
def services(settings, databases):
    synthetic_planning.write(databases, synthetic_planning.known_round())
    last_year = line(20, 10, "DSDABM", SUB_A, MODAL, 100, year=YEAR - 1)
    synthetic_planning_budget.write(databases, synthetic_planning_budget.known_budget()
                                    + [last_year, payment(20, last_year[1], f"{YEAR - 1}-06-15", 40)])
    EtlRunner(databases, jobs=[planning_job(change_log_pages), budget_job(log_pages)]).run_once()
    return Services(settings, databases, None)


def text_of(component) -> str:
    return json.dumps(component.to_plotly_json(), default=lambda value: value.to_plotly_json())


def test_the_round_panel_lists_every_stage_with_its_share_of_the_proposals(services):
    rows = panels.stage_rows(panels.round_stages(services, CITY, AUGUST))
    assert [(row["label"], row["display"]) for row in rows] == [
        ("Diusulkan", "7 · 100,0%"), ("Diverifikasi kelurahan", "5 · 71,4%"), ("Diterima kecamatan", "3 · 42,9%"),
        ("Diprioritaskan kota", "2 · 28,6%"), ("Masuk rencana kerja", "2 · 28,6%"), ("Beranggaran", "2 · 28,6%"),
        ("Dikontrak", "1 · 14,3%"), ("Selesai dibangun", "1 · 14,3%"), ("Ditolak", "2 · 28,6%")]
    assert rows[-1]["tone"] == "bad"
    assert "Belum ada usulan" in text_of(panels.render_round(services, CITY, date(YEAR + 1, 1, 5)))  # no round yet


def test_the_budget_panel_sets_this_months_absorption_against_last_years(services):
    shown = text_of(panels.render_budget(services, CITY, AUGUST))
    assert "35,7%" in shown and "tahun lalu 40,0% pada Agustus" in shown  # 75 of 210; 40 of 100 in 2026
    assert "Serapan anggaran s.d. Agustus 2027" in shown
    assert panels.month_figures(services, CITY, AUGUST)["works_completed"] == 1
    assert panels.month_figures(services, CITY, date(YEAR, 7, 1))["works_completed"] == 0
    dishub = panels.month_figures(services, DISHUB, AUGUST)
    assert (dishub["now"]["absorption_pct"], dishub["last_year"]["absorption_pct"], dishub["works_completed"]) == \
        (10.0, None, 0)
    assert "tidak ada pembanding tahun lalu" in text_of(panels.render_budget(services, DISHUB, AUGUST))


def test_the_kpi_cards_show_the_same_three_figures(services):
    planning = next(domain for domain in registered_domains() if domain.name == "planning")
    cards = resolve(planning.kpi_cards)(services, CITY, None, today=AUGUST)
    texts = [text_of(card) for card in cards]
    assert len(cards) == 3
    assert "Usulan Musrenbang 2027" in texts[0] and '"7"' in texts[0] and "ditolak 2" in texts[0]
    assert "35,7%" in texts[1] and "tahun lalu 40,0%" in texts[1]
    assert '"1"' in texts[2] and "Agustus 2027" in texts[2]


def test_the_panels_are_registered_for_the_wall():
    keys = {panel.key: panel for panel in registered_panels("rotate")}
    assert keys["planning-round"].marts == ("planning_proposals",)
    assert keys["planning-budget"].marts == ("planning_budget",)
