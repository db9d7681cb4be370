"""The planning pages' questions answered the two other ways of the columnar floor (bench/floor.py),
as bench/baselines.py answers the complaint pages'. Each figure method is one request's data work
and returns the numbers the callback shows (no figure built, nothing encoded).

- `SqlPlanningBaseline`: what a BI tool issues on the transactional tables (modules/planning/models.py,
  budget_models.py, the complaints table for the policy map), one query per chart, every filter
  in the WHERE clause, only the transactional schema's indexes. A stage reached is a custom column:
  the status, an event reaching it (`planning_proposal_events`) or the work carrying the proposal;
  a work completed is a built work's last update (the module stamps it when the work is built).
- `DuckDbPlanningBaseline`: the physical floor: the same questions over the planning fact tables
  (and `fct_complaints` for the policy map) loaded once, untimed, into an in-memory DuckDB. It reads
  facts, never the aggregates, so each answer is a scan of the columns it needs.

The domain's own KPI cards and wall panels show the same three figures (`headline`): this year's
round per stage, the absorption at this month's end this year and last year, the works completed
this month. `disagreements` compares both with Pantau's data layer before anything is timed.
"""

from __future__ import annotations

import json
from abc import ABC, abstractmethod
from datetime import date, datetime, time, timedelta

import pandas as pd
from sqlalchemy import bindparam, func, select, text

from bench.baselines import C, received_between
from core.clock import CITY_OFFSET
from data.planning.budget_queries import (FINANCIAL_LAG_POINTS, LAGGING_LIMIT, MIN_ELAPSED_PCT, PHYSICAL_LAG_POINTS,
                                          PREVIOUS_YEARS, BudgetFilters, elapsed_pct)
from data.planning.drill import MUSRENBANG_BUDGET_STAGE, PROPOSAL_COLUMNS, PROPOSAL_LIMIT
from data.planning.policy import CATEGORY_WORK_KINDS, PolicyFilters, score
from data.planning.queries import AREA_COLUMNS, PlanningFilters
from data.planning.tables import STAGES
from modules.planning.budget_models import WORK_BUILT, PlanningWork
from modules.planning.workflow import REJECTION_REASONS

STAGE_COLUMNS = [name for stage in STAGES for name in (stage, f"{stage}_cost_rupiah")]
WORK_COLUMNS = ["accepted", "planned", "built", "accepted_cost_rupiah"]
PROGRESS_COLUMNS = ["ceiling_rupiah", "paid_rupiah", "works", "works_built", "weight_rupiah", "weighted_progress",
                    "progress_sum"]
LINE_COLUMNS = ["line_id", "opd_code", "sub_kegiatan_code", "account_code", "account_name", "ceiling_rupiah",
                "paid_rupiah", "works", "weight_rupiah", "weighted_progress", "progress_sum"]
POLICY_DEFAULT_CATEGORY = "SALURAN_BANJIR"


