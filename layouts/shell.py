"""The frame around every page: header, menu of the pages the user's role may open, page content."""

from __future__ import annotations

import dash
from dash import dcc, html
from flask_login import current_user

from auth.csrf import FIELD as CSRF_FIELD, csrf_token
from auth.pages import pages_for_role
from core.settings import role_name
from layouts.components.ids import Shell


def shell_layout():
    if not current_user.is_authenticated or current_user.role == "wall":
        return html.Div(className="kiosk-shell", children=[dcc.Location(id=Shell.URL), dash.page_container])
    return html.Div(className="shell", children=[
        dcc.Location(id=Shell.URL),
        html.Header(className="topbar", children=[
            html.Span("Pantau", className="brand"),
            html.Nav(className="menu", children=[
                dcc.Link(page["name"], href=page["relative_path"], className="menu-link")
                for page in pages_for_role(current_user.role)
            ]),
            html.Span(f"{current_user.full_name} · {role_name(current_user.role)}", className="who"),
            logout_form(),
        ]),
        html.Main(dash.page_container, className="content"),
    ])


def logout_form() -> html.Form:
    """Logout is a POST carrying the session's CSRF token, so no other site can trigger it."""
    return html.Form(method="POST", action="/logout", className="logout-form", children=[
        dcc.Input(type="hidden", name=CSRF_FIELD, value=csrf_token()),
        html.Button("Keluar", type="submit", className="logout"),
    ])
