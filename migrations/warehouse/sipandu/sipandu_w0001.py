"""sipandu: the newcomer and boarding-house marts (fct_sipandu_newcomers, fct_sipandu_kos,
agg_sipandu_weekly, agg_sipandu_origins) and the RT dimension (dim_sipandu_rt)

The first revision of the Sipandu domain's warehouse branch (this folder, named by
domains/sipandu.py), on the trunk's foundation: the tables stand on their own. The marts are
filled by `python -m etl run` from the change log's sipandu_newcomer and sipandu_kos snapshots
(etl/sipandu); the dimension by the ETL's dimension sync, from the reference table rt_units.

Revision ID: sipandu_w0001
Revises: w0001_foundation
Create Date: 2026-12-03 17:27:40
"""
from alembic import op
import sqlalchemy as sa


revision = 'sipandu_w0001'
down_revision = 'w0001_foundation'
branch_labels = ('sipandu',)
depends_on = None

MART_TABLES = ('fct_sipandu_newcomers', 'fct_sipandu_kos', 'agg_sipandu_weekly', 'agg_sipandu_origins')


def upgrade() -> None:
    op.create_table('agg_sipandu_origins',
    sa.Column('month', sa.Date(), nullable=False),
    sa.Column('kecamatan_code', sa.String(length=16), nullable=False),
    sa.Column('kelurahan_code', sa.String(length=16), nullable=False),
    sa.Column('origin_province', sa.String(length=2), nullable=False),
    sa.Column('origin_regency', sa.String(length=8), nullable=False),
    sa.Column('purpose', sa.String(length=8), nullable=False),
    sa.Column('arrivals', sa.Integer(), nullable=False),
    sa.PrimaryKeyConstraint('month', 'kecamatan_code', 'kelurahan_code', 'origin_province', 'origin_regency', 'purpose', name=op.f('pk_agg_sipandu_origins'))
    )
    with op.batch_alter_table('agg_sipandu_origins', schema=None) as batch_op:
        batch_op.create_index('ix_agg_sipandu_origins_kecamatan_month', ['kecamatan_code', 'month'], unique=False)
        batch_op.create_index('ix_agg_sipandu_origins_kelurahan_month', ['kelurahan_code', 'month'], unique=False)

    op.create_table('agg_sipandu_weekly',
    sa.Column('week', sa.Date(), nullable=False),
    sa.Column('kecamatan_code', sa.String(length=16), nullable=False),
    sa.Column('kelurahan_code', sa.String(length=16), nullable=False),
    sa.Column('rw', sa.SmallInteger(), nullable=False),
    sa.Column('rt', sa.SmallInteger(), nullable=False),
    sa.Column('arrivals', sa.Integer(), nullable=False),
    sa.Column('departures', sa.Integer(), nullable=False),
    sa.Column('expiries', sa.Integer(), nullable=False),
    sa.Column('recorded', sa.Integer(), nullable=False),
    sa.Column('recorded_in_time', sa.Integer(), nullable=False),
    sa.Column('verified', sa.Integer(), nullable=False),
    sa.Column('rejected', sa.Integer(), nullable=False),
    sa.PrimaryKeyConstraint('week', 'kecamatan_code', 'kelurahan_code', 'rw', 'rt', name=op.f('pk_agg_sipandu_weekly'))
    )
    with op.batch_alter_table('agg_sipandu_weekly', schema=None) as batch_op:
        batch_op.create_index('ix_agg_sipandu_weekly_kecamatan_week', ['kecamatan_code', 'week'], unique=False)
        batch_op.create_index('ix_agg_sipandu_weekly_rt_week', ['kelurahan_code', 'rw', 'rt', 'week'], unique=False)

    op.create_table('dim_sipandu_rt',
    sa.Column('code', sa.String(length=32), nullable=False),
    sa.Column('kecamatan_code', sa.String(length=16), nullable=False),
    sa.Column('kelurahan_code', sa.String(length=16), nullable=False),
    sa.Column('rw', sa.SmallInteger(), nullable=False),
    sa.Column('rt', sa.SmallInteger(), nullable=False),
    sa.PrimaryKeyConstraint('code', name=op.f('pk_dim_sipandu_rt'))
    )
    with op.batch_alter_table('dim_sipandu_rt', schema=None) as batch_op:
        batch_op.create_index('ix_dim_sipandu_rt_area', ['kelurahan_code', 'rw', 'rt'], unique=False)

    op.create_table('fct_sipandu_kos',
    sa.Column('kos_code', sa.String(length=32), nullable=False),
    sa.Column('kecamatan_code', sa.String(length=16), nullable=False),
    sa.Column('kelurahan_code', sa.String(length=16), nullable=False),
    sa.Column('rw', sa.SmallInteger(), nullable=False),
    sa.Column('rt', sa.SmallInteger(), nullable=False),
    sa.Column('capacity', sa.Integer(), nullable=False),
    sa.Column('active', sa.Boolean(), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=True),
    sa.PrimaryKeyConstraint('kos_code', name=op.f('pk_fct_sipandu_kos'))
    )
    with op.batch_alter_table('fct_sipandu_kos', schema=None) as batch_op:
        batch_op.create_index('ix_fct_sipandu_kos_rt', ['kelurahan_code', 'rw', 'rt'], unique=False)

    op.create_table('fct_sipandu_newcomers',
    sa.Column('newcomer_id', sa.BigInteger(), autoincrement=False, nullable=False),
    sa.Column('kecamatan_code', sa.String(length=16), nullable=False),
    sa.Column('kelurahan_code', sa.String(length=16), nullable=False),
    sa.Column('rw', sa.SmallInteger(), nullable=False),
    sa.Column('rt', sa.SmallInteger(), nullable=False),
    sa.Column('kos_code', sa.String(length=32), nullable=True),
    sa.Column('origin_province', sa.String(length=2), nullable=False),
    sa.Column('origin_regency', sa.String(length=8), nullable=False),
    sa.Column('purpose', sa.String(length=8), nullable=False),
    sa.Column('status', sa.String(length=12), nullable=False),
    sa.Column('duplicate_flag', sa.Boolean(), nullable=False),
    sa.Column('rejection_reason', sa.String(length=16), nullable=True),
    sa.Column('arrived_at', sa.DateTime(), nullable=False),
    sa.Column('recorded_at', sa.DateTime(), nullable=False),
    sa.Column('report_minutes', sa.Integer(), nullable=False),
    sa.Column('reported_in_time', sa.Boolean(), nullable=False),
    sa.Column('stay_until', sa.Date(), nullable=True),
    sa.Column('verified_at', sa.DateTime(), nullable=True),
    sa.Column('left_at', sa.DateTime(), nullable=True),
    sa.Column('destination_regency', sa.String(length=8), nullable=True),
    sa.Column('ended_at', sa.DateTime(), nullable=True),
    sa.Column('updated_at', sa.DateTime(), nullable=True),
    sa.Column('arrival_week', sa.Date(), nullable=False),
    sa.Column('recorded_week', sa.Date(), nullable=False),
    sa.Column('verified_week', sa.Date(), nullable=True),
    sa.Column('left_week', sa.Date(), nullable=True),
    sa.Column('ended_week', sa.Date(), nullable=True),
    sa.Column('arrival_month', sa.Date(), nullable=False),
    sa.PrimaryKeyConstraint('newcomer_id', name=op.f('pk_fct_sipandu_newcomers'))
    )
    with op.batch_alter_table('fct_sipandu_newcomers', schema=None) as batch_op:
        batch_op.create_index('ix_fct_sipandu_newcomers_arrived', ['arrived_at'], unique=False)
        batch_op.create_index('ix_fct_sipandu_newcomers_kos', ['kos_code', 'status'], unique=False)
        batch_op.create_index('ix_fct_sipandu_newcomers_month_kelurahan', ['arrival_month', 'kelurahan_code'], unique=False)
        batch_op.create_index('ix_fct_sipandu_newcomers_recorded', ['recorded_at'], unique=False)
        batch_op.create_index('ix_fct_sipandu_newcomers_rt_recorded', ['kelurahan_code', 'rw', 'rt', 'recorded_at'], unique=False)
        batch_op.create_index('ix_fct_sipandu_newcomers_status_rt', ['status', 'kelurahan_code', 'rw', 'rt'], unique=False)
    if op.get_bind().dialect.name == "postgresql":
        # rewritten by every batch, as the other marts: vacuum and analyse after 2 % changed
        for table in MART_TABLES:
            op.execute(f"ALTER TABLE {table} SET (autovacuum_vacuum_scale_factor = 0.02, "
                       "autovacuum_analyze_scale_factor = 0.02, autovacuum_vacuum_insert_scale_factor = 0.02)")


