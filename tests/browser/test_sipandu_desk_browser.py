"""Sipandu in headless Chromium: an RT head, on a phone-sized screen, records a newcomer on
/sipandu/rt (birth date and sex filled in from the NIK) and gets the proof of registration with the
NIK masked; the lurah verifies it on /sipandu/verifikasi. The full NIK is in no page and in no
callback answer, except the lurah's unmask panel after he gave a reason, and only until he chooses
another record."""

from __future__ import annotations

import os
from datetime import timedelta

import pytest
from sqlalchemy import select

from core.clock import utc_now
from core.users import Viewer
from layouts.components.ids_sipandu_rt import SipanduRt as R
from layouts.components.ids_sipandu_verifikasi import SipanduVerifikasi as V
from modules.sipandu import newcomers, workflow
from modules.sipandu.keys import keys_for
from modules.sipandu.models import SipanduAccessLog, SipanduNewcomer
from modules.sipandu.nik import masked_nik
from modules.sipandu.sample import arrival_form, sample_nik

pytestmark = pytest.mark.browser

KETABANG = "35.78.07.1004"
NIK = sample_nik(7, "female")  # 3515015403990007: born 14/03/1999, a woman, first registered in Tarik
NAME = "Siti Pendatang"
OTHER_NAME = "Pendatang Contoh 2"
PHONE = {"width": 390, "height": 844}
REASON = "mencocokkan KTP saat kunjungan rumah"


def choose(page, dropdown_id: str, search: str, option: str) -> None:
    page.click(f"#{dropdown_id}")
    box = page.locator(".dash-dropdown-search")  # the list's own search box, once it has opened
    box.wait_for(timeout=10_000)
    box.fill(search)
    page.locator(".dash-dropdown-option", has_text=option).first.click()


def answers_with(bodies: list, text: str) -> list[str]:
    """The callback answers (bodies read so far) that contain `text`."""
    return [body for body in bodies if text in body]


def collect(page, bodies: list) -> None:
    """Keeps the body of every Dash callback answer of this page."""
    def keep(response):
        if "/_dash-update-component" in response.url:
            try:
                bodies.append(response.text())
            except Exception:  # noqa: BLE001 - a body gone with a navigation is no callback answer we need
                pass

    page.on("requestfinished", lambda request: keep(request.response()) if request.response() else None)


@pytest.fixture
def another_newcomer(databases, settings):
    """A second recorded newcomer of the kelurahan (RT 02), so the queue has two to choose from."""
    form = arrival_form(2, KETABANG, 1, 2, utc_now() - timedelta(hours=3))
    head = Viewer("h", "rt-1-2", "rt_rw", kelurahan_code=KETABANG, rw=1, rt=2)
    with databases.transaction() as session:
        return newcomers.record_arrival(session, head, form, keys_for(settings), settings.sipandu).id


