"""Imports every model so that metadata (and Alembic) knows every table.

A new module adds its models import here.
"""

from core import changelog, reference, users  # noqa: F401
from core.db import Base, WarehouseBase
from modules.complaints import models as _complaints  # noqa: F401

# Warehouse tables: ETL bookkeeping, dimensions, marts.
from data import reference as _dimensions  # noqa: F401
from data.complaints import tables as _complaint_marts  # noqa: F401
from etl import state  # noqa: F401

TRANSACTIONAL_METADATA = Base.metadata
WAREHOUSE_METADATA = WarehouseBase.metadata
