"""Curah Hujan: the domain's own page, outside layouts/ (named in its registration). Dash Pages
reads `layout` itself only from modules in layouts/, so this one passes it to register_page."""

import dash
from dash import html

from .ids import ROLES, WETTEST


def layout(**_query):
    return html.Div([html.H2("Curah hujan"), html.P(id=WETTEST)])


dash.register_page(__name__, path="/cuaca", name="Curah Hujan", title="Curah Hujan · Pantau", roles=ROLES,
                   layout=layout)
