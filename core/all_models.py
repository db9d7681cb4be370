"""Imports every model so that metadata (and Alembic) knows every table.

A new module adds its models import here.
"""

from core import changelog, reference, users  # noqa: F401
from core.db import Base, WarehouseBase

# Warehouse tables.
from etl import state  # noqa: F401

TRANSACTIONAL_METADATA = Base.metadata
WAREHOUSE_METADATA = WarehouseBase.metadata
