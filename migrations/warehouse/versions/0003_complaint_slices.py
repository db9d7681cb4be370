"""complaint slices (one dimension per day); indexes for the newest complaints, the median, statuses

Revision ID: w0003_complaint_slices
Revises: w0002_complaint_marts
Create Date: 2026-11-22 23:20:00
"""
from alembic import op
import sqlalchemy as sa


revision = 'w0003_complaint_slices'
down_revision = 'w0002_complaint_marts'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('agg_complaints_slices',
    sa.Column('dimension', sa.String(length=16), nullable=False),
    sa.Column('day', sa.Date(), nullable=False),
    sa.Column('code', sa.String(length=32), nullable=False),
    sa.Column('received', sa.Integer(), nullable=False),
    sa.Column('open', sa.Integer(), nullable=False),
    sa.Column('responded', sa.Integer(), nullable=False),
    sa.Column('response_met', sa.Integer(), nullable=False),
    sa.Column('response_breached', sa.Integer(), nullable=False),
    sa.Column('feedback_given', sa.Integer(), nullable=False),
    sa.Column('feedback_met', sa.Integer(), nullable=False),
    sa.Column('feedback_breached', sa.Integer(), nullable=False),
    sa.Column('resolved', sa.Integer(), nullable=False),
    sa.Column('response_minutes_sum', sa.Float(), nullable=False),
    sa.PrimaryKeyConstraint('dimension', 'day', 'code', name=op.f('pk_agg_complaints_slices'))
    )
    with op.batch_alter_table('fct_complaints', schema=None) as batch_op:
        batch_op.create_index('ix_fct_complaints_received', ['received_at', 'complaint_id'], unique=False)
        batch_op.create_index('ix_fct_complaints_day_minutes', ['received_day', 'minutes_to_first_response'],
                              unique=False)
        batch_op.create_index('ix_fct_complaints_status_day', ['status', 'received_day'], unique=False)
    if op.get_bind().dialect.name == "postgresql":
        # The marts are rewritten all day: vacuum and analyse them after 2 % of their rows changed
        # (not the default 20 %), so plans and index-only scans stay good between ETL passes.
        for table in ('fct_complaints', 'agg_complaints_daily', 'agg_complaints_slices'):
            op.execute(f"ALTER TABLE {table} SET (autovacuum_vacuum_scale_factor = 0.02, "
                       "autovacuum_analyze_scale_factor = 0.02, autovacuum_vacuum_insert_scale_factor = 0.02)")
    # The slices are filled from the daily aggregate the marts already hold.
    for dimension, column in (('all', None), ('kecamatan', 'kecamatan_code'), ('opd', 'opd_code'),
                              ('category', 'category_code'), ('channel', 'channel')):
        code, group = (column, f"day, {column}") if column else ("''", "day")
        op.execute(
            "INSERT INTO agg_complaints_slices (dimension, day, code, received, open, responded, response_met, "
            "response_breached, feedback_given, feedback_met, feedback_breached, resolved, response_minutes_sum) "
            f"SELECT '{dimension}', day, {code}, sum(received), sum(open), sum(responded), sum(response_met), "
            "sum(response_breached), sum(feedback_given), sum(feedback_met), sum(feedback_breached), sum(resolved), "
            f"sum(response_minutes_sum) FROM agg_complaints_daily GROUP BY {group}")


def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        for table in ('fct_complaints', 'agg_complaints_daily'):
            op.execute(f"ALTER TABLE {table} RESET (autovacuum_vacuum_scale_factor, "
                       "autovacuum_analyze_scale_factor, autovacuum_vacuum_insert_scale_factor)")
    with op.batch_alter_table('fct_complaints', schema=None) as batch_op:
        batch_op.drop_index('ix_fct_complaints_status_day')
        batch_op.drop_index('ix_fct_complaints_day_minutes')
        batch_op.drop_index('ix_fct_complaints_received')
    op.drop_table('agg_complaints_slices')
