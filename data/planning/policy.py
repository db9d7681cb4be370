"""Complaints as a basis for policy: per kelurahan, the complaints of a category next to the
musrenbang works of the matching kind, and a ranking of the kelurahan whose complaints are high and
works low (the page /perencanaan/kebijakan).

The matching: a complaint category names the kinds of dictionary item (reference/planning_items.csv
`kind`) whose works answer it, in CATEGORY_WORK_KINDS below (flooding complaints -> drain works,
broken roads -> paving, dark streets -> lighting ...). A category without a kind of work (ID cards,
health services, social aid) has no place on this map.

The works: the proposals of the chosen rounds for an item of a matching kind, from the proposals
mart: `accepted` (the kecamatan took them on; a planned proposal counts here too, since every
planned proposal was accepted first), `planned` (linked to a plan item) and `built` (the work that
carries it is built: the pipeline's last stage).

The score, per kelurahan:   score = complaints / (1 + accepted works of the matching kinds)
so 40 flooding complaints and no drain work score 40, the same complaints with 3 accepted drain
works score 10, and a kelurahan without such complaints scores 0 whatever its works. The ranking
is by score, then complaints (both highest first), then the kelurahan code; rank 1 is the kelurahan
most in need of the category's works. Complaints are those received in the chosen period (the
complaints mart, by the day received), every status counted (a complaint rejected as spam too: the
mart's counts do not separate them; the few spam reports do not move a ranking).

Scope: the complaints and the proposals are each read with the viewer's scope (data/scope.py), and
the kelurahan listed are those of the viewer's area (data/areas.py): a lurah sees his kelurahan, a
camat the kelurahan of his kecamatan.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import pandas as pd
from sqlalchemy import BigInteger, case, cast, func, select

from core.services import Services
from core.users import Viewer
from data.areas import area_of
from data.cache import cached
from data.complaints import queries as complaint_queries
from data.complaints.queries import ComplaintFilters
from data.planning.tables import PROPOSALS_MART, AggPlanningPipeline, FctPlanningProposal
from data.reference import REFERENCE_MART
from data.scope import scope_conditions, table_answers

COMPLAINTS_MART = complaint_queries.MART
PIPELINE = AggPlanningPipeline.__table__
FCT = FctPlanningProposal.__table__

# complaint category (reference/complaint_categories.csv) -> kinds of dictionary item whose works
# answer it (reference/planning_items.csv `kind`)
CATEGORY_WORK_KINDS: dict[str, tuple[str, ...]] = {
    "SALURAN_BANJIR": ("drain",),          # blocked drains, flooding -> U-ditch, box culvert, wells
    "JALAN_RUSAK": ("paving",),            # broken roads -> paving, asphalt
    "PJU_MATI": ("lighting",),             # street lights out -> new poles, lamp replacement
    "LAMPU_LALIN": ("traffic",),           # traffic lights -> traffic signs, speed bumps
    "PARKIR_LIAR": ("traffic",),
    "SAMPAH": ("waste",),                  # uncollected rubbish -> sorted bins, compost houses
    "POHON": ("green",),                   # fallen trees -> shade trees, RW parks
    "PENCEMARAN": ("green", "sanitation"),  # pollution, noise -> green space, public toilets
    "CCTV_JARINGAN": ("cctv",),            # public CCTV / wifi -> kampung CCTV, RW hall wifi
}
KIND_NAMES = {"drain": "saluran / drainase", "paving": "paving / jalan", "lighting": "penerangan jalan",
              "traffic": "lalu lintas", "waste": "persampahan", "green": "ruang hijau",
              "sanitation": "sanitasi", "cctv": "CCTV / wifi", "building": "balai RW"}
RANKING_TYPES = {"rank": "int64", "complaints": "int64", "accepted": "int64", "planned": "int64", "built": "int64",
                 "accepted_cost_rupiah": "int64", "score": "float64"}  # an empty ranking keeps them too
POLICY_COLUMNS = ["rank", "code", "name", "kecamatan_code", "complaints", "accepted", "planned", "built",
                  "accepted_cost_rupiah", "score"]


@dataclass(frozen=True)
class PolicyFilters:
    category_code: str                   # a key of CATEGORY_WORK_KINDS
    start: date                          # complaints received from this day ...
    end: date                            # ... to this day (the city's days)
    years: tuple[int, ...] = ()          # the musrenbang rounds whose works count; () every round

    @property
    def work_kinds(self) -> tuple[str, ...]:
        return CATEGORY_WORK_KINDS.get(self.category_code, ())


def work_kinds_of(category_code: str) -> tuple[str, ...]:
    return CATEGORY_WORK_KINDS.get(category_code, ())


def score(complaints: int, accepted_works: int) -> float:
    """The ranking's score (module docstring): complaints per (1 + accepted works)."""
    return round(complaints / (1 + accepted_works), 2)


