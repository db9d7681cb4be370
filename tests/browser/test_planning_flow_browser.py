"""e-Musrenbang end to end in headless Chromium: an RT/RW head, on a phone-sized screen, files a
proposal with a photo on /musrenbang/baru (the point from the phone's GPS, then tapped on the map of his
kelurahan); the lurah
verifies it on /musrenbang/meja; the camat rejects it with a reason from the list; the public answer
(no login) shows that reason."""

from __future__ import annotations

import base64
import os

import pytest

from layouts.components.ids_usulan_baru import UsulanBaru as U
from layouts.components.ids_usulan_meja import UsulanMeja as M

pytestmark = pytest.mark.browser

KETABANG, GENTENG = "35.78.07.1004", "35.78.07"
ALL_YEAR = "01-01..12-31"
PHOTO = {"name": "gang.png", "mimeType": "image/png", "buffer": base64.b64decode(  # a real 1x1 PNG
    "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==")}
REASON = "Bukan kewenangan pemerintah kota"


@pytest.fixture
def settings(settings):
    """Every round open all year: the head files, the lurah verifies and the camat decides today."""
    return settings.override(planning={"rw_round": ALL_YEAR, "kelurahan_round": ALL_YEAR,
                                       "kecamatan_round": ALL_YEAR, "city_round": ALL_YEAR})


def choose(page, dropdown_id: str, option: str) -> None:
    page.click(f"#{dropdown_id}")
    page.get_by_role("option", name=option, exact=True).click()


def tap_map_centre(page) -> None:
    """Taps the middle of the form's map (centred on the head's kelurahan) once MapLibre has drawn."""
    selector = f"#{U.MAP} .js-plotly-plot"
    page.wait_for_function(f"""() => {{
        const plot = document.querySelector('{selector}');
        const map = plot && plot._fullLayout && plot._fullLayout.map && plot._fullLayout.map._subplot.map;
        return map && map.loaded() && plot.data[1].lat.length > 0;
    }}""", timeout=30_000)
    canvas = page.locator(f"#{U.MAP} .maplibregl-canvas")
    canvas.scroll_into_view_if_needed()
    box = canvas.bounding_box()
    x, y = box["x"] + box["width"] / 2, box["y"] + box["height"] / 2
    page.mouse.move(x, y)  # Plotly clicks the point under the hover, so hover first
    page.locator(f"#{U.MAP} .hoverlayer .hovertext").wait_for(timeout=10_000)
    page.mouse.click(x, y)


