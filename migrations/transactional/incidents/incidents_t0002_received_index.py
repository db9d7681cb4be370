"""incidents: an index on incidents.received_at, for the newest incidents (the wall's ticker reads
the twelve newest of five years)

Revision ID: incidents_t0002
Revises: incidents_t0001
Create Date: 2026-12-02 18:45:00
"""
from alembic import op


revision = 'incidents_t0002'
down_revision = 'incidents_t0001'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_index('ix_incidents_received', 'incidents', ['received_at'], unique=False)


def downgrade() -> None:
    op.drop_index('ix_incidents_received', table_name='incidents')
