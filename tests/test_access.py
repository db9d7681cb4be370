"""Login, roles, kiosk tokens and the guard in front of every page and Dash endpoint."""

import re

import pytest

from core.users import issue_kiosk_token, revoke_kiosk_token

DASH_ENDPOINTS = ["/_dash-layout", "/_dash-dependencies"]


@pytest.fixture
def backend():  # the web layer is the same on both backends; the database tests cover PostgreSQL
    return "sqlite"


def test_pages_need_a_login(client):
    response = client.get("/")
    assert response.status_code == 302 and "/login" in response.headers["Location"]


@pytest.mark.parametrize("path", DASH_ENDPOINTS)
def test_dash_endpoints_refuse_anonymous_requests_with_401_json(client, path):
    response = client.get(path)
    assert response.status_code == 401
    assert response.get_json()["error"] == "unauthorised"


def test_a_callback_post_without_login_is_refused(client):
    body = {"output": "home-map.figure", "outputs": {"id": "home-map", "property": "figure"},
            "inputs": [{"id": "home-level", "property": "value", "value": "kecamatan"}], "changedPropIds": []}
    response = client.post("/_dash-update-component", json=body)
    assert response.status_code == 401
    assert "figure" not in response.get_data(as_text=True)


def test_public_routes_need_no_login(client):
    assert client.get("/login").status_code == 200
    assert client.get("/healthz").status_code == 200
    assert client.get("/assets/pantau.css").status_code == 200
    assert client.get("/geo/kecamatan.geojson").status_code == 200


def test_login_form_without_csrf_token_is_refused(client, make_user):
    make_user("op", "operator")
    response = client.post("/login", data={"username": "op", "password": "password-123"})
    assert response.status_code == 400
    assert client.get("/").status_code == 302  # still not logged in


def test_login_cookie_is_httponly_and_samesite(client, make_user, login):
    make_user("op", "operator")
    response = login("op")
    cookie = response.headers["Set-Cookie"]
    assert "HttpOnly" in cookie and "SameSite=Lax" in cookie


def test_passwords_are_stored_hashed(databases, make_user):
    from sqlalchemy import select

    from core.users import User

    make_user("op", "operator", password="a-secret-password")
    with databases.session() as session:
        stored = session.scalar(select(User.password_hash).where(User.username == "op"))
    assert "a-secret-password" not in stored and stored.startswith("scrypt:")


@pytest.mark.parametrize("role, scope, home_status", [
    ("admin", {}, 200), ("pimpinan", {}, 200), ("operator", {}, 200),
    ("opd", {"opd_code": "DISHUB"}, 200), ("camat", {"kecamatan_code": "35.78.07"}, 200),
    ("lurah", {"kelurahan_code": "35.78.07.1004"}, 200), ("rt_rw", {"kelurahan_code": "35.78.07.1004", "rw": 1}, 200),
])
def test_each_role_opens_the_pages_it_may(client, make_user, login, role, scope, home_status):
    make_user("someone", role, **scope)
    assert login("someone").status_code == 302
    assert client.get("/").status_code == home_status
    layout = client.get("/_dash-layout")
    assert layout.status_code == 200
    assert "Peta Wilayah" in layout.get_data(as_text=True)  # the menu shows the map page


def test_login_is_rate_limited(client, make_user, login, settings):
    make_user("op", "operator")
    statuses = [login("op", "wrong").status_code for _ in range(settings.auth.login_max_attempts)]
    assert statuses == [401] * settings.auth.login_max_attempts
    assert login("op", "password-123").status_code == 429  # even the right password waits now


def test_login_rate_limit_is_shared_through_redis(settings, redis_url, databases, make_user):
    from app import create_app

    make_user("op", "operator")
    settings = settings.override(redis={"url": redis_url}, auth={"login_max_attempts": 2})
    first, second = create_app(settings).server.test_client(), create_app(settings).server.test_client()
    for client in (first, first):
        token = re.search(r'value="([^"]+)"', client.get("/login").get_data(as_text=True)).group(1)
        client.post("/login", data={"username": "op", "password": "x", "csrf_token": token})
    token = re.search(r'value="([^"]+)"', second.get("/login").get_data(as_text=True)).group(1)
    response = second.post("/login", data={"username": "op", "password": "password-123", "csrf_token": token})
    assert response.status_code == 429  # the other worker's failures count


def test_login_never_redirects_to_another_site(client, make_user):
    make_user("op", "operator")
    page = client.get("/login?next=https://evil.example/").get_data(as_text=True)
    token = re.search(r'value="([^"]+)"', page).group(1)
    response = client.post("/login?next=https://evil.example/",
                           data={"username": "op", "password": "password-123", "csrf_token": token})
    assert response.headers["Location"] == "/"


