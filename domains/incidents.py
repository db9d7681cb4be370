"""Command Center 112 (`incidents`): the registration of the incidents domain (see core.domains).

This file holds the read side (warehouse tables, marts, dimensions, ETL); the module's parts
(models, service, settings, ...) are added to the same Domain by the module's registration.
"""

from core.domains import Domain, Mart
from core.settings import PROJECT_ROOT

# Incidents and their daily aggregate carry the kecamatan and kelurahan; calls are counted for the
# whole city only (a call has no kelurahan, and an unplaced call no district at all).
INCIDENTS_MART = Mart(
    name="incidents",
    tables=("fct_incidents", "agg_incidents_daily"),
    city_wide_tables=("fct_incident_calls", "agg_incident_calls_daily"),
    scope_columns={"kecamatan": "kecamatan_code", "kelurahan": "kelurahan_code"},
)
# Dispatches carry the agency (an OPD reads its own units' work) and the incident's district.
DISPATCHES_MART = Mart(
    name="incident_dispatches",
    tables=("fct_incident_dispatches",),
    scope_columns={"opd": "agency_code", "kecamatan": "kecamatan_code", "kelurahan": "kelurahan_code"},
)
# The units belong to an agency and to no district: a district scope reads nothing of them.
UNITS_MART = Mart(name="incident_units", tables=("fct_incident_units",), scope_columns={"opd": "agency_code"})

DOMAIN = Domain(
    name="incidents",
    warehouse_models=("data.incidents.tables",),
    migrations={"warehouse": PROJECT_ROOT / "migrations" / "warehouse" / "incidents"},
    dimensions="etl.incidents.dimensions:sync_incident_dimensions",
    marts=(INCIDENTS_MART, DISPATCHES_MART, UNITS_MART),
    etl_jobs="etl.incidents.job:JOBS",
)
