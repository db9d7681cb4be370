"""/api/openapi.json describes every JSON route Pantau serves outside Open311, and holds together."""

import re

import pytest

# Routes that are not JSON APIs: pages, Dash's own, static files, file downloads, the login form,
# Open311 (its own document, tests/complaints_http/test_openapi.py).
NOT_JSON_API = ("/_dash", "/_reload-hash", "/_favicon", "/favicon.ico", "/assets/", "/static/", "/login", "/logout",
                "/kiosk/", "/lapor", "/lacak", "/usulan", "/open311/", "/unduh/", "/foto-aduan/", "/_alive")


@pytest.fixture
def backend():  # the document does not depend on the database
    return "sqlite"


def _openapi_path(rule: str) -> str:
    return re.sub(r"<(?:[a-z_]+:)?([a-z_]+)>", r"{\1}", rule)


def test_the_document_is_public_and_every_reference_resolves(client):
    response = client.get("/api/openapi.json")
    assert response.status_code == 200 and response.content_type == "application/json"
    document = response.get_json()
    assert document["openapi"] == "3.1.0"
    schemas = document["components"]["schemas"]
    references = re.findall(r'"\$ref": "#/components/schemas/([^"]+)"', response.get_data(as_text=True))
    assert references, "the document refers to its schemas"
    assert set(references) <= set(schemas), set(references) - set(schemas)
    assert "/webhooks/complaints/{source}" in document["paths"]  # the complaints domain's part


def test_every_json_route_outside_open311_is_described(app, client):
    described = set(client.get("/api/openapi.json").get_json()["paths"])
    rules = list(app.server.url_map.iter_rules())
    catch_alls = {rule.endpoint for rule in rules if "<path:" in rule.rule}  # 404s of a prefix, Dash's pages
    served = {_openapi_path(rule.rule) for rule in rules
              if rule.rule != "/" and rule.endpoint not in catch_alls and not rule.rule.startswith(NOT_JSON_API)
              and not any(page["path"] == rule.rule for page in _pages())}
    assert "/healthz" in served  # the filter leaves the APIs in
    assert served - described == set(), "routes missing from /api/openapi.json"


def _pages():
    import dash

    return dash.page_registry.values()
