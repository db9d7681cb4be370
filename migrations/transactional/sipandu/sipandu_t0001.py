"""sipandu: residents, boarding houses, newcomers, the access log and the retention's deletions (the first revision of the sipandu branch, on core's newest revision)

Revision ID: sipandu_t0001
Revises: t0009_admin_audit
Create Date: 2026-12-03 17:18:48.097825
"""
from alembic import op
import sqlalchemy as sa


revision = 'sipandu_t0001'
down_revision = 't0009_admin_audit'
branch_labels = ('sipandu',)
depends_on = None


def upgrade() -> None:
    op.create_table('sipandu_access_log',
    sa.Column('id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), autoincrement=True, nullable=False),
    sa.Column('at', sa.DateTime(), nullable=False),
    sa.Column('actor', sa.String(length=64), nullable=False),
    sa.Column('actor_role', sa.String(length=16), nullable=False),
    sa.Column('action', sa.String(length=16), nullable=False),
    sa.Column('subject_kind', sa.String(length=16), nullable=False),
    sa.Column('subject_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=True),
    sa.Column('subject_index', sa.String(length=64), nullable=False),
    sa.Column('reason', sa.String(length=200), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_sipandu_access_log'))
    )
    with op.batch_alter_table('sipandu_access_log', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_sipandu_access_log_at'), ['at'], unique=False)
        batch_op.create_index(batch_op.f('ix_sipandu_access_log_subject_index'), ['subject_index'], unique=False)

    op.create_table('sipandu_deletions',
    sa.Column('id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), autoincrement=True, nullable=False),
    sa.Column('at', sa.DateTime(), nullable=False),
    sa.Column('entity', sa.String(length=32), nullable=False),
    sa.Column('entity_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.Column('status', sa.String(length=12), nullable=False),
    sa.Column('ended_at', sa.DateTime(), nullable=False),
    sa.Column('reason', sa.String(length=32), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_sipandu_deletions'))
    )
    with op.batch_alter_table('sipandu_deletions', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_sipandu_deletions_at'), ['at'], unique=False)

    op.create_table('sipandu_kos',
    sa.Column('id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), autoincrement=True, nullable=False),
    sa.Column('code', sa.String(length=32), nullable=False),
    sa.Column('name', sa.String(length=100), nullable=False),
    sa.Column('owner_name', sa.String(length=100), nullable=False),
    sa.Column('address', sa.String(length=200), nullable=False),
    sa.Column('kecamatan_code', sa.String(length=16), nullable=False),
    sa.Column('kelurahan_code', sa.String(length=16), nullable=False),
    sa.Column('rw', sa.SmallInteger(), nullable=False),
    sa.Column('rt', sa.SmallInteger(), nullable=False),
    sa.Column('capacity', sa.Integer(), nullable=False),
    sa.Column('active', sa.Boolean(), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['kecamatan_code'], ['kecamatan.code'], name=op.f('fk_sipandu_kos_kecamatan_code_kecamatan')),
    sa.ForeignKeyConstraint(['kelurahan_code'], ['kelurahan.code'], name=op.f('fk_sipandu_kos_kelurahan_code_kelurahan')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_sipandu_kos')),
    sa.UniqueConstraint('code', name=op.f('uq_sipandu_kos_code'))
    )
    with op.batch_alter_table('sipandu_kos', schema=None) as batch_op:
        batch_op.create_index('ix_sipandu_kos_rt', ['kelurahan_code', 'rw', 'rt'], unique=False)

    op.create_table('sipandu_residents',
    sa.Column('id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), autoincrement=True, nullable=False),
    sa.Column('nik_cipher', sa.String(length=160), nullable=False),
    sa.Column('nik_index', sa.String(length=64), nullable=False),
    sa.Column('kk_cipher', sa.String(length=160), nullable=False),
    sa.Column('kk_index', sa.String(length=64), nullable=False),
    sa.Column('name', sa.String(length=100), nullable=False),
    sa.Column('sex', sa.String(length=8), nullable=False),
    sa.Column('birth_date', sa.Date(), nullable=False),
    sa.Column('kecamatan_code', sa.String(length=16), nullable=False),
    sa.Column('kelurahan_code', sa.String(length=16), nullable=False),
    sa.Column('rw', sa.SmallInteger(), nullable=False),
    sa.Column('rt', sa.SmallInteger(), nullable=False),
    sa.Column('address', sa.String(length=200), nullable=False),
    sa.Column('imported_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['kecamatan_code'], ['kecamatan.code'], name=op.f('fk_sipandu_residents_kecamatan_code_kecamatan')),
    sa.ForeignKeyConstraint(['kelurahan_code'], ['kelurahan.code'], name=op.f('fk_sipandu_residents_kelurahan_code_kelurahan')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_sipandu_residents')),
    sa.UniqueConstraint('nik_index', name=op.f('uq_sipandu_residents_nik_index'))
    )
    with op.batch_alter_table('sipandu_residents', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_sipandu_residents_kk_index'), ['kk_index'], unique=False)
        batch_op.create_index('ix_sipandu_residents_rt', ['kelurahan_code', 'rw', 'rt'], unique=False)

    op.create_table('sipandu_newcomers',
    sa.Column('id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), autoincrement=True, nullable=False),
    sa.Column('nik_cipher', sa.String(length=160), nullable=False),
    sa.Column('nik_index', sa.String(length=64), nullable=False),
    sa.Column('name', sa.String(length=100), nullable=False),
    sa.Column('sex', sa.String(length=8), nullable=False),
    sa.Column('birth_date', sa.Date(), nullable=False),
    sa.Column('origin_regency', sa.String(length=8), nullable=False),
    sa.Column('kecamatan_code', sa.String(length=16), nullable=False),
    sa.Column('kelurahan_code', sa.String(length=16), nullable=False),
    sa.Column('rw', sa.SmallInteger(), nullable=False),
    sa.Column('rt', sa.SmallInteger(), nullable=False),
    sa.Column('address', sa.String(length=200), nullable=False),
    sa.Column('kos_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=True),
    sa.Column('purpose', sa.String(length=8), nullable=False),
    sa.Column('sponsor', sa.String(length=100), nullable=True),
    sa.Column('arrived_at', sa.DateTime(), nullable=False),
    sa.Column('stay_until', sa.Date(), nullable=True),
    sa.Column('recorded_at', sa.DateTime(), nullable=False),
    sa.Column('recorded_by', sa.String(length=64), nullable=False),
    sa.Column('reported_in_time', sa.Boolean(), nullable=False),
    sa.Column('status', sa.String(length=12), nullable=False),
    sa.Column('duplicate_flag', sa.Boolean(), nullable=False),
    sa.Column('verified_at', sa.DateTime(), nullable=True),
    sa.Column('verified_by', sa.String(length=64), nullable=True),
    sa.Column('rejection_reason', sa.String(length=16), nullable=True),
    sa.Column('left_at', sa.DateTime(), nullable=True),
    sa.Column('destination_regency', sa.String(length=8), nullable=True),
    sa.Column('ended_at', sa.DateTime(), nullable=True),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['kecamatan_code'], ['kecamatan.code'], name=op.f('fk_sipandu_newcomers_kecamatan_code_kecamatan')),
    sa.ForeignKeyConstraint(['kelurahan_code'], ['kelurahan.code'], name=op.f('fk_sipandu_newcomers_kelurahan_code_kelurahan')),
    sa.ForeignKeyConstraint(['kos_id'], ['sipandu_kos.id'], name=op.f('fk_sipandu_newcomers_kos_id_sipandu_kos')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_sipandu_newcomers'))
    )
    with op.batch_alter_table('sipandu_newcomers', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_sipandu_newcomers_nik_index'), ['nik_index'], unique=False)
        batch_op.create_index('ix_sipandu_newcomers_rt', ['kelurahan_code', 'rw', 'rt', 'status'], unique=False)
        batch_op.create_index('ix_sipandu_newcomers_status_ended', ['status', 'ended_at'], unique=False)


def downgrade() -> None:
    with op.batch_alter_table('sipandu_newcomers', schema=None) as batch_op:
        batch_op.drop_index('ix_sipandu_newcomers_status_ended')
        batch_op.drop_index('ix_sipandu_newcomers_rt')
        batch_op.drop_index(batch_op.f('ix_sipandu_newcomers_nik_index'))

    op.drop_table('sipandu_newcomers')
    with op.batch_alter_table('sipandu_residents', schema=None) as batch_op:
        batch_op.drop_index('ix_sipandu_residents_rt')
        batch_op.drop_index(batch_op.f('ix_sipandu_residents_kk_index'))

    op.drop_table('sipandu_residents')
    with op.batch_alter_table('sipandu_kos', schema=None) as batch_op:
        batch_op.drop_index('ix_sipandu_kos_rt')

    op.drop_table('sipandu_kos')
    with op.batch_alter_table('sipandu_deletions', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_sipandu_deletions_at'))

    op.drop_table('sipandu_deletions')
    with op.batch_alter_table('sipandu_access_log', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_sipandu_access_log_subject_index'))
        batch_op.drop_index(batch_op.f('ix_sipandu_access_log_at'))

    op.drop_table('sipandu_access_log')
