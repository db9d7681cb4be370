"""planning: the proposal dictionary, the Permendagri 90 nomenclature, proposals with their photos,
events and numbers (the first revision of the planning branch, on core's newest revision)

Revision ID: planning_t0001
Revises: t0012_complaint_rw
Create Date: 2026-12-02 20:53:40.061133
"""
from alembic import op
import sqlalchemy as sa


revision = 'planning_t0001'
down_revision = 't0012_complaint_rw'
branch_labels = ('planning',)
depends_on = None


def upgrade() -> None:
    op.create_table('planning_nomenclature',
    sa.Column('code', sa.String(length=24), nullable=False),
    sa.Column('level', sa.String(length=16), nullable=False),
    sa.Column('name', sa.String(length=300), nullable=False),
    sa.PrimaryKeyConstraint('code', name=op.f('pk_planning_nomenclature'))
    )
    op.create_table('planning_number_counters',
    sa.Column('period', sa.String(length=8), nullable=False),
    sa.Column('last_number', sa.Integer(), nullable=False),
    sa.PrimaryKeyConstraint('period', name=op.f('pk_planning_number_counters'))
    )
    op.create_table('planning_items',
    sa.Column('code', sa.String(length=24), nullable=False),
    sa.Column('name', sa.String(length=200), nullable=False),
    sa.Column('unit', sa.String(length=16), nullable=False),
    sa.Column('unit_cost_rupiah', sa.BigInteger(), nullable=False),
    sa.Column('max_volume', sa.Float(), nullable=False),
    sa.Column('opd_code', sa.String(length=32), nullable=False),
    sa.Column('kind', sa.String(length=24), nullable=False),
    sa.Column('active', sa.Boolean(), nullable=False),
    sa.ForeignKeyConstraint(['opd_code'], ['opd.code'], name=op.f('fk_planning_items_opd_code_opd')),
    sa.PrimaryKeyConstraint('code', name=op.f('pk_planning_items'))
    )
    op.create_table('planning_proposals',
    sa.Column('id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), autoincrement=True, nullable=False),
    sa.Column('number', sa.String(length=24), nullable=False),
    sa.Column('year', sa.SmallInteger(), nullable=False),
    sa.Column('kecamatan_code', sa.String(length=16), nullable=False),
    sa.Column('kelurahan_code', sa.String(length=16), nullable=False),
    sa.Column('rw', sa.SmallInteger(), nullable=False),
    sa.Column('rt', sa.SmallInteger(), nullable=True),
    sa.Column('item_code', sa.String(length=24), nullable=False),
    sa.Column('volume', sa.Float(), nullable=False),
    sa.Column('unit_cost_rupiah', sa.BigInteger(), nullable=False),
    sa.Column('estimated_cost_rupiah', sa.BigInteger(), nullable=False),
    sa.Column('title', sa.String(length=200), nullable=False),
    sa.Column('description', sa.Text(), nullable=False),
    sa.Column('address', sa.String(length=300), nullable=False),
    sa.Column('lat', sa.Float(), nullable=False),
    sa.Column('lon', sa.Float(), nullable=False),
    sa.Column('status', sa.String(length=16), nullable=False),
    sa.Column('rejection_reason', sa.String(length=32), nullable=True),
    sa.Column('repeat_of', sa.String(length=24), nullable=True),
    sa.Column('priority', sa.SmallInteger(), nullable=True),
    sa.Column('proposer', sa.String(length=64), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['item_code'], ['planning_items.code'], name=op.f('fk_planning_proposals_item_code_planning_items')),
    sa.ForeignKeyConstraint(['kecamatan_code'], ['kecamatan.code'], name=op.f('fk_planning_proposals_kecamatan_code_kecamatan')),
    sa.ForeignKeyConstraint(['kelurahan_code'], ['kelurahan.code'], name=op.f('fk_planning_proposals_kelurahan_code_kelurahan')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_planning_proposals')),
    sa.UniqueConstraint('number', name=op.f('uq_planning_proposals_number'))
    )
    with op.batch_alter_table('planning_proposals', schema=None) as batch_op:
        batch_op.create_index('ix_planning_proposals_item_place', ['item_code', 'lat'], unique=False)
        batch_op.create_index('ix_planning_proposals_year_rw', ['year', 'kelurahan_code', 'rw'], unique=False)
        batch_op.create_index('ix_planning_proposals_year_status', ['year', 'status'], unique=False)

    op.create_table('planning_proposal_events',
    sa.Column('id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), autoincrement=True, nullable=False),
    sa.Column('proposal_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.Column('at', sa.DateTime(), nullable=False),
    sa.Column('action', sa.String(length=24), nullable=False),
    sa.Column('from_status', sa.String(length=16), nullable=True),
    sa.Column('to_status', sa.String(length=16), nullable=False),
    sa.Column('actor', sa.String(length=64), nullable=False),
    sa.Column('actor_role', sa.String(length=16), nullable=False),
    sa.Column('reason', sa.String(length=32), nullable=True),
    sa.Column('note', sa.Text(), nullable=False),
    sa.Column('data', sa.JSON(), nullable=False),
    sa.ForeignKeyConstraint(['proposal_id'], ['planning_proposals.id'], name=op.f('fk_planning_proposal_events_proposal_id_planning_proposals')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_planning_proposal_events'))
    )
    with op.batch_alter_table('planning_proposal_events', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_planning_proposal_events_proposal_id'), ['proposal_id'], unique=False)

    op.create_table('planning_proposal_photos',
    sa.Column('id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), autoincrement=True, nullable=False),
    sa.Column('proposal_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.Column('filename', sa.String(length=200), nullable=False),
    sa.Column('content_type', sa.String(length=32), nullable=False),
    sa.Column('size_bytes', sa.Integer(), nullable=False),
    sa.Column('data', sa.LargeBinary(), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['proposal_id'], ['planning_proposals.id'], name=op.f('fk_planning_proposal_photos_proposal_id_planning_proposals')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_planning_proposal_photos'))
    )
    with op.batch_alter_table('planning_proposal_photos', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_planning_proposal_photos_proposal_id'), ['proposal_id'], unique=False)


def downgrade() -> None:
    with op.batch_alter_table('planning_proposal_photos', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_planning_proposal_photos_proposal_id'))

    op.drop_table('planning_proposal_photos')
    with op.batch_alter_table('planning_proposal_events', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_planning_proposal_events_proposal_id'))

    op.drop_table('planning_proposal_events')
    with op.batch_alter_table('planning_proposals', schema=None) as batch_op:
        batch_op.drop_index('ix_planning_proposals_year_status')
        batch_op.drop_index('ix_planning_proposals_year_rw')
        batch_op.drop_index('ix_planning_proposals_item_place')

    op.drop_table('planning_proposals')
    op.drop_table('planning_items')
    op.drop_table('planning_number_counters')
    op.drop_table('planning_nomenclature')
