"""e-Office (`office`): the registration of the domain (see core.domains): the module
(modules/office: incoming letters registered, distributed, read, disposed down the staff
hierarchy, followed up and archived; outgoing letters drafted, initialled, signed, numbered, sent
and archived; SRIKANDI's counters per person and the ageing per OPD; the JSON API at
/api/office). It builds on the staff registry (domains/staff.py): its migration depends on
staff's first. Its mart (data/office) is filled by etl/office and read by data/office/queries.py:
the Surat page (/surat: one's counters, letters and disposition trees through the module; the
overdue letters, their ageing and the disposition turnaround per OPD from the mart) and the KPI
cards (callbacks/_office_kpis.py)."""

from core.domains import Domain, Mart, SettingsSection
from core.settings import PROJECT_ROOT
from modules.office.settings import OfficeSettings, validate

# Letters, dispositions and the daily counts carry the OPD: an OPD's scope reads its own. Staff
# appear as the registry's ids (fct_staff joins them per unit or supervisor at read time).
OFFICE_MART = Mart(
    name="office",
    tables=("fct_office_letters", "fct_office_dispositions", "agg_office_daily"),
    scope_columns={"opd": "opd_code"},
)

DOMAIN = Domain(
    name="office",
    builds_on=("staff",),  # letters move between the registry's people: its demo staff come first
    package="modules.office",
    settings=SettingsSection("office", OfficeSettings(), validate),
    models=("modules.office.models",),
    migrations={"transactional": PROJECT_ROOT / "migrations" / "transactional" / "office",
                "warehouse": PROJECT_ROOT / "migrations" / "warehouse" / "office"},
    warehouse_models=("data.office.tables",),
    marts=(OFFICE_MART,),
    etl_jobs="etl.office.jobs:JOBS",
    messages="modules.office.messages",
    blueprints=("modules.office.http.api:blueprint",),
    openapi="modules.office.http.openapi:api_description",
    sample="modules.office.sample:write_sample",
    extract="modules.office.extract:snapshots_by_entity",
    seeder="simulator.office_city:city_seed",
    bench_city_rows=(300_000, "letters"),  # a year of every OPD's letters (bench/kinerja.py measures them)
    demo_history="simulator.office:fill_demo_history",
    demo_feed="simulator.office:start_live_feed",
    kpi_cards="callbacks._office_kpis:office_cards",
)
