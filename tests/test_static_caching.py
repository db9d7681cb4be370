"""Static files with a versioned URL are cached by the browser for a year; pages are not. Plotly.js
(1.4 MB) is one of them: a script of the page with a fingerprinted URL, not fetched unversioned."""

import re

import pytest

A_YEAR = 31_536_000


@pytest.fixture
def backend():  # caching does not depend on the database
    return "sqlite"


def _max_age(response) -> int:
    assert "public" in response.headers.get("Cache-Control", ""), response.headers.get("Cache-Control")
    return response.cache_control.max_age or 0


def _page(client, make_user, login):
    make_user("op", "operator")
    login("op")
    response = client.get("/pengaduan")
    assert response.status_code == 200
    return response


def test_plotly_is_a_versioned_script_of_the_page_cached_a_year(client, make_user, login):
    html = _page(client, make_user, login).get_data(as_text=True)
    scripts = re.findall(r'<script src="([^"]+)"', html)
    [plotly] = [s for s in scripts if "/plotly/package_data/" in s]
    assert re.fullmatch(r"/_dash-component-suites/plotly/package_data/plotly\.v[\w-]+m\d+\.min\.js", plotly)
    # before the locale file that registers Indonesian with it
    assert scripts.index(plotly) < next(i for i, s in enumerate(scripts) if "plotly_locale_id.js" in s)
    response = client.get(plotly)
    assert response.status_code == 200 and len(response.data) > 1_000_000
    assert _max_age(response) >= A_YEAR
    assert "Set-Cookie" not in response.headers and "Cookie" not in response.headers.get("Vary", "")


def test_component_suites_and_assets_with_their_version_are_cached_a_year(client, make_user, login):
    html = _page(client, make_user, login).get_data(as_text=True)
    renderer = re.search(r'src="(/_dash-component-suites/dash/dash-renderer/[^"]+)"', html).group(1)
    asset = re.search(r'src="(/assets/wall\.js\?m=[\d.]+)"', html).group(1)
    for url in (renderer, asset):
        response = client.get(url)
        assert response.status_code == 200 and _max_age(response) >= A_YEAR, url


def test_unversioned_files_and_pages_are_revalidated(client, make_user, login):
    page = _page(client, make_user, login)
    assert (page.cache_control.max_age or 0) < 3600 and "immutable" not in page.headers.get("Cache-Control", "")
    for url in ("/assets/wall.js", "/_dash-component-suites/plotly/package_data/plotly.min.js"):
        response = client.get(url)
        assert response.status_code == 200
        assert (response.cache_control.max_age or 0) == 0, url  # no version in the URL: ask again
