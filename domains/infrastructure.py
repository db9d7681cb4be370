"""Infrastructure monitoring (`infrastructure`): the registration of the infrastructure domain (see
core.domains): the module (modules/infrastructure: inventory, states, state changes, rollups,
maintenance windows, alerts), its prober and demo fleet, its read side (etl/infrastructure,
data/infrastructure) and its pages."""

from core.domains import Domain, Mart, SettingsSection
from core.settings import PROJECT_ROOT
from modules.infrastructure.settings import InfrastructureSettings, validate

# Every infrastructure mart table carries its device's owner OPD, kecamatan and kelurahan: an OPD
# reads its own devices, a camat or lurah the devices in his district (an RW or RT scope reads none).
INFRA_SCOPE_COLUMNS = {"opd": "opd_code", "kecamatan": "kecamatan_code", "kelurahan": "kelurahan_code"}
DEVICES_MART = Mart(name="infra_devices", tables=("fct_infra_devices", "agg_infra_devices_now"),
                   scope_columns=INFRA_SCOPE_COLUMNS)
OUTAGES_MART = Mart(name="infra_outages", tables=("fct_infra_outages", "fct_infra_events"),
                    scope_columns=INFRA_SCOPE_COLUMNS)
AVAILABILITY_MART = Mart(name="infra_availability",
                         tables=("agg_infra_availability_daily", "agg_infra_availability_monthly"),
                         scope_columns=INFRA_SCOPE_COLUMNS)

DOMAIN = Domain(
    name="infrastructure",
    package="modules.infrastructure",
    settings=SettingsSection("infrastructure", InfrastructureSettings(), validate),
    models=("modules.infrastructure.models", "modules.infrastructure.keys"),
    warehouse_models=("data.infrastructure.tables",),
    migrations={"transactional": PROJECT_ROOT / "migrations" / "transactional" / "infrastructure",
                "warehouse": PROJECT_ROOT / "migrations" / "warehouse" / "infrastructure"},
    reference="modules.infrastructure.reference:load_infrastructure_reference",
    messages="modules.infrastructure.messages",
    marts=(DEVICES_MART, OUTAGES_MART, AVAILABILITY_MART),
    etl_jobs="etl.infrastructure.job:JOBS",
    wall_panels="layouts.components.wall_infrastructure_panels:PANELS",
    kpi_cards="callbacks._infrastructure_kpis:infrastructure_cards",
    today="callbacks._infrastructure_today:infrastructure_today",
    workers=("modules.infrastructure.worker:start",),
    # the demo inventory first, then its weeks of history (simulator/infrastructure_city.py)
    demo_history=("simulator.infrastructure_inventory:fill_demo_inventory",
                  "simulator.infrastructure_city:fill_demo_history"),
    demo_feed="simulator.infrastructure_fleet:start_live_feed",
    seeder="simulator.infrastructure_city:city_seed",
    bench_cases=("bench.infrastructure", "bench.infrastructure_prober", "bench.wall"),
    bench_city_rows=(2_593, "devices"),  # the demo inventory: 2,200 cameras and the network under them
    bench_wall_event="bench.wall_infrastructure:EVENT",
    sample="modules.infrastructure.sample:write_sample",
    extract="modules.infrastructure.extract:snapshots_by_entity",
    blueprints=("modules.infrastructure.http.api:blueprint",),
    downloads=("downloads.infrastructure:blueprint",),
    openapi="modules.infrastructure.http.openapi:api_description",
    cli="modules.infrastructure.cli:add_commands",
)
