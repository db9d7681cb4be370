"""Command Center 112 (`incidents`): the registration of the incidents domain (see core.domains):
the module (modules/incidents: calls, incidents, units, dispatches, the stage), its read side
(etl/incidents, data/incidents) and its pages and wall panels."""

from core.domains import Domain, Mart, SettingsSection
from core.settings import PROJECT_ROOT
from modules.incidents.settings import IncidentSettings, validate

# Incidents and their daily aggregate carry the kecamatan and kelurahan; calls are counted for the
# whole city only (a call has no kelurahan, and an unplaced call no district at all), and so are the
# monthly and daily response times and heat-map cells (summed over the districts: a district scope
# reads the facts).
INCIDENTS_MART = Mart(
    name="incidents",
    tables=("fct_incidents", "agg_incidents_daily"),
    city_wide_tables=("fct_incident_calls", "agg_incident_calls_daily", "agg_incident_response_monthly",
                      "agg_incident_response_daily", "agg_incident_promise_daily", "agg_incident_heat_daily",
                      "agg_incident_heat_monthly"),
    scope_columns={"kecamatan": "kecamatan_code", "kelurahan": "kelurahan_code"},
)
# Dispatches carry the agency (an OPD reads its own units' work) and the incident's district.
DISPATCHES_MART = Mart(
    name="incident_dispatches",
    tables=("fct_incident_dispatches",),
    city_wide_tables=("agg_incident_busy_daily",),  # no district column: only the city reads it
    scope_columns={"opd": "agency_code", "kecamatan": "kecamatan_code", "kelurahan": "kelurahan_code"},
)
# The units belong to an agency and to no district: a district scope reads nothing of them.
UNITS_MART = Mart(name="incident_units", tables=("fct_incident_units",), scope_columns={"opd": "agency_code"})

DOMAIN = Domain(
    name="incidents",
    package="modules.incidents",
    settings=SettingsSection("incidents", IncidentSettings(), validate),
    models=("modules.incidents.models",),
    warehouse_models=("data.incidents.tables",),
    migrations={"transactional": PROJECT_ROOT / "migrations" / "transactional" / "incidents",
                "warehouse": PROJECT_ROOT / "migrations" / "warehouse" / "incidents"},
    reference="modules.incidents.reference:load_incident_reference",
    dimensions="etl.incidents.dimensions:sync_incident_dimensions",
    messages="modules.incidents.messages",
    marts=(INCIDENTS_MART, DISPATCHES_MART, UNITS_MART),
    etl_jobs="etl.incidents.job:JOBS",
    blueprints=("modules.incidents.http.api:blueprint",),
    openapi="modules.incidents.http.openapi:api_description",
    demo_history="simulator.incidents:fill_demo_history",
    demo_feed="simulator.incidents:start_live_feed",
    seeder="simulator.incident_city:city_seed",
    cli="modules.incidents.cli:add_commands",
    wall_panels="layouts.components.wall_incident_panels:PANELS",
    kpi_cards="callbacks._incident_kpis:incident_cards",
    today="callbacks._incident_today:incident_today",
    warm_up="data.incidents.queries:load_reference",
    bench_cases=("bench.incidents", "bench.wall"),
    bench_city_rows=(700_000, "calls to 112"),  # five years at about 400 a day (DOMAINS.md)
    bench_wall_event="bench.wall_incidents:EVENT",
    sample="modules.incidents.sample:write_sample",
    extract="modules.incidents.extract:snapshots_by_entity",
)
