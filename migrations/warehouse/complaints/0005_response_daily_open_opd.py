"""complaints: the minutes to first response per day and slice as sorted arrays; the open facts by OPD

agg_complaints_response_daily keeps each day's measured minutes per slice (as
agg_complaints_slices: 'all', kecamatan, opd, category, channel), sorted float64 arrays, so the KPI
cards' median of a year reads 366 rows instead of sorting a year of facts. It is filled here from the
facts, as the ETL builds it (etl/complaints/aggregates.py), frozen: a quarter at a time, each day's
values per code sorted and packed little-endian.

ix_fct_complaints_open_opd (is_open, opd_code, received_day): an OPD's open queue and backlog read its open
complaints, not every complaint the OPD ever had through ix_fct_complaints_opd_day.

Revision ID: w0005_complaint_response_daily
Revises: w0004_complaint_rw
Create Date: 2026-12-04 22:30:00
"""
from datetime import date, timedelta

from alembic import op
import numpy as np
import pandas as pd
import sqlalchemy as sa


revision = 'w0005_complaint_response_daily'
down_revision = 'w0004_complaint_rw'
branch_labels = None
depends_on = None

SLICES = {'kecamatan': 'kecamatan_code', 'opd': 'opd_code', 'category': 'category_code', 'channel': 'channel'}


def upgrade() -> None:
    table = op.create_table(
        'agg_complaints_response_daily',
        sa.Column('dimension', sa.String(length=16), nullable=False),
        sa.Column('day', sa.Date(), nullable=False),
        sa.Column('code', sa.String(length=32), nullable=False),
        sa.Column('n', sa.Integer(), nullable=False),
        sa.Column('response_minutes', sa.LargeBinary(), nullable=False),
        sa.PrimaryKeyConstraint('dimension', 'day', 'code', name=op.f('pk_agg_complaints_response_daily')),
    )
    with op.batch_alter_table('fct_complaints', schema=None) as batch_op:
        batch_op.create_index('ix_fct_complaints_open_opd', ['is_open', 'opd_code', 'received_day'], unique=False)
    _fill(op.get_bind(), table)


def _fill(connection, table) -> None:
    first, last = connection.execute(sa.text("SELECT min(received_day), max(received_day) FROM fct_complaints")).one()
    first, last = (None, None) if first is None else (date.fromisoformat(str(first)), date.fromisoformat(str(last)))
    while first is not None and first <= last:
        stop = first + timedelta(days=92)
        facts = pd.DataFrame(connection.execute(sa.text(
            "SELECT received_day, kecamatan_code, opd_code, category_code, channel, minutes_to_first_response "
            "FROM fct_complaints WHERE received_day >= :first AND received_day < :stop "
            "AND minutes_to_first_response IS NOT NULL"), {"first": first, "stop": stop}).all(),
            columns=['day', *SLICES.values(), 'minutes'])
        rows = []
        for dimension, column in [('all', None), *SLICES.items()]:
            keys = ['day'] if column is None else ['day', column]
            for key, minutes in facts.groupby(keys, sort=False)['minutes']:
                values = np.sort(minutes.to_numpy(dtype='<f8'))
                rows.append({'dimension': dimension, 'day': date.fromisoformat(str(key[0])),
                             'code': '' if column is None else key[1], 'n': len(values),
                             'response_minutes': values.tobytes()})
        if rows:
            connection.execute(table.insert(), rows)
        first = stop


def downgrade() -> None:
    with op.batch_alter_table('fct_complaints', schema=None) as batch_op:
        batch_op.drop_index('ix_fct_complaints_open_opd')
    op.drop_table('agg_complaints_response_daily')
