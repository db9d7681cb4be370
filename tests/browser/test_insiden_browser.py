"""Command Center 112 in headless Chromium: a call taken on the operator desk becomes an incident
that appears on the wall and on an agency representative's map, and a click on its point opens its
timeline."""

from __future__ import annotations

import re

import pytest

from layouts.components.ids_insiden import Insiden as I, Meja as M

pytestmark = [pytest.mark.browser, pytest.mark.usefixtures("fleet")]

NUMBER = re.compile(r"INS-\d{4}-\d{6}")


def choose(page, dropdown_id: str, typed: str, option_text: str) -> None:
    """Opens a dropdown, types into its own search box and picks the option."""
    page.click(f"#{dropdown_id}")
    search = page.locator(".dash-dropdown-search")
    search.wait_for(timeout=10_000)
    search.fill(typed)
    option = page.locator(".dash-dropdown-option", has_text=option_text).first
    option.wait_for(timeout=10_000)
    option.click()


def take_fire_call(page, live_server) -> str:
    page.goto(f"{live_server}/insiden/meja")
    page.wait_for_selector(f"#{M.CALLER}", timeout=20_000)
    page.fill(f"#{M.CALLER}", "081298765432")
    choose(page, M.CATEGORY, "kebakaran bang", "Kebakaran bangunan")
    choose(page, M.PLACE, "ketabang", "Ketabang")
    page.fill(f"#{M.DESCRIPTION}", "Rumah terbakar, asap tebal")
    page.click(f"#{M.CREATE}")
    message = page.locator(f"#{M.CALL_MESSAGE}", has_text="dibuat")
    message.wait_for(timeout=15_000)
    return NUMBER.search(message.inner_text()).group(0)


def test_a_call_on_the_desk_reaches_the_wall_and_the_agency_map_and_opens_its_timeline(
        live_server, page, sign_in, fill_login, browser, kiosk_url, make_user, etl_follow):
    sign_in("operator112", "operator", path="/login?next=/insiden/meja")
    number = take_fire_call(page, live_server)

    wall = browser.new_context(viewport={"width": 1920, "height": 1080}).new_page()
    try:
        wall.goto(kiosk_url)
        wall.wait_for_function("(n) => [...document.querySelectorAll('.wall-ticker')].some(t => t.textContent.includes(n))",
                               arg=number, timeout=30_000)  # the 112 ticker, after the ETL's commit
    finally:
        wall.context.close()

    make_user("dishub112", "opd", opd_code="DISHUB")
    agency = browser.new_context(viewport={"width": 1600, "height": 1000}).new_page()
    try:
        agency.goto(f"{live_server}/login?next=/insiden")
        fill_login(agency, "dishub112", "password-123")
        agency.wait_for_selector(f"#{I.MAP} .maplibregl-canvas", timeout=30_000)
        point = agency.wait_for_function(
            """(n) => { const g = document.querySelector('#insiden-map .js-plotly-plot');
                 const sub = g && g._fullLayout.map && g._fullLayout.map._subplot;
                 if (!sub || !sub.map.loaded()) return null;
                 const trace = g.data.find(t => (t.customdata || []).includes(n));
                 if (!trace) return null;
                 const i = trace.customdata.indexOf(n);
                 const xy = sub.map.project([trace.lon[i], trace.lat[i]]);
                 const box = sub.map.getCanvas().getBoundingClientRect();
                 return {x: box.left + xy.x, y: box.top + xy.y}; }""", arg=number, timeout=30_000).json_value()
        agency.mouse.move(point["x"], point["y"])  # hover first: Plotly's click is on the hovered point
        agency.mouse.click(point["x"], point["y"])
        detail = agency.locator(f"#{I.DETAIL} [data-incident='{number}']")
        detail.wait_for(timeout=15_000)
        text = detail.inner_text()
        assert "Kebakaran bangunan" in text and "Kronologi" in text and "0812****5432" in text
        assert "081298765432" not in agency.content()  # the caller's number never reaches the agency
    finally:
        agency.context.close()
