"""Input Pengaduan's place search: typed words list places (data/gazetteer.py), a chosen place
becomes the point (the pin, the kelurahan and kecamatan follow) and the map zooms to it; only
the intake's roles may ask."""

from __future__ import annotations

import pytest

from layouts.components.ids_pengaduan_baru import PengaduanBaru as B


@pytest.fixture
def backend():  # the web layer is the same on both backends; tests/data covers PostgreSQL
    return "sqlite"


@pytest.fixture
def as_user(make_user, login, seeded):
    def log_in(name, role, **scope):
        make_user(name, role, **scope)
        assert login(name).status_code == 302

    return log_in


@pytest.fixture
def call_by_input(client):
    """Calls the callback whose inputs include `input_id` (several callbacks share outputs here)."""

    def call(input_id: str, values: dict, output: str = ""):
        spec = next(d for d in client.get("/_dash-dependencies").get_json()
                    if any(f"{i['id']}.{i['property']}" == input_id for i in d["inputs"]) and output in d["output"])

        def items(kind):
            return [{"id": i["id"], "property": i["property"], "value": values.get(f"{i['id']}.{i['property']}")}
                    for i in spec[kind]]

        parts = [dict(zip(("id", "property"), p.rsplit(".", 1))) for p in spec["output"].strip(".").split("...")]
        body = {"output": spec["output"], "outputs": parts if spec["output"].startswith("..") else parts[0],
                "inputs": items("inputs"), "state": items("state"), "changedPropIds": [input_id]}
        return client.post("/_dash-update-component", json=body)

    return call


def test_typed_words_list_the_places(as_user, call_by_input):
    as_user("op", "operator")
    response = call_by_input(f"{B.SEARCH}.search_value", {f"{B.SEARCH}.search_value": "ketabang"})
    options = response.get_json()["response"][B.SEARCH]["options"]
    assert options[0] == {"label": "Kelurahan Ketabang — Kec. Genteng", "value": "kelurahan:35.78.07.1004"}


def test_a_chosen_place_moves_the_point_and_names_its_districts(as_user, call_by_input):
    as_user("op", "operator")
    chosen = call_by_input(f"{B.SEARCH}.value", {f"{B.SEARCH}.value": "landmark:tugu-pahlawan",
                                                 f"{B.ADDRESS}.value": ""}).get_json()["response"]
    assert (chosen[B.LAT]["value"], chosen[B.LON]["value"]) == ("-7.24580", "112.73780")
    assert chosen[B.ADDRESS]["value"] == "Tugu Pahlawan"  # an empty address gets the place's name
    view = chosen[B.MAP]["figure"]["operations"]
    assert any(op["location"] == ["layout", "map", "center"] and op["params"]["value"] == {"lat": -7.2458, "lon": 112.7378}
               for op in view)
    place = call_by_input(f"{B.LAT}.value", {f"{B.LAT}.value": "-7.24580", f"{B.LON}.value": "112.73780"}, B.PLACE)
    assert place.get_json()["response"][B.PLACE]["children"] == "Kelurahan Gundih, Kecamatan Bubutan"


def test_a_typed_address_is_kept_and_an_unknown_key_changes_nothing(as_user, call_by_input):
    as_user("op", "operator")
    kept = call_by_input(f"{B.SEARCH}.value", {f"{B.SEARCH}.value": "landmark:tugu-pahlawan",
                                               f"{B.ADDRESS}.value": "depan pos satpam"}).get_json()["response"]
    assert B.ADDRESS not in kept
    assert call_by_input(f"{B.SEARCH}.value", {f"{B.SEARCH}.value": "kelurahan:nowhere"}).status_code == 204


def test_a_point_outside_the_city_says_so(as_user, call_by_input):
    as_user("op", "operator")
    place = call_by_input(f"{B.LAT}.value", {f"{B.LAT}.value": "-7.9", f"{B.LON}.value": "112.0"}, B.PLACE)
    assert "di luar wilayah Kota Surabaya" in place.get_json()["response"][B.PLACE]["children"]


@pytest.mark.parametrize("role, scope", [("opd", {"opd_code": "DLH"}), ("lurah", {"kelurahan_code": "35.78.07.1004"})])
def test_only_the_intake_roles_may_search(as_user, call_by_input, role, scope):
    as_user("other", role, **scope)
    assert call_by_input(f"{B.SEARCH}.search_value", {f"{B.SEARCH}.search_value": "ketabang"}).status_code == 403