class PlanningBaseline(ABC):
    """The planning callbacks' questions, built from primitive reads the subclasses answer."""

    name = ""

    def __init__(self, kelurahan: pd.DataFrame):
        self.kelurahan = kelurahan[["code", "kecamatan_code"]]  # reference data: the map lists every kelurahan

    # --- Perencanaan --------------------------------------------------------------------------------

    def rounds(self) -> list[int]:
        """The year choice: the rounds with proposals, newest first."""
        return self.years()

    def round(self, filters: PlanningFilters, stage: str | None = None) -> dict:
        """The funnel, the areas of the drill-down level, the rejections, the APBD share and, in a
        kelurahan, its proposals of the chosen stage."""
        answer = {"funnel": self.funnel(filters), "areas": self.stages(filters, AREA_COLUMNS[filters.area_level]),
                  "rejections": self.rejection_counts(filters), "share": self.share(filters.year)}
        if filters.kelurahan_code:
            answer["proposals"] = self.proposals(filters, stage, PROPOSAL_LIMIT)
        return answer

    def funnel(self, filters: PlanningFilters) -> pd.DataFrame:
        """Per stage: proposals, cost_rupiah and pct_of_proposed (None when none was proposed)."""
        totals = self.stages(filters, None).iloc[0]
        proposals = [int(totals[s] or 0) for s in STAGES]
        return pd.DataFrame({"stage": list(STAGES), "proposals": proposals,
                             "cost_rupiah": [int(totals[f"{s}_cost_rupiah"] or 0) for s in STAGES],
                             "pct_of_proposed": [round(100.0 * n / proposals[0], 1) if proposals[0] else None
                                                 for n in proposals]})

    def rejection_counts(self, filters: PlanningFilters) -> pd.DataFrame:
        found = self.rejections(filters).set_index("reason")
        frame = found.reindex(sorted(set(REJECTION_REASONS) | set(found.index))).fillna(0).astype("int64")
        return frame.reset_index().sort_values(["proposals", "reason"], ascending=[False, True], ignore_index=True)

    def share(self, year: int) -> dict:
        """The round's planned proposals against the APBD of the year they are built in (city view)."""
        proposals, cost = self.musrenbang_cost(year)
        total = self.apbd_ceiling(year + 1) or None
        return {"proposals": proposals, "musrenbang_rupiah": cost, "apbd_total_rupiah": total,
                "share_pct": round(100.0 * cost / total, 2) if total else None}

    # --- Peta Kebijakan -----------------------------------------------------------------------------

    def policy_map(self, filters: PolicyFilters) -> pd.DataFrame:
        """Every kelurahan: the category's complaints, the matching works, the score and the rank."""
        complaints = self.complaint_counts((filters.category_code,), filters.start, filters.end, "kelurahan_code",
                                           None).rename(columns={"key": "code"})
        works = self.works(filters.work_kinds, filters.years, "kelurahan_code", None).rename(columns={"key": "code"})
        frame = self.kelurahan.merge(complaints, on="code", how="left").merge(works, on="code", how="left")
        for name in ("complaints", *WORK_COLUMNS):
            frame[name] = pd.to_numeric(frame[name]).fillna(0).astype("int64")
        frame["score"] = [score(c, a) for c, a in zip(frame["complaints"], frame["accepted"])]
        frame = frame.sort_values(["score", "complaints", "code"], ascending=[False, False, True], ignore_index=True)
        frame["rank"] = range(1, len(frame) + 1)
        return frame

    def profile(self, kelurahan_code: str, start: date, end: date, years: tuple[int, ...] = ()) -> pd.DataFrame:
        """One kelurahan's complaints per category next to the works of the matching kinds."""
        counts = self.complaint_counts(tuple(CATEGORY_WORK_KINDS), start, end, "category_code", kelurahan_code)
        counts = dict(zip(counts["key"], counts["complaints"]))
        kinds = tuple(sorted({kind for each in CATEGORY_WORK_KINDS.values() for kind in each}))
        works = self.works(kinds, years, "item_kind", kelurahan_code).set_index("key")
        rows = [{"category_code": category, "complaints": int(counts.get(category, 0) or 0),
                 **{name: int(works[name].reindex(list(matching)).fillna(0).sum()) for name in WORK_COLUMNS[:3]}}
                for category, matching in CATEGORY_WORK_KINDS.items()]
        return pd.DataFrame(rows).sort_values(["complaints", "category_code"], ascending=[False, True],
                                              ignore_index=True)

    # --- Anggaran -------------------------------------------------------------------------------------

    def budget(self, filters: BudgetFilters, today: date) -> dict:
        """The S-curve (three years), progress per OPD, per sub kegiatan of the chosen OPD, lagging lines."""
        return {"curve": self.curve(filters), "by_opd": _with_percents(self.progress(filters.year, None, False)),
                "by_sub": _with_percents(self.progress(filters.year, filters.opd_code, True))
                if filters.opd_code else None,
                "lagging": self.lagging(filters, today)}

    def curve(self, filters: BudgetFilters) -> pd.DataFrame:
        years = list(range(filters.year - PREVIOUS_YEARS, filters.year + 1))
        ceilings, paid = self.ceilings(years, filters.opd_code), self.payments(years, filters.opd_code)
        present = sorted({int(y) for y in ceilings["year"]} | {int(y) for y in paid["year"]})
        grid = pd.DataFrame([(year, month) for year in present for month in range(1, 13)], columns=["year", "month"])
        ceiling = {int(y): int(c or 0) for y, c in zip(ceilings["year"], ceilings["ceiling_rupiah"])}
        spent = {(int(y), int(m)): int(a or 0) for y, m, a in zip(paid["year"], paid["month"], paid["paid_rupiah"])}
        grid["ceiling_rupiah"] = [ceiling.get(y, 0) for y in grid["year"]]
        grid["realised_rupiah"] = [spent.get((y, m), 0) for y, m in zip(grid["year"], grid["month"])]
        grid["cumulative_rupiah"] = grid.groupby("year")["realised_rupiah"].cumsum() if len(grid) else []
        grid["absorption_pct"] = [round(100.0 * c / t, 1) if t else None
                                  for c, t in zip(grid["cumulative_rupiah"], grid["ceiling_rupiah"])]
        return grid

    def lagging(self, filters: BudgetFilters, today: date) -> pd.DataFrame:
        """Lines whose paid share or physical progress lies too far below the year elapsed (the
        thresholds of data/planning/budget_queries.py), the largest shortfall first."""
        elapsed = elapsed_pct(filters.year, today)
        if elapsed < MIN_ELAPSED_PCT:
            return pd.DataFrame(columns=["line_id", "paid_rupiah", "gap_points", "lagging_on"])
        found = []
        for row in self.line_progress(filters.year, filters.opd_code).itertuples(index=False):
            financial = round(100.0 * int(row.paid_rupiah) / int(row.ceiling_rupiah), 1)
            physical = _physical(row.weight_rupiah, row.weighted_progress, row.progress_sum, row.works)
            gaps = {"financial": elapsed - financial, "physical": None if physical is None else elapsed - physical}
            on = [kind for kind, limit in (("financial", FINANCIAL_LAG_POINTS), ("physical", PHYSICAL_LAG_POINTS))
                  if gaps[kind] is not None and gaps[kind] > limit]
            if on:
                found.append((int(row.line_id), int(row.ceiling_rupiah), int(row.paid_rupiah),
                              round(max(g for g in gaps.values() if g is not None), 1),
                              "both" if len(on) == 2 else on[0]))
        frame = pd.DataFrame(found, columns=["line_id", "ceiling_rupiah", "paid_rupiah", "gap_points", "lagging_on"])
        return frame.sort_values(["gap_points", "ceiling_rupiah", "line_id"], ascending=[False, False, True],
                                 ignore_index=True).head(LAGGING_LIMIT)

    # --- the domain's KPI cards and wall panels ---------------------------------------------------------

    def headline(self, today: date) -> dict:
        """What the planning KPI cards and wall panels show (callbacks/_planning_kpis.py,
        layouts/components/wall_planning_panels.py): the funnel of the round of today's year, the
        absorption at this month's end this year and last year, the works completed this month."""
        return {"funnel": self.funnel(PlanningFilters(today.year)),
                "now": self.absorption_at(today.year, today.month),
                "last_year": self.absorption_at(today.year - 1, today.month),
                "works_completed": self.works_completed(today.year, today.month)}

    def absorption_at(self, year: int, month: int) -> dict:
        """The current versions' ceiling of `year`, what was paid from January to the end of
        `month` (every version's payments) and their ratio (None without a ceiling)."""
        ceiling = sum(int(c or 0) for c in self.ceilings([year], None)["ceiling_rupiah"])
        paid = self.payments([year], None)
        spent = sum(int(a or 0) for m, a in zip(paid["month"], paid["paid_rupiah"]) if int(m) <= month)
        return {"year": year, "month": month, "ceiling_rupiah": ceiling, "paid_rupiah": spent,
                "absorption_pct": round(100.0 * spent / ceiling, 1) if ceiling else None}

    # --- primitive reads (subclasses) -------------------------------------------------------------

    @abstractmethod
    def years(self) -> list[int]:
        """The rounds with proposals, newest first."""

    @abstractmethod
    def stages(self, filters: PlanningFilters, key: str | None) -> pd.DataFrame:
        """Per value of `key` (a proposal column, as `code`; None: one row): STAGE_COLUMNS."""

    @abstractmethod
    def rejections(self, filters: PlanningFilters) -> pd.DataFrame:
        """reason, proposals, cost_rupiah of the rejected proposals."""

    @abstractmethod
    def proposals(self, filters: PlanningFilters, stage: str | None, limit: int) -> pd.DataFrame:
        """The single proposals (PROPOSAL_COLUMNS) that reached `stage`, costliest first."""

    @abstractmethod
    def musrenbang_cost(self, year: int) -> tuple[int, int]:
        """The round's proposals that reached MUSRENBANG_BUDGET_STAGE and their estimated cost."""

    @abstractmethod
    def apbd_ceiling(self, year: int) -> int:
        """The current budget version's total ceiling of `year`."""

    @abstractmethod
    def complaint_counts(self, categories: tuple[str, ...], start: date, end: date, key: str,
                         kelurahan_code: str | None) -> pd.DataFrame:
        """key, complaints: complaints of `categories` received on WIB days start..end per `key`."""

    @abstractmethod
    def works(self, kinds: tuple[str, ...], years: tuple[int, ...], key: str,
              kelurahan_code: str | None) -> pd.DataFrame:
        """key, WORK_COLUMNS: the proposals of items of `kinds` (rounds `years`, () every round)."""

    @abstractmethod
    def budget_opds(self, year: int) -> list[str]:
        """The OPDs with a current line, a payment or a work in `year`."""

    @abstractmethod
    def ceilings(self, years: list[int], opd: str | None) -> pd.DataFrame:
        """year, ceiling_rupiah of the current versions."""

    @abstractmethod
    def payments(self, years: list[int], opd: str | None) -> pd.DataFrame:
        """year, month, paid_rupiah (every version's payments)."""

    @abstractmethod
    def progress(self, year: int, opd: str | None, by_sub: bool) -> pd.DataFrame:
        """opd_code (and sub_kegiatan_code), PROGRESS_COLUMNS."""

    @abstractmethod
    def line_progress(self, year: int, opd: str | None) -> pd.DataFrame:
        """LINE_COLUMNS per current line with a ceiling: paid on its codes, its sub kegiatan's works."""

    @abstractmethod
    def works_completed(self, year: int, month: int) -> int:
        """The works built in `month` of `year` (WIB calendar)."""

    def opds(self, year: int) -> list[str]:
        """The Anggaran page's OPD choice."""
        return self.budget_opds(year)