def test_a_newcomer_recorded_on_a_phone_verified_by_the_lurah_with_the_nik_masked(
        live_server, page, make_user, switch_user, databases, another_newcomer, tmp_path):
    make_user("rt01.ketabang", "rt_rw", kelurahan_code=KETABANG, rw=1, rt=1)
    make_user("lurah.ketabang", "lurah", kelurahan_code=KETABANG)
    bodies: list[str] = []
    collect(page, bodies)

    # the RT head, on a phone
    page.set_viewport_size(PHONE)
    switch_user("rt01.ketabang", "/sipandu/rt")
    page.wait_for_selector(f"#{R.PLACE}:has-text('Kelurahan Ketabang, RW 01, RT 01')", timeout=20_000)
    page.fill(f"#{R.NIK}", NIK)
    page.wait_for_selector(f"#{R.NIK_CHECK}:has-text('NIK valid: lahir 14/03/1999, perempuan')", timeout=20_000)
    assert page.is_checked(f"#{R.SEX} input[value=female]")  # filled in from the NIK
    assert page.input_value(f"#{R.BIRTH_DATE}") == "14/03/1999"  # Dash 4's date picker: the id is its input's
    page.fill(f"#{R.NAME}", NAME)
    choose(page, R.ORIGIN, "Sidoarjo", "Kabupaten Sidoarjo (Jawa Timur)")
    page.fill(f"#{R.ADDRESS}", "Jl. Ketabang Kali 3")
    page.click(f"#{R.PURPOSE} label:has-text('Bekerja')")
    assert page.evaluate("() => document.documentElement.scrollWidth") <= PHONE["width"]  # one column, no sideways
    page.click(f"#{R.SAVE}")
    page.locator(f"#{R.PROOF_ID}").wait_for(timeout=30_000)
    record_id = int(page.inner_text(f"#{R.PROOF_ID}"))
    assert page.inner_text(f"#{R.PROOF_NIK}") == masked_nik(NIK) == "3515**********07"
    proof = page.inner_text(f"#{R.PROOF}")
    assert "Bukti pendaftaran" in proof and NAME in proof and "Ketabang" in proof and "rt01.ketabang" in proof
    page.wait_for_selector(f"#{R.PRESENT} td:has-text('{NAME}')", timeout=20_000)
    assert page.input_value(f"#{R.NIK}") == ""  # the form is ready for the next newcomer
    assert page.evaluate("() => document.documentElement.scrollWidth") <= PHONE["width"]  # the list scrolls inside
    save_screenshot(page, tmp_path, "sipandu-rt.png")
    assert NIK not in page.content()
    page.evaluate("() => { window.__printed = 0; window.print = () => { window.__printed += 1; }; }")
    page.click(f"#{R.PRINT}")
    page.wait_for_function("() => window.__printed === 1", timeout=10_000)
    page.emulate_media(media="print")  # on paper, the proof alone
    assert page.locator(f"#{R.PROOF}").is_visible() and not page.locator(f"#{R.SAVE}").is_visible()
    assert not page.locator(f"#{R.PRINT}").is_visible() and not page.locator(".topbar").is_visible()
    page.emulate_media(media="screen")
    assert answers_with(bodies, NIK) == [] and len(bodies) > 5

    # the lurah: his queue, the record masked, the full NIK on a reason until he chooses another
    page.set_viewport_size({"width": 1600, "height": 1000})
    switch_user("lurah.ketabang", "/sipandu/verifikasi")
    page.locator(f"#{V.QUEUE} td", has_text=NAME).click(timeout=30_000)
    page.wait_for_selector(f"#{V.DETAIL} >> text={masked_nik(NIK)}", timeout=20_000)
    assert page.locator(f"#{V.QUEUE} td", has_text=OTHER_NAME).count() == 1
    assert NIK not in page.content()
    page.fill(f"#{V.UNMASK_REASON}", "cek")  # too short: refused, nothing shown
    page.click(f"#{V.UNMASK}")
    page.wait_for_selector("text=alasan minimal 10 karakter", timeout=20_000)
    assert NIK not in page.content() and looks(databases) == 0
    page.fill(f"#{V.UNMASK_REASON}", REASON)
    page.click(f"#{V.UNMASK}")
    page.wait_for_selector(f"#{V.UNMASKED}", timeout=20_000)
    assert page.inner_text(f"#{V.UNMASKED}") == NIK and NIK in page.content() and looks(databases) == 1
    page.locator(f"#{V.QUEUE} td", has_text=OTHER_NAME).click()
    page.wait_for_selector(f"#{V.DETAIL} >> text={masked_nik(sample_nik(2))}", timeout=20_000)
    page.wait_for_selector(f"#{V.UNMASKED}", state="detached", timeout=10_000)
    assert NIK not in page.content()

    page.locator(f"#{V.QUEUE} td", has_text=NAME).click()
    page.wait_for_selector(f"#{V.DETAIL} >> text={NAME}", timeout=20_000)
    page.click(f"#{V.VERIFY}")
    page.wait_for_selector(f"text=Data {NAME} diverifikasi.", timeout=20_000)
    page.wait_for_function(f"() => !document.querySelector('#{V.QUEUE}').innerText.includes('{NAME}')",
                           timeout=20_000)
    save_screenshot(page, tmp_path, "sipandu-verifikasi.png")
    assert NIK not in page.content()
    assert len(answers_with(bodies, NIK)) == 1  # the unmask answer, and no other
    with databases.session() as session:
        assert session.get(SipanduNewcomer, record_id).status == workflow.ACTIVE
        assert session.get(SipanduNewcomer, another_newcomer).status == workflow.RECORDED


def looks(databases) -> int:
    with databases.session() as session:
        return len(session.scalars(select(SipanduAccessLog)).all())


def save_screenshot(page, tmp_path, name: str):
    page.screenshot(path=str(tmp_path / name), full_page=True)
    if os.environ.get("PANTAU_SCREENSHOTS"):
        page.screenshot(path=os.path.join(os.environ["PANTAU_SCREENSHOTS"], name), full_page=True)
