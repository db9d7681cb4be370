"""Sipandu's city seeder (simulator/sipandu_city.py) at a small count on both backends, the demo
history on the first start, and the live feed through the service (simulator/sipandu.py)."""

from __future__ import annotations

from collections import Counter
from itertools import islice
from datetime import datetime, timedelta, timezone

from sqlalchemy import case, func, select

from core.changelog import ChangeLogEntry
from core.services import Services
from core.users import Viewer
from etl.runner import EtlRunner
from modules.sipandu import newcomers, reads, workflow
from modules.sipandu.extract import snapshots_by_entity
from modules.sipandu.keys import keys_for
from modules.sipandu.models import SipanduDeletion, SipanduKos, SipanduNewcomer, SipanduResident
from modules.sipandu.sample import arrival_form
from simulator.sipandu import LiveSipanduFeed, fill_demo_history
from simulator.sipandu_city import city_seed

NOW = datetime(2026, 12, 3, 3, 0, tzinfo=timezone.utc)


def latest_payloads(databases) -> dict:
    with databases.engine.connect() as connection:
        return {(entity, entity_id): payload for entity, entity_id, payload in connection.execute(
            select(ChangeLogEntry.entity, ChangeLogEntry.entity_id, ChangeLogEntry.payload)
            .where(ChangeLogEntry.entity.like("sipandu%")).order_by(ChangeLogEntry.position))}


def test_the_city_seed_writes_what_the_service_would_and_the_service_goes_on(databases, settings):
    written = city_seed(databases, settings, count=600, years=2, residents=900, now=NOW, progress=False)
    assert 500 <= written <= 600
    assert city_seed(databases, settings, count=600, years=2, now=NOW, progress=False) == 0  # once only
    latest = latest_payloads(databases)
    with databases.engine.connect() as connection:
        tables = snapshots_by_entity(connection)
    assert [key for key in tables if latest[key] != tables[key]] == []
    with databases.session() as session:
        deleted = {("sipandu_newcomer", str(i)) for i in session.scalars(select(SipanduDeletion.entity_id))}
        statuses = Counter(session.scalars(select(SipanduNewcomer.status)))
        residents = session.scalar(select(func.count()).select_from(SipanduResident))
        in_time = session.scalar(select(func.avg(case((SipanduNewcomer.reported_in_time, 1.0), else_=0.0))))
        resident = session.scalars(select(SipanduResident).limit(1)).one()
        session.expunge(resident)
    assert set(latest) - set(tables) == deleted and deleted  # the retention's deletions, logged
    assert set(statuses) == set(workflow.STATUSES) and residents == 900
    assert 0.65 < float(in_time) < 0.9  # most within the 24 hours, not all

    keys = keys_for(settings)
    lurah = Viewer(user_id="l", username="l", role="lurah", kelurahan_code=resident.kelurahan_code)
    with databases.session() as session:
        found = reads.find_by_nik(session, lurah, keys.decrypt(resident.nik_cipher, "nik"), keys)["residents"]
    assert [r["id"] for r in found] == [resident.id]

    head = Viewer(user_id="h", username="h", role="rt_rw", kelurahan_code=resident.kelurahan_code, rw=resident.rw,
                  rt=resident.rt)
    form = arrival_form(9, resident.kelurahan_code, resident.rw, resident.rt, NOW - timedelta(hours=2))
    with databases.transaction() as session:  # the ids after the bulk's are free (PostgreSQL's sequence moved on)
        record = newcomers.record_arrival(session, head, form, keys, settings.sipandu, now=NOW)
        assert record.id > written

    summary = EtlRunner(databases).run_once()
    assert summary.written > 0 and summary.rejected == 0


def test_the_city_seed_draws_the_residents_chunk_by_chunk(databases, settings, monkeypatch):
    import simulator.sipandu_city as city

    monkeypatch.setattr(city, "CHUNK", 64)  # 301 residents: four whole chunks and a short one
    city_seed(databases, settings, count=50, years=1, residents=301, now=NOW, progress=False)
    with databases.session() as session:
        niks = session.scalars(select(SipanduResident.nik_index)).all()
    assert len(niks) == 301 and len(set(niks)) == 301  # none lost, none twice, every NIK its own


def test_the_city_seed_holds_no_resident_before_it_is_written(databases, settings):
    import random

    from simulator.sipandu_city import SipanduHistory, load_rts

    with databases.session() as session:
        rts = load_rts(session)
    history = SipanduHistory(rts, settings, NOW, 1, random.Random(5))
    history.draw(20, 1_000_000)
    assert history.resident_count == 1_000_000  # what draw() keeps of them: a count and a seed
    drawn_before = sum(history.serials.values())  # every resident and household head takes a NIK serial
    assert drawn_before <= 20  # the newcomers' NIKs only
    residents = history._residents(history.resident_count, random.Random(history.resident_seed))
    first = list(islice(residents, 64))
    assert len(first) == 64 and sum(history.serials.values()) - drawn_before <= 2 * 64  # drawn as asked, not all


def test_the_demo_fills_once_and_the_live_feed_goes_through_the_service(databases, settings):
    services = Services(settings, databases, None)
    assert fill_demo_history(services, now=NOW) > 0
    assert fill_demo_history(services, now=NOW) is None  # once only
    with databases.session() as session:
        before = Counter(session.scalars(select(SipanduNewcomer.status)))
        kos = session.scalar(select(func.count()).select_from(SipanduKos))
    assert kos > 0 and before[workflow.RECORDED] > 0
    feed = LiveSipanduFeed(databases, settings, seed=7)
    done = Counter()
    for minute in range(6):
        done.update(feed.run_once(NOW + timedelta(minutes=minute)))
    assert done["arrival"] == 6 and done["verified"] + done["rejected"] == 6
    with databases.session() as session:
        after = Counter(session.scalars(select(SipanduNewcomer.status)))
    assert sum(after.values()) == sum(before.values()) + 6
