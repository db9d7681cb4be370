"""Every dashboard page renders and runs its callbacks in headless Chromium under the
Content-Security-Policy (the `page` fixture fails the test if the policy blocked anything)."""

import pytest

pytestmark = pytest.mark.browser

PAGES = ["/", "/pengaduan", "/pimpinan", "/wall", "/tpkpm", "/pengaduan/baru", "/admin/etl"]
# Content is drawn and no callback is still running: Dash marks a component while it updates.
SETTLED = """() => {
    const content = document.querySelector('#_pages_content');
    return content && content.innerText.trim().length > 0
        && !document.querySelector('[data-dash-is-loading="true"]');
}"""


def test_every_page_renders_under_the_policy(live_server, page, sign_in, complaint_marts):
    sign_in("admin1", "admin")
    page.wait_for_selector("#home-map .js-plotly-plot", timeout=20_000)
    for path in PAGES:
        page.goto(f"{live_server}{path}")
        page.wait_for_function(SETTLED, timeout=20_000)
        assert "Akses ditolak" not in page.inner_text("#_pages_content"), path
        assert page.locator("#_pages_content").inner_text().strip(), path
