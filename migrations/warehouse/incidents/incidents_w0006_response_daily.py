"""incidents: the response times per day and breakdown (agg_incident_response_daily)

The city's response P50 / P90 over the days of a period outside its whole months (all of a 30-day
period: the mayor's KPI cards, Analisis 112's last 30 days) were read from the facts on every cold
request. agg_incident_response_daily keeps each day's values per breakdown code, sorted and packed,
as agg_incident_response_monthly does per month. Filled here from the facts, a month at a time
(the ETL's own rebuild, frozen).

Revision ID: incidents_w0006
Revises: incidents_w0005
Create Date: 2026-12-05 16:20:00
"""
from datetime import date, timedelta

import numpy as np
import sqlalchemy as sa
from alembic import op


revision = 'incidents_w0006'
down_revision = 'incidents_w0005'
branch_labels = None
depends_on = None
# breakdown -> fct_incidents column, as data/incidents/tables.py when this revision was written
BREAKDOWNS = {"agency": "lead_agency_code", "kecamatan": "kecamatan_code", "category": "category_code",
              "hour": "received_hour"}


def upgrade() -> None:
    op.create_table('agg_incident_response_daily',
                    sa.Column('day', sa.Date(), nullable=False),
                    sa.Column('dimension', sa.String(length=16), nullable=False),
                    sa.Column('code', sa.String(length=48), nullable=False),
                    sa.Column('n', sa.Integer(), nullable=False),
                    sa.Column('response_seconds', sa.LargeBinary(), nullable=False),
                    sa.PrimaryKeyConstraint('day', 'dimension', 'code', name=op.f('pk_agg_incident_response_daily')))
    if op.get_bind().dialect.name == "postgresql":
        # today's rows are rewritten by every batch, as the other incident marts (w0001)
        op.execute("ALTER TABLE agg_incident_response_daily SET (autovacuum_vacuum_scale_factor = 0.02, "
                   "autovacuum_analyze_scale_factor = 0.02, autovacuum_vacuum_insert_scale_factor = 0.02)")
    _fill(op.get_bind())


def _fill(connection) -> None:
    facts = sa.table('fct_incidents', sa.column('received_day', sa.Date), sa.column('response_seconds', sa.Float),
                     *[sa.column(column) for column in BREAKDOWNS.values()])
    first, last = connection.execute(sa.select(sa.func.min(facts.c.received_day),
                                               sa.func.max(facts.c.received_day))).one()
    month = first.replace(day=1) if first else None
    daily = sa.table('agg_incident_response_daily', *[sa.column(name) for name in
                                                       ('day', 'dimension', 'code', 'n', 'response_seconds')])
    while month is not None and month <= last:
        following = (month + timedelta(days=32)).replace(day=1)
        query = (sa.select(facts.c.received_day, *[facts.c[column] for column in BREAKDOWNS.values()],
                           facts.c.response_seconds)
                 .where(facts.c.received_day >= month, facts.c.received_day < following,
                        facts.c.response_seconds.is_not(None)))
        rows = _packed_rows(connection.execute(query).all())
        if rows:
            connection.execute(daily.insert(), rows)
        month = following


def _packed_rows(facts: list) -> list[dict]:
    """One row per day, breakdown and code with its response seconds sorted, as float64 bytes."""
    collected: dict[tuple, list[float]] = {}
    for day, *codes, seconds in facts:
        day = day if isinstance(day, date) else date.fromisoformat(str(day)[:10])
        for dimension, code in zip(BREAKDOWNS, codes):
            collected.setdefault((day, dimension, str(code)), []).append(float(seconds))
    return [{"day": day, "dimension": dimension, "code": code, "n": len(values),
             "response_seconds": np.sort(np.asarray(values, dtype=np.float64)).tobytes()}
            for (day, dimension, code), values in sorted(collected.items())]


def downgrade() -> None:
    op.drop_table('agg_incident_response_daily')
