"""office: the open letters read from one covering index

The ageing, the overdue counts and the KPI cards read the open letters, now named by their open
statuses (modules/office/workflow.OPEN) instead of "not done": ix_fct_office_letters_state leads
with the status and holds every column they read (direction, OPD, due date, creation time), so
they no longer scan the year's 300,000 letters. It replaces ix_fct_office_letters_open.

Revision ID: office_w0002
Revises: office_w0001
Create Date: 2026-12-04 17:00:00
"""
from alembic import op


revision = 'office_w0002'
down_revision = 'office_w0001'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('fct_office_letters', schema=None) as batch_op:
        batch_op.drop_index('ix_fct_office_letters_open')
        batch_op.create_index('ix_fct_office_letters_state', ['status', 'direction', 'opd_code', 'due_date',
                                                              'created_at'], unique=False)


def downgrade() -> None:
    with op.batch_alter_table('fct_office_letters', schema=None) as batch_op:
        batch_op.drop_index('ix_fct_office_letters_state')
        batch_op.create_index('ix_fct_office_letters_open', ['opd_code', 'status', 'due_date'], unique=False)
