"""Payments: the line's OPD only, more than zero, inside the budget year, never past the ceiling,
on the current version; each logged without who entered it."""

from datetime import date

import pytest
from budget_setup import BINA_MARGA, CONSTRUCTION, DISHUB, NOW, PLANNER, ROAD, YEAR
from sqlalchemy import select

from modules.planning import budget, realisation
from modules.planning.budget_models import PlanningPayment
from modules.planning.errors import PlanningAccessDenied, PlanningValidationError

CEILING = 2_500_000_000  # the road construction line of BUDGET_ROWS


@pytest.fixture
def road_line(murni, line_of) -> int:
    return line_of(murni, ROAD, CONSTRUCTION)


def _pay(run, actor, line_id, amount, paid_on=date(YEAR, 5, 2), reference="SP2D-0001"):
    return run(realisation.record_payment, actor, line_id, paid_on=paid_on, amount_rupiah=amount,
               reference=reference, now=NOW)


def test_payments_fill_the_ceiling_exactly_and_not_a_rupiah_more(run, road_line, counts, logged):
    _pay(run, BINA_MARGA, road_line, 1_000_000_000)
    _pay(run, BINA_MARGA, road_line, CEILING - 1_000_000_000, paid_on="2027-06-01", reference="SP2D-0002")
    before = counts()
    with pytest.raises(PlanningValidationError) as refused:
        _pay(run, BINA_MARGA, road_line, 1)
    assert (refused.value.field, refused.value.code) == ("amount_rupiah", "planning_payment_over_ceiling")
    assert refused.value.params | {} == {"amount": 1, "ceiling": CEILING, "paid": CEILING, "left": 0}
    assert counts() == before
    last = logged("planning_payment")[-1]
    assert last | {"id": 0, "line_id": 0, "version_id": 0, "created_at": None} == {
        "id": 0, "line_id": 0, "version_id": 0, "year": YEAR, "opd_code": "DSDABM", "sub_kegiatan_code": ROAD,
        "account_code": CONSTRUCTION, "paid_on": "2027-06-01", "amount_rupiah": CEILING - 1_000_000_000,
        "reference": "SP2D-0002", "created_at": None}
    assert "dsdabm1" not in str(logged("planning_payment"))  # who entered it stays out of the log


def test_another_opd_and_the_planner_may_not_pay_on_the_line(run, road_line, counts):
    before = counts()
    with pytest.raises(PlanningAccessDenied) as refused:
        _pay(run, DISHUB, road_line, 10)
    assert (refused.value.field, refused.value.code) == ("opd_code", "planning_other_opd")
    with pytest.raises(PlanningAccessDenied) as refused:
        _pay(run, PLANNER, road_line, 10)
    assert refused.value.field == "role"
    assert counts() == before


@pytest.mark.parametrize("changes,field,code", [
    ({"amount": 0}, "amount_rupiah", "planning_amount_range"),
    ({"amount": -5}, "amount_rupiah", "planning_amount_range"),
    ({"amount": 10.5}, "amount_rupiah", "planning_not_whole_rupiah"),
    ({"paid_on": date(YEAR - 1, 12, 31)}, "paid_on", "planning_payment_year"),
    ({"paid_on": date(YEAR, 6, 16)}, "paid_on", "planning_date_future"),
    ({"paid_on": "2027-02-30"}, "paid_on", "planning_date_invalid"),
    ({"reference": " "}, "reference", "planning_required"),
])
def test_bad_payments_name_the_field(run, road_line, counts, changes, field, code):
    values = {"amount": 10, "paid_on": date(YEAR, 5, 2), "reference": "SP2D-9"} | changes
    before = counts()
    with pytest.raises(PlanningValidationError) as refused:
        _pay(run, BINA_MARGA, road_line, values["amount"], values["paid_on"], values["reference"])
    assert (refused.value.field, refused.value.code) == (field, code)
    assert counts() == before


def test_a_line_of_a_replaced_version_takes_no_payment(run, road_line, databases):
    run(budget.create_version, PLANNER, year=YEAR, version=budget.PERUBAHAN, now=NOW)
    with pytest.raises(PlanningValidationError) as refused:
        _pay(run, BINA_MARGA, road_line, 10)
    assert refused.value.code == "planning_line_not_current"
    with databases.session() as session:
        assert session.scalars(select(PlanningPayment)).all() == []