def _physical(weight, weighted, summed, works) -> float | None:
    """Works' progress weighted by weight, equal weights when none weighs anything, None without works."""
    works = 0 if works is None or pd.isna(works) else int(works)
    if not works:
        return None
    weight = 0 if weight is None or pd.isna(weight) else int(weight)
    return round(float(weighted) / weight, 1) if weight else round(float(summed) / works, 1)


def _with_percents(frame: pd.DataFrame) -> pd.DataFrame:
    for name in PROGRESS_COLUMNS:
        frame[name] = pd.to_numeric(frame[name]).fillna(0)
    frame["financial_pct"] = [round(100.0 * p / c, 1) if c else None
                              for p, c in zip(frame["paid_rupiah"], frame["ceiling_rupiah"])]
    frame["physical_pct"] = [_physical(*values) for values in zip(frame["weight_rupiah"], frame["weighted_progress"],
                                                                   frame["progress_sum"], frame["works"])]
    return frame


# --- GROUP BY on the transactional tables ---------------------------------------------------------------

# a stage reached, as a BI tool's custom column: the status, an event that reached it, the work carrying it
EVENT = "exists (select 1 from planning_proposal_events e where e.proposal_id = p.id and e.to_status = '{}')"
REACHED_SQL = {
    "proposed": "1 = 1",
    "verified": f"p.status in ('verified', 'accepted', 'prioritised', 'planned') or {EVENT.format('verified')}",
    "accepted": "p.status in ('accepted', 'prioritised', 'planned')",
    "prioritised": f"p.status = 'prioritised' or {EVENT.format('prioritised')}",
    "planned": "p.status = 'planned'",
    "budgeted": "w.line_id is not null",
    "contracted": "w.status in ('contracted', 'in_progress', 'built')",
    "built": "w.status = 'built'",
    "rejected": "p.status = 'rejected'",
}
FLAGS_SQL = ", ".join(f"case when {condition} then 1 else 0 end as {stage}" for stage, condition in REACHED_SQL.items())
STAGE_SQL = ", ".join(f"coalesce(sum(s.{stage}), 0) as {stage}, "
                      f"coalesce(sum(s.{stage} * s.cost), 0) as {stage}_cost_rupiah" for stage in STAGES)
PROPOSALS_AND_WORKS = ("planning_proposals p join planning_items i on i.code = p.item_code "
                       "left join planning_works w on w.id = p.work_id")
CURRENT_LINES = ("planning_budget_lines l join planning_budget_versions v on v.id = l.version_id")
WORK_SQL = """select w.opd_code, pi.sub_kegiatan_code, w.status, w.progress_percent,
        coalesce(nullif(w.contract_value_rupiah, 0), wl.ceiling_rupiah, 0) as weight
    from planning_works w join planning_plan_items pi on pi.id = w.plan_item_id
        left join planning_budget_lines wl on wl.id = w.line_id where w.year = :year"""


