"""change_log.actor: the account that made a change (e-Kinerja proposes a person's day from it)

Revision ID: t0010_change_log_actor
Revises: t0009_admin_audit
Create Date: 2026-12-03 22:30:00
"""
import sqlalchemy as sa
from alembic import op


revision = 't0010_change_log_actor'
down_revision = 't0009_admin_audit'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('change_log', schema=None) as batch_op:
        batch_op.add_column(sa.Column('actor', sa.String(length=64), nullable=True))
        batch_op.create_index('ix_change_log_actor_recorded', ['actor', 'recorded_at'], unique=False)


def downgrade() -> None:
    with op.batch_alter_table('change_log', schema=None) as batch_op:
        batch_op.drop_index('ix_change_log_actor_recorded')
        batch_op.drop_column('actor')
