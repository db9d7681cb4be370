"""Infrastructure monitoring (`infrastructure`): the registration of the domain (see core.domains).

This is the read side's part (etl/infrastructure, data/infrastructure and the warehouse branch
migrations/warehouse/infrastructure); the module's part (modules/infrastructure: inventory,
states, prober, alerts) is registered in the same object on the write side's branch, and the two
are merged into one registration.
"""

from core.domains import Domain, Mart
from core.settings import PROJECT_ROOT

# Every infrastructure table carries its device's owner OPD, kecamatan and kelurahan: an OPD reads
# its own devices, a camat or lurah the devices in his district (an RW or RT scope reads nothing).
INFRA_SCOPE_COLUMNS = {"opd": "opd_code", "kecamatan": "kecamatan_code", "kelurahan": "kelurahan_code"}
DEVICES_MART = Mart(name="infra_devices", tables=("fct_infra_devices",), scope_columns=INFRA_SCOPE_COLUMNS)
OUTAGES_MART = Mart(name="infra_outages", tables=("fct_infra_outages", "fct_infra_events"),
                    scope_columns=INFRA_SCOPE_COLUMNS)
AVAILABILITY_MART = Mart(name="infra_availability", tables=("agg_infra_availability_daily",),
                         scope_columns=INFRA_SCOPE_COLUMNS)

DOMAIN = Domain(
    name="infrastructure",
    package="modules.infrastructure",
    warehouse_models=("data.infrastructure.tables",),
    migrations={"warehouse": PROJECT_ROOT / "migrations" / "warehouse" / "infrastructure"},
    marts=(DEVICES_MART, OUTAGES_MART, AVAILABILITY_MART),
    etl_jobs="etl.infrastructure.job:JOBS",
)
