"""The wall's "Foto aduan terbaru" panel and the photo route behind it: a wall display shows and
fetches only photos their reporters allowed, staff fetch photos of complaints in their scope, the
reporter's name and contact never reach the wall."""

from __future__ import annotations

import re

import pytest
from test_wall import call_refresh, output_of
from wall_photo_helpers import consented_and_private

from dash_tree import components
from layouts.components import wall_complaint_panels as cp
from layouts.components.ids_wall import Wall, photo_url


@pytest.fixture
def backend():  # the web layer is the same on both backends; tests/complaints covers PostgreSQL
    return "sqlite"


@pytest.fixture
def photos(seeded, settings):
    return consented_and_private(seeded, settings)


@pytest.fixture
def kiosk(client, databases):
    from core.users import issue_kiosk_token

    with databases.transaction() as session:
        _token, secret = issue_kiosk_token(session, "ruang-kendali")
    assert client.get(f"/kiosk/{secret}").headers["Location"] == "/wall"
    return client


def test_the_panel_is_registered_in_the_rotation():
    panel = next(p for p in cp.PANELS if p.key == "complaint-photos")
    assert (panel.title, panel.placement, panel.kind) == ("Foto aduan terbaru", "rotate", "component")


def test_the_wall_shows_only_the_consented_photo_without_personal_data(kiosk, photos):
    allowed, private = photos
    response = call_refresh(kiosk)
    assert response.status_code == 200
    tree = output_of(response.get_json()["response"], Wall.SLOT, "complaint-photos")
    sources = [e["props"]["src"] for e in components(tree) if e.get("type") == "Img"]
    assert sources == [photo_url(allowed.photo_id)]
    text = str(tree)
    assert allowed.ticket in text and private.ticket not in text
    assert "Siti" not in text and "081299887766" not in text
    assert "JALAN_RUSAK" in text or "Jalan rusak" in text  # the category (its name once the ETL ran)
    assert re.search(r"\d{2}/\d{2}/\d{4} \d{2}:\d{2}", text)  # the city's one date-time format


def test_without_consented_photos_the_panel_says_so_calmly(kiosk, seeded):
    tree = output_of(call_refresh(kiosk).get_json()["response"], Wall.SLOT, "complaint-photos")
    assert "Belum ada foto aduan baru yang boleh ditampilkan." in str(tree)


def test_a_kiosk_fetches_a_consented_photo_but_not_another(kiosk, photos):
    allowed, private = photos
    shown = kiosk.get(photo_url(allowed.photo_id))
    assert shown.status_code == 200 and shown.mimetype == "image/png" and shown.data.startswith(b"\x89PNG")
    assert "lubang" not in shown.headers.get("Content-Disposition", "")  # no file name: it may name him
    assert "private" in shown.headers["Cache-Control"]
    assert kiosk.get(photo_url(private.photo_id)).status_code == 403
    assert kiosk.get(photo_url(10**9)).status_code == 404
    assert kiosk.get(f"/foto-aduan/{2**64}").status_code == 404  # beyond BIGINT: no photo, no database error
    assert kiosk.get("/pengaduan").status_code == 403  # the photo route opens nothing else to a kiosk


def test_staff_fetch_photos_in_their_scope_and_anonymous_callers_none(client, photos, make_user, login, logout):
    allowed, private = photos
    assert client.get(photo_url(allowed.photo_id)).status_code == 302  # to the login
    make_user("op1", "operator")
    login("op1")
    assert client.get(photo_url(private.photo_id)).status_code == 200
    logout()
    make_user("dlh1", "opd", opd_code="DLH")
    login("dlh1")
    assert client.get(photo_url(allowed.photo_id)).status_code == 403  # another OPD's complaint
    logout()
    make_user("rw1", "rt_rw", kelurahan_code="35.78.07.1004", rw=1)
    login("rw1")
    assert client.get(photo_url(allowed.photo_id)).status_code == 403  # a role that reads no complaint
