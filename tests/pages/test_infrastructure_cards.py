"""The infrastructure cards of the KPI page and its section of the landing page, from the known
fleet (tests/synthetic_infrastructure.py) through the real marts."""

from __future__ import annotations

import json

import pytest
from synthetic_infrastructure import D, NEXT, NOW, known_fleet, write

from callbacks._infrastructure_kpis import infrastructure_cards
from callbacks._infrastructure_today import infrastructure_today
from core.services import Services
from core.users import Viewer
from data.complaints.queries import ComplaintFilters
from etl.infrastructure.job import infrastructure_job
from etl.runner import EtlRunner

CITY = Viewer("1", "pimpinan", "pimpinan")
RW_HEAD = Viewer("5", "rw", "rw", kelurahan_code="35.78.07.1004", rw="01")


@pytest.fixture
def services(settings, databases):
    write(databases, known_fleet())
    EtlRunner(databases, jobs=[infrastructure_job(clock=lambda: NOW)]).run_once()
    return Services(settings, databases, None)


def text(component) -> str:
    return json.dumps(component, default=lambda value: value.to_plotly_json())


def test_the_cards_say_camera_availability_the_longest_outage_and_vendors_below_their_sla(services):
    cards = [text(card) for card in infrastructure_cards(services, CITY, ComplaintFilters(start=D, end=NEXT))]
    availability, longest, vendors = cards
    assert "Ketersediaan kamera" in availability and "target kontrak 99" in availability
    # the open outages of CAM-3 and SW-2 count up to now; then CAM-2's own 3.5 hours without video
    assert "Gangguan terlama" in longest and "CAM-3" in longest and "CAM-2 3 jam 30 mnt" in longest
    assert "SW-1" not in longest  # its 2 hours come fourth
    assert "Vendor di bawah SLA" in vendors and "PT Kamera Kota" in vendors


def test_the_landing_section_counts_devices_and_lists_faults_by_root_cause(services):
    section = text(infrastructure_today(services, CITY))
    assert "Perangkat normal" in section and "SW-2" in section and "1 perangkat" in section  # CAM-4 hidden
    assert "CAM-4" not in section  # hidden, not a fault of its own


def test_an_rw_head_is_told_devices_are_kept_per_kelurahan(services):
    assert "tidak per RW" in text(infrastructure_today(services, RW_HEAD))
