"""Routing rules: the category's default OPD, a kecamatan rule beating it, no rule -> triage."""

import pytest
from complaints_helpers import ADMIN, BINA_MARGA, GENTENG, NOW, OPERATOR, OTHER_POINT
from sqlalchemy import select

from modules.complaints import AccessDenied, ComplaintValidationError, service
from modules.complaints.models import RoutingRule


def test_every_category_gets_its_default_opd_once(seeded):
    from modules.complaints.models import ComplaintCategory

    with seeded.transaction() as session:
        rules = service.list_routing_rules(session)
        defaults = {r.category_code: r.opd_code for r in rules if r.kecamatan_code is None}
        categories = {c.code: c.opd_code for c in session.scalars(select(ComplaintCategory))}
        assert service.seed_routing_rules(session) == 0  # seeding again adds nothing
    assert defaults == categories


def test_seeding_again_keeps_an_admin_edit(seeded):
    with seeded.transaction() as session:
        service.set_routing_rule(session, ADMIN, "PKL", "DISHUB")
        service.seed_routing_rules(session)
    with seeded.session() as session:
        rule = session.scalar(select(RoutingRule).where(RoutingRule.category_code == "PKL"))
    assert rule.opd_code == "DISHUB"


def test_a_kecamatan_rule_beats_the_category_default(seeded, file, load):
    with seeded.transaction() as session:
        service.set_routing_rule(session, ADMIN, "JALAN_RUSAK", "DPRKPP", kecamatan_code=GENTENG)
    assert load(file()).opd_code == "DPRKPP"  # the point is in Genteng
    assert load(file(lat=OTHER_POINT[0], lon=OTHER_POINT[1])).opd_code == "DSDABM"  # elsewhere: the default


def test_without_a_rule_a_complaint_waits_in_triage_until_an_operator_dispatches_it(seeded, file, load, act):
    with seeded.transaction() as session:
        rule = session.scalar(select(RoutingRule).where(RoutingRule.category_code == "JALAN_RUSAK"))
        service.delete_routing_rule(session, ADMIN, rule.id)
    complaint_id = file()
    complaint = load(complaint_id)
    assert (complaint.status, complaint.opd_code, complaint.dispatched_at) == ("received", None, None)
    with seeded.session() as session:
        assert [c.id for c in service.list_triage_queue(session, OPERATOR)] == [complaint_id]
    with pytest.raises(AccessDenied):  # an OPD does not see the triage queue's complaints
        act("dispatch", BINA_MARGA, complaint_id, "DSDABM", "")
    act("dispatch", OPERATOR, complaint_id, "DSDABM", "jalan: Bina Marga")
    assert load(complaint_id).status == "dispatched"
    with seeded.session() as session:
        assert service.list_triage_queue(session, OPERATOR) == []


def test_a_post_marked_for_screening_goes_to_triage_despite_a_rule(file, load):
    assert load(file(channel="instagram", triage=True)).opd_code is None


def test_only_an_admin_edits_rules_and_only_with_known_codes(seeded):
    with pytest.raises(AccessDenied, match="only admin"):
        with seeded.transaction() as session:
            service.set_routing_rule(session, OPERATOR, "PKL", "DISHUB")
    with pytest.raises(ComplaintValidationError) as refused:
        with seeded.transaction() as session:
            service.set_routing_rule(session, ADMIN, "PKL", "DINAS_UFO", kecamatan_code="999")
    assert [field for field, _ in refused.value.errors] == ["opd_code", "kecamatan_code"]


def test_rule_edits_are_in_the_change_log(seeded):
    from core.changelog import ChangeLogEntry

    with seeded.transaction() as session:
        rule = service.set_routing_rule(session, ADMIN, "PKL", "DISHUB", kecamatan_code=GENTENG, now=NOW)
    with seeded.session() as session:
        entry = session.scalars(select(ChangeLogEntry).order_by(ChangeLogEntry.position.desc())).first()
    assert (entry.entity, entry.entity_id, entry.operation) == ("complaint_routing_rule", str(rule.id), "set")
    assert entry.payload == {"category_code": "PKL", "kecamatan_code": GENTENG, "opd_code": "DISHUB"}
