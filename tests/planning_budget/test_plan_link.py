"""The plan: plan items of a sub kegiatan that exists, and link_to_plan taking an accepted or
prioritised proposal of year Y into a plan item of Y + 1 of the OPD that builds it."""

import pytest
from budget_setup import BINA_MARGA, DRAIN, NOW, PLANNER, ROAD, YEAR
from sqlalchemy import select

from modules.planning import plan
from modules.planning.snapshot import KEYS as PROPOSAL_KEYS
from modules.planning.errors import (PlanningAccessDenied, PlanningNotFound, PlanningValidationError,
                                     PlanningWorkflowError)
from modules.planning.models import PlanningProposal, PlanningProposalEvent


def _link(run, number, plan_item_id, actor=PLANNER):
    return run(plan.link_to_plan, actor, number, plan_item_id, now=NOW)


def test_linking_plans_the_proposal_with_an_event_and_a_full_snapshot(databases, run, make_plan_item, make_proposal,
                                                                      logged):
    item_id = make_plan_item(ROAD)
    for status in ("accepted", "prioritised"):
        number = make_proposal(status)
        _link(run, number, item_id)
        with databases.session() as session:
            proposal = session.scalar(select(PlanningProposal).where(PlanningProposal.number == number))
            event = session.scalar(select(PlanningProposalEvent)
                                   .where(PlanningProposalEvent.proposal_id == proposal.id))
            assert (proposal.status, proposal.plan_item_id) == ("planned", item_id)
            assert (event.action, event.from_status, event.to_status, event.actor_role) == \
                   ("planned", status, "planned", "perencana")
        snapshot = logged("planning_proposal", number)[-1]
        assert tuple(snapshot) == PROPOSAL_KEYS
        assert (snapshot["status"], snapshot["plan_item_id"], snapshot["sub_kegiatan_code"], snapshot["work_number"],
                snapshot["opd_code"], snapshot["planned_at"]) == ("planned", item_id, ROAD, None, "DSDABM",
                                                                  "2027-06-15T03:00:00+00:00")
        assert "rw3-karangpilang" not in str(snapshot) and "Jl. Contoh" not in str(snapshot)


@pytest.mark.parametrize("status", ["proposed", "verified", "rejected", "planned"])
def test_only_accepted_or_prioritised_proposals_are_linked(run, make_plan_item, make_proposal, counts, status):
    item_id, number = make_plan_item(ROAD), make_proposal(status)
    before = counts()
    with pytest.raises(PlanningWorkflowError) as refused:
        _link(run, number, item_id)
    assert (refused.value.field, refused.value.code) == ("proposal_number", "planning_link_status")
    assert counts() == before


def test_a_plan_item_of_another_year_or_another_opd_is_refused(run, make_plan_item, make_proposal, counts):
    number = make_proposal("accepted", year=YEAR - 1)                  # paving: built by DSDABM
    same_year = make_plan_item(ROAD, year=YEAR - 1)
    other_opd = make_plan_item("1.04.05.2.01.0004", opd_code="DISHUB")
    before = counts()
    with pytest.raises(PlanningValidationError) as refused:
        _link(run, number, same_year)
    assert (refused.value.field, refused.value.code, refused.value.params["expected"]) == \
           ("plan_item_id", "planning_link_year", YEAR)
    with pytest.raises(PlanningValidationError) as refused:
        _link(run, number, other_opd)
    assert (refused.value.code, refused.value.params) == ("planning_link_opd", {"expected": "DSDABM",
                                                                               "opd": "DISHUB"})
    assert counts() == before


def test_link_refusals_for_role_and_unknown_keys(run, make_plan_item, make_proposal):
    item_id, number = make_plan_item(ROAD), make_proposal("accepted")
    with pytest.raises(PlanningAccessDenied):
        _link(run, number, item_id, actor=BINA_MARGA)
    with pytest.raises(PlanningNotFound) as refused:
        _link(run, "USL-2026-999999", item_id)
    assert refused.value.field == "proposal_number"
    with pytest.raises(PlanningNotFound) as refused:
        _link(run, number, 987654)
    assert refused.value.field == "plan_item_id"


@pytest.mark.parametrize("changes,field,code", [
    ({"sub_kegiatan_code": "1.03.10.2.01"}, "sub_kegiatan_code", "planning_code_parts"),
    ({"sub_kegiatan_code": "1.03.10.2.01.9999"}, "sub_kegiatan_code", "planning_sub_kegiatan_unknown"),
    ({"opd_code": "NOPE"}, "opd_code", "planning_opd_unknown"),
    ({"year": 1999}, "year", "planning_year_range"),
    ({"indicator": ""}, "indicator", "planning_required"),
    ({"target_value": -1}, "target_value", "planning_number_range"),
    ({"indicative_ceiling_rupiah": "banyak"}, "indicative_ceiling_rupiah", "planning_not_whole_rupiah"),
])
def test_a_bad_plan_item_names_the_field(run, counts, changes, field, code):
    values = dict(year=YEAR, opd_code="DSDABM", sub_kegiatan_code=DRAIN, indicator="Panjang saluran",
                  target_value=3.0, target_unit="km", indicative_ceiling_rupiah=1_000_000) | changes
    before = counts()
    with pytest.raises(PlanningValidationError) as refused:
        run(plan.create_plan_item, PLANNER, **values, now=NOW)
    assert (refused.value.field, refused.value.code) == (field, code)
    assert counts() == before


def test_a_plan_item_is_one_per_year_opd_and_sub_kegiatan_and_its_update_is_logged(run, make_plan_item, logged):
    item_id = make_plan_item(ROAD)
    with pytest.raises(PlanningValidationError) as refused:
        make_plan_item(ROAD)
    assert refused.value.code == "planning_plan_item_exists"
    run(plan.update_plan_item, PLANNER, item_id, {"indicative_ceiling_rupiah": 4_000_000_000}, now=NOW)
    with pytest.raises(PlanningValidationError) as refused:
        run(plan.update_plan_item, PLANNER, item_id, {"year": 2030}, now=NOW)
    assert refused.value.field == "year"
    payloads = logged("planning_plan_item", item_id)
    assert [p["indicative_ceiling_rupiah"] for p in payloads] == [3_000_000_000, 4_000_000_000]
    assert (payloads[-1]["program_code"], payloads[-1]["kegiatan_code"]) == ("1.03.10", "1.03.10.2.01")
