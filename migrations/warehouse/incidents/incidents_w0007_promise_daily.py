"""incidents: the city's incidents per day, category and promise, counted against it (agg_incident_promise_daily)

The 112 KPI cards and Analisis 112's promise per day counted the period's facts against the
promise on every cold request (some 12,000 incidents for 30 days). agg_incident_promise_daily
keeps per day, category and promise the incidents, met, late and unreached, and the latest due
time of the unreached: a moment past it knows every unreached one has breached. Filled here from
the facts in one statement (the ETL's own query, frozen).

Revision ID: incidents_w0007
Revises: incidents_w0006
Create Date: 2026-12-05 23:00:00
"""
import sqlalchemy as sa
from alembic import op


revision = 'incidents_w0007'
down_revision = 'incidents_w0006'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('agg_incident_promise_daily',
                    sa.Column('day', sa.Date(), nullable=False),
                    sa.Column('category_code', sa.String(length=48), nullable=False),
                    sa.Column('promise_seconds', sa.Integer(), nullable=False),
                    sa.Column('incidents', sa.Integer(), nullable=False),
                    sa.Column('met', sa.Integer(), nullable=False),
                    sa.Column('late', sa.Integer(), nullable=False),
                    sa.Column('unreached', sa.Integer(), nullable=False),
                    sa.Column('unreached_due_last', sa.DateTime(), nullable=True),
                    sa.PrimaryKeyConstraint('day', 'category_code', 'promise_seconds',
                                            name=op.f('pk_agg_incident_promise_daily')))
    if op.get_bind().dialect.name == "postgresql":
        # today's rows are rewritten by every batch, as the other incident marts (w0001)
        op.execute("ALTER TABLE agg_incident_promise_daily SET (autovacuum_vacuum_scale_factor = 0.02, "
                   "autovacuum_analyze_scale_factor = 0.02, autovacuum_vacuum_insert_scale_factor = 0.02)")
    _fill(op.get_bind())


def _fill(connection) -> None:
    f = sa.table('fct_incidents', sa.column('received_day', sa.Date), sa.column('category_code', sa.String),
                 sa.column('response_promise_seconds', sa.Integer), sa.column('cancelled_at', sa.DateTime),
                 sa.column('first_on_scene_at', sa.DateTime), sa.column('late', sa.Boolean),
                 sa.column('due_at', sa.DateTime))
    promise = sa.table('agg_incident_promise_daily', *[sa.column(name) for name in (
        'day', 'category_code', 'promise_seconds', 'incidents', 'met', 'late', 'unreached', 'unreached_due_last')])

    def count_if(condition):
        return sa.func.sum(sa.case((condition, 1), else_=0))

    live = f.c.cancelled_at.is_(None)
    unreached = live & f.c.first_on_scene_at.is_(None)
    keys = [f.c.received_day, f.c.category_code, f.c.response_promise_seconds]
    query = (sa.select(*keys, sa.func.count(), count_if(live & f.c.first_on_scene_at.is_not(None) & f.c.late.is_(False)),
                       count_if(live & f.c.late.is_(True)), count_if(unreached),
                       sa.func.max(sa.case((unreached, f.c.due_at), else_=None)))
             .group_by(*keys))
    connection.execute(promise.insert().from_select([c.name for c in promise.c], query))


def downgrade() -> None:
    op.drop_table('agg_incident_promise_daily')
