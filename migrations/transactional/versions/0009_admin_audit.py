"""admin_audit: who changed which user, kiosk token, API key, routing rule or SLA override

Revision ID: t0009_admin_audit
Revises: t0007_user_session_version
Create Date: 2026-12-02 07:00:00
"""
import sqlalchemy as sa
from alembic import op


revision = 't0009_admin_audit'
down_revision = 't0007_user_session_version'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        'admin_audit',
        sa.Column('id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), autoincrement=True, nullable=False),
        sa.Column('at', sa.DateTime(), nullable=False),
        sa.Column('actor_user_id', sa.Integer(), nullable=True),
        sa.Column('actor_username', sa.String(length=100), nullable=False),
        sa.Column('action', sa.String(length=32), nullable=False),
        sa.Column('object_type', sa.String(length=32), nullable=False),
        sa.Column('object_key', sa.String(length=100), nullable=False),
        sa.Column('before', sa.JSON(), nullable=True),
        sa.Column('after', sa.JSON(), nullable=True),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_admin_audit')),
    )
    op.create_index('ix_admin_audit_at', 'admin_audit', ['at'])
    op.create_index('ix_admin_audit_object', 'admin_audit', ['object_type', 'object_key'])
    op.create_index('ix_admin_audit_actor', 'admin_audit', ['actor_username'])


def downgrade() -> None:
    op.drop_table('admin_audit')
