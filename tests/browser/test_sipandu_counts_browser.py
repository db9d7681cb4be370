"""Sipandu's counts move in a real browser: a newcomer recorded by an RT head shows on the lurah's
Sipandu page (newcomers this week, waiting for verification) and on the wall once the ETL has
followed the change log; the lurah's verification empties the backlog again. No page shows his NIK.
(The desks' own clicks are tested in test_sipandu_desk_browser.py; here the service records.)"""

from __future__ import annotations

from datetime import datetime, time, timedelta
from urllib.parse import urlsplit

import pytest

from core.clock import CITY_ZONE, city_today, utc_now
from core.users import Viewer
from data.sipandu.tables import week_of
from layouts.components.ids_sipandu import Sipandu as S
from modules.sipandu import newcomers
from modules.sipandu.keys import keys_for
from modules.sipandu.sample import arrival_form, sample_nik

pytestmark = pytest.mark.browser

KETABANG = "35.78.07.1004"
HEAD = Viewer("h", "rt-1-3", "rt_rw", kelurahan_code=KETABANG, rw=1, rt=3)
LURAH = Viewer("l", "lurah", "lurah", kelurahan_code=KETABANG)


def card(page, label: str) -> str:
    """The value of the Sipandu page's headline card with this label."""
    return page.locator(".kpi-card", has_text=label).locator(".kpi-value").first.inner_text()


def reload_until(page, label: str, wanted: str, timeout: float = 30.0) -> None:
    """Reloads the page until the card says `wanted` (the ETL follows the change log in a thread)."""
    deadline = utc_now() + timedelta(seconds=timeout)
    while True:
        page.reload()
        page.locator(".kpi-card", has_text=label).first.wait_for(timeout=20_000)
        if card(page, label) == wanted or utc_now() > deadline:
            break
        page.wait_for_timeout(500)
    assert card(page, label) == wanted


def wall_week_figures(page) -> list[str]:
    section = page.locator("[id*='sipandu-week']").first
    section.wait_for(state="attached", timeout=30_000)
    return section.locator(".wall-figure-value").all_inner_texts()


def test_a_recorded_newcomer_moves_the_counts_on_the_sipandu_page_and_the_wall(
        live_server, page, browser, make_user, fill_login, databases, settings, etl_follow, kiosk_url):
    make_user("lurah.ketabang", "lurah", kelurahan_code=KETABANG)
    page.goto(f"{live_server}/login?next=/sipandu")
    fill_login(page, "lurah.ketabang", "password-123")
    assert urlsplit(page.url).path == "/sipandu"
    page.locator(".kpi-card", has_text="Pendatang baru minggu ini").first.wait_for(timeout=30_000)
    assert card(page, "Pendatang baru minggu ini") == "0" and card(page, "Pendatang menunggu verifikasi") == "0"

    keys = keys_for(settings)
    now = utc_now()  # arrived two hours ago, but within this city week (a run just after Monday's midnight)
    this_week = datetime.combine(week_of(city_today(now)), time.min, tzinfo=CITY_ZONE)
    form = arrival_form(31, KETABANG, 1, 3, max(now - timedelta(hours=2), this_week))
    with databases.transaction() as session:
        record_id = newcomers.record_arrival(session, HEAD, form, keys, settings.sipandu).id
    reload_until(page, "Pendatang menunggu verifikasi", "1")
    assert card(page, "Pendatang baru minggu ini") == "1"
    # the tables' rows are plain elements (layouts/components/plain_html.py): drawn as cells all the same
    waiting = page.locator(f"#{S.BACKLOG} tbody tr", has_text="Ketabang").first
    waiting.wait_for(timeout=30_000)
    assert waiting.locator("td.num").first.inner_text() == "1"
    assert page.locator(f"#{S.SILENT} tbody tr td").count() > 0

    wall = browser.new_context(viewport={"width": 1920, "height": 1080}).new_page()
    try:
        wall.goto(kiosk_url)
        wall.wait_for_function("() => { const s = document.querySelector(\"[id*='sipandu-week']\");"
                               " return !!s && s.querySelectorAll('.wall-figure-value').length >= 3; }",
                               timeout=30_000)
        assert wall_week_figures(wall)[0] == "1"  # newcomers this week, on the wall
        assert sample_nik(31) not in wall.content()
    finally:
        wall.context.close()

    with databases.transaction() as session:
        newcomers.verify(session, LURAH, record_id)
    reload_until(page, "Pendatang menunggu verifikasi", "0")
    assert card(page, "Pendatang baru minggu ini") == "1"
    assert sample_nik(31) not in page.content()
