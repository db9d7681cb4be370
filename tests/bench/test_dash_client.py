"""The harness's DashClient sends what a page holds, as a browser does: a store a callback returned
comes back as that callback's State with the next request, so a refreshing page's cost is measured
(the live map is not sent again until its drawing changes)."""

from __future__ import annotations

import pytest

from bench.callbacks import DashClient
from etl.infrastructure.job import infrastructure_job
from etl.load import bump_versions
from etl.runner import EtlRunner
from layouts.components.ids_infrastruktur import Infrastruktur as I
from synthetic_infrastructure import NOW, known_fleet, write


@pytest.fixture
def backend():  # the harness's client is the same on both backends
    return "sqlite"


def test_a_refresh_carries_the_store_the_last_answer_returned(app, databases, make_user):
    write(databases, known_fleet())
    EtlRunner(databases, jobs=[infrastructure_job(clock=lambda: NOW)]).run_once()
    client = DashClient(app).login(*make_user("operator1", "operator"))
    refresh = client.request(I.MAP, {})

    refresh()
    drawn = client._held[f"{I.MAP_DRAWN}.data"]
    assert isinstance(drawn, str) and f"{I.MAP}.figure" in client._held
    client._held.pop(f"{I.MAP}.figure")
    refresh()  # the page sends the drawing it shows: the map is not sent again
    assert f"{I.MAP}.figure" not in client._held and client._held[f"{I.MAP_DRAWN}.data"] == drawn
    with databases.warehouse.begin() as connection:
        bump_versions(connection, ["infra_outages"])  # an ETL commit: a new drawing
    refresh()
    assert f"{I.MAP}.figure" in client._held and client._held[f"{I.MAP_DRAWN}.data"] != drawn
