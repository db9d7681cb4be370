"""Every figure the pages draw uses the city's decimal comma and thousands dot, every graph the
Indonesian Plotly locale, every date picker the Indonesian date format: walked over the app, so a
figure or graph added later is checked too."""

import dash
import pytest
from dash import dcc

from core.formatting import PLOTLY_LOCALE, PLOTLY_SEPARATORS


@pytest.fixture
def backend():  # what a figure looks like does not depend on the database
    return "sqlite"


def _figures(node):
    """Every Plotly figure ({"data": [...], "layout": {...}}) inside a callback's JSON answer."""
    if isinstance(node, dict):
        if isinstance(node.get("data"), list) and isinstance(node.get("layout"), dict):
            yield node
            return
        for value in node.values():
            yield from _figures(value)
    elif isinstance(node, list):
        for value in node:
            yield from _figures(value)


def test_every_figure_a_page_callback_draws_is_localised(client, make_user, login, complaint_marts):
    make_user("boss", "admin")
    make_user("rw01", "rt_rw", kelurahan_code="35.78.07.1004", rw=1)  # the pages only an RT/RW head opens
    login("boss")
    dependencies = client.get("/_dash-dependencies").get_json()
    drawing = [d for d in dependencies if ".figure" in d["output"] and "{" not in d["output"]]
    assert len(drawing) >= 4  # the complaints map and charts, home, intake map, KPI trend
    found = 0
    for spec in drawing:
        body = {"output": spec["output"], "changedPropIds": [],
                "outputs": [dict(zip(("id", "property"), part.rsplit(".", 1)))
                            for part in spec["output"].strip(".").split("...")],
                "inputs": [{"id": i["id"], "property": i["property"], "value": None} for i in spec["inputs"]],
                "state": [{"id": i["id"], "property": i["property"], "value": None} for i in spec["state"]]}
        if not spec["output"].startswith(".."):
            body["outputs"] = body["outputs"][0]
        response = client.post("/_dash-update-component", json=body)
        if response.status_code == 403:  # a page of the RT/RW head's alone (/musrenbang/baru): drawn as him
            login("rw01")
            response = client.post("/_dash-update-component", json=body)
            login("boss")
        if response.status_code == 204:  # nothing to draw without input (a place not yet picked)
            continue
        assert response.status_code == 200, spec["output"]
        for figure in _figures(response.get_json()["response"]):
            found += 1
            assert figure["layout"].get("separators") == PLOTLY_SEPARATORS, spec["output"]
    assert found >= 8


def test_every_wall_figure_panel_is_localised(app, complaint_marts):
    from core.services import Services
    from core.users import Viewer
    from layouts.components.wall_panels import draw_panel, registered_panels

    services = app.server.extensions["pantau"]
    assert isinstance(services, Services)
    viewer = Viewer(user_id=None, username="kiosk", role="wall")
    figures = [p for p in registered_panels() if p.kind == "figure"]
    assert figures
    with app.server.test_request_context("/"):
        for panel in figures:
            assert draw_panel(panel, services, viewer, False, None)["layout"]["separators"] == PLOTLY_SEPARATORS


def test_every_graph_and_date_picker_in_every_page_speaks_indonesian(app):
    from flask_login import login_user

    from auth.session_user import SessionUser
    from core.users import Viewer
    from layouts.components.wall_panels import region

    admin = SessionUser(Viewer(user_id="1", username="admin", role="admin"))
    graphs, pickers = [], []
    with app.server.test_request_context("/"):
        login_user(admin)
        for page in dash.page_registry.values():
            layout = page.get("_unprotected_layout", page["layout"])
            _collect(layout() if callable(layout) else layout, graphs, pickers)
        _collect([region(p) for p in ("main", "rotate", "side")], graphs, pickers)
    assert len(graphs) >= 6 and len(pickers) >= 2  # the walk really reached them
    assert [g.id for g in graphs if (getattr(g, "config", None) or {}).get("locale") != PLOTLY_LOCALE] == []
    assert all(p.display_format == "DD/MM/YYYY" and p.month_format == "MMMM YYYY" for p in pickers)


def _collect(node, graphs: list, pickers: list) -> None:
    if isinstance(node, (list, tuple)):
        for child in node:
            _collect(child, graphs, pickers)
        return
    if isinstance(node, dcc.Graph):
        graphs.append(node)
    elif isinstance(node, (dcc.DatePickerRange, dcc.DatePickerSingle)):
        pickers.append(node)
    if hasattr(node, "to_plotly_json"):
        _collect(getattr(node, "children", None), graphs, pickers)
