"""infrastructure: inventory, states, events, rollups, maintenance, alerts (the first revision of
the infrastructure branch, on core's newest revision)

Revision ID: infrastructure_t0001
Revises: t0009_admin_audit
Create Date: 2026-12-02 17:31:31.674383
"""
from alembic import op
import sqlalchemy as sa


revision = 'infrastructure_t0001'
down_revision = 't0009_admin_audit'
branch_labels = ('infrastructure',)
depends_on = None


def upgrade() -> None:
    op.create_table('infra_contracts',
    sa.Column('code', sa.String(length=40), nullable=False),
    sa.Column('vendor', sa.String(length=200), nullable=False),
    sa.Column('name', sa.String(length=200), nullable=False),
    sa.Column('slo_percent', sa.Float(), nullable=False),
    sa.Column('starts_on', sa.Date(), nullable=False),
    sa.Column('ends_on', sa.Date(), nullable=False),
    sa.PrimaryKeyConstraint('code', name=op.f('pk_infra_contracts'))
    )
    op.create_table('infra_devices',
    sa.Column('code', sa.String(length=40), nullable=False),
    sa.Column('kind', sa.String(length=16), nullable=False),
    sa.Column('name', sa.String(length=200), nullable=False),
    sa.Column('probe', sa.String(length=16), nullable=False),
    sa.Column('host', sa.String(length=253), nullable=False),
    sa.Column('port', sa.Integer(), nullable=True),
    sa.Column('path', sa.String(length=500), nullable=False),
    sa.Column('interval_seconds', sa.Integer(), nullable=False),
    sa.Column('timeout_seconds', sa.Float(), nullable=False),
    sa.Column('retries', sa.Integer(), nullable=False),
    sa.Column('lat', sa.Float(), nullable=True),
    sa.Column('lon', sa.Float(), nullable=True),
    sa.Column('kelurahan_code', sa.String(length=16), nullable=True),
    sa.Column('kecamatan_code', sa.String(length=16), nullable=True),
    sa.Column('opd_code', sa.String(length=32), nullable=True),
    sa.Column('contract_code', sa.String(length=40), nullable=True),
    sa.Column('watches', sa.Text(), nullable=False),
    sa.Column('site', sa.String(length=100), nullable=False),
    sa.Column('end_a', sa.String(length=100), nullable=False),
    sa.Column('end_b', sa.String(length=100), nullable=False),
    sa.Column('active', sa.Boolean(), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['contract_code'], ['infra_contracts.code'], name=op.f('fk_infra_devices_contract_code_infra_contracts')),
    sa.ForeignKeyConstraint(['kecamatan_code'], ['kecamatan.code'], name=op.f('fk_infra_devices_kecamatan_code_kecamatan')),
    sa.ForeignKeyConstraint(['kelurahan_code'], ['kelurahan.code'], name=op.f('fk_infra_devices_kelurahan_code_kelurahan')),
    sa.ForeignKeyConstraint(['opd_code'], ['opd.code'], name=op.f('fk_infra_devices_opd_code_opd')),
    sa.PrimaryKeyConstraint('code', name=op.f('pk_infra_devices'))
    )
    with op.batch_alter_table('infra_devices', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_infra_devices_kecamatan_code'), ['kecamatan_code'], unique=False)
        batch_op.create_index('ix_infra_devices_kind_active', ['kind', 'active'], unique=False)

    op.create_table('infra_alerts',
    sa.Column('id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), autoincrement=True, nullable=False),
    sa.Column('source', sa.String(length=16), nullable=False),
    sa.Column('fingerprint', sa.String(length=128), nullable=False),
    sa.Column('status', sa.String(length=16), nullable=False),
    sa.Column('device_code', sa.String(length=40), nullable=True),
    sa.Column('labels', sa.JSON(), nullable=False),
    sa.Column('starts_at', sa.DateTime(), nullable=True),
    sa.Column('ends_at', sa.DateTime(), nullable=True),
    sa.Column('received_at', sa.DateTime(), nullable=False),
    sa.Column('reviewed_at', sa.DateTime(), nullable=True),
    sa.ForeignKeyConstraint(['device_code'], ['infra_devices.code'], name=op.f('fk_infra_alerts_device_code_infra_devices')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_infra_alerts'))
    )
    with op.batch_alter_table('infra_alerts', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_infra_alerts_device_code'), ['device_code'], unique=False)
        batch_op.create_index(batch_op.f('ix_infra_alerts_received_at'), ['received_at'], unique=False)
        batch_op.create_index('ix_infra_alerts_source_fingerprint', ['source', 'fingerprint'], unique=False)

    op.create_table('infra_device_parents',
    sa.Column('device_code', sa.String(length=40), nullable=False),
    sa.Column('parent_code', sa.String(length=40), nullable=False),
    sa.ForeignKeyConstraint(['device_code'], ['infra_devices.code'], name=op.f('fk_infra_device_parents_device_code_infra_devices')),
    sa.ForeignKeyConstraint(['parent_code'], ['infra_devices.code'], name=op.f('fk_infra_device_parents_parent_code_infra_devices')),
    sa.PrimaryKeyConstraint('device_code', 'parent_code', name=op.f('pk_infra_device_parents'))
    )
    with op.batch_alter_table('infra_device_parents', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_infra_device_parents_parent_code'), ['parent_code'], unique=False)

    op.create_table('infra_device_states',
    sa.Column('device_code', sa.String(length=40), nullable=False),
    sa.Column('state', sa.String(length=16), nullable=False),
    sa.Column('since', sa.DateTime(), nullable=False),
    sa.Column('last_check_at', sa.DateTime(), nullable=True),
    sa.Column('last_ok_at', sa.DateTime(), nullable=True),
    sa.Column('latency_ms', sa.Float(), nullable=True),
    sa.Column('attempts', sa.Integer(), nullable=False),
    sa.Column('recent', sa.String(length=21), nullable=False),
    sa.Column('flapping', sa.Boolean(), nullable=False),
    sa.Column('flap_percent', sa.Float(), nullable=False),
    sa.Column('root_cause_code', sa.String(length=40), nullable=True),
    sa.Column('suppressed_by', sa.String(length=40), nullable=True),
    sa.Column('open_event_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=True),
    sa.ForeignKeyConstraint(['device_code'], ['infra_devices.code'], name=op.f('fk_infra_device_states_device_code_infra_devices')),
    sa.PrimaryKeyConstraint('device_code', name=op.f('pk_infra_device_states'))
    )
    with op.batch_alter_table('infra_device_states', schema=None) as batch_op:
        batch_op.create_index('ix_infra_device_states_state', ['state'], unique=False)

    op.create_table('infra_events',
    sa.Column('id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), autoincrement=True, nullable=False),
    sa.Column('device_code', sa.String(length=40), nullable=False),
    sa.Column('state', sa.String(length=16), nullable=False),
    sa.Column('started_at', sa.DateTime(), nullable=False),
    sa.Column('ended_at', sa.DateTime(), nullable=True),
    sa.Column('root_cause_code', sa.String(length=40), nullable=True),
    sa.Column('suppressed_by', sa.String(length=40), nullable=True),
    sa.Column('source', sa.String(length=16), nullable=False),
    sa.Column('detail', sa.String(length=500), nullable=False),
    sa.ForeignKeyConstraint(['device_code'], ['infra_devices.code'], name=op.f('fk_infra_events_device_code_infra_devices')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_infra_events'))
    )
    with op.batch_alter_table('infra_events', schema=None) as batch_op:
        batch_op.create_index('ix_infra_events_device_started', ['device_code', 'started_at'], unique=False)
        batch_op.create_index(batch_op.f('ix_infra_events_started_at'), ['started_at'], unique=False)

    op.create_table('infra_maintenance',
    sa.Column('id', sa.Integer(), autoincrement=True, nullable=False),
    sa.Column('device_code', sa.String(length=40), nullable=False),
    sa.Column('starts_at', sa.DateTime(), nullable=False),
    sa.Column('ends_at', sa.DateTime(), nullable=False),
    sa.Column('recurrence', sa.String(length=8), nullable=False),
    sa.Column('collect', sa.Boolean(), nullable=False),
    sa.Column('include_children', sa.Boolean(), nullable=False),
    sa.Column('reason', sa.Text(), nullable=False),
    sa.Column('created_by', sa.String(length=64), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['device_code'], ['infra_devices.code'], name=op.f('fk_infra_maintenance_device_code_infra_devices')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_infra_maintenance'))
    )
    with op.batch_alter_table('infra_maintenance', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_infra_maintenance_device_code'), ['device_code'], unique=False)

    op.create_table('infra_rollups_daily',
    sa.Column('device_code', sa.String(length=40), nullable=False),
    sa.Column('day', sa.Date(), nullable=False),
    sa.Column('checks', sa.Integer(), nullable=False),
    sa.Column('successes', sa.Integer(), nullable=False),
    sa.Column('latency_sum_ms', sa.Float(), nullable=False),
    sa.Column('latency_max_ms', sa.Float(), nullable=False),
    sa.ForeignKeyConstraint(['device_code'], ['infra_devices.code'], name=op.f('fk_infra_rollups_daily_device_code_infra_devices')),
    sa.PrimaryKeyConstraint('device_code', 'day', name=op.f('pk_infra_rollups_daily'))
    )
    op.create_table('infra_rollups_minute',
    sa.Column('device_code', sa.String(length=40), nullable=False),
    sa.Column('minute', sa.DateTime(), nullable=False),
    sa.Column('checks', sa.Integer(), nullable=False),
    sa.Column('successes', sa.Integer(), nullable=False),
    sa.Column('latency_sum_ms', sa.Float(), nullable=False),
    sa.Column('latency_max_ms', sa.Float(), nullable=False),
    sa.ForeignKeyConstraint(['device_code'], ['infra_devices.code'], name=op.f('fk_infra_rollups_minute_device_code_infra_devices')),
    sa.PrimaryKeyConstraint('device_code', 'minute', name=op.f('pk_infra_rollups_minute'))
    )
    with op.batch_alter_table('infra_rollups_minute', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_infra_rollups_minute_minute'), ['minute'], unique=False)


def downgrade() -> None:
    with op.batch_alter_table('infra_rollups_minute', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_infra_rollups_minute_minute'))

    op.drop_table('infra_rollups_minute')
    op.drop_table('infra_rollups_daily')
    with op.batch_alter_table('infra_maintenance', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_infra_maintenance_device_code'))

    op.drop_table('infra_maintenance')
    with op.batch_alter_table('infra_events', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_infra_events_started_at'))
        batch_op.drop_index('ix_infra_events_device_started')

    op.drop_table('infra_events')
    with op.batch_alter_table('infra_device_states', schema=None) as batch_op:
        batch_op.drop_index('ix_infra_device_states_state')

    op.drop_table('infra_device_states')
    with op.batch_alter_table('infra_device_parents', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_infra_device_parents_parent_code'))

    op.drop_table('infra_device_parents')
    with op.batch_alter_table('infra_alerts', schema=None) as batch_op:
        batch_op.drop_index('ix_infra_alerts_source_fingerprint')
        batch_op.drop_index(batch_op.f('ix_infra_alerts_received_at'))
        batch_op.drop_index(batch_op.f('ix_infra_alerts_device_code'))

    op.drop_table('infra_alerts')
    with op.batch_alter_table('infra_devices', schema=None) as batch_op:
        batch_op.drop_index('ix_infra_devices_kind_active')
        batch_op.drop_index(batch_op.f('ix_infra_devices_kecamatan_code'))

    op.drop_table('infra_devices')
    op.drop_table('infra_contracts')
