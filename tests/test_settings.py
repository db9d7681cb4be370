import pytest

from core.settings import Settings, SettingsError, load_settings


def write(tmp_path, text):
    path = tmp_path / "settings.toml"
    path.write_text(text)
    return path


def test_the_shipped_settings_file_loads_and_matches_the_defaults():
    assert load_settings(environ={}) == Settings()


@pytest.mark.parametrize("toml, key, reason", [
    ('[database]\nurl = "mysql://x/y"', "database.url", "sqlite or postgresql"),
    ('[database]\nwarehouse_url = "not a url"', "database.warehouse_url", "not a valid database URL"),
    ("[complaints]\nfirst_response_minutes = -60", "complaints.first_response_minutes", "greater than zero"),
    ("[complaints]\nfeedback_minutes = 0", "complaints.feedback_minutes", "greater than zero"),
    ('[auth]\ncity_wide_roles = ["admin", "mayor"]', "auth.city_wide_roles", "unknown role 'mayor'"),
    ("[server]\nport = 70000", "server.port", "between 1 and 65535"),
    ("[server]\nport = 0", "server.port", "between 1 and 65535"),
    ('[server]\nport = "eighty"', "server.port", "whole number"),
    ("[server]\nbogus = 1", "server.bogus", "unknown key"),
    ("[nonsense]\nx = 1", "nonsense", "unknown section"),
    ('[redis]\nurl = "http://localhost"', "redis.url", "redis://"),
    ("[wall]\nstale_seconds = 0", "wall.stale_seconds", "greater than zero"),
    ("[wall]\npush_streams_per_worker = 0", "wall.push_streams_per_worker", "greater than zero"),
    ("[wall]\npush_heartbeat_seconds = 0", "wall.push_heartbeat_seconds", "greater than zero"),
    ("[wall]\npush_stream_seconds = 10", "wall.push_stream_seconds", "at least wall.push_heartbeat_seconds"),
    ("[etl]\nchange_log_retention_days = -1", "etl.change_log_retention_days", "zero or more days"),
])
def test_a_wrong_value_names_the_key_and_the_reason_in_one_line(tmp_path, toml, key, reason):
    with pytest.raises(SettingsError) as raised:
        load_settings(write(tmp_path, toml), environ={})
    message = str(raised.value)
    assert message.startswith(f"settings: {key}: ")
    assert reason in message
    assert "\n" not in message


def test_environment_variables_override_the_file(tmp_path):
    path = write(tmp_path, "[server]\nport = 8000\n")
    settings = load_settings(path, environ={
        "PANTAU_SERVER__PORT": "9001",
        "PANTAU_REDIS__URL": "redis://127.0.0.1:6379/2",
        "PANTAU_AUTH__CITY_WIDE_ROLES": "admin,pimpinan",
        "PANTAU_DEMO__SIMULATOR": "false",
    })
    assert settings.server.port == 9001
    assert settings.redis.url == "redis://127.0.0.1:6379/2"
    assert settings.auth.city_wide_roles == ("admin", "pimpinan")
    assert settings.demo.simulator is False


def test_a_wrong_environment_value_is_refused_like_a_wrong_file_value(tmp_path):
    with pytest.raises(SettingsError, match="settings: complaints.feedback_minutes: must be greater than zero"):
        load_settings(write(tmp_path, ""), environ={"PANTAU_COMPLAINTS__FEEDBACK_MINUTES": "-1"})


def test_app_start_up_stops_with_the_settings_line(tmp_path):
    import subprocess
    import sys

    from core.settings import PROJECT_ROOT

    result = subprocess.run([sys.executable, "app.py"], cwd=PROJECT_ROOT, capture_output=True, text=True,
                            env={"PANTAU_SERVER__PORT": "-1", "PATH": "/usr/bin:/bin"}, timeout=60)
    assert result.returncode != 0
    assert result.stderr.strip().splitlines()[-1] == "settings: server.port: must be between 1 and 65535, got -1"


def test_every_role_has_a_name_in_words():
    from core.settings import ROLE_NAMES, ROLES, role_name
    assert set(ROLE_NAMES) == set(ROLES)
    assert role_name("rt_rw") == "Ketua RT/RW" and role_name("opd") == "Petugas OPD"
