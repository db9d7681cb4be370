"""The inventory (modules/infrastructure/inventory.py) on SQLite and PostgreSQL: registering and
changing devices, a CSV import that refuses a file with any bad row (every row's problems named,
nothing written), and the export that an import reads back unchanged."""

from __future__ import annotations

import pytest

from infra_setup import ADMIN, GENTENG, JAKARTA, NOW, OPERATOR, as_csv, at, device
from modules.infrastructure import service
from modules.infrastructure.errors import InfraAccessDenied, InfraImportError, InfraValidationError
from modules.infrastructure.kinds import UNKNOWN
from modules.infrastructure.models import InfraDevice


def refused(run, settings, rows) -> list[tuple[int, str, str]]:
    with pytest.raises(InfraImportError) as caught:
        run(service.import_csv, ADMIN, as_csv(rows), settings, now=NOW)
    return [(e.row, e.field, e.code) for e in caught.value.errors]


def test_an_import_registers_devices_parents_places_and_a_first_unknown_state(inventory, run, state, events,
                                                                              logged):
    counted = inventory([device("SW-1", lat=GENTENG[0], lon=GENTENG[1]),
                         device("CAM-1", "camera", "rtsp", parents="SW-1", opd_code="DISHUB",
                                contract_code="CCTV-2025-01", lat=GENTENG[0], lon=GENTENG[1])])
    assert counted == {"created": 2, "updated": 0, "unchanged": 0}
    camera = run(lambda session: session.get(InfraDevice, "CAM-1"))
    assert camera.kelurahan_code.startswith("35.78.") and camera.kecamatan_code == camera.kelurahan_code[:8]
    assert (camera.port, camera.path, camera.retries, camera.interval_seconds) == (None, "/stream1", 3, 60)
    assert state("CAM-1").state == UNKNOWN and [e.state for e in events("CAM-1")] == [UNKNOWN]
    payload = dict((entity_id, p) for entity, entity_id, p in logged("infrastructure_device"))["CAM-1"]
    assert payload["parents"] == ["SW-1"] and payload["vendor"] == "PT Demo Visi Kota"
    assert payload["slo_percent"] == 98.0 and payload["opd_code"] == "DISHUB"


def test_every_bad_row_is_reported_with_its_field_and_nothing_is_written(inventory, run, settings, counts):
    inventory([device("SW-OLD")])
    before = counts()
    rows = [
        device("SW-1"),                                                   # row 2: fine
        device("SW-2", parents="SW-NOWHERE"),                             # row 3: unknown parent
        device("SW-3", kind="toaster"),                                   # row 4: unknown kind
        device("SW-4", host="bad host!"),                                 # row 5: invalid host
        device("SW-5", port="70000"),                                     # row 6: port out of range
        device("CAM-6", "camera", "rtsp", path="/live stream"),           # row 7: invalid URL path
        device("SW-7", lat=JAKARTA[0], lon=JAKARTA[1]),                   # row 8: outside the city
        device("SW-8", opd_code="NOPE", contract_code="NOPE"),            # row 9: unknown OPD and contract
        device("SW-9", probe="smoke"),                                    # row 10: unknown probe
        device("SW-1"),                                                   # row 11: code twice
        device("SW-10", kelurahan_code="35.78.99.1999"),                  # row 12: unknown kelurahan
        device("SW-11", timeout_seconds="90"),                            # row 13: timeout past the interval
        device("SW-12", lat="-7.25"),                                     # row 14: a latitude alone
        device("VPN-13", "vpn", "icmp", port="7"),                        # row 15: icmp has no port
    ]
    found = refused(run, settings, rows)
    assert found == [
        (3, "parents", "infra_unknown_code"),
        (4, "kind", "infra_unknown_choice"),
        (5, "host", "infra_host_invalid"),
        (6, "port", "infra_port_range"),
        (7, "path", "infra_path_invalid"),
        (8, "lat", "infra_outside_city"),
        (9, "opd_code", "infra_unknown_code"),
        (9, "contract_code", "infra_unknown_code"),
        (10, "probe", "infra_unknown_choice"),
        (11, "code", "infra_code_twice"),
        (12, "kelurahan_code", "infra_unknown_code"),
        (13, "timeout_seconds", "infra_timeout_too_long"),
        (14, "lon", "infra_position_incomplete"),
        (15, "port", "infra_port_unused"),
    ]
    assert counts() == before