@cached(COMPLAINTS_MART, PROPOSALS_MART, REFERENCE_MART)
def kelurahan_ranking(services: Services, viewer: Viewer, filters: PolicyFilters) -> pd.DataFrame:
    """Every kelurahan of the viewer's area: the category's complaints in the period, the accepted
    and planned proposals of the matching kinds in the chosen rounds (and the accepted ones' cost),
    the score and the rank (POLICY_COLUMNS), rank 1 first. Worked out on plain lists (some 150
    kelurahan): pandas' merges cost more than the two reads."""
    if filters.category_code not in CATEGORY_WORK_KINDS:
        raise ValueError(f"category {filters.category_code!r} has no matching kind of work")
    kelurahan = complaint_queries.dimension_table(services, "kelurahan")
    inside = area_of(services, viewer).inside("kelurahan", kelurahan["code"])
    complaints = complaint_queries.received_by(
        services, viewer, ComplaintFilters(start=filters.start, end=filters.end,
                                           category_codes=(filters.category_code,)), "kelurahan")
    works = _works_by_kelurahan(services, viewer, filters.work_kinds, filters.years)
    rows = []
    for code, name, kecamatan_code in zip(kelurahan["code"], kelurahan["name"], kelurahan["kecamatan_code"]):
        if code in inside:
            accepted, planned, built, cost = works.get(code, (0, 0, 0, 0))
            counted = complaints.get(code, 0)
            rows.append((score(counted, accepted), counted, code, name, kecamatan_code, accepted, planned, built, cost))
    rows.sort(key=lambda row: (-row[0], -row[1], row[2]))  # the ranking's order (module docstring)
    names = ("score", "complaints", "code", "name", "kecamatan_code", "accepted", "planned", "built",
             "accepted_cost_rupiah")
    columns = {name: [row[index] for row in rows] for index, name in enumerate(names)}
    frame = pd.DataFrame({"rank": range(1, len(rows) + 1), **columns}).astype(RANKING_TYPES)
    return frame[POLICY_COLUMNS]


@cached(COMPLAINTS_MART, PROPOSALS_MART)
def kelurahan_profile(services: Services, viewer: Viewer, kelurahan_code: str, start: date, end: date,
                      years: tuple[int, ...] = ()) -> pd.DataFrame:
    """One kelurahan's hotspots: per category of CATEGORY_WORK_KINDS, its complaints in the period
    and the accepted and planned proposals of the matching kinds; most complaints first. Outside
    the viewer's scope every figure is 0 (the queries read nothing there)."""
    counts = _complaints_by_category(services, viewer, kelurahan_code, start, end)
    kinds = sorted({kind for each in CATEGORY_WORK_KINDS.values() for kind in each})
    works = _works_by_kind(services, viewer, kelurahan_code, tuple(kinds), years)
    rows = []
    for category, matching in CATEGORY_WORK_KINDS.items():
        rows.append({"category_code": category, "work_kinds": matching,
                     "complaints": int(counts.get(category, 0)),
                     "accepted": int(sum(works.get(k, (0, 0, 0))[0] for k in matching)),
                     "planned": int(sum(works.get(k, (0, 0, 0))[1] for k in matching)),
                     "built": int(sum(works.get(k, (0, 0, 0))[2] for k in matching))})
    frame = pd.DataFrame(rows)
    return frame.sort_values(["complaints", "category_code"], ascending=[False, True], ignore_index=True)


