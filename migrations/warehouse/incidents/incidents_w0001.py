"""incidents: the incident marts (facts, daily aggregates, dimensions)

The first revision of the incidents domain's warehouse branch (this folder, named by
domains/incidents.py), on the trunk's foundation: the tables stand on their own. The marts are
filled by `python -m etl run` from the change log (etl/incidents).

Revision ID: incidents_w0001
Revises: w0001_foundation
Create Date: 2026-12-02 14:15:07
"""
from alembic import op
import sqlalchemy as sa


revision = 'incidents_w0001'
down_revision = 'w0001_foundation'
branch_labels = ('incidents',)
depends_on = None

MART_TABLES = ('fct_incidents', 'fct_incident_dispatches', 'fct_incident_calls', 'agg_incidents_daily',
               'agg_incident_calls_daily')


def upgrade() -> None:
    op.create_table('agg_incident_calls_daily',
    sa.Column('day', sa.Date(), nullable=False),
    sa.Column('source', sa.String(length=16), nullable=False),
    sa.Column('outcome', sa.String(length=16), nullable=False),
    sa.Column('calls', sa.Integer(), nullable=False),
    sa.Column('repeat_callers', sa.Integer(), nullable=False),
    sa.PrimaryKeyConstraint('day', 'source', 'outcome', name=op.f('pk_agg_incident_calls_daily'))
    )
    op.create_table('agg_incidents_daily',
    sa.Column('day', sa.Date(), nullable=False),
    sa.Column('kecamatan_code', sa.String(length=16), nullable=False),
    sa.Column('kelurahan_code', sa.String(length=16), nullable=False),
    sa.Column('category_code', sa.String(length=48), nullable=False),
    sa.Column('incidents', sa.Integer(), nullable=False),
    sa.Column('cancelled', sa.Integer(), nullable=False),
    sa.Column('on_scene', sa.Integer(), nullable=False),
    sa.Column('late', sa.Integer(), nullable=False),
    sa.Column('no_unit_on_scene', sa.Integer(), nullable=False),
    sa.Column('casualties_injured', sa.Integer(), nullable=False),
    sa.Column('casualties_dead', sa.Integer(), nullable=False),
    sa.PrimaryKeyConstraint('day', 'kecamatan_code', 'kelurahan_code', 'category_code', name=op.f('pk_agg_incidents_daily'))
    )
    op.create_table('dim_incident_agency',
    sa.Column('code', sa.String(length=64), nullable=False),
    sa.Column('agency_code', sa.String(length=32), nullable=False),
    sa.Column('unit_type', sa.String(length=32), nullable=False),
    sa.Column('name', sa.String(length=200), nullable=False),
    sa.Column('count', sa.Integer(), nullable=False),
    sa.PrimaryKeyConstraint('code', name=op.f('pk_dim_incident_agency'))
    )
    op.create_table('dim_incident_category',
    sa.Column('code', sa.String(length=48), nullable=False),
    sa.Column('name', sa.String(length=200), nullable=False),
    sa.Column('type', sa.String(length=64), nullable=False),
    sa.Column('priority', sa.SmallInteger(), nullable=False),
    sa.Column('lead_agency_code', sa.String(length=32), nullable=False),
    sa.Column('units', sa.String(length=200), nullable=False),
    sa.PrimaryKeyConstraint('code', name=op.f('pk_dim_incident_category'))
    )
    op.create_table('fct_incident_calls',
    sa.Column('call_id', sa.String(length=64), nullable=False),
    sa.Column('received_at', sa.DateTime(), nullable=False),
    sa.Column('received_day', sa.Date(), nullable=False),
    sa.Column('received_hour', sa.SmallInteger(), nullable=False),
    sa.Column('answered_at', sa.DateTime(), nullable=True),
    sa.Column('answer_seconds', sa.Float(), nullable=True),
    sa.Column('source', sa.String(length=16), nullable=False),
    sa.Column('outcome', sa.String(length=16), nullable=False),
    sa.Column('partner', sa.String(length=16), nullable=True),
    sa.Column('incident_number', sa.String(length=32), nullable=True),
    sa.Column('category_code', sa.String(length=48), nullable=False),
    sa.Column('kecamatan_code', sa.String(length=16), nullable=False),
    sa.Column('repeat_caller', sa.Boolean(), nullable=False),
    sa.PrimaryKeyConstraint('call_id', name=op.f('pk_fct_incident_calls'))
    )
    with op.batch_alter_table('fct_incident_calls', schema=None) as batch_op:
        batch_op.create_index('ix_fct_incident_calls_day_outcome', ['received_day', 'outcome'], unique=False)

    op.create_table('fct_incident_dispatches',
    sa.Column('dispatch_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), autoincrement=False, nullable=False),
    sa.Column('incident_number', sa.String(length=32), nullable=False),
    sa.Column('unit_code', sa.String(length=32), nullable=False),
    sa.Column('agency_code', sa.String(length=32), nullable=False),
    sa.Column('unit_type', sa.String(length=32), nullable=False),
    sa.Column('status', sa.String(length=16), nullable=False),
    sa.Column('category_code', sa.String(length=48), nullable=False),
    sa.Column('priority', sa.SmallInteger(), nullable=False),
    sa.Column('kecamatan_code', sa.String(length=16), nullable=False),
    sa.Column('kelurahan_code', sa.String(length=16), nullable=False),
    sa.Column('incident_received_at', sa.DateTime(), nullable=False),
    sa.Column('dispatched_at', sa.DateTime(), nullable=False),
    sa.Column('dispatched_day', sa.Date(), nullable=False),
    sa.Column('dispatched_hour', sa.SmallInteger(), nullable=False),
    sa.Column('en_route_at', sa.DateTime(), nullable=True),
    sa.Column('on_scene_at', sa.DateTime(), nullable=True),
    sa.Column('cleared_at', sa.DateTime(), nullable=True),
    sa.Column('cancelled_at', sa.DateTime(), nullable=True),
    sa.Column('turnout_seconds', sa.Float(), nullable=True),
    sa.Column('travel_seconds', sa.Float(), nullable=True),
    sa.Column('response_seconds', sa.Float(), nullable=True),
    sa.Column('on_scene_seconds', sa.Float(), nullable=True),
    sa.Column('busy_seconds', sa.Float(), nullable=True),
    sa.PrimaryKeyConstraint('dispatch_id', name=op.f('pk_fct_incident_dispatches'))
    )
    with op.batch_alter_table('fct_incident_dispatches', schema=None) as batch_op:
        batch_op.create_index('ix_fct_incident_dispatches_agency_day', ['agency_code', 'dispatched_day'], unique=False)
        batch_op.create_index('ix_fct_incident_dispatches_day_kecamatan', ['dispatched_day', 'kecamatan_code'], unique=False)
        batch_op.create_index('ix_fct_incident_dispatches_incident', ['incident_number'], unique=False)

    op.create_table('fct_incident_units',
    sa.Column('unit_code', sa.String(length=32), nullable=False),
    sa.Column('agency_code', sa.String(length=32), nullable=False),
    sa.Column('unit_type', sa.String(length=32), nullable=False),
    sa.Column('post_code', sa.String(length=32), nullable=True),
    sa.Column('status', sa.String(length=16), nullable=False),
    sa.PrimaryKeyConstraint('unit_code', name=op.f('pk_fct_incident_units'))
    )
    with op.batch_alter_table('fct_incident_units', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_fct_incident_units_agency_code'), ['agency_code'], unique=False)

    op.create_table('fct_incidents',
    sa.Column('incident_number', sa.String(length=32), nullable=False),
    sa.Column('status', sa.String(length=16), nullable=False),
    sa.Column('category_code', sa.String(length=48), nullable=False),
    sa.Column('type', sa.String(length=64), nullable=False),
    sa.Column('priority', sa.SmallInteger(), nullable=False),
    sa.Column('kecamatan_code', sa.String(length=16), nullable=False),
    sa.Column('kelurahan_code', sa.String(length=16), nullable=False),
    sa.Column('lat', sa.Float(), nullable=True),
    sa.Column('lon', sa.Float(), nullable=True),
    sa.Column('source', sa.String(length=16), nullable=False),
    sa.Column('lead_agency_code', sa.String(length=32), nullable=False),
    sa.Column('agencies', sa.String(length=200), nullable=False),
    sa.Column('received_at', sa.DateTime(), nullable=False),
    sa.Column('received_day', sa.Date(), nullable=False),
    sa.Column('received_hour', sa.SmallInteger(), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=True),
    sa.Column('first_dispatch_at', sa.DateTime(), nullable=True),
    sa.Column('first_en_route_at', sa.DateTime(), nullable=True),
    sa.Column('first_on_scene_at', sa.DateTime(), nullable=True),
    sa.Column('cleared_at', sa.DateTime(), nullable=True),
    sa.Column('closed_at', sa.DateTime(), nullable=True),
    sa.Column('cancelled_at', sa.DateTime(), nullable=True),
    sa.Column('due_at', sa.DateTime(), nullable=False),
    sa.Column('units_dispatched', sa.Integer(), nullable=False),
    sa.Column('calls', sa.Integer(), nullable=False),
    sa.Column('casualties_injured', sa.Integer(), nullable=False),
    sa.Column('casualties_dead', sa.Integer(), nullable=False),
    sa.Column('response_promise_seconds', sa.Integer(), nullable=False),
    sa.Column('processing_seconds', sa.Float(), nullable=True),
    sa.Column('response_seconds', sa.Float(), nullable=True),
    sa.Column('late', sa.Boolean(), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.PrimaryKeyConstraint('incident_number', name=op.f('pk_fct_incidents'))
    )
    with op.batch_alter_table('fct_incidents', schema=None) as batch_op:
        batch_op.create_index('ix_fct_incidents_day_kecamatan', ['received_day', 'kecamatan_code'], unique=False)
        batch_op.create_index('ix_fct_incidents_day_response', ['received_day', 'response_seconds'], unique=False)
        batch_op.create_index('ix_fct_incidents_kelurahan_day', ['kelurahan_code', 'received_day'], unique=False)
        batch_op.create_index('ix_fct_incidents_received', ['received_at', 'incident_number'], unique=False)
    if op.get_bind().dialect.name == "postgresql":
        # rewritten all day, as the complaint marts (w0003): vacuum and analyse after 2 % changed
        for table in MART_TABLES:
            op.execute(f"ALTER TABLE {table} SET (autovacuum_vacuum_scale_factor = 0.02, "
                       "autovacuum_analyze_scale_factor = 0.02, autovacuum_vacuum_insert_scale_factor = 0.02)")


def downgrade() -> None:
    with op.batch_alter_table('fct_incidents', schema=None) as batch_op:
        batch_op.drop_index('ix_fct_incidents_received')
        batch_op.drop_index('ix_fct_incidents_kelurahan_day')
        batch_op.drop_index('ix_fct_incidents_day_response')
        batch_op.drop_index('ix_fct_incidents_day_kecamatan')

    op.drop_table('fct_incidents')
    with op.batch_alter_table('fct_incident_units', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_fct_incident_units_agency_code'))

    op.drop_table('fct_incident_units')
    with op.batch_alter_table('fct_incident_dispatches', schema=None) as batch_op:
        batch_op.drop_index('ix_fct_incident_dispatches_incident')
        batch_op.drop_index('ix_fct_incident_dispatches_day_kecamatan')
        batch_op.drop_index('ix_fct_incident_dispatches_agency_day')

    op.drop_table('fct_incident_dispatches')
    with op.batch_alter_table('fct_incident_calls', schema=None) as batch_op:
        batch_op.drop_index('ix_fct_incident_calls_day_outcome')

    op.drop_table('fct_incident_calls')
    op.drop_table('dim_incident_category')
    op.drop_table('dim_incident_agency')
    op.drop_table('agg_incidents_daily')
    op.drop_table('agg_incident_calls_daily')
