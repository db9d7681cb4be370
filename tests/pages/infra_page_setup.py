"""What the Infrastruktur page tests share: the known fleet (tests/synthetic_infrastructure.py)
counted into the marts at its "now", and users of each role logged in through the real form. A
module of its own, not conftest.py."""

from __future__ import annotations

from etl.infrastructure.job import infrastructure_job
from etl.runner import EtlRunner
from synthetic_infrastructure import NOW, known_fleet, write


def fill_known_fleet(databases) -> None:
    write(databases, known_fleet())
    EtlRunner(databases, jobs=[infrastructure_job(clock=lambda: NOW)]).run_once()


def answer(response, component, prop):
    assert response.status_code == 200, response.get_data(as_text=True)[:300]
    return response.get_json()["response"][component][prop]
