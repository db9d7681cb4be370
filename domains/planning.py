"""e-Musrenbang -> e-Planning -> e-Budgeting -> realisation (`planning`): the registration of the
planning domain (see core.domains): the module (modules/planning: the proposal dictionary,
proposals and their rounds, the annual plan, the budget, payments and works with their progress)."""

from core.domains import Domain, Mart, SettingsSection
from core.settings import PROJECT_ROOT
from modules.planning.settings import PlanningSettings, validate

# Proposals carry their district, RW and OPD (the item's): a camat, a lurah, an RW head and an OPD
# each read their own; the aggregates are summed over the RW (an RW head reads the facts).
PROPOSALS_MART = Mart(
    name="planning_proposals",
    tables=("fct_planning_proposals", "agg_planning_pipeline", "agg_planning_rejections"),
    scope_columns={"opd": "opd_code", "kecamatan": "kecamatan_code", "kelurahan": "kelurahan_code", "rw": "rw"},
    coarse_tables=("agg_planning_pipeline", "agg_planning_rejections"),
)
# The budget, its realisation and the works (data/planning/budget_tables.py): an OPD reads its own.
BUDGET_MART = Mart(
    name="planning_budget",
    tables=("fct_planning_budget_lines", "fct_planning_payments", "fct_planning_works", "agg_planning_budget_monthly",
            "agg_planning_progress"),
    scope_columns={"opd": "opd_code"},
)

DOMAIN = Domain(
    name="planning",
    package="modules.planning",
    settings=SettingsSection("planning", PlanningSettings(), validate),
    models=("modules.planning.models", "modules.planning.budget_models"),
    migrations={"transactional": PROJECT_ROOT / "migrations" / "transactional" / "planning",
                "warehouse": PROJECT_ROOT / "migrations" / "warehouse" / "planning"},
    warehouse_models=("data.planning.tables", "data.planning.budget_tables"),
    marts=(PROPOSALS_MART, BUDGET_MART),
    etl_jobs="etl.planning.jobs:JOBS",
    reference="modules.planning.reference:load_planning_reference",
    messages="modules.planning.messages",
    blueprints=("modules.planning.http.proposals:blueprint", "modules.planning.http.budget:blueprint",
                "modules.planning.http.public:blueprint"),  # the citizens' /usulan pages (PUBLIC_PREFIXES)
    openapi="modules.planning.http.openapi:api_description",  # merges the budget API's (http/budget_openapi.py)
    sample="modules.planning.sample:write_sample",
    extract="modules.planning.extract:snapshots_by_entity",
    wall_panels="layouts.components.wall_planning_panels:PANELS",
    kpi_cards="callbacks._planning_kpis:planning_cards",
    demo_history="simulator.planning:fill_demo_history",
    demo_feed="simulator.planning:start_live_feed",
    seeder="simulator.planning_city:city_seed",
    bench_cases=("bench.planning",),
    bench_city_rows=(50_000, "proposals"),  # five years at about 10,000 a year (issue 15)
)
