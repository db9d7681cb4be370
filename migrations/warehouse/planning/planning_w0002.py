"""planning: the budget marts (fct_planning_budget_lines, fct_planning_payments, fct_planning_works,
agg_planning_budget_monthly, agg_planning_progress)

Filled by `python -m etl run` from the change log's planning_budget_line, planning_payment and
planning_work snapshots (etl/planning/budget_job.py).

Revision ID: planning_w0002
Revises: planning_w0001
Create Date: 2026-12-03 05:40:00
"""
from alembic import op
import sqlalchemy as sa


revision = 'planning_w0002'
down_revision = 'planning_w0001'
branch_labels = None
depends_on = None

MART_TABLES = ('fct_planning_budget_lines', 'fct_planning_payments', 'fct_planning_works',
               'agg_planning_budget_monthly', 'agg_planning_progress')


def upgrade() -> None:
    op.create_table('fct_planning_budget_lines',
    sa.Column('line_id', sa.BigInteger(), autoincrement=False, nullable=False),
    sa.Column('version_id', sa.BigInteger(), nullable=False),
    sa.Column('version', sa.String(length=16), nullable=False),
    sa.Column('year', sa.SmallInteger(), nullable=False),
    sa.Column('is_current', sa.Boolean(), nullable=False),
    sa.Column('opd_code', sa.String(length=32), nullable=False),
    sa.Column('sub_kegiatan_code', sa.String(length=24), nullable=False),
    sa.Column('program_code', sa.String(length=24), nullable=False),
    sa.Column('kegiatan_code', sa.String(length=24), nullable=False),
    sa.Column('account_code', sa.String(length=24), nullable=False),
    sa.Column('account_group', sa.String(length=8), nullable=False),
    sa.Column('account_name', sa.String(length=300), nullable=False),
    sa.Column('ceiling_rupiah', sa.BigInteger(), nullable=False),
    sa.PrimaryKeyConstraint('line_id', name=op.f('pk_fct_planning_budget_lines'))
    )
    op.create_index('ix_fct_planning_budget_lines_year_opd', 'fct_planning_budget_lines', ['year', 'opd_code'])
    op.create_table('fct_planning_payments',
    sa.Column('payment_id', sa.BigInteger(), autoincrement=False, nullable=False),
    sa.Column('line_id', sa.BigInteger(), nullable=False),
    sa.Column('version_id', sa.BigInteger(), nullable=False),
    sa.Column('year', sa.SmallInteger(), nullable=False),
    sa.Column('month', sa.SmallInteger(), nullable=False),
    sa.Column('opd_code', sa.String(length=32), nullable=False),
    sa.Column('sub_kegiatan_code', sa.String(length=24), nullable=False),
    sa.Column('account_code', sa.String(length=24), nullable=False),
    sa.Column('account_group', sa.String(length=8), nullable=False),
    sa.Column('paid_on', sa.Date(), nullable=False),
    sa.Column('amount_rupiah', sa.BigInteger(), nullable=False),
    sa.PrimaryKeyConstraint('payment_id', name=op.f('pk_fct_planning_payments'))
    )
    op.create_index('ix_fct_planning_payments_year_opd', 'fct_planning_payments', ['year', 'opd_code'])
    op.create_index('ix_fct_planning_payments_line', 'fct_planning_payments', ['line_id'])
    op.create_table('fct_planning_works',
    sa.Column('work_number', sa.String(length=24), nullable=False),
    sa.Column('year', sa.SmallInteger(), nullable=False),
    sa.Column('opd_code', sa.String(length=32), nullable=False),
    sa.Column('plan_item_id', sa.BigInteger(), nullable=False),
    sa.Column('sub_kegiatan_code', sa.String(length=24), nullable=False),
    sa.Column('line_id', sa.BigInteger(), nullable=True),
    sa.Column('kelurahan_code', sa.String(length=16), nullable=True),
    sa.Column('kecamatan_code', sa.String(length=16), nullable=True),
    sa.Column('contract_value_rupiah', sa.BigInteger(), nullable=True),
    sa.Column('status', sa.String(length=16), nullable=False),
    sa.Column('progress_percent', sa.Float(), nullable=False),
    sa.Column('last_reported_on', sa.Date(), nullable=True),
    sa.Column('completed_at', sa.DateTime(), nullable=True),
    sa.PrimaryKeyConstraint('work_number', name=op.f('pk_fct_planning_works'))
    )
    op.create_index('ix_fct_planning_works_year_opd', 'fct_planning_works', ['year', 'opd_code'])
    op.create_table('agg_planning_budget_monthly',
    sa.Column('year', sa.SmallInteger(), nullable=False),
    sa.Column('month', sa.SmallInteger(), nullable=False),
    sa.Column('opd_code', sa.String(length=32), nullable=False),
    sa.Column('account_group', sa.String(length=8), nullable=False),
    sa.Column('ceiling_rupiah', sa.BigInteger(), nullable=False),
    sa.Column('realised_rupiah', sa.BigInteger(), nullable=False),
    sa.Column('realised_cumulative_rupiah', sa.BigInteger(), nullable=False),
    sa.PrimaryKeyConstraint('year', 'month', 'opd_code', 'account_group', name=op.f('pk_agg_planning_budget_monthly'))
    )
    op.create_table('agg_planning_progress',
    sa.Column('year', sa.SmallInteger(), nullable=False),
    sa.Column('opd_code', sa.String(length=32), nullable=False),
    sa.Column('sub_kegiatan_code', sa.String(length=24), nullable=False),
    sa.Column('ceiling_rupiah', sa.BigInteger(), nullable=False),
    sa.Column('paid_rupiah', sa.BigInteger(), nullable=False),
    sa.Column('works', sa.Integer(), nullable=False),
    sa.Column('works_built', sa.Integer(), nullable=False),
    sa.Column('weight_rupiah', sa.BigInteger(), nullable=False),
    sa.Column('weighted_progress', sa.Float(), nullable=False),
    sa.Column('progress_sum', sa.Float(), nullable=False),
    sa.PrimaryKeyConstraint('year', 'opd_code', 'sub_kegiatan_code', name=op.f('pk_agg_planning_progress'))
    )
    if op.get_bind().dialect.name == "postgresql":
        for table in MART_TABLES:
            op.execute(f"ALTER TABLE {table} SET (autovacuum_vacuum_scale_factor = 0.02, "
                       "autovacuum_analyze_scale_factor = 0.02, autovacuum_vacuum_insert_scale_factor = 0.02)")


def downgrade() -> None:
    op.drop_table('agg_planning_progress')
    op.drop_table('agg_planning_budget_monthly')
    op.drop_index('ix_fct_planning_works_year_opd', table_name='fct_planning_works')
    op.drop_table('fct_planning_works')
    op.drop_index('ix_fct_planning_payments_line', table_name='fct_planning_payments')
    op.drop_index('ix_fct_planning_payments_year_opd', table_name='fct_planning_payments')
    op.drop_table('fct_planning_payments')
    op.drop_index('ix_fct_planning_budget_lines_year_opd', table_name='fct_planning_budget_lines')
    op.drop_table('fct_planning_budget_lines')
