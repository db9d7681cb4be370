"""/lapor asks the reporter whether his photo may be shown on the command center's wall: a
checkbox, unticked by default, shown (by lapor_photos.js) only once a photo is chosen; a value that
is no yes/no comes back as the form with the problem next to the field and nothing stored."""

import re

import pytest
from public_form_helpers import png_bytes
from sqlalchemy import func, select

from modules.complaints.models import Complaint


def consent_of(databases, page: str) -> bool:
    ticket = re.search(r'id="ticket">(ADU-\d{4}-\d{6})<', page).group(1)
    with databases.session() as session:
        return session.scalar(select(Complaint.photo_display_consent).where(Complaint.ticket == ticket))


def test_the_form_asks_for_consent_unticked_and_only_with_a_photo(client, seeded):
    page = client.get("/lapor").get_data(as_text=True)
    box = re.search(r'<input type="checkbox" id="photo_display_consent"[^>]*>', page).group(0)
    assert 'name="photo_display_consent"' in box and 'value="true"' in box and "checked" not in box
    assert "ditampilkan di layar Command Center" in page
    script = client.get("/lapor/static/lapor_photos.js").get_data(as_text=True)
    assert "field.hidden = !chosen" in script and 'getElementById("photos")' in script
    assert 'src="/lapor/static/lapor_photos.js"' in page  # a file: the CSP runs no inline script


@pytest.mark.parametrize("ticked,stored", [(True, True), (False, False)])
def test_the_consent_is_stored_as_ticked(post_form, databases, ticked, stored):
    changes = {"photo_display_consent": "true"} if ticked else {}
    response = post_form(photos=[("lubang.png", png_bytes())], **changes)
    assert response.status_code == 201
    assert consent_of(databases, response.get_data(as_text=True)) is stored


def test_a_consent_that_is_no_yes_or_no_is_refused_next_to_its_field(post_form, databases):
    response = post_form(photos=[("lubang.png", png_bytes())], photo_display_consent="mungkin")
    assert response.status_code == 400
    page = response.get_data(as_text=True)
    error = re.search(r'<div class="field-error" id="photo_display_consent-error".*?</div>', page, re.S).group(0)
    assert "Izin menampilkan foto: &#39;mungkin&#39; bukan ya/tidak" in error
    with databases.session() as session:
        assert session.scalar(select(func.count()).select_from(Complaint)) == 0
