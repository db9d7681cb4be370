"""The infrastructure domain's headline cards on the KPI Pimpinan page (named in
domains/infrastructure.py): camera availability over the page's period against the cameras'
contracts, the longest outages a device caused itself, the vendors below their SLA."""

from __future__ import annotations

from core import formatting
from core.services import Services
from core.users import Viewer
from data.infrastructure import queries
from data.infrastructure.queries import InfraFilters
from layouts.components.complaint_charts import headline_card

LONGEST_SHOWN = 3


def infrastructure_cards(services: Services, viewer: Viewer, filters) -> list:
    """`filters` are the page's (a complaint period): the same days for the devices."""
    period = InfraFilters(start=filters.start, end=filters.end)
    # the cameras' part and the contracts from one read of the period (queries.contract_seconds)
    camera_availability, objectives = queries.cameras_against_contracts(services, viewer, period)
    contracts = queries.sla_by_contract(services, viewer, period).dropna(subset=["slo_percent"])
    longest = queries.longest_outages(services, viewer, period, LONGEST_SHOWN)
    below = contracts[contracts["met"] == False]  # noqa: E712 - None (nothing measured) is neither
    return [
        headline_card("Ketersediaan kamera", formatting.percent(camera_availability, 2), _objective(objectives)),
        headline_card("Gangguan terlama", _duration(longest["duration_seconds"].iloc[0]) if len(longest) else "—",
                      ", ".join(f"{row.device_code} {_duration(row.duration_seconds)}"
                                for row in longest.itertuples()) or "tidak ada gangguan"),
        headline_card("Vendor di bawah SLA", f"{formatting.count(len(below))} dari {formatting.count(len(contracts))}",
                      ", ".join(sorted(set(below["vendor"].dropna()))) or "semua memenuhi target"),
    ]


def _objective(objectives: list[float]) -> str:
    if not objectives:
        return "tanpa target kontrak"
    low, high = objectives[0], objectives[-1]
    shown = formatting.percent(low, 1) if low == high else f"{formatting.percent(low, 1)}–{formatting.percent(high, 1)}"
    return f"target kontrak {shown}"


def _duration(seconds) -> str:
    """An outage's length: "45 mnt", "5 jam 12 mnt", "3 hari 4 jam"."""
    minutes = int((seconds or 0) // 60)
    if minutes < 60:
        return f"{minutes} mnt"
    if minutes < 24 * 60:
        return f"{minutes // 60} jam {minutes % 60:02d} mnt"
    return f"{minutes // (24 * 60)} hari {minutes % (24 * 60) // 60} jam"
