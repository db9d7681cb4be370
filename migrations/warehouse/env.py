from core.all_models import WAREHOUSE_METADATA
from migrations.env_common import run_migrations

run_migrations(WAREHOUSE_METADATA)
