"""The rounds after proposing: the lurah verifies (or rejects), the camat accepts or rejects with a
reason, the planning agency ranks. Every step by its role, in its scope, in its round; a refusal
writes nothing."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from planning_setup import (ADMIN, CAMAT, CITY_ROUND, HEAD, HEAD_B, KECAMATAN_ROUND, KELURAHAN_ROUND, LURAH, LURAH_B,
                      OPERATOR, OTHER_CAMAT, PERENCANA, at, viewer)
from core.changelog import ChangeLogEntry
from modules.planning import proposals
from modules.planning.errors import PlanningAccessDenied, PlanningNotFound, PlanningValidationError, \
    PlanningWorkflowError
from modules.planning.models import PlanningProposal, PlanningProposalEvent


@pytest.fixture
def step(run, settings):
    """step(name, actor, number, *args, now=..., **kwargs): one service call in its own transaction."""

    def do(name: str, actor, number, *args, now=None, **kwargs):
        default = {"verify": KELURAHAN_ROUND, "decide": KECAMATAN_ROUND, "prioritise": CITY_ROUND}[name]
        return run(getattr(proposals, name), actor, settings, number, *args, now=now or default, **kwargs)

    return do


def _state(databases, number):
    with databases.session() as session:
        proposal = session.scalars(select(PlanningProposal).where(PlanningProposal.number == number)).one()
        events = session.scalars(select(PlanningProposalEvent).where(PlanningProposalEvent.proposal_id == proposal.id)
                                 .order_by(PlanningProposalEvent.id)).all()
        log = session.scalars(select(ChangeLogEntry).where(ChangeLogEntry.entity_id == number)
                              .order_by(ChangeLogEntry.position)).all()
        return proposal, events, [entry.payload for entry in log]


def test_the_whole_way_to_a_priority(databases, propose, step):
    number = propose()
    step("verify", LURAH, number, note="lokasi sudah dicek")
    step("decide", CAMAT, number, True, note="sesuai")
    step("prioritise", PERENCANA, [number])
    proposal, events, payloads = _state(databases, number)
    assert (proposal.status, proposal.priority, proposal.rejection_reason) == ("prioritised", 1, None)
    assert [(e.action, e.from_status, e.to_status, e.actor_role) for e in events] == [
        ("submitted", None, "proposed", "rt_rw"), ("verified", "proposed", "verified", "lurah"),
        ("accepted", "verified", "accepted", "camat"), ("prioritised", "accepted", "prioritised", "perencana")]
    assert events[1].note == "lokasi sudah dicek" and events[1].at == KELURAHAN_ROUND
    assert [p["status"] for p in payloads] == ["proposed", "verified", "accepted", "prioritised"]
    last = payloads[-1]
    assert (last["verified_at"], last["decided_at"], last["prioritised_at"], last["planned_at"]) == (
        "2027-01-25T03:00:00+00:00", "2027-02-10T03:00:00+00:00", "2027-03-05T03:00:00+00:00", None)
    assert (last["priority"], last["updated_at"]) == (1, "2027-03-05T03:00:00+00:00")


def test_the_camat_rejects_with_a_reason_and_a_note(databases, propose, step):
    number = propose()
    step("verify", LURAH, number)
    step("decide", CAMAT, number, False, reason="not_city_authority", note="jalan provinsi")
    proposal, events, payloads = _state(databases, number)
    assert (proposal.status, proposal.rejection_reason) == ("rejected", "not_city_authority")
    assert (events[-1].reason, events[-1].note, events[-1].actor) == ("not_city_authority", "jalan provinsi",
                                                                      CAMAT.username)
    assert payloads[-1]["rejection_reason"] == "not_city_authority" and payloads[-1]["decided_at"]


def test_the_camat_may_reject_an_unverified_proposal(databases, propose, step):
    number = propose()
    step("decide", CAMAT, number, False, reason="duplicate")
    assert _state(databases, number)[0].status == "rejected"


def test_the_lurah_rejects_in_his_round_but_never_accepts(databases, propose, step, written):
    number = propose()
    step("decide", LURAH, number, False, reason="not_in_dictionary", now=KELURAHAN_ROUND)
    assert _state(databases, number)[0].status == "rejected"
    other = propose(volume=1)
    step("verify", LURAH, other)
    before = written()
    with pytest.raises(PlanningAccessDenied) as refused:
        step("decide", LURAH, other, True, now=at(2, 10))
    assert refused.value.code == "planning_step_role_refused" and "camat" in str(refused.value)
    assert written() == before


@pytest.mark.parametrize("reason,code", [(None, "planning_reason_required"), ("", "planning_reason_required"),
                                         ("too_expensive", "planning_unknown_reason")])
def test_a_rejection_needs_a_reason_from_the_list(propose, step, written, reason, code):
    number = propose()
    before = written()
    with pytest.raises(PlanningValidationError) as refused:
        step("decide", CAMAT, number, False, reason=reason)
    assert (refused.value.field, refused.value.code) == ("reason", code)
    assert written() == before


def test_an_acceptance_takes_no_reason_and_accept_must_be_a_boolean(propose, step, written):
    number = propose()
    step("verify", LURAH, number)
    before = written()
    with pytest.raises(PlanningValidationError) as refused:
        step("decide", CAMAT, number, True, reason="duplicate")
    assert refused.value.field == "reason"
    with pytest.raises(PlanningValidationError) as refused:
        step("decide", CAMAT, number, "yes")
    assert refused.value.field == "accept"
    assert written() == before


@pytest.mark.parametrize("name,actor,args", [
    ("verify", LURAH_B, ()),                       # another kelurahan
    ("verify", HEAD, ()),                          # the proposer himself
    ("verify", CAMAT, ()),                         # the camat decides, he does not verify
    ("verify", ADMIN, ()),                         # admin reads only
    ("verify", OPERATOR, ()),
    ("decide", OTHER_CAMAT, (False,)),             # another kecamatan
    ("decide", viewer("lurah", "lurah-b2", kelurahan_code="35.78.01.1002"), (False,)),
    ("decide", PERENCANA, (False,)),
], ids=["lurah-other-kelurahan", "proposer", "camat-verifies", "admin", "operator", "camat-other-kecamatan",
        "lurah-other-kelurahan-rejects", "perencana-rejects"])
def test_wrong_role_or_scope_is_denied_and_writes_nothing(propose, step, written, name, actor, args):
    number = propose()
    before = written()
    kwargs = {"reason": "duplicate"} if args == (False,) else {}
    now = KELURAHAN_ROUND if actor.role == "lurah" else None
    with pytest.raises(PlanningAccessDenied):
        step(name, actor, number, *args, now=now, **kwargs)
    assert written() == before


@pytest.mark.parametrize("name,actor,args,moment", [
    ("verify", LURAH, (), at(2, 21)),              # the kelurahan round ended on 20 Feb
    ("verify", LURAH, (), at(1, 1)),               # nor has it begun on 1 Jan
    ("decide", CAMAT, (False,), at(1, 31)),        # the kecamatan round begins on 1 Feb
    ("decide", CAMAT, (False,), at(3, 1)),
    ("decide", LURAH, (False,), at(2, 25)),        # a lurah rejects in his own round only
], ids=["lurah-late", "lurah-early", "camat-early", "camat-late", "lurah-rejects-late"])
def test_outside_its_round_no_step_is_taken(propose, step, written, name, actor, args, moment):
    number = propose()
    before = written()
    kwargs = {"reason": "duplicate"} if args == (False,) else {}
    with pytest.raises(PlanningValidationError) as refused:
        step(name, actor, number, *args, now=moment, **kwargs)
    assert (refused.value.field, refused.value.code) == ("round", "planning_round_closed")
    assert written() == before


def test_a_step_the_lifecycle_skips_is_refused_naming_the_allowed_ones(propose, step, written):
    number = propose()
    before = written()
    with pytest.raises(PlanningWorkflowError) as refused:
        step("decide", CAMAT, number, True)  # accepting what the lurah has not verified
    assert refused.value.params["allowed"] == "verified, rejected"
    with pytest.raises(PlanningWorkflowError):
        step("prioritise", PERENCANA, [number])
    assert written() == before
    step("decide", CAMAT, number, False, reason="duplicate")
    with pytest.raises(PlanningWorkflowError):
        step("verify", LURAH, number)  # a rejected proposal stays rejected


def test_an_unknown_number_is_not_found(step):
    with pytest.raises(PlanningNotFound) as refused:
        step("verify", LURAH, "USL-2027-999999")
    assert refused.value.field == "number"


# --- the city round ----------------------------------------------------------------------------------

@pytest.fixture
def accepted(propose, step):
    """accepted(count) -> numbers of that many accepted proposals of 2027 (two kelurahan)."""

    def make(count: int) -> list[str]:
        numbers = []
        for index in range(count):
            head, lurah = (HEAD, LURAH) if index % 2 == 0 else (HEAD_B, LURAH_B)
            number = propose(head, volume=10 + index)
            step("verify", lurah, number)
            step("decide", CAMAT, number, True)
            numbers.append(number)
        return numbers

    return make


def test_the_ranking_sets_priorities_in_order_and_can_be_redone(databases, accepted, step):
    first, second, third = accepted(3)
    step("prioritise", PERENCANA, [second, third, first])
    assert [_state(databases, n)[0].priority for n in (first, second, third)] == [3, 1, 2]
    step("prioritise", PERENCANA, [first, second, third], now=at(3, 20))
    assert [_state(databases, n)[0].priority for n in (first, second, third)] == [1, 2, 3]
    proposal, events, payloads = _state(databases, second)
    assert [e.data for e in events if e.action == "prioritised"] == [{"priority": 1}, {"priority": 2}]
    assert payloads[-1]["prioritised_at"] == "2027-03-20T03:00:00+00:00"


@pytest.mark.parametrize("ranking,code", [
    (lambda n: [n[0]], "planning_ranking_incomplete"),
    (lambda n: [n[0], n[1], n[0]], "planning_ranking_twice"),
    (lambda n: [], "planning_ranking_empty"),
    (lambda n: [n[0], 7], "planning_ranking_not_text"),
], ids=["incomplete", "twice", "empty", "not-text"])
def test_a_bad_ranking_is_refused_whole(accepted, step, written, ranking, code):
    numbers = accepted(2)
    before = written()
    with pytest.raises(PlanningValidationError) as refused:
        step("prioritise", PERENCANA, ranking(numbers))
    assert (refused.value.field, refused.value.code) == ("numbers", code)
    assert written() == before


def test_a_ranking_of_two_years_or_with_a_rejected_proposal_is_refused(propose, accepted, step, written):
    numbers = accepted(1)
    rejected = propose(volume=1)
    step("decide", CAMAT, rejected, False, reason="duplicate")
    older = propose(now=at(1, 10, year=2026), volume=1)
    before = written()
    with pytest.raises(PlanningWorkflowError):
        step("prioritise", PERENCANA, numbers + [rejected])
    with pytest.raises(PlanningValidationError) as refused:
        step("prioritise", PERENCANA, numbers + [older])
    assert refused.value.code == "planning_ranking_years"
    assert written() == before


@pytest.mark.parametrize("actor", [CAMAT, LURAH, ADMIN, HEAD], ids=lambda a: a.role)
def test_only_the_planning_agency_ranks(accepted, step, written, actor):
    numbers = accepted(1)
    before = written()
    with pytest.raises(PlanningAccessDenied):
        step("prioritise", actor, numbers)
    assert written() == before


def test_ranking_outside_the_city_round_is_refused(accepted, step, written):
    numbers = accepted(1)
    before = written()
    with pytest.raises(PlanningValidationError) as refused:
        step("prioritise", PERENCANA, numbers, now=at(4, 1))
    assert refused.value.code == "planning_round_closed"
    assert written() == before


def test_the_sample_holds_every_status_and_its_snapshots_equal_the_extract(databases, settings):
    import json

    from modules.planning.extract import snapshots_by_entity
    from modules.planning.sample import write_sample

    write_sample(databases, settings)
    with databases.engine.connect() as connection:
        extracted = snapshots_by_entity(connection)
        rows = connection.execute(select(ChangeLogEntry.entity_id, ChangeLogEntry.payload)
                                  .order_by(ChangeLogEntry.position)).all()
    newest = {entity_id: payload for entity_id, payload in rows}
    assert {number: payload for (_entity, number), payload in extracted.items()} == json.loads(json.dumps(newest))
    statuses = {p["status"] for p in extracted.values()}
    assert statuses == {"proposed", "verified", "accepted", "prioritised", "rejected"}
    assert {p["rejection_reason"] for p in extracted.values()} >= {"duplicate", "not_feasible", "not_city_authority"}
    assert any(p["repeat"] for p in extracted.values())
