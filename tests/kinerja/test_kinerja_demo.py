"""e-Kinerja's demo through the real service: nothing while the staff registry is empty; with the
registry's demo and the demo users, a history of submitted, approved and returned lines of the
demo teams, written once; and a live tick that reports and decides."""

from __future__ import annotations

from datetime import date, timedelta

from kinerja_helpers import at
from sqlalchemy import func, select

from core.demo import ensure_demo_users
from core.services import Services
from modules.kinerja import access
from modules.kinerja.models import KinerjaActivity
from modules.staff.models import Staff
from simulator.kinerja import LiveKinerjaFeed, fill_demo_history

MONDAY = date(2026, 11, 30)


def counted(databases, model) -> int:
    with databases.session() as session:
        return session.scalar(select(func.count()).select_from(model))


def test_the_live_feed_does_nothing_while_the_registry_is_empty(databases, settings):
    assert LiveKinerjaFeed(databases, settings, seed=1).run_once(at(MONDAY, 11)) == {}
    assert counted(databases, KinerjaActivity) == 0


def test_the_demo_history_is_written_once_for_the_demo_teams_and_the_feed_goes_on(databases, settings):
    with databases.transaction() as session:
        ensure_demo_users(session)
    services = Services(settings, databases, None)
    written = fill_demo_history(services, now=at(MONDAY, 7), days=7)
    assert written and counted(databases, KinerjaActivity) == written
    assert fill_demo_history(services, now=at(MONDAY, 7), days=7) is None  # once only
    with databases.session() as session:
        states = dict(session.execute(select(KinerjaActivity.status, func.count())
                                      .group_by(KinerjaActivity.status)).all())
        people = set(session.scalars(select(KinerjaActivity.staff_id).distinct()))
        with_users = set(session.scalars(select(Staff.id).where(Staff.user_id.is_not(None))))
        approvers = {access.approver_of(session, person) for person in people}
    assert {"approved", "submitted"} <= set(states) and states.get("draft", 0) == 0
    assert people <= with_users and len(people) >= 3
    assert approvers - {None} <= with_users  # every line can be decided by someone who signs in
    feed = LiveKinerjaFeed(databases, settings, seed=3)
    done = {}
    for minute in range(0, 240, 30):
        for what, count in feed.run_once(at(MONDAY, 9) + timedelta(minutes=minute)).items():
            done[what] = done.get(what, 0) + count
    assert done.get("reported", 0) >= 1 and done.get("approved", 0) + done.get("returned", 0) >= 1
