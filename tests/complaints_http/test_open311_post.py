"""Open311 POST requests: a complaint filed with an API key, and every refusal writing nothing."""

import io
import xml.etree.ElementTree as ET

import pytest
from channel_helpers import GENTENG, GENTENG_POINT, OUTSIDE_POINT, PNG, POST_FIELDS, spec_errors

from modules.complaints import service, system_actor
from modules.complaints.models import ApiKey

PHOTO_LIMIT = 500_000


@pytest.fixture
def settings(settings):
    """A smaller photo limit (and so body limit) keeps the oversized uploads small."""
    return settings.override(complaints={"max_photo_bytes": PHOTO_LIMIT})


def form(key: str, /, **changes) -> dict:
    base = {"api_key": key, "service_code": "JALAN_RUSAK", "lat": str(GENTENG_POINT[0]),
            "long": str(GENTENG_POINT[1]), "address_string": "Jl. Tunjungan 10",
            "description": "Aspal berlubang dalam, berbahaya untuk motor.", "first_name": "Siti",
            "last_name": "Aminah", "email": "siti@example.org", "phone": "081298765432",
            "media_url": "http://example.org/foto.jpg", "jurisdiction_id": "surabaya.go.id"}
    return {key: value for key, value in (base | changes).items() if value is not None}


def test_a_request_with_a_valid_key_files_a_routed_web_complaint(client, api_key, load):
    response = client.post("/open311/v2/requests.json", data=form(api_key))
    assert response.status_code == 201, response.data
    [receipt] = response.get_json()
    assert list(receipt) == POST_FIELDS and receipt["account_id"] is None
    assert receipt["service_request_id"] in receipt["service_notice"]
    complaint, photos = load(receipt["service_request_id"])
    assert (complaint.channel, complaint.category_code, complaint.kecamatan_code) == ("web", "JALAN_RUSAK", GENTENG)
    assert (complaint.status, complaint.opd_code) == ("dispatched", "DSDABM")
    assert complaint.reporter_name == "Siti Aminah"
    assert complaint.reporter_contact == "081298765432, siti@example.org"
    assert photos == []  # media_url is not fetched nor kept


def test_the_channel_extension_and_a_photo_upload_are_kept(client, api_key, load):
    data = form(api_key, channel="wargaku", lat=None, long=None) | {"media": (io.BytesIO(PNG), "lubang.png")}
    response = client.post("/open311/v2/requests.json", data=data, content_type="multipart/form-data")
    assert response.status_code == 201, response.data
    complaint, photos = load(response.get_json()[0]["service_request_id"])
    assert complaint.channel == "wargaku" and complaint.lat is None and complaint.address == "Jl. Tunjungan 10"
    assert [(p.filename, p.content_type, p.data) for p in photos] == [("lubang.png", "image/png", PNG)]


def test_the_rt_and_rw_come_as_open311_attributes(client, api_key, load):
    attributes = {"attribute[rw]": "1", "attribute[rt]": "3"}
    response = client.post("/open311/v2/requests.json", data=form(api_key, **attributes))
    assert response.status_code == 201, response.data
    complaint, _photos = load(response.get_json()[0]["service_request_id"])
    assert (complaint.kelurahan_code, complaint.rw, complaint.rt) == ("35.78.07.1004", 1, 3)


def test_the_receipt_comes_in_xml_too(client, api_key):
    response = client.post("/open311/v2/requests.xml", data=form(api_key))
    assert response.status_code == 201
    root = ET.fromstring(response.data)
    assert root.tag == "service_requests"
    assert [child.tag for child in root.find("request")] == POST_FIELDS
    assert root.findtext("request/service_request_id").startswith("ADU-")


