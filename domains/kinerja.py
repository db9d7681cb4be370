"""e-Kinerja (`kinerja`): civil servants' daily activities, their supervisor's approval, the monthly
lock and the quarterly score. The registration of the domain (see core.domains): the module
(modules/kinerja: activities linked to the plan's sub kegiatan or to the cases a person handled,
proposed from the change log; the approval by the staff hierarchy; scores per PermenPANRB 6/2022),
its JSON API, its command and its demo; its mart (data/kinerja) and ETL (etl/kinerja); the Kinerja page
(/kinerja), the desks "Aktivitas saya" (/kinerja/aktivitas) and "Persetujuan" (/kinerja/persetujuan)
(found by Dash in layouts/), and its KPI cards."""

from core.domains import Domain, Mart, SettingsSection
from core.settings import PROJECT_ROOT
from modules.kinerja.settings import KinerjaSettings, validate

# Activities, days and scores carry the OPD (an OPD's scope reads its own); staff ids are pseudonymous.
# The closed months (fct_kinerja_periods) have no OPD: only a city-wide scope reads them, the daily
# aggregate carries each day's lock for every scope. Approval per supervisor joins the staff mart
# (fct_staff.supervisor_id) on staff_id at read time (data/kinerja/tables.py).
KINERJA_MART = Mart(
    name="kinerja",
    tables=("fct_kinerja_activities", "agg_kinerja_daily", "fct_kinerja_scores"),
    scope_columns={"opd": "opd_code"},
    city_wide_tables=("fct_kinerja_periods",),
)

DOMAIN = Domain(
    name="kinerja",
    builds_on=("staff",),   # its people, their users and supervisors; the staff demo runs first
    package="modules.kinerja",
    settings=SettingsSection("kinerja", KinerjaSettings(), validate),
    models=("modules.kinerja.models",),
    migrations={"transactional": PROJECT_ROOT / "migrations" / "transactional" / "kinerja",
                "warehouse": PROJECT_ROOT / "migrations" / "warehouse" / "kinerja"},
    warehouse_models=("data.kinerja.tables",),
    marts=(KINERJA_MART,),
    etl_jobs="etl.kinerja.jobs:JOBS",
    messages="modules.kinerja.messages",
    blueprints=("modules.kinerja.http.api:blueprint",),
    kpi_cards="callbacks._kinerja_kpis:kinerja_cards",
    openapi="modules.kinerja.http.openapi:api_description",
    sample="modules.kinerja.sample:write_sample",
    extract="modules.kinerja.extract:snapshots_by_entity",
    cli="modules.kinerja.cli:add_commands",
    seeder="simulator.kinerja_city:city_seed",
    bench_cases=("bench.kinerja",),  # e-Kinerja's and e-Office's ETL and pages, one family
    bench_city_rows=(7_500_000, "activities"),  # one quarter: 20,000 staff x about 62 working days x 6 lines
    demo_history="simulator.kinerja:fill_demo_history",
    demo_feed="simulator.kinerja:start_live_feed",
)
