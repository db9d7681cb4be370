"""The admin pages (/admin/pengguna, /admin/kiosk, /admin/kunci-api, /admin/rute, /admin/sla, /admin/audit):
admins act through their callbacks; every other caller is refused before anything runs."""

import pytest
from sqlalchemy import select

from core.audit import AdminAudit
from core.users import KioskToken, User, digest
from layouts.components.ids_admin_audit import AdminAudit as A
from layouts.components.ids_admin_kiosk import AdminKiosk as K
from layouts.components.ids_admin_kunci_api import AdminKunciApi as KA
from layouts.components.ids_admin_pengguna import AdminPengguna as P
from layouts.components.ids_admin_rute import AdminRute as R
from layouts.components.ids_admin_sla import AdminSla as S
from dash_tree import components


@pytest.fixture
def backend():  # the web layer is the same on both backends; tests/test_admin_audit.py covers PostgreSQL
    return "sqlite"


# every admin callback, by one of its outputs, with a click that would change something
ACTIONS = [(P.RESULT, {f"{P.CREATE}.n_clicks": 1, f"{P.USERNAME}.value": "evil", f"{P.PASSWORD}.value": "x" * 10,
                       f"{P.ROLE}.value": "admin"}),
           (P.ROLE, {}), (P.RW, {f"{P.PICK}.value": "root"}), (P.SCOPE_NOTE, {f"{P.ROLE}.value": "opd"}), (K.RESULT, {f"{K.ISSUE}.n_clicks": 1, f"{K.LABEL}.value": "evil"}),
           (KA.RESULT, {f"{KA.ISSUE}.n_clicks": 1, f"{KA.LABEL}.value": "evil"}),
           (R.RESULT, {f"{R.DELETE}.n_clicks": 1, f"{R.PICK}.value": 1}), (R.CATEGORY, {}),
           (S.RESULT, {f"{S.SAVE}.n_clicks": 1, f"{S.CATEGORY}.value": "SAMPAH", f"{S.FIRST_RESPONSE}.value": 5}),
           (S.CATEGORY, {}), (A.LIST, {f"{A.REFRESH}.n_clicks": 1})]


def texts_of(node) -> list[str]:
    """Every text in a serialised layout (the strings among the components' children)."""
    found = [node] if isinstance(node, str) else []
    for component in components(node):
        children = component["props"].get("children")
        for child in children if isinstance(children, list) else [children]:
            if isinstance(child, str):
                found.append(child)
    return found


def answer(response) -> dict:
    assert response.status_code == 200, response.get_data(as_text=True)[:300]
    return response.get_json()["response"]


@pytest.mark.parametrize("output_id, values", ACTIONS)
@pytest.mark.parametrize("role, scope", [("pimpinan", {}), ("operator", {}), ("opd", {"opd_code": "DLH"})])
def test_a_non_admin_is_refused_and_nothing_changes(make_user, login, dash_callback, databases, output_id, values,
                                                    role, scope):
    make_user("someone", role, **scope)
    login("someone")
    assert dash_callback(output_id, values).status_code == 403
    with databases.session() as session:
        assert session.scalar(select(AdminAudit).where(AdminAudit.actor_username != "system:setup")) is None
        assert session.scalar(select(User).where(User.username == "evil")) is None


def test_an_anonymous_caller_is_refused(dash_callback):
    assert dash_callback(P.RESULT, {f"{P.CREATE}.n_clicks": 1}).status_code == 401


def test_an_admin_outside_the_city_wide_roles_is_refused(settings, make_user):
    from app import create_app

    app = create_app(settings.override(auth={"city_wide_roles": ["pimpinan", "operator"]}))
    client = app.server.test_client()
    make_user("root", "admin")
    page = client.get("/login").get_data(as_text=True)
    import re

    token = re.search(r'name="csrf_token" value="([^"]+)"', page).group(1)
    client.post("/login", data={"username": "root", "password": "password-123", "csrf_token": token})
    body = {"output": f"{K.RESULT}.children", "outputs": {"id": K.RESULT, "property": "children"},
            "inputs": [], "state": [], "changedPropIds": []}
    dependencies = client.get("/_dash-dependencies").get_json()
    spec = next(d for d in dependencies if f"{K.RESULT}." in d["output"])
    body["output"] = spec["output"]
    body["outputs"] = [dict(zip(("id", "property"), part.rsplit(".", 1))) for part in spec["output"].strip(".").split("...")]
    body["inputs"] = [{"id": i["id"], "property": i["property"], "value": 1 if i["id"] == K.ISSUE else None}
                      for i in spec["inputs"]]
    body["state"] = [{"id": i["id"], "property": i["property"], "value": "x"} for i in spec["state"]]
    body["changedPropIds"] = [f"{K.ISSUE}.n_clicks"]
    assert client.post("/_dash-update-component", json=body).status_code == 403


