"""Admin ETL (/admin/etl): watermarks, mart versions and rejects, for admins only."""

from datetime import datetime, timedelta, timezone

import pytest

from core.services import Services
from data import etl_status
from etl.runner import EtlRunner
from layouts.components.ids_admin_etl import AdminEtl
from synthetic_complaints import snapshot, write_snapshots


@pytest.fixture
def backend():  # the web layer is the same on both backends; the database tests cover PostgreSQL
    return "sqlite"


@pytest.fixture
def bad_snapshot(databases, complaint_marts):
    """One change the ETL must reject: a category that does not exist."""
    write_snapshots(databases, [snapshot(50, category_code="NOPE")])
    EtlRunner(databases).run_once()


def etl_state(dash_callback) -> dict:
    response = dash_callback(AdminEtl.REJECTS, {f"{AdminEtl.REFRESH}.n_clicks": None})
    assert response.status_code == 200
    return response.get_json()["response"]


def test_the_admin_page_lists_a_reject(client, make_user, login, dash_callback, bad_snapshot):
    make_user("root", "admin")
    login("root")
    assert client.get("/admin/etl").status_code == 200
    state = etl_state(dash_callback)
    rejects = state[AdminEtl.REJECTS]["data"]
    assert len(rejects) == 1
    reject = rejects[0]
    assert (reject["job"], reject["entity"], reject["entity_id"]) == ("complaints", "complaint", "50")
    assert reject["reason"] == "unknown category"
    summary = reject["payload_summary"]
    assert summary.startswith("ticket=ADU-TEST-000050") and "category_code=NOPE" in summary
    assert "1 penolakan" in state[AdminEtl.REJECTS_NOTE]["children"]


def test_the_admin_page_shows_watermarks_and_mart_versions(make_user, login, dash_callback, bad_snapshot):
    make_user("root", "admin")
    login("root")
    state = etl_state(dash_callback)
    watermark = {row["job"]: row for row in state[AdminEtl.WATERMARKS]["data"]}["complaints"]
    assert watermark["position"] == 13  # twelve known snapshots, then the bad one
    assert watermark["updated_at"]  # shown in WIB, as text
    versions = {row["mart"]: row["version"] for row in state[AdminEtl.MART_VERSIONS]["data"]}
    assert versions["complaints"] >= 2  # one bump per batch


@pytest.mark.parametrize("role, scope", [("pimpinan", {}), ("operator", {}), ("opd", {"opd_code": "DLH"})])
def test_other_roles_get_403(client, make_user, login, dash_callback, role, scope):
    make_user("someone", role, **scope)
    login("someone")
    assert client.get("/admin/etl").status_code == 403
    assert dash_callback(AdminEtl.REJECTS, {f"{AdminEtl.REFRESH}.n_clicks": 1}).status_code == 403
    assert "Admin ETL" not in client.get("/_dash-layout").get_data(as_text=True)


# --- data/etl_status.py -------------------------------------------------------------------------

def test_rejects_are_newest_first_and_limited(settings, databases, bad_snapshot):
    later = datetime.now(timezone.utc) + timedelta(hours=1)
    write_snapshots(databases, [snapshot(51, received_at=later, kecamatan_code="999999")])
    EtlRunner(databases).run_once()
    services = Services(settings, databases, None)
    rejects = etl_status.rejects(services)
    assert list(rejects["entity_id"]) == ["51", "50"]
    assert list(rejects["reason"]) == ["unknown kecamatan", "unknown category"]
    assert list(etl_status.rejects(services, limit=1)["entity_id"]) == ["51"]
    assert etl_status.reject_count(services) == 2


def test_payload_summary_puts_the_identifying_keys_first_and_stays_short():
    payload = {"id": 7, "note": "x" * 500, "ticket": "ADU-1", "opd_code": None, "category_code": "NOPE"}
    summary = etl_status.payload_summary(payload)
    assert summary.startswith("ticket=ADU-1, category_code=NOPE, id=7, note=xxx")
    assert "opd_code" not in summary and len(summary) == etl_status.SUMMARY_CHARACTERS
    assert etl_status.payload_summary(None) == ""
