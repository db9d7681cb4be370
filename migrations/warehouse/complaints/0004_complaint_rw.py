"""complaints: the RW and RT of a complaint in fct_complaints, for an RT/RW head's scope

The first revision of the complaints domain's warehouse branch (this folder, named by
domains/complaints.py), on the trunk's w0003. The columns start NULL; `python -m etl run
--full-refresh` fills them for complaints whose reporters gave an RW.

Revision ID: w0004_complaint_rw
Revises: w0003_complaint_slices
Create Date: 2026-12-02 07:30:00
"""
from alembic import op
import sqlalchemy as sa


revision = 'w0004_complaint_rw'
down_revision = 'w0003_complaint_slices'
branch_labels = ('complaints',)  # the first revision of the complaints branch
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('fct_complaints', schema=None) as batch_op:
        batch_op.add_column(sa.Column('rw', sa.SmallInteger(), nullable=True))
        batch_op.add_column(sa.Column('rt', sa.SmallInteger(), nullable=True))
        batch_op.create_index('ix_fct_complaints_kelurahan_rw', ['kelurahan_code', 'rw'], unique=False)


def downgrade() -> None:
    with op.batch_alter_table('fct_complaints', schema=None) as batch_op:
        batch_op.drop_index('ix_fct_complaints_kelurahan_rw')
        batch_op.drop_column('rt')
        batch_op.drop_column('rw')
