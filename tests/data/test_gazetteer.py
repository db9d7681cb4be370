"""The operators' gazetteer (data/gazetteer.py): streets per kelurahan from the complaint history
at their median point, every kelurahan and kecamatan, bundled landmarks; nothing that names a
single household. Database tests run on SQLite and PostgreSQL."""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime, timezone

import pandas as pd
import pytest

import geo
from core.services import Services
from data import gazetteer
from modules.complaints import ComplaintIntake, service

NOW = datetime(2026, 11, 23, 2, 0, tzinfo=timezone.utc)
KETABANG = "35.78.07.1004"
BASE = ComplaintIntake(channel="wargaku", category_code="JALAN_RUSAK", description="Jalan berlubang, mohon ditambal.",
                       lat=-7.2575, lon=112.7521, address="Jl. Tunjungan 10", reporter_name="Budi Santoso",
                       reporter_contact="081234567890")


@pytest.fixture
def history(databases, settings):
    """Complaints on three streets of one spot in Genteng: Tunjungan four times (one point far
    off), Jl. Pemuda twice written two ways, one lone house on Jl. Kenari; one with no point."""
    with databases.transaction() as session:
        service.seed_routing_rules(session, NOW)
    filed = [("Jl. Tunjungan No. 10, Surabaya", -7.2575, 112.7521), ("jalan tunjungan 12", -7.2577, 112.7523),
             ("JL. TUNJUNGAN no 3 RT 02/RW 01", -7.2579, 112.7519), ("Jl. Tunjungan 99", -7.2620, 112.7500),
             ("Jl. Pemuda No. 1", -7.2581, 112.7517), ("Jln Pemuda 33, Genteng", -7.2583, 112.7515),
             ("Jl. Kenari No. 5, rumah Pak Budi", -7.2578, 112.7520), ("Jl. Tunjungan 1", None, None)]
    for i, (address, lat, lon) in enumerate(filed):
        with databases.transaction() as session:
            service.submit_complaint(session, replace(BASE, address=address, lat=lat, lon=lon), settings,
                                     now=NOW.replace(minute=i))
    return databases


def test_street_names_are_cut_to_the_street():
    assert gazetteer.street_name("Jl. Tunjungan No. 10, Surabaya") == "Jl. Tunjungan"
    assert gazetteer.street_name("jalan raya darmo 5") == "Jl. Raya Darmo"
    assert gazetteer.street_name("JL. HR Muhammad No.3") == "Jl. HR Muhammad"
    assert gazetteer.street_name("Gg. Buntu 2 RT 01/RW 03") == "Gg. Buntu"
    assert gazetteer.street_name("Jln.Kertajaya Indah Blok A-3") == "Jl. Kertajaya Indah"
    assert gazetteer.street_name("depan pasar") is None  # names no street
    assert gazetteer.street_name("Jl. 12") is None and gazetteer.street_name(None) is None


def test_streets_come_from_the_history_at_their_median_point(history, settings):
    places = gazetteer.build(Services(settings, history, None))
    streets = places[places["kind"] == "street"].set_index("name")
    assert set(streets.index) == {"Jl. Tunjungan", "Jl. Pemuda"}  # Jl. Kenari: one house, not offered
    tunjungan = streets.loc["Jl. Tunjungan"]
    assert tunjungan["reports"] == 4  # the complaint without a point is not counted
    # the median: the one point 500 m away does not drag the street there (a mean would move 120 m)
    assert tunjungan["lat"] == pytest.approx(-7.2578, abs=1e-5) and tunjungan["lon"] == pytest.approx(112.7520, abs=1e-5)
    assert tunjungan["kelurahan_code"] == KETABANG and tunjungan["kecamatan_code"] == "35.78.07"
    assert streets.loc["Jl. Pemuda", "reports"] == 2
    assert not places["label"].str.contains("Budi|Kenari|No\\.|081", regex=True).any()


def test_every_kelurahan_kecamatan_and_landmark_is_a_place(history, settings):
    places = gazetteer.build(Services(settings, history, None))
    counts = places["kind"].value_counts()
    assert counts["kelurahan"] == len(geo.centroids("kelurahan")) and counts["kecamatan"] == 31
    assert counts["landmark"] == len(pd.read_csv(gazetteer.LANDMARKS))  # every one lies in the city
    assert places["key"].is_unique


def test_a_search_finds_by_street_kelurahan_or_landmark(history, settings):
    places = gazetteer.build(Services(settings, history, None))
    first = gazetteer.search(places, "ketabang").iloc[0]
    assert (first["kind"], first["name"]) == ("kelurahan", "Ketabang")
    assert "Jl. Tunjungan" in set(gazetteer.search(places, "ketabang")["name"])  # streets in it
    assert gazetteer.search(places, "jalan tunjungan").iloc[0]["name"] == "Jl. Tunjungan"
    assert gazetteer.search(places, "tugu pahlawan").iloc[0]["kind"] == "landmark"
    assert gazetteer.search(places, "rsud soetomo").iloc[0]["name"] == "RSUD Dr. Soetomo"
    # the old spelling either way: the kelurahan Dr. Soetomo and the hospital
    assert {"Dr. Soetomo", "RSUD Dr. Soetomo"} <= set(gazetteer.search(places, "sutomo")["name"])
    assert gazetteer.search(places, "").empty and gazetteer.search(places, "zzzz").empty
    assert len(gazetteer.search(places, "a")) == gazetteer.MAX_RESULTS


def test_a_place_is_found_only_by_its_key(history, settings):
    places = gazetteer.build(Services(settings, history, None))
    found = gazetteer.place(places, f"kelurahan:{KETABANG}")
    assert found["name"] == "Ketabang" and found["kecamatan_code"] == "35.78.07"
    assert gazetteer.place(places, "kelurahan:nowhere") is None and gazetteer.place(places, ["x"]) is None


def test_the_gazetteer_is_cached(history, settings):
    services = Services(settings, history, None)
    assert gazetteer.gazetteer(services).equals(gazetteer.gazetteer(services))
    from data.cache import mart_cache

    assert mart_cache(services).hits >= 1


def test_no_history_gives_no_streets():
    assert gazetteer.streets_from([]).empty
    assert gazetteer.streets_from([("Jl. Kenari 5", "35.78.07.1004", -7.25, 112.75)]).empty  # one house