# Each refusal: (form changes, a maker of multipart files, status, the start of the error description).
REFUSALS = {
    "missing key": (dict(api_key=None), None, 403, "api_key: missing"),
    "unknown key": (dict(api_key="not-a-key"), None, 403, "api_key: unknown or revoked"),
    "unknown service": (dict(service_code="NOPE"), None, 400, "service_code: unknown category 'NOPE'"),
    "no service": (dict(service_code=None), None, 400, "service_code: unknown category"),
    "invalid lat": (dict(lat="abc"), None, 400, "lat: not a valid latitude"),
    "invalid long": (dict(long="999"), None, 400, "long: not a valid longitude"),
    "lat without long": (dict(long=None), None, 400, "long: give both latitude and longitude"),
    "outside the city": (dict(lat=str(OUTSIDE_POINT[0]), long=str(OUTSIDE_POINT[1])), None, 400,
                         "lat: the point -7.10000, 112.30000 is outside Surabaya"),
    "no place": (dict(lat=None, long=None, address_string=None), None, 400, "address_string: give the place"),
    "empty description": (dict(description="   "), None, 400, "description: describe the problem"),
    "long description": (dict(description="x" * 4001), None, 400, "description: 4,001 characters; at most 4,000"),
    "unknown channel": (dict(channel="pigeon"), None, 400, "channel: unknown channel 'pigeon'"),
    "NUL in description": (dict(description="Jalan\x00rusak"), None, 400,
                           "description: holds the control character U+0000"),
    "escape in address": (dict(address_string="Jl. Tunjungan\x1b[2J"), None, 400,
                          "address_string: holds the control character U+001B"),
    "RW out of range": ({"attribute[rw]": "0"}, None, 400, "attribute[rw]: 0 is outside 1..99"),
    "unknown RW": ({"attribute[rw]": "13"}, None, 400, "attribute[rw]: RW 13 does not exist in this kelurahan"),
    "RT without RW": ({"attribute[rt]": "2"}, None, 400, "attribute[rt]: an RT needs its RW"),
    "RW without a point": ({"attribute[rw]": "1", "lat": None, "long": None}, None, 400,
                           "attribute[rw]: an RW needs a point"),
    "not an image": (dict(), lambda: {"media": (io.BytesIO(b"MZ\x90\x00 not an image"), "foto.jpg")}, 400,
                     "media: foto.jpg: not a JPEG, PNG or WebP image"),
    "photo too large": (dict(), lambda: {"media": (io.BytesIO(PNG + b"\x00" * (PHOTO_LIMIT + 1)), "besar.png")}, 400,
                        "media: besar.png: the file has 500,049 bytes; at most 500,000"),
}


@pytest.mark.parametrize("fmt", ["json", "xml"])
@pytest.mark.parametrize("case", list(REFUSALS))
def test_a_refused_request_names_the_parameter_and_writes_nothing(client, api_key, counts, case, fmt):
    changes, files, status, expected = REFUSALS[case]
    data = form(api_key, **changes) | (files() if files else {})
    before = counts()
    response = client.post(f"/open311/v2/requests.{fmt}", data=data,
                           content_type="multipart/form-data" if files else None)
    assert response.status_code == status, response.data
    descriptions = [description for code, description in spec_errors(response, fmt) if code == status]
    assert any(d.startswith(expected) for d in descriptions), descriptions
    assert counts() == before


def test_every_problem_is_reported_at_once(client, api_key):
    response = client.post("/open311/v2/requests.json", data=form(api_key, service_code="NOPE", description=""))
    assert [d.split(":")[0] for _, d in spec_errors(response)] == ["service_code", "description"]


def test_a_revoked_key_is_refused(client, api_key, seeded):
    with seeded.transaction() as session:
        service.revoke_api_key(session, system_actor("test"), session.query(ApiKey).one().id)
    response = client.post("/open311/v2/requests.json", data=form(api_key))
    assert response.status_code == 403


def test_an_oversized_body_is_a_413_in_the_spec_format_and_writes_nothing(client, api_key, counts, settings):
    too_big = settings.complaints.max_photo_bytes + 64 * 1024 + 1
    data = form(api_key) | {"media": (io.BytesIO(PNG + b"\x00" * too_big), "besar.png")}
    before = counts()
    response = client.post("/open311/v2/requests.xml", data=data, content_type="multipart/form-data")
    assert response.status_code == 413
    [(code, description)] = spec_errors(response, "xml")
    assert code == 413 and description.startswith("body: larger than")
    assert counts() == before


def test_an_unknown_format_writes_nothing(client, api_key, counts):
    before = counts()
    response = client.post("/open311/v2/requests.csv", data=form(api_key))
    assert response.status_code == 404 and counts() == before
