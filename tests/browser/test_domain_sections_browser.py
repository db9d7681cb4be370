"""The pages that show every domain at once (the landing page, the KPI page) ask for each domain's
part in its own request, as headless Chromium sends them: one POST per domain, each filling its own
place, so a slow domain delays only its own part."""

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
            found.append(json.loads(request.post_data)["outputs"]["id"]["domain"])

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
