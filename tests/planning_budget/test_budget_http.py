"""The plan's and budget's JSON API through the real app: roles and scopes, refusals naming the
field (an import's naming every bad row), nothing written by a refusal, the XLSX export importing back."""

import base64

import pytest
from budget_setup import BUDGET_ROWS, CONSTRUCTION, KELURAHAN, PNG, ROAD, as_csv

from core.clock import city_today
from modules.planning.http.budget import XLSX_TYPE

API = "/api/planning"
# The API writes at the real clock, which refuses dates to come: the budget of this year, paid today.
TODAY = city_today()
YEAR, DAY = TODAY.year, TODAY.isoformat()


@pytest.fixture(autouse=True)
def _redis(redis_url):  # the app's sessions and rate limits
    return redis_url


def _version(client, version="murni") -> int:
    response = client.post(f"{API}/budget/versions", json={"year": YEAR, "version": version})
    assert response.status_code == 201, response.get_json()
    return response.get_json()["id"]


def _import(client, version_id, data, content_type="text/csv"):
    return client.post(f"{API}/budget/versions/{version_id}/lines", data=data, content_type=content_type)


def _line(client, version_id, sub_kegiatan=ROAD, account=CONSTRUCTION) -> dict:
    lines = client.get(f"{API}/budget/versions/{version_id}/lines").get_json()["lines"]
    return next(line for line in lines if (line["sub_kegiatan_code"], line["account_code"]) == (sub_kegiatan, account))


def _line_keys(client, version_id) -> list[tuple]:
    lines = client.get(f"{API}/budget/versions/{version_id}/lines").get_json()["lines"]
    return sorted((x["opd_code"], x["sub_kegiatan_code"], x["account_code"], x["account_name"], x["ceiling_rupiah"])
                  for x in lines)


def test_without_a_session_the_api_answers_json_401(client):
    response = client.get(f"{API}/works")
    assert response.status_code == 401 and response.get_json()["error"] == "unauthorised"
    for path in (f"{API}/works/PKJ-2027-000001/photos", f"{API}/budget", f"{API}/plan-items/1/other"):
        response = client.get(path)   # not the Dash page a public prefix would otherwise reach
        assert response.status_code == 404 and response.get_json()["error"] == "not_found", path


def test_the_planner_imports_every_row_or_none_and_the_export_imports_back(client, staff, counts):
    staff("perencana")
    murni = _version(client)
    before = counts()
    bad = [BUDGET_ROWS[0], (ROAD, "Pembangunan Jalan", "DSDABM", "5.1.02", "Belanja", "x")]
    response = _import(client, murni, as_csv(bad))
    assert response.status_code == 400
    body = response.get_json()
    assert (body["error"], body["field"]) == ("planning_import_refused", "file")
    assert [(e["row"], e["field"]) for e in body["errors"]] == [(3, "kode_rekening"), (3, "pagu")]
    assert body["errors"][0]["message"].startswith("'5.1.02': a code has 6 parts")
    assert counts() == before
    assert _import(client, murni, as_csv(BUDGET_ROWS)).get_json() == {"version_id": murni,
                                                                     "imported": len(BUDGET_ROWS)}
    exported = client.get(f"{API}/budget/versions/{murni}/export")
    assert exported.status_code == 200 and exported.content_type == XLSX_TYPE
    perubahan = _version(client, "perubahan")
    assert _import(client, perubahan, exported.data, XLSX_TYPE).status_code == 201
    assert _line_keys(client, perubahan) == _line_keys(client, murni)
    assert _import(client, perubahan, b"a,b", "text/plain").status_code == 415


def test_payments_only_by_the_lines_opd_and_within_the_ceiling(client, staff, counts):
    staff("perencana")
    version_id = _version(client)
    _import(client, version_id, as_csv(BUDGET_ROWS))
    line = _line(client, version_id)
    staff("opd", opd_code="DISHUB")
    before = counts()
    payment = {"paid_on": DAY, "amount_rupiah": 1_000_000, "reference": "SP2D-1"}
    refused = client.post(f"{API}/budget/lines/{line['id']}/payments", json=payment)
    assert refused.status_code == 403 and refused.get_json()["field"] == "opd_code"
    assert _import(client, version_id, as_csv(BUDGET_ROWS)).status_code == 403
    assert client.get(f"{API}/budget/versions/{version_id}/lines").get_json()["total"] == 1  # its own line only
    assert client.get(f"{API}/budget/lines/{line['id']}/payments").status_code == 404
    assert counts() == before
    staff("opd", opd_code="DSDABM")
    assert client.post(f"{API}/budget/lines/{line['id']}/payments", json=payment).status_code == 201
    over = client.post(f"{API}/budget/lines/{line['id']}/payments", json=payment | {"amount_rupiah": 2_500_000_000})
    assert over.status_code == 400 and over.get_json()["field"] == "amount_rupiah"
    extra = client.post(f"{API}/budget/lines/{line['id']}/payments", json=payment | {"entered_by": "x"})
    assert extra.status_code == 400 and extra.get_json()["field"] == "entered_by"
    form = client.post(f"{API}/budget/lines/{line['id']}/payments", data=payment)
    assert form.status_code == 415
    assert _line(client, version_id)["paid_rupiah"] == 1_000_000


