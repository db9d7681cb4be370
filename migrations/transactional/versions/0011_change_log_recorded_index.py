"""change_log (recorded_at, position): the hourly prune finds its old rows without reading the whole log

Revision ID: t0011_change_log_recorded
Revises: t0010_change_log_actor
Create Date: 2026-12-05 19:30:00
"""
from alembic import op


revision = 't0011_change_log_recorded'
down_revision = 't0010_change_log_actor'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('change_log', schema=None) as batch_op:
        batch_op.create_index('ix_change_log_recorded_position', ['recorded_at', 'position'], unique=False)


def downgrade() -> None:
    with op.batch_alter_table('change_log', schema=None) as batch_op:
        batch_op.drop_index('ix_change_log_recorded_position')
