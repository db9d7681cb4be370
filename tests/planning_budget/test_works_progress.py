"""Works and their progress: the lifecycle, reports that never go back, photos checked by their
bytes, and the roll-up (a proposal's progress is its work's; a plan item's is its works' weighted
by contract value, or by the line's ceiling before a contract)."""

from datetime import date

import pytest
from budget_setup import BINA_MARGA, CONSTRUCTION, DISHUB, KELURAHAN, MATERIALS, NOW, PLANNER, PNG, ROAD, YEAR
from sqlalchemy import select

from modules.planning import plan, works
from modules.planning.budget_models import PlanningProgressReport, PlanningWork
from modules.planning.errors import PlanningAccessDenied, PlanningValidationError, PlanningWorkflowError
from modules.planning.models import PlanningProposal


@pytest.fixture
def road(make_plan_item, murni, line_of):
    """(plan item id, construction line id, materials line id) of the road sub kegiatan."""
    return make_plan_item(ROAD), line_of(murni, ROAD, CONSTRUCTION), line_of(murni, ROAD, MATERIALS)


def _work(run, plan_item_id, name="Jalan Karang Pilang", **extra) -> str:
    return run(works.create_work, BINA_MARGA, plan_item_id=plan_item_id, name=name, now=NOW, **extra).number


def _contract(run, number, value, line_id=None, day=date(YEAR, 3, 1)):
    return run(works.contract_work, BINA_MARGA, number, contract_value_rupiah=value, contracted_on=day,
               line_id=line_id, now=NOW)


def _report(run, number, percent, day, actor=BINA_MARGA, **extra):
    return run(works.report_progress, actor, number, percent=percent, reported_on=day, now=NOW, **extra)


def _progress(databases, plan_item_id):
    with databases.session() as session:
        return works.plan_item_progress(session, plan_item_id)


def test_a_work_goes_planned_contracted_in_progress_built(databases, run, road, logged):
    item_id, line_id, _ = road
    number = _work(run, item_id, kelurahan_code=KELURAHAN, lat=-7.33, lon=112.70)
    assert number == f"PKJ-{YEAR}-000001"
    with pytest.raises(PlanningWorkflowError):
        run(works.complete_work, BINA_MARGA, number, now=NOW)
    with pytest.raises(PlanningWorkflowError) as refused:
        _report(run, number, 10, date(YEAR, 4, 1))
    assert refused.value.code == "planning_progress_status"
    _contract(run, number, 2_000_000_000, line_id)
    _report(run, number, 40, date(YEAR, 4, 1))
    with pytest.raises(PlanningValidationError) as refused:
        run(works.complete_work, BINA_MARGA, number, now=NOW)
    assert refused.value.code == "planning_work_needs"
    _report(run, number, 100, date(YEAR, 6, 1), photo=PNG, photo_filename="C:\\foto\\jalan.png")
    run(works.complete_work, BINA_MARGA, number, now=NOW)
    assert [p["status"] for p in logged("planning_work", number)] == \
           ["planned", "contracted", "in_progress", "in_progress", "built"]
    last = logged("planning_work", number)[-1]
    assert (last["progress_percent"], last["line_id"], last["contract_value_rupiah"], last["kecamatan_code"],
            last["last_reported_on"], last["sub_kegiatan_code"]) == (100.0, line_id, 2_000_000_000, "35.78.01",
                                                                     "2027-06-01", ROAD)
    with databases.session() as session:
        photo = session.scalars(select(PlanningProgressReport).where(PlanningProgressReport.percent == 100)).one()
        assert (photo.photo_filename, photo.photo_content_type, photo.photo_size_bytes) == \
               ("jalan.png", "image/png", len(PNG))