def test_plan_link_works_progress_and_roll_up_over_http(client, staff, make_proposal):
    number = make_proposal("accepted", year=YEAR - 1)
    staff("perencana")
    version_id = _version(client)
    _import(client, version_id, as_csv(BUDGET_ROWS))
    created = client.post(f"{API}/plan-items", json={
        "year": YEAR, "opd_code": "DSDABM", "sub_kegiatan_code": ROAD, "indicator": "Panjang jalan",
        "target_value": 2, "target_unit": "km", "indicative_ceiling_rupiah": 3_000_000_000})
    assert created.status_code == 201
    item_id = created.get_json()["id"]
    bad = client.post(f"{API}/plan-items", json={**created.get_json(), "sub_kegiatan_code": "1.03.10"})
    assert bad.status_code == 400 and bad.get_json()["field"] in ("id", "sub_kegiatan_code")
    linked = client.post(f"{API}/plan-items/{item_id}/proposals", json={"proposal_number": number})
    assert linked.get_json() == {"number": number, "status": "planned", "plan_item_id": item_id}
    again = client.post(f"{API}/plan-items/{item_id}/proposals", json={"proposal_number": number})
    assert again.status_code == 409 and again.get_json()["error"] == "planning_link_status"
    line_id = _line(client, version_id)["id"]

    staff("opd", opd_code="DSDABM")
    work = client.post(f"{API}/works", json={"plan_item_id": item_id, "name": "Jalan Kebraon", "proposal_numbers":
                                              [number], "kelurahan_code": KELURAHAN})
    assert work.status_code == 201
    work_number = work.get_json()["number"]
    contract = client.post(f"{API}/works/{work_number}/contract", json={
        "contract_value_rupiah": 2_000_000_000, "contracted_on": DAY, "line_id": line_id})
    assert contract.get_json()["status"] == "contracted"
    report = client.post(f"{API}/works/{work_number}/progress", json={
        "percent": 45, "reported_on": DAY, "photo": base64.b64encode(PNG).decode(),
        "photo_filename": "jalan.png"})
    assert report.status_code == 201 and report.get_json()["work"]["status"] == "in_progress"
    not_image = client.post(f"{API}/works/{work_number}/progress", json={
        "percent": 50, "reported_on": DAY, "photo": base64.b64encode(b"hello").decode()})
    assert not_image.status_code == 400 and not_image.get_json()["field"] == "photo"
    detail = client.get(f"{API}/plan-items/{item_id}").get_json()
    assert (detail["progress_percent"], detail["proposal_numbers"]) == (45.0, [number])
    assert client.get(f"{API}/works/{work_number}").get_json()["reports"][0]["has_photo"] is True

    staff("lurah", kecamatan_code="35.78.01", kelurahan_code="35.78.01.1002")   # another kelurahan
    assert client.get(f"{API}/works").get_json()["total"] == 0
    assert client.get(f"{API}/works/{work_number}").status_code == 404
    staff("camat", kecamatan_code="35.78.01")
    assert client.get(f"{API}/works").get_json()["total"] == 1
    assert client.get(f"{API}/works?colour=red").get_json()["field"] == "colour"
    assert client.post(f"{API}/works/{work_number}/built", json={}).status_code == 403


def test_a_body_over_the_limit_is_refused_naming_the_body(client, staff):
    staff("opd", opd_code="DSDABM")
    response = client.post(f"{API}/works", data=b"{" + b" " * (9 * 1024 * 1024) + b"}",
                           content_type="application/json")
    assert response.status_code == 413 and response.get_json()["field"] == "body"


def test_the_openapi_document_describes_every_route_of_the_module(client):
    paths = client.get("/api/openapi.json").get_json()["paths"]
    assert {path for path in paths if path.startswith(API)} >= {
        f"{API}/plan-items", f"{API}/plan-items/{{plan_item_id}}", f"{API}/plan-items/{{plan_item_id}}/proposals",
        f"{API}/budget/versions", f"{API}/budget/versions/{{version_id}}/lines",
        f"{API}/budget/versions/{{version_id}}/export", f"{API}/budget/lines/{{line_id}}/payments", f"{API}/works",
        f"{API}/works/{{number}}", f"{API}/works/{{number}}/contract", f"{API}/works/{{number}}/progress",
        f"{API}/works/{{number}}/built", f"{API}/works/{{number}}/proposals"}
    payment = paths[f"{API}/budget/lines/{{line_id}}/payments"]["post"]
    body = payment["requestBody"]["content"]["application/json"]["schema"]
    assert body["properties"]["amount_rupiah"]["minimum"] == 1 and body["additionalProperties"] is False


def test_both_planning_blueprints_refuse_odd_numbers_and_deep_json_alike(client, staff):
    """The checks both blueprints share (http/common.py): a superscript digit in a number filter and
    a body nested deeper than the JSON parser goes are a 400 naming the field, not a crash."""
    staff("perencana")
    for path in (f"{API}/proposals?year=2%C2%B2", f"{API}/works?year=2%C2%B2"):
        response = client.get(path)
        assert (response.status_code, response.get_json()["field"]) == (400, "year"), path
    deep = "[" * 100_000 + "]" * 100_000
    for path in (f"{API}/budget/versions", f"{API}/proposals/priorities"):
        response = client.post(path, data=deep, content_type="application/json")
        assert response.status_code == 400 and response.get_json()["field"] == "body", (path, response.get_json())
