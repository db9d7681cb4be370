"""Behind a reverse proxy every request comes from the proxy's address: the rate limits must count
the clients (X-Forwarded-For from `server.trusted_proxies` proxies), never trust the header without
a proxy, and count failed logins per address and per account separately."""

from __future__ import annotations

import re

import pytest

from core.settings import SettingsError

PROXY = "10.0.0.2"


@pytest.fixture
def backend():  # the limits live in the web layer, the same on both backends
    return "sqlite"


@pytest.fixture
def proxied_app(settings):
    from app import create_app

    return create_app(settings.override(server={"trusted_proxies": 1}))


def through_proxy(app, client_address: str):
    """A test client whose requests reach the app from the proxy, naming `client_address`."""
    client = app.server.test_client()
    client.environ_base.update(REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR=client_address)
    return client


def token(client, path: str) -> str:
    return re.search(r'name="csrf_token" value="([^"]+)"', client.get(path).get_data(as_text=True)).group(1)


def log_in(client, username: str, password: str) -> int:
    return client.post("/login", data={"username": username, "password": password,
                                       "csrf_token": token(client, "/login")}).status_code


def complain(client) -> int:
    # refused by the service (400), but counted by the flood guard like every submission
    return client.post("/lapor", data={"description": "x", "csrf_token": token(client, "/lapor")}).status_code


def test_the_complaint_flood_guard_counts_each_client_behind_the_proxy(proxied_app):
    from modules.complaints.http.public import SUBMISSIONS_PER_WINDOW

    flooder, neighbour = through_proxy(proxied_app, "203.0.113.7"), through_proxy(proxied_app, "198.51.100.9")
    assert [complain(flooder) for _ in range(SUBMISSIONS_PER_WINDOW)] == [400] * SUBMISSIONS_PER_WINDOW
    assert complain(flooder) == 429
    assert complain(neighbour) == 400  # the rest of the city can still report


def test_without_a_trusted_proxy_a_forged_forwarded_for_changes_nothing(app):
    from modules.complaints.http.public import SUBMISSIONS_PER_WINDOW

    client = app.server.test_client()
    for number in range(SUBMISSIONS_PER_WINDOW):
        client.environ_base["HTTP_X_FORWARDED_FOR"] = f"192.0.2.{number}"
        complain(client)
    client.environ_base["HTTP_X_FORWARDED_FOR"] = "192.0.2.200"
    assert complain(client) == 429


def test_wrong_passwords_from_one_client_do_not_lock_the_user_out_elsewhere(proxied_app, make_user, settings):
    make_user("op", "operator")
    attacker, user = through_proxy(proxied_app, "203.0.113.7"), through_proxy(proxied_app, "198.51.100.9")
    attempts = settings.auth.login_max_attempts
    assert [log_in(attacker, "op", "guess") for _ in range(attempts)] == [401] * attempts
    assert log_in(attacker, "op", "password-123") == 429
    assert log_in(user, "op", "password-123") == 302


def test_one_password_sprayed_over_many_accounts_from_one_address_is_stopped(proxied_app, make_user, settings):
    sprayer = through_proxy(proxied_app, "203.0.113.7")
    limit = settings.auth.login_max_attempts_per_address
    assert {log_in(sprayer, f"user{n}", "Surabaya2026") for n in range(limit)} == {401}
    assert log_in(sprayer, "one-more", "Surabaya2026") == 429
    make_user("op", "operator")
    assert log_in(through_proxy(proxied_app, "198.51.100.9"), "op", "password-123") == 302


def test_a_guess_spread_over_many_addresses_hits_the_per_account_limit(settings, make_user):
    from app import create_app

    app = create_app(settings.override(server={"trusted_proxies": 1}, auth={"login_max_attempts_per_account": 3}))
    make_user("op", "operator")
    assert [log_in(through_proxy(app, f"203.0.113.{n}"), "op", "guess") for n in range(3)] == [401] * 3
    assert log_in(through_proxy(app, "203.0.113.99"), "op", "guess") == 429


@pytest.mark.parametrize("key, value", [("trusted_proxies", -1), ("trusted_proxies", "one")])
def test_a_wrong_number_of_trusted_proxies_stops_start_up(key, value):
    from core.settings import Settings

    with pytest.raises(SettingsError, match=f"settings: server.{key}: "):
        Settings().override(server={key: value})


@pytest.mark.parametrize("key", ["login_max_attempts_per_address", "login_max_attempts_per_account"])
def test_login_limits_must_be_positive(key):
    from core.settings import Settings

    with pytest.raises(SettingsError, match=f"settings: auth.{key}: must be greater than zero"):
        Settings().override(auth={key: 0})
