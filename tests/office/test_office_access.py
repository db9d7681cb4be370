"""Who reads a letter (both backends): the people named on it and its OPD's registrars; a rahasia
letter the people named on it only; an account's scope decides whether a registrar unit counts; a
user acts through his staff record. The one-letter check and the list's SQL agree."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from core.users import Viewer, create_user, viewer_of
from modules.office import access, dispositions, reads
from modules.office.access import actor_for, actor_of
from modules.office.errors import OfficeAccessDenied
from modules.office.models import OfficeLetter
from modules.staff.models import Staff
from office_setup import NOW


def readers(desk, letter_id: int) -> set[str]:
    """Who may read it, by the one-letter check; the list (SQL) must agree."""
    found = set()
    with desk.databases.session() as session:
        letter = session.get(OfficeLetter, letter_id)
        for key, actor in desk.people.items():
            one = access.may_read(session, actor, letter)
            listed = letter_id in session.scalars(select(OfficeLetter.id).where(access.readable(actor))).all()
            assert one == listed, key
            if one:
                found.add(key)
    return found


def test_a_letter_is_read_by_its_opds_registrars_and_the_people_named_on_it(desk):
    letter_id = desk.received()
    assert readers(desk, letter_id) == {"registrar", "secretary", "head"}
    desk.dispose("head", letter_id, ["traffic"])
    desk.dispose("traffic", letter_id, ["chief"])
    assert readers(desk, letter_id) == {"registrar", "secretary", "head", "traffic", "chief"}


def test_a_rahasia_letter_only_by_the_people_named_on_it(desk):
    letter_id = desk.received(security="rahasia")
    assert readers(desk, letter_id) == {"registrar", "head"}  # not the other registrar of Dishub
    [order] = desk.dispose("head", letter_id, ["traffic"])
    assert readers(desk, letter_id) == {"registrar", "head", "traffic"}
    desk.run(dispositions.withdraw, desk.people["head"], order, now=NOW)
    assert readers(desk, letter_id) == {"registrar", "head"}  # withdrawn unread: he no longer sees it


def test_a_draft_is_read_by_its_drafter_verifiers_signer_and_registrars(desk):
    letter_id = desk.draft(drafter="analyst", verifiers=("chief",), signer="traffic")
    assert readers(desk, letter_id) == {"analyst", "chief", "traffic", "registrar", "secretary"}
    secret = desk.draft(drafter="analyst", verifiers=("chief",), signer="traffic", security="rahasia")
    assert readers(desk, secret) == {"analyst", "chief", "traffic"}


def test_reading_a_letter_one_may_not_is_refused(desk):
    letter_id = desk.received()
    with desk.databases.session() as session:
        letter = session.get(OfficeLetter, letter_id)
        with pytest.raises(OfficeAccessDenied) as raised:
            access.require_read(session, desk.people["dlh_registrar"], letter)
    assert (raised.value.field, raised.value.code) == ("letter_id", "office_may_not_read")


@pytest.mark.parametrize("viewer, registrar", [
    (Viewer(user_id="1", username="a", role="opd", opd_code="DISHUB"), True),
    (Viewer(user_id="1", username="a", role="opd", opd_code="DLH"), False),               # another OPD's account
    (Viewer(user_id="1", username="a", role="opd", opd_code="DISHUB", city_wide=True), False),  # city-wide view
    (Viewer(user_id="1", username="a", role="pimpinan"), False),
    (Viewer(user_id="1", username="a", role="lurah", kelurahan_code="35.78.07.1004"), False),
])
def test_a_registrar_unit_counts_only_through_an_account_scoped_to_its_opd(desk, viewer, registrar):
    with desk.databases.session() as session:
        actor = actor_of(session.get(Staff, desk.id("registrar")), viewer, desk.settings.office)
    assert (actor.registrar_opd == "DISHUB") is registrar


def test_the_registrar_units_and_positions_are_settings_compared_without_case(desk):
    section = desk.settings.override(office={"registrar_units": ["bidang lalu lintas"],
                                             "registrar_positions": ["pengemudi"]}).office
    viewer = Viewer(user_id="1", username="a", role="opd", opd_code="DISHUB")
    with desk.databases.session() as session:
        found = {key for key in ("traffic", "chief", "driver", "registrar", "transport")
                 if actor_of(session.get(Staff, desk.id(key)), viewer, section).registrar_opd == "DISHUB"}
    assert found == {"traffic", "chief", "driver"}  # two by their unit, one by his position


def test_a_user_acts_through_his_active_staff_record(desk):
    with desk.databases.transaction() as session:
        linked = create_user(session, "kabid-lalin", "password-123", "opd", opd_code="DISHUB")
        unlinked = create_user(session, "operator-1", "password-123", "operator")
        session.get(Staff, desk.id("traffic")).user_id = linked.id
        viewers = viewer_of(linked), viewer_of(unlinked)
    with desk.databases.session() as session:
        actor = actor_for(session, viewers[0], desk.settings.office)
        assert (actor.staff_id, actor.opd_code, actor.username) == (desk.id("traffic"), "DISHUB", "kabid-lalin")
        for viewer in (viewers[1], Viewer(user_id="kiosk:1", username="kiosk", role="wall")):
            with pytest.raises(OfficeAccessDenied) as raised:
                actor_for(session, viewer, desk.settings.office)
            assert (raised.value.field, raised.value.code) == ("actor", "office_no_staff")
    with desk.databases.transaction() as session:
        session.get(Staff, desk.id("traffic")).active = False
    with desk.databases.session() as session, pytest.raises(OfficeAccessDenied):
        actor_for(session, viewers[0], desk.settings.office)


def test_the_list_shows_what_the_reader_may_read_newest_first(desk):
    first, second = desk.received(), desk.received(security="rahasia")
    draft = desk.draft(drafter="analyst", verifiers=(), signer="traffic")
    with desk.databases.session() as session:
        assert [v["id"] for v in reads.list_letters(session, desk.people["secretary"])] == [draft, first]
        assert [v["id"] for v in reads.list_letters(session, desk.people["head"], direction="incoming")] == [
            second, first]
        assert reads.list_letters(session, desk.people["driver"]) == []