def downgrade() -> None:
    with op.batch_alter_table('fct_sipandu_newcomers', schema=None) as batch_op:
        batch_op.drop_index('ix_fct_sipandu_newcomers_status_rt')
        batch_op.drop_index('ix_fct_sipandu_newcomers_rt_recorded')
        batch_op.drop_index('ix_fct_sipandu_newcomers_recorded')
        batch_op.drop_index('ix_fct_sipandu_newcomers_month_kelurahan')
        batch_op.drop_index('ix_fct_sipandu_newcomers_kos')
        batch_op.drop_index('ix_fct_sipandu_newcomers_arrived')

    op.drop_table('fct_sipandu_newcomers')
    with op.batch_alter_table('fct_sipandu_kos', schema=None) as batch_op:
        batch_op.drop_index('ix_fct_sipandu_kos_rt')

    op.drop_table('fct_sipandu_kos')
    with op.batch_alter_table('dim_sipandu_rt', schema=None) as batch_op:
        batch_op.drop_index('ix_dim_sipandu_rt_area')

    op.drop_table('dim_sipandu_rt')
    with op.batch_alter_table('agg_sipandu_weekly', schema=None) as batch_op:
        batch_op.drop_index('ix_agg_sipandu_weekly_rt_week')
        batch_op.drop_index('ix_agg_sipandu_weekly_kecamatan_week')

    op.drop_table('agg_sipandu_weekly')
    with op.batch_alter_table('agg_sipandu_origins', schema=None) as batch_op:
        batch_op.drop_index('ix_agg_sipandu_origins_kelurahan_month')
        batch_op.drop_index('ix_agg_sipandu_origins_kecamatan_month')

    op.drop_table('agg_sipandu_origins')
