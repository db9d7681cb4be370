"""Sessions end when they should: logout, a new password and deactivation end every session of the
user (a copied cookie included); logout is a CSRF-checked POST; a failed login costs the same
password check whether the name exists or not. Run on SQLite and PostgreSQL."""

import json
import re

import pytest

from core.users import authenticate, reset_password, set_active
from dash_tree import components


def csrf_of(client) -> str:
    """The session's CSRF token, as the shell's logout form carries it (the shell makes it)."""
    client.get("/_dash-layout")
    with client.session_transaction() as session:
        return session["csrf_token"]


def copy_cookie(source, target) -> None:
    """What a thief does with a stolen cookie: the same signed session in another browser."""
    cookie = source.get_cookie("session")
    target.set_cookie("session", cookie.value)


@pytest.fixture
def second_client(app):
    return app.server.test_client()


def test_a_copied_session_cookie_stops_working_after_logout(client, second_client, make_user, login):
    make_user("op", "operator")
    login("op")
    copy_cookie(client, second_client)
    assert second_client.get("/").status_code == 200  # the copy works while the session lives
    response = client.post("/logout", data={"csrf_token": csrf_of(client)})
    assert response.status_code == 302 and response.headers["Location"] == "/login"
    assert client.get("/").status_code == 302
    assert second_client.get("/_dash-layout").status_code == 401  # the copy is dead too


def test_logging_in_again_after_logout_works(client, make_user, login):
    make_user("op", "operator")
    login("op")
    client.post("/logout", data={"csrf_token": csrf_of(client)})
    assert login("op").status_code == 302
    assert client.get("/").status_code == 200


def test_a_new_password_ends_the_users_sessions(client, databases, make_user, login):
    make_user("op", "operator")
    login("op")
    with databases.transaction() as session:
        reset_password(session, "op", "another-password")
    assert client.get("/_dash-layout").status_code == 401


def test_deactivating_a_user_ends_his_sessions_for_good(client, databases, make_user, login):
    make_user("op", "operator")
    login("op")
    with databases.transaction() as session:
        set_active(session, "op", False)
    assert client.get("/_dash-layout").status_code == 401
    with databases.transaction() as session:
        set_active(session, "op", True)
    assert client.get("/_dash-layout").status_code == 401  # re-activated: the old session stays dead
    assert login("op").status_code == 302


def test_another_users_logout_leaves_a_session_alone(client, second_client, make_user, login):
    make_user("op", "operator")
    make_user("siti", "opd", opd_code="DISHUB")
    login("op")
    token = re.search(r'value="([^"]+)"', second_client.get("/login").get_data(as_text=True)).group(1)
    second_client.post("/login", data={"username": "siti", "password": "password-123", "csrf_token": token})
    second_client.post("/logout", data={"csrf_token": csrf_of(second_client)})
    assert client.get("/").status_code == 200


def test_logout_is_not_a_get(client, make_user, login):
    make_user("op", "operator")
    login("op")
    client.get("/logout")  # what a link or an image on another site can make the browser do
    assert client.get("/").status_code == 200  # still logged in


def test_logout_without_the_csrf_token_is_refused(client, make_user, login):
    make_user("op", "operator")
    login("op")
    assert client.post("/logout").status_code == 400
    assert client.post("/logout", data={"csrf_token": "forged"}).status_code == 400
    assert client.get("/").status_code == 200


def test_the_shell_logs_out_with_a_post_form_carrying_the_csrf_token(client, make_user, login):
    make_user("op", "operator")
    login("op")
    layout = client.get("/_dash-layout").get_data(as_text=True)
    form = next(part for part in components(json.loads(layout)) if part["type"] == "Form")
    assert form["props"]["action"] == "/logout" and form["props"]["method"] == "POST"
    fields = {c["props"].get("name"): c["props"].get("value") for c in components(form)}
    assert fields["csrf_token"] == csrf_of(client)
    assert '"/logout"' not in json.dumps([c["props"].get("href") for c in components(json.loads(layout))])


@pytest.fixture
def hash_checks(monkeypatch):
    """Counts the password hash checks `authenticate` makes."""
    import core.users

    calls = []
    real_check = core.users.check_password_hash

    def counting_check(stored_hash, password):
        calls.append(stored_hash)
        return real_check(stored_hash, password)

    monkeypatch.setattr(core.users, "check_password_hash", counting_check)
    return calls


@pytest.mark.parametrize("username, password", [
    ("op", "password-123"),  # right
    ("op", "wrong-password"),  # wrong password
    ("nobody", "wrong-password"),  # unknown name
    ("retired", "password-123"),  # deactivated
])
def test_every_login_makes_exactly_one_password_hash_check(databases, make_user, hash_checks, username, password):
    make_user("op", "operator")
    make_user("retired", "operator")
    with databases.transaction() as session:
        set_active(session, "retired", False)
        outcome = authenticate(session, username, password)
    assert (outcome is not None) == (username == "op" and password == "password-123")
    assert len(hash_checks) == 1
    assert hash_checks[0].startswith("scrypt:")  # the dummy costs what a real hash costs
