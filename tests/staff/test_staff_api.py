"""The staff API at /api/staff: who sees whom (an OPD's officer his OPD, a person himself and the
people below him, a city-wide scope everyone), the administrator's writes, each refusal a 4xx
naming the field with nothing written, the import taken whole or refused whole (422 with every row's
errors), and its part of /api/openapi.json."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import func, select

from core.changelog import ChangeLogEntry
from core.users import SETUP_ACTOR
from modules.staff import importing, service
from modules.staff.models import Staff
from modules.staff.nip import make_nip

API = "/api/staff"
HEADER = "nip,name,opd_code,unit,position,supervisor_nip,active\n"


def nip(serial: int, sex: str = "male") -> str:
    return make_nip(date(1979, 8, 17), date(2004, 2, 1), sex, serial)


ROWS = [  # (nip, name, opd, unit, position, supervisor)
    (nip(1), "Kepala Dishub", "DISHUB", "Pimpinan", "Kepala Dinas", ""),
    (nip(2, "female"), "Kabid Lalu Lintas", "DISHUB", "Bidang Lalu Lintas", "Kepala Bidang", nip(1)),
    (nip(3), "Kasi Rekayasa", "DISHUB", "Bidang Lalu Lintas / Seksi Rekayasa", "Kepala Seksi", nip(2, "female")),
    (nip(4), "Staf Rekayasa", "DISHUB", "Bidang Lalu Lintas / Seksi Rekayasa", "Analis", nip(3)),
    (nip(5), "Kabid Angkutan", "DISHUB", "Bidang Angkutan", "Kepala Bidang", nip(1)),
    (nip(6), "Kepala DLH", "DLH", "Pimpinan", "Kepala Dinas", ""),
]


@pytest.fixture
def backend():
    return "sqlite"


@pytest.fixture
def ids(databases):
    """The registry of ROWS: {nip: id}."""
    content = HEADER + "".join(f"{n},{name},{opd},{unit},{position},{boss},1\n"
                               for n, name, opd, unit, position, boss in ROWS)
    with databases.transaction() as session:
        importing.import_staff(session, SETUP_ACTOR, content)
    with databases.session() as session:
        return dict(session.execute(select(Staff.nip, Staff.id)).all())


@pytest.fixture
def as_user(client, make_user, login, logout, databases):
    """as_user(username, role, staff=nip or None, **scope): logged in as that user (made and linked once)."""
    made: set[str] = set()

    def switch(username: str, role: str, staff: str | None = None, **scope) -> str:
        logout()
        if username not in made:
            make_user(username, role, **scope)
            made.add(username)
            if staff is not None:
                with databases.transaction() as session:
                    service.link_user(session, SETUP_ACTOR, service.find_by_nip(session, staff).id, username)
        assert login(username).status_code == 302
        return username

    return switch


@pytest.fixture
def written(databases):
    def count():
        with databases.session() as session:
            return (session.scalar(select(func.count()).select_from(Staff)),
                    session.scalar(select(func.count()).select_from(ChangeLogEntry)))
    return count


def listed(client, query: str = "") -> list[str]:
    response = client.get(f"{API}{query}")
    assert response.status_code == 200, response.get_json()
    body = response.get_json()
    assert body["total"] >= len(body["staff"])
    return [person["nip"] for person in body["staff"]]


def refusal(response, status: int, field: str | None, error: str | None = None) -> dict:
    body = response.get_json()
    assert response.status_code == status, body
    assert body["field"] == field and body["message"], body
    if error is not None:
        assert body["error"] == error, body
    return body


def admin(as_user):
    return as_user("admin-bkpsdm", "admin")


# --- reading -----------------------------------------------------------------------------------------

def test_an_opd_officer_sees_his_opd_only(client, as_user, ids):
    as_user("tpkpm-dishub", "opd", opd_code="DISHUB")
    assert sorted(listed(client)) == sorted(n for n, _name, opd, *_ in ROWS if opd == "DISHUB")
    assert listed(client, "?opd=DLH") == []
    assert client.get(f"{API}/{ids[nip(2, 'female')]}").status_code == 200
    refusal(client.get(f"{API}/{ids[nip(6)]}"), 403, "staff_id", "staff_outside_scope")
    assert listed(client, "?q=kabid&limit=1") == [nip(5)]  # by unit: Angkutan before Lalu Lintas
    page = client.get(f"{API}?q=KABID&limit=1&offset=1").get_json()
    assert (page["total"], [p["nip"] for p in page["staff"]]) == (2, [nip(2, "female")])
    assert client.get(API).headers["Cache-Control"] == "no-store"


def test_a_person_sees_himself_and_those_below_him(client, as_user, ids):
    as_user("kabid", "lurah", staff=nip(2, "female"), kelurahan_code="35.78.07.1004")
    assert sorted(listed(client)) == sorted([nip(2, "female"), nip(3), nip(4)])
    refusal(client.get(f"{API}/{ids[nip(1)]}"), 403, "staff_id")
    me = client.get(f"{API}/me").get_json()
    assert me["staff"]["nip"] == nip(2, "female") and me["staff"]["username"] == "kabid"
    assert [p["nip"] for p in me["direct_reports"]] == [nip(3)]
    as_user("staf", "camat", staff=nip(4), kecamatan_code="35.78.07")
    assert listed(client) == [nip(4)]
    assert client.get(f"{API}/{ids[nip(4)]}").get_json()["name"] == "Staf Rekayasa"
    as_user("camat-lain", "camat", kecamatan_code="35.78.07")
    assert listed(client) == []
    refusal(client.get(f"{API}/me"), 404, None, "staff_not_linked")


def test_a_city_wide_scope_sees_everyone_and_filters(client, as_user, ids):
    as_user("pimpinan", "pimpinan")
    assert len(listed(client)) == len(ROWS)
    assert listed(client, "?opd=DLH&active=true") == [nip(6)]
    assert listed(client, "?unit=Bidang%20Angkutan") == [nip(5)]
    assert listed(client, "?active=0") == []
    refusal(client.get(f"{API}?active=maybe"), 400, "active")
    refusal(client.get(f"{API}?limit=500"), 400, "limit")
    refusal(client.get(f"{API}?opd_code=DLH"), 400, "opd_code")


def test_no_session_is_a_json_401(client, ids):
    refusal(client.get(API), 401, None, "unauthorised")
    refusal(client.post(API, json={}), 401, None)


# --- writing -----------------------------------------------------------------------------------------

def new_person(serial: int, **extra) -> dict:
    return {"nip": nip(serial), "name": f"Pegawai Baru {serial}", "opd_code": "DLH", "unit": "Bidang Kebersihan",
            "position": "Analis", **extra}


def test_the_administrator_registers_and_changes_people(client, as_user, ids, make_user, written):
    admin(as_user)
    response = client.post(API, json=new_person(10, supervisor_id=ids[nip(6)]))
    assert response.status_code == 201, response.get_json()
    created = response.get_json()
    assert (created["supervisor_id"], created["active"], created["username"]) == (ids[nip(6)], True, None)
    contract = client.post(API, json=new_person(11, nip=None, supervisor_id=created["id"]))
    assert contract.status_code == 201 and contract.get_json()["nip"] is None
    make_user("petugas-dlh", "opd", opd_code="DLH")
    changed = client.patch(f"{API}/{created['id']}", json={"unit": "Bidang Taman", "username": "petugas-dlh"})
    assert changed.status_code == 200, changed.get_json()
    assert (changed.get_json()["unit"], changed.get_json()["username"]) == ("Bidang Taman", "petugas-dlh")
    assert client.patch(f"{API}/{created['id']}", json={"username": None}).get_json()["username"] is None
    assert client.patch(f"{API}/{created['id']}", json={"active": False}).get_json()["active"] is False


@pytest.mark.parametrize("body,status,field,error", [
    (new_person(12, nip="197908172004023004"), 400, "nip", "staff_nip_sex"),
    (new_person(12, nip="1979081720040210"), 400, "nip", "staff_nip_format"),
    (new_person(1), 409, "nip", "staff_nip_taken"),
    (new_person(12, opd_code="DLHX"), 400, "opd_code", "staff_unknown_opd"),
    (new_person(12, supervisor_id=99999), 400, "supervisor_id", "staff_unknown_supervisor"),
    (new_person(12, supervisor_id="3"), 400, "supervisor_id", "staff_bad_id"),
    (new_person(12, name=7), 400, "name", "invalid_request"),
    (new_person(12, active="ya"), 400, "active", "invalid_request"),
    (new_person(12, username="x"), 400, "username", "invalid_request"),
    (new_person(12, unit="x" * 101), 400, "unit", "staff_text_too_long"),
])
def test_a_bad_person_is_refused_naming_the_field_and_nothing_is_written(client, as_user, ids, written, body,
                                                                          status, field, error):
    admin(as_user)
    before = written()
    refusal(client.post(API, json=body), status, field, error)
    assert written() == before


def test_changes_are_refused_naming_the_field(client, as_user, ids, make_user, written):
    make_user("sudah", "opd", opd_code="DISHUB")
    with client.application.extensions["pantau"].databases.transaction() as session:
        service.link_user(session, SETUP_ACTOR, ids[nip(4)], "sudah")
    admin(as_user)
    before = written()
    head, staff = ids[nip(1)], ids[nip(4)]
    refusal(client.patch(f"{API}/{head}", json={"supervisor_id": staff}), 400, "supervisor_id",
            "staff_supervisor_loop")
    refusal(client.patch(f"{API}/{ids[nip(3)]}", json={"username": "sudah"}), 409, "username", "staff_user_linked")
    refusal(client.patch(f"{API}/{ids[nip(3)]}", json={"username": "siapa"}), 400, "username",
            "staff_user_unknown")
    refusal(client.patch(f"{API}/{head}", json={"nip": nip(30)}), 400, "nip", "invalid_request")
    refusal(client.patch(f"{API}/{head}", json={}), 400, "body")
    refusal(client.patch(f"{API}/{head}", data="unit=x", content_type="application/x-www-form-urlencoded"), 415,
            "Content-Type")
    refusal(client.patch(f"{API}/424242", json={"unit": "x"}), 404, "staff_id", "staff_not_found")
    # a valid change with a refused link: the whole request is undone
    refusal(client.patch(f"{API}/{head}", json={"unit": "Pimpinan Baru", "username": "siapa"}), 400, "username")
    assert written() == before


def test_only_the_administrator_writes(client, as_user, ids, written):
    as_user("kepala", "opd", staff=nip(1), opd_code="DISHUB")
    before = written()
    refusal(client.post(API, json=new_person(13)), 403, "actor", "staff_admin_only")
    refusal(client.patch(f"{API}/{ids[nip(4)]}", json={"unit": "x"}), 403, "actor", "staff_admin_only")
    refusal(client.post(f"{API}/import", data=HEADER, content_type="text/csv"), 403, "actor")
    assert written() == before


# --- the import --------------------------------------------------------------------------------------

def test_the_import_takes_a_file_whole_or_refuses_it_whole(client, as_user, ids, written):
    admin(as_user)
    good = HEADER + f"{nip(20)},Pegawai Impor,DLH,Bidang Kebersihan,Analis,{nip(6)},1\n" \
                    f"{nip(3)},Kasi Rekayasa,DISHUB,Bidang Lalu Lintas / Seksi Rekayasa,Kepala Seksi Baru,{nip(2, 'female')},1\n"
    response = client.post(f"{API}/import", data=good, content_type="text/csv")
    assert response.status_code == 200 and response.get_json() == {"created": 1, "updated": 1, "unchanged": 0}
    before = written()
    bad = HEADER + f"{nip(21)},,DLH,Bidang Kebersihan,Analis,{nip(6)},1\n" \
                   f"{nip(22)},Pegawai,DLHX,Bidang Kebersihan,Analis,{nip(99)},1\n"
    body = refusal(client.post(f"{API}/import", data=bad, content_type="text/csv"), 422, "file",
                   "staff_import_refused")
    assert [(e["row"], e["field"], e["code"]) for e in body["errors"]] == [
        (2, "name", "staff_required"), (3, "opd_code", "staff_unknown_opd"),
        (3, "supervisor_nip", "staff_unknown_supervisor")]
    assert all(e["message"] for e in body["errors"])
    assert written() == before


def test_a_multipart_import_carries_the_csrf_token(client, as_user, ids):
    import io

    admin(as_user)
    content = HEADER + f"{nip(23)},Pegawai Unggah,DLH,Bidang Kebersihan,Analis,{nip(6)},1\n"
    refusal(client.post(f"{API}/import", data={"file": (io.BytesIO(content.encode()), "pegawai.csv")}), 400,
            "csrf_token")
    with client.session_transaction() as session:
        token = session["csrf_token"]
    response = client.post(f"{API}/import", data={"file": (io.BytesIO(content.encode()), "pegawai.csv"),
                                                  "csrf_token": token})
    assert response.status_code == 200 and response.get_json()["created"] == 1
    refusal(client.post(f"{API}/import", json={"file": content}), 415, "Content-Type")


# --- the document ------------------------------------------------------------------------------------

def test_every_route_is_in_the_openapi_document(client):
    paths = client.get("/api/openapi.json").get_json()["paths"]
    assert {method for method in paths[API]} == {"get", "post"}
    assert {method for method in paths[f"{API}/{{staff_id}}"]} == {"get", "patch"}
    assert set(paths[f"{API}/me"]) == {"get"} and set(paths[f"{API}/import"]) == {"post"}
    assert "422" in paths[f"{API}/import"]["post"]["responses"]
    schema = client.get("/api/openapi.json").get_json()["components"]["schemas"]["StaffNew"]
    assert schema["properties"]["nip"]["pattern"] == "^[0-9]{18}$" and schema["additionalProperties"] is False
