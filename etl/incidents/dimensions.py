"""The incidents domain's dimensions: categories and agencies from the project's reference files
(reference/incident_categories.csv, reference/incident_agencies.csv), copied into the warehouse."""

from __future__ import annotations

from core.reference import read_csv
from data.incidents.tables import DimIncidentAgency, DimIncidentCategory
from etl.dimensions import write_changed


def category_rows() -> list[dict]:
    rows = []
    for row in read_csv("incident_categories.csv"):
        units = row["units"].split()
        rows.append({"code": row["code"], "name": row["name"], "type": row["type"], "priority": int(row["priority"]),
                     "lead_agency_code": units[0].partition(":")[0] if units else "", "units": row["units"]})
    return rows


def agency_rows() -> list[dict]:
    return [{"code": f"{row['code']}:{row['unit_type']}", "agency_code": row["code"], "unit_type": row["unit_type"],
             "name": row["name"], "count": int(row["count"])} for row in read_csv("incident_agencies.csv")]


def sync_incident_dimensions(source, warehouse) -> tuple[dict[str, frozenset[str]], int]:
    """The codes the incident transforms check against (`dimensions.incident_categories`,
    `dimensions.incident_agencies`), and how many dimension rows changed."""
    categories, agencies = category_rows(), agency_rows()
    changed = write_changed(warehouse, DimIncidentCategory, categories) + write_changed(warehouse, DimIncidentAgency,
                                                                                         agencies)
    return {"incident_categories": frozenset(c["code"] for c in categories),
            "incident_agencies": frozenset(a["agency_code"] for a in agencies)}, changed
