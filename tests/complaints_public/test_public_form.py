"""The citizen's web form (/lapor) and ticket tracking (/lacak), no login, on both backends:
a complaint with a photo is filed and tracked; every bad input comes back as the form with the
problem next to its field and nothing stored; no personal data on the tracking page; text escaped."""

import re
from datetime import timedelta
from zoneinfo import ZoneInfo

import pytest
from public_form_helpers import JPEG, MAX_PHOTO_BYTES, png_bytes
from sqlalchemy import select

from core.users import Viewer
from modules.complaints import service
from core.messages import field_errors
from modules.complaints.errors import Reason
from modules.complaints.models import Complaint, ComplaintPhoto

BINA_MARGA = Viewer(user_id="t:dsdabm", username="binamarga", role="opd", opd_code="DSDABM")


def ticket_in(page: str) -> str:
    return re.search(r'id="ticket">(ADU-\d{4}-\d{6})<', page).group(1)


def stored(databases, ticket: str) -> tuple[Complaint, list[ComplaintPhoto]]:
    with databases.session() as session:
        complaint = session.scalar(select(Complaint).where(Complaint.ticket == ticket))
        photos = list(session.scalars(select(ComplaintPhoto).where(ComplaintPhoto.complaint_id == complaint.id)))
        return complaint, photos


# --- the form --------------------------------------------------------------------------------------

def test_the_form_opens_without_login_with_a_csrf_token(client, seeded):
    response = client.get("/lapor")
    assert response.status_code == 200
    page = response.get_data(as_text=True)
    token = re.search(r'<input type="hidden" name="csrf_token" value="([^"]+)">', page)
    assert token and len(token.group(1)) > 20
    assert 'enctype="multipart/form-data"' in page and 'href="/assets/public.css"' in page
    assert '<option value="JALAN_RUSAK">Jalan rusak / berlubang</option>' in page
    assert 'maxlength="4000"' in page and 'accept="image/*"' in page and 'type="file"' in page
    assert "Gunakan lokasi saya" in page
    script = re.search(r'<script src="([^"]+)"', page).group(1)  # a file: the CSP runs no inline script
    assert "navigator.geolocation" in client.get(script).get_data(as_text=True)
    assert page.count("dirahasiakan") >= 2  # name and contact are marked as kept private


@pytest.mark.parametrize("name,content,kind", [("lubang.png", png_bytes(), "image/png"),
                                               ("lubang.jpg", JPEG, "image/jpeg")])
def test_a_complaint_with_a_photo_is_stored_and_gets_a_ticket(post_form, databases, name, content, kind):
    response = post_form(photos=[(name, content)])
    assert response.status_code == 201
    page = response.get_data(as_text=True)
    ticket = ticket_in(page)
    assert f'href="/lacak/{ticket}"' in page

    complaint, photos = stored(databases, ticket)
    assert (complaint.channel, complaint.category_code, complaint.status, complaint.opd_code) == \
        ("web", "JALAN_RUSAK", "dispatched", "DSDABM")  # routed by the seeded rule
    assert complaint.kecamatan_code == "35.78.07" and complaint.reporter_contact == "081299887766"
    assert [(p.filename, p.content_type, p.data) for p in photos] == [(name, kind, content)]


def test_an_address_alone_is_enough_and_a_decimal_comma_is_read(post_form, databases):
    no_point = post_form(lat="", lon="", address="Pasar Genteng, pintu timur")
    assert no_point.status_code == 201
    assert stored(databases, ticket_in(no_point.get_data(as_text=True)))[0].lat is None
    comma = post_form(lat="-7,2575", lon="112,7521")
    assert comma.status_code == 201
    assert stored(databases, ticket_in(comma.get_data(as_text=True)))[0].lat == pytest.approx(-7.2575)


