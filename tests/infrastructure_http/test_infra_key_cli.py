"""`manage.py infra-key`: a monitoring integration's key from the command line, against a real database."""

import pytest

from modules.infrastructure.keys import InfraApiKey, key_integration


@pytest.fixture
def manage(database_urls, monkeypatch, tmp_path):
    import manage as cli

    monkeypatch.setattr(cli, "instance_folder", lambda: tmp_path / "instance")
    monkeypatch.setenv("PANTAU_DATABASE__URL", database_urls[0])
    monkeypatch.setenv("PANTAU_DATABASE__WAREHOUSE_URL", database_urls[1])
    monkeypatch.setenv("PANTAU_DEMO__LOAD_DEMO_DATA", "false")
    return lambda *args: cli.main(list(args))


def test_a_key_is_issued_listed_and_revoked(manage, databases, capsys):
    assert manage("infra-key", "issue", "alertmanager", "Alertmanager ruang server") == 0
    secret = capsys.readouterr().out.split(": ")[-1].split()[0]
    with databases.session() as session:
        assert key_integration(session, secret) == "alertmanager"
        key_id = session.query(InfraApiKey).one().id
    assert manage("infra-key", "revoke", str(key_id)) == 0
    assert manage("infra-key", "list") == 0
    assert "revoked" in capsys.readouterr().out
    with databases.session() as session:
        assert key_integration(session, secret) is None


def test_an_unknown_integration_or_a_bad_command_is_refused(manage, capsys):
    assert manage("infra-key", "issue", "nagios", "x") == 1
    assert "integration" in capsys.readouterr().err
    assert manage("infra-key", "revoke", "abc") == 1
    assert manage("infra-key", "revoke", "999") == 1
    assert "key_id" in capsys.readouterr().err