def test_a_cycle_through_the_parents_is_refused_on_every_row_in_it(inventory, run, settings, counts):
    inventory([device("SW-A"), device("SW-B", parents="SW-A")])
    before = counts()
    found = refused(run, settings, [device("SW-A", parents="SW-C"), device("SW-C", parents="SW-B"),
                                    device("SW-SELF", parents="SW-SELF")])
    assert found == [(2, "parents", "infra_parent_cycle"), (3, "parents", "infra_parent_cycle"),
                     (4, "parents", "infra_parent_self")]
    assert counts() == before


def test_a_file_without_the_columns_is_refused_naming_them(run, settings):
    with pytest.raises(InfraImportError) as caught:
        run(service.import_csv, ADMIN, "code,kind\nSW-1,switch\n", settings, now=NOW)
    (error,) = caught.value.errors
    assert (error.row, error.field) == (1, "header") and "probe" in error.params["missing"]


def test_the_export_reads_back_as_the_same_inventory(inventory, run, settings, logged):
    inventory([device("CORE", lat=GENTENG[0], lon=GENTENG[1], opd_code="DISKOMINFO"),
               device("SW-1", parents="CORE", contract_code="NET-2024-01", timeout_seconds="2.5"),
               device("SW-2", parents="CORE"),
               device("CAM-1", "camera", "rtsp", parents="SW-1;SW-2", watches='Simpang "Empat", Jl. Darmo',
                      lat=GENTENG[0], lon=GENTENG[1]),
               device("HOST-1", "host", "https", host="egov.surabaya.go.id", path="/health?full=1"),
               device("VPN-1", "vpn", "icmp", site="Kelurahan Ketabang"),
               device("FO-1", "fibre", end_a="Balai Kota", end_b="Rungkut"),
               device("SVC-1", "service", "passive", host="")])
    exported = run(service.export_csv, ADMIN)
    assert exported.splitlines()[0].startswith("code,kind,name,probe,host,port,path")
    assert 'Simpang ""Empat"", Jl. Darmo' in exported and "SW-1;SW-2" in exported
    log_before = logged()
    assert run(service.import_csv, ADMIN, exported, settings, now=at(5)) == {"created": 0, "updated": 0,
                                                                               "unchanged": 8}
    assert run(service.export_csv, ADMIN) == exported
    assert logged() == log_before  # an unchanged device is not logged again


def test_an_update_is_checked_as_a_whole_row_and_logged(inventory, run, settings, logged):
    inventory([device("SW-1"), device("SW-2")])
    run(service.update_device, ADMIN, "SW-2", settings, now=at(1), parents=["SW-1"], name="Switch dua")
    payload = [p for _e, entity_id, p in logged("infrastructure_device") if entity_id == "SW-2"][-1]
    assert payload["parents"] == ["SW-1"] and payload["name"] == "Switch dua"
    with pytest.raises(InfraValidationError) as caught:
        run(service.update_device, ADMIN, "SW-1", settings, now=at(2), parents="SW-2")
    assert (caught.value.field, caught.value.code) == ("parents", "infra_parent_cycle")
    with pytest.raises(InfraValidationError) as caught:
        run(service.register_device, ADMIN, settings, now=at(2), **device("SW-1"))
    assert caught.value.code == "infra_code_exists"


def test_only_an_administrator_edits_the_inventory(run, settings, counts):
    before = counts()
    with pytest.raises(InfraAccessDenied):
        run(service.import_csv, OPERATOR, as_csv([device("SW-1")]), settings, now=NOW)
    assert counts() == before
    assert run(service.export_csv, OPERATOR).startswith("code,")  # an operator reads


def test_a_switched_off_device_is_no_longer_probed(inventory, run, logged):
    inventory([device("SW-1"), device("SVC-1", "service", "passive", host="")])
    assert [t.code for t in run(service.probe_targets, NOW)] == ["SW-1"]  # passive: never probed
    run(service.set_active, ADMIN, "SW-1", False, now=at(1))
    assert run(service.probe_targets, at(1)) == []
    assert logged("infrastructure_device")[-1][2]["active"] is False


def test_a_contract_whose_vendor_changes_logs_its_devices_again(inventory, run, logged, monkeypatch):
    from core.reference import read_csv
    from modules.infrastructure import reference

    inventory([device("CAM-1", "camera", "rtsp", contract_code="CCTV-2025-01"), device("SW-1")])
    rows = read_csv(reference.CONTRACTS_FILE)
    rows[0] = rows[0] | {"vendor": "PT Demo Pengganti"}
    monkeypatch.setattr(reference, "read_csv", lambda _name: rows)
    run(reference.load_infrastructure_reference)
    newest = {entity_id: p for _e, entity_id, p in logged("infrastructure_device")}
    assert newest["CAM-1"]["vendor"] == "PT Demo Pengganti"
    assert [entity_id for _e, entity_id, _p in logged("infrastructure_device")].count("SW-1") == 1
