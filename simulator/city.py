"""City-scale history: Surabaya-sized complaint volumes for benchmarks and load tests.

    city_seed(databases, settings, count=1_000_000, years=5)   python -m simulator seed --scale city

Everything is drawn with numpy from one seed (same seed, same complaints), a chunk at a time, and
written through `service.bulk_insert_complaints` (one transaction per chunk of ~10,000 rows), so
every complaint gets its history rows and its change-log row exactly as a bulk import does.

What the data looks like:
- arrivals follow the demo feed's daily and weekly rhythm (busy weekday mornings, quiet nights
  and Sundays) and grow a little every year (more citizens use the channels);
- rainy-season peaks: SALURAN_BANJIR and POHON rise from November to March (highest in
  December-February) and fall in the dry months, so the city's total rises with them;
- district hotspots: the demo feed's busy kecamatan, and for flooding the low-lying north
  (Kenjeran, Semampir, Krembangan, Pabean Cantian, Bulak);
- channel shares, triage of social-media posts, spam, OPD response speeds, feedback, work and
  closing times as in simulator/plan.py, so SLA breaches happen where the plan makes them;
- the complaints of the last days are still open, in whatever step their plan has reached now.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone

import numpy as np
from tqdm import tqdm

from core.bulk import analyze
from core.changelog import ChangeLogEntry
from core.clock import CITY_OFFSET
from core.db import Databases
from core.settings import Settings
from modules.complaints import service
from modules.complaints.models import Complaint, ComplaintHistory
from simulator import texts
from simulator.complaints import (ADDRESS_ONLY_SHARE, CHANNEL_SHARES, HOURLY_WEIGHTS, RT_GIVEN_SHARE, RT_RW_SHARE,
                                  SCREENED_CHANNELS,
                                  SPREAD_DEGREES, WEEKDAY_WEIGHTS, Reference,
                                  reference_for_an_empty_city)
from simulator.plan import (CLOSE_MEAN_MINUTES, DEFAULT_MEAN_RESPONSE_MINUTES, NOT_CITY_SHARE,
                            OPD_MEAN_RESPONSE_MINUTES, RESOLVE_HOURS, SPAM_SHARE, START_MEAN_MINUTES,
                            TRIAGE_MEAN_MINUTES)

CITY_COUNT = 1_000_000
CITY_YEARS = 5
CHUNK_ROWS = 10_000
WIB_SECONDS = int(CITY_OFFSET.total_seconds())  # vectorised: WIB has no daylight saving
YEARLY_GROWTH = 0.08  # more citizens report each year

# Rainy season (November-March): flooding and fallen trees. Month (1-12) -> factor on the share.
RAINY_SEASON = {1: 3.2, 2: 3.0, 3: 2.0, 4: 1.0, 5: 0.5, 6: 0.4, 7: 0.35, 8: 0.35, 9: 0.4, 10: 0.8,
                11: 2.0, 12: 3.0}
SEASONAL_CATEGORIES = {"SALURAN_BANJIR": RAINY_SEASON, "POHON": RAINY_SEASON}
# Low-lying districts in the north flood first: extra weight for SALURAN_BANJIR there.
FLOOD_HOTSPOTS = {"Kenjeran": 3.0, "Semampir": 2.5, "Krembangan": 2.5, "Pabean Cantian": 2.5, "Bulak": 2.0}
FLOOD_CATEGORIES = ("SALURAN_BANJIR",)
TEXT_VARIANTS = 40  # distinct descriptions per category (drawn once, then picked by index)
STREET_MARK = "\x00"  # stands for the street in a pooled description


@dataclass(frozen=True)
class CityPlan:
    count: int
    start: datetime
    end: datetime
    seed: int


def city_seed(databases: Databases, settings: Settings, count: int = CITY_COUNT, years: float = CITY_YEARS,
              seed: int = 2026, now: datetime | None = None, chunk_rows: int = CHUNK_ROWS,
              progress: bool = True) -> int:
    """Writes `count` complaints received over the last `years` (nothing if complaints exist);
    returns how many it wrote."""
    now = (now or datetime.now(timezone.utc)).replace(microsecond=0)
    with databases.transaction() as session:
        reference = reference_for_an_empty_city(session, now)
    if reference is None:
        return 0
    generator = CityGenerator(reference, CityPlan(count, now - timedelta(days=365 * years), now, seed))
    written = 0
    with tqdm(total=count, desc="complaints", unit="rows", disable=not progress, smoothing=0.05) as bar:
        for rows in generator.chunks(chunk_rows):
            with databases.transaction() as session:
                service.bulk_insert_complaints(session, rows, settings, now, actor_name="system:simulator")
            written += len(rows)
            bar.update(len(rows))
    if databases.engine.dialect.name == "postgresql":  # SQLite: its benchmarks ran without statistics
        analyze(databases.engine, [model.__tablename__ for model in (Complaint, ComplaintHistory, ChangeLogEntry)])
    return written


class CityGenerator:
    """Draws complaints chunk by chunk; the arrival times of all of them are drawn first, in order."""

    def __init__(self, reference: Reference, plan: CityPlan):
        self.reference, self.plan = reference, plan
        self.rng = np.random.default_rng(plan.seed)
        self.unit_rng = np.random.default_rng(plan.seed + 1)  # RT / RW: its own stream, the rest unchanged
        self.categories = [code for code, _name, _share in reference.categories]
        shares = np.array([share for _code, _name, share in reference.categories], dtype=float)
        months = np.arange(1, 13)
        season = np.array([[SEASONAL_CATEGORIES.get(code, {}).get(m, 1.0) for m in months] for code in self.categories])
        self.category_by_month = (shares[:, None] * season).T  # [month-1, category]
        self.districts = [code for code, _lat, _lon, _w in reference.districts]
        self.centres = np.array([(lat, lon) for _code, lat, lon, _w in reference.districts], dtype=float)
        names = _kecamatan_names(reference)
        base = np.array([w for _code, _lat, _lon, w in reference.districts], dtype=float)
        flood = np.array([FLOOD_HOTSPOTS.get(names[i], 1.0) for i in range(len(self.districts))])
        self.district_weights = {code: base * (flood if code in FLOOD_CATEGORIES else 1.0) for code in self.categories}
        self.channels = list(CHANNEL_SHARES)
        self.channel_p = _normalised(np.array(list(CHANNEL_SHARES.values()), dtype=float))
        self._texts = _text_pools(self.categories, dict((c, n) for c, n, _s in reference.categories), plan.seed)

    # --- arrivals ---------------------------------------------------------------------------

    def arrival_seconds(self) -> np.ndarray:
        """Sorted UTC epoch seconds of every complaint: an hour drawn by its weight, then a second."""
        start = int(self.plan.start.timestamp()) // 3600 * 3600
        end = int(self.plan.end.timestamp())
        hours = np.arange(start, end, 3600, dtype=np.int64)
        local = hours + WIB_SECONDS
        hour_of_day = (local // 3600) % 24
        weekday = ((local // 86400) + 3) % 7  # 1970-01-01 was a Thursday; Monday = 0
        months = _local_months(hours)
        weights = (np.array(HOURLY_WEIGHTS)[hour_of_day] * np.array(WEEKDAY_WEIGHTS)[weekday]
                   * self.category_by_month.sum(axis=1)[months - 1]
                   * (1 + YEARLY_GROWTH) ** ((hours - start) / (365.25 * 86400)))
        chosen = self.rng.choice(len(hours), size=self.plan.count, p=weights / weights.sum())
        seconds = hours[chosen] + self.rng.integers(0, 3600, size=self.plan.count)
        seconds = np.minimum(seconds, end - 1)
        return np.sort(seconds)

    def chunks(self, rows_per_chunk: int = CHUNK_ROWS):
        """Lists of bulk-insert rows (complaint column dicts), oldest first."""
        arrivals = self.arrival_seconds()
        for begin in range(0, len(arrivals), rows_per_chunk):
            yield self.rows(arrivals[begin:begin + rows_per_chunk])

    # --- one chunk ----------------------------------------------------------------------------

    def rows(self, received: np.ndarray) -> list[dict]:
        rng, n = self.rng, len(received)
        months = _local_months(received)
        category = np.empty(n, dtype=np.int64)
        for month in np.unique(months):
            where = months == month
            category[where] = rng.choice(len(self.categories), size=int(where.sum()),
                                         p=_normalised(self.category_by_month[month - 1]))
        channel = rng.choice(len(self.channels), size=n, p=self.channel_p)
        lat, lon, kecamatan, kelurahan, located_in = self._places(category, channel)
        lifecycle = self._lifecycle(received, category, channel, kecamatan)
        return self._as_rows(received, category, channel, lat, lon, kecamatan, kelurahan, lifecycle, located_in)

    def _places(self, category, channel):
        """A point around a district centre (hotspots more often), located in bulk; no point for a
        share of phone and SMS complaints (only an address is known). Also the kelurahan of every
        point, kept for the address even where the point is dropped."""
        from geo import default_locator

        rng, n = self.rng, len(category)
        district = np.empty(n, dtype=np.int64)
        for index, code in enumerate(self.categories):
            where = category == index
            if where.any():
                district[where] = rng.choice(len(self.districts), size=int(where.sum()),
                                             p=_normalised(self.district_weights[code]))
        points = self.centres[district] + rng.normal(0, SPREAD_DEGREES, size=(n, 2))
        points = np.round(points, 6)
        found = default_locator().assign(points[:, 0], points[:, 1])
        outside = found["kelurahan_code"].isna().to_numpy()
        if outside.any():  # over the city edge or the sea: the district centre instead
            points[outside] = self.centres[district[outside]]
            again = default_locator().assign(points[outside, 0], points[outside, 1])
            found.loc[outside, "kelurahan_code"] = again["kelurahan_code"].to_numpy()
            found.loc[outside, "kecamatan_code"] = again["kecamatan_code"].to_numpy()
        names = np.array(self.channels, dtype=object)[channel]
        address_only = np.isin(names, ("phone", "sms")) & (rng.random(n) < ADDRESS_ONLY_SHARE)
        kecamatan = found["kecamatan_code"].to_numpy(dtype=object, na_value=None)
        kelurahan = found["kelurahan_code"].to_numpy(dtype=object, na_value=None)
        located_in = kelurahan.copy()
        kecamatan[address_only] = None
        kelurahan[address_only] = None
        lat, lon = points[:, 0].astype(object), points[:, 1].astype(object)
        lat[address_only] = None
        lon[address_only] = None
        return lat, lon, kecamatan, kelurahan, located_in

    def _lifecycle(self, received, category, channel, kecamatan) -> dict:
        """Seconds after receipt of each step (NaN: not planned), and the OPD in charge."""
        rng, n = self.rng, len(received)
        codes = np.array(self.categories, dtype=object)[category]
        routed = np.array([self.reference.opd_for(c, k) for c, k in zip(codes, kecamatan)], dtype=object)
        default = np.array([self.reference.default_opd[c] for c in codes], dtype=object)
        opd = np.where(routed == None, default, routed)  # noqa: E711 - element-wise
        screened = np.isin(np.array(self.channels, dtype=object)[channel], SCREENED_CHANNELS)
        triage = screened | (routed == None)  # noqa: E711
        local_hour = ((received + WIB_SECONDS) // 3600) % 24
        night = (local_hour >= 22) | (local_hour < 6)
        nan = np.full(n, np.nan)

        triaged = rng.exponential(TRIAGE_MEAN_MINUTES, n) * np.where(night, 2.0, 1.0)
        spam = triage & (rng.random(n) < SPAM_SHARE)
        dispatched = np.where(triage, triaged, 0.0)
        dispatched[spam] = np.nan
        speed = np.array([OPD_MEAN_RESPONSE_MINUTES.get(o, DEFAULT_MEAN_RESPONSE_MINUTES) for o in opd], dtype=float)
        delay = rng.gamma(2.0, speed / 2)
        delay += np.where(night & (rng.random(n) < 0.3), 240 * rng.random(n), 0.0)  # the thin night shift
        answered = np.where(triage, triaged, 0.0) + delay
        not_city = ~spam & (rng.random(n) < NOT_CITY_SHARE)
        works = ~spam & ~not_city
        responded = np.where(works, answered, nan)
        feedback = responded + rng.exponential(12 * speed)
        started = responded + rng.exponential(START_MEAN_MINUTES, n)
        resolve_hours = np.array([RESOLVE_HOURS.get(c, 24) for c in codes], dtype=float)
        resolved = started + rng.exponential(resolve_hours * 60)
        closed = np.fmax(resolved, feedback) + rng.exponential(CLOSE_MEAN_MINUTES, n)
        rejected = np.where(spam, triaged, np.where(not_city, answered, nan))
        reason = np.where(spam, "spam", np.where(not_city, "not_city_responsibility", None))
        return dict(opd=opd, dispatched_at=dispatched, first_response_at=responded, feedback_at=feedback,
                    started_at=started, resolved_at=resolved, closed_at=closed, rejected_at=rejected,
                    reason=reason)

    def _rt_rw(self, kelurahan: list) -> tuple[list, list]:
        return _rt_rw_of(self.reference.rt_units, kelurahan, self.unit_rng.random((len(kelurahan), 3)))

    def _as_rows(self, received, category, channel, lat, lon, kecamatan, kelurahan, life, located_in) -> list[dict]:
        end, n = int(self.plan.end.timestamp()), len(received)
        stamps = {}
        for column in ("dispatched_at", "first_response_at", "started_at", "resolved_at", "closed_at",
                       "feedback_at", "rejected_at"):
            at = received + np.floor(life[column] * 60)  # whole seconds, like the demo backfill
            taken = ~np.isnan(at) & (at <= end)
            stamps[column] = (taken, at)
        status = np.full(n, "received", dtype=object)
        for column, name in (("dispatched_at", "dispatched"), ("first_response_at", "responded"),
                             ("started_at", "in_progress"), ("resolved_at", "resolved"), ("closed_at", "closed"),
                             ("rejected_at", "rejected")):
            status[stamps[column][0]] = name  # the steps follow each other in this order
        opd = np.where(stamps["dispatched_at"][0], life["opd"], None)
        rejection = np.where(stamps["rejected_at"][0], life["reason"], None)
        columns = {
            "channel": np.array(self.channels, dtype=object)[channel].tolist(),
            "category_code": np.array(self.categories, dtype=object)[category].tolist(),
            "status": status.tolist(), "opd_code": opd.tolist(), "rejection_reason": rejection.tolist(),
            "lat": lat.tolist(), "lon": lon.tolist(),
            "kecamatan_code": kecamatan.tolist(), "kelurahan_code": kelurahan.tolist(),
            "received_at": _datetimes(received, np.ones(n, dtype=bool)),
        }
        columns["rw"], columns["rt"] = self._rt_rw(columns["kelurahan_code"])
        for column, (taken, at) in stamps.items():
            columns[column] = _datetimes(at, taken)
        columns.update(self._texts.pick(self.rng, columns["category_code"], columns["channel"], located_in.tolist()))
        names = list(columns)
        return [dict(zip(names, values)) for values in zip(*columns.values())]


def _rt_rw_of(units_of: dict, kelurahan: list, draws: np.ndarray) -> tuple[list, list]:
    """An RT unit of the kelurahan for RT_RW_SHARE of located complaints (the RW alone for some),
    as the demo feed gives them; None where no kelurahan is known (an address only)."""
    rw, rt = [None] * len(kelurahan), [None] * len(kelurahan)
    for index, code in enumerate(kelurahan):
        units = units_of.get(code) if code else None
        if units and draws[index, 0] < RT_RW_SHARE:
            rw[index], unit_rt = units[int(draws[index, 1] * len(units))]
            rt[index] = unit_rt if draws[index, 2] < RT_GIVEN_SHARE else None
    return rw, rt


class _TextPool:
    """Descriptions, addresses and reporters drawn once with the demo wording, then picked by index."""

    def __init__(self, descriptions: dict, reporters: dict):
        self.descriptions, self.reporters = descriptions, reporters

    def pick(self, rng: np.random.Generator, categories: list[str], channels: list[str],
             kelurahan: list[str]) -> dict:
        """Texts for rows whose points lie in `kelurahan`: the address and the street the
        description names are that kelurahan's."""
        n = len(categories)
        text_index = rng.integers(0, TEXT_VARIANTS, n).tolist()
        suffix_index = rng.integers(0, len(texts.STREET_SUFFIXES), n).tolist()
        numbers = rng.integers(1, 251, n).tolist()
        reporter_index = rng.integers(0, TEXT_VARIANTS, n).tolist()
        reporters = [self.reporters[c][i] for c, i in zip(channels, reporter_index)]
        names = texts.place_names()
        streets = [f"Jl. {names[k][0]}{texts.STREET_SUFFIXES[s]}" for k, s in zip(kelurahan, suffix_index)]
        return {"description": [self.descriptions[c][i].replace(STREET_MARK, street)
                                for c, i, street in zip(categories, text_index, streets)],
                "address": [texts.address(street, number, k) for street, number, k in zip(streets, numbers, kelurahan)],
                "reporter_name": [r[0] for r in reporters], "reporter_contact": [r[1] for r in reporters]}


