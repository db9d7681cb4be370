"""Imports every model so that metadata (and Alembic) knows every table: core's, then each
registered domain's (core.domains)."""

from core import audit, changelog, reference, users  # noqa: F401
from core.db import Base, WarehouseBase
from core.domains import import_models

# Warehouse tables: ETL bookkeeping and the shared dimensions.
from data import reference as _dimensions  # noqa: F401
from etl import state  # noqa: F401

import_models()

TRANSACTIONAL_METADATA = Base.metadata
WAREHOUSE_METADATA = WarehouseBase.metadata
