"""Logs in through the real form in headless Chromium and sees Surabaya's kecamatan on the map."""

import os

import pytest

pytestmark = pytest.mark.browser


RENDERED_LABELS = """() => {
    const map = document.querySelector('#home-map .js-plotly-plot')._fullLayout.map._subplot.map;
    const labels = map.getStyle().layers.filter(layer => layer.type === 'symbol').map(layer => layer.id);
    return map.loaded() ? map.queryRenderedFeatures({layers: labels}).map(f => f.properties.text) : [];
}"""


def test_operator_logs_in_and_sees_the_kecamatan_map(live_server, page, make_user, fill_login, tmp_path):
    make_user("operator1", "operator")
    glyphs = []
    page.on("response", lambda response: glyphs.append((response.url, response.status)) if ".pbf" in response.url else None)
    page.goto(f"{live_server}/")
    assert "/login" in page.url  # not logged in: sent to the login form

    fill_login(page, "operator1", "password-123")

    page.wait_for_selector("#home-map .js-plotly-plot", timeout=20_000)
    page.wait_for_selector("text=31 kecamatan", timeout=20_000)
    names_on_map = page.evaluate(
        "() => document.querySelector('#home-map .js-plotly-plot').data[0].text"
    )
    assert len(names_on_map) == 31
    assert {"Genteng", "Tambaksari", "Pabean Cantian"} <= set(names_on_map)
    assert page.locator(".district-name", has_text="Wonokromo").count() == 1
    page.wait_for_selector("#home-map .maplibregl-canvas", timeout=20_000)
    # All 31 names are drawn on the map itself (MapLibre placed them, none hidden as colliding),
    # from glyphs our own server sent.
    page.wait_for_function(f"() => new Set(({RENDERED_LABELS})()).size == 31", timeout=20_000)
    assert set(page.evaluate(RENDERED_LABELS)) == set(names_on_map)
    assert glyphs and all(url.startswith(f"{live_server}/assets/glyphs/") and status == 200 for url, status in glyphs)
    page.screenshot(path=str(tmp_path / "home.png"))
    if os.environ.get("PANTAU_SCREENSHOTS"):
        page.screenshot(path=os.path.join(os.environ["PANTAU_SCREENSHOTS"], "home.png"))


def test_wrong_password_stays_on_the_login_form(page, sign_in):
    sign_in("operator2", "operator", password="wrong-password", refused=True)
    assert page.locator(".form-error").inner_text() == "Nama pengguna atau kata sandi salah."


def test_the_logout_button_ends_the_session(live_server, page, sign_in):
    sign_in("operator3", "operator")
    page.wait_for_selector("#home-map .js-plotly-plot", timeout=20_000)
    page.click("button.logout")  # a form POST with the session's CSRF token
    page.wait_for_url(f"{live_server}/login", timeout=10_000)
    page.goto(f"{live_server}/")
    assert "/login" in page.url  # logged out for good
