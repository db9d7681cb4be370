"""Builders the admin pages share: a labelled field, a table, the outcome of an action."""

from __future__ import annotations

from dash import dash_table, dcc, html

FONT = '"Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif'  # the grid's own default is monospace


def grid(component_id: str, columns: list[tuple[str, str]], page_size: int = 50) -> dash_table.DataTable:
    return dash_table.DataTable(
        id=component_id, data=[], columns=[{"id": key, "name": name} for key, name in columns],
        page_size=page_size, page_action="native", sort_action="native",
        style_cell={"textAlign": "left", "fontFamily": FONT, "fontSize": ".88rem", "padding": "4px 8px",
                    "whiteSpace": "normal", "height": "auto", "maxWidth": "40rem"},
        style_header={"fontWeight": 600, "backgroundColor": "#eef2f6"},
    )


def field(label: str, control) -> html.Div:
    return html.Div(className="desk-field admin-field", children=[html.Label(label, className="filter-label"),
                                                                  control])


def text_input(component_id: str, **props) -> dcc.Input:
    return dcc.Input(id=component_id, type=props.pop("type", "text"), className="desk-input", **props)


def panel(title: str, *children) -> html.Div:
    return html.Div(className="panel admin-panel", children=[html.H3(title, className="panel-title"), *children])


def outcome_view(outcome, secret_id: str | None = None) -> html.Div:
    """The sentence after an action; a refusal lists each field with its reason; a new secret is shown
    here once (it is kept nowhere in the page after the next action)."""
    if not outcome.ok:
        return html.Div(className="desk-message refused", role="alert", children=[
            html.Strong(outcome.message),
            html.Ul([html.Li(line) for line in outcome.problems]) if outcome.problems else None])
    children = [html.Span(outcome.message)]
    if outcome.secret:
        children.append(html.Pre(outcome.secret, id=secret_id, className="admin-secret"))
    return html.Div(className="desk-message ok", role="status", children=children)


def secret_page(ids, title: str, intro: str, label_name: str, secret_name: str) -> html.Div:
    """A page that issues a secret (shown once) and revokes one: kiosk tokens, API keys. `ids` is
    the page's id class (PAGE, LABEL, ISSUE, PICK, REVOKE, RESULT, LIST)."""
    return html.Div(id=ids.PAGE, className="admin-page", children=[
        html.H2(title, className="page-title"),
        html.P(intro, className="muted"),
        html.Div(className="admin-forms", children=[
            panel("Terbitkan", field(label_name, text_input(ids.LABEL, maxLength=100)),
                  html.Button("Terbitkan", id=ids.ISSUE, className="button")),
            panel("Cabut", field(secret_name, dcc.Dropdown(id=ids.PICK, placeholder="Pilih yang masih aktif")),
                  html.Button("Cabut", id=ids.REVOKE, className="button")),
        ]),
        html.Div(id=ids.RESULT, className="admin-result"),
        panel("Daftar", grid(ids.LIST, [("id", "ID"), ("label", "Nama"), ("created_at", "Diterbitkan (WIB)"),
                                        ("state", "Status")])),
    ])
