"""The staff registry (`staff`): the registration of the domain (see core.domains): the module
(modules/staff: people, their NIP, OPD, unit, position and supervisor, their Pantau user; the
service, the CSV import, the access rules, the JSON API at /api/staff and its OpenAPI part, the
`manage.py staff` commands) and its demo (simulator/staff.py). e-Kinerja and e-Office
(domains/kinerja.py, domains/office.py) build on it: their migrations depend on its first.

Its mart (data/staff, filled by etl/staff from the `staff` snapshots: ids, codes, the unit, the
state) gives e-Kinerja and e-Office the people per OPD, unit and supervisor."""

from core.domains import Domain, Mart
from core.settings import PROJECT_ROOT

# One row per person (pseudonymous id, OPD, unit, supervisor id, active, has a user): an OPD's scope
# reads its own people.
STAFF_MART = Mart(name="staff", tables=("fct_staff",), scope_columns={"opd": "opd_code"})

DOMAIN = Domain(
    name="staff",
    package="modules.staff",
    models=("modules.staff.models",),
    migrations={"transactional": PROJECT_ROOT / "migrations" / "transactional" / "staff",
                "warehouse": PROJECT_ROOT / "migrations" / "warehouse" / "staff"},
    warehouse_models=("data.staff.tables",),
    marts=(STAFF_MART,),
    etl_jobs="etl.staff.jobs:JOBS",
    messages="modules.staff.messages",
    blueprints=("modules.staff.http.api:blueprint",),
    openapi="modules.staff.http.openapi:api_description",
    sample="modules.staff.sample:write_sample",
    extract="modules.staff.extract:snapshots_by_entity",
    cli="modules.staff.cli:add_commands",
    demo_history="simulator.staff:fill_demo_staff",
)
