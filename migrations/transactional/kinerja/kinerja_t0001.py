"""kinerja: daily activities, their evidence photos, the closed months and the quarterly scores (the first revision of the kinerja branch, on core's newest revision; its tables reference staff)

Revision ID: kinerja_t0001
Revises: t0009_admin_audit
Create Date: 2026-12-04 09:00:00.000000
"""
from alembic import op
import sqlalchemy as sa


revision = 'kinerja_t0001'
down_revision = 't0009_admin_audit'
branch_labels = ('kinerja',)
depends_on = 'staff_t0001'


def upgrade() -> None:
    op.create_table('kinerja_periods',
    sa.Column('id', sa.Integer(), autoincrement=True, nullable=False),
    sa.Column('month', sa.String(length=7), nullable=False),
    sa.Column('closed_at', sa.DateTime(), nullable=False),
    sa.Column('closed_by', sa.String(length=64), nullable=False),
    sa.Column('activities_locked', sa.Integer(), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_kinerja_periods')),
    sa.UniqueConstraint('month', name=op.f('uq_kinerja_periods_month'))
    )
    op.create_table('kinerja_activities',
    sa.Column('id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), autoincrement=True, nullable=False),
    sa.Column('staff_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.Column('opd_code', sa.String(length=32), nullable=False),
    sa.Column('unit', sa.String(length=100), nullable=False),
    sa.Column('day', sa.Date(), nullable=False),
    sa.Column('start_minute', sa.SmallInteger(), nullable=False),
    sa.Column('end_minute', sa.SmallInteger(), nullable=False),
    sa.Column('minutes', sa.SmallInteger(), nullable=False),
    sa.Column('description', sa.String(length=1000), nullable=False),
    sa.Column('output', sa.String(length=200), nullable=False),
    sa.Column('volume', sa.Integer(), nullable=False),
    sa.Column('output_unit', sa.String(length=32), nullable=False),
    sa.Column('link_kind', sa.String(length=16), nullable=True),
    sa.Column('link_ref', sa.String(length=64), nullable=True),
    sa.Column('status', sa.String(length=12), nullable=False),
    sa.Column('submitted_at', sa.DateTime(), nullable=True),
    sa.Column('decided_by', sa.String(length=64), nullable=True),
    sa.Column('decided_at', sa.DateTime(), nullable=True),
    sa.Column('return_note', sa.String(length=500), nullable=True),
    sa.Column('locked', sa.Boolean(), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['opd_code'], ['opd.code'], name=op.f('fk_kinerja_activities_opd_code_opd')),
    sa.ForeignKeyConstraint(['staff_id'], ['staff.id'], name=op.f('fk_kinerja_activities_staff_id_staff')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_kinerja_activities'))
    )
    with op.batch_alter_table('kinerja_activities', schema=None) as batch_op:
        batch_op.create_index('ix_kinerja_activities_day', ['day'], unique=False)
        batch_op.create_index('ix_kinerja_activities_opd_day', ['opd_code', 'day'], unique=False)
        batch_op.create_index('ix_kinerja_activities_staff_day', ['staff_id', 'day'], unique=False)
        batch_op.create_index('ix_kinerja_activities_status_staff', ['status', 'staff_id'], unique=False)

    op.create_table('kinerja_scores',
    sa.Column('id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), autoincrement=True, nullable=False),
    sa.Column('staff_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.Column('opd_code', sa.String(length=32), nullable=False),
    sa.Column('quarter', sa.String(length=7), nullable=False),
    sa.Column('working_days', sa.SmallInteger(), nullable=False),
    sa.Column('approved_minutes', sa.Integer(), nullable=False),
    sa.Column('target_minutes', sa.Integer(), nullable=False),
    sa.Column('work_score', sa.Float(), nullable=False),
    sa.Column('competence_score', sa.Float(), nullable=False),
    sa.Column('final_score', sa.Float(), nullable=False),
    sa.Column('band', sa.String(length=20), nullable=False),
    sa.Column('scored_by', sa.String(length=64), nullable=False),
    sa.Column('scored_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['opd_code'], ['opd.code'], name=op.f('fk_kinerja_scores_opd_code_opd')),
    sa.ForeignKeyConstraint(['staff_id'], ['staff.id'], name=op.f('fk_kinerja_scores_staff_id_staff')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_kinerja_scores')),
    sa.UniqueConstraint('staff_id', 'quarter', name=op.f('uq_kinerja_scores_staff_id'))
    )
    op.create_table('kinerja_activity_photos',
    sa.Column('id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), autoincrement=True, nullable=False),
    sa.Column('activity_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.Column('filename', sa.String(length=200), nullable=False),
    sa.Column('content_type', sa.String(length=32), nullable=False),
    sa.Column('size_bytes', sa.Integer(), nullable=False),
    sa.Column('data', sa.LargeBinary(), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['activity_id'], ['kinerja_activities.id'],
                            name=op.f('fk_kinerja_activity_photos_activity_id_kinerja_activities')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_kinerja_activity_photos')),
    sa.UniqueConstraint('activity_id', name=op.f('uq_kinerja_activity_photos_activity_id'))
    )


def downgrade() -> None:
    op.drop_table('kinerja_activity_photos')
    op.drop_table('kinerja_scores')
    with op.batch_alter_table('kinerja_activities', schema=None) as batch_op:
        batch_op.drop_index('ix_kinerja_activities_status_staff')
        batch_op.drop_index('ix_kinerja_activities_staff_day')
        batch_op.drop_index('ix_kinerja_activities_opd_day')
        batch_op.drop_index('ix_kinerja_activities_day')

    op.drop_table('kinerja_activities')
    op.drop_table('kinerja_periods')
