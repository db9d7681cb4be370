"""incidents: a partial index on the active incidents (open, dispatched, on scene), for the live
map, the desk and the wall; with statistics, SQLite otherwise scans every incident to find the few

Revision ID: incidents_t0003
Revises: incidents_t0002
Create Date: 2026-12-05 05:10:00
"""
import sqlalchemy as sa
from alembic import op


revision = 'incidents_t0003'
down_revision = 'incidents_t0002'
branch_labels = None
depends_on = None

# Frozen here: a migration never reads the models, which move on.
ACTIVE = sa.text("status IN ('open', 'dispatched', 'on_scene')")


def upgrade() -> None:
    op.create_index('ix_incidents_active', 'incidents', ['status'], unique=False,
                    sqlite_where=ACTIVE, postgresql_where=ACTIVE)


def downgrade() -> None:
    op.drop_index('ix_incidents_active', table_name='incidents')
