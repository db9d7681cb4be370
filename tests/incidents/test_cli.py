"""`manage.py incident-key`: an agency's field key from the command line, against a real database."""

import pytest

from modules.incidents.keys import field_actor
from modules.incidents.models import IncidentApiKey


@pytest.fixture
def manage(database_urls, monkeypatch, tmp_path):
    import manage as cli

    monkeypatch.setattr(cli, "instance_folder", lambda: tmp_path / "instance")
    monkeypatch.setenv("PANTAU_DATABASE__URL", database_urls[0])
    monkeypatch.setenv("PANTAU_DATABASE__WAREHOUSE_URL", database_urls[1])
    monkeypatch.setenv("PANTAU_DEMO__LOAD_DEMO_DATA", "false")
    return lambda *args: cli.main(list(args))


def test_a_field_key_is_issued_listed_and_revoked(manage, databases, capsys):
    assert manage("incident-key", "issue", "DISHUB", "MDT derek") == 0
    secret = capsys.readouterr().out.split(": ")[-1].split()[0]
    with databases.session() as session:
        actor = field_actor(session, secret)
        key_id = session.query(IncidentApiKey).one().id
    assert (actor.role, actor.opd_code) == ("opd", "DISHUB")
    assert manage("incident-key", "revoke", str(key_id)) == 0
    assert manage("incident-key", "list") == 0
    assert "revoked" in capsys.readouterr().out
    with databases.session() as session:
        assert field_actor(session, secret) is None


def test_a_key_for_an_agency_without_units_is_refused(manage, capsys):
    assert manage("incident-key", "issue", "BAPPEDA", "x") == 1
    assert "agency_code" in capsys.readouterr().err
