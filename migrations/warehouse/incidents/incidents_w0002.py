"""incidents: the monthly response times per breakdown (agg_incident_response_monthly)

The city's response P50 / P90 by agency, kecamatan, category and hour over a year were worked out
from ~70,000 facts per request; this aggregate keeps each month's values per breakdown code, sorted
and packed, so whole months are read from a few hundred rows and the quantiles stay exact. Filled
by `python -m etl run` (a running city: `python -m etl run --full-refresh` once, for the past).

Revision ID: incidents_w0002
Revises: incidents_w0001
Create Date: 2026-12-02 18:29:41.513125
"""
from alembic import op
import sqlalchemy as sa


revision = 'incidents_w0002'
down_revision = 'incidents_w0001'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('agg_incident_response_monthly',
    sa.Column('month', sa.Date(), nullable=False),
    sa.Column('dimension', sa.String(length=16), nullable=False),
    sa.Column('code', sa.String(length=48), nullable=False),
    sa.Column('n', sa.Integer(), nullable=False),
    sa.Column('response_seconds', sa.LargeBinary(), nullable=False),
    sa.PrimaryKeyConstraint('month', 'dimension', 'code', name=op.f('pk_agg_incident_response_monthly'))
    )
    if op.get_bind().dialect.name == "postgresql":
        # the current month's rows are rewritten by every batch, as the other incident marts (w0001)
        op.execute("ALTER TABLE agg_incident_response_monthly SET (autovacuum_vacuum_scale_factor = 0.02, "
                   "autovacuum_analyze_scale_factor = 0.02, autovacuum_vacuum_insert_scale_factor = 0.02)")


def downgrade() -> None:
    op.drop_table('agg_incident_response_monthly')