class SqlPlanningBaseline(PlanningBaseline):
    """A BI tool's GROUP BY per chart on the transactional tables, each filter in the WHERE clause."""

    name = "SQL GROUP BY"

    def __init__(self, engine, kelurahan: pd.DataFrame):
        super().__init__(kelurahan)
        self.engine = engine
        self.postgres = engine.dialect.name == "postgresql"

    def years(self):
        return [int(y) for y in self._read("select distinct year from planning_proposals order by year desc")["year"]]

    def stages(self, filters, key):
        where, values = _proposal_where(filters)
        column = f"p.{key} as code, " if key else ""
        sql = (f"select {'s.code, ' if key else ''}{STAGE_SQL} from (select {column}p.estimated_cost_rupiah as cost, "
               f"{FLAGS_SQL} from {PROPOSALS_AND_WORKS} where {where}) s{' group by s.code' if key else ''}")
        frame = self._read(sql, values)
        for name in STAGE_COLUMNS:
            frame[name] = pd.to_numeric(frame[name]).fillna(0).astype("int64")
        return frame

    def rejections(self, filters):
        where, values = _proposal_where(filters)
        return self._read(f"select p.rejection_reason as reason, count(*) as proposals, "
                          f"sum(p.estimated_cost_rupiah) as cost_rupiah from {PROPOSALS_AND_WORKS} "
                          f"where {where} and p.status = 'rejected' group by p.rejection_reason", values)

    def proposals(self, filters, stage, limit):
        where, values = _proposal_where(filters)
        if stage and stage != "proposed":
            where += f" and ({REACHED_SQL[stage]})"
        return self._read(
            "select p.number as proposal_number, p.kecamatan_code, p.kelurahan_code, p.rw, p.item_code, "
            "i.kind as item_kind, p.volume, p.estimated_cost_rupiah, p.status, p.rejection_reason, "
            "case when p.repeat_of is null then 0 else 1 end as repeat, pi.sub_kegiatan_code "
            f"from {PROPOSALS_AND_WORKS} left join planning_plan_items pi on pi.id = p.plan_item_id where {where} "
            f"order by p.estimated_cost_rupiah desc, p.number limit {int(limit)}", values)

    def musrenbang_cost(self, year):
        row = self._read(f"select count(*) as n, coalesce(sum(p.estimated_cost_rupiah), 0) as cost "
                         f"from {PROPOSALS_AND_WORKS} where p.year = :year and "
                         f"({REACHED_SQL[MUSRENBANG_BUDGET_STAGE]})", {"year": year}).iloc[0]
        return int(row["n"]), int(row["cost"])

    def apbd_ceiling(self, year):
        return int(self._read(f"select coalesce(sum(l.ceiling_rupiah), 0) as total from {CURRENT_LINES} "
                              "where v.year = :year and v.is_current", {"year": year})["total"].iloc[0])

    def complaint_counts(self, categories, start, end, key, kelurahan_code):
        where = [*received_between(start, end), C.c.category_code.in_(categories)]
        if kelurahan_code:
            where.append(C.c.kelurahan_code == kelurahan_code)
        query = select(C.c[key].label("key"), func.count().label("complaints")).where(*where).group_by(C.c[key])
        with self.engine.connect() as connection:
            return pd.DataFrame(connection.execute(query).all(), columns=["key", "complaints"])

    def works(self, kinds, years, key, kelurahan_code):
        column = "i.kind" if key == "item_kind" else f"p.{key}"
        where, values = "i.kind in :kinds", {"kinds": list(kinds)}
        if years:
            where, values = f"{where} and p.year in :years", {**values, "years": list(years)}
        if kelurahan_code:
            where, values = f"{where} and p.kelurahan_code = :kelurahan", {**values, "kelurahan": kelurahan_code}
        accepted, planned, built = (REACHED_SQL[s] for s in ("accepted", "planned", "built"))
        sql = (f"select {column} as key, sum(case when {accepted} then 1 else 0 end) as accepted, "
               f"sum(case when {planned} then 1 else 0 end) as planned, sum(case when {built} then 1 else 0 end) "
               f"as built, sum(case when {accepted} then p.estimated_cost_rupiah else 0 end) as accepted_cost_rupiah "
               f"from {PROPOSALS_AND_WORKS} where {where} group by {column}")
        return self._read(sql, values, expanding=[name for name in ("kinds", "years") if name in values])

    def budget_opds(self, year):
        sql = (f"select l.opd_code from {CURRENT_LINES} where v.year = :year and v.is_current "
               "union select l.opd_code from planning_payments p join planning_budget_lines l on l.id = p.line_id "
               "join planning_budget_versions v on v.id = l.version_id where v.year = :year "
               "union select w.opd_code from planning_works w where w.year = :year order by 1")
        return list(self._read(sql, {"year": year})["opd_code"])

    def ceilings(self, years, opd):
        where, values = _budget_where("v.year in :years", {"years": years}, opd)
        return self._read(f"select v.year, sum(l.ceiling_rupiah) as ceiling_rupiah from {CURRENT_LINES} "
                          f"where v.is_current and {where} group by v.year", values, expanding=["years"])

    def payments(self, years, opd):
        month = "extract(month from p.paid_on)" if self.postgres else "cast(strftime('%m', p.paid_on) as integer)"
        where, values = _budget_where("v.year in :years", {"years": years}, opd)
        return self._read(f"select v.year, {month} as month, sum(p.amount_rupiah) as paid_rupiah "
                          "from planning_payments p join planning_budget_lines l on l.id = p.line_id "
                          f"join planning_budget_versions v on v.id = l.version_id where {where} "
                          f"group by v.year, {month}", values, expanding=["years"])

    def progress(self, year, opd, by_sub):
        keys = "opd_code, sub_kegiatan_code" if by_sub else "opd_code"
        lines, values = _budget_where("v.year = :year", {"year": year}, opd)
        works = "where x.opd_code = :opd" if opd else ""
        sql = f"""select {keys}, sum(ceiling) as ceiling_rupiah, sum(paid) as paid_rupiah, sum(works) as works,
                sum(built) as works_built, sum(weight) as weight_rupiah, sum(weighted) as weighted_progress,
                sum(progress) as progress_sum from (
            select l.opd_code, l.sub_kegiatan_code, l.ceiling_rupiah as ceiling, 0 as paid, 0 as works, 0 as built,
                0 as weight, 0.0 as weighted, 0.0 as progress from {CURRENT_LINES} where v.is_current and {lines}
            union all
            select l.opd_code, l.sub_kegiatan_code, 0, p.amount_rupiah, 0, 0, 0, 0.0, 0.0 from planning_payments p
                join planning_budget_lines l on l.id = p.line_id join planning_budget_versions v on v.id = l.version_id
                where {lines}
            union all
            select x.opd_code, x.sub_kegiatan_code, 0, 0, 1, case when x.status = 'built' then 1 else 0 end,
                x.weight, x.progress_percent * x.weight, x.progress_percent from ({WORK_SQL}) x {works}
        ) u group by {keys}"""
        return self._read(sql, values)

    def line_progress(self, year, opd):
        lines, values = _budget_where("v.year = :year", {"year": year}, opd)
        sql = f"""with paid as (
                select l.opd_code, l.sub_kegiatan_code, l.account_code, sum(p.amount_rupiah) as paid
                from planning_payments p join planning_budget_lines l on l.id = p.line_id
                    join planning_budget_versions v on v.id = l.version_id where {lines}
                group by l.opd_code, l.sub_kegiatan_code, l.account_code),
            done as (
                select x.opd_code, x.sub_kegiatan_code, count(*) as works, sum(x.weight) as weight,
                    sum(x.progress_percent * x.weight) as weighted, sum(x.progress_percent) as summed
                from ({WORK_SQL}) x group by x.opd_code, x.sub_kegiatan_code)
            select l.id as line_id, l.opd_code, l.sub_kegiatan_code, l.account_code, l.account_name,
                l.ceiling_rupiah, coalesce(paid.paid, 0) as paid_rupiah, done.works, done.weight as weight_rupiah,
                done.weighted as weighted_progress, done.summed as progress_sum
            from {CURRENT_LINES}
                left join paid on paid.opd_code = l.opd_code and paid.sub_kegiatan_code = l.sub_kegiatan_code
                    and paid.account_code = l.account_code
                left join done on done.opd_code = l.opd_code and done.sub_kegiatan_code = l.sub_kegiatan_code
            where v.is_current and l.ceiling_rupiah > 0 and {lines}"""
        return self._read(sql, values)

    def works_completed(self, year, month):
        w = PlanningWork.__table__.c
        start, end = _month_bounds(year, month)
        query = select(func.count()).where(w.status == WORK_BUILT, w.updated_at >= start, w.updated_at < end)
        with self.engine.connect() as connection:
            return int(connection.scalar(query) or 0)

    def _read(self, sql: str, values: dict | None = None, expanding: list[str] = ()) -> pd.DataFrame:
        statement = text(sql)
        if expanding:
            statement = statement.bindparams(*[bindparam(name, expanding=True) for name in expanding])
        with self.engine.connect() as connection:
            result = connection.execute(statement, values or {})
            return pd.DataFrame(result.all(), columns=list(result.keys()))


