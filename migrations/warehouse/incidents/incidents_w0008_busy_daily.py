"""incidents: the units' work per dispatch day and agency (agg_incident_busy_daily)

Analisis 112's and the KPI page's unit utilisation summed every dispatch of the period from the
facts on every cold request (80,000 for a year at city scale, 800,000 at ten times).
agg_incident_busy_daily keeps per dispatch day and agency the dispatches, those ended, the ended
ones' busy seconds and the latest end: a day whose dispatches all ended inside a window counts
whole. Filled here from the facts in one statement (the ETL's own query, frozen).

Revision ID: incidents_w0008
Revises: incidents_w0007
Create Date: 2026-12-06 10:00:00
"""
import sqlalchemy as sa
from alembic import op


revision = 'incidents_w0008'
down_revision = 'incidents_w0007'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('agg_incident_busy_daily',
                    sa.Column('day', sa.Date(), nullable=False),
                    sa.Column('agency_code', sa.String(length=32), nullable=False),
                    sa.Column('dispatches', sa.Integer(), nullable=False),
                    sa.Column('ended', sa.Integer(), nullable=False),
                    sa.Column('busy_seconds', sa.Float(), nullable=False),
                    sa.Column('ended_last', sa.DateTime(), nullable=True),
                    sa.PrimaryKeyConstraint('day', 'agency_code', name=op.f('pk_agg_incident_busy_daily')))
    if op.get_bind().dialect.name == "postgresql":
        # today's rows are rewritten by every batch, as the other incident marts (w0001)
        op.execute("ALTER TABLE agg_incident_busy_daily SET (autovacuum_vacuum_scale_factor = 0.02, "
                   "autovacuum_analyze_scale_factor = 0.02, autovacuum_vacuum_insert_scale_factor = 0.02)")
    _fill(op.get_bind())


def _fill(connection) -> None:
    f = sa.table('fct_incident_dispatches', sa.column('dispatched_day', sa.Date),
                 sa.column('agency_code', sa.String), sa.column('cleared_at', sa.DateTime),
                 sa.column('cancelled_at', sa.DateTime), sa.column('busy_seconds', sa.Float))
    busy = sa.table('agg_incident_busy_daily', *[sa.column(name) for name in (
        'day', 'agency_code', 'dispatches', 'ended', 'busy_seconds', 'ended_last')])
    ended_at = sa.func.coalesce(f.c.cleared_at, f.c.cancelled_at)
    keys = [f.c.dispatched_day, f.c.agency_code]
    query = (sa.select(*keys, sa.func.count(), sa.func.sum(sa.case((ended_at.is_not(None), 1), else_=0)),
                       sa.func.coalesce(sa.func.sum(f.c.busy_seconds), 0.0), sa.func.max(ended_at))
             .group_by(*keys))
    connection.execute(busy.insert().from_select([c.name for c in busy.c], query))


def downgrade() -> None:
    op.drop_table('agg_incident_busy_daily')
