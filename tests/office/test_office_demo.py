"""e-Office's demo (simulator/office.py) on both backends: nothing without staff; with an office in
the staff table, the first-run history and the live feed move letters through the real services,
and every change-log snapshot equals the tables' extract."""

from __future__ import annotations

from collections import Counter
from datetime import timedelta
from types import SimpleNamespace

from sqlalchemy import select

from core.changelog import ChangeLogEntry
from modules.office import workflow
from modules.office.extract import snapshots_by_entity
from modules.office.models import OfficeAttachment, OfficeLetter
from modules.office.sample import OFFICE, add_office
from office_setup import NOW
from simulator.office import LiveOfficeFeed, fill_demo_history


def services(databases, settings):
    return SimpleNamespace(databases=databases, settings=settings)


def test_without_staff_the_demo_does_nothing(databases, settings):
    assert fill_demo_history(services(databases, settings), now=NOW, days=2) is None
    assert LiveOfficeFeed(databases, settings, seed=1).run_once(NOW) == {}
    with databases.session() as session:
        assert session.scalars(select(OfficeLetter)).first() is None


def test_the_history_and_the_feed_move_letters_through_the_services(databases, settings):
    with databases.transaction() as session:
        add_office(session, "DISHUB", settings.office, NOW - timedelta(days=400), people=OFFICE)
    steps = fill_demo_history(services(databases, settings), now=NOW, days=6)
    assert steps and fill_demo_history(services(databases, settings), now=NOW) is None  # once only
    feed = LiveOfficeFeed(databases, settings, seed=7)
    done = Counter()
    for tick in range(6):
        done.update(feed.run_once(NOW + timedelta(hours=tick)))
    assert done["registered"] + done["drafted"] == 6
    with databases.session() as session:
        letters = list(session.scalars(select(OfficeLetter)))
        statuses = {letter.status for letter in letters}
        assert {letter.direction for letter in letters} == set(workflow.DIRECTIONS)
        assert len(statuses) >= 4, statuses  # letters at several steps of their ways
        assert session.scalars(select(OfficeAttachment)).first() is not None
        actors = set(session.scalars(select(ChangeLogEntry.actor).where(ChangeLogEntry.entity.like("office%"))))
    assert None not in actors and len(actors) >= 3
    with databases.engine.connect() as connection:
        extracted = snapshots_by_entity(connection)
        newest = {(entity, entity_id): payload for entity, entity_id, payload in connection.execute(
            select(ChangeLogEntry.entity, ChangeLogEntry.entity_id, ChangeLogEntry.payload)
            .where(ChangeLogEntry.entity.like("office%")).order_by(ChangeLogEntry.position))}
    assert extracted == newest
