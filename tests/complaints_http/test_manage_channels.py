"""manage.py api-key and webhook-secret."""

import re

import pytest
from sqlalchemy import select

import manage
from modules.complaints import service
from modules.complaints.models import ApiKey


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


def test_api_keys_are_issued_listed_and_revoked(run, databases):
    code, out, _ = run("api-key", "issue", "aplikasi mitra")
    secret = re.search(r"API key (\d+) \(aplikasi mitra\): (\S+)", out).group(2)
    assert code == 0
    with databases.session() as session:
        assert service.api_key_valid(session, secret)
        key_id = session.scalar(select(ApiKey.id))
    assert re.search(rf"{key_id} +aplikasi mitra +active", run("api-key", "list")[1])
    assert run("api-key", "revoke", str(key_id))[0] == 0
    assert "revoked" in run("api-key", "list")[1]
    with databases.session() as session:
        assert not service.api_key_valid(session, secret)


def test_bad_api_key_commands_are_one_line_errors(run):
    assert run("api-key", "issue")[::2] == (1, "error: label: name the client in 1 to 100 characters\n")
    assert run("api-key", "revoke", "x")[::2] == (1, "error: api-key revoke: give the key's id (see api-key list)\n")


def test_a_webhook_secret_is_printed_as_an_export_line(run):
    code, out, _ = run("webhook-secret", "live_chat")
    assert code == 0 and re.fullmatch(r"export PANTAU_WEBHOOK_SECRET_LIVE_CHAT=[0-9a-f]{64}\n", out)
    with pytest.raises(SystemExit):
        run("webhook-secret", "pigeon")
