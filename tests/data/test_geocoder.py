"""The optional online geocoder (data/geocoder.py), against a local HTTP server only: off by
default (no call at all), asked with the typed words and ", Surabaya", answers outside the city
dropped, a failing or slow geocoder offers nothing."""

from __future__ import annotations

import json
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlparse

import pytest

from core.settings import MapSettings, SettingsError, load_settings
from data.geocoder import geocode, geocoded_place

INSIDE = {"lat": "-7.2458", "lon": "112.7378", "display_name": "Tugu Pahlawan, Bubutan, Surabaya"}
OUTSIDE = {"lat": "-7.4470", "lon": "112.7180", "display_name": "Sidoarjo"}


@pytest.fixture
def geocoder():
    """A local geocoder: answers `answer` (a list, or a status code, or "slow") and records queries."""
    state = {"answer": [INSIDE, OUTSIDE, {"lat": "x"}], "queries": []}

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self):  # noqa: N802 - http.server's name
            state["queries"].append(parse_qs(urlparse(self.path).query))
            if state["answer"] == "slow":
                time.sleep(1.5)  # longer than the timeout the test sets
            if isinstance(state["answer"], int):
                self.send_response(state["answer"])
                self.end_headers()
                return
            body = json.dumps(state["answer"] if isinstance(state["answer"], list) else []).encode()
            self.send_response(200)
            self.send_header("Content-Type", "application/json")
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *_args):
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    state["url"] = f"http://127.0.0.1:{server.server_port}/search"
    yield state
    server.shutdown()


def test_it_is_off_by_default(geocoder):
    assert MapSettings().geocoder_url == ""
    assert geocode(MapSettings(), "tugu pahlawan").empty and geocoder["queries"] == []


def test_it_asks_for_the_typed_words_in_surabaya_and_keeps_what_lies_in_the_city(geocoder):
    found = geocode(MapSettings(geocoder_url=geocoder["url"]), "tugu pahlawan")
    assert geocoder["queries"][0]["q"] == ["tugu pahlawan, Surabaya"] and geocoder["queries"][0]["format"] == ["jsonv2"]
    assert list(found["key"]) == ["geocoded:-7.24580,112.73780"]  # Sidoarjo and the broken item left out
    assert found.iloc[0]["kecamatan_code"] == "35.78.13"  # our own lookup: Bubutan
    assert geocoded_place("geocoded:-7.24580,112.73780")["lat"] == -7.2458


def test_short_text_asks_nothing(geocoder):
    assert geocode(MapSettings(geocoder_url=geocoder["url"]), "tu").empty and geocoder["queries"] == []


@pytest.mark.parametrize("answer", [500, "slow"])
def test_a_failing_or_slow_geocoder_offers_nothing(geocoder, answer):
    geocoder["answer"] = answer
    assert geocode(MapSettings(geocoder_url=geocoder["url"], geocoder_timeout_seconds=0.5), "tugu pahlawan").empty


def test_keys_that_are_not_a_point_in_the_city_name_nothing():
    assert geocoded_place("geocoded:-7.447,112.718") is None  # Sidoarjo
    assert geocoded_place("geocoded:abc") is None and geocoded_place(None) is None
    assert geocoded_place("kelurahan:35.78.07.1004") is None


def test_a_geocoder_url_must_be_http(tmp_path):
    path = tmp_path / "settings.toml"
    path.write_text('[map]\ngeocoder_url = "ftp://example"\n')
    with pytest.raises(SettingsError, match="settings: map.geocoder_url: must be an http"):
        load_settings(path, environ={})


# --- on the intake page, with the geocoder switched on ------------------------------------------------

@pytest.fixture
def backend():  # the web layer is the same on both backends
    return "sqlite"


@pytest.fixture
def settings(settings, geocoder):
    return settings.override(map={"geocoder_url": geocoder["url"], "geocoder_timeout_seconds": 1.0})


def test_the_intake_offers_and_takes_a_geocoded_place(client, make_user, login, seeded, dash_callback, geocoder):
    from layouts.components.ids_pengaduan_baru import PengaduanBaru as B

    make_user("op", "operator")
    assert login("op").status_code == 302
    listed = dash_callback(B.SEARCH, {f"{B.SEARCH}.search_value": "monumen yang tidak ada di daftar"})
    options = listed.get_json()["response"][B.SEARCH]["options"]
    assert {"label": "Tugu Pahlawan, Bubutan, Surabaya (geocoder)", "value": "geocoded:-7.24580,112.73780"} in options
    assert geocoder["queries"][0]["q"] == ["monumen yang tidak ada di daftar, Surabaya"]
    spec = next(d for d in client.get("/_dash-dependencies").get_json()
                if any(i["id"] == B.SEARCH and i["property"] == "value" for i in d["inputs"]))
    body = {"output": spec["output"], "outputs": [dict(zip(("id", "property"), p.rsplit(".", 1)))
                                                  for p in spec["output"].strip(".").split("...")],
            "inputs": [{"id": B.SEARCH, "property": "value", "value": "geocoded:-7.24580,112.73780"}],
            "state": [{"id": B.ADDRESS, "property": "value", "value": ""}], "changedPropIds": [f"{B.SEARCH}.value"]}
    chosen = client.post("/_dash-update-component", json=body).get_json()["response"]
    assert (chosen[B.LAT]["value"], chosen[B.LON]["value"]) == ("-7.24580", "112.73780")
