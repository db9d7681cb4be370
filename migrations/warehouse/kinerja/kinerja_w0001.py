"""kinerja: the e-Kinerja mart (fct_kinerja_activities, fct_kinerja_periods, agg_kinerja_daily,
fct_kinerja_scores)

The first revision of the e-Kinerja domain's warehouse branch (this folder, named by
domains/kinerja.py), on the trunk's foundation: the tables stand on their own. They are filled by
`python -m etl run` from the change log's kinerja_activity, kinerja_period and kinerja_score
snapshots (etl/kinerja).

Revision ID: kinerja_w0001
Revises: w0001_foundation
Create Date: 2026-12-03 23:15:00
"""
from alembic import op
import sqlalchemy as sa


revision = 'kinerja_w0001'
down_revision = 'w0001_foundation'
branch_labels = ('kinerja',)
depends_on = None

MART_TABLES = ('fct_kinerja_activities', 'fct_kinerja_periods', 'agg_kinerja_daily', 'fct_kinerja_scores')


def upgrade() -> None:
    op.create_table('agg_kinerja_daily',
    sa.Column('day', sa.Date(), nullable=False),
    sa.Column('opd_code', sa.String(length=32), nullable=False),
    sa.Column('unit', sa.String(length=100), nullable=False),
    sa.Column('staff_reported', sa.Integer(), nullable=False),
    sa.Column('activities', sa.Integer(), nullable=False),
    sa.Column('minutes_submitted', sa.Integer(), nullable=False),
    sa.Column('minutes_approved', sa.Integer(), nullable=False),
    sa.Column('activities_linked', sa.Integer(), nullable=False),
    sa.Column('awaiting_approval', sa.Integer(), nullable=False),
    sa.Column('locked', sa.Boolean(), nullable=False),
    sa.PrimaryKeyConstraint('day', 'opd_code', 'unit', name=op.f('pk_agg_kinerja_daily'))
    )
    with op.batch_alter_table('agg_kinerja_daily', schema=None) as batch_op:
        batch_op.create_index('ix_agg_kinerja_daily_opd_day', ['opd_code', 'day'], unique=False)

    op.create_table('fct_kinerja_activities',
    sa.Column('activity_id', sa.BigInteger(), autoincrement=False, nullable=False),
    sa.Column('staff_id', sa.BigInteger(), nullable=False),
    sa.Column('opd_code', sa.String(length=32), nullable=False),
    sa.Column('unit', sa.String(length=100), nullable=False),
    sa.Column('day', sa.Date(), nullable=False),
    sa.Column('month', sa.String(length=7), nullable=False),
    sa.Column('start_minute', sa.SmallInteger(), nullable=False),
    sa.Column('end_minute', sa.SmallInteger(), nullable=False),
    sa.Column('minutes', sa.Integer(), nullable=False),
    sa.Column('status', sa.String(length=12), nullable=False),
    sa.Column('link_kind', sa.String(length=16), nullable=True),
    sa.Column('has_link', sa.Boolean(), nullable=False),
    sa.Column('has_photo', sa.Boolean(), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('submitted_at', sa.DateTime(), nullable=True),
    sa.Column('decided_at', sa.DateTime(), nullable=True),
    sa.Column('approval_minutes', sa.Integer(), nullable=True),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.PrimaryKeyConstraint('activity_id', name=op.f('pk_fct_kinerja_activities'))
    )
    with op.batch_alter_table('fct_kinerja_activities', schema=None) as batch_op:
        batch_op.create_index('ix_fct_kinerja_activities_day', ['day'], unique=False)
        batch_op.create_index('ix_fct_kinerja_activities_month', ['month'], unique=False)
        batch_op.create_index('ix_fct_kinerja_activities_opd_day', ['opd_code', 'day', 'unit'], unique=False)
        batch_op.create_index('ix_fct_kinerja_activities_staff_day', ['staff_id', 'day'], unique=False)
        batch_op.create_index('ix_fct_kinerja_activities_status_opd', ['status', 'opd_code'], unique=False)

    op.create_table('fct_kinerja_periods',
    sa.Column('month', sa.String(length=7), nullable=False),
    sa.Column('closed_at', sa.DateTime(), nullable=False),
    sa.Column('activities_locked', sa.Integer(), nullable=False),
    sa.PrimaryKeyConstraint('month', name=op.f('pk_fct_kinerja_periods'))
    )

    op.create_table('fct_kinerja_scores',
    sa.Column('score_id', sa.BigInteger(), autoincrement=False, nullable=False),
    sa.Column('staff_id', sa.BigInteger(), nullable=False),
    sa.Column('opd_code', sa.String(length=32), nullable=False),
    sa.Column('quarter', sa.String(length=7), nullable=False),
    sa.Column('working_days', sa.Integer(), nullable=False),
    sa.Column('approved_minutes', sa.Integer(), nullable=False),
    sa.Column('target_minutes', sa.Integer(), nullable=False),
    sa.Column('work_score', sa.Float(), nullable=False),
    sa.Column('competence_score', sa.Float(), nullable=False),
    sa.Column('final_score', sa.Float(), nullable=False),
    sa.Column('band', sa.String(length=20), nullable=False),
    sa.Column('scored_at', sa.DateTime(), nullable=False),
    sa.PrimaryKeyConstraint('score_id', name=op.f('pk_fct_kinerja_scores'))
    )
    with op.batch_alter_table('fct_kinerja_scores', schema=None) as batch_op:
        batch_op.create_index('ix_fct_kinerja_scores_opd_quarter', ['opd_code', 'quarter'], unique=False)
        batch_op.create_index('ix_fct_kinerja_scores_quarter_band', ['quarter', 'band'], unique=False)
    if op.get_bind().dialect.name == "postgresql":
        # rewritten by every batch, as the other marts: vacuum and analyse after 2 % changed
        for table in MART_TABLES:
            op.execute(f"ALTER TABLE {table} SET (autovacuum_vacuum_scale_factor = 0.02, "
                       "autovacuum_analyze_scale_factor = 0.02, autovacuum_vacuum_insert_scale_factor = 0.02)")


def downgrade() -> None:
    with op.batch_alter_table('fct_kinerja_scores', schema=None) as batch_op:
        batch_op.drop_index('ix_fct_kinerja_scores_quarter_band')
        batch_op.drop_index('ix_fct_kinerja_scores_opd_quarter')

    op.drop_table('fct_kinerja_scores')
    op.drop_table('fct_kinerja_periods')
    with op.batch_alter_table('fct_kinerja_activities', schema=None) as batch_op:
        batch_op.drop_index('ix_fct_kinerja_activities_status_opd')
        batch_op.drop_index('ix_fct_kinerja_activities_staff_day')
        batch_op.drop_index('ix_fct_kinerja_activities_opd_day')
        batch_op.drop_index('ix_fct_kinerja_activities_month')
        batch_op.drop_index('ix_fct_kinerja_activities_day')

    op.drop_table('fct_kinerja_activities')
    with op.batch_alter_table('agg_kinerja_daily', schema=None) as batch_op:
        batch_op.drop_index('ix_agg_kinerja_daily_opd_day')

    op.drop_table('agg_kinerja_daily')
