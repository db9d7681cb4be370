"""Role scoping in the service layer: who sees and who acts on which complaint."""

import pytest
from complaints_helpers import (ADMIN, BINA_MARGA, CAMAT_GENTENG, CAMAT_OTHER, DLH, DLH_CITY_WIDE, LURAH_OTHER, NOW,
                                OPERATOR, OTHER_POINT, PIMPINAN, RT_RW, WALL, viewer)

from modules.complaints import AccessDenied, service


@pytest.fixture
def road(file):
    """A road complaint in Genteng, with Bina Marga (DSDABM)."""
    return file()


def see(databases, actor, complaint_id):
    with databases.session() as session:
        return service.get_complaint(session, actor, complaint_id)


def test_an_opd_sees_and_acts_on_its_own_complaints(seeded, act, road):
    assert see(seeded, BINA_MARGA, road).reporter_contact == "081234567890"  # staff see the contact
    assert act("respond", BINA_MARGA, road, "").status == "responded"


def test_an_opd_neither_sees_nor_acts_on_another_opds_complaint(seeded, act, road, counts):
    before = counts()
    with pytest.raises(AccessDenied, match="not a complaint of DLH"):
        see(seeded, DLH, road)
    with pytest.raises(AccessDenied):
        act("respond", DLH, road, "")
    assert counts() == before


def test_a_city_wide_opd_user_sees_everything_but_acts_only_on_his_own(seeded, act, road):
    assert see(seeded, DLH_CITY_WIDE, road).id == road
    with pytest.raises(AccessDenied, match="only the OPD in charge"):
        act("respond", DLH_CITY_WIDE, road, "")


def test_pimpinan_reads_all_but_cannot_act(seeded, act, road, counts):
    assert see(seeded, PIMPINAN, road).id == road
    before = counts()
    with pytest.raises(AccessDenied, match="may read complaints but not act"):
        act("respond", PIMPINAN, road, "")
    assert counts() == before


@pytest.mark.parametrize("actor", [OPERATOR, ADMIN])
def test_operator_and_admin_act_on_any_complaint(act, road, actor):
    assert act("reject", actor, road, "spam", "iklan").status == "rejected"


def test_a_camat_sees_only_his_kecamatan_and_acts_on_nothing(seeded, act, file, road):
    elsewhere = file(lat=OTHER_POINT[0], lon=OTHER_POINT[1])
    assert see(seeded, CAMAT_GENTENG, road).id == road
    with pytest.raises(AccessDenied, match="outside kecamatan"):
        see(seeded, CAMAT_GENTENG, elsewhere)
    assert see(seeded, CAMAT_OTHER, elsewhere).id == elsewhere
    with pytest.raises(AccessDenied):
        act("respond", CAMAT_GENTENG, road, "")
    with seeded.session() as session:
        assert [c.id for c in service.list_queue(session, CAMAT_GENTENG)] == [road]


def test_a_lurah_sees_only_his_kelurahan(seeded, file, road):
    elsewhere = file(lat=OTHER_POINT[0], lon=OTHER_POINT[1])
    assert see(seeded, LURAH_OTHER, elsewhere).id == elsewhere
    with pytest.raises(AccessDenied, match="outside kelurahan"):
        see(seeded, LURAH_OTHER, road)


@pytest.mark.parametrize("actor", [RT_RW, WALL, viewer("opd")])  # the last: an OPD user without an OPD
def test_other_roles_see_nothing(seeded, road, actor):
    with pytest.raises(AccessDenied):
        see(seeded, actor, road)
    if actor.role != "opd":
        with pytest.raises(AccessDenied), seeded.session() as session:
            service.list_queue(session, actor)


def test_the_queue_shows_an_opd_its_own_complaints_nearest_deadline_first(seeded, file, act):
    from datetime import timedelta

    late = file(now=NOW - timedelta(minutes=50))
    fresh = file(lat=-7.30, lon=112.70)
    answered = file(lat=-7.26, lon=112.70, now=NOW - timedelta(minutes=55))
    act("respond", BINA_MARGA, answered, "")  # its next deadline is the feedback, tomorrow
    file(category_code="SAMPAH", lat=-7.27, lon=112.71)  # DLH's
    with seeded.session() as session:
        queue = [c.id for c in service.list_queue(session, BINA_MARGA)]
        everything = {c.opd_code for c in service.list_queue(session, OPERATOR)}
        only_dlh = {c.opd_code for c in service.list_queue(session, OPERATOR, opd_code="DLH")}
    assert queue == [late, fresh, answered]
    assert everything == {"DSDABM", "DLH"} and only_dlh == {"DLH"}
