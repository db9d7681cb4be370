"""Sipandu (`sipandu`): residents and non-permanent residents moving in and out, per RT, with NIK
and KK protected by design. The registration of the domain (see core.domains): the module
(modules/sipandu: residents from Dukcapil-style extracts, boarding houses, newcomers' stays from
the RT head's record to verification, departure or expiry, the unmask access log, the retention)."""

from core.domains import Domain, Mart, SettingsSection
from core.settings import PROJECT_ROOT
from modules.sipandu.settings import SipanduSettings, validate

# Newcomers, boarding houses and the weekly flow carry the RT: a camat, a lurah, an RW head and an
# RT head each read their own area. The monthly origins and the kelurahans' weekly flow are summed
# over the RW and RT (an RW or RT head's scope reads the facts, or the per-RT weekly flow).
# dim_sipandu_rt, a dimension, uses the same column names.
SIPANDU_MART = Mart(
    name="sipandu",
    tables=("fct_sipandu_newcomers", "fct_sipandu_kos", "agg_sipandu_weekly", "agg_sipandu_weekly_kelurahan",
            "agg_sipandu_origins", "agg_sipandu_rt_now"),
    scope_columns={"kecamatan": "kecamatan_code", "kelurahan": "kelurahan_code", "rw": "rw", "rt": "rt"},
    coarse_tables=("agg_sipandu_weekly_kelurahan", "agg_sipandu_origins"),
    city_wide_tables=("agg_sipandu_weekly_city", "agg_sipandu_origins_city", "agg_sipandu_origins_city_daily"),
)

DOMAIN = Domain(
    name="sipandu",
    package="modules.sipandu",
    settings=SettingsSection("sipandu", SipanduSettings(), validate),
    models=("modules.sipandu.models",),
    migrations={"transactional": PROJECT_ROOT / "migrations" / "transactional" / "sipandu",
                "warehouse": PROJECT_ROOT / "migrations" / "warehouse" / "sipandu"},
    warehouse_models=("data.sipandu.tables",),
    dimensions="etl.sipandu.dimensions:sync_sipandu_dimensions",
    marts=(SIPANDU_MART,),
    etl_jobs="etl.sipandu.jobs:JOBS",
    messages="modules.sipandu.messages",
    blueprints=("modules.sipandu.http.api:blueprint",),
    openapi="modules.sipandu.http.openapi:api_description",
    wall_panels="layouts.components.wall_sipandu_panels:PANELS",
    kpi_cards="callbacks._sipandu_kpis:sipandu_cards",
    sample="modules.sipandu.sample:write_sample",
    extract="modules.sipandu.extract:snapshots_by_entity",
    cli="modules.sipandu.cli:add_commands",
    workers=("modules.sipandu.worker:start",),
    demo_history="simulator.sipandu:fill_demo_history",
    demo_feed="simulator.sipandu:start_live_feed",
    seeder="simulator.sipandu_city:city_seed",
    bench_cases=("bench.sipandu",),
    bench_city_rows=(250_000, "newcomers"),  # five years at about 50,000 a year, with 2.9 million residents
)
