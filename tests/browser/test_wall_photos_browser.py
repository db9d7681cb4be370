"""The wall's "Foto aduan terbaru" in headless Chromium, as a kiosk sees it: the photo its reporter
allowed is loaded (under the page's Content-Security-Policy), the other one is not on the page,
and the kiosk's session cannot fetch it either."""

from __future__ import annotations

import pytest
from wall_photo_helpers import consented_and_private

from layouts.components.ids_wall import photo_url

pytestmark = pytest.mark.browser


def test_the_wall_shows_the_consented_photo_and_not_the_other(seeded, settings, kiosk_url, page):
    allowed, private = consented_and_private(seeded, settings)
    page.goto(kiosk_url)
    assert page.url.endswith("/wall")
    selector = f"img.wall-photo-image[src='{photo_url(allowed.photo_id)}']"
    page.wait_for_selector(selector, state="attached", timeout=20_000)
    page.wait_for_function("(s) => { const img = document.querySelector(s);"
                           " return img.complete && img.naturalWidth > 0; }", arg=selector, timeout=10_000)
    assert page.evaluate("(s) => document.querySelector(s).naturalWidth", selector) == 8
    assert page.locator(f"img[src='{photo_url(private.photo_id)}']").count() == 0
    assert private.ticket not in page.locator(".wall-photos").inner_text()
    status = page.evaluate("(url) => fetch(url).then(r => r.status)", photo_url(private.photo_id))
    assert status == 403
