"""A pimpinan opens /pengaduan in headless Chromium: the map, the open queue, one complaint's detail."""

import os

import pytest

pytestmark = pytest.mark.browser


def test_pimpinan_opens_a_complaint_from_the_open_queue(live_server, page, sign_in, complaint_marts, tmp_path):
    sign_in("pimpinan1", "pimpinan", path="/login?next=/pengaduan")
    page.goto(f"{live_server}/pengaduan")

    page.wait_for_selector("#pengaduan-map .js-plotly-plot", timeout=20_000)
    page.wait_for_selector("text=31 kecamatan", timeout=20_000)
    locations = page.evaluate("() => document.querySelector('#pengaduan-map .js-plotly-plot').data[1].locations")
    assert len(locations) == 31

    ticket = page.locator("#pengaduan-queue td", has_text="ADU-TEST-000006")
    ticket.wait_for(timeout=20_000)
    ticket.click()
    detail = page.locator("#pengaduan-detail")
    detail.locator("text=Aduan ADU-TEST-000006").wait_for(timeout=20_000)
    assert "Bina Marga" in detail.inner_text() and "Tambaksari" in detail.inner_text()

    page.wait_for_selector("#pengaduan-map .maplibregl-canvas", timeout=20_000)
    save_screenshot(page, tmp_path, "pengaduan.png")

    click_on_map(page, lat=-7.258, lon=112.744)  # a point inside Genteng
    page.wait_for_selector("text=Kecamatan Genteng · 5 kelurahan", timeout=20_000)
    assert page.locator("#pengaduan-back").is_visible()
    page.wait_for_timeout(500)  # let the map draw the kelurahan before the picture
    save_screenshot(page, tmp_path, "pengaduan-genteng.png")
    page.click("#pengaduan-back")
    page.wait_for_selector("text=Kota Surabaya · 31 kecamatan", timeout=20_000)


def click_on_map(page, lat: float, lon: float):
    """Clicks the map where (lat, lon) is drawn, once MapLibre has drawn the district layers."""
    page.wait_for_function("""() => {
        const map = document.querySelector('#pengaduan-map .js-plotly-plot')._fullLayout.map._subplot.map;
        return map.loaded() && map.getStyle().layers.some(l => l.type === 'fill');
    }""", timeout=20_000)
    canvas = page.locator("#pengaduan-map .maplibregl-canvas")
    canvas.scroll_into_view_if_needed()
    box = canvas.bounding_box()
    point = page.evaluate("""([lon, lat]) => document.querySelector('#pengaduan-map .js-plotly-plot')
        ._fullLayout.map._subplot.map.project([lon, lat])""", [lon, lat])
    x, y = box["x"] + point["x"], box["y"] + point["y"]
    page.mouse.move(x, y)  # Plotly clicks the point under the hover, so hover first
    page.locator("#pengaduan-map .hoverlayer .hovertext").wait_for(timeout=10_000)
    page.mouse.click(x, y)


def save_screenshot(page, tmp_path, name: str):
    page.screenshot(path=str(tmp_path / name), full_page=True)
    if os.environ.get("PANTAU_SCREENSHOTS"):
        page.screenshot(path=os.path.join(os.environ["PANTAU_SCREENSHOTS"], name), full_page=True)
