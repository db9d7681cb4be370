"""What holds for the whole app, whichever domains are registered: every server callback refuses
an anonymous caller, a wall display and a role outside its own, and no two components of the app
share an id."""

from __future__ import annotations

import json
from collections import Counter

import dash
import pytest
from dash import Output

from auth.pages import ALL_PERSON_ROLES
from bench.dash_requests import callback_spec
from callbacks import import_callback_modules
from callbacks._register import DECLARED

import_callback_modules()
CALLBACKS = list(DECLARED)


def first_output(declared) -> str:
    outputs = [d for d in declared.dependencies if isinstance(d, Output)]
    outputs += [d for d in declared.options.get("output", []) if isinstance(d, Output)]
    return str(outputs[0])  # "id.property", a pattern id as Dash writes it


def callback_id(declared) -> str:
    return declared.function.__wrapped__.__module__.split(".")[-1] + "." + declared.function.__name__


@pytest.fixture
def call(client, make_user, login, logout):
    """Posts to the callback whose first output is `output` with every input and state None."""
    make_user("contract-admin", "admin")
    assert login("contract-admin").status_code == 302
    specs = client.get("/_dash-dependencies").get_json()
    logout()

    def post(output: str):
        spec = next(s for s in specs if s["output"].lstrip(".").startswith(output))
        if '["MATCH"]' in output:  # a pattern-matching callback is asked for one component, as a page has it
            spec = callback_spec(specs, _one_component(output))

        def items(kind):
            return [[] if _wildcard(i["id"]) else {"id": i["id"], "property": i["property"], "value": None}
                    for i in spec[kind]]

        outputs = [[] if _wildcard(part) else dict(zip(("id", "property"), part.rsplit(".", 1)))
                   for part in spec["output"].strip(".").split("...")]
        outputs = [[] if _wildcard(each["id"]) else each for each in spec["outputs"]] if "outputs" in spec else outputs
        body = {"output": spec["output"], "outputs": outputs if spec["output"].startswith("..") else outputs[0],
                "inputs": items("inputs"), "state": items("state"), "changedPropIds": []}
        return client.post("/_dash-update-component", json=body)

    return post


@pytest.mark.parametrize("declared", CALLBACKS, ids=[callback_id(c) for c in CALLBACKS])
def test_every_callback_refuses_callers_outside_its_roles(app, client, call, make_user, login, logout, databases,
                                                         declared):
    assert declared.roles, "a callback without roles"
    assert call(first_output(declared)).status_code == 401  # nobody logged in
    if "wall" not in declared.roles:
        from core.users import issue_kiosk_token

        with databases.transaction() as session:
            _token, secret = issue_kiosk_token(session, "contract")
        client.get(f"/kiosk/{secret}")
        assert call(first_output(declared)).status_code == 403
        logout()
    outsiders = [role for role in ALL_PERSON_ROLES if role not in declared.roles]
    if outsiders:
        scope = {"opd": {"opd_code": "DISHUB"}, "camat": {"kecamatan_code": _any_code(databases, "kecamatan")},
                 "lurah": {"kelurahan_code": _any_code(databases, "kelurahan")},
                 "rt_rw": {"kelurahan_code": _any_code(databases, "kelurahan"), "rw": 1}}.get(outsiders[0], {})
        make_user("outsider", outsiders[0], **scope)
        assert login("outsider").status_code == 302
        assert call(first_output(declared)).status_code == 403


def _one_component(output: str) -> dict:
    """A concrete id of the pattern in `output` ('{"domain":["MATCH"],...}.children'), its MATCH keys filled."""
    pattern = json.loads(output.rsplit(".", 1)[0])
    return {key: "contract" if value == ["MATCH"] else value for key, value in pattern.items()}


def _wildcard(component_id) -> bool:
    """A pattern-matching id (ALL): sent as the list of matched components, here none."""
    if isinstance(component_id, dict):
        return ["ALL"] in component_id.values()
    return '["ALL"]' in component_id


def _any_code(databases, table: str) -> str:
    from sqlalchemy import text

    with databases.engine.connect() as connection:
        return connection.execute(text(f"SELECT code FROM {table} ORDER BY code LIMIT 1")).scalar_one()


def test_component_ids_are_unique_across_the_app(app, make_user, login, client):
    """Every page's layout (as an admin sees it, the widest) and the shell: no id twice."""
    from flask_login import login_user

    from auth.session_user import SessionUser
    from core.users import Viewer
    from layouts.shell import shell_layout

    admin = SessionUser(Viewer(user_id="1", username="admin", role="admin"))
    ids = Counter()
    with app.server.test_request_context("/"):
        login_user(admin)
        _collect(shell_layout() if callable(shell_layout) else shell_layout, ids)
        for page in dash.page_registry.values():
            layout = page.get("_unprotected_layout", page["layout"])
            _collect(layout() if callable(layout) else layout, ids)
    assert [i for i, n in ids.items() if n > 1] == []
    assert len(ids) > 20  # the walk really found the pages' components


def _collect(node, ids: Counter) -> None:
    if isinstance(node, (list, tuple)):
        for child in node:
            _collect(child, ids)
        return
    if not hasattr(node, "to_plotly_json"):
        return
    component_id = getattr(node, "id", None)
    if component_id is not None:
        ids[repr(component_id)] += 1
    _collect(getattr(node, "children", None), ids)
