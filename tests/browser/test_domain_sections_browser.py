"""The pages that show every domain at once (the landing page, the KPI page, the wall) ask for each
domain's part in its own request, as headless Chromium sends them: one POST per domain, each filling
its own place, so a slow domain delays only its own part."""

from __future__ import annotations

import json
from urllib.parse import urlsplit

import pytest

from core.domains import declaring

pytestmark = pytest.mark.browser

SECTION_FILLED = "(selector) => [...document.querySelectorAll(selector)].every(each => each.children.length > 0)"


def requested_components(page, pattern_type: str) -> list[str]:
    """The domains named by the callback requests the page has sent for components of this type."""
    found = []

    def record(request):
        if urlsplit(request.url).path.endswith("/_dash-update-component") and pattern_type in (request.post_data or ""):
            outputs = json.loads(request.post_data)["outputs"]
            found.extend(each["id"]["domain"] for each in (outputs if isinstance(outputs, list) else [outputs])
                         if isinstance(each, dict) and isinstance(each["id"], dict)
                         and each["id"].get("type") == pattern_type)

    page.on("request", record)
    return found


@pytest.mark.parametrize("path, pattern_type, css_class, part, inside", [
    ("/", "home-today-section", "home-today-section", "today", "#home-section-complaints"),
    ("/pimpinan", "pimpinan-domain-cards", "domain-cards", "kpi_cards", "#pimpinan-kpi-received"),
])
def test_each_domain_is_asked_for_its_own_part(live_server, page, sign_in, complaint_marts,
                                               path, pattern_type, css_class, part, inside):
    sign_in("admin1", "admin")
    requested = requested_components(page, pattern_type)
    page.goto(f"{live_server}{path}")
    page.wait_for_selector(inside, timeout=20_000)
    page.wait_for_function(SECTION_FILLED, arg=f".{css_class}", timeout=20_000)
    domains = [domain.name for domain in declaring(part)]
    assert len(domains) >= 2  # complaints and the domains built after them
    assert sorted(requested) == sorted(domains)  # one request each, none twice
    assert page.locator(f".{css_class}").count() == len(domains)


def test_the_wall_refreshes_each_domains_panels_in_its_own_request(kiosk_url, page):
    from layouts.components.ids_wall import Wall
    from layouts.components.wall_panels import panel_groups

    requested = requested_components(page, Wall.DRAWN)
    page.goto(kiosk_url)
    page.wait_for_function("(groups) => groups.every(group => (window.pantauWallLink.refreshes[group] || 0) > 0)",
                           arg=panel_groups(), timeout=20_000)
    assert len(panel_groups()) >= 5  # complaints, 112, infrastructure, planning, Sipandu
    assert sorted(set(requested)) == sorted(panel_groups())  # each domain's store names its own request
