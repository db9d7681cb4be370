"""The reporter's consent to show his photos on the wall, on SQLite and PostgreSQL: stored through
the service with its change-log row, false unless given, refused when it is no yes/no; the photos a
wall display may show (data/complaint_photos.py) and fetch (service.complaint_photo)."""

from datetime import timedelta

import pytest
from complaints_helpers import NOW, OPERATOR, OTHER_POINT, PNG, WALL, intake, viewer
from sqlalchemy import select

from core.changelog import ChangeLogEntry
from core.services import Services
from data.complaint_photos import wall_photos
from modules.complaints import ComplaintValidationError, service
from modules.complaints.errors import AccessDenied
from modules.complaints.models import ComplaintPhoto

PHOTO = [("lubang.png", "image/png", PNG)]
LURAH_GENTENG = viewer("lurah", kelurahan_code="35.78.07.1004")


def photo_of(databases, complaint_id: int) -> int:
    with databases.session() as session:
        return session.scalar(select(ComplaintPhoto.id).where(ComplaintPhoto.complaint_id == complaint_id))


@pytest.mark.parametrize("given,stored", [
    pytest.param(None, False, id="absent"), pytest.param(False, False, id="false"),
    pytest.param(True, True, id="true"), pytest.param("true", True, id="text-true"),
    pytest.param("on", True, id="checkbox-on"), pytest.param("0", False, id="text-0"),
])
def test_consent_is_stored_as_given_and_defaults_to_false(file, load, given, stored):
    changes = {} if given is None else {"photo_display_consent": given}
    assert load(file(photos=PHOTO, **changes)).photo_display_consent is stored


def test_consent_without_a_photo_is_not_kept(file, load):
    assert load(file(photo_display_consent=True)).photo_display_consent is False


@pytest.mark.parametrize("value", ["ya", "2", 1, ["true"]])
def test_a_consent_that_is_no_yes_or_no_is_refused_naming_the_field_and_nothing_is_written(
        seeded, settings, counts, value):
    before = counts()
    with pytest.raises(ComplaintValidationError) as refused, seeded.transaction() as session:
        service.submit_complaint(session, intake(photos=PHOTO, photo_display_consent=value), settings, now=NOW)
    assert [field for field, _ in refused.value.errors] == ["photo_display_consent"]
    assert counts() == before


def test_the_consented_complaint_writes_its_change_log_row_in_the_same_transaction(file, seeded):
    complaint_id = file(photos=PHOTO, photo_display_consent=True)
    with seeded.session() as session:
        rows = session.scalars(select(ChangeLogEntry).where(ChangeLogEntry.entity_id == str(complaint_id))).all()
    assert rows and "reporter_name" not in rows[-1].payload  # the snapshot stays free of personal data


# --- what a wall display may show and fetch ------------------------------------------------------

def test_a_wall_fetches_only_a_consented_photo_and_staff_fetch_as_before(file, seeded):
    allowed = photo_of(seeded, file(photos=PHOTO, photo_display_consent=True))
    private = photo_of(seeded, file(photos=PHOTO))
    with seeded.session() as session:
        assert service.complaint_photo(session, WALL, allowed).id == allowed
        with pytest.raises(AccessDenied):
            service.complaint_photo(session, WALL, private)
        assert service.complaint_photo(session, OPERATOR, private).id == private
        with pytest.raises(AccessDenied):  # scope still binds staff, consent or not
            service.complaint_photo(session, viewer("lurah", kelurahan_code="35.78.13.1003"), allowed)


def test_a_rejected_complaint_shows_no_photo_on_the_wall(file, act, seeded):
    complaint_id = file(photos=PHOTO, photo_display_consent=True)
    act("reject", OPERATOR, complaint_id, "spam", "iklan")
    with seeded.session() as session, pytest.raises(AccessDenied):
        service.complaint_photo(session, WALL, photo_of(seeded, complaint_id))


@pytest.fixture
def services(settings, seeded):
    return Services(settings, seeded, None)


def test_the_wall_lists_only_consented_photos_of_new_complaints_newest_first(file, seeded, services):
    older = file(now=NOW - timedelta(hours=2), received_at=NOW - timedelta(hours=2), photos=PHOTO * 2,
                 photo_display_consent=True)
    file(photos=PHOTO)  # no consent
    file(photo_display_consent=True)  # consent, but no photo
    file(now=NOW - timedelta(hours=60), received_at=NOW - timedelta(hours=60), photos=PHOTO,
         photo_display_consent=True)  # too old to be new
    newest = file(photos=PHOTO, photo_display_consent=True, lat=OTHER_POINT[0], lon=OTHER_POINT[1])

    shown = wall_photos(services, WALL, hours=48, limit=4, now=NOW)
    assert [row["photo_id"] for row in shown] == [photo_of(seeded, newest), photo_of(seeded, older)]
    assert set(shown[0]) == {"photo_id", "ticket", "category_code", "kelurahan_code", "received_at"}
    assert wall_photos(services, WALL, hours=48, limit=1, now=NOW)[0]["photo_id"] == photo_of(seeded, newest)
    # a role that does not see the wall gets nothing, whatever its scope
    assert wall_photos(services, LURAH_GENTENG, hours=48, limit=4, now=NOW) == []
    assert wall_photos(services, viewer("opd", opd_code="DLH"), hours=48, limit=4, now=NOW) == []
