"""A citizen, with no account, files a complaint at /lapor in headless Chromium, gets a ticket and
follows it at /lacak/<ticket>."""

import os

import pytest

from modules.complaints import service

pytestmark = pytest.mark.browser


def test_a_citizen_files_a_complaint_and_tracks_it(live_server, page, databases, tmp_path):
    with databases.transaction() as session:
        service.seed_routing_rules(session)
    page.set_viewport_size({"width": 412, "height": 915})  # a phone
    page.goto(f"{live_server}/lapor")
    assert page.title().startswith("Buat laporan")
    save_screenshot(page, tmp_path, "lapor.png")

    page.select_option("#category_code", label="Sampah tidak terangkut")
    page.fill("#description", "Sampah menumpuk di depan Pasar Genteng sejak Senin <b>bau</b>.")
    page.fill("#lat", "-7.2575")
    page.fill("#lon", "112.7521")
    page.fill("#address", "Pasar Genteng, pintu timur")
    page.fill("#reporter_name", "Siti Aminah")
    page.fill("#reporter_contact", "081299887766")
    page.set_input_files("#photos", files=[{"name": "sampah.png", "mimeType": "image/png",
                                            "buffer": b"\x89PNG\r\n\x1a\n" + b"\x00" * 64}])
    page.click("#submit-complaint")

    ticket = page.locator("#ticket")
    ticket.wait_for(timeout=10_000)
    number = ticket.inner_text()
    assert number.startswith("ADU-")
    save_screenshot(page, tmp_path, "lapor-terkirim.png")

    page.click("#track-link")
    page.wait_for_url(f"**/lacak/{number}")
    assert page.locator("#status").inner_text() == "Diteruskan ke OPD"
    history = page.locator("#history").inner_text()
    assert "Laporan diterima" in history and "Diteruskan ke OPD yang berwenang" in history and "WIB" in history
    assert "<b>bau</b>" in page.locator("#description").inner_text()  # shown as text, not markup
    body = page.locator("body").inner_text()
    assert "Siti Aminah" not in body and "081299887766" not in body
    save_screenshot(page, tmp_path, "lacak.png")


def test_a_refused_form_shows_the_problem_at_the_field(live_server, page, databases):
    page.goto(f"{live_server}/lapor")
    page.select_option("#category_code", label="Sampah tidak terangkut")
    page.fill("#description", "Sampah menumpuk")
    page.fill("#lat", "-6.9")
    page.fill("#lon", "112.0")
    page.click("#submit-complaint")
    error = page.locator("#location-error")
    error.wait_for(timeout=10_000)
    assert "di luar Kota Surabaya" in error.inner_text()
    assert page.input_value("#description") == "Sampah menumpuk"


def save_screenshot(page, tmp_path, name: str):
    page.screenshot(path=str(tmp_path / name), full_page=True)
    if os.environ.get("PANTAU_SCREENSHOTS"):
        page.screenshot(path=os.path.join(os.environ["PANTAU_SCREENSHOTS"], name), full_page=True)
