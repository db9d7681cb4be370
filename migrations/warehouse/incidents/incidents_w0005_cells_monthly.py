"""incidents: the heat map's cells per month

A year's heat map counted ~65,000 facts per cell on every cold request (SQLite at city scale: about
120 ms of the Analisis page's 330). agg_incident_cells_monthly keeps the placed incidents per
received month and cell, recomputed by the ETL for the months whose incidents were placed, moved
or went; a city-wide year reads it for its whole months. Filled here from the facts, a month at a
time (the ETL's own rebuild, frozen as SQL).

Revision ID: incidents_w0005
Revises: incidents_w0004
Create Date: 2026-12-03 11:45:00
"""
from datetime import timedelta

import sqlalchemy as sa
from alembic import op


revision = 'incidents_w0005'
down_revision = 'incidents_w0004'
branch_labels = None
depends_on = None
HEAT_CELLS_PER_DEGREE = 500  # as data/incidents/tables.py when this revision was written


def upgrade() -> None:
    op.create_table('agg_incident_cells_monthly',
                    sa.Column('month', sa.Date(), nullable=False),
                    sa.Column('lat_cell', sa.Integer(), nullable=False),
                    sa.Column('lon_cell', sa.Integer(), nullable=False),
                    sa.Column('incidents', sa.Integer(), nullable=False),
                    sa.PrimaryKeyConstraint('month', 'lat_cell', 'lon_cell'))
    _fill(op.get_bind())


def _fill(connection) -> None:
    day = sa.column('received_day', sa.Date)
    first, last = connection.execute(sa.select(sa.func.min(day), sa.func.max(day))
                                     .select_from(sa.table('fct_incidents'))).one()
    month = first.replace(day=1) if first else None
    fill = sa.text(
        "INSERT INTO agg_incident_cells_monthly (month, lat_cell, lon_cell, incidents) "
        f"SELECT :month, CAST(lat * {HEAT_CELLS_PER_DEGREE} AS INTEGER), CAST(lon * {HEAT_CELLS_PER_DEGREE} AS INTEGER), "
        "COUNT(*) FROM fct_incidents WHERE received_day >= :month AND received_day < :next "
        "AND lat IS NOT NULL AND lon IS NOT NULL GROUP BY 2, 3"
    ).bindparams(sa.bindparam('month', type_=sa.Date), sa.bindparam('next', type_=sa.Date))
    while month is not None and month <= last:
        following = (month + timedelta(days=32)).replace(day=1)
        connection.execute(fill, {'month': month, 'next': following})
        month = following


def downgrade() -> None:
    op.drop_table('agg_incident_cells_monthly')
