"""The limits the OpenAPI document publishes are the ones the server enforces: for each, a value
just inside is accepted and one just outside is refused naming the field. The values are read from
the served document, so a limit changed on one side only fails here."""

from __future__ import annotations

import itertools
import re
from datetime import datetime, timedelta, timezone

import pytest
from channel_helpers import GENTENG_POINT, message, post_message

WEBHOOK_TEXTS = ["text", "message_id", "sender.contact", "sender.name", "address"]
FORM_TEXTS = ["description", "address_string"]
_IDS = itertools.count(1)


@pytest.fixture
def document(client):
    return client.get("/open311/v2/openapi.json").get_json()


def _webhook_field(document, path: str) -> dict:
    node = document["components"]["schemas"]["WebhookMessage"]
    for part in path.split("."):
        node = node["properties"][part]
    return node


def _with(path: str, value) -> dict:
    """A good message with `value` at `path`, under an id of its own (a repeated id would be a 409)."""
    payload = message(message_id=f"sms-{next(_IDS)}")
    if path.startswith("sender."):
        payload["sender"] = payload["sender"] | {path.removeprefix("sender."): value}
    else:
        payload[path] = value
    return payload


def _refused_field(response) -> str | None:
    return response.get_json().get("field") if response.status_code == 400 else None


@pytest.mark.parametrize("path", WEBHOOK_TEXTS)
def test_webhook_text_lengths_are_as_published(client, seeded, webhook_secret, counts, document, path):
    limit = _webhook_field(document, path)["maxLength"]
    assert post_message(client, _with(path, "x" * limit)).status_code == 201
    before = counts()
    assert _refused_field(post_message(client, _with(path, "y" * (limit + 1)))) == path
    assert counts() == before


@pytest.mark.parametrize("path", WEBHOOK_TEXTS)
def test_webhook_text_characters_are_as_published(client, seeded, webhook_secret, document, path):
    pattern = re.compile(_webhook_field(document, path)["pattern"])
    inside, outside = "a\tb\nc", "a\x1fb"
    assert pattern.match(inside) and not pattern.match(outside)  # the published rule says so...
    assert post_message(client, _with(path, inside)).status_code == 201  # ...and the server does it
    assert _refused_field(post_message(client, _with(path, outside))) == path


@pytest.mark.parametrize("path", ["lat", "lon"])
def test_webhook_coordinate_ranges_are_as_published(client, seeded, webhook_secret, document, path):
    schema = _webhook_field(document, path)
    for bound, beyond in ((schema["maximum"], 0.001), (schema["minimum"], -0.001)):
        assert _refused_field(post_message(client, _with(path, bound))) != path  # outside the city, but a coordinate
        assert _refused_field(post_message(client, _with(path, bound + beyond))) == path


def test_webhook_sent_at_window_is_as_published(client, seeded, webhook_secret, document):
    schema = _webhook_field(document, "sent_at")
    age, ahead = timedelta(seconds=schema["x-max-age-seconds"]), timedelta(seconds=schema["x-max-ahead-seconds"])
    margin = timedelta(minutes=1)  # far more than a test takes, far less than either bound
    now = datetime.now(timezone.utc)

    def sent(moment: datetime, number: int):
        return post_message(client, message(message_id=f"sms-{number}", sent_at=moment.isoformat()))

    assert sent(now - age + margin, 1).status_code == 201
    assert sent(now + ahead - margin, 2).status_code == 201
    assert _refused_field(sent(now - age - margin, 3)) == "sent_at"
    assert _refused_field(sent(now + ahead + margin, 4)) == "sent_at"


@pytest.mark.parametrize("name", FORM_TEXTS)
def test_open311_form_text_limits_are_as_published(client, api_key, document, name):
    schema = document["components"]["schemas"]["RequestForm"]["properties"][name]
    form = {"api_key": api_key, "service_code": "JALAN_RUSAK", "description": "Jalan berlubang.",
            "lat": str(GENTENG_POINT[0]), "long": str(GENTENG_POINT[1])}

    def post(value: str):
        return client.post("/open311/v2/requests.json", data=form | {name: value})

    assert post("x" * schema["maxLength"]).status_code == 201
    assert post("a\tb").status_code == 201 and re.match(schema["pattern"], "a\tb")
    for outside in ("x" * (schema["maxLength"] + 1), "a\x00b"):
        response = post(outside)
        assert response.status_code == 400 and response.get_json()[0]["description"].startswith(f"{name}: ")


@pytest.mark.parametrize("name", ["start_date", "end_date"])
def test_open311_date_filters_are_within_the_published_window(client, seeded, document, name):
    [schema] = [p["schema"] for p in document["paths"]["/open311/v2/requests.{format}"]["get"]["parameters"]
                if p.get("name") == name]  # the format parameter is a $ref
    earliest, latest = (datetime.fromisoformat(schema[key]) for key in ("x-earliest", "x-latest"))
    second = timedelta(seconds=1)

    def get(moment: datetime):
        return client.get("/open311/v2/requests.json", query_string={name: moment.isoformat()})

    for inside, outside in ((earliest, earliest - second), (latest, latest + second)):
        assert get(inside).status_code == 200
        response = get(outside)
        assert response.status_code == 400 and response.get_json()[0]["description"].startswith(f"{name}: ")
