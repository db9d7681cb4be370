"""The RT / RW a citizen names: stored with the complaint and its change-log snapshot, checked
against the kelurahan's RT units in the reference (Ketabang: RW 1-7, RW 01 with RT 1-5), every
bad value refused naming its field with nothing written. SQLite and PostgreSQL."""

import pytest
from complaints_helpers import intake
from sqlalchemy import select

from core.changelog import ChangeLogEntry
from modules.complaints import ComplaintValidationError, service
from modules.complaints.snapshot import SNAPSHOT_VERSION


def test_the_rt_and_rw_are_stored_and_in_the_snapshot(file, load, seeded):
    complaint_id = file(rw="01", rt=" 2 ")  # as a form sends them
    complaint = load(complaint_id)
    assert (complaint.kelurahan_code, complaint.rw, complaint.rt) == ("35.78.07.1004", 1, 2)
    with seeded.session() as session:
        changes = session.scalars(select(ChangeLogEntry).where(ChangeLogEntry.entity == "complaint",
                                                               ChangeLogEntry.entity_id == str(complaint_id))).all()
    assert changes and all((c.payload["rw"], c.payload["rt"]) == (1, 2) for c in changes)
    assert {c.schema_version for c in changes} == {SNAPSHOT_VERSION} == {2}


def test_without_rt_and_rw_both_stay_empty(file, load):
    complaint = load(file(rw=None, rt=""))
    assert (complaint.rw, complaint.rt) == (None, None)


def test_an_rw_without_an_rt_is_kept(file, load):
    complaint = load(file(rw=6))
    assert (complaint.rw, complaint.rt) == (6, None)


@pytest.mark.parametrize("changes, field, code", [
    (dict(rw=0), "rw", "unit_out_of_range"),
    (dict(rw=100), "rw", "unit_out_of_range"),
    (dict(rw=1, rt=1000), "rt", "unit_out_of_range"),
    (dict(rw="satu"), "rw", "not_whole_number"),
    (dict(rw="1.5"), "rw", "not_whole_number"),
    (dict(rw=True), "rw", "not_whole_number"),
    (dict(rt=3), "rt", "rt_without_rw"),
    (dict(rw=13), "rw", "unknown_rw"),  # no kelurahan has more than 12 RW (core.reference.demo_rt_units)
    (dict(rw=1, rt=12), "rt", "unknown_rt"),  # nor an RW more than 11 RT
    (dict(lat=None, lon=None, rw=1), "rw", "rw_without_kelurahan"),  # an address alone places no RW
], ids=["rw-0", "rw-100", "rt-1000", "rw-word", "rw-fraction", "rw-bool", "rt-alone", "rw-unknown",
        "rt-unknown", "no-kelurahan"])
def test_a_bad_rt_or_rw_is_refused_naming_its_field(seeded, settings, counts, changes, field, code):
    before = counts()
    with pytest.raises(ComplaintValidationError) as refused:
        with seeded.transaction() as session:
            service.submit_complaint(session, intake(**changes), settings)
    assert [(f, why.code) for f, why in refused.value.errors] == [(field, code)]
    assert counts() == before
