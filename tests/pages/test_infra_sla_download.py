"""The vendor SLA report as XLSX through the app's route, on the known fleet: one row per device
under contract over the period of the link, real numbers, Indonesian headers; the page's roles and
the viewer's scope apply as on the page."""

from __future__ import annotations

import io

import pytest
from openpyxl import load_workbook

from infra_page_setup import fill_known_fleet
from layouts.components.ids_infrastruktur import SLA_XLSX_PATH

ON_D = "?start=2026-11-09&end=2026-11-09"


@pytest.fixture
def backend():
    return "sqlite"


@pytest.fixture
def as_user(make_user, login, databases):
    fill_known_fleet(databases)

    def log_in(name, role, **scope):
        make_user(name, role, **scope)
        assert login(name).status_code == 302

    return log_in


def sheet_rows(response) -> list[tuple]:
    assert response.status_code == 200, response.get_data(as_text=True)[:300]
    assert response.headers["Content-Disposition"] == 'attachment; filename="sla_infrastruktur_20261109-20261109.xlsx"'
    return list(load_workbook(io.BytesIO(response.get_data())).active.iter_rows(values_only=True))


def test_the_report_has_a_row_per_device_against_its_objective(as_user, client):
    as_user("pimpinan1", "pimpinan")
    rows = sheet_rows(client.get(SLA_XLSX_PATH + ON_D))
    header, body = rows[0], rows[1:]
    assert header[:3] == ("Kontrak", "Vendor", "Kode perangkat") and "Ketersediaan (%)" in header
    by_code = {row[2]: dict(zip(header, row)) for row in body}
    assert list(by_code) == ["CAM-1", "CAM-2", "CAM-3", "SW-1"]  # SW-2 has no contract
    assert by_code["CAM-1"]["Ketersediaan (%)"] == 95.238 and by_code["CAM-1"]["Tercapai"] == "tidak"
    assert by_code["CAM-1"]["Detik normal"] == 72_000 and by_code["CAM-1"]["Detik dikecualikan"] == 10_800
    assert by_code["CAM-3"]["Tercapai"] == "ya" and by_code["SW-1"]["Target SLA (%)"] == 99.5


def test_an_opd_downloads_its_own_devices_only(as_user, client):
    as_user("diskominfo1", "opd", opd_code="DISKOMINFO")  # the switches
    assert [row[2] for row in sheet_rows(client.get(SLA_XLSX_PATH + ON_D))[1:]] == ["SW-1"]


def test_the_report_is_refused_to_roles_without_the_page_and_to_strangers(as_user, client):
    assert client.get(SLA_XLSX_PATH + ON_D).status_code in (302, 401)
    as_user("rt1", "rt_rw", kelurahan_code="35.78.07.1004", rw=1, rt=2)
    assert client.get(SLA_XLSX_PATH + ON_D).status_code == 403
