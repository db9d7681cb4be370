"""users: a session version, raised to end every session of a user

Revision ID: t0007_user_session_version
Revises: t0006_change_log_schema_version
Create Date: 2026-12-02 05:00:00
"""
import sqlalchemy as sa
from alembic import op


revision = 't0007_user_session_version'
down_revision = 't0006_change_log_schema_version'
branch_labels = None
depends_on = None


def upgrade() -> None:
    # existing users start at 1; their current sessions carry no version and must log in again
    with op.batch_alter_table('users', schema=None) as batch_op:
        batch_op.add_column(sa.Column('session_version', sa.Integer(), server_default='1', nullable=False))


def downgrade() -> None:
    with op.batch_alter_table('users', schema=None) as batch_op:
        batch_op.drop_column('session_version')
