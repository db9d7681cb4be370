from dash import html
from flask import Blueprint, jsonify
from sqlalchemy import func, select

from core.domains import mart_of_table
from core.services import current_services
from layouts.components.wall_panels import WallPanel

from .models import FctRainReading

FACTS = FctRainReading.__table__
blueprint = Blueprint("weather_api", __name__, url_prefix="/api/weather")


def wettest(services, viewer) -> float:
    scope = viewer.scope.conditions(FACTS, mart_of_table(FACTS.name).scope_columns)
    with services.databases.warehouse.connect() as connection:
        return connection.scalar(select(func.coalesce(func.max(FACTS.c.millimetres), 0.0)).where(*scope))


@blueprint.get("/wettest")
def wettest_route():
    from flask_login import current_user

    return jsonify(millimetres=wettest(current_services(), current_user.viewer))


def render(services, viewer):
    return html.P(f"Hujan terlebat: {wettest(services, viewer):.1f} mm")


PANELS = [WallPanel("weather-rain", "Curah hujan", ("weather",), "side", render, order=90)]


def cards(services, viewer, _filters) -> list:
    return [html.Div(f"Hujan terlebat {wettest(services, viewer):.1f} mm", className="kpi-card")]
