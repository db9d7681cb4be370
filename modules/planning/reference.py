"""The planning domain's reference data: the proposal dictionary ("kamus usulan",
reference/planning_items.csv) and the part of the Permendagri 90 nomenclature the demo plan uses
(reference/planning_nomenclature.csv). A city loads its own dictionary and the full nomenclature
from SIPD into the same tables."""

from __future__ import annotations

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from core.reference import read_csv, upsert_rows
from modules.planning.models import PlanningItem, PlanningNomenclature


def load_planning_reference(session: Session) -> dict[str, int]:
    upsert_rows(session, PlanningItem, [
        dict(code=r["code"], name=r["name"], unit=r["unit"], unit_cost_rupiah=int(r["unit_cost_rupiah"]),
             max_volume=float(r["max_volume"]), opd_code=r["opd"], kind=r["kind"], active=True)
        for r in read_csv("planning_items.csv")])
    upsert_rows(session, PlanningNomenclature, [
        dict(code=r["code"], level=r["level"], name=r["name"]) for r in read_csv("planning_nomenclature.csv")])
    return {model.__tablename__: session.scalar(select(func.count()).select_from(model))
            for model in (PlanningItem, PlanningNomenclature)}
