"""Layar dinding: redraws only the panels whose marts have a new version; the clock, the rotation of
panels and the screen size are handled in the browser (clientside, no server round trip).

Each domain's panels are refreshed by a request of their own (MATCH on the domain of the slots'
and the DRAWN store's ids), so a domain whose panels are slow to draw delays only its own panels.
A mart change pushed over the wall's event stream (callbacks/_wall_events.py) counts as a tick at
once (see below); the timed ticks are the fallback. Each refresh costs one cheap version read per
mart of the domain's panels (a Redis GET, or one primary-key row); when nothing changed the
request answers 204 (PreventUpdate) and the browser keeps what it shows.
"""

from datetime import datetime, timezone

from dash import ALL, MATCH, ClientsideFunction, Input, Output, State, ctx, no_update
from dash.exceptions import PreventUpdate

from callbacks._access import require_viewer
from callbacks._register import callback, clientside_callback
from core.clock import CITY_OFFSET
from core.services import current_services
from data.cache import mart_cache
from layouts.components.ids_wall import ROLES, Wall
from layouts.components.wall_panels import (
    all_marts, current_versions, draw_panel, mark_new_items, panel_by_key, panel_versions, registered_panels,
    stale_keys, version_line, versions_text,
)


@callback(
    Output({"type": Wall.SLOT, "domain": MATCH, "key": ALL}, "children"),
    Output({"type": Wall.GRAPH, "domain": MATCH, "key": ALL}, "figure"),
    Output(Wall.drawn(MATCH), "data"),
    Input(Wall.REFRESH, "n_intervals"),
    Input(Wall.SCREEN, "data"),
    State(Wall.drawn(MATCH), "data"),
    roles=ROLES,
)
def refresh_panels(_tick, screen, drawn):
    viewer = require_viewer(ROLES)
    services = current_services()
    slot_keys = [o["id"]["key"] for o in ctx.outputs_list[0]]
    graph_keys = [o["id"]["key"] for o in ctx.outputs_list[1]]
    panels = [p for p in map(panel_by_key, slot_keys + graph_keys) if p is not None]
    now = datetime.now(timezone.utc)
    versions = current_versions(all_marts(panels), mart_cache(services).version, now)
    stale = stale_keys(panels, versions, drawn)
    if not stale:
        raise PreventUpdate  # nothing new: HTTP 204, the wall keeps what it shows

    drawn = {"panels": dict((drawn or {}).get("panels", {})), "items": dict((drawn or {}).get("items", {}))}

    def draw(key: str):
        """One slot's new content (recording what was drawn into `drawn`), or no_update."""
        panel = panel_by_key(key)
        if panel is None or key not in stale:
            return no_update
        content = draw_panel(panel, services, viewer, key in drawn["panels"], screen, now)
        if panel.kind == "component":
            content, drawn["items"][key] = mark_new_items(content, drawn["items"].get(key))
        drawn["panels"][key] = panel_versions(panel, versions)
        return content

    return [draw(key) for key in slot_keys], [draw(key) for key in graph_keys], drawn


@callback(Output(Wall.VERSION, "children"), Input(Wall.REFRESH, "n_intervals"), State(Wall.VERSION, "children"),
          roles=ROLES)
def show_versions(_tick, shown):
    """The footer's data versions of every panel's marts; 204 while they are the ones shown."""
    require_viewer(ROLES)
    now = datetime.now(timezone.utc)
    versions = current_versions(all_marts(registered_panels()), mart_cache(current_services()).version, now)
    if isinstance(shown, str) and shown.startswith(versions_text(versions) + " · "):
        raise PreventUpdate
    return version_line(versions, now)


# A pushed mart change (assets/wall.js sets Wall.PUSHED from the event stream) is a refresh tick now,
# not at the interval's next one; the interval counts on from it.
clientside_callback(
    "function(_pushed, n) { return (n || 0) + 1; }",
    Output(Wall.REFRESH, "n_intervals"),
    Input(Wall.PUSHED, "data"),
    State(Wall.REFRESH, "n_intervals"),
    prevent_initial_call=True,
)

# The browser's viewport, once, so figures drawn for 1920x1080 can be scaled to a 4K wall.
clientside_callback(
    "function(_id) { return {width: window.innerWidth, height: window.innerHeight}; }",
    Output(Wall.SCREEN, "data"),
    Input(Wall.ROOT, "id"),
)

# The clock in WIB (core.clock's offset; no daylight saving), whatever time zone the wall PC is set to.
clientside_callback(
    """
    function(_n) {
        const days = ["Minggu", "Senin", "Selasa", "Rabu", "Kamis", "Jumat", "Sabtu"];
        const months = ["Januari", "Februari", "Maret", "April", "Mei", "Juni", "Juli", "Agustus",
                        "September", "Oktober", "November", "Desember"];
        const t = new Date(Date.now() + %d * 1000);
        const pad = (v) => String(v).padStart(2, "0");
        return [
            pad(t.getUTCHours()) + ":" + pad(t.getUTCMinutes()) + ":" + pad(t.getUTCSeconds()) + " WIB",
            days[t.getUTCDay()] + ", " + t.getUTCDate() + " " + months[t.getUTCMonth()] + " " + t.getUTCFullYear(),
        ];
    }
    """ % int(CITY_OFFSET.total_seconds()),
    Output(Wall.CLOCK, "children"),
    Output(Wall.DATE, "children"),
    Input(Wall.TICK, "n_intervals"),
)

# Stale data must not pass for live: every second the browser checks when the server last answered
# (assets/wall.js records it) and greys the wall under a banner until answers come again.
clientside_callback(
    ClientsideFunction(namespace="wall", function_name="staleness"),
    Output(Wall.ROOT, "className"),
    Output(Wall.STALE_AGE, "children"),
    Input(Wall.TICK, "n_intervals"),
    State(Wall.STALE_AFTER, "data"),
)

# One rotating panel visible at a time, the next one every `wall.rotate_seconds`.
clientside_callback(
    """
    function(n, classes) {
        const count = classes.length;
        if (count === 0) { return [[], ""]; }
        const active = (n || 0) % count;
        const next = classes.map((c, i) =>
            (c || "").replace(/\\s*\\bis-active\\b/g, "") + (i === active ? " is-active" : ""));
        return [next, count > 1 ? (active + 1) + " / " + count : ""];
    }
    """,
    Output({"type": Wall.ROTATE_ITEM, "key": ALL}, "className"),
    Output(Wall.ROTATE_INDEX, "children"),
    Input(Wall.ROTATE, "n_intervals"),
    State({"type": Wall.ROTATE_ITEM, "key": ALL}, "className"),
)


# The kiosk moves on to the playlist's next wall page (settings: wall.playlist), reloading it whole
# so a display that runs for weeks starts each page fresh.
clientside_callback(
    """
    function(_n, pages) {
        const here = pages.indexOf(window.location.pathname);
        window.location.assign(pages[(here + 1) % pages.length]);
        return window.dash_clientside.no_update;
    }
    """,
    Output(Wall.PLAYLIST, "modified_timestamp"),
    Input(Wall.NEXT_PAGE, "n_intervals"),
    State(Wall.PLAYLIST, "data"),
    prevent_initial_call=True,
)
