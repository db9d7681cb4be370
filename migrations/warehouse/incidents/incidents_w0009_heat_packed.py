"""incidents: the heat map's cells packed per day and per month (agg_incident_heat_daily, _monthly)

A year's heat map summed the monthly cell rows (about 30,000 for the city) with a GROUP BY, and
counted the facts of the period's other days: 22 ms of a cold 366-day Analisis 112 at city scale,
the facts' part growing with the city. agg_incident_heat_daily keeps a day's cells in one row,
(lat_cell, lon_cell, incidents) int32 triples sorted by cell; agg_incident_heat_monthly the same
per month, the sum of its days. agg_incident_cells_monthly (w0005) goes. Filled here from the
facts, a month at a time, the cells cut by the database as the facts' own map cuts them (the ETL's
own rebuild, frozen).

Revision ID: incidents_w0009
Revises: incidents_w0008
Create Date: 2026-12-06 12:30:00
"""
from datetime import date, timedelta

import numpy as np
import sqlalchemy as sa
from alembic import op


revision = 'incidents_w0009'
down_revision = 'incidents_w0008'
branch_labels = None
depends_on = None
HEAT_CELLS_PER_DEGREE = 500  # as data/incidents/tables.py when this revision was written
CELLS_DTYPE = np.dtype("<i4")


def upgrade() -> None:
    for name, key in (('agg_incident_heat_daily', 'day'), ('agg_incident_heat_monthly', 'month')):
        op.create_table(name, sa.Column(key, sa.Date(), nullable=False),
                        sa.Column('cells', sa.LargeBinary(), nullable=False),
                        sa.PrimaryKeyConstraint(key, name=op.f(f'pk_{name}')))
    if op.get_bind().dialect.name == "postgresql":
        # today's row is rewritten by every batch, as the other incident marts (w0001)
        op.execute("ALTER TABLE agg_incident_heat_daily SET (autovacuum_vacuum_scale_factor = 0.02, "
                   "autovacuum_analyze_scale_factor = 0.02, autovacuum_vacuum_insert_scale_factor = 0.02)")
    _fill(op.get_bind())
    op.drop_table('agg_incident_cells_monthly')


def _fill(connection) -> None:
    day = sa.column('received_day', sa.Date)
    first, last = connection.execute(sa.select(sa.func.min(day), sa.func.max(day))
                                     .select_from(sa.table('fct_incidents'))).one()
    month = first.replace(day=1) if first else None
    cells = sa.text(
        f"SELECT received_day, CAST(lat * {HEAT_CELLS_PER_DEGREE} AS INTEGER), "
        f"CAST(lon * {HEAT_CELLS_PER_DEGREE} AS INTEGER), COUNT(*) FROM fct_incidents "
        "WHERE received_day >= :month AND received_day < :next AND lat IS NOT NULL AND lon IS NOT NULL "
        "GROUP BY 1, 2, 3"
    ).bindparams(sa.bindparam('month', type_=sa.Date), sa.bindparam('next', type_=sa.Date))
    daily = sa.table('agg_incident_heat_daily', sa.column('day', sa.Date), sa.column('cells', sa.LargeBinary))
    monthly = sa.table('agg_incident_heat_monthly', sa.column('month', sa.Date), sa.column('cells', sa.LargeBinary))
    while month is not None and month <= last:
        following = (month + timedelta(days=32)).replace(day=1)
        by_day: dict[date, list[tuple]] = {}
        for received, *cell in connection.execute(cells, {'month': month, 'next': following}):
            received = received if isinstance(received, date) else date.fromisoformat(str(received)[:10])
            by_day.setdefault(received, []).append(tuple(cell))
        if by_day:
            connection.execute(daily.insert(), [{'day': received, 'cells': _packed(rows)}
                                                for received, rows in sorted(by_day.items())])
            connection.execute(monthly.insert(), [{'month': month, 'cells': _packed(
                [cell for rows in by_day.values() for cell in rows])}])
        month = following


def _packed(rows: list[tuple]) -> bytes:
    """(lat_cell, lon_cell, incidents) rows, a cell's counts added, sorted by cell, as int32 bytes."""
    summed: dict[tuple, int] = {}
    for lat, lon, incidents in rows:
        summed[(lat, lon)] = summed.get((lat, lon), 0) + incidents
    return np.asarray([(lat, lon, n) for (lat, lon), n in sorted(summed.items())], dtype=CELLS_DTYPE).tobytes()


def downgrade() -> None:
    op.drop_table('agg_incident_heat_daily')
    op.drop_table('agg_incident_heat_monthly')
    op.create_table('agg_incident_cells_monthly',
                    sa.Column('month', sa.Date(), nullable=False),
                    sa.Column('lat_cell', sa.Integer(), nullable=False),
                    sa.Column('lon_cell', sa.Integer(), nullable=False),
                    sa.Column('incidents', sa.Integer(), nullable=False),
                    sa.PrimaryKeyConstraint('month', 'lat_cell', 'lon_cell'))
    op.execute("INSERT INTO agg_incident_cells_monthly (month, lat_cell, lon_cell, incidents) SELECT "
               f"{_month_of('received_day')}, CAST(lat * {HEAT_CELLS_PER_DEGREE} AS INTEGER), "
               f"CAST(lon * {HEAT_CELLS_PER_DEGREE} AS INTEGER), COUNT(*) FROM fct_incidents "
               "WHERE lat IS NOT NULL AND lon IS NOT NULL GROUP BY 1, 2, 3")


def _month_of(column: str) -> str:
    if op.get_bind().dialect.name == "postgresql":
        return f"CAST(date_trunc('month', {column}) AS DATE)"
    return f"date({column}, 'start of month')"
