"""Open311 GeoReport v2 reads: discovery, services, service definitions and requests, in JSON and XML."""

import xml.etree.ElementTree as ET
from datetime import datetime, timedelta

import pytest
from channel_helpers import (EXTENSION_FIELDS, OTHER_POINT, REPORTER_CONTACT, REPORTER_NAME, REQUEST_FIELDS,
                             SERVICE_FIELDS, records, spec_errors)
from sqlalchemy import update

from modules.complaints.models import Complaint

FORMATS = ["json", "xml"]


# === discovery and services ====================================================================

def test_discovery_names_the_spec_endpoint_and_formats(client):
    document = client.get("/open311/v2/discovery.json").get_json()
    assert list(document) == ["changeset", "contact", "key_service", "endpoints"]
    [endpoint] = document["endpoints"]
    assert endpoint["specification"] == "http://wiki.open311.org/GeoReport_v2"
    assert endpoint["url"].endswith("/open311/v2/") and endpoint["type"] == "production"
    assert endpoint["formats"] == ["text/xml", "application/json"]


def test_discovery_in_xml_wraps_endpoints_and_formats(client):
    response = client.get("/open311/v2/discovery.xml")
    assert response.content_type.startswith("text/xml")
    root = ET.fromstring(response.data)
    assert root.tag == "discovery"
    assert [f.text for f in root.findall("endpoints/endpoint/formats/format")] == ["text/xml", "application/json"]
    assert root.findtext("endpoints/endpoint/specification") == "http://wiki.open311.org/GeoReport_v2"


@pytest.mark.parametrize("fmt", FORMATS)
def test_services_are_the_active_categories_with_the_spec_fields(client, seeded, fmt):
    response = client.get(f"/open311/v2/services.{fmt}")
    assert response.status_code == 200
    services = {s["service_code"]: s for s in records(response, fmt)}
    assert len(services) == 15 and all(list(s) == SERVICE_FIELDS for s in services.values())
    road = services["JALAN_RUSAK"]
    assert road["service_name"] == "Jalan rusak / berlubang" and road["group"] == "Bina Marga"
    assert road["type"] == "realtime" and "berlubang" in road["keywords"]
    assert road["metadata"] is False if fmt == "json" else road["metadata"] == "false"


@pytest.mark.parametrize("fmt", FORMATS)
def test_a_service_definition_has_an_empty_attribute_list(client, seeded, fmt):
    response = client.get(f"/open311/v2/services/SAMPAH.{fmt}")
    assert response.status_code == 200
    if fmt == "json":
        assert response.get_json() == {"service_code": "SAMPAH", "attributes": []}
    else:
        root = ET.fromstring(response.data)
        assert (root.tag, root.findtext("service_code"), len(root.find("attributes"))) == \
            ("service_definition", "SAMPAH", 0)


@pytest.mark.parametrize("fmt", FORMATS)
def test_an_unknown_service_is_a_404_in_the_spec_error_format(client, seeded, fmt):
    response = client.get(f"/open311/v2/services/NOPE.{fmt}")
    assert response.status_code == 404
    assert spec_errors(response, fmt) == [(404, "service_code: unknown service 'NOPE'")]


@pytest.mark.parametrize("path", ["/open311/v2/services.csv", "/open311/v2/requests.html",
                                  "/open311/v2/requests/ADU-2611-000001.yaml", "/open311/v2/nothing-here",
                                  "/open311/v2/services", "/open311/v2/", "/open311/", "/open311/v3/x.json"])
def test_an_unknown_format_or_endpoint_is_a_404_in_json(client, seeded, path):
    response = client.get(path)
    assert response.status_code == 404 and response.content_type == "application/json"
    [(code, description)] = spec_errors(response)
    assert code == 404 and description


def test_open311_needs_no_login(client, seeded):
    assert client.get("/open311/v2/services.json").status_code == 200  # not a redirect to /login


# === requests ==================================================================================