def test_kiosk_token_grants_the_wall_role_only_until_revoked(client, databases):
    with databases.transaction() as session:
        token, secret = issue_kiosk_token(session, "ruang-kendali")
    response = client.get(f"/kiosk/{secret}")
    assert response.status_code == 302 and response.headers["Location"] == "/wall"
    assert client.get("/").status_code == 403  # the map page is not for a wall display
    layout = client.get("/_dash-layout").get_data(as_text=True)
    assert "Peta Wilayah" not in layout  # no menu for a kiosk
    with databases.transaction() as session:
        revoke_kiosk_token(session, token.id)
    assert client.get("/_dash-layout").status_code == 401  # revoked: the session stops at once
    assert client.get(f"/kiosk/{secret}").status_code == 403


def test_a_wrong_kiosk_token_is_refused(client):
    assert client.get("/kiosk/not-a-token").status_code == 403


def test_client_side_navigation_renders_no_page_for_a_role_without_access(client, databases, dash_callback):
    with databases.transaction() as session:
        _token, secret = issue_kiosk_token(session, "wall")
    client.get(f"/kiosk/{secret}")
    response = dash_callback("_pages_content", {"_pages_location.pathname": "/", "_pages_location.search": ""})
    text = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "Akses ditolak" in text and "home-map" not in text


def test_a_callback_refuses_a_kiosk_asking_for_the_map(client, databases, dash_callback):
    with databases.transaction() as session:
        _token, secret = issue_kiosk_token(session, "wall")
    client.get(f"/kiosk/{secret}")
    assert dash_callback("home-map", {"home-level.value": "kecamatan"}).status_code == 403


def test_the_map_callback_answers_a_logged_in_user(client, make_user, login, dash_callback):
    make_user("op", "operator")
    login("op")
    response = dash_callback("home-map", {"home-level.value": "kelurahan"})
    assert response.status_code == 200
    figure = response.get_json()["response"]["home-map"]["figure"]
    assert len(figure["data"][0]["locations"]) == 153  # the official kelurahan
    assert figure["data"][0]["geojson"] == "/geo/kelurahan.geojson"
    labels = [trace for trace in figure["data"] if trace.get("mode") == "text"]
    assert len(labels) == 1 and len(labels[0]["text"]) == 153  # names on the map


def test_health_reports_both_databases_and_redis(settings, redis_url):
    from app import create_app

    client = create_app(settings.override(redis={"url": redis_url})).server.test_client()
    report = client.get("/healthz").get_json()
    assert report["status"] == "ok"
    assert report["transactional_db"]["ok"] and report["warehouse_db"]["ok"]
    assert report["redis"] == {"ok": True, "configured": True}


def test_health_says_degraded_when_redis_is_down(settings):
    from app import create_app

    client = create_app(settings.override(redis={"url": "redis://127.0.0.1:1/0"})).server.test_client()
    response = client.get("/healthz")
    assert response.status_code == 503 and response.get_json()["redis"]["ok"] is False


def test_a_public_prefix_covers_whole_path_segments_only(app):
    from auth.guard import add_public_prefix, is_public

    add_public_prefix(app.server, "/lapor")
    assert is_public(app.server, "/lapor") and is_public(app.server, "/lapor/terima-kasih")
    assert not is_public(app.server, "/laporan-rahasia")


def test_a_page_the_role_may_not_open_is_refused_inside_the_app_frame(client, make_user, login, dash_callback):
    make_user("rt", "rt_rw", kelurahan_code="35.78.07.1004", rw=1)
    login("rt")
    response = client.get("/pimpinan")  # a direct URL load: the app's page with a 403, not a bare page
    assert response.status_code == 403
    assert 'id="react-entry-point"' in response.get_data(as_text=True)
    assert "Content-Security-Policy" in response.headers
    shell = client.get("/_dash-layout").get_data(as_text=True)
    assert "Peta Wilayah" in shell and "Keluar" in shell  # the menu and the logout beside the refusal
    # what Dash renders there (direct load and client-side navigation alike): the refusal in Indonesian
    page = dash_callback("_pages_content", {"_pages_location.pathname": "/pimpinan", "_pages_location.search": ""})
    assert "Akses ditolak" in page.get_data(as_text=True) and "menu" in page.get_data(as_text=True)


def test_a_bare_refusal_is_in_indonesian(client, databases):
    with databases.transaction() as session:
        _token, secret = issue_kiosk_token(session, "wall")
    client.get(f"/kiosk/{secret}")
    text = client.get("/").get_data(as_text=True)
    assert "Akses ditolak" in text and "tidak memiliki akses" in text and "permission" not in text