def _proposal_where(filters: PlanningFilters) -> tuple[str, dict]:
    where, values = ["p.year = :year"], {"year": filters.year}
    for column, chosen in (("kecamatan_code", filters.kecamatan_code), ("kelurahan_code", filters.kelurahan_code)):
        if chosen:
            where.append(f"p.{column} = :{column}")
            values[column] = chosen
    return " and ".join(where), values


def _budget_where(where: str, values: dict, opd: str | None) -> tuple[str, dict]:
    return (f"{where} and l.opd_code = :opd", {**values, "opd": opd}) if opd else (where, values)


def _month_bounds(year: int, month: int) -> tuple[datetime, datetime]:
    """A WIB calendar month as a naive UTC range [start, end) (times are stored as naive UTC)."""
    first, after = date(year, month, 1), date(year + (month == 12), month % 12 + 1, 1)
    return datetime.combine(first, time()) - CITY_OFFSET, datetime.combine(after, time()) - CITY_OFFSET


# --- DuckDB over the facts -------------------------------------------------------------------------------

FACT_REACHED = {stage: "true" if stage == "proposed" else ("rejected" if stage == "rejected" else f"reached_{stage}")
                for stage in STAGES}
FACT_STAGES = ", ".join(f"count_if({flag}) AS {stage}, coalesce(sum(CASE WHEN {flag} THEN estimated_cost_rupiah "
                        f"ELSE 0 END), 0) AS {stage}_cost_rupiah" for stage, flag in FACT_REACHED.items())
FACT_WORKS = """SELECT w.opd_code, w.sub_kegiatan_code, w.status, w.progress_percent,
        coalesce(nullif(w.contract_value_rupiah, 0), l.ceiling_rupiah, 0) AS weight
    FROM works w LEFT JOIN lines l ON l.line_id = w.line_id WHERE w.year = ?"""


