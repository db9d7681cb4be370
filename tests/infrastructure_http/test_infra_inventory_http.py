"""GET and POST /api/infrastructure/inventory: the inventory as CSV out, and a CSV in (admin only),
all rows or none, with every row's errors as JSON."""

from infra_http_helpers import CAMERA, DEVICE_CODES, HEADER, INVENTORY_CSV

INVENTORY = "/api/infrastructure/inventory"
CSV = {"Content-Type": "text/csv"}
NEW_SWITCH = "SW-ACC-0003,switch,Switch akses Gubeng,tcp,10.20.0.3,22,,60,5,3,SW-CORE-01,,,,DISKOMINFO,,,,,"


def test_the_export_is_the_csv_an_import_reads(client, inventory, staff):
    staff("operator")
    answer = client.get(INVENTORY)
    assert answer.status_code == 200 and answer.mimetype == "text/csv"
    lines = answer.get_data(as_text=True).splitlines()
    assert lines[0] == HEADER and sorted(line.split(",")[0] for line in lines[1:]) == sorted(DEVICE_CODES)
    assert "attachment" in answer.headers["Content-Disposition"]


def test_an_admin_imports_a_file_and_a_re_import_changes_nothing(client, inventory, staff, counts):
    staff("admin")
    added = client.post(INVENTORY, data=(INVENTORY_CSV + NEW_SWITCH + "\n").encode(), headers=CSV)
    assert added.status_code == 200, added.get_json()
    assert added.get_json()["created"] == 1 and added.get_json()["unchanged"] == len(DEVICE_CODES)
    before = counts()
    again = client.post(INVENTORY, data=client.get(INVENTORY).get_data(), headers=CSV)
    assert again.get_json()["created"] == 0 and counts() == before


def test_a_file_with_bad_rows_is_refused_whole_with_every_rows_errors(client, inventory, staff, counts):
    staff("admin")
    bad = "\n".join((HEADER, NEW_SWITCH,
                     "SW-ACC-0004,switch,Switch X,tcp,10.20.0.4,99999,,60,5,3,SW-NOPE,,,,DISKOMINFO,,,,,",
                     "CAM-0009,toaster,Kamera Y,rtsp,10.20.1.19,554,/s,60,5,3,,,,,DISKOMINFO,,,,,")) + "\n"
    before = counts()
    answer = client.post(INVENTORY, data=bad.encode(), headers=CSV)
    assert answer.status_code == 400
    refusal = answer.get_json()
    assert refusal["error"] == "infra_import_refused" and refusal["field"] == "file"
    found = {(e["row"], e["field"]) for e in refusal["errors"]}
    assert {(3, "port"), (3, "parents"), (4, "kind")} <= found and not any(row == 2 for row, _ in found)
    assert all(e["message"] for e in refusal["errors"])
    assert counts() == before


def test_only_an_admin_imports_and_only_as_csv(client, inventory, staff, counts):
    before = counts()
    assert client.post(INVENTORY, data=INVENTORY_CSV, headers=CSV).status_code == 401
    assert counts() == before
    staff("operator")
    before = counts()  # a user made (and audited)
    refused = client.post(INVENTORY, data=INVENTORY_CSV, headers=CSV)
    assert refused.status_code == 403 and refused.get_json()["field"] == "role"
    assert counts() == before
    staff("admin")
    before = counts()
    form = client.post(INVENTORY, data={"file": INVENTORY_CSV})  # a cross-site form's type
    assert form.status_code == 415 and form.get_json()["field"] == "Content-Type"
    latin = client.post(INVENTORY, data="\xff\xfe".encode("latin-1"), headers=CSV)
    assert latin.status_code == 400 and latin.get_json()["field"] == "body"
    assert counts() == before


def test_the_whole_inventory_is_for_city_wide_staff(client, inventory, staff):
    staff("opd", opd_code="DISHUB")
    assert client.get(INVENTORY).status_code == 403
    assert client.get(f"/api/infrastructure/devices/{CAMERA}").status_code == 404