# --- helpers -------------------------------------------------------------------------------------

def _proposal_table(viewer: Viewer):
    """The pipeline aggregate, or the facts for a scope the aggregate cannot filter (an RW)."""
    return PIPELINE if table_answers(PIPELINE, viewer) else FCT


def _proposal_measures(table) -> list:
    if table is PIPELINE:
        return [cast(func.coalesce(func.sum(table.c.accepted), 0), BigInteger),
                cast(func.coalesce(func.sum(table.c.planned), 0), BigInteger),
                cast(func.coalesce(func.sum(table.c.built), 0), BigInteger),
                cast(func.coalesce(func.sum(table.c.accepted_cost_rupiah), 0), BigInteger)]
    return [func.sum(case((table.c.reached_accepted.is_(True), 1), else_=0)),
            func.sum(case((table.c.reached_planned.is_(True), 1), else_=0)),
            func.sum(case((table.c.reached_built.is_(True), 1), else_=0)),
            cast(func.sum(case((table.c.reached_accepted.is_(True), table.c.estimated_cost_rupiah), else_=0)),
                 BigInteger)]


def _proposal_conditions(table, viewer: Viewer, kinds: tuple[str, ...], years: tuple[int, ...]) -> list:
    conditions = [table.c.item_kind.in_(kinds), *scope_conditions(table, viewer)]
    if years:
        conditions.append(table.c.year.in_(years))
    return conditions


def _works_by_kelurahan(services: Services, viewer: Viewer, kinds: tuple[str, ...],
                        years: tuple[int, ...]) -> dict[str, tuple[int, int, int, int]]:
    """{kelurahan: (accepted, planned, built, accepted cost)} of the proposals of `kinds`."""
    table = _proposal_table(viewer)
    query = (select(table.c.kelurahan_code, *_proposal_measures(table))
             .where(*_proposal_conditions(table, viewer, kinds, years)).group_by(table.c.kelurahan_code))
    with services.databases.warehouse.connect() as connection:
        return {code: tuple(int(value or 0) for value in measures) for code, *measures in connection.execute(query)}


def _works_by_kind(services: Services, viewer: Viewer, kelurahan_code: str, kinds: tuple[str, ...],
                   years: tuple[int, ...]) -> dict[str, tuple[int, int, int]]:
    table = _proposal_table(viewer)
    query = (select(table.c.item_kind, *_proposal_measures(table)[:3])
             .where(*_proposal_conditions(table, viewer, kinds, years), table.c.kelurahan_code == kelurahan_code)
             .group_by(table.c.item_kind))
    with services.databases.warehouse.connect() as connection:
        return {kind: (int(accepted or 0), int(planned or 0), int(built or 0))
                for kind, accepted, planned, built in connection.execute(query)}


def _complaints_by_category(services: Services, viewer: Viewer, kelurahan_code: str, start: date,
                            end: date) -> dict[str, int]:
    """The kelurahan's complaints per category in the period: from the category x kelurahan pairs
    for a city-wide viewer, else from the daily aggregate (the facts for a scope the aggregate
    cannot filter)."""
    paired = complaint_queries.received_in_pairs(services, viewer, "category", tuple(CATEGORY_WORK_KINDS),
                                                 "kelurahan", kelurahan_code, start, end)
    if paired is not None:
        return paired
    table = complaint_queries.AGG if table_answers(complaint_queries.AGG, viewer) else complaint_queries.FCT
    day = table.c.day if table is complaint_queries.AGG else table.c.received_day
    counted = func.sum(table.c.received) if table is complaint_queries.AGG else func.count()
    query = (select(table.c.category_code, cast(counted, BigInteger))
             .where(day >= start, day <= end, table.c.kelurahan_code == kelurahan_code,
                    table.c.category_code.in_(tuple(CATEGORY_WORK_KINDS)), *scope_conditions(table, viewer))
             .group_by(table.c.category_code))
    with services.databases.warehouse.connect() as connection:
        return {category: int(n or 0) for category, n in connection.execute(query)}
