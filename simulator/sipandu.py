"""Sipandu's demo (Domain.demo_history, Domain.demo_feed): two years of history at a small scale on
the first `make run` (the city seeder's drawing, simulator/sipandu_city.py), then a live feed that
works through the real service: RT heads record newcomers (some late), lurahs verify or reject the
oldest waiting records, and now and then a newcomer moves out. Every name and NIK is synthetic."""

from __future__ import annotations

import logging
import random
from collections import Counter
from datetime import datetime, timedelta, timezone

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from core.clock import now_or
from core.db import Databases
from core.periodic import PeriodicThread
from core.settings import Settings
from core.users import Viewer
from modules.sipandu import newcomers, workflow
from modules.sipandu.errors import SipanduError
from modules.sipandu.keys import keys_for
from modules.sipandu.models import SipanduKos, SipanduNewcomer, SipanduResident
from modules.sipandu.nik import make_nik
from simulator.sipandu_city import FIRST, ORIGINS, Rt, city_seed, load_rts

log = logging.getLogger(__name__)

DEMO_NEWCOMERS, DEMO_RESIDENTS, DEMO_YEARS = 8_000, 40_000, 2
TICK_SECONDS = 20.0
DEMO_REGION = "35.15.01"  # the live feed's newcomers were first registered in Sidoarjo


def head_actor(rt: Rt) -> Viewer:
    return Viewer(user_id=f"demo:rt:{rt.kelurahan}:{rt.rw}:{rt.rt}", username=f"demo-rt-{rt.rw}-{rt.rt}",
                  role="rt_rw", kelurahan_code=rt.kelurahan, rw=rt.rw, rt=rt.rt)


def lurah_actor(kelurahan: str) -> Viewer:
    return Viewer(user_id=f"demo:lurah:{kelurahan}", username=f"demo-lurah-{kelurahan[-4:]}", role="lurah",
                  kelurahan_code=kelurahan)


class LiveSipanduFeed(PeriodicThread):
    """Every tick (`run_once(now)` with the clock a test chooses): an arrival, a verification and, one
    time in four, a departure, each through the service in its own transaction."""

    name = "sipandu-simulator"

    def __init__(self, databases: Databases, settings: Settings, seed: int | None = None,
                 interval: float = TICK_SECONDS):
        super().__init__(interval)
        self.databases, self.settings = databases, settings
        self.rng = random.Random(seed)
        self._rts: list[Rt] | None = None
        self._serial = 0

    def tick(self) -> None:
        self.run_once(datetime.now(timezone.utc))

    def run_once(self, now: datetime) -> dict[str, int]:
        done: Counter = Counter()
        steps = [self.arrival, self.verification] + ([self.departure] if self.rng.random() < 0.25 else [])
        for step in steps:
            try:
                with self.databases.transaction() as session:
                    what = step(session, now)
            except SipanduError as error:
                done["refused"] += 1
                log.debug("sipandu feed: refused: %s", error)
                continue
            if what:
                done[what] += 1
        return dict(done)

    def arrival(self, session: Session, now: datetime) -> str:
        rng, rt = self.rng, self._pick_rt(session)
        sex = rng.choice(("female", "male"))
        born = (now - timedelta(days=rng.randint(18 * 365, 40 * 365))).date()
        self._serial = self._serial % 9000 + 1
        nik = make_nik(DEMO_REGION, born, sex, 1000 + self._serial)
        kos = session.scalar(select(SipanduKos.code).where(SipanduKos.kelurahan_code == rt.kelurahan,
                                                           SipanduKos.rw == rt.rw, SipanduKos.rt == rt.rt).limit(1))
        late = rng.random() < 0.2
        form = {"nik": nik, "name": f"Pendatang Demo {rng.choice(FIRST)}", "sex": sex, "birth_date": born.isoformat(),
                "origin_regency": rng.choice(list(ORIGINS)), "rt_code": f"{rt.kelurahan}.RW{rt.rw:02d}.RT{rt.rt:02d}",
                "address": f"Jl. RT {rt.rt:02d} RW {rt.rw:02d}", "kos_code": kos,
                "purpose": rng.choice(("work", "work", "study", "other")),
                "arrived_at": (now - timedelta(hours=rng.uniform(30, 72) if late else rng.uniform(1, 20))).isoformat()}
        newcomers.record_arrival(session, head_actor(rt), form, keys_for(self.settings), self.settings.sipandu, now=now)
        return "arrival"

    def verification(self, session: Session, now: datetime) -> str | None:
        waiting = session.scalar(select(SipanduNewcomer).where(SipanduNewcomer.status == workflow.RECORDED)
                                 .order_by(SipanduNewcomer.recorded_at).limit(1))
        if waiting is None:
            return None
        lurah = lurah_actor(waiting.kelurahan_code)
        if self.rng.random() < 0.05:
            newcomers.reject(session, lurah, waiting.id, self.rng.choice(workflow.REJECTION_REASONS), now=now)
            return "rejected"
        newcomers.verify(session, lurah, waiting.id, now=now)
        return "verified"

    def departure(self, session: Session, now: datetime) -> str | None:
        active = session.scalar(select(SipanduNewcomer).where(SipanduNewcomer.status == workflow.ACTIVE)
                                .order_by(func.random()).limit(1))
        if active is None:
            return None
        rt = Rt(active.kecamatan_code, active.kelurahan_code, active.rw, active.rt)
        left = max(active.arrived_at, now - timedelta(hours=self.rng.uniform(1, 48)))
        newcomers.record_departure(session, head_actor(rt), active.id, {
            "left_at": left.isoformat(), "destination_regency": self.rng.choice(list(ORIGINS))}, now=now)
        return "moved out"

    def _pick_rt(self, session: Session) -> Rt:
        if self._rts is None:
            self._rts = load_rts(session)
        return self.rng.choice(self._rts)


# === the domain's hooks (domains/sipandu.py) =====================================================

def fill_demo_history(services, now: datetime | None = None, seed: int = 2026) -> int | None:
    """The demo's history on the first start (nothing when Sipandu holds records)."""
    with services.databases.session() as session:
        if session.scalar(select(func.count()).select_from(SipanduNewcomer)) or \
                session.scalar(select(func.count()).select_from(SipanduResident)):
            return None
    print("Mengisi data demo Sipandu: penduduk, rumah kos dan pendatang (sintetis) ...")
    return city_seed(services.databases, services.settings, count=DEMO_NEWCOMERS, years=DEMO_YEARS, seed=seed,
                     now=now_or(now), residents=DEMO_RESIDENTS)


def start_live_feed(services) -> LiveSipanduFeed:
    return LiveSipanduFeed(services.databases, services.settings).start()
