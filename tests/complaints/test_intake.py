"""Filing a complaint: what is stored, and every kind of bad input refused with nothing written."""

import re

import pytest
from complaints_helpers import GENTENG, NOW, OPERATOR, PNG, intake
from sqlalchemy import select

from modules.complaints import ComplaintValidationError, service
from modules.complaints.models import Complaint, ComplaintHistory, ComplaintPhoto

JPEG = b"\xff\xd8\xff\xe0" + b"\x00" * 64


def test_a_complaint_is_stored_located_routed_and_given_a_ticket(file, load, seeded):
    complaint_id = file(photos=[("C:\\foto\\lubang.jpg", "image/png", JPEG)])
    complaint = load(complaint_id)
    assert re.fullmatch(r"ADU-2611-\d{6}", complaint.ticket)
    assert (complaint.kecamatan_code, complaint.kelurahan_code) == (GENTENG, "35.78.07.1004")  # Ketabang
    assert (complaint.status, complaint.opd_code) == ("dispatched", "DSDABM")
    assert complaint.received_at == NOW and complaint.dispatched_at == NOW
    assert complaint.reporter_contact == "081234567890"
    with seeded.session() as session:
        photo = session.scalar(select(ComplaintPhoto).where(ComplaintPhoto.complaint_id == complaint_id))
        steps = session.scalars(select(ComplaintHistory).where(ComplaintHistory.complaint_id == complaint_id)
                                .order_by(ComplaintHistory.id)).all()
    # The type is what the bytes say, not what the browser claimed; the path is dropped.
    assert (photo.filename, photo.content_type, photo.size_bytes, photo.data) == (
        "lubang.jpg", "image/jpeg", len(JPEG), JPEG)
    assert [(s.action, s.from_status, s.to_status, s.actor) for s in steps] == [
        ("submitted", None, "received", "citizen"), ("dispatched", "received", "dispatched", "system:routing")]


def test_tickets_count_up_within_a_month_of_surabaya_time(file, load):
    first, second = load(file()).ticket, load(file(lat=-7.30, lon=112.70)).ticket
    assert int(second[-6:]) == int(first[-6:]) + 1
    # 17:30 UTC on 30 November is already 1 December in Surabaya.
    december = load(file(received_at=NOW.replace(day=30, hour=17, minute=30), now=NOW.replace(month=12, day=2)))
    assert december.ticket == "ADU-2612-000001"


def test_a_complaint_taken_by_phone_keeps_the_operator_and_the_time_of_the_call(file, load, seeded):
    complaint_id = file(channel="phone", actor=OPERATOR, received_at=NOW.replace(hour=1, minute=40))
    with seeded.session() as session:
        submitted = session.scalars(select(ComplaintHistory)
                                    .where(ComplaintHistory.complaint_id == complaint_id)).first()
    assert submitted.actor == OPERATOR.username and submitted.at == NOW.replace(hour=1, minute=40)
    assert load(complaint_id).first_response_due_at == NOW.replace(hour=2, minute=40)


def test_an_address_without_a_point_is_enough(file, load):
    complaint = load(file(lat=None, lon=None, address="Jl. Kenjeran 100"))
    assert complaint.kecamatan_code is None and complaint.lat is None
    assert complaint.opd_code == "DSDABM"  # routed by the category's rule


def test_text_is_stored_exactly_as_given(file, load):
    text = "<script>alert('x')</script> & \"jalan\"  rusak\n"
    assert load(file(description=text)).description == text


def test_a_description_of_exactly_4000_characters_is_accepted(file, load):
    assert len(load(file(description="a" * 4000)).description) == 4000


BAD_INPUT = [
    pytest.param(dict(lat=95.0), "lat", id="latitude-out-of-range"),
    pytest.param(dict(lon="timur"), "lon", id="longitude-not-a-number"),
    pytest.param(dict(lat=float("nan")), "lat", id="latitude-nan"),
    pytest.param(dict(lon=None), "lon", id="latitude-without-longitude"),
    pytest.param(dict(lat=-7.0, lon=112.0), "location", id="point-outside-the-city"),
    pytest.param(dict(category_code="UFO"), "category_code", id="unknown-category"),
    pytest.param(dict(channel="fax"), "channel", id="unknown-channel"),
    pytest.param(dict(description="   \n"), "description", id="empty-description"),
    pytest.param(dict(description="a" * 4001), "description", id="description-too-long"),
    pytest.param(dict(photos=[("cv.pdf", "image/jpeg", b"%PDF-1.7 ...")]), "photos", id="not-an-image"),
    pytest.param(dict(photos=[("big.png", "image/png", PNG + b"\x00" * 2000)]), "photos", id="photo-too-big"),
    pytest.param(dict(photos=[("a.png", "image/png", PNG)] * 6), "photos", id="too-many-photos"),
    pytest.param(dict(lat=None, lon=None, address=None), "location", id="no-point-and-no-address"),
    pytest.param(dict(lat=None, lon=None, address="  "), "location", id="blank-address"),
    pytest.param(dict(received_at=NOW.replace(hour=5)), "received_at", id="received-in-the-future"),
    pytest.param(dict(reporter_contact="0" * 201), "reporter_contact", id="contact-too-long"),
]


@pytest.mark.parametrize("changes,field", BAD_INPUT)
def test_bad_input_names_the_field_and_writes_nothing(seeded, settings, counts, changes, field):
    settings = settings.override(complaints={"max_photo_bytes": 1000})
    before = counts()
    with pytest.raises(ComplaintValidationError) as refused:
        with seeded.transaction() as session:
            service.submit_complaint(session, intake(**changes), settings, now=NOW)
    assert refused.value.field == field
    assert refused.value.reason
    assert counts() == before


def test_every_problem_is_reported_at_once(seeded, settings, counts):
    before = counts()
    with pytest.raises(ComplaintValidationError) as refused:
        with seeded.transaction() as session:
            service.submit_complaint(session, intake(channel="fax", description="", lat=None, lon=None, address=None),
                                     settings, now=NOW)
    assert [field for field, _ in refused.value.errors] == ["channel", "description", "location"]
    assert counts() == before


def test_an_inactive_category_is_refused(seeded, settings):
    from modules.complaints.models import ComplaintCategory

    with seeded.transaction() as session:
        session.get(ComplaintCategory, "PKL").active = False
    with pytest.raises(ComplaintValidationError) as refused:
        with seeded.transaction() as session:
            service.submit_complaint(session, intake(category_code="PKL"), settings, now=NOW)
    assert refused.value.field == "category_code"
    with seeded.session() as session:
        assert session.scalars(select(Complaint)).all() == []
