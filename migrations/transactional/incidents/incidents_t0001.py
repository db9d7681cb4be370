"""incidents: calls, incidents, units, dispatches, timeline, stage (the first revision of the
incidents branch, on core's newest revision)

Revision ID: incidents_t0001
Revises: t0009_admin_audit
Create Date: 2026-12-02 14:17:37.431082
"""
from alembic import op
import sqlalchemy as sa


revision = 'incidents_t0001'
down_revision = 't0009_admin_audit'
branch_labels = ('incidents',)
depends_on = None


def upgrade() -> None:
    op.create_table('incident_api_keys',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('agency_code', sa.String(length=32), nullable=False),
    sa.Column('label', sa.String(length=100), nullable=False),
    sa.Column('key_digest', sa.String(length=64), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('revoked_at', sa.DateTime(), nullable=True),
    sa.ForeignKeyConstraint(['agency_code'], ['opd.code'], name=op.f('fk_incident_api_keys_agency_code_opd')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_incident_api_keys')),
    sa.UniqueConstraint('key_digest', name=op.f('uq_incident_api_keys_key_digest'))
    )
    op.create_table('incident_categories',
    sa.Column('code', sa.String(length=40), nullable=False),
    sa.Column('name', sa.String(length=200), nullable=False),
    sa.Column('type', sa.String(length=80), nullable=False),
    sa.Column('priority', sa.SmallInteger(), nullable=False),
    sa.Column('units', sa.String(length=300), nullable=False),
    sa.Column('daily_share', sa.Float(), nullable=False),
    sa.Column('active', sa.Boolean(), nullable=False),
    sa.PrimaryKeyConstraint('code', name=op.f('pk_incident_categories'))
    )
    op.create_table('incident_counters',
    sa.Column('period', sa.String(length=4), nullable=False),
    sa.Column('last_number', sa.Integer(), nullable=False),
    sa.PrimaryKeyConstraint('period', name=op.f('pk_incident_counters'))
    )
    op.create_table('incident_stages',
    sa.Column('id', sa.Integer(), autoincrement=True, nullable=False),
    sa.Column('stage', sa.SmallInteger(), nullable=False),
    sa.Column('set_at', sa.DateTime(), nullable=False),
    sa.Column('actor', sa.String(length=64), nullable=False),
    sa.Column('reason', sa.Text(), nullable=False),
    sa.Column('proposed', sa.SmallInteger(), nullable=True),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_incident_stages'))
    )
    op.create_table('incident_posts',
    sa.Column('code', sa.String(length=16), nullable=False),
    sa.Column('name', sa.String(length=200), nullable=False),
    sa.Column('kind', sa.String(length=16), nullable=False),
    sa.Column('kecamatan_code', sa.String(length=16), nullable=False),
    sa.Column('lat', sa.Float(), nullable=False),
    sa.Column('lon', sa.Float(), nullable=False),
    sa.ForeignKeyConstraint(['kecamatan_code'], ['kecamatan.code'], name=op.f('fk_incident_posts_kecamatan_code_kecamatan')),
    sa.PrimaryKeyConstraint('code', name=op.f('pk_incident_posts'))
    )
    op.create_table('incident_unit_types',
    sa.Column('agency_code', sa.String(length=32), nullable=False),
    sa.Column('unit_type', sa.String(length=32), nullable=False),
    sa.Column('name', sa.String(length=100), nullable=False),
    sa.Column('count', sa.Integer(), nullable=False),
    sa.Column('speed_kmh', sa.Float(), nullable=False),
    sa.Column('turnout_seconds', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['agency_code'], ['opd.code'], name=op.f('fk_incident_unit_types_agency_code_opd')),
    sa.PrimaryKeyConstraint('agency_code', 'unit_type', name=op.f('pk_incident_unit_types'))
    )
    op.create_table('incident_units',
    sa.Column('code', sa.String(length=32), nullable=False),
    sa.Column('agency_code', sa.String(length=32), nullable=False),
    sa.Column('unit_type', sa.String(length=32), nullable=False),
    sa.Column('post_code', sa.String(length=16), nullable=True),
    sa.Column('status', sa.String(length=16), nullable=False),
    sa.Column('lat', sa.Float(), nullable=True),
    sa.Column('lon', sa.Float(), nullable=True),
    sa.Column('position_at', sa.DateTime(), nullable=True),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['agency_code'], ['opd.code'], name=op.f('fk_incident_units_agency_code_opd')),
    sa.ForeignKeyConstraint(['post_code'], ['incident_posts.code'], name=op.f('fk_incident_units_post_code_incident_posts')),
    sa.PrimaryKeyConstraint('code', name=op.f('pk_incident_units'))
    )
    with op.batch_alter_table('incident_units', schema=None) as batch_op:
        batch_op.create_index('ix_incident_units_agency_status', ['agency_code', 'status'], unique=False)

    op.create_table('incidents',
    sa.Column('id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), autoincrement=True, nullable=False),
    sa.Column('number', sa.String(length=20), nullable=False),
    sa.Column('category_code', sa.String(length=40), nullable=False),
    sa.Column('type', sa.String(length=80), nullable=False),
    sa.Column('priority', sa.SmallInteger(), nullable=False),
    sa.Column('lat', sa.Float(), nullable=True),
    sa.Column('lon', sa.Float(), nullable=True),
    sa.Column('address', sa.String(length=300), nullable=True),
    sa.Column('landmark', sa.String(length=200), nullable=True),
    sa.Column('kecamatan_code', sa.String(length=16), nullable=True),
    sa.Column('kelurahan_code', sa.String(length=16), nullable=True),
    sa.Column('description', sa.Text(), nullable=False),
    sa.Column('casualties_injured', sa.Integer(), nullable=False),
    sa.Column('casualties_dead', sa.Integer(), nullable=False),
    sa.Column('status', sa.String(length=16), nullable=False),
    sa.Column('source', sa.String(length=16), nullable=False),
    sa.Column('response_promise_seconds', sa.Integer(), nullable=False),
    sa.Column('received_at', sa.DateTime(), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('first_dispatch_at', sa.DateTime(), nullable=True),
    sa.Column('first_en_route_at', sa.DateTime(), nullable=True),
    sa.Column('first_on_scene_at', sa.DateTime(), nullable=True),
    sa.Column('cleared_at', sa.DateTime(), nullable=True),
    sa.Column('closed_at', sa.DateTime(), nullable=True),
    sa.Column('cancelled_at', sa.DateTime(), nullable=True),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['category_code'], ['incident_categories.code'], name=op.f('fk_incidents_category_code_incident_categories')),
    sa.ForeignKeyConstraint(['kecamatan_code'], ['kecamatan.code'], name=op.f('fk_incidents_kecamatan_code_kecamatan')),
    sa.ForeignKeyConstraint(['kelurahan_code'], ['kelurahan.code'], name=op.f('fk_incidents_kelurahan_code_kelurahan')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_incidents')),
    sa.UniqueConstraint('number', name=op.f('uq_incidents_number'))
    )
    with op.batch_alter_table('incidents', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_incidents_kecamatan_code'), ['kecamatan_code'], unique=False)
        batch_op.create_index('ix_incidents_status_received', ['status', 'received_at'], unique=False)

    op.create_table('incident_calls',
    sa.Column('id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), autoincrement=True, nullable=False),
    sa.Column('received_at', sa.DateTime(), nullable=False),
    sa.Column('answered_at', sa.DateTime(), nullable=True),
    sa.Column('caller_number', sa.String(length=32), nullable=True),
    sa.Column('caller_hash', sa.String(length=64), nullable=True),
    sa.Column('repeat_caller', sa.Boolean(), nullable=False),
    sa.Column('source', sa.String(length=16), nullable=False),
    sa.Column('camera_id', sa.String(length=64), nullable=True),
    sa.Column('post_code', sa.String(length=16), nullable=True),
    sa.Column('complaint_ticket', sa.String(length=20), nullable=True),
    sa.Column('outcome', sa.String(length=16), nullable=False),
    sa.Column('partner', sa.String(length=16), nullable=True),
    sa.Column('incident_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=True),
    sa.Column('operator', sa.String(length=64), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['incident_id'], ['incidents.id'], name=op.f('fk_incident_calls_incident_id_incidents')),
    sa.ForeignKeyConstraint(['post_code'], ['incident_posts.code'], name=op.f('fk_incident_calls_post_code_incident_posts')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_incident_calls'))
    )
    with op.batch_alter_table('incident_calls', schema=None) as batch_op:
        batch_op.create_index('ix_incident_calls_hash_outcome', ['caller_hash', 'outcome', 'received_at'], unique=False)
        batch_op.create_index(batch_op.f('ix_incident_calls_incident_id'), ['incident_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_incident_calls_received_at'), ['received_at'], unique=False)

    op.create_table('incident_cameras',
    sa.Column('id', sa.Integer(), autoincrement=True, nullable=False),
    sa.Column('incident_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.Column('camera_id', sa.String(length=64), nullable=False),
    sa.Column('linked_at', sa.DateTime(), nullable=False),
    sa.Column('actor', sa.String(length=64), nullable=False),
    sa.ForeignKeyConstraint(['incident_id'], ['incidents.id'], name=op.f('fk_incident_cameras_incident_id_incidents')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_incident_cameras')),
    sa.UniqueConstraint('incident_id', 'camera_id', name='uq_incident_cameras_incident_camera')
    )
    op.create_table('incident_complaints',
    sa.Column('id', sa.Integer(), autoincrement=True, nullable=False),
    sa.Column('incident_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.Column('ticket', sa.String(length=20), nullable=False),
    sa.Column('linked_at', sa.DateTime(), nullable=False),
    sa.Column('actor', sa.String(length=64), nullable=False),
    sa.ForeignKeyConstraint(['incident_id'], ['incidents.id'], name=op.f('fk_incident_complaints_incident_id_incidents')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_incident_complaints')),
    sa.UniqueConstraint('incident_id', 'ticket', name='uq_incident_complaints_incident_ticket')
    )
    op.create_table('incident_dispatches',
    sa.Column('id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), autoincrement=True, nullable=False),
    sa.Column('incident_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.Column('unit_code', sa.String(length=32), nullable=False),
    sa.Column('agency_code', sa.String(length=32), nullable=False),
    sa.Column('unit_type', sa.String(length=32), nullable=False),
    sa.Column('status', sa.String(length=16), nullable=False),
    sa.Column('dispatched_at', sa.DateTime(), nullable=False),
    sa.Column('en_route_at', sa.DateTime(), nullable=True),
    sa.Column('on_scene_at', sa.DateTime(), nullable=True),
    sa.Column('cleared_at', sa.DateTime(), nullable=True),
    sa.Column('cancelled_at', sa.DateTime(), nullable=True),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['incident_id'], ['incidents.id'], name=op.f('fk_incident_dispatches_incident_id_incidents')),
    sa.ForeignKeyConstraint(['unit_code'], ['incident_units.code'], name=op.f('fk_incident_dispatches_unit_code_incident_units')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_incident_dispatches'))
    )
    with op.batch_alter_table('incident_dispatches', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_incident_dispatches_incident_id'), ['incident_id'], unique=False)
        batch_op.create_index('ix_incident_dispatches_unit_status', ['unit_code', 'status'], unique=False)

    op.create_table('incident_notes',
    sa.Column('id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), autoincrement=True, nullable=False),
    sa.Column('incident_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.Column('at', sa.DateTime(), nullable=False),
    sa.Column('actor', sa.String(length=64), nullable=False),
    sa.Column('text', sa.Text(), nullable=False),
    sa.ForeignKeyConstraint(['incident_id'], ['incidents.id'], name=op.f('fk_incident_notes_incident_id_incidents')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_incident_notes'))
    )
    with op.batch_alter_table('incident_notes', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_incident_notes_incident_id'), ['incident_id'], unique=False)

    op.create_table('incident_events',
    sa.Column('id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), autoincrement=True, nullable=False),
    sa.Column('at', sa.DateTime(), nullable=False),
    sa.Column('kind', sa.String(length=32), nullable=False),
    sa.Column('actor', sa.String(length=64), nullable=False),
    sa.Column('incident_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=True),
    sa.Column('call_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=True),
    sa.Column('dispatch_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=True),
    sa.Column('unit_code', sa.String(length=32), nullable=True),
    sa.Column('text', sa.Text(), nullable=False),
    sa.Column('data', sa.JSON(), nullable=False),
    sa.ForeignKeyConstraint(['call_id'], ['incident_calls.id'], name=op.f('fk_incident_events_call_id_incident_calls')),
    sa.ForeignKeyConstraint(['dispatch_id'], ['incident_dispatches.id'], name=op.f('fk_incident_events_dispatch_id_incident_dispatches')),
    sa.ForeignKeyConstraint(['incident_id'], ['incidents.id'], name=op.f('fk_incident_events_incident_id_incidents')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_incident_events'))
    )
    with op.batch_alter_table('incident_events', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_incident_events_incident_id'), ['incident_id'], unique=False)


def downgrade() -> None:
    with op.batch_alter_table('incident_events', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_incident_events_incident_id'))

    op.drop_table('incident_events')
    with op.batch_alter_table('incident_notes', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_incident_notes_incident_id'))

    op.drop_table('incident_notes')
    with op.batch_alter_table('incident_dispatches', schema=None) as batch_op:
        batch_op.drop_index('ix_incident_dispatches_unit_status')
        batch_op.drop_index(batch_op.f('ix_incident_dispatches_incident_id'))

    op.drop_table('incident_dispatches')
    op.drop_table('incident_complaints')
    op.drop_table('incident_cameras')
    with op.batch_alter_table('incident_calls', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_incident_calls_received_at'))
        batch_op.drop_index(batch_op.f('ix_incident_calls_incident_id'))
        batch_op.drop_index('ix_incident_calls_hash_outcome')

    op.drop_table('incident_calls')
    with op.batch_alter_table('incidents', schema=None) as batch_op:
        batch_op.drop_index('ix_incidents_status_received')
        batch_op.drop_index(batch_op.f('ix_incidents_kecamatan_code'))

    op.drop_table('incidents')
    with op.batch_alter_table('incident_units', schema=None) as batch_op:
        batch_op.drop_index('ix_incident_units_agency_status')

    op.drop_table('incident_units')
    op.drop_table('incident_unit_types')
    op.drop_table('incident_posts')
    op.drop_table('incident_stages')
    op.drop_table('incident_counters')
    op.drop_table('incident_categories')
    op.drop_table('incident_api_keys')
