"""A lurah in headless Chromium: his Pengaduan page is titled with his kelurahan, its map colours
only his kelurahan (the others greyed, "di luar wilayah Anda"), its table lists only his
complaints; his landing page shows his kelurahan today. An RW head's landing page lists his RW's
complaints only, and Pengaduan stays refused to him."""

from __future__ import annotations

import os
import tempfile

import pytest

pytestmark = pytest.mark.browser

SCREENSHOT_DIR = os.environ.get("PANTAU_SCREENSHOTS", tempfile.gettempdir())
KETABANG = "35.78.07.1004"
GRAPH = "document.querySelector('#{} .js-plotly-plot')"


def traces(page, graph_id: str) -> dict:
    return page.evaluate(f"() => Object.fromEntries(({GRAPH.format(graph_id)}).data"
                         ".map(t => [t.name, Array.from(t.locations || [])]))")


def test_a_lurah_sees_only_his_kelurahan(live_server, page, make_user, fill_login, complaint_marts):
    make_user("lurah.ketabang", "lurah", kelurahan_code=KETABANG)
    page.goto(f"{live_server}/login")
    fill_login(page, "lurah.ketabang", "password-123")

    page.wait_for_selector("#home-title:has-text('Kelurahan Ketabang hari ini')", timeout=20_000)
    page.wait_for_selector("#home-section-complaints .home-table", timeout=20_000)
    tickets = page.locator("#home-section-complaints .home-table tbody tr td:nth-child(2)").all_inner_texts()
    assert tickets and set(tickets) <= {f"ADU-TEST-{i:06d}" for i in (1, 2, 3, 4, 12)}
    page.wait_for_selector("#home-map .maplibregl-canvas", timeout=20_000)
    page.screenshot(path=os.path.join(SCREENSHOT_DIR, "home-lurah.png"), full_page=True)

    page.goto(f"{live_server}/pengaduan")
    page.wait_for_selector("#pengaduan-title:has-text('Pengaduan — Kelurahan Ketabang')", timeout=20_000)
    page.wait_for_function(f"() => {{ const g = {GRAPH.format('pengaduan-map')};"
                           " return !!g && !!g.data && g.data.some(t => t.name === 'luar'); }", timeout=20_000)
    drawn = traces(page, "pengaduan-map")
    assert drawn["nilai"] == [KETABANG] and len(drawn["luar"]) == 4
    assert "di luar wilayah Anda" in page.inner_text("#pengaduan-map-caption")
    page.wait_for_selector("#pengaduan-queue .dash-cell", timeout=20_000)
    places = set(page.locator("#pengaduan-queue td[data-dash-column='kelurahan']").all_inner_texts())
    assert places == {"Ketabang"}
    assert not page.locator("#pengaduan-back").is_visible()  # no way out to the city
    page.screenshot(path=os.path.join(SCREENSHOT_DIR, "pengaduan-lurah.png"))


def test_an_rw_head_sees_his_rws_complaints(live_server, page, make_user, fill_login, complaint_marts):
    make_user("rw01.ketabang", "rt_rw", kelurahan_code=KETABANG, rw=1)
    page.goto(f"{live_server}/login")
    fill_login(page, "rw01.ketabang", "password-123")

    page.wait_for_selector("#home-title:has-text('RW 01 Kelurahan Ketabang hari ini')", timeout=20_000)
    page.wait_for_selector("#home-section-complaints .home-table", timeout=20_000)
    tickets = page.locator("#home-section-complaints .home-table tbody tr td:nth-child(2)").all_inner_texts()
    assert set(tickets) == {"ADU-TEST-000001", "ADU-TEST-000003"}  # RW 01's; not RW 02's nor those without
    open_now = page.locator("#home-section-complaints [data-figure='Masih terbuka'] .home-figure-value")
    assert open_now.inner_text() == "2"
    page.screenshot(path=os.path.join(SCREENSHOT_DIR, "home-rw.png"), full_page=True)

    response = page.goto(f"{live_server}/pengaduan")  # a page his role may not open stays refused
    assert response.status == 403
    page.wait_for_selector("text=Akses ditolak", timeout=20_000)
