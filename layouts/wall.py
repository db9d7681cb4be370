"""Layar dinding: the command center's wall display (kiosk), one slot per registered wall panel and
one store per domain of what its panels last drew."""

import dash
from dash import dcc, html

from core.services import current_services
from layouts.components.ids_wall import EVENTS_PATH, ROLES, Wall
from layouts.components.wall_panels import panel_groups, region

dash.register_page(__name__, path="/wall", name="Layar Dinding", title="Layar Dinding · Pantau", order=90,
                   roles=ROLES)


def layout(**_query):
    settings = current_services().settings
    wall = settings.wall
    # assets/wall.js sounds a new alarm only when the wall says so, and opens the event stream it names
    pushed = {"data-events-url": EVENTS_PATH, "data-events-store": Wall.PUSHED} if wall.push else {}
    return html.Div(id=Wall.ROOT, className="wall", **{"data-alarm-sound": "on" if wall.alarm_sound else "off"},
                    **pushed, children=[
        dcc.Interval(id=Wall.REFRESH, interval=int(wall.refresh_seconds * 1000)),
        dcc.Store(id=Wall.PUSHED),
        dcc.Interval(id=Wall.ROTATE, interval=int(wall.rotate_seconds * 1000)),
        dcc.Interval(id=Wall.TICK, interval=1000),
        *(dcc.Store(id=Wall.drawn(group)) for group in panel_groups()),
        dcc.Store(id=Wall.SCREEN),
        dcc.Store(id=Wall.PLAYLIST, data=list(wall.playlist)),
        dcc.Interval(id=Wall.NEXT_PAGE, interval=wall.page_seconds * 1000, disabled=len(wall.playlist) < 2),
        dcc.Store(id=Wall.STALE_AFTER, data=wall.stale_seconds),
        html.Div(className="wall-stale-banner", role="alert", children=[
            html.Strong("DATA TIDAK MUTAKHIR — koneksi ke server terputus"),
            html.Span(id=Wall.STALE_AGE, className="wall-stale-age"),
        ]),
        html.Header(className="wall-header", children=[
            html.H1(["PANTAU", html.Span(" · ", className="wall-dot"), "Command Center Surabaya"],
                    className="wall-brand"),
            html.Div(className="wall-time", children=[
                html.Span(id=Wall.CLOCK, className="wall-clock"),
                html.Span(id=Wall.DATE, className="wall-date"),
            ]),
        ]),
        region("strip", settings),
        html.Div(className="wall-body", children=[
            region("main", settings),
            html.Div(className="wall-rotate", children=[
                region("rotate", settings),
                html.Span(id=Wall.ROTATE_INDEX, className="wall-rotate-index"),
            ]),
            region("side", settings),
        ]),
        region("ticker", settings),
        html.Footer(className="wall-footer", children=[
            html.Span(id=Wall.VERSION, children="data: memuat…"),
            html.Span("Tekan F11 untuk layar penuh", className="wall-fullscreen-hint"),
        ]),
    ])
