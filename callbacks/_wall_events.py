"""The wall's event stream, `/events/wall`: server-sent events saying which mart versions an open wall
can read, pushed as soon as the ETL announces a change (core/live.py), so the wall redraws at once
instead of at its next poll. assets/wall.js opens it with an EventSource; the wall's polling stays
as the fallback whenever the stream is refused or down.

Same roles as the wall page (a kiosk session included) and the viewer's scope: only the marts the
viewer's scope can read are named. A version is a number that moves, no data. Each stream holds a
server thread, so a process serves at most `wall.push_streams_per_worker` (then 503: the wall
polls and tries again), and a stream ends after `wall.push_stream_seconds` (the browser reconnects
by itself), so it never holds a gunicorn thread forever; the heartbeat also re-checks the session,
so a revoked kiosk token loses its stream within one heartbeat.
"""

from __future__ import annotations

import time

from flask import Blueprint, Response, jsonify, session
from flask_login import current_user

from callbacks._access import require_viewer
from core.domains import all_marts
from core.live import StreamSlots, mart_signal, version_stream
from core.services import current_services
from data.cache import mart_cache
from layouts.components.ids_wall import EVENTS_PATH, ROLES
from layouts.components.wall_panels import MINUTE, registered_panels

blueprint = Blueprint("wall_events", __name__)


@blueprint.get(EVENTS_PATH)
def wall_events():
    viewer = require_viewer(ROLES)
    services = current_services()
    wall = services.settings.wall
    if not wall.push:
        return jsonify(error="not_found", message="pushed updates are off (wall.push); the wall polls"), 404
    slots = services.extras.setdefault("wall_stream_slots", StreamSlots(wall.push_streams_per_worker))
    if not slots.take():
        answer = jsonify(error="busy", message="this server holds wall.push_streams_per_worker streams; "
                                               "the wall polls meanwhile")
        answer.headers["Retry-After"] = str(wall.push_heartbeat_seconds)
        return answer, 503
    messages = version_stream(mart_signal(services), readable_marts(viewer), mart_cache(services).version,
                              still_allowed(services), wall.push_heartbeat_seconds, wall.push_stream_seconds,
                              time.monotonic)
    response = Response(messages, mimetype="text/event-stream", headers={
        # no-transform: core/compression.py (and a proxy) must not gzip it, which would hold events back
        "Cache-Control": "no-cache, no-transform",
        "X-Accel-Buffering": "no",  # nginx passes each event on at once, whatever proxy_buffering says
    })
    # The server closes every answer however it ends (its time is up, the viewer lost access, the
    # browser went away, or its body was never read, as for a HEAD): the slot comes back then.
    response.call_on_close(_once(slots.give_back))
    return response


def readable_marts(viewer) -> list[str]:
    """The marts the wall's panels read that the viewer's scope can read (the clock's pseudo-mart
    moves by itself and is left to the poll)."""
    declared = {mart.name: mart for mart in all_marts()}
    wanted = {mart for panel in registered_panels() for mart in panel.marts if mart != MINUTE}
    return sorted(m for m in wanted if m not in declared or viewer.scope.reads(declared[m].scope_columns))


def still_allowed(services):
    """The session's principal, loaded again as the guard loads it at each request (a revoked kiosk
    token, a disabled user or a new password ends the stream at its next heartbeat)."""
    from auth.session_user import SESSION_VERSION, load_session_user

    user_id, version = current_user.get_id(), session.get(SESSION_VERSION)

    def check() -> bool:
        principal = load_session_user(services, user_id, version)
        return principal is not None and principal.role in ROLES

    return check


def _once(function):
    done = []

    def call():
        if not done:
            done.append(True)
            function()

    return call
