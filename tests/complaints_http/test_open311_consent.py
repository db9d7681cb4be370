"""Open311 POST: attribute[photo_display_consent] says whether the photo (media) may be shown on
the wall displays; false unless given, a value that is no boolean refused with 400 naming it, and
the attribute described in the OpenAPI document with its type."""

import io

import pytest
from channel_helpers import GENTENG_POINT, PNG

from modules.complaints.open311.openapi import openapi_document

ATTRIBUTE = "attribute[photo_display_consent]"


def post(client, key: str, **extra):
    data = {"api_key": key, "service_code": "JALAN_RUSAK", "lat": str(GENTENG_POINT[0]),
            "long": str(GENTENG_POINT[1]), "description": "Aspal berlubang dalam.",
            "media": (io.BytesIO(PNG), "lubang.png"), **extra}
    return client.post("/open311/v2/requests.json", data=data, content_type="multipart/form-data")


@pytest.mark.parametrize("given,stored", [(None, False), ("true", True), ("false", False), ("1", True)])
def test_the_consent_attribute_is_stored_and_defaults_to_false(client, api_key, load, given, stored):
    response = post(client, api_key, **({} if given is None else {ATTRIBUTE: given}))
    assert response.status_code == 201, response.data
    complaint, photos = load(response.get_json()[0]["service_request_id"])
    assert complaint.photo_display_consent is stored and len(photos) == 1


def test_a_consent_that_is_no_boolean_is_refused_naming_the_attribute(client, api_key, counts):
    before = counts()
    response = post(client, api_key, **{ATTRIBUTE: "ya"})
    assert response.status_code == 400
    [error] = response.get_json()
    assert error["description"] == f"{ATTRIBUTE}: must be true or false, not 'ya'"
    assert counts() == before


def test_the_openapi_document_describes_the_attribute_as_a_boolean():
    form = openapi_document()["components"]["schemas"]["RequestForm"]
    assert form["properties"][ATTRIBUTE]["type"] == "boolean"
    assert form["properties"][ATTRIBUTE]["default"] is False