def test_an_admin_creates_a_user_and_a_wrong_field_is_named_in_indonesian(make_user, login, dash_callback, databases):
    make_user("root", "admin")
    login("root")
    form = {f"{P.CREATE}.n_clicks": 1, f"{P.USERNAME}.value": "siti", f"{P.PASSWORD}.value": "rahasia-siti-1",
            f"{P.ROLE}.value": "opd", f"{P.OPD}.value": "BUKAN_OPD", f"{P.FULL_NAME}.value": "Siti"}
    refused = answer(dash_callback(P.RESULT, form))
    text = " ".join(texts_of(refused[P.RESULT]["children"]))
    assert "Belum tersimpan" in text and "OPD: 'BUKAN_OPD' tidak ada di data referensi" in text
    assert refused[P.PASSWORD]["value"] == ""  # the password leaves the page after every action
    created = answer(dash_callback(P.RESULT, form | {f"{P.OPD}.value": "DLH"}))
    assert "Pengguna siti dibuat" in " ".join(texts_of(created[P.RESULT]["children"]))
    assert "siti" in [row["username"] for row in created[P.USERS]["data"]]
    with databases.session() as session:
        assert session.scalar(select(User.opd_code).where(User.username == "siti")) == "DLH"
        assert session.scalar(select(AdminAudit.actor_username).where(AdminAudit.object_key == "siti")) == "root"


def test_a_kiosk_token_is_shown_once_and_works_only_as_its_digest(make_user, login, dash_callback, databases):
    make_user("root", "admin")
    login("root")
    issued = answer(dash_callback(K.RESULT, {f"{K.ISSUE}.n_clicks": 1, f"{K.LABEL}.value": "ruang-kendali-2"}))
    url = next(text for text in texts_of(issued[K.RESULT]["children"]) if text.startswith("/kiosk/"))
    with databases.session() as session:
        token = session.scalar(select(KioskToken).where(KioskToken.label == "ruang-kendali-2"))
        assert token.token_digest == digest(url.removeprefix("/kiosk/"))
    again = dash_callback(K.RESULT, {f"{K.PAGE}.id": K.PAGE})
    assert url not in again.get_data(as_text=True)  # listed afterwards without the secret
    revoked = answer(dash_callback(K.RESULT, {f"{K.REVOKE}.n_clicks": 1, f"{K.PICK}.value": token.id}))
    assert [row["state"].startswith("dicabut") for row in revoked[K.LIST]["data"]] == [True]


def test_routing_rules_and_sla_minutes_are_checked_and_saved(make_user, login, dash_callback, seeded):
    make_user("root", "admin")
    login("root")
    refused = answer(dash_callback(R.RESULT, {f"{R.SAVE}.n_clicks": 1, f"{R.CATEGORY}.value": "SAMPAH"}))
    assert "OPD: wajib dipilih" in " ".join(texts_of(refused[R.RESULT]["children"]))
    saved = answer(dash_callback(R.RESULT, {f"{R.SAVE}.n_clicks": 1, f"{R.CATEGORY}.value": "SAMPAH",
                                            f"{R.KECAMATAN}.value": "35.78.07", f"{R.OPD}.value": "DSDABM"}))
    assert any(row["kecamatan_code"] == "35.78.07" and row["opd_code"] == "DSDABM" for row in saved[R.LIST]["data"])
    too_long = answer(dash_callback(S.RESULT, {f"{S.SAVE}.n_clicks": 1, f"{S.CATEGORY}.value": "SAMPAH",
                                               f"{S.FIRST_RESPONSE}.value": 50000}))
    assert "Tanggapan pertama (menit): paling banyak 43.200 menit" in " ".join(texts_of(too_long[S.RESULT]["children"]))
    ok = answer(dash_callback(S.RESULT, {f"{S.SAVE}.n_clicks": 1, f"{S.CATEGORY}.value": "SAMPAH",
                                         f"{S.FIRST_RESPONSE}.value": 45}))
    assert ok[S.LIST]["data"][0]["first_response_minutes"] == 45


