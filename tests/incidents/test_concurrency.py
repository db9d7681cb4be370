"""Two dispatchers sending the same unit at the same moment (PostgreSQL: real concurrent
transactions): exactly one dispatch is written, the other is refused as the unit is no longer
available."""

import threading

import pytest
from incident_setup import OPERATOR, at

from modules.incidents import service
from modules.incidents.errors import IncidentValidationError
from modules.incidents.models import IncidentDispatch


@pytest.mark.parametrize("backend", ["postgresql"], indirect=True)
def test_one_unit_sent_twice_at_once_is_dispatched_once(databases, new_incident):
    numbers = [new_incident().number, new_incident(minute=1).number]
    start, outcomes = threading.Barrier(2), []

    def send(number):
        start.wait()
        try:
            with databases.transaction() as session:
                service.dispatch(session, OPERATOR, number, "DPKP-FE-01", now=at(2))
            outcomes.append("dispatched")
        except IncidentValidationError as error:
            outcomes.append(error.code)

    threads = [threading.Thread(target=send, args=(number,)) for number in numbers]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(30)
    assert sorted(outcomes) == ["dispatched", "incident_unit_not_available"]
    with databases.transaction() as session:
        assert session.query(IncidentDispatch).filter_by(unit_code="DPKP-FE-01").count() == 1
