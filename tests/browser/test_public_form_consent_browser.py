"""/lapor in headless Chromium: the consent to show the photo on the wall appears only once a photo
is chosen, unticked, is cleared when the photo is removed, and a ticked box is stored."""

import pytest
from sqlalchemy import select

from modules.complaints import service
from modules.complaints.models import Complaint

pytestmark = pytest.mark.browser
PHOTO = {"name": "lubang.png", "mimeType": "image/png", "buffer": b"\x89PNG\r\n\x1a\n" + b"\x00" * 64}


def test_the_consent_is_asked_only_with_a_photo_and_stored_when_ticked(live_server, page, databases):
    with databases.transaction() as session:
        service.seed_routing_rules(session)
    page.goto(f"{live_server}/lapor")
    consent = page.locator("#photo_display_consent")
    assert not consent.is_visible()

    page.set_input_files("#photos", files=[PHOTO])
    consent.wait_for(state="visible", timeout=5_000)
    assert not consent.is_checked()  # never assumed
    consent.check()
    page.set_input_files("#photos", files=[])
    consent.wait_for(state="hidden", timeout=5_000)
    assert not consent.is_checked()  # no photo, no consent

    page.select_option("#category_code", label="Jalan rusak / berlubang")
    page.fill("#description", "Jalan berlubang di depan sekolah.")
    page.fill("#address", "Jl. Tunjungan 10")
    page.set_input_files("#photos", files=[PHOTO])
    consent.check()
    page.click("#submit-complaint")
    ticket = page.locator("#ticket")
    ticket.wait_for(timeout=10_000)
    with databases.session() as session:
        stored = session.scalar(select(Complaint.photo_display_consent)
                                .where(Complaint.ticket == ticket.inner_text()))
    assert stored is True
