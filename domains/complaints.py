"""Complaints / Media Center: the registration of the complaints domain (see core.domains)."""

from core.domains import Domain, Mart, SettingsSection
from core.settings import PROJECT_ROOT
from modules.complaints.settings import ComplaintSettings, validate

# The complaint facts and daily aggregate carry the three area scope columns; the one-dimension
# slices do not, so only a city-wide scope reads them (data/complaints/queries.py falls back to the
# facts for the others). Only the facts carry the RW and RT a citizen named: an RT/RW head's scope
# reads the facts and nothing of the daily aggregate.
COMPLAINTS_MART = Mart(
    name="complaints",
    tables=("fct_complaints", "agg_complaints_daily"),
    city_wide_tables=("agg_complaints_slices", "agg_complaints_pairs", "agg_complaints_pairs_monthly",
                      "agg_complaints_response_daily"),
    coarse_tables=("agg_complaints_daily",),
    scope_columns={"opd": "opd_code", "kecamatan": "kecamatan_code", "kelurahan": "kelurahan_code",
                   "rw": "rw", "rt": "rt"},
)

DOMAIN = Domain(
    name="complaints",
    package="modules.complaints",
    settings=SettingsSection("complaints", ComplaintSettings(), validate),
    models=("modules.complaints.models",),
    warehouse_models=("data.complaints.tables",),
    # the branch's revisions; t0002, w0002 and w0003 came before branches and stay on the trunk
    migrations={"transactional": PROJECT_ROOT / "migrations" / "transactional" / "complaints",
                "warehouse": PROJECT_ROOT / "migrations" / "warehouse" / "complaints"},
    reference="modules.complaints.reference:load_complaint_reference",
    dimensions="etl.complaints.dimensions:sync_complaint_dimensions",
    messages="modules.complaints.messages",
    marts=(COMPLAINTS_MART,),
    etl_jobs="etl.complaints.job:JOBS",
    blueprints=("modules.complaints.http.open311:blueprint", "modules.complaints.http.public:blueprint",
                "modules.complaints.http.webhook:blueprint"),
    downloads=("downloads.complaints:blueprint", "downloads.complaint_photos:blueprint"),
    wall_panels="layouts.components.wall_complaint_panels:PANELS",
    openapi="modules.complaints.open311.openapi:api_description",
    kpi_cards="callbacks._complaint_kpis:complaint_cards",
    today="callbacks._complaint_today:complaint_today",
    warm_up="data.complaints.queries:load_reference",
    workers=("modules.complaints.sweeper:start_sweeper", "modules.complaints.notify_worker:start_delivery",
             "modules.complaints.notify_worker:start_digests"),
    cli="modules.complaints.cli:add_commands",
    init="modules.complaints.cli:first_run",
    demo_history="simulator.complaints:fill_demo_history",
    demo_feed="simulator.complaints:start_live_feed",
    seeder="simulator.city:city_seed",
    bench_cases=("bench.etl", "bench.callbacks", "bench.wall", "bench.payload"),  # etl first: it fills the marts
    bench_wall_event="bench.wall_complaints:EVENT",
    sample="simulator.complaints:write_sample",
    extract="modules.complaints.extract:snapshots_by_entity",
)
