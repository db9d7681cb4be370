"""The change log and the tables agree: after a varied run of writes (a version replaced, payments,
works contracted and reported, proposals linked and carried), the newest payload of every plan
item, budget line, payment, work and linked proposal equals its snapshot built from the tables."""

import json
from datetime import date

from budget_setup import BINA_MARGA, CONSTRUCTION, DRAIN, MATERIALS, NOW, PLANNER, ROAD, YEAR
from sqlalchemy import select

from core.changelog import ChangeLogEntry
from modules.planning import budget, plan, realisation, works
from modules.planning.budget_snapshot import snapshots_by_entity
from modules.planning.snapshot import PROPOSAL, proposal_snapshot
from modules.planning.models import PlanningProposal


def test_the_newest_payloads_equal_the_snapshots_of_the_tables(databases, run, murni, line_of, make_plan_item,
                                                               make_proposal):
    road, drain = make_plan_item(ROAD), make_plan_item(DRAIN, ceiling=800_000_000)
    numbers = [make_proposal("accepted"), make_proposal("prioritised", item_code="SALURAN-U-DITCH")]
    run(plan.link_to_plan, PLANNER, numbers[0], road, now=NOW)
    run(plan.link_to_plan, PLANNER, numbers[1], drain, now=NOW)
    run(realisation.record_payment, BINA_MARGA, line_of(murni, ROAD, MATERIALS), paid_on=date(YEAR, 2, 1),
        amount_rupiah=5_000_000, reference="SP2D-1", now=NOW)
    work = run(works.create_work, BINA_MARGA, plan_item_id=road, name="Jalan", now=NOW).number
    run(works.attach_proposals, BINA_MARGA, work, [numbers[0]], now=NOW)
    run(works.contract_work, BINA_MARGA, work, contract_value_rupiah=9_000, contracted_on=date(YEAR, 3, 1),
        line_id=line_of(murni, ROAD, CONSTRUCTION), now=NOW)
    run(works.report_progress, BINA_MARGA, work, percent=30, reported_on=date(YEAR, 4, 1), now=NOW)
    run(plan.update_plan_item, PLANNER, drain, {"target_value": 4.5}, now=NOW)
    run(budget.create_version, PLANNER, year=YEAR, version=budget.PERUBAHAN, now=NOW)

    with databases.session() as session:
        expected = snapshots_by_entity(session)
        for proposal in session.scalars(select(PlanningProposal).where(PlanningProposal.number.in_(numbers))):
            expected[(PROPOSAL, proposal.number)] = proposal_snapshot(proposal)
        newest = {}
        for row in session.scalars(select(ChangeLogEntry).order_by(ChangeLogEntry.position)):
            newest[(row.entity, row.entity_id)] = row.payload
    assert {entity for entity, _ in expected} == {"planning_plan_item", "planning_budget_line", "planning_payment",
                                                  "planning_work", "planning_proposal"}
    assert {key: newest.get(key) for key in expected} == {key: json.loads(json.dumps(payload))
                                                           for key, payload in expected.items()}
    assert newest[(PROPOSAL, numbers[0])]["work_number"] == work
    assert newest[(PROPOSAL, numbers[1])]["sub_kegiatan_code"] == DRAIN