class DuckDbPlanningBaseline(PlanningBaseline):
    """The same questions over the planning facts (and `fct_complaints`) in an in-memory DuckDB.
    The proposal facts carry every stage reached as a flag, so no event or work is joined; the
    budget facts carry the line's codes on each payment. A work's weight needs its line's ceiling,
    which `fct_planning_works` lacks: it is joined from `fct_planning_budget_lines`."""

    name = "DuckDB"

    def __init__(self, warehouse_engine, kelurahan: pd.DataFrame):
        from bench.floor import load_tables
        from data.complaints.tables import FctComplaint
        from data.planning.budget_tables import FctPlanningBudgetLine, FctPlanningPayment, FctPlanningWork
        from data.planning.tables import FctPlanningProposal

        super().__init__(kelurahan)
        self.connection = load_tables(warehouse_engine, {
            "proposals": FctPlanningProposal.__table__, "complaints": FctComplaint.__table__,
            "lines": FctPlanningBudgetLine.__table__, "payments": FctPlanningPayment.__table__,
            "works": FctPlanningWork.__table__})

    def close(self) -> None:
        self.connection.close()

    def years(self):
        return [int(y) for y in self._read("SELECT DISTINCT year FROM proposals ORDER BY year DESC", [])["year"]]

    def stages(self, filters, key):
        where, values = _fact_where(filters)
        if key is None:
            return self._read(f"SELECT {FACT_STAGES} FROM proposals WHERE {where}", values)
        return self._read(f"SELECT {key} AS code, {FACT_STAGES} FROM proposals WHERE {where} GROUP BY {key}", values)

    def rejections(self, filters):
        where, values = _fact_where(filters)
        return self._read("SELECT rejection_reason AS reason, count(*) AS proposals, sum(estimated_cost_rupiah) "
                          f"AS cost_rupiah FROM proposals WHERE {where} AND rejected GROUP BY rejection_reason", values)

    def proposals(self, filters, stage, limit):
        where, values = _fact_where(filters)
        if stage and stage != "proposed":
            where += f" AND {FACT_REACHED[stage]}"
        columns = ", ".join(f'"{name}"' for name in PROPOSAL_COLUMNS)
        return self._read(f"SELECT {columns} FROM proposals WHERE {where} "
                          f"ORDER BY estimated_cost_rupiah DESC, proposal_number LIMIT {int(limit)}", values)

    def musrenbang_cost(self, year):
        n, cost = self.connection.execute(
            "SELECT count(*), coalesce(sum(estimated_cost_rupiah), 0) FROM proposals "
            f"WHERE year = ? AND {FACT_REACHED[MUSRENBANG_BUDGET_STAGE]}", [year]).fetchone()
        return int(n), int(cost)

    def apbd_ceiling(self, year):
        return int(self.connection.execute("SELECT coalesce(sum(ceiling_rupiah), 0) FROM lines "
                                           "WHERE year = ? AND is_current", [year]).fetchone()[0])

    def complaint_counts(self, categories, start, end, key, kelurahan_code):
        where = f"received_day BETWEEN ? AND ? AND category_code IN ({', '.join('?' for _ in categories)})"
        values = [start, end, *categories]
        if kelurahan_code:
            where, values = f"{where} AND kelurahan_code = ?", [*values, kelurahan_code]
        return self._read(f"SELECT {key} AS key, count(*) AS complaints FROM complaints WHERE {where} GROUP BY {key}",
                          values)

    def works(self, kinds, years, key, kelurahan_code):
        where, values = f"item_kind IN ({', '.join('?' for _ in kinds)})", list(kinds)
        if years:
            where, values = f"{where} AND year IN ({', '.join('?' for _ in years)})", [*values, *years]
        if kelurahan_code:
            where, values = f"{where} AND kelurahan_code = ?", [*values, kelurahan_code]
        return self._read(f"SELECT {key} AS key, count_if(reached_accepted) AS accepted, count_if(reached_planned) "
                          "AS planned, count_if(reached_built) AS built, coalesce(sum(CASE WHEN reached_accepted "
                          "THEN estimated_cost_rupiah ELSE 0 END), 0) AS accepted_cost_rupiah FROM proposals "
                          f"WHERE {where} GROUP BY {key}", values)

    def budget_opds(self, year):
        return list(self._read("SELECT opd_code FROM lines WHERE year = ? AND is_current UNION SELECT opd_code "
                               "FROM payments WHERE year = ? UNION SELECT opd_code FROM works WHERE year = ? "
                               "ORDER BY 1", [year] * 3)["opd_code"])

    def ceilings(self, years, opd):
        where, values = _fact_budget_where(years, opd)
        return self._read(f"SELECT year, sum(ceiling_rupiah) AS ceiling_rupiah FROM lines WHERE is_current AND {where} "
                          "GROUP BY year", values)

    def payments(self, years, opd):
        where, values = _fact_budget_where(years, opd)
        return self._read(f"SELECT year, month, sum(amount_rupiah) AS paid_rupiah FROM payments WHERE {where} "
                          "GROUP BY year, month", values)

    def progress(self, year, opd, by_sub):
        keys = "opd_code, sub_kegiatan_code" if by_sub else "opd_code"
        where, values = _fact_budget_where([year], opd)
        return self._read(f"""SELECT {keys}, sum(ceiling) AS ceiling_rupiah, sum(paid) AS paid_rupiah,
                sum(works) AS works, sum(built) AS works_built, sum(weight) AS weight_rupiah,
                sum(weighted) AS weighted_progress, sum(progress) AS progress_sum FROM (
            SELECT opd_code, sub_kegiatan_code, ceiling_rupiah AS ceiling, 0 AS paid, 0 AS works, 0 AS built,
                0 AS weight, 0.0 AS weighted, 0.0 AS progress FROM lines WHERE is_current AND {where}
            UNION ALL SELECT opd_code, sub_kegiatan_code, 0, amount_rupiah, 0, 0, 0, 0.0, 0.0 FROM payments
                WHERE {where}
            UNION ALL SELECT opd_code, sub_kegiatan_code, 0, 0, 1, CASE WHEN status = 'built' THEN 1 ELSE 0 END,
                weight, progress_percent * weight, progress_percent FROM ({FACT_WORKS}) x
                {'WHERE opd_code = ?' if opd else ''}
        ) u GROUP BY {keys}""", [*values, *values, year, *([opd] if opd else [])])

    def line_progress(self, year, opd):
        where, values = _fact_budget_where([year], opd)
        lines = _fact_budget_where([year], opd, "l.")[0]
        return self._read(f"""WITH paid AS (
                SELECT opd_code, sub_kegiatan_code, account_code, sum(amount_rupiah) AS paid FROM payments
                WHERE {where} GROUP BY ALL),
            done AS (
                SELECT opd_code, sub_kegiatan_code, count(*) AS works, sum(weight) AS weight,
                    sum(progress_percent * weight) AS weighted, sum(progress_percent) AS summed
                FROM ({FACT_WORKS}) x GROUP BY ALL)
            SELECT l.line_id, l.opd_code, l.sub_kegiatan_code, l.account_code, l.account_name, l.ceiling_rupiah,
                coalesce(paid.paid, 0) AS paid_rupiah, done.works, done.weight AS weight_rupiah,
                done.weighted AS weighted_progress, done.summed AS progress_sum
            FROM lines l LEFT JOIN paid USING (opd_code, sub_kegiatan_code, account_code)
                LEFT JOIN done USING (opd_code, sub_kegiatan_code)
            WHERE l.is_current AND l.ceiling_rupiah > 0 AND {lines}""", [*values, year, *values])

    def works_completed(self, year, month):
        return int(self.connection.execute("SELECT count(*) FROM works WHERE status = ? AND completed_at >= ? "
                                           "AND completed_at < ?", [WORK_BUILT, *_month_bounds(year, month)])
                   .fetchone()[0])

    def _read(self, sql: str, values: list) -> pd.DataFrame:
        return self.connection.execute(sql, values).df()


