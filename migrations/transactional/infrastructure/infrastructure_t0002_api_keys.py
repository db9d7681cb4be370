"""infrastructure: API keys of the monitoring integrations (Alertmanager, Zabbix; modules/infrastructure/keys.py)

Revision ID: infrastructure_t0002_api_keys
Revises: infrastructure_t0001
Create Date: 2026-12-02 17:35:00.000000
"""
from alembic import op
import sqlalchemy as sa


revision = 'infrastructure_t0002_api_keys'
down_revision = 'infrastructure_t0001'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('infra_api_keys',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('integration', sa.String(length=20), nullable=False),
    sa.Column('label', sa.String(length=100), nullable=False),
    sa.Column('key_digest', sa.String(length=64), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('revoked_at', sa.DateTime(), nullable=True),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_infra_api_keys')),
    sa.UniqueConstraint('key_digest', name=op.f('uq_infra_api_keys_key_digest'))
    )


def downgrade() -> None:
    op.drop_table('infra_api_keys')