BAD_INPUTS = [
    ({"description": "   "}, "description", "Uraian masalah: uraian masih kosong"),
    ({"description": "x" * 4001}, "description", "Uraian masalah: 4.001 karakter; paling banyak 4.000 karakter"),
    ({"lat": "-7.0", "lon": "112.0"}, "location", "Lokasi: titik -7.00000, 112.00000 berada di luar Kota Surabaya"),
    ({"lat": "utara"}, "lat", "Lintang: &#39;utara&#39; bukan lintang yang valid"),
    ({"lat": "95"}, "lat", "Lintang: &#39;95&#39; bukan lintang yang valid"),
    ({"lon": ""}, "lon", "Bujur: isi lintang dan bujur, atau kosongkan keduanya"),
    ({"lat": "", "lon": "", "address": ""}, "location", "Lokasi: sebutkan tempatnya"),
    ({"category_code": "TIDAK_ADA"}, "category_code", "Kategori: kategori &#39;TIDAK_ADA&#39; tidak dikenal"),
    ({"category_code": ""}, "category_code", "Kategori: pilih salah satu kategori"),
    ({"reporter_contact": "0" * 201}, "reporter_contact", "Kontak: 201 karakter; paling banyak 200 karakter"),
    ({"description": "Jalan\x00rusak"}, "description", "Uraian masalah: berisi karakter kendali U+0000"),
    ({"reporter_contact": "0812\x08"}, "reporter_contact", "Kontak: berisi karakter kendali U+0008"),
    ({"rw": "100"}, "rw", "RW: 100 di luar rentang 1..99"),
    ({"rw": "satu"}, "rw", "RW: &#34;satu&#34; bukan bilangan bulat"),
    ({"rw": "13"}, "rw", "RW: RW 13 tidak ada di kelurahan ini (RW 1 sampai 7)"),  # Ketabang: RW 1-7
    ({"rw": "1", "rt": "12"}, "rt", "RT: RT 12 tidak ada di RW 1 kelurahan ini (RT 1 sampai 5)"),
    ({"rt": "2"}, "rt", "RT: sebutkan juga RW-nya"),
    ({"photos": [("surat.pdf", b"%PDF-1.4 not a picture")]}, "photos",
     "Foto: surat.pdf: bukan gambar JPEG, PNG atau WebP"),
    ({"photos": [("besar.png", png_bytes() + b"\x00" * MAX_PHOTO_BYTES)]}, "photos",
     f"Foto: besar.png: ukuran berkas {len(png_bytes()) + MAX_PHOTO_BYTES:,} bita; paling besar 2.000 bita"
     .replace(",", ".")),
]


@pytest.mark.parametrize("changes,field,shown", BAD_INPUTS, ids=[b[1] + str(i) for i, b in enumerate(BAD_INPUTS)])
def test_bad_input_comes_back_with_the_reason_at_its_field_and_nothing_stored(post_form, counts, changes, field,
                                                                              shown):
    before = counts()
    response = post_form(**changes)
    assert response.status_code == 400
    page = response.get_data(as_text=True)
    error = re.search(rf'<div class="field-error" id="{field}-error" data-field="{field}" role="alert">(.*?)</div>',
                      page, re.DOTALL)
    assert error, f"no error shown at {field}"
    assert shown in error.group(1)
    assert f'href="#field-{field}"' in page  # and listed in the summary on top
    assert counts() == before
    assert 'value="Siti Aminah"' in page  # the input is kept


def test_the_rt_and_rw_given_on_the_form_are_stored(post_form, databases):
    response = post_form(rt="02", rw="01")
    assert response.status_code == 201
    complaint = stored(databases, ticket_in(response.get_data(as_text=True)))[0]
    assert (complaint.kelurahan_code, complaint.rw, complaint.rt) == ("35.78.07.1004", 1, 2)


def test_the_input_is_kept_exactly_after_a_refusal(post_form):
    page = post_form(description="Sampah menumpuk\ndi pojok gang", category_code="SAMPAH", lat="abc").get_data(
        as_text=True)
    assert ">Sampah menumpuk\ndi pojok gang</textarea>" in page
    assert '<option value="SAMPAH" selected>' in page and 'value="abc"' in page


def test_a_refused_form_with_photos_asks_to_choose_them_again(post_form):
    page = post_form(description="", photos=[("lubang.png", png_bytes())]).get_data(as_text=True)
    assert "pilih lagi sebelum mengirim" in page


def test_a_post_without_the_csrf_token_is_refused(post_form, client, counts):
    before = counts()
    response = post_form(csrf=False)
    assert response.status_code == 400
    page = response.get_data(as_text=True)
    assert 'data-field="csrf_token"' in page and "muat ulang halaman" in page
    assert counts() == before
    wrong = client.post("/lapor", data={"csrf_token": "forged", "description": "x"})
    assert wrong.status_code == 400 and counts() == before


def test_an_upload_larger_than_the_request_limit_gets_413(post_form, counts):
    before = counts()
    huge = png_bytes() + b"\x00" * (5 * MAX_PHOTO_BYTES + 300 * 1024)
    response = post_form(photos=[("besar.png", huge)])
    assert response.status_code == 413
    page = response.get_data(as_text=True)
    assert 'data-field="photos"' in page and "Foto: paling banyak 5 foto" in page and "2 kB" in page
    assert counts() == before


