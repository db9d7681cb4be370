"""Agency keys (modules/incidents/keys.py) as the API uses them: issued by manage.py incident-key
for one agency, stored hashed, they report over HTTP until revoked; both changes are audited.
(tests/incidents/test_cli.py tests the command itself.)"""

import re

import pytest
from api_helpers import PATROL
from sqlalchemy import select

import manage
from core.audit import AdminAudit
from core.users import Viewer
from modules.incidents.keys import field_actor, issue_api_key
from modules.incidents.models import IncidentApiKey
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
    code, out, _ = run("incident-key", "issue", "DISHUB", "GPS armada Dishub")
    assert code == 0
    key_id, secret = re.search(r"incident API key (\d+) \(DISHUB, GPS armada Dishub\): (\S+)", out).groups()
    with databases.session() as session:
        stored = session.get(IncidentApiKey, int(key_id))
        assert stored.agency_code == "DISHUB" and secret not in stored.key_digest and len(stored.key_digest) == 64
        assert field_actor(session, secret).opd_code == "DISHUB"
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
    assert run("incident-key", "issue", "PLN", "listrik")[::2] == (1, "error: agency_code: unknown agency 'PLN'\n")
    assert run("incident-key", "issue", "DPKP", "x" * 101)[::2] == (1, "error: label: at most 100 characters\n")
    assert run("incident-key", "revoke", "999")[::2] == (1, "error: key_id: no API key 999\n")
    assert run("incident-key", "revoke")[0] == 1


def test_only_an_admin_issues_keys(databases):
    with databases.transaction() as session, pytest.raises(IncidentAccessDenied):
        issue_api_key(session, Viewer(user_id="5", username="op", role="operator"), "DPKP", "terminal")
    with databases.transaction() as session, pytest.raises(IncidentValidationError) as refused:
        issue_api_key(session, Viewer(user_id="9", username="admin1", role="admin"), "DPKP", "  ")
    assert refused.value.field == "label"
    with databases.session() as session:
        assert session.scalars(select(IncidentApiKey)).all() == []