def test_a_proposal_filed_verified_and_rejected_shows_its_reason_to_the_public(
        live_server, page, make_user, switch_user, tmp_path):
    make_user("rw01.ketabang", "rt_rw", kelurahan_code=KETABANG, rw=1)
    make_user("lurah.ketabang", "lurah", kelurahan_code=KETABANG)
    make_user("camat.genteng", "camat", kecamatan_code=GENTENG)

    # the RT/RW head, on a phone
    page.set_viewport_size({"width": 412, "height": 915})
    switch_user("rw01.ketabang", "/musrenbang/baru")
    page.wait_for_selector("text=Kelurahan Ketabang, RW 01", timeout=20_000)
    choose(page, U.ITEM, "Paving gang (per m2)")
    page.fill(f"#{U.VOLUME}", "40")
    page.wait_for_selector("text=Perkiraan biaya: Rp 7.000.000 (40 m2)", timeout=20_000)
    page.context.grant_permissions(["geolocation"])
    page.context.set_geolocation({"latitude": -7.26052, "longitude": 112.74821})  # the phone's GPS, in Ketabang
    page.click(f"#{U.GPS}")
    page.wait_for_selector("text=Lokasi dari GPS", timeout=20_000)
    assert page.input_value(f"#{U.LAT}") == "-7.26052" and page.input_value(f"#{U.LON}") == "112.74821"
    tap_map_centre(page)  # then the point tapped on the map of his kelurahan
    page.wait_for_function(f"() => document.querySelector('#{U.LAT}').value !== ''", timeout=20_000)
    page.fill(f"#{U.ADDRESS}", "Jl. Ketabang Kali Gg. 2")
    page.fill(f"#{U.TITLE}", "Paving gang buntu RT 03")
    page.set_input_files(f"#{U.PHOTOS} input[type=file]", files=[PHOTO])
    page.wait_for_selector(f"#{U.PHOTO_LIST} >> text=gang.png", timeout=20_000)
    page.click(f"#{U.SUBMIT}")
    page.locator(f"#{U.NUMBER}").wait_for(timeout=30_000)
    save_screenshot(page, tmp_path, "usulan-baru.png")
    number = page.inner_text(f"#{U.NUMBER}")
    assert number.startswith("USL-")

    # the lurah verifies it
    page.set_viewport_size({"width": 1600, "height": 1000})
    switch_user("lurah.ketabang", "/musrenbang/meja")
    page.locator(f"#{M.QUEUE} td", has_text=number).click(timeout=30_000)
    page.wait_for_selector(f"#{M.DETAIL} >> text=Paving gang buntu RT 03", timeout=20_000)
    assert page.locator(f"#{M.DETAIL} img").count() == 1  # the photo, through the module's photo route
    page.wait_for_function(f"() => document.querySelector('#{M.DETAIL} img').naturalWidth === 1", timeout=10_000)
    page.fill(f"#{M.NOTE}", "Sudah dicek ke lokasi.")
    page.click(f"#{M.VERIFY}")
    page.wait_for_selector(f"text=Usulan {number} diverifikasi.", timeout=20_000)

    # the camat rejects it with a reason from the list
    switch_user("camat.genteng", "/musrenbang/meja")
    page.locator(f"#{M.QUEUE} td", has_text=number).click(timeout=30_000)
    page.wait_for_selector(f"#{M.DETAIL} >> text=Diverifikasi", timeout=20_000)
    page.click(f"#{M.REJECT}")  # without a reason: refused at the reason
    page.wait_for_selector("text=penolakan harus menyebut alasan dari daftar", timeout=20_000)
    choose(page, M.REASON, REASON)
    page.fill(f"#{M.NOTE}", "Jalan ini milik provinsi.")
    page.click(f"#{M.REJECT}")
    page.wait_for_selector(f"text=Usulan {number} ditolak.", timeout=20_000)
    save_screenshot(page, tmp_path, "usulan-meja.png")

    # the public, without a login
    page.context.clear_cookies()
    answer = page.request.get(f"{live_server}/api/planning/public/proposals/{number}")
    assert answer.status == 200
    public = answer.json()
    assert public["status"] == "rejected" and public["rejection_reason_name"] == REASON
    assert [step["action"] for step in public["steps"]] == ["submitted", "verified", "rejected"]
    assert public["steps"][-1]["reason_name"] == REASON
    assert "camat.genteng" not in answer.text() and "rw01.ketabang" not in answer.text()

    # the citizen's page /usulan/<number> (modules/planning/http/public.py) shows the reason, no names
    html_page = page.request.get(f"{live_server}/usulan/{number}", max_redirects=0)
    assert html_page.status == 200 and "react-entry-point" not in html_page.text()
    assert REASON in html_page.text()
    assert "camat.genteng" not in html_page.text() and "rw01.ketabang" not in html_page.text()
    page.goto(f"{live_server}/usulan/{number}")
    assert page.get_by_text(REASON).first.is_visible()
    save_screenshot(page, tmp_path, "usulan-publik.png")


def save_screenshot(page, tmp_path, name: str):
    page.screenshot(path=str(tmp_path / name), full_page=True)
    if os.environ.get("PANTAU_SCREENSHOTS"):
        page.screenshot(path=os.path.join(os.environ["PANTAU_SCREENSHOTS"], name), full_page=True)