def test_the_audit_page_filters_by_object_type(make_user, login, dash_callback):
    make_user("root", "admin")
    login("root")
    dash_callback(KA.RESULT, {f"{KA.ISSUE}.n_clicks": 1, f"{KA.LABEL}.value": "mitra"})
    dash_callback(K.RESULT, {f"{K.ISSUE}.n_clicks": 1, f"{K.LABEL}.value": "layar"})
    everything = answer(dash_callback(A.LIST, {f"{A.REFRESH}.n_clicks": 1}))
    assert {row["object_type"] for row in everything[A.LIST]["data"]} == {"Kunci API", "Token kiosk", "Pengguna"}
    assert everything[A.ACTOR]["options"] == ["root", "system:setup"]  # the fixture made root
    keys = answer(dash_callback(A.LIST, {f"{A.OBJECT_TYPE}.value": "api_key", f"{A.ACTOR}.value": "root"}))
    assert [(row["action"], row["change"]) for row in keys[A.LIST]["data"]] == [
        ("Diterbitkan", "Nama: — → mitra; Kunci: diubah")]
    assert dash_callback(A.LIST, {f"{A.DAYS}.start_date": "0001-01-01"}).status_code == 400


def test_picking_a_user_fills_the_form_and_saving_changes_his_role(make_user, login, dash_callback, databases):
    make_user("root", "admin")
    make_user("siti", "opd", opd_code="DLH")
    login("root")
    filled = answer(dash_callback(P.RW, {f"{P.PICK}.value": "siti"}))  # the callback that fills the form
    assert filled[P.ROLE]["value"] == "opd" and filled[P.OPD]["value"] == "DLH"
    changed = answer(dash_callback(P.RESULT, {f"{P.UPDATE}.n_clicks": 1, f"{P.PICK}.value": "siti",
                                              f"{P.ROLE}.value": "camat", f"{P.KECAMATAN}.value": "35.78.07"}))
    assert "Peran dan cakupan siti disimpan" in " ".join(texts_of(changed[P.RESULT]["children"]))
    with databases.session() as session:
        assert session.scalar(select(User.role).where(User.username == "siti")) == "camat"


@pytest.mark.parametrize("output_id, values, field", [
    (K.RESULT, {f"{K.REVOKE}.n_clicks": 1, f"{K.PICK}.value": 10**30}, "Token kiosk"),
    (KA.RESULT, {f"{KA.REVOKE}.n_clicks": 1, f"{KA.PICK}.value": ["1"]}, "Kunci API"),
    (R.RESULT, {f"{R.DELETE}.n_clicks": 1, f"{R.PICK}.value": "abc"}, "Aturan rute"),
    (R.RESULT, {f"{R.SAVE}.n_clicks": 1, f"{R.CATEGORY}.value": {"x": 1}, f"{R.OPD}.value": "DLH"}, "Kategori"),
    (S.RESULT, {f"{S.SAVE}.n_clicks": 1, f"{S.CATEGORY}.value": "SAMPAH", f"{S.FEEDBACK}.value": [5]},
     "Umpan balik (menit)"),
    (P.RESULT, {f"{P.CREATE}.n_clicks": 1, f"{P.USERNAME}.value": "siti", f"{P.PASSWORD}.value": "long-enough-pw",
                f"{P.ROLE}.value": ["opd"]}, "Peran"),
])
def test_crafted_values_are_refused_by_field_not_with_a_server_error(make_user, login, dash_callback, seeded,
                                                                     output_id, values, field):
    make_user("root", "admin")
    login("root")
    shown = " ".join(texts_of(answer(dash_callback(output_id, values))[output_id]["children"]))
    assert "Belum tersimpan" in shown and f"{field}: " in shown


@pytest.mark.parametrize("role, shown", [("rt_rw", {P.SCOPE_KELURAHAN, P.SCOPE_RW}), ("lurah", {P.SCOPE_KELURAHAN}),
                                         ("opd", {P.SCOPE_OPD}), ("pimpinan", {P.SCOPE_NOTE}), (["x"], {P.SCOPE_NOTE})])
def test_the_form_shows_the_scope_fields_of_the_chosen_role(make_user, login, dash_callback, role, shown):
    make_user("root", "admin")
    login("root")
    groups = answer(dash_callback(P.SCOPE_NOTE, {f"{P.ROLE}.value": role}))
    assert {group for group, props in groups.items() if not props["hidden"]} == shown
