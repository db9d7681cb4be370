"""Two reports of one unit at the same moment (PostgreSQL: real concurrent requests and
transactions): the step is taken once, and the report that waited for the other's locks is
neither refused as older than it nor recorded twice."""

import threading

import pytest
from api_helpers import AMBULANCE
from sqlalchemy import func, select

from modules.incidents.models import IncidentDispatch, IncidentEvent


@pytest.mark.parametrize("backend", ["postgresql"], indirect=True)
def test_the_same_step_reported_twice_at_once_is_taken_once(app, keys, accident, databases):
    start, answers = threading.Barrier(2), []

    def report():
        client = app.server.test_client()
        start.wait()
        answer = client.post(f"/api/incidents/units/{AMBULANCE}/status", json={"status": "en_route"},
                             headers={"X-API-Key": keys["DINKES"]})
        answers.append((answer.status_code, answer.get_json()["status"]))

    threads = [threading.Thread(target=report) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(30)
    assert answers == [(200, "en_route"), (200, "en_route")]
    with databases.session() as session:
        assert session.get(IncidentDispatch, accident.ambulance_dispatch).status == "en_route"
        steps = session.scalar(select(func.count()).select_from(IncidentEvent)
                               .where(IncidentEvent.kind == "unit_en_route", IncidentEvent.unit_code == AMBULANCE))
    assert steps == 1
