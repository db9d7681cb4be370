"""Two heads of one RW proposing at the same moment (PostgreSQL: real concurrent transactions):
the ceiling holds, as the service sums the RW's proposals under the domain's writer lock."""

import threading

import pytest
from sqlalchemy import func, select

from planning_setup import HEAD, HEAD_RT, KELURAHAN_A, RW_ROUND, PNG, spot
from modules.planning import proposals
from modules.planning.errors import PlanningValidationError
from modules.planning.models import PlanningProposal


@pytest.mark.parametrize("backend", ["postgresql"], indirect=True)
def test_two_proposals_at_once_never_pass_the_rws_ceiling_together(databases, settings):
    lat, lon = spot(KELURAHAN_A)
    start, outcomes = threading.Barrier(2), []

    def submit(actor):
        start.wait()
        try:
            with databases.transaction() as session:  # 1,000 m2 of paving: 185 juta; two are over 300 juta
                proposals.submit_proposal(session, actor, settings, item_code="PAVING-JALAN", volume=1000, lat=lat,
                                          lon=lon, address="Gg. 1", title="Paving", photos=[("a.png", PNG)],
                                          now=RW_ROUND)
            outcomes.append("proposed")
        except PlanningValidationError as error:
            outcomes.append(error.code)

    threads = [threading.Thread(target=submit, args=(actor,)) for actor in (HEAD, HEAD_RT)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)
    assert sorted(outcomes) == ["planning_over_ceiling", "proposed"]
    with databases.session() as session:
        assert session.scalar(select(func.count()).select_from(PlanningProposal)) == 1
