"""The naive way, for comparison: every request reads the whole complaints table from the
transactional database with `pd.read_sql` and computes its figure with pandas (filter, groupby).
Each method is one request's work and returns the numbers the matching callback shows."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, datetime, timedelta, timezone

import pandas as pd

from core.clock import CITY_OFFSET
from data.complaints.queries import COUNT_MEASURES, ComplaintFilters, city_today
from modules.complaints.statuses import BREACHED_EVER, OPEN_STATUSES, OVERDUE_NOW

TIMES = ["received_at", "dispatched_at", "first_response_at", "started_at", "feedback_at", "resolved_at",
         "closed_at", "rejected_at", "first_response_due_at", "feedback_due_at", "first_response_breached_at",
         "feedback_breached_at", "updated_at"]


class NaiveDashboard:
    def __init__(self, engine, districts: dict[str, pd.DataFrame], soon_minutes: int = 30):
        self.engine, self.districts, self.soon_minutes = engine, districts, soon_minutes

    # --- one request's read ------------------------------------------------------------------------

    def load(self) -> pd.DataFrame:
        frame = pd.read_sql("SELECT * FROM complaints", self.engine)
        for column in TIMES:
            frame[column] = pd.to_datetime(frame[column], utc=True, format="ISO8601")
        frame["day"] = (frame["received_at"] + CITY_OFFSET).dt.date
        for column in ("opd_code", "kecamatan_code", "kelurahan_code"):
            frame[column] = frame[column].fillna("")
        frame["is_open"] = frame["status"].isin(OPEN_STATUSES)
        frame["response_sla"] = _sla(frame["first_response_at"], frame["first_response_due_at"],
                                     frame["first_response_breached_at"])
        frame["feedback_sla"] = _sla(frame["feedback_at"], frame["feedback_due_at"], frame["feedback_breached_at"])
        frame["minutes"] = (frame["first_response_at"] - frame["received_at"]).dt.total_seconds() / 60
        measures = {
            "received": 1, "open": frame["is_open"], "responded": frame["first_response_at"].notna(),
            "response_met": frame["response_sla"] == "met", "response_breached": frame["response_sla"] == "breached",
            "feedback_given": frame["feedback_at"].notna(), "feedback_met": frame["feedback_sla"] == "met",
            "feedback_breached": frame["feedback_sla"] == "breached", "resolved": frame["resolved_at"].notna(),
            "response_minutes_sum": frame["minutes"].fillna(0.0),
        }
        for name, values in measures.items():
            frame[name] = values if name in ("received", "response_minutes_sum") else values.astype("int64")
        return frame

    # --- the callbacks' figures ----------------------------------------------------------------------

    def map(self, filters: ComplaintFilters) -> pd.DataFrame:
        frame = self.load()
        level = "kelurahan" if filters.kecamatan_code else "kecamatan"
        counts = _counts(_select(frame, filters), f"{level}_code")
        districts = self.districts[level]
        if level == "kelurahan":
            districts = districts[districts["kecamatan_code"] == filters.kecamatan_code]
        merged = districts.merge(counts, left_on="code", right_index=True, how="left").fillna(
            {m: 0 for m in COUNT_MEASURES})
        merged["rate_per_1000"] = merged["received"] * 1000 / merged["population_demo"]
        return merged

    def kpis(self, filters: ComplaintFilters) -> dict:
        frame = self.load()
        return self._kpis(frame, filters)

    def breakdowns(self, filters: ComplaintFilters) -> dict:
        frame = self.load()
        chosen = _select(frame, filters)
        return {"trend": _counts(chosen, "day"),
                **{name: _counts(chosen, column) for name, column in
                   (("category", "category_code"), ("channel", "channel"), ("opd", "opd_code"))}}

    def queue(self, filters: ComplaintFilters, now: datetime | None = None) -> pd.DataFrame:
        frame = self.load()
        now = now or datetime.now(timezone.utc)
        chosen = _select(frame, replace(filters, start=date(1970, 1, 1)))
        due = chosen["first_response_due_at"].where(chosen["first_response_at"].isna(), chosen["feedback_due_at"])
        pending = chosen["first_response_at"].isna() | chosen["feedback_at"].isna()
        urgent = chosen[chosen["is_open"] & pending & (due <= now + timedelta(minutes=self.soon_minutes))]
        return urgent.assign(due_at=due).sort_values(["due_at", "id"]).head(200)

    def kpi_page(self, filters: ComplaintFilters) -> dict:
        frame = self.load()
        chosen = _select(frame, filters)
        return {"kpis": self._kpis(frame, filters), "trend": _counts(chosen, "day"),
                "opd": _counts(chosen, "opd_code"), "kecamatan": _counts(chosen, "kecamatan_code")}

    def wall(self, now: datetime | None = None) -> dict:
        frame = self.load()
        now = now or datetime.now(timezone.utc)
        today = city_today(now)
        week = ComplaintFilters.last_days(7, today=today)
        is_open = frame["is_open"]
        breached = (frame["response_sla"] == "breached") | (frame["feedback_sla"] == "breached")
        due_now = frame["first_response_due_at"].where(frame["first_response_at"].isna(),
                                                       frame["feedback_due_at"].where(frame["feedback_at"].isna()))
        overdue_now = is_open & (due_now < now)
        chosen = _select(frame, week)
        located = frame[(frame["day"] == today) & frame["lat"].notna()]
        return {
            "counters": {"today": int((frame["day"] == today).sum()), "open": int(is_open.sum()),
                         OVERDUE_NOW: int(overdue_now.sum()), BREACHED_EVER: int((is_open & breached).sum())},
            "latest": frame.sort_values(["received_at", "id"], ascending=False).head(15),
            "breaches": frame[is_open & breached].sort_values(["updated_at", "id"], ascending=False).head(6),
            "districts": _counts(chosen, "kecamatan_code"),
            "points": located.sort_values("received_at", ascending=False).head(500),
            "opd": _counts(chosen, "opd_code"), "category": _counts(chosen, "category_code"),
            "trend": _counts(chosen, "day"),
        }

    def _kpis(self, frame: pd.DataFrame, filters: ComplaintFilters) -> dict:
        def period(f):
            chosen = _select(frame, replace(f, kecamatan_code=None))
            totals = chosen[list(COUNT_MEASURES)].sum()
            minutes = chosen["minutes"].dropna()
            return {"received": int(totals["received"]),
                    "first_response_within_sla_pct": _percent(totals["response_met"],
                                                              totals["response_met"] + totals["response_breached"]),
                    "feedback_within_sla_pct": _percent(totals["feedback_met"],
                                                        totals["feedback_met"] + totals["feedback_breached"]),
                    "median_response_minutes": None if minutes.empty else round(float(minutes.median()), 1)}

        current = period(filters)
        current["backlog"] = int(frame["is_open"].sum())
        return {"current": current, "previous": period(filters.previous_period())}


def _select(frame: pd.DataFrame, filters: ComplaintFilters) -> pd.DataFrame:
    keep = (frame["day"] >= filters.start) & (frame["day"] <= filters.end)
    for column, values in (("opd_code", filters.opd_codes), ("category_code", filters.category_codes),
                           ("channel", filters.channels), ("status", filters.statuses)):
        if values:
            keep &= frame[column].isin(values)
    if filters.kecamatan_code:
        keep &= frame["kecamatan_code"] == filters.kecamatan_code
    return frame[keep]


def _counts(frame: pd.DataFrame, column: str) -> pd.DataFrame:
    return frame.groupby(column)[list(COUNT_MEASURES)].sum()


def _sla(done: pd.Series, due: pd.Series, breached: pd.Series) -> pd.Series:
    met = done.notna() & (done <= due) & breached.isna()
    late = breached.notna() | (done.notna() & (done > due))
    return pd.Series("pending", index=done.index).mask(late, "breached").mask(met, "met")


def _percent(part, whole) -> float | None:
    return round(100.0 * float(part) / float(whole), 1) if whole else None
