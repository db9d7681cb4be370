"""Infrastruktur in headless Chromium, end to end on real sockets: the demo fleet's listeners
(simulator/infrastructure_fleet.py) for a core switch, an access switch and the 48 cameras behind
it, probed by the domain's prober worker, its results recorded by the service, the ETL following
the change log; the access switch goes down and the page shows ONE fault, "menyembunyikan 48
kamera", which opens to the 48 hidden cameras, and the wall's fault panel shows the same one fault."""

from __future__ import annotations

from contextlib import contextmanager

import pytest

from core.services import Services
from core.users import Viewer
from layouts.components.ids_infrastruktur import Infrastruktur as I
from modules.infrastructure import service
from modules.infrastructure import worker as prober_worker
from simulator.infrastructure_fleet import Fleet
from simulator.infrastructure_inventory import COLUMNS, write_csv

pytestmark = pytest.mark.browser

ADMIN = Viewer(user_id="1", username="admin1", role="admin")
SWITCH, CAMERA_COUNT = "SW-ACC-B1", 48
GENTENG = (-7.2590, 112.7440)  # inside the city


def network() -> list[dict[str, str]]:
    """A core switch, an access switch under it and 48 cameras under that, around Genteng."""
    def row(code, kind, probe, host, parents="", path="", offset=0):
        return {**{column: "" for column in COLUMNS}, "code": code, "kind": kind, "name": f"Perangkat {code}",
                "probe": probe, "host": host, "port": "0", "path": path, "parents": parents,
                "interval_seconds": "5", "timeout_seconds": "2", "retries": "1",
                "lat": f"{GENTENG[0] + 0.0004 * (offset // 8):.5f}", "lon": f"{GENTENG[1] + 0.0004 * (offset % 8):.5f}"}

    return [row("SW-CORE-B1", "switch", "tcp", "127.64.251.1"),
            row(SWITCH, "switch", "tcp", "127.64.251.2", "SW-CORE-B1", offset=1),
            *[row(f"CAM-B{n:02d}", "camera", "rtsp", f"127.64.251.{10 + n}", SWITCH, "/Streaming/Channels/101",
                  offset=n) for n in range(1, CAMERA_COUNT + 1)]]


@contextmanager
def probed_fleet(databases, settings):
    """The fleet's listeners, their inventory imported through the service, the prober worker on it."""
    fleet = Fleet(network(), run_schedule=False, any_port=True).start()
    worker = None
    try:
        with databases.transaction() as session:
            service.import_csv(session, ADMIN, write_csv(list(fleet.rows.values())), settings)
        worker = prober_worker.start(Services(settings, databases, None))
        yield fleet
    finally:
        if worker is not None:
            worker.stop()
        fleet.stop()


TRACE_NAMES = "() => { const g = document.querySelector('#infra-map .js-plotly-plot'); " \
              "return g && g.data ? g.data.map(t => t.name).join('|') : ''; }"


def test_an_access_switch_down_is_one_fault_hiding_its_48_cameras(live_server, page, sign_in, databases, settings,
                                                                   etl_follow, browser, kiosk_url):
    with probed_fleet(databases, settings) as fleet:
        sign_in("operator-infra", "operator", path="/login?next=/infrastruktur")
        page.wait_for_selector(f"#{I.MAP} .maplibregl-canvas", timeout=30_000)
        page.wait_for_function(f"() => ({TRACE_NAMES})().includes('Normal ({CAMERA_COUNT + 2})')", timeout=90_000)
        assert page.locator(f"#{I.FAULTS} [data-root]").count() == 0

        fleet.set_down(SWITCH)
        card = page.locator(f"#{I.FAULTS} [data-root='{SWITCH}'][data-hidden='{CAMERA_COUNT}']")
        card.wait_for(timeout=90_000)  # the switch DOWN, its cameras UNREACHABLE behind it, counted by the ETL
        assert page.locator(f"#{I.FAULTS} [data-root]").count() == 1  # one fault, not 49
        assert f"menyembunyikan {CAMERA_COUNT} kamera" in card.locator("summary").inner_text()
        card.locator("summary").click()
        hidden = card.locator("li[data-device]")
        hidden.first.wait_for(state="visible", timeout=10_000)
        assert hidden.count() == CAMERA_COUNT
        assert all(code.startswith("CAM-B") for code in hidden.evaluate_all("els => els.map(e => e.dataset.device)"))
        names = page.evaluate(TRACE_NAMES)
        assert "Mati (1)" in names and f"Tak terjangkau ({CAMERA_COUNT})" in names

        # the wall shows the same one fault, with what it hides
        wall = browser.new_context(viewport={"width": 1920, "height": 1080}).new_page()
        try:
            wall.goto(kiosk_url)
            fault = wall.locator(f".wall-alarm[data-item='fault:{SWITCH}']")
            fault.wait_for(timeout=30_000)
            assert f"menyembunyikan {CAMERA_COUNT} perangkat" in fault.inner_text()
            assert wall.locator(".wall-alarm[data-item^='fault:CAM-B']").count() == 0  # no fault of their own
        finally:
            wall.context.close()
