"""An admin, in headless Chromium, creates a user; the user logs in; the admin disables him, his open
session ends; the audit page lists both changes."""

import pytest

from layouts.components.ids_admin_audit import AdminAudit as A
from layouts.components.ids_admin_pengguna import AdminPengguna as P

pytestmark = pytest.mark.browser


def choose(page, dropdown_id: str, option: str) -> None:
    """Picks `option` and waits until the dropdown shows it: a click sent before Dash has the value
    would send the form without it."""
    page.click(f"#{dropdown_id}")
    page.get_by_role("option", name=option, exact=True).click()
    page.locator(f"#{dropdown_id}").get_by_text(option, exact=True).wait_for(timeout=20_000)


def test_admin_creates_a_user_who_logs_in_then_disables_him(live_server, browser, page, sign_in, fill_login):
    sign_in("root", "admin")
    page.goto(f"{live_server}/admin/pengguna")
    page.wait_for_selector(f"#{P.USERNAME}", timeout=20_000)
    page.fill(f"#{P.USERNAME}", "siti")
    page.fill(f"#{P.FULL_NAME}", "Siti Aminah")
    page.fill(f"#{P.PASSWORD}", "rahasia-siti-1")
    choose(page, P.ROLE, "Pimpinan (Kantor Wali Kota)")
    page.click(f"#{P.CREATE}")
    page.wait_for_selector("text=Pengguna siti dibuat", timeout=30_000)
    assert page.input_value(f"#{P.PASSWORD}") == ""  # the password left the form

    other = browser.new_context(viewport={"width": 1400, "height": 900})
    try:
        siti = other.new_page()
        siti.goto(f"{live_server}/login")
        fill_login(siti, "siti", "rahasia-siti-1")
        siti.wait_for_selector("text=Siti Aminah", timeout=20_000)  # the shell names who is logged in
        assert "/login" not in siti.url

        choose(page, P.PICK, "siti (aktif)")
        page.click(f"#{P.DISABLE}")
        page.wait_for_selector("text=siti dinonaktifkan; semua sesinya berakhir.", timeout=20_000)

        siti.goto(f"{live_server}/")
        assert "/login" in siti.url  # the open session has ended: sent to the login form
    finally:
        other.close()

    page.goto(f"{live_server}/admin/audit")
    page.wait_for_selector(f"#{A.LIST} td", timeout=20_000)
    rows = page.locator(f"#{A.LIST} tr").all_inner_texts()
    about_siti = [row for row in rows if "siti" in row and "root" in row]
    assert any("Dibuat" in row for row in about_siti) and any("Dinonaktifkan" in row for row in about_siti)
    assert not any("rahasia-siti-1" in row for row in rows)
