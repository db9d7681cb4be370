"""kinerja: the approval backlog read from a partial index of the awaiting lines

The backlog (per OPD, per supervisor, the KPI cards' totals) counts the lines with status
'submitted' of months not closed. Through ix_fct_kinerja_activities_status_opd each of them (a
few days' worth of a quarter: some 200,000 at city scale) was fetched from the table for its month
and submission time: 1.4 s cold on PostgreSQL. ix_fct_kinerja_activities_awaiting holds only those
lines, with every column the backlog reads, and replaces it (nothing else led with the status).

Revision ID: kinerja_w0002
Revises: kinerja_w0001
Create Date: 2026-12-04 16:30:00
"""
from alembic import op
import sqlalchemy as sa


revision = 'kinerja_w0002'
down_revision = 'kinerja_w0001'
branch_labels = None
depends_on = None

AWAITING = sa.text("status = 'submitted'")


def upgrade() -> None:
    with op.batch_alter_table('fct_kinerja_activities', schema=None) as batch_op:
        batch_op.drop_index('ix_fct_kinerja_activities_status_opd')
        batch_op.create_index('ix_fct_kinerja_activities_awaiting', ['opd_code', 'month', 'submitted_at', 'staff_id'],
                              unique=False, postgresql_where=AWAITING, sqlite_where=AWAITING)


def downgrade() -> None:
    with op.batch_alter_table('fct_kinerja_activities', schema=None) as batch_op:
        batch_op.drop_index('ix_fct_kinerja_activities_awaiting', postgresql_where=AWAITING, sqlite_where=AWAITING)
        batch_op.create_index('ix_fct_kinerja_activities_status_opd', ['status', 'opd_code'], unique=False)
