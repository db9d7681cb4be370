"""change log: the schema version of each payload

Revision ID: t0006_change_log_schema_version
Revises: t0004_official_region_codes
Create Date: 2026-12-02 04:00:00
"""
import sqlalchemy as sa
from alembic import op


revision = 't0006_change_log_schema_version'
down_revision = 't0004_official_region_codes'
branch_labels = None
depends_on = None


def upgrade() -> None:
    # the rows already written carry version 1 payloads, the only version there was
    with op.batch_alter_table('change_log', schema=None) as batch_op:
        batch_op.add_column(sa.Column('schema_version', sa.Integer(), server_default='1', nullable=False))


def downgrade() -> None:
    with op.batch_alter_table('change_log', schema=None) as batch_op:
        batch_op.drop_column('schema_version')