def _text_pools(categories: list[str], names: dict[str, str], seed: int) -> _TextPool:
    rng = random.Random(seed)
    descriptions = {c: [texts.description(rng, c, names[c], STREET_MARK)[0] for _ in range(TEXT_VARIANTS)]
                    for c in categories}  # the row's street goes in place of the mark
    reporters = {ch: [texts.reporter(rng, ch) for _ in range(TEXT_VARIANTS)] for ch in CHANNEL_SHARES}
    return _TextPool(descriptions, reporters)


def _kecamatan_names(reference: Reference) -> dict[int, str]:
    from core.reference import read_csv

    by_code = {row["code"]: row["name"] for row in read_csv("kecamatan.csv")}
    return {index: by_code.get(code, "") for index, (code, *_rest) in enumerate(reference.districts)}


def _local_months(seconds: np.ndarray) -> np.ndarray:
    """Month 1-12 in Asia/Jakarta of UTC epoch seconds."""
    local = (seconds + WIB_SECONDS).astype("datetime64[s]")
    return (local.astype("datetime64[M]").astype(np.int64) % 12) + 1


def _datetimes(seconds: np.ndarray, taken: np.ndarray) -> list:
    """Naive UTC datetimes (None where not taken); the service takes naive values as UTC."""
    values = np.where(taken, seconds, 0).astype(np.int64).astype("datetime64[s]").astype(object)
    values[~taken] = None
    return values.tolist()


def _normalised(weights: np.ndarray) -> np.ndarray:
    return weights / weights.sum()