def test_progress_never_goes_back_nor_before_the_last_date_and_photos_must_be_images(run, road, counts):
    item_id, line_id, _ = road
    number = _work(run, item_id)
    _contract(run, number, 1_000_000_000, line_id)
    _report(run, number, 50, date(YEAR, 5, 1))
    before = counts()
    for percent, day, extra, field, code in (
            (40, date(YEAR, 5, 10), {}, "percent", "planning_progress_decreasing"),
            (60, date(YEAR, 4, 30), {}, "reported_on", "planning_progress_date_order"),
            (60, date(YEAR, 6, 16), {}, "reported_on", "planning_date_future"),
            (101, date(YEAR, 5, 10), {}, "percent", "planning_number_range"),
            (60, date(YEAR, 5, 10), {"photo": b"GIF89a not allowed"}, "photo", "photo_not_image"),
            (60, date(YEAR, 5, 10), {"photo": PNG, "max_photo_bytes": 10}, "photo", "photo_too_large")):
        with pytest.raises(PlanningValidationError) as refused:
            _report(run, number, percent, day, **extra)
        assert (refused.value.field, refused.value.code) == (field, code)
    with pytest.raises(PlanningAccessDenied):
        _report(run, number, 60, date(YEAR, 5, 10), actor=DISHUB)
    assert counts() == before
    _report(run, number, 50, date(YEAR, 5, 1))  # the same percent again, the same day: allowed


def test_a_contract_needs_a_line_of_the_plan_item_within_its_ceiling(run, road, murni, line_of):
    item_id, line_id, _ = road
    number = _work(run, item_id)
    with pytest.raises(PlanningValidationError) as refused:
        _contract(run, number, 1_000)
    assert (refused.value.field, refused.value.code) == ("line_id", "planning_work_needs")
    drain_line = line_of(murni, "1.03.03.2.01.0005", CONSTRUCTION)
    with pytest.raises(PlanningValidationError) as refused:
        _contract(run, number, 1_000, drain_line)
    assert refused.value.code == "planning_work_line_mismatch"
    with pytest.raises(PlanningValidationError) as refused:
        _contract(run, number, 2_500_000_001, line_id)
    assert (refused.value.field, refused.value.code) == ("contract_value_rupiah", "planning_amount_range")
    with pytest.raises(PlanningAccessDenied):
        run(works.create_work, DISHUB, plan_item_id=item_id, name="Bukan milik Dishub", now=NOW)


def test_plan_item_progress_is_weighted_by_contract_value_else_line_ceiling(databases, run, road):
    item_id, construction, materials = road
    assert _progress(databases, item_id) is None
    big, small = _work(run, item_id, "Jalan A"), _work(run, item_id, "Jalan B")
    _contract(run, big, 1_500_000_000, construction)
    _contract(run, small, 500_000_000, construction)
    _report(run, big, 80, date(YEAR, 5, 1))
    _report(run, small, 20, date(YEAR, 5, 1))
    assert _progress(databases, item_id) == pytest.approx((80 * 1.5 + 20 * 0.5) / 2.0)   # 65, not the mean 50
    uncontracted = _work(run, item_id, "Jalan C", line_id=materials)                      # weighs its line: 1.0 bn
    assert _progress(databases, item_id) == pytest.approx((80 * 1.5 + 20 * 0.5 + 0 * 1.0) / 3.0)
    with databases.session() as session:
        work = session.scalar(select(PlanningWork).where(PlanningWork.number == uncontracted))
        assert works.work_weight(session, work) == 1_000_000_000
        assert works.weighted_progress([(30.0, 0), (60.0, 0)]) == 45.0   # no weights at all: the plain mean


def test_a_proposals_progress_is_its_works_and_its_snapshot_follows_the_work(databases, run, road, make_proposal,
                                                                             logged):
    item_id, line_id, _ = road
    number = make_proposal("accepted")
    run(plan.link_to_plan, PLANNER, number, item_id, now=NOW)
    unlinked = make_proposal("accepted")
    with pytest.raises(PlanningValidationError) as refused:
        _work(run, item_id, proposal_numbers=[unlinked])
    assert (refused.value.field, refused.value.code) == ("proposal_numbers", "planning_proposal_work_plan")
    work = _work(run, item_id, proposal_numbers=[number])
    _contract(run, work, 1_000_000_000, line_id)
    _report(run, work, 35, date(YEAR, 5, 1))
    with databases.session() as session:
        proposal = session.scalar(select(PlanningProposal).where(PlanningProposal.number == number))
        assert works.proposal_progress(session, proposal) == 35.0
        other = session.scalar(select(PlanningProposal).where(PlanningProposal.number == unlinked))
        assert works.proposal_progress(session, other) is None
    snapshots = logged("planning_proposal", number)
    assert [s["work_number"] for s in snapshots] == [None, work, work, work]  # linked, created, contracted, started
    assert snapshots[-1]["status"] == "planned"
