"""The demo inventory: the import's columns, about 2,200 cameras over all 153 kelurahan at points
inside them, access switches of 24-48 cameras, parents that exist and come first (no cycle), a few
devices with two uplinks, one loopback address per device, the same rows for the same seed."""

from __future__ import annotations

import csv
import io
from collections import Counter

import pytest

from geo import default_locator, kelurahan_reference
from modules.infrastructure.kinds import DEVICE_KINDS, PROBE_KINDS
from simulator.infrastructure_inventory import COLUMNS, demo_inventory, loopback_address, write_csv

SPEC_COLUMNS = ("code,kind,name,probe,host,port,path,interval_seconds,timeout_seconds,retries,parents,lat,lon,"
                "kelurahan_code,opd_code,contract_code,watches,site,end_a,end_b")


@pytest.fixture(scope="module")
def rows():
    return demo_inventory()


def test_the_csv_has_the_import_columns_and_reads_back(rows):
    text = write_csv(rows)
    assert text.splitlines()[0] == SPEC_COLUMNS == ",".join(COLUMNS)
    assert list(csv.DictReader(io.StringIO(text))) == rows


def test_about_2200_cameras_in_every_kelurahan_inside_its_polygon(rows):
    cameras = [row for row in rows if row["kind"] == "camera"]
    assert len(cameras) == 2200
    assert {row["kelurahan_code"] for row in cameras} == set(kelurahan_reference()["code"])
    found = default_locator().assign([float(r["lat"]) for r in cameras], [float(r["lon"]) for r in cameras])
    assert list(found["kelurahan_code"]) == [row["kelurahan_code"] for row in cameras]
    assert all(row["code"] == f"CAM-{row['kelurahan_code'].replace('.', '')}{row['code'][-4:]}" for row in cameras)


def test_kinds_probes_codes_and_addresses(rows):
    assert {row["kind"] for row in rows} == set(DEVICE_KINDS)
    assert {row["probe"] for row in rows} <= set(PROBE_KINDS)
    assert len({row["code"] for row in rows}) == len(rows)
    assert len({row["host"] for row in rows}) == len(rows)
    assert all(row["host"].startswith("127.") and 64 <= int(row["host"].split(".")[1]) < 128 for row in rows)
    others = Counter(row["kind"] for row in rows if row["kind"] != "camera")
    assert 200 <= sum(others.values()) <= 800, others


def test_parents_exist_come_first_and_some_devices_have_two(rows):
    seen = set()
    for row in rows:
        parents = [p for p in row["parents"].split(";") if p]
        assert set(parents) <= seen, row["code"]
        seen.add(row["code"])
    assert 3 <= sum(";" in row["parents"] for row in rows) <= 60


def test_each_access_switch_carries_24_to_48_cameras(rows):
    per_switch = Counter(row["parents"] for row in rows if row["kind"] == "camera")
    assert all(parent.startswith("SW-ACC-") for parent in per_switch)
    kecamatan_of = {row["code"]: row["name"].rpartition("(")[2] for row in rows if row["code"].startswith("SW-ACC-")}
    alone = {code for code, place in kecamatan_of.items() if list(kecamatan_of.values()).count(place) == 1}
    assert all(24 <= count <= 48 or code in alone for code, count in per_switch.items()), per_switch


def test_the_same_seed_gives_the_same_inventory_and_another_seed_another(rows):
    assert demo_inventory(cameras=50, seed=3) == demo_inventory(cameras=50, seed=3)
    assert demo_inventory(cameras=50, seed=3) != demo_inventory(cameras=50, seed=4)


def test_addresses_stay_inside_the_loopback_range():
    assert loopback_address(0) == "127.64.0.1"
    assert loopback_address(250) == "127.64.1.1"
    with pytest.raises(ValueError, match="127.64.0.0/10"):
        loopback_address(250 * 256 * 64)


def test_each_device_is_under_a_contract_for_its_kind_when_the_contracts_are_there(rows):
    from simulator.infrastructure_inventory import CONTRACT_PREFIXES, contract_codes

    known = set(contract_codes())
    for row in rows:
        if known:
            assert row["contract_code"] in known and row["contract_code"].startswith(CONTRACT_PREFIXES[row["kind"]])
        else:
            assert row["contract_code"] == ""
