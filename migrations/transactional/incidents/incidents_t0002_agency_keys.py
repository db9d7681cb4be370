"""incidents: API keys of the agencies' field systems (incident_agency_keys)

Revision ID: incidents_t0002_agency_keys
Revises: incidents_t0001
Create Date: 2026-12-02 14:40:00
"""
from alembic import op
import sqlalchemy as sa


revision = 'incidents_t0002_agency_keys'
down_revision = 'incidents_t0001'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('incident_agency_keys',
    sa.Column('id', sa.Integer(), autoincrement=True, nullable=False),
    sa.Column('agency_code', sa.String(length=32), nullable=False),
    sa.Column('label', sa.String(length=100), nullable=False),
    sa.Column('key_digest', sa.String(length=64), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('revoked_at', sa.DateTime(), nullable=True),
    sa.ForeignKeyConstraint(['agency_code'], ['opd.code'], name=op.f('fk_incident_agency_keys_agency_code_opd')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_incident_agency_keys')),
    sa.UniqueConstraint('key_digest', name=op.f('uq_incident_agency_keys_key_digest'))
    )


def downgrade() -> None:
    op.drop_table('incident_agency_keys')
