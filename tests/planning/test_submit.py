"""Submitting a proposal: who and where, the dictionary, the volume, the ceiling, the round, the
photos, the number, and the repeat of an earlier year's proposal."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from planning_setup import (HEAD, HEAD_B, HEAD_RT, JPEG, KECAMATAN, KELURAHAN_A, KELURAHAN_B, LURAH, OTHER_HEAD, PERENCANA,
                      PNG, at, spot, viewer)
from core.changelog import ChangeLogEntry
from modules.planning import proposals
from modules.planning.errors import PlanningAccessDenied, PlanningValidationError
from modules.planning.models import PlanningProposal, PlanningProposalEvent, PlanningProposalPhoto


def _proposal(databases, number):
    with databases.session() as session:
        return session.scalars(select(PlanningProposal).where(PlanningProposal.number == number)).one()


def test_a_head_proposes_for_his_rw_with_the_cost_from_the_dictionary(databases, propose):
    number = propose(volume=12.5)
    found = _proposal(databases, number)
    assert number == "USL-2027-000001"
    assert (found.kelurahan_code, found.kecamatan_code, found.rw, found.rt) == (KELURAHAN_A, KECAMATAN, 1, None)
    assert (found.status, found.unit_cost_rupiah, found.estimated_cost_rupiah) == ("proposed", 185_000, 2_312_500)
    assert found.proposer == HEAD.username and found.year == 2027
    with databases.session() as session:
        event = session.scalars(select(PlanningProposalEvent)).one()
        photo = session.scalars(select(PlanningProposalPhoto)).one()
        log = session.scalars(select(ChangeLogEntry).where(ChangeLogEntry.entity == "planning_proposal")).one()
    assert (event.action, event.from_status, event.to_status, event.actor, event.actor_role) == \
        ("submitted", None, "proposed", HEAD.username, "rt_rw")
    assert (photo.content_type, photo.filename, photo.data) == ("image/png", "depan.png", PNG)
    assert log.entity_id == number and log.payload["estimated_cost_rupiah"] == 2_312_500
    assert "proposer" not in log.payload and "address" not in log.payload


def test_numbers_count_per_round_year(propose):
    assert [propose(), propose(volume=1)] == ["USL-2027-000001", "USL-2027-000002"]
    assert propose(now=at(1, 10, year=2028)) == "USL-2028-000001"


def test_an_rt_head_proposes_for_his_rt_only(databases, propose):
    assert _proposal(databases, propose(HEAD_RT)).rt == 3
    with pytest.raises(PlanningValidationError) as refused:
        propose(HEAD_RT, rt=4)
    assert (refused.value.field, refused.value.code) == ("rt", "planning_other_rt")
    assert _proposal(databases, propose(HEAD, rt=7)).rt == 7


@pytest.mark.parametrize("actor", [LURAH, PERENCANA, viewer("rt_rw", "no-rw", kelurahan_code=KELURAHAN_A)],
                         ids=["lurah", "perencana", "head-without-rw"])
def test_only_an_rt_rw_head_with_an_rw_proposes(propose, written, actor):
    before = written()
    with pytest.raises(PlanningAccessDenied):
        propose(actor, lat=spot(KELURAHAN_A)[0], lon=spot(KELURAHAN_A)[1])
    assert written() == before


def test_the_point_must_lie_in_the_heads_kelurahan(propose, written):
    before = written()
    lat, lon = spot(KELURAHAN_B)
    with pytest.raises(PlanningValidationError) as refused:
        propose(lat=lat, lon=lon)
    assert (refused.value.field, refused.value.code) == ("lat", "planning_outside_kelurahan")
    with pytest.raises(PlanningValidationError) as refused:
        propose(lat=-6.2, lon=106.8)  # Jakarta
    assert refused.value.code == "planning_outside_city"
    with pytest.raises(PlanningValidationError) as refused:
        propose(lon="east")
    assert (refused.value.field, refused.value.code) == ("lon", "planning_not_a_number")
    assert written() == before


@pytest.mark.parametrize("fields,field,code", [
    (dict(item_code="JEMBATAN-LAYANG"), "item_code", "planning_unknown_item"),
    (dict(item_code=None), "item_code", "planning_unknown_item"),
    (dict(volume=0), "volume", "planning_volume_range"),
    (dict(volume=-3), "volume", "planning_volume_range"),
    (dict(volume=1500.5), "volume", "planning_volume_range"),
    (dict(volume=float("nan")), "volume", "planning_not_a_number"),
    (dict(volume="100"), "volume", "planning_not_a_number"),
    (dict(title="  "), "title", "planning_required"),
    (dict(address="x" * 301), "address", "planning_text_too_long"),
    (dict(rt=0), "rt", "planning_rt_range"),
    (dict(photos=[("foto.jpg", b"GIF89a not a jpeg")]), "photos", "photo_not_image"),
    (dict(photos=[("kosong.png", b"")]), "photos", "photo_empty"),
    (dict(photos=[("x.png", PNG)] * 5), "photos", "planning_too_many_photos"),
], ids=lambda v: v if isinstance(v, str) else None)
def test_bad_input_is_refused_naming_the_field_and_nothing_is_written(propose, written, fields, field, code):
    before = written()
    with pytest.raises(PlanningValidationError) as refused:
        propose(**fields)
    assert (refused.value.field, refused.value.code) == (field, code)
    assert written() == before


def test_a_photo_too_large_is_refused(propose, settings):
    small = settings.override(planning={"max_photo_bytes": 20})
    with pytest.raises(PlanningValidationError) as refused:
        propose(rules=small, photos=[("besar.jpg", JPEG)])
    assert (refused.value.field, refused.value.code) == ("photos", "photo_too_large")


def test_jpeg_and_no_photo_at_all_are_accepted(databases, propose):
    propose(photos=[("C:\\Users\\rw\\foto.jpg", JPEG)])
    propose(photos=[])
    with databases.session() as session:
        assert [(p.filename, p.content_type) for p in session.scalars(select(PlanningProposalPhoto))] == \
            [("foto.jpg", "image/jpeg")]


@pytest.mark.parametrize("moment", [at(1, 1, hour=16), at(2, 15, hour=17), at(6, 1)],
                         ids=["before (1 Jan 23:00 city)", "after (16 Feb 00:00 city)", "June"])
def test_outside_the_rw_round_nothing_is_proposed(propose, written, moment):
    before = written()
    with pytest.raises(PlanningValidationError) as refused:
        propose(now=moment)
    assert (refused.value.field, refused.value.code) == ("round", "planning_round_closed")
    assert written() == before


def test_the_round_is_open_on_its_first_and_last_day_city_time(propose):
    propose(now=at(1, 1, hour=17))   # 2 Jan 00:00 city time
    propose(now=at(2, 15, hour=16))  # 15 Feb 23:00 city time


def test_the_ceiling_counts_the_rws_proposals_of_the_year_except_rejected(run, settings, propose, written):
    # PAVING-JALAN costs 185,000 a m2: 1,500 m2 is 277.5 juta; the ceiling is 300 juta
    first = propose(volume=1500)
    before = written()
    with pytest.raises(PlanningValidationError) as refused:
        propose(item_code="PJU-TIANG", volume=3)  # 29.4 juta more
    assert (refused.value.field, refused.value.code) == ("volume", "planning_over_ceiling")
    assert refused.value.params["total"] == 277_500_000 + 29_400_000
    assert refused.value.params["ceiling"] == 300_000_000
    assert "306,900,000" in str(refused.value)  # rupiah with thousands separators (core/messages.py)
    assert written() == before
    propose(item_code="PJU-TIANG", volume=2)           # 19.6 juta: 297.1 juta, within
    propose(OTHER_HEAD, item_code="PJU-TIANG", volume=3)  # another RW has its own ceiling
    propose(now=at(1, 10, year=2028), volume=1500)        # and another year
    run(proposals.decide, LURAH, settings, first, False, reason="over_ceiling", now=at(1, 20))
    propose(item_code="PAVING-JALAN", volume=1000)      # the rejected one counts no more


def test_a_proposal_exactly_at_the_ceiling_passes(propose):
    propose(item_code="MCK-UMUM", volume=2)       # 190 juta
    propose(item_code="RUMAH-KOMPOS", volume=1)   # 65 juta
    propose(item_code="PJU-LAMPU", volume=18.75)  # 45 juta: 300 juta, the ceiling
    with pytest.raises(PlanningValidationError):
        propose(item_code="PJU-LAMPU", volume=0.01)  # Rp 24,000 more


def test_an_earlier_years_proposal_of_the_same_item_nearby_is_flagged_not_refused(databases, propose):
    lat, lon = spot(KELURAHAN_A)
    earlier = propose(now=at(1, 10, year=2026))
    near = propose(lat=lat + 40 / 111_320)                                    # 40 m north: a repeat
    far = propose(lat=lat + 60 / 111_320, volume=1)                           # 60 m: not
    other_item = propose(item_code="PAVING-GANG", volume=10)                  # another item: not
    same_year = propose(now=at(1, 10, year=2026), volume=1)                   # the same year: not
    flags = {n: _proposal(databases, n).repeat_of for n in (near, far, other_item, same_year)}
    assert flags == {near: earlier, far: None, other_item: None, same_year: None}
    with databases.session() as session:
        log = session.scalars(select(ChangeLogEntry).where(ChangeLogEntry.entity_id == near)).one()
        event = session.scalars(select(PlanningProposalEvent)
                                .join(PlanningProposal, PlanningProposal.id == PlanningProposalEvent.proposal_id)
                                .where(PlanningProposal.number == near)).one()
    assert log.payload["repeat"] is True and event.data == {"repeat_of": earlier}


def test_heads_of_two_kelurahan_number_from_one_counter(propose):
    assert [propose(), propose(HEAD_B)] == ["USL-2027-000001", "USL-2027-000002"]


def test_an_inactive_item_is_not_in_the_dictionary(databases, propose):
    from modules.planning.models import PlanningItem

    with databases.transaction() as session:
        session.get(PlanningItem, "PAVING-GANG").active = False
    with pytest.raises(PlanningValidationError) as refused:
        propose(item_code="PAVING-GANG", volume=10)
    assert refused.value.code == "planning_unknown_item"