@pytest.mark.parametrize("fmt", FORMATS)
def test_a_request_has_exactly_the_spec_fields_plus_the_extension(client, file, fmt):
    ticket = file()
    [request] = records(client.get(f"/open311/v2/requests.{fmt}"), fmt)
    assert list(request) == REQUEST_FIELDS + EXTENSION_FIELDS
    assert request["service_request_id"] == ticket and request["service_code"] == "JALAN_RUSAK"
    assert request["status"] == "open" and request["pantau_status"] == "dispatched"
    assert request["status_notes"] == "Diteruskan ke Bina Marga; menunggu tanggapan"
    assert request["agency_responsible"] == "Dinas Sumber Daya Air dan Bina Marga"
    assert request["service_name"] == "Jalan rusak / berlubang"
    assert request["zipcode"] and request["address"] == "Jl. Tunjungan 10"
    assert float(request["lat"]) == -7.2575 and float(request["long"]) == 112.7521
    for name in ("requested_datetime", "updated_datetime", "expected_datetime"):
        assert request[name].endswith("+07:00") and datetime.fromisoformat(request[name])


def test_a_request_is_found_by_its_ticket(client, file):
    ticket = file()
    response = client.get(f"/open311/v2/requests/{ticket.lower()}.json")
    assert [r["service_request_id"] for r in response.get_json()] == [ticket]
    missing = client.get("/open311/v2/requests/ADU-0001-999999.xml")
    assert missing.status_code == 404
    assert spec_errors(missing, "xml") == [(404, "service_request_id: no request 'ADU-0001-999999'")]


@pytest.mark.parametrize("fmt", FORMATS)
def test_requests_filter_by_service_status_dates_and_ids(client, file, act, fmt):
    road = file(days_ago=1)
    rubbish = file(days_ago=2, category_code="SAMPAH", lat=OTHER_POINT[0], lon=OTHER_POINT[1])
    old = file(days_ago=120, lat=-7.26, lon=112.70)
    act("reject", road, "spam", "iklan")

    def tickets(query: str = "") -> list[str]:
        response = client.get(f"/open311/v2/requests.{fmt}?{query}")
        assert response.status_code == 200, response.data
        return [r["service_request_id"] for r in records(response, fmt)]

    def day(days_ago: int) -> str:
        return (datetime.now() - timedelta(days=days_ago)).strftime("%Y-%m-%d")

    assert tickets() == [road, rubbish]  # the last 90 days, newest first
    assert tickets("service_code=SAMPAH") == [rubbish]
    assert tickets("service_code=SAMPAH,JALAN_RUSAK") == [road, rubbish]
    assert tickets("status=closed") == [road]
    assert tickets("status=open") == [rubbish]
    assert tickets("status=open,closed") == [road, rubbish]
    assert tickets(f"start_date={day(150)}&end_date={day(100)}") == [old]
    assert tickets(f"start_date={day(125)}T00:00:00%2B07:00") == [old]
    assert tickets(f"start_date={day(125)}T00:00:00+07:00") == [old]  # an unencoded + arrives as a space
    assert tickets(f"service_request_id={old},{road.lower()}&status=open") == [road, old]  # others are ignored


@pytest.mark.parametrize("query, expected", [
    ("start_date=2026-01-01&end_date=2026-06-01", "end_date: at most 90 days after start_date"),
    ("start_date=2026-06-01&end_date=2026-05-01", "end_date: lies before start_date"),
    ("start_date=yesterday", "start_date: not a W3C datetime"),
    ("start_date=0001-01-01", "start_date: must lie between 2000-01-01T00:00:00+07:00 and 2099-12-31T23:59:59+07:00"),
    ("start_date=9999-12-31", "start_date: must lie between"),
    ("end_date=0001-01-01", "end_date: must lie between"),
    ("end_date=9999-12-31T23:59:59-12:00", "end_date: must lie between"),
    ("start_date=1999-12-31T23:59:59%2B07:00", "start_date: must lie between"),  # just outside
    ("service_request_id=ADU-2611-%00", "service_request_id: holds the control character U+0000"),
    ("service_code=JALAN%00", "service_code: holds the control character U+0000"),
    ("status=pending", "status: must be open, closed or both, got pending"),
    ("service_code=NOPE", "service_code: unknown service NOPE"),
])
@pytest.mark.parametrize("fmt", FORMATS)
def test_bad_filters_are_400_naming_the_parameter(client, seeded, query, expected, fmt):
    response = client.get(f"/open311/v2/requests.{fmt}?{query}")
    assert response.status_code == 400
    [(code, description)] = spec_errors(response, fmt)
    assert code == 400 and description.startswith(expected)


