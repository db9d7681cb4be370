"""complaints: the RW and RT a complaint lies in (optional, as the citizen gives them)

Two nullable small integers and an index on (kelurahan_code, rw) for an RT/RW head's complaints.
Existing complaints keep NULL: nobody asked their reporters.

Revision ID: t0012_complaint_rw
Revises: t0011_complaint_photo_consent
Create Date: 2026-12-02 07:30:00
"""
from alembic import op
import sqlalchemy as sa


revision = 't0012_complaint_rw'
down_revision = 't0011_complaint_photo_consent'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('complaints', schema=None) as batch_op:
        batch_op.add_column(sa.Column('rw', sa.SmallInteger(), nullable=True))
        batch_op.add_column(sa.Column('rt', sa.SmallInteger(), nullable=True))
        batch_op.create_index('ix_complaints_kelurahan_rw', ['kelurahan_code', 'rw'], unique=False)


def downgrade() -> None:
    with op.batch_alter_table('complaints', schema=None) as batch_op:
        batch_op.drop_index('ix_complaints_kelurahan_rw')
        batch_op.drop_column('rt')
        batch_op.drop_column('rw')
