"""Security headers on every response, a CSP that admits Dash's own inline script and no other,
and Secure cookies whenever the request came over HTTPS."""

import base64
import hashlib
import re

import pytest


@pytest.fixture
def backend():  # headers do not depend on the database
    return "sqlite"


def policy_of(response) -> dict[str, str]:
    policy = response.headers["Content-Security-Policy"]
    return dict(part.strip().split(" ", 1) for part in policy.split(";"))


def operator_client(client, make_user, login):
    make_user("op", "operator")
    login("op")
    return client


@pytest.mark.parametrize("path", ["/login", "/healthz", "/assets/pantau.css", "/lapor", "/no-such-page"])
def test_public_responses_carry_the_security_headers(client, path):
    response = client.get(path)
    policy = policy_of(response)
    assert policy["frame-ancestors"] == "'self'" and response.headers["X-Frame-Options"] == "SAMEORIGIN"
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["Referrer-Policy"] == "same-origin"
    assert "'unsafe-inline'" not in policy["script-src"]
    assert policy["object-src"] == "'none'"


@pytest.mark.parametrize("path", ["/", "/wall", "/_dash-layout", "/_dash-dependencies"])
def test_dash_pages_and_endpoints_carry_the_policy(client, make_user, login, path):
    response = operator_client(client, make_user, login).get(path)
    assert response.status_code == 200
    assert policy_of(response)["frame-ancestors"] == "'self'"
    assert response.headers["X-Content-Type-Options"] == "nosniff"


def test_the_policy_admits_the_inline_scripts_the_dash_page_runs_by_their_hash(client, make_user, login):
    page = operator_client(client, make_user, login).get("/")
    html = re.sub(r"<!--.*?-->", "", page.get_data(as_text=True), flags=re.S)  # e.g. Dash's IE notice
    inline = [body for attrs, body in re.findall(r"<script([^>]*)>(.*?)</script>", html, re.S)
              if "src=" not in attrs and "application/json" not in attrs]
    assert len(inline) > 1  # Dash starts its renderer inline, and each clientside callback
    allowed = policy_of(page)["script-src"].split()
    for script in inline:
        digest = base64.b64encode(hashlib.sha256(script.encode()).digest()).decode()
        assert f"'sha256-{digest}'" in allowed


def test_the_public_form_runs_no_inline_script(client):
    html = client.get("/lapor").get_data(as_text=True)
    scripts = re.findall(r"<script([^>]*)>", html)
    assert scripts and all("src=" in attrs for attrs in scripts)
    source = re.search(r'<script src="([^"]+)"', html).group(1)
    assert client.get(source).status_code == 200


def test_an_internet_basemap_may_fetch_its_tiles(settings):
    from app import create_app

    client = create_app(settings.override(map={"basemap_style": "open-street-map"})).server.test_client()
    policy = policy_of(client.get("/login"))
    assert "https:" in policy["connect-src"] and "https:" in policy["img-src"]


def test_offline_the_policy_fetches_from_this_server_only(client):
    policy = policy_of(client.get("/login"))
    assert policy["connect-src"] == "'self'" and "https:" not in policy["img-src"]


def login_over(client, scheme: str):
    base = f"{scheme}://localhost"
    page = client.get("/login", base_url=base).get_data(as_text=True)
    token = re.search(r'name="csrf_token" value="([^"]+)"', page).group(1)
    return client.post("/login", base_url=base,
                       data={"username": "op", "password": "password-123", "csrf_token": token})


def test_the_session_cookie_is_secure_over_https(client, make_user):
    make_user("op", "operator")
    response = login_over(client, "https")
    assert response.status_code == 302
    assert "Secure" in response.headers["Set-Cookie"]
    assert response.headers["Strict-Transport-Security"].startswith("max-age=")


def test_over_plain_http_the_cookie_still_works(client, make_user):
    make_user("op", "operator")
    response = login_over(client, "http")
    assert response.status_code == 302 and "Secure" not in response.headers["Set-Cookie"]
    assert "Strict-Transport-Security" not in response.headers


def test_the_secure_cookies_setting_marks_them_secure_over_http_too(settings, make_user):
    from app import create_app

    make_user("op", "operator")
    client = create_app(settings.override(server={"secure_cookies": True})).server.test_client()
    assert "Secure" in login_over(client, "http").headers["Set-Cookie"]