def test_a_request_id_with_a_nul_is_400_on_both_backends(client, seeded):
    response = client.get("/open311/v2/requests/ADU-2611-%00.json")
    assert response.status_code == 400
    assert spec_errors(response) == [(400, "service_request_id: holds the control character U+0000, "
                                           "which is not accepted")]


def test_expected_datetime_is_the_deadline_that_matters_now(client, file, act, load):
    ticket = file()
    complaint, _ = load(ticket)

    def expected() -> datetime | None:
        value = client.get(f"/open311/v2/requests/{ticket}.json").get_json()[0]["expected_datetime"]
        return value and datetime.fromisoformat(value)

    assert expected() == complaint.first_response_due_at.replace(microsecond=0)  # shown to the second
    act("respond", ticket)
    assert expected() == complaint.feedback_due_at.replace(microsecond=0)
    act("resolve", ticket)
    act("send_feedback", ticket, "Sudah ditambal.")
    assert expected() is None
    act("close", ticket)
    [closed] = client.get(f"/open311/v2/requests/{ticket}.json").get_json()
    assert (closed["status"], closed["pantau_status"], closed["status_notes"]) == \
        ("closed", "closed", "Selesai dan ditutup")


def test_a_rejected_request_is_closed_with_the_reason_in_bahasa(client, file, act):
    ticket = file()
    act("reject", ticket, "not_city_responsibility", "jalan nasional")
    [request] = client.get(f"/open311/v2/requests/{ticket}.json").get_json()
    assert request["status"] == "closed" and request["expected_datetime"] is None
    assert request["status_notes"] == "Ditolak: bukan kewenangan Pemerintah Kota Surabaya"
    assert "jalan nasional" not in str(request)  # staff notes stay inside


def test_a_triaged_request_has_no_agency_yet(client, file):
    ticket = file(triage=True)
    [request] = client.get(f"/open311/v2/requests/{ticket}.json").get_json()
    assert request["pantau_status"] == "received" and request["agency_responsible"] is None
    assert request["status_notes"].startswith("Diterima")


@pytest.mark.parametrize("fmt", FORMATS)
def test_personal_data_never_appears(client, file, fmt):
    ticket = file()
    for path in (f"/open311/v2/requests.{fmt}", f"/open311/v2/requests/{ticket}.{fmt}"):
        shown = client.get(path).get_data(as_text=True)
        assert ticket in shown and REPORTER_NAME not in shown and REPORTER_CONTACT not in shown


def test_xml_escapes_markup_and_drops_characters_xml_cannot_carry(client, file, seeded):
    description = "<script>alert('x')</script> & \"kutip\" \x07 selesai"
    ticket = file(description="sementara")
    with seeded.transaction() as session:  # stored before the intake refused control characters
        session.execute(update(Complaint).where(Complaint.ticket == ticket).values(description=description))
    response = client.get(f"/open311/v2/requests/{ticket}.xml")
    assert b"<script>" not in response.data and b"&lt;script&gt;" in response.data
    root = ET.fromstring(response.data)
    assert root.findtext("request/description") == description.replace("\x07", "\ufffd")
    assert client.get(f"/open311/v2/requests/{ticket}.json").get_json()[0]["description"] == description
