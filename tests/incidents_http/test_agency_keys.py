"""Agency keys: issued by an admin (manage.py incident-key) for one agency, stored hashed, revoked;
every issue and revocation in the admin audit; a revoked key reports nothing."""

import re

import pytest
from api_helpers import PATROL
from sqlalchemy import select

import manage
from core.audit import AdminAudit
from core.users import Viewer
from modules.incidents.agency_keys import IncidentAgencyKey, issue_agency_key, key_of
from modules.incidents.errors import IncidentAccessDenied, IncidentValidationError


@pytest.fixture
def run(database_urls, databases, monkeypatch, capsys):
    """run(*argv) -> (exit code, stdout, stderr) of manage.py against the test databases."""
    monkeypatch.setenv("PANTAU_DATABASE__URL", database_urls[0])
    monkeypatch.setenv("PANTAU_DATABASE__WAREHOUSE_URL", database_urls[1])

    def do_run(*argv: str) -> tuple[int, str, str]:
        code = manage.main(list(argv))
        captured = capsys.readouterr()
        return code, captured.out, captured.err

    return do_run


def test_a_key_is_issued_for_an_agency_stored_hashed_listed_and_revoked(run, databases, client, accident):
    code, out, _ = run("incident-key", "issue", "dishub", "GPS armada", "Dishub")
    assert code == 0
    key_id, secret = re.search(r"agency key (\d+) \(DISHUB, GPS armada Dishub\): (\S+)", out).groups()
    with databases.session() as session:
        stored = session.get(IncidentAgencyKey, int(key_id))
        assert stored.agency_code == "DISHUB" and secret not in stored.key_digest and len(stored.key_digest) == 64
        assert key_of(session, secret).id == int(key_id)
    headers = {"X-API-Key": secret}
    assert client.post(f"/api/incidents/units/{PATROL}/status", json={"status": "en_route"},
                       headers=headers).status_code == 200
    assert re.search(rf"{key_id} +DISHUB +GPS armada Dishub +active", run("incident-key", "list")[1])
    assert run("incident-key", "revoke", key_id)[0] == 0
    assert "revoked" in run("incident-key", "list")[1]
    assert client.post(f"/api/incidents/units/{PATROL}/status", json={"status": "on_scene"},
                       headers=headers).status_code == 401
    with databases.session() as session:
        audit = session.scalars(select(AdminAudit).where(AdminAudit.object_key == f"incident:{key_id}")
                                .order_by(AdminAudit.id)).all()
    assert [row.action for row in audit] == ["issued", "revoked"]
    assert secret not in str([row.after for row in audit])


def test_bad_key_commands_are_one_line_errors(run):
    assert run("incident-key", "issue", "PLN", "listrik")[::2] == (
        1, "error: agency_code: 'PLN' is not one of: BPBD, DINKES, DINSOS, DISHUB, DP3APPKB, DPKP, DSDABM, SATPOLPP\n")
    assert run("incident-key", "issue", "DPKP", "x" * 101)[::2] == (1, "error: label: at most 100 characters\n")
    assert run("incident-key", "revoke", "999")[::2] == (1, "error: key_id: no agency key 999\n")
    assert run("incident-key", "revoke")[0] == 1


def test_only_an_admin_issues_keys(databases):
    with databases.transaction() as session, pytest.raises(IncidentAccessDenied):
        issue_agency_key(session, Viewer(user_id="5", username="op", role="operator"), "DPKP", "terminal")
    with databases.transaction() as session, pytest.raises(IncidentValidationError) as refused:
        issue_agency_key(session, Viewer(user_id="9", username="admin1", role="admin"), "DPKP", "  ")
    assert (refused.value.field, refused.value.code) == ("label", "incident_required")
    with databases.session() as session:
        assert session.scalars(select(IncidentAgencyKey)).all() == []
