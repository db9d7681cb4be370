"""Every intake channel writing at once on PostgreSQL: no request is lost to a deadlock, and the
change log keeps its promise (core/changelog.py) under concurrent writers, not just sequential ones.

Writers: signed webhooks, Open311 POSTs, the public form /lapor and the phone desk, a fixed
number of requests each, all started together behind a barrier. A reader meanwhile polls the
change log as an ETL job does ("past my watermark, by position") until the writers are done: it
must never see a position appear below one it has already read.
"""

from __future__ import annotations

import re
import threading
from concurrent.futures import ThreadPoolExecutor

import pytest
from channel_helpers import GENTENG_POINT, message, post_message
from sqlalchemy import select

from core.changelog import ChangeLogEntry
from core.services import current_services
from core.users import Viewer
from data.complaint_desk import file_by_phone
from modules.complaints.models import Complaint

REQUESTS_PER_WRITER = 6  # within /lapor's flood guard per address
WRITERS_PER_CHANNEL = 2
CHANNELS = ("webhook", "open311", "lapor", "phone")


@pytest.fixture
def backend():
    return "postgresql"


def test_concurrent_writers_of_every_channel_all_get_201_and_log_in_commit_order(app, seeded, api_key,
                                                                                 webhook_secret):
    writers = [(channel, number) for channel in CHANNELS for number in range(WRITERS_PER_CHANNEL)]
    start = threading.Barrier(len(writers) + 1)
    done = threading.Event()
    with ThreadPoolExecutor(len(writers) + 1) as pool:
        reading = pool.submit(_read_change_log_as_etl, seeded, start, done)
        futures = [pool.submit(_write, app, channel, number, api_key, start) for channel, number in writers]
        try:
            statuses = [status for future in futures for status in future.result()]
        finally:
            done.set()  # also when a writer failed, so the reader stops
        seen_positions = reading.result()

    assert statuses == [201] * len(writers) * REQUESTS_PER_WRITER
    with seeded.session() as session:
        complaint_ids = set(session.scalars(select(Complaint.id)))
        logged = session.execute(select(ChangeLogEntry.position, ChangeLogEntry.entity_id).where(
            ChangeLogEntry.entity == "complaint", ChangeLogEntry.operation == "submitted")).all()
        every_position = set(session.scalars(select(ChangeLogEntry.position)))
    assert len(complaint_ids) == len(statuses)
    assert {int(entity_id) for _, entity_id in logged} == complaint_ids
    assert seen_positions == every_position  # the reader missed nothing by moving its watermark


def _read_change_log_as_etl(databases, start: threading.Barrier, done: threading.Event) -> set[int]:
    """Polls like an ETL job until the writers are done (then once more); asserts that every new
    position lies above the watermark, i.e. no lower position committed after a higher one."""
    start.wait()
    watermark, seen = 0, set()
    while True:
        finished = done.is_set()
        with databases.session() as session:
            found = set(session.scalars(select(ChangeLogEntry.position)))
        new = found - seen
        assert all(position > watermark for position in new), f"{sorted(new)} appeared below {watermark}"
        seen |= new
        watermark = max(seen, default=0)
        if finished:
            return seen


def _write(app, channel: str, number: int, api_key: str, start: threading.Barrier) -> list[int]:
    client = app.server.test_client()
    send = {"webhook": _webhook, "open311": _open311, "lapor": _lapor, "phone": _phone}[channel]
    prepared = _prepare(client, channel, number)
    start.wait()
    return [send(client, app, f"{number}-{index}", api_key, prepared) for index in range(REQUESTS_PER_WRITER)]


def _prepare(client, channel: str, number: int) -> dict:
    """What a writer needs before the race: the form's CSRF token, its own address."""
    address = {"REMOTE_ADDR": f"10.0.{CHANNELS.index(channel)}.{number + 1}"}
    if channel != "lapor":
        return {"environ": address}
    page = client.get("/lapor", environ_base=address).get_data(as_text=True)
    return {"environ": address, "csrf": re.search(r'name="csrf_token" value="([^"]+)"', page).group(1)}


def _webhook(client, _app, tag: str, _api_key: str, _prepared: dict) -> int:
    return post_message(client, message(message_id=f"sms-{tag}")).status_code


def _open311(client, _app, tag: str, api_key: str, prepared: dict) -> int:
    form = {"api_key": api_key, "service_code": "JALAN_RUSAK", "description": f"Jalan berlubang {tag}.",
            "lat": str(GENTENG_POINT[0]), "long": str(GENTENG_POINT[1])}
    return client.post("/open311/v2/requests.json", data=form, environ_base=prepared["environ"]).status_code


def _lapor(client, _app, tag: str, _api_key: str, prepared: dict) -> int:
    form = {"category_code": "JALAN_RUSAK", "description": f"Jalan berlubang di depan sekolah {tag}.",
            "lat": str(GENTENG_POINT[0]), "lon": str(GENTENG_POINT[1]), "address": "Jl. Tunjungan 10",
            "reporter_name": "Siti Aminah", "reporter_contact": "081299887766", "csrf_token": prepared["csrf"]}
    return client.post("/lapor", data=form, environ_base=prepared["environ"]).status_code


def _phone(_client, app, tag: str, _api_key: str, _prepared: dict) -> int:
    operator = Viewer(user_id="operator-1", username="operator", role="operator")
    form = {"channel": "phone", "category_code": "JALAN_RUSAK", "description": f"Lampu jalan mati {tag}.",
            "lat": GENTENG_POINT[0], "lon": GENTENG_POINT[1], "reporter_contact": "081234567890"}
    with app.server.app_context():
        ticket, errors = file_by_phone(current_services(), operator, form)
    return 201 if ticket else 400  # the desk's answer as the status the HTTP channels would give
