"""staff: the staff registry's mart (fct_staff)

The first revision of the staff domain's warehouse branch (this folder, named by
domains/staff.py), on the trunk's foundation: the table stands on its own. Filled by
`python -m etl run` from the change log's staff snapshots (etl/staff).

Revision ID: staff_w0001
Revises: w0001_foundation
Create Date: 2026-12-03 23:20:00
"""
from alembic import op
import sqlalchemy as sa


revision = 'staff_w0001'
down_revision = 'w0001_foundation'
branch_labels = ('staff',)
depends_on = None

MART_TABLES = ('fct_staff',)


def upgrade() -> None:
    op.create_table('fct_staff',
    sa.Column('staff_id', sa.BigInteger(), autoincrement=False, nullable=False),
    sa.Column('opd_code', sa.String(length=32), nullable=False),
    sa.Column('unit', sa.String(length=100), nullable=False),
    sa.Column('supervisor_id', sa.BigInteger(), nullable=True),
    sa.Column('active', sa.Boolean(), nullable=False),
    sa.Column('has_user', sa.Boolean(), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=True),
    sa.PrimaryKeyConstraint('staff_id', name=op.f('pk_fct_staff'))
    )
    with op.batch_alter_table('fct_staff', schema=None) as batch_op:
        batch_op.create_index('ix_fct_staff_opd_unit', ['opd_code', 'unit', 'active'], unique=False)
        batch_op.create_index('ix_fct_staff_supervisor', ['supervisor_id'], unique=False)
    if op.get_bind().dialect.name == "postgresql":
        for table in MART_TABLES:
            op.execute(f"ALTER TABLE {table} SET (autovacuum_vacuum_scale_factor = 0.02, "
                       "autovacuum_analyze_scale_factor = 0.02, autovacuum_vacuum_insert_scale_factor = 0.02)")


def downgrade() -> None:
    with op.batch_alter_table('fct_staff', schema=None) as batch_op:
        batch_op.drop_index('ix_fct_staff_supervisor')
        batch_op.drop_index('ix_fct_staff_opd_unit')

    op.drop_table('fct_staff')
