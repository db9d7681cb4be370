"""infrastructure: the infrastructure monitoring marts (devices, events, outages, daily and monthly availability)

The first revision of the infrastructure domain's warehouse branch (this folder, named by
domains/infrastructure.py), on the trunk's foundation: the tables stand on their own. The marts
are filled by `python -m etl run` from the change log (etl/infrastructure).

Revision ID: infrastructure_w0001
Revises: w0001_foundation
Create Date: 2026-12-02 17:40:00
"""
from alembic import op
import sqlalchemy as sa


revision = 'infrastructure_w0001'
down_revision = 'w0001_foundation'
branch_labels = ('infrastructure',)
depends_on = None

MART_TABLES = ('fct_infra_devices', 'fct_infra_events', 'fct_infra_outages', 'agg_infra_availability_daily',
               'agg_infra_availability_monthly')


def _dimensions() -> list:
    return [sa.Column('opd_code', sa.String(length=32), nullable=False),
            sa.Column('kecamatan_code', sa.String(length=16), nullable=False),
            sa.Column('kelurahan_code', sa.String(length=16), nullable=False),
            sa.Column('contract_code', sa.String(length=40), nullable=False),
            sa.Column('vendor', sa.String(length=200), nullable=False)]


def upgrade() -> None:
    op.create_table('agg_infra_availability_daily',
    sa.Column('device_code', sa.String(length=40), nullable=False),
    sa.Column('day', sa.Date(), nullable=False),
    sa.Column('month', sa.Date(), nullable=False),
    sa.Column('kind', sa.String(length=16), nullable=False),
    sa.Column('up_seconds', sa.Float(), nullable=False),
    sa.Column('failed_seconds', sa.Float(), nullable=False),
    sa.Column('excluded_seconds', sa.Float(), nullable=False),
    *_dimensions(),
    sa.PrimaryKeyConstraint('device_code', 'day', name=op.f('pk_agg_infra_availability_daily'))
    )
    with op.batch_alter_table('agg_infra_availability_daily', schema=None) as batch_op:
        batch_op.create_index('ix_agg_infra_availability_contract_day', ['contract_code', 'day'], unique=False)
        batch_op.create_index('ix_agg_infra_availability_day_kind', ['day', 'kind'], unique=False)
        batch_op.create_index('ix_agg_infra_availability_kelurahan_day', ['kelurahan_code', 'day'], unique=False)
        batch_op.create_index('ix_agg_infra_availability_month_kind', ['month', 'kind'], unique=False)

    op.create_table('agg_infra_availability_monthly',
    sa.Column('device_code', sa.String(length=40), nullable=False),
    sa.Column('month', sa.Date(), nullable=False),
    sa.Column('kind', sa.String(length=16), nullable=False),
    sa.Column('up_seconds', sa.Float(), nullable=False),
    sa.Column('failed_seconds', sa.Float(), nullable=False),
    sa.Column('excluded_seconds', sa.Float(), nullable=False),
    *_dimensions(),
    sa.PrimaryKeyConstraint('device_code', 'month', name=op.f('pk_agg_infra_availability_monthly'))
    )
    with op.batch_alter_table('agg_infra_availability_monthly', schema=None) as batch_op:
        batch_op.create_index('ix_agg_infra_availability_monthly_month_kind', ['month', 'kind'], unique=False)

    op.create_table('etl_infra_counted_until',
    sa.Column('job', sa.String(length=64), nullable=False),
    sa.Column('counted_until', sa.DateTime(), nullable=False),
    sa.PrimaryKeyConstraint('job', name=op.f('pk_etl_infra_counted_until'))
    )
    op.create_table('fct_infra_devices',
    sa.Column('device_code', sa.String(length=40), nullable=False),
    sa.Column('kind', sa.String(length=16), nullable=False),
    sa.Column('name', sa.String(length=200), nullable=False),
    sa.Column('probe', sa.String(length=16), nullable=False),
    sa.Column('slo_percent', sa.Float(), nullable=True),
    sa.Column('lat', sa.Float(), nullable=True),
    sa.Column('lon', sa.Float(), nullable=True),
    sa.Column('parents', sa.Text(), nullable=False),
    sa.Column('active', sa.Boolean(), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=True),
    *_dimensions(),
    sa.PrimaryKeyConstraint('device_code', name=op.f('pk_fct_infra_devices'))
    )
    with op.batch_alter_table('fct_infra_devices', schema=None) as batch_op:
        batch_op.create_index('ix_fct_infra_devices_contract', ['contract_code'], unique=False)
        batch_op.create_index('ix_fct_infra_devices_kelurahan', ['kelurahan_code'], unique=False)
        batch_op.create_index('ix_fct_infra_devices_kind', ['kind'], unique=False)

    op.create_table('fct_infra_events',
    sa.Column('event_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), autoincrement=False, nullable=False),
    sa.Column('device_code', sa.String(length=40), nullable=False),
    sa.Column('kind', sa.String(length=16), nullable=False),
    sa.Column('state', sa.String(length=16), nullable=False),
    sa.Column('started_at', sa.DateTime(), nullable=False),
    sa.Column('ended_at', sa.DateTime(), nullable=True),
    sa.Column('started_day', sa.Date(), nullable=False),
    sa.Column('root_cause_code', sa.String(length=40), nullable=True),
    sa.Column('suppressed_by', sa.String(length=40), nullable=True),
    sa.Column('source', sa.String(length=16), nullable=False),
    sa.Column('detail', sa.Text(), nullable=False),
    *_dimensions(),
    sa.PrimaryKeyConstraint('event_id', name=op.f('pk_fct_infra_events'))
    )
    with op.batch_alter_table('fct_infra_events', schema=None) as batch_op:
        batch_op.create_index('ix_fct_infra_events_device_started', ['device_code', 'started_at'], unique=False)
        batch_op.create_index('ix_fct_infra_events_ended', ['ended_at'], unique=False)
        batch_op.create_index('ix_fct_infra_events_started', ['started_at'], unique=False)

    op.create_table('fct_infra_outages',
    sa.Column('event_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), autoincrement=False, nullable=False),
    sa.Column('device_code', sa.String(length=40), nullable=False),
    sa.Column('kind', sa.String(length=16), nullable=False),
    sa.Column('state', sa.String(length=16), nullable=False),
    sa.Column('started_at', sa.DateTime(), nullable=False),
    sa.Column('ended_at', sa.DateTime(), nullable=True),
    sa.Column('started_day', sa.Date(), nullable=False),
    sa.Column('duration_seconds', sa.Float(), nullable=True),
    sa.Column('root_cause_code', sa.String(length=40), nullable=True),
    sa.Column('suppressed_by', sa.String(length=40), nullable=True),
    sa.Column('own', sa.Boolean(), nullable=False),
    sa.Column('source', sa.String(length=16), nullable=False),
    *_dimensions(),
    sa.PrimaryKeyConstraint('event_id', name=op.f('pk_fct_infra_outages'))
    )
    with op.batch_alter_table('fct_infra_outages', schema=None) as batch_op:
        batch_op.create_index('ix_fct_infra_outages_day', ['started_day'], unique=False)
        batch_op.create_index('ix_fct_infra_outages_device_started', ['device_code', 'started_at'], unique=False)
        batch_op.create_index('ix_fct_infra_outages_ended', ['ended_at'], unique=False)
        batch_op.create_index('ix_fct_infra_outages_root_cause', ['root_cause_code'], unique=False)
    if op.get_bind().dialect.name == "postgresql":
        # rewritten all day, as the complaint marts (w0003): vacuum and analyse after 2 % changed
        for table in MART_TABLES:
            op.execute(f"ALTER TABLE {table} SET (autovacuum_vacuum_scale_factor = 0.02, "
                       "autovacuum_analyze_scale_factor = 0.02, autovacuum_vacuum_insert_scale_factor = 0.02)")


def downgrade() -> None:
    for table, indexes in (
            ('fct_infra_outages', ('ix_fct_infra_outages_root_cause', 'ix_fct_infra_outages_ended',
                                   'ix_fct_infra_outages_device_started', 'ix_fct_infra_outages_day')),
            ('fct_infra_events', ('ix_fct_infra_events_started', 'ix_fct_infra_events_ended',
                                  'ix_fct_infra_events_device_started')),
            ('fct_infra_devices', ('ix_fct_infra_devices_kind', 'ix_fct_infra_devices_kelurahan',
                                   'ix_fct_infra_devices_contract')),
            ('agg_infra_availability_daily', ('ix_agg_infra_availability_month_kind',
                                              'ix_agg_infra_availability_kelurahan_day',
                                              'ix_agg_infra_availability_day_kind',
                                              'ix_agg_infra_availability_contract_day'))):
        with op.batch_alter_table(table, schema=None) as batch_op:
            for index in indexes:
                batch_op.drop_index(index)
        op.drop_table(table)
    with op.batch_alter_table('agg_infra_availability_monthly', schema=None) as batch_op:
        batch_op.drop_index('ix_agg_infra_availability_monthly_month_kind')
    op.drop_table('agg_infra_availability_monthly')
    op.drop_table('etl_infra_counted_until')