def _fact_where(filters: PlanningFilters) -> tuple[str, list]:
    where, values = ["year = ?"], [filters.year]
    for column, chosen in (("kecamatan_code", filters.kecamatan_code), ("kelurahan_code", filters.kelurahan_code)):
        if chosen:
            where.append(f"{column} = ?")
            values.append(chosen)
    return " AND ".join(where), values


def _fact_budget_where(years: list[int], opd: str | None, alias: str = "") -> tuple[str, list]:
    where = f"{alias}year IN ({', '.join('?' for _ in years)})"
    return (f"{where} AND {alias}opd_code = ?", [*years, opd]) if opd else (where, list(years))


# --- the check before timing -------------------------------------------------------------------------------

def disagreements(services, at, baseline: PlanningBaseline, today: date) -> list[str]:
    """Where `baseline` does not give Pantau's numbers for the family's focus `at`: every figure's
    question (the domain's KPI cards and wall panels: today's), against the data layer's uncached
    functions (counts and rupiah per code, exactly; percentages to 0.1 point)."""
    from core.users import Viewer

    boss = Viewer("0", "bench", "pimpinan")
    found = [] if list(_pantau("rounds", services, boss)) == baseline.rounds() else ["the viewer's rounds"]
    for label, filters, stage in _round_filters(at):
        found += [f"{label}: {part}" for part in _round_differences(services, boss, filters, stage, baseline)]
    for label, filters in _policy_filters(at, today):
        ours = _pantau("ranking", services, boss, filters)
        found += [f"policy map, {label}: {d}" for d in _frame_differences(
            ours, baseline.policy_map(filters), "code", ["complaints", *WORK_COLUMNS, "rank"])]
    if at.kelurahan:
        start, end = today - timedelta(days=89), today
        found += [f"profile: {d}" for d in _frame_differences(
            _pantau("profile", services, boss, at.kelurahan, start, end), baseline.profile(at.kelurahan, start, end),
            "category_code", ["complaints", "accepted", "planned", "built"])]
    if list(_pantau("opds", services, boss, at.budget_year)) != baseline.opds(at.budget_year):
        found.append("the budget year's OPDs")
    budgets = (("city", BudgetFilters(at.budget_year)), ("OPD", BudgetFilters(at.budget_year, at.opd)),
               ("the year before", BudgetFilters(at.budget_year - 1)))  # a year begun has lagging lines to compare
    for label, filters in budgets:
        found += [f"budget, {label}: {d}" for d in _budget_differences(services, boss, filters, today, baseline)]
    return found + [f"KPI cards and wall panels: {d}" for d in _headline_differences(services, boss, today, baseline)]


def _round_filters(at) -> list[tuple[str, PlanningFilters, str | None]]:
    rounds = [("round, city", PlanningFilters(at.year), None)]
    if at.kecamatan:
        rounds.append(("round, kecamatan", PlanningFilters(at.year, at.kecamatan), None))
    if at.kelurahan:
        rounds.append(("round, kelurahan", PlanningFilters(at.year, at.kecamatan, at.kelurahan), "accepted"))
    return rounds


def _policy_filters(at, today: date) -> list[tuple[str, PolicyFilters]]:
    years = tuple(range(at.year - 4, at.year + 1))
    return [("90 days", PolicyFilters(POLICY_DEFAULT_CATEGORY, today - timedelta(days=89), today)),
            ("366 days, five rounds", PolicyFilters(POLICY_DEFAULT_CATEGORY, today - timedelta(days=365), today, years))]


