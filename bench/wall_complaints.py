"""The complaints domain's event for the event-to-wall benchmark (bench/wall.py): a complaint POSTed
to the Open311 API (`/open311/v2/requests.json`, with an API key issued by `service.issue_api_key`),
seen when its ticket is in the wall's ticker of newest complaints."""

from __future__ import annotations

import json
from datetime import datetime

from sqlalchemy import func, select

from bench.etl import CATEGORIES, POINTS
from bench.wall import WallEvent


def prepare(env) -> str:
    return env.api_key("bench-open311")


def post(http, api_key: str, rng, number: int) -> str:
    point = rng.choice(POINTS)
    status, body = http.post_form("/open311/v2/requests.json", {
        "api_key": api_key, "service_code": rng.choice(CATEGORIES), "lat": point[0], "long": point[1],
        "description": f"Benchmark: laporan uji ke layar dinding nomor {number + 1}",
    })
    if status != 201:
        raise RuntimeError(f"Open311 POST: HTTP {status}: {body[:300]!r}")
    return json.loads(body)[0]["service_request_id"]


def change_recorded_at(env, ticket: str) -> datetime | None:
    """When the complaint's first change row was written (in the transaction of the POST)."""
    from core.changelog import ChangeLogEntry
    from modules.complaints.models import Complaint
    from modules.complaints.snapshot import ENTITY

    with env.databases.engine.connect() as connection:
        complaint_id = connection.scalar(select(Complaint.id).where(Complaint.ticket == ticket))
        return connection.scalar(select(func.min(ChangeLogEntry.recorded_at))
                                 .where(ChangeLogEntry.entity == ENTITY,
                                        ChangeLogEntry.entity_id == str(complaint_id)))


EVENT = WallEvent(
    name="Open311 POST",
    mart="complaints",
    prepare=prepare,
    post=post,
    change_recorded_at=change_recorded_at,
    # true once the ticket is in the wall's ticker of newest complaints
    visible="(ticket) => { const t = document.querySelector('.wall-ticker');"
            " return !!t && t.textContent.includes(ticket); }",
)
