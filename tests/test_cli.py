"""The command line: users, passwords, kiosk tokens, against a real database."""

import pytest
from sqlalchemy import select

from core.users import KioskToken, User, authenticate


@pytest.fixture
def instance(tmp_path):
    """The instance folder the commands make private (the project's own is left alone)."""
    return tmp_path / "instance"


@pytest.fixture
def manage(database_urls, monkeypatch, instance):
    import manage as cli

    monkeypatch.setattr(cli, "instance_folder", lambda: instance)
    monkeypatch.setenv("PANTAU_DATABASE__URL", database_urls[0])
    monkeypatch.setenv("PANTAU_DATABASE__WAREHOUSE_URL", database_urls[1])
    monkeypatch.setenv("PANTAU_DEMO__LOAD_DEMO_DATA", "false")

    def run(*args, password=None):
        if password:
            monkeypatch.setenv("PANTAU_PASSWORD", password)
        return cli.main(list(args))

    return run


def test_create_user_with_scope_then_reset_password(manage, databases, capsys):
    assert manage("create-user", "siti", "--role", "opd", "--opd", "DISHUB", password="first-password") == 0
    assert manage("reset-password", "siti", password="second-password") == 0
    with databases.session() as session:
        user = session.scalar(select(User).where(User.username == "siti"))
        assert user.role == "opd" and user.opd_code == "DISHUB"
        assert authenticate(session, "siti", "second-password") is not None
        assert authenticate(session, "siti", "first-password") is None


def test_a_wrong_user_request_is_refused_with_a_reason(manage, capsys):
    assert manage("create-user", "budi", "--role", "opd", password="long-enough-pw") == 1
    assert "opd_code: required for role opd" in capsys.readouterr().err
    assert manage("create-user", "budi", "--role", "mayor", password="long-enough-pw") == 1


def test_kiosk_tokens_are_issued_once_and_revoked(manage, databases, capsys):
    assert manage("kiosk", "issue", "ruang-1") == 0
    printed = capsys.readouterr().out
    assert "/kiosk/" in printed
    with databases.session() as session:
        token = session.scalar(select(KioskToken).where(KioskToken.label == "ruang-1"))
    assert manage("kiosk", "revoke", str(token.id)) == 0
    with databases.session() as session:
        assert session.get(KioskToken, token.id).revoked_at is not None
    capsys.readouterr()
    assert manage("kiosk", "list") == 0
    listed = capsys.readouterr().out
    assert "ruang-1" in listed and "revoked" in listed


def test_a_wrong_setting_stops_the_cli_with_one_line(manage, monkeypatch, capsys):
    monkeypatch.setenv("PANTAU_SERVER__PORT", "99999")
    assert manage("list-users") == 2
    assert capsys.readouterr().err.strip() == "settings: server.port: must be between 1 and 65535, got 99999"


def test_routing_rules_and_sla_overrides_are_edited_from_the_command_line(manage, databases, capsys):
    from modules.complaints import service

    with databases.transaction() as session:
        service.seed_routing_rules(session)
    assert manage("routing", "set", "SAMPAH", "DSDABM", "--kecamatan", "35.78.07") == 0
    assert manage("routing", "set", "SAMPAH", "NOT_AN_OPD") == 1
    assert manage("sla-override", "SAMPAH", "--first-response-minutes", "30") == 0
    assert manage("sla-override", "SAMPAH", "--feedback-minutes", "-5") == 1
    with databases.session() as session:
        rules = {(r.category_code, r.kecamatan_code): r.opd_code for r in service.list_routing_rules(session)}
    assert rules[("SAMPAH", "35.78.07")] == "DSDABM" and rules[("SAMPAH", None)] == "DLH"
    assert manage("routing", "list") == 0
    assert "35.78.07" in capsys.readouterr().out


def test_disable_user_refuses_his_login_until_enabled(manage, databases):
    assert manage("create-user", "siti", "--role", "operator", password="first-password") == 0
    assert manage("disable-user", "siti") == 0
    with databases.session() as session:
        assert authenticate(session, "siti", "first-password") is None
    assert manage("enable-user", "siti") == 0
    with databases.session() as session:
        assert authenticate(session, "siti", "first-password") is not None
    assert manage("disable-user", "nobody") == 1


def test_init_creates_no_demo_users_unless_demo_data_is_asked_for(manage, databases, monkeypatch, capsys):
    monkeypatch.delenv("PANTAU_DEMO__LOAD_DEMO_DATA")  # the settings file and the defaults decide
    assert manage("init") == 0
    assert "demo logins" not in capsys.readouterr().out
    with databases.session() as session:
        assert session.scalars(select(User)).all() == []
        assert session.scalars(select(KioskToken)).all() == []


def test_a_command_leaves_the_instance_folder_readable_by_its_owner_only(manage, instance):
    (instance / "geo").mkdir(parents=True)
    for path in (instance / "pantau.db", instance / "secret_key", instance / "geo" / "kecamatan.geojson"):
        path.write_text("x")
        path.chmod(0o644)
    instance.chmod(0o755)
    assert manage("migrate") == 0
    assert mode(instance) == mode(instance / "geo") == 0o700
    assert {mode(path) for path in instance.rglob("*") if path.is_file()} == {0o600}


def test_a_private_file_is_private_from_its_first_byte(tmp_path):
    from core.instance import write_private

    path = tmp_path / "instance" / "demo_kiosk_url"
    write_private(path, "/kiosk/secret\n")
    assert mode(path) == 0o600 and mode(path.parent) == 0o700
    path.chmod(0o644)
    write_private(path, "/kiosk/another\n")  # an older, readable file is closed too
    assert mode(path) == 0o600 and path.read_text() == "/kiosk/another\n"


def mode(path) -> int:
    return path.stat().st_mode & 0o777
