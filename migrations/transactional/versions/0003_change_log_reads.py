"""change log: index on (entity, position) for the ETL's reads

Revision ID: t0003_change_log_reads
Revises: t0002_complaints
Create Date: 2026-11-23 00:20:00
"""
from alembic import op


revision = 't0003_change_log_reads'
down_revision = 't0002_complaints'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('change_log', schema=None) as batch_op:
        batch_op.create_index('ix_change_log_entity_position', ['entity', 'position'], unique=False)


def downgrade() -> None:
    with op.batch_alter_table('change_log', schema=None) as batch_op:
        batch_op.drop_index('ix_change_log_entity_position')