def test_more_photos_than_allowed_are_refused(post_form, counts):
    before = counts()
    response = post_form(photos=[(f"f{i}.png", png_bytes()) for i in range(6)])
    assert response.status_code == 400
    assert "Foto: 6 foto; paling banyak 5 foto" in response.get_data(as_text=True)
    assert counts() == before


# --- tracking --------------------------------------------------------------------------------------

def test_tracking_shows_status_and_history_without_personal_data(post_form, client, seeded):
    ticket = ticket_in(post_form().get_data(as_text=True))
    with seeded.transaction() as session:
        complaint = session.scalar(select(Complaint).where(Complaint.ticket == ticket))
        service.respond(session, BINA_MARGA, complaint.id, "catatan internal: tim lapangan berangkat",
                        now=complaint.received_at + timedelta(minutes=20))
        received = complaint.received_at

    response = client.get(f"/lacak/{ticket.lower()}")
    assert response.status_code == 200
    page = response.get_data(as_text=True)
    assert f'<span id="ticket">{ticket}</span>' in page
    assert '<p class="status status-responded" id="status">Ditanggapi OPD</p>' in page
    history = re.search(r'<ol class="timeline" id="history">(.*?)</ol>', page, re.DOTALL).group(1)
    steps = re.findall(r'<span class="what">(.*?)</span>', history)
    assert steps == ["Laporan diterima", "Diteruskan ke OPD yang berwenang", "Ditanggapi oleh OPD"]
    wib = received.astimezone(ZoneInfo("Asia/Jakarta"))
    assert f"<time>{wib:%d/%m/%Y %H:%M} WIB</time>" in history
    assert "Jalan rusak / berlubang" in page and "Dinas Sumber Daya Air dan Bina Marga" in page
    assert "Kecamatan Genteng" in page
    for private in ("Siti Aminah", "081299887766", "catatan internal", "binamarga"):
        assert private not in page


def test_a_ticket_search_leads_to_the_ticket(client, post_form):
    ticket = ticket_in(post_form().get_data(as_text=True))
    assert client.get("/lacak").status_code == 200
    found = client.get(f"/lacak?tiket=+{ticket.lower()}+")
    assert found.status_code == 302 and found.headers["Location"].endswith(f"/lacak/{ticket}")


def test_an_unknown_ticket_is_404(client, seeded):
    response = client.get("/lacak/ADU-2611-999999")
    assert response.status_code == 404
    assert "Tiket tidak ditemukan" in response.get_data(as_text=True)
    assert client.get("/lacak/" + "A" * 300).status_code == 404


def test_script_in_a_description_is_escaped_everywhere(post_form, client):
    attack = "<script>alert('x')</script> jalan rusak"
    ticket = ticket_in(post_form(description=attack).get_data(as_text=True))
    tracking = client.get(f"/lacak/{ticket}").get_data(as_text=True)
    assert "<script>alert" not in tracking
    assert "&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; jalan rusak" in tracking
    refused = post_form(description=attack, lat="abc").get_data(as_text=True)
    assert "<script>alert" not in refused and "&lt;script&gt;alert" in refused


# --- the wording, without the app ----------------------------------------------------------------------

def test_service_reasons_are_put_in_indonesian_with_indonesian_numbers():
    too_long = Reason("too_long", {"length": 5000, "limit": 4000})
    assert field_errors([("description", too_long)]) == {"description": ["5.000 karakter; paling banyak 4.000 karakter"]}
    assert field_errors([("lat", Reason("invalid_latitude", {"value": "x"})), ("lat", Reason("not_text"))]) == {
        "lat": ["'x' bukan lintang yang valid (angka antara -90 dan 90)", "harus berupa teks"]}


def test_a_flood_of_submissions_from_one_address_is_slowed_down(post_form, databases):
    from sqlalchemy import func

    from modules.complaints.http.public import SUBMISSIONS_PER_WINDOW

    statuses = [post_form().status_code for _ in range(SUBMISSIONS_PER_WINDOW)]
    assert statuses == [201] * SUBMISSIONS_PER_WINDOW
    refused = post_form()
    assert refused.status_code == 429 and "Terlalu banyak laporan" in refused.get_data(as_text=True)
    with databases.session() as session:
        assert session.scalar(select(func.count()).select_from(Complaint)) == SUBMISSIONS_PER_WINDOW
