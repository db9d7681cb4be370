"""SRIKANDI's counters against a hand-worked office (both backends): seven per person, and per OPD
the open letters by age and the overdue ones, as the viewer's scope allows.

The office at NOW (Monday 30 November 2026, 10:00 city time):
  A  incoming, registered 20 days ago, due 10 days ago; to the head, who read it and disposed it to
     traffic (read it, passed it to chief, who finished) and transport (unread)
  B  incoming, registered yesterday (due in 5 working days); to the head, unread
  C  incoming, 40 days ago; to the head and traffic; the head read and followed it up (done)
  O1 outgoing by analyst, verifiers chief then traffic, signer head; submitted 5 days ago
  O2 outgoing by chief, no verifiers, signer head; ready to sign; drafted 10 days ago, due 3 days ago
  O3 outgoing by chief, signed by traffic, numbered 2 days ago, not sent
  O4 outgoing by analyst, a draft of today
  D  DLH incoming, registered 35 days ago, due 5 working days later (overdue)
"""

from __future__ import annotations

from datetime import timedelta

import pytest

from core.users import Viewer
from modules.office import counters, dispositions, incoming, outgoing
from office_setup import NOW


def days_ago(days: float):
    return NOW - timedelta(days=days)


@pytest.fixture
def office(desk):
    a = desk.received(now=days_ago(20), letter_date=days_ago(21).date().isoformat(),
                      due_date=days_ago(10).date().isoformat())
    desk.run(incoming.read, desk.people["head"], a, now=days_ago(19))
    to_traffic, _to_transport = desk.dispose("head", a, ["traffic", "transport"], now=days_ago(19))
    desk.run(dispositions.read, desk.people["traffic"], to_traffic, now=days_ago(18))
    [to_chief] = desk.dispose("traffic", a, ["chief"], now=days_ago(18))
    desk.run(dispositions.finish, desk.people["chief"], to_chief, "Sudah", now=days_ago(17))
    desk.received(now=days_ago(1), letter_date=days_ago(2).date().isoformat())                       # B
    c = desk.received(to=("head", "traffic"), now=days_ago(40), letter_date=days_ago(41).date().isoformat())
    desk.run(incoming.read, desk.people["head"], c, now=days_ago(39))
    desk.run(incoming.follow_up, desk.people["head"], c, "Diketahui", now=days_ago(39))
    o1 = desk.draft(drafter="analyst", verifiers=("chief", "traffic"), now=days_ago(5))
    desk.run(outgoing.submit, desk.people["analyst"], o1, now=days_ago(5))
    o2 = desk.draft(drafter="chief", signer="head", verifiers=(), now=days_ago(10),
                    due_date=days_ago(3).date().isoformat())
    desk.run(outgoing.submit, desk.people["chief"], o2, now=days_ago(10))
    o3 = desk.draft(drafter="chief", signer="traffic", verifiers=(), now=days_ago(2))
    desk.run(outgoing.submit, desk.people["chief"], o3, now=days_ago(2))
    desk.run(outgoing.sign, desk.people["traffic"], o3, now=days_ago(2))
    desk.run(outgoing.number, desk.people["registrar"], o3, now=days_ago(2))
    desk.draft(drafter="analyst", verifiers=(), now=NOW)                                               # O4
    desk.register(actor="dlh_registrar", now=days_ago(35), letter_date=days_ago(36).date().isoformat())  # D
    return desk


ZERO = dict.fromkeys(counters.PERSON_COUNTERS, 0)
EXPECTED = {
    "head": ZERO | {"to_sign": 1, "unread_incoming": 1, "not_followed_up": 2},
    "traffic": ZERO | {"dispositions_not_followed_up": 1},
    "transport": ZERO | {"unread_dispositions": 1, "dispositions_not_followed_up": 1},
    "chief": ZERO | {"to_verify": 1, "to_send": 1},
    "analyst": ZERO, "registrar": ZERO, "dlh_head": ZERO,
}


@pytest.mark.parametrize("person", list(EXPECTED))
def test_each_persons_seven_counters(office, person):
    with office.databases.session() as session:
        assert counters.person_counters(session, office.id(person)) == EXPECTED[person]


def test_the_next_verifiers_counter_moves_along_the_order(office):
    o1 = next(e.payload["id"] for e in office.log() if e.payload["status"] == "in_review")
    office.run(outgoing.initial, office.people["chief"], o1, now=NOW)
    with office.databases.session() as session:
        assert counters.person_counters(session, office.id("chief"))["to_verify"] == 0
        assert counters.person_counters(session, office.id("traffic"))["to_verify"] == 1


def ageing(**found) -> dict:
    return {label: found.get(label, 0) for label, _below in counters.AGEING}


DISHUB_ROWS = [
    {"opd_code": "DISHUB", "direction": "incoming", "open": 2, "overdue": 1,
     "ageing": ageing(**{"0-2": 1, "14-29": 1})},
    {"opd_code": "DISHUB", "direction": "outgoing", "open": 4, "overdue": 1,
     "ageing": ageing(**{"0-2": 2, "3-6": 1, "7-13": 1})},
]
DLH_ROWS = [{"opd_code": "DLH", "direction": "incoming", "open": 1, "overdue": 1, "ageing": ageing(**{"30+": 1})}]


@pytest.mark.parametrize("viewer, expected", [
    (Viewer(user_id="p", username="pimpinan", role="pimpinan"), DISHUB_ROWS + DLH_ROWS),
    (Viewer(user_id="o", username="dishub", role="opd", opd_code="DISHUB"), DISHUB_ROWS),
    (Viewer(user_id="d", username="dlh", role="opd", opd_code="DLH"), DLH_ROWS),
    (Viewer(user_id="l", username="lurah", role="lurah", kelurahan_code="35.78.07.1004"), []),
], ids=["city", "dishub", "dlh", "lurah"])
def test_the_opds_open_letters_by_age_and_overdue_as_the_scope_allows(office, viewer, expected):
    with office.databases.session() as session:
        assert counters.opd_counters(session, viewer, now=NOW) == expected
