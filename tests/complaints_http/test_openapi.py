"""The OpenAPI 3.1 description matches the routes that exist, and parses."""

import json
import re

from modules.complaints.http.webhook import SOURCES

OUR_BLUEPRINTS = ("open311.", "complaints_webhook.")
CATCH_ALLS = ("open311.unknown_endpoint", "complaints_webhook.unknown_endpoint")  # refuse unknown paths


def _routes(app) -> set[tuple[str, str]]:
    """(OpenAPI path, method) of every route of the channel blueprints."""
    found = set()
    for rule in app.server.url_map.iter_rules():
        if rule.endpoint.startswith(OUR_BLUEPRINTS) and rule.endpoint not in CATCH_ALLS:
            path = re.sub(r"<(?:[^:>]+:)?([^>]+)>", r"{\1}", rule.rule)
            found |= {(path, method.lower()) for method in rule.methods - {"HEAD", "OPTIONS"}}
    return found


def _documented(document: dict) -> set[tuple[str, str]]:
    return {(path, method) for path, item in document["paths"].items() for method in item}


def _refs(node):
    if isinstance(node, dict):
        if "$ref" in node:
            yield node["$ref"]
        for value in node.values():
            yield from _refs(value)
    elif isinstance(node, list):
        for value in node:
            yield from _refs(value)


def _resolve(document: dict, ref: str):
    node = document
    for part in ref.removeprefix("#/").split("/"):
        node = node[part]
    return node


def test_the_document_is_served_and_parses(client):
    response = client.get("/open311/v2/openapi.json")
    assert response.status_code == 200 and response.content_type == "application/json"
    document = json.loads(response.data)
    assert document["openapi"] == "3.1.0" and document["info"]["title"]


def test_every_route_is_documented_and_every_documented_path_exists(app, client):
    document = client.get("/open311/v2/openapi.json").get_json()
    assert _routes(app) == _documented(document)


def test_every_reference_resolves_and_path_parameters_are_declared(client):
    document = client.get("/open311/v2/openapi.json").get_json()
    for ref in _refs(document):
        assert _resolve(document, ref) is not None, ref
    for path, item in document["paths"].items():
        for operation in item.values():
            declared = {(_resolve(document, p["$ref"]) if "$ref" in p else p)["name"]
                        for p in operation.get("parameters", [])}
            assert set(re.findall(r"{(\w+)}", path)) <= declared, (path, declared)


def test_the_webhook_sources_are_the_ones_accepted(client):
    document = client.get("/open311/v2/openapi.json").get_json()
    [source] = [p for p in document["paths"]["/webhooks/complaints/{source}"]["post"]["parameters"]
                if p["name"] == "source"]
    assert source["schema"]["enum"] == list(SOURCES)
