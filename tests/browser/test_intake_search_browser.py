"""Input Pengaduan in headless Chromium: the operator types a landmark's name, picks it from the
list, and the map's pin moves there, the coordinates fill in and the kelurahan is named."""

from __future__ import annotations

import pytest

from layouts.components.ids_pengaduan_baru import PengaduanBaru as B

pytestmark = pytest.mark.browser

PIN = f"() => document.querySelector('#{B.MAP} .js-plotly-plot').data[2]"  # the picked point's trace


def test_searching_a_place_moves_the_pin(live_server, page, sign_in, seeded):
    sign_in("operator9", "operator", path="/login?next=/pengaduan/baru")
    page.goto(f"{live_server}/pengaduan/baru")
    page.wait_for_selector(f"#{B.MAP} .maplibregl-canvas", timeout=20_000)
    assert page.evaluate(f"({PIN})().lat.length") == 0  # no point yet

    page.click(f"#{B.SEARCH}")
    search = page.locator(".dash-dropdown-search")  # the list's own search box, once it has opened
    search.wait_for(timeout=10_000)
    search.fill("tugu pahl")  # into the box itself: keys typed before it took the focus were lost
    option = page.locator(".dash-dropdown-option", has_text="Tugu Pahlawan — Kel. Gundih, Kec. Bubutan")
    option.wait_for(timeout=10_000)
    option.click()

    page.wait_for_function(f"() => ({PIN})().lat.length === 1", timeout=10_000)
    assert page.evaluate(f"({PIN})().lat[0]") == pytest.approx(-7.2458)
    assert page.evaluate(f"({PIN})().lon[0]") == pytest.approx(112.7378)
    assert page.input_value(f"#{B.LAT}") == "-7.24580" and page.input_value(f"#{B.LON}") == "112.73780"
    page.wait_for_selector(f"#{B.PLACE}:has-text('Kelurahan Gundih, Kecamatan Bubutan')", timeout=10_000)
    center = page.evaluate(f"() => document.querySelector('#{B.MAP} .js-plotly-plot').layout.map.center")
    assert center == {"lat": pytest.approx(-7.2458), "lon": pytest.approx(112.7378)}  # the map went there