def _pantau(question: str, services, viewer, *args):
    """Pantau's answer from the data layer, uncached."""
    from data.planning import budget_queries, drill, policy, queries

    functions = {"rounds": queries.proposal_years, "funnel": queries.funnel, "areas": queries.funnel_by_area,
                 "rejections": queries.rejection_reasons, "proposals": drill.proposal_list,
                 "musrenbang": drill.musrenbang_cost, "absorption": budget_queries.absorption_at,
                 "ranking": policy.kelurahan_ranking, "profile": policy.kelurahan_profile,
                 "opds": budget_queries.budget_opds, "curve": budget_queries.absorption_curve,
                 "by_opd": budget_queries.progress_by_opd, "by_sub": budget_queries.progress_by_sub_kegiatan,
                 "lagging": budget_queries.lagging_lines, "works_completed": budget_queries.works_completed}
    return functions[question].uncached(services, viewer, *args)


def _round_differences(services, boss, filters: PlanningFilters, stage, baseline) -> list[str]:
    theirs = baseline.round(filters, stage)
    found = _frame_differences(_pantau("funnel", services, boss, filters), theirs["funnel"], "stage",
                               ["proposals", "cost_rupiah"], ["pct_of_proposed"])
    found += _frame_differences(_pantau("areas", services, boss, filters), theirs["areas"], "code", STAGE_COLUMNS)
    found += _frame_differences(_pantau("rejections", services, boss, filters), theirs["rejections"], "reason",
                                ["proposals", "cost_rupiah"])
    planned = _pantau("musrenbang", services, boss, filters.year)
    total = _pantau("absorption", services, boss, filters.year + 1, 12)["ceiling_rupiah"] or None
    ours = {"proposals": planned["proposals"], "musrenbang_rupiah": planned["cost_rupiah"], "apbd_total_rupiah": total}
    if ours != {key: theirs["share"][key] for key in ours}:
        found.append(f"APBD share {ours} vs {theirs['share']}")
    if "proposals" in theirs:
        numbers = list(_pantau("proposals", services, boss, filters, stage)["proposal_number"])
        if numbers != list(theirs["proposals"]["proposal_number"]):
            found.append(f"the kelurahan's proposals ({len(numbers)} vs {len(theirs['proposals'])})")
    return found


def _headline_differences(services, boss, today: date, baseline) -> list[str]:
    """The planning KPI cards' and wall panels' three figures (layouts/components/wall_planning_panels.py)."""
    theirs = baseline.headline(today)
    found = _frame_differences(_pantau("funnel", services, boss, PlanningFilters(today.year)), theirs["funnel"],
                               "stage", ["proposals", "cost_rupiah"], ["pct_of_proposed"])
    for key, year in (("now", today.year), ("last_year", today.year - 1)):
        ours = _pantau("absorption", services, boss, year, today.month)
        if ours != theirs[key]:
            found.append(f"absorption at the end of {year}-{today.month:02d} {ours} vs {theirs[key]}")
    works = _pantau("works_completed", services, boss, today.year, today.month)
    if works != theirs["works_completed"]:
        found.append(f"works completed in {today:%Y-%m} ({works} vs {theirs['works_completed']})")
    return found


def _budget_differences(services, boss, filters: BudgetFilters, today: date, baseline) -> list[str]:
    theirs = baseline.budget(filters, today)
    curve = _pantau("curve", services, boss, filters)
    found = _frame_differences(curve.assign(key=curve["year"] * 100 + curve["month"]),
                               theirs["curve"].assign(key=theirs["curve"]["year"] * 100 + theirs["curve"]["month"]),
                               "key", ["ceiling_rupiah", "realised_rupiah", "cumulative_rupiah"], ["absorption_pct"])
    progress = ["ceiling_rupiah", "paid_rupiah", "works", "works_built"]
    found += _frame_differences(_pantau("by_opd", services, boss, BudgetFilters(filters.year)), theirs["by_opd"],
                                "opd_code", progress, ["financial_pct", "physical_pct"])
    if filters.opd_code:
        found += _frame_differences(_pantau("by_sub", services, boss, filters), theirs["by_sub"], "sub_kegiatan_code",
                                    progress, ["financial_pct", "physical_pct"])
    ours = _pantau("lagging", services, boss, filters, today)
    found += _frame_differences(ours, theirs["lagging"], "line_id", ["paid_rupiah"], ["gap_points"])
    if list(ours["line_id"]) != list(theirs["lagging"]["line_id"]):
        found.append(f"lagging lines' order ({len(ours)} vs {len(theirs['lagging'])} lines)")
    return found


def _frame_differences(ours: pd.DataFrame, theirs: pd.DataFrame, key: str, whole: list[str],
                       percents: list[str] = ()) -> list[str]:
    """The columns that differ per `key`: whole numbers exactly, percentages to 0.1 point (None
    only where the other is None)."""
    if ours.empty and theirs.empty:
        return []
    mine, other = ours.set_index(ours[key].astype(str)), theirs.set_index(theirs[key].astype(str))
    if sorted(mine.index) != sorted(other.index):
        return [f"{key}s {sorted(set(mine.index) ^ set(other.index))[:5]} on one side only"]
    found = []
    for column in whole:
        a = {k: int(v or 0) for k, v in mine[column].items()}
        b = {k: int(v or 0) if not pd.isna(v) else 0 for k, v in other[column].items()}
        if a != b:
            wrong = sorted(k for k in a if a[k] != b[k])
            found.append(f"{column} per {key} ({len(wrong)} differ, e.g. {wrong[0]}: {a[wrong[0]]} vs {b[wrong[0]]})")
    for column in percents:
        wrong = [k for k in mine.index if not _close(mine.at[k, column], other.at[k, column])]
        if wrong:
            found.append(f"{column} per {key} ({len(wrong)} differ, e.g. {wrong[0]}: "
                         f"{json.dumps(mine.at[wrong[0], column], default=str)} vs "
                         f"{json.dumps(other.at[wrong[0], column], default=str)})")
    return found


def _close(a, b) -> bool:
    missing_a, missing_b = a is None or pd.isna(a), b is None or pd.isna(b)
    if missing_a or missing_b:
        return missing_a and missing_b
    return abs(float(a) - float(b)) <= 0.1 + 1e-9
