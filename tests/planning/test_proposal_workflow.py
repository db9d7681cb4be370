"""The lifecycle table itself (no database): every step allowed names its role; a refused step
names the steps that are allowed; every rejection reason has its Indonesian name."""

import pytest

from core.messages import ENGLISH, INDONESIAN, text
from modules.planning import workflow
from modules.planning.errors import PlanningWorkflowError


def test_the_steps_and_their_roles():
    assert workflow.TRANSITIONS == {
        ("proposed", "verified"): ("lurah",), ("verified", "accepted"): ("camat",),
        ("proposed", "rejected"): ("lurah", "camat"), ("verified", "rejected"): ("lurah", "camat"),
        ("accepted", "prioritised"): ("perencana",), ("prioritised", "prioritised"): ("perencana",),
        ("accepted", "planned"): ("perencana",), ("prioritised", "planned"): ("perencana",)}


@pytest.mark.parametrize("current,wanted", sorted(workflow.TRANSITIONS))
def test_an_allowed_step_passes(current, wanted):
    workflow.check(current, wanted)


@pytest.mark.parametrize("current,wanted", [("proposed", "accepted"), ("rejected", "verified"),
                                            ("planned", "rejected"), ("accepted", "rejected"),
                                            ("verified", "verified"), ("prioritised", "accepted")])
def test_a_refused_step_names_the_allowed_ones(current, wanted):
    with pytest.raises(PlanningWorkflowError) as refused:
        workflow.check(current, wanted)
    assert refused.value.code == "planning_step_refused"
    assert refused.value.params["allowed"] == (", ".join(workflow.allowed_steps(current)) or "-")
    english = str(refused.value)
    assert f"cannot become {wanted}" in english and refused.value.params["allowed"] in english
    indonesian = text(refused.value.code, refused.value.params, INDONESIAN)
    assert workflow.STATUS_NAMES[current] in indonesian


def test_final_statuses_allow_nothing():
    assert workflow.allowed_steps("rejected") == () and workflow.allowed_steps("planned") == ()
    with pytest.raises(PlanningWorkflowError) as refused:
        workflow.check("rejected", "accepted")
    assert "(allowed steps: -)" in str(refused.value)


def test_an_unknown_status_is_refused():
    with pytest.raises(PlanningWorkflowError) as refused:
        workflow.check("proposed", "built")
    assert refused.value.code == "planning_unknown_status"


def test_every_status_and_reason_has_an_indonesian_name():
    assert set(workflow.STATUS_NAMES) == set(workflow.STATUSES)
    assert set(workflow.REJECTION_REASON_NAMES) == set(workflow.REJECTION_REASONS) == {
        "not_in_dictionary", "duplicate", "not_city_authority", "over_ceiling", "already_planned", "not_feasible"}


def test_the_round_closed_sentence_names_the_round_in_each_language():
    params = dict(planning_round="kecamatan", year=2027, first="2027-02-01", last="2027-02-28", today="2027-03-02")
    assert "musrenbang kecamatan" in text("planning_round_closed", params, INDONESIAN)
    assert "the kecamatan round of 2027" in text("planning_round_closed", params, ENGLISH)
