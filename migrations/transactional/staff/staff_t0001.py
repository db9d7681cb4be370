"""staff: the staff registry (the first revision of the staff branch, on core's newest revision)

Revision ID: staff_t0001
Revises: t0009_admin_audit
Create Date: 2026-12-03 22:14:09.142278
"""
from alembic import op
import sqlalchemy as sa


revision = 'staff_t0001'
down_revision = 't0009_admin_audit'
branch_labels = ('staff',)
depends_on = None


def upgrade() -> None:
    op.create_table('staff',
    sa.Column('id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), autoincrement=True, nullable=False),
    sa.Column('nip', sa.String(length=18), nullable=True),
    sa.Column('name', sa.String(length=100), nullable=False),
    sa.Column('opd_code', sa.String(length=32), nullable=False),
    sa.Column('unit', sa.String(length=100), nullable=False),
    sa.Column('position', sa.String(length=100), nullable=False),
    sa.Column('supervisor_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=True),
    sa.Column('user_id', sa.Integer(), nullable=True),
    sa.Column('active', sa.Boolean(), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['opd_code'], ['opd.code'], name=op.f('fk_staff_opd_code_opd')),
    sa.ForeignKeyConstraint(['supervisor_id'], ['staff.id'], name=op.f('fk_staff_supervisor_id_staff')),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_staff_user_id_users')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_staff')),
    sa.UniqueConstraint('nip', name=op.f('uq_staff_nip')),
    sa.UniqueConstraint('user_id', name=op.f('uq_staff_user_id'))
    )
    with op.batch_alter_table('staff', schema=None) as batch_op:
        batch_op.create_index('ix_staff_opd_unit', ['opd_code', 'unit'], unique=False)
        batch_op.create_index(batch_op.f('ix_staff_supervisor_id'), ['supervisor_id'], unique=False)


def downgrade() -> None:
    with op.batch_alter_table('staff', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_staff_supervisor_id'))
        batch_op.drop_index('ix_staff_opd_unit')

    op.drop_table('staff')
