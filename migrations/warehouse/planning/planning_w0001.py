"""planning: the proposal marts (fct_planning_proposals, agg_planning_pipeline, agg_planning_rejections)

The first revision of the planning domain's warehouse branch (this folder, named by
domains/planning.py), on the trunk's foundation: the tables stand on their own. The marts are
filled by `python -m etl run` from the change log's planning_proposal snapshots (etl/planning).

Revision ID: planning_w0001
Revises: w0001_foundation
Create Date: 2026-12-02 21:02:38
"""
from alembic import op
import sqlalchemy as sa


revision = 'planning_w0001'
down_revision = 'w0001_foundation'
branch_labels = ('planning',)
depends_on = None

MART_TABLES = ('fct_planning_proposals', 'agg_planning_pipeline', 'agg_planning_rejections')


def upgrade() -> None:
    op.create_table('agg_planning_pipeline',
    sa.Column('year', sa.SmallInteger(), nullable=False),
    sa.Column('kecamatan_code', sa.String(length=16), nullable=False),
    sa.Column('kelurahan_code', sa.String(length=16), nullable=False),
    sa.Column('item_code', sa.String(length=24), nullable=False),
    sa.Column('item_kind', sa.String(length=24), nullable=False),
    sa.Column('opd_code', sa.String(length=32), nullable=False),
    sa.Column('proposed', sa.Integer(), nullable=False),
    sa.Column('proposed_cost_rupiah', sa.BigInteger(), nullable=False),
    sa.Column('verified', sa.Integer(), nullable=False),
    sa.Column('verified_cost_rupiah', sa.BigInteger(), nullable=False),
    sa.Column('accepted', sa.Integer(), nullable=False),
    sa.Column('accepted_cost_rupiah', sa.BigInteger(), nullable=False),
    sa.Column('prioritised', sa.Integer(), nullable=False),
    sa.Column('prioritised_cost_rupiah', sa.BigInteger(), nullable=False),
    sa.Column('planned', sa.Integer(), nullable=False),
    sa.Column('planned_cost_rupiah', sa.BigInteger(), nullable=False),
    sa.Column('budgeted', sa.Integer(), nullable=False),
    sa.Column('budgeted_cost_rupiah', sa.BigInteger(), nullable=False),
    sa.Column('contracted', sa.Integer(), nullable=False),
    sa.Column('contracted_cost_rupiah', sa.BigInteger(), nullable=False),
    sa.Column('built', sa.Integer(), nullable=False),
    sa.Column('built_cost_rupiah', sa.BigInteger(), nullable=False),
    sa.Column('rejected', sa.Integer(), nullable=False),
    sa.Column('rejected_cost_rupiah', sa.BigInteger(), nullable=False),
    sa.Column('repeats', sa.Integer(), nullable=False),
    sa.PrimaryKeyConstraint('year', 'kecamatan_code', 'kelurahan_code', 'item_code', 'item_kind', 'opd_code', name=op.f('pk_agg_planning_pipeline'))
    )
    with op.batch_alter_table('agg_planning_pipeline', schema=None) as batch_op:
        batch_op.create_index('ix_agg_planning_pipeline_year_opd', ['year', 'opd_code'], unique=False)

    op.create_table('agg_planning_rejections',
    sa.Column('year', sa.SmallInteger(), nullable=False),
    sa.Column('kecamatan_code', sa.String(length=16), nullable=False),
    sa.Column('kelurahan_code', sa.String(length=16), nullable=False),
    sa.Column('opd_code', sa.String(length=32), nullable=False),
    sa.Column('reason', sa.String(length=32), nullable=False),
    sa.Column('proposals', sa.Integer(), nullable=False),
    sa.Column('cost_rupiah', sa.BigInteger(), nullable=False),
    sa.PrimaryKeyConstraint('year', 'kecamatan_code', 'kelurahan_code', 'opd_code', 'reason', name=op.f('pk_agg_planning_rejections'))
    )
    op.create_table('fct_planning_proposals',
    sa.Column('proposal_number', sa.String(length=24), nullable=False),
    sa.Column('year', sa.SmallInteger(), nullable=False),
    sa.Column('kecamatan_code', sa.String(length=16), nullable=False),
    sa.Column('kelurahan_code', sa.String(length=16), nullable=False),
    sa.Column('rw', sa.SmallInteger(), nullable=False),
    sa.Column('item_code', sa.String(length=24), nullable=False),
    sa.Column('item_kind', sa.String(length=24), nullable=False),
    sa.Column('opd_code', sa.String(length=32), nullable=False),
    sa.Column('volume', sa.Float(), nullable=False),
    sa.Column('estimated_cost_rupiah', sa.BigInteger(), nullable=False),
    sa.Column('status', sa.String(length=16), nullable=False),
    sa.Column('rejection_reason', sa.String(length=32), nullable=True),
    sa.Column('repeat', sa.Boolean(), nullable=False),
    sa.Column('priority', sa.Integer(), nullable=True),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('verified_at', sa.DateTime(), nullable=True),
    sa.Column('decided_at', sa.DateTime(), nullable=True),
    sa.Column('prioritised_at', sa.DateTime(), nullable=True),
    sa.Column('planned_at', sa.DateTime(), nullable=True),
    sa.Column('updated_at', sa.DateTime(), nullable=True),
    sa.Column('plan_item_id', sa.BigInteger(), nullable=True),
    sa.Column('sub_kegiatan_code', sa.String(length=24), nullable=True),
    sa.Column('work_number', sa.String(length=32), nullable=True),
    sa.Column('reached_verified', sa.Boolean(), nullable=False),
    sa.Column('reached_accepted', sa.Boolean(), nullable=False),
    sa.Column('reached_prioritised', sa.Boolean(), nullable=False),
    sa.Column('reached_planned', sa.Boolean(), nullable=False),
    sa.Column('reached_budgeted', sa.Boolean(), nullable=False),
    sa.Column('reached_contracted', sa.Boolean(), nullable=False),
    sa.Column('reached_built', sa.Boolean(), nullable=False),
    sa.Column('rejected', sa.Boolean(), nullable=False),
    sa.PrimaryKeyConstraint('proposal_number', name=op.f('pk_fct_planning_proposals'))
    )
    with op.batch_alter_table('fct_planning_proposals', schema=None) as batch_op:
        batch_op.create_index('ix_fct_planning_proposals_year_kecamatan', ['year', 'kecamatan_code'], unique=False)
        batch_op.create_index('ix_fct_planning_proposals_year_opd', ['year', 'opd_code'], unique=False)
        batch_op.create_index('ix_fct_planning_proposals_year_rw', ['year', 'kelurahan_code', 'rw'], unique=False)
    if op.get_bind().dialect.name == "postgresql":
        # rewritten by every batch, as the other marts: vacuum and analyse after 2 % changed
        for table in MART_TABLES:
            op.execute(f"ALTER TABLE {table} SET (autovacuum_vacuum_scale_factor = 0.02, "
                       "autovacuum_analyze_scale_factor = 0.02, autovacuum_vacuum_insert_scale_factor = 0.02)")


def downgrade() -> None:
    with op.batch_alter_table('fct_planning_proposals', schema=None) as batch_op:
        batch_op.drop_index('ix_fct_planning_proposals_year_rw')
        batch_op.drop_index('ix_fct_planning_proposals_year_opd')
        batch_op.drop_index('ix_fct_planning_proposals_year_kecamatan')

    op.drop_table('fct_planning_proposals')
    op.drop_table('agg_planning_rejections')
    with op.batch_alter_table('agg_planning_pipeline', schema=None) as batch_op:
        batch_op.drop_index('ix_agg_planning_pipeline_year_opd')

    op.drop_table('agg_planning_pipeline')
