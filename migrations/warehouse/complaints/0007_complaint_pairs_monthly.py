"""complaints: the category x kelurahan pair, and agg_complaints_pairs_monthly

Peta Kebijakan asks for one category's complaints per kelurahan, often over a year: the pair
(category, kelurahan) joins agg_complaints_pairs, and every pair is also summed per calendar month,
so a year reads twelve months' rows and the days around them. Filled here as the ETL builds them
(etl/complaints/aggregates.py: rebuild_pairs, rebuild_all_months), frozen.

Revision ID: w0007_complaint_pairs_monthly
Revises: w0006_complaint_pairs
Create Date: 2026-12-06 09:10:00
"""
from alembic import op
import sqlalchemy as sa


revision = 'w0007_complaint_pairs_monthly'
down_revision = 'w0006_complaint_pairs'
branch_labels = None
depends_on = None

MEASURES = ('received', 'open', 'responded', 'response_met', 'response_breached', 'feedback_given',
            'feedback_met', 'feedback_breached', 'resolved', 'response_minutes_sum')


def upgrade() -> None:
    op.create_table(
        'agg_complaints_pairs_monthly',
        sa.Column('dimension', sa.String(length=16), nullable=False),
        sa.Column('by_dimension', sa.String(length=16), nullable=False),
        sa.Column('code', sa.String(length=32), nullable=False),
        sa.Column('month', sa.Date(), nullable=False),
        sa.Column('by_code', sa.String(length=32), nullable=False),
        *[sa.Column(name, sa.Float() if name == 'response_minutes_sum' else sa.Integer(), nullable=False)
          for name in MEASURES],
        sa.PrimaryKeyConstraint('dimension', 'by_dimension', 'code', 'month', 'by_code',
                                name=op.f('pk_agg_complaints_pairs_monthly')),
        sqlite_with_rowid=False,
    )
    names, sums = ', '.join(MEASURES), ', '.join(f'sum({name})' for name in MEASURES)
    op.execute(
        f"INSERT INTO agg_complaints_pairs (dimension, by_dimension, code, day, by_code, {names}) "
        f"SELECT 'category', 'kelurahan', category_code, day, kelurahan_code, {sums} FROM agg_complaints_daily "
        "GROUP BY category_code, day, kelurahan_code")
    postgres = op.get_bind().dialect.name == 'postgresql'
    month = "CAST(date_trunc('month', day) AS DATE)" if postgres else "date(day, 'start of month')"
    op.execute(
        f"INSERT INTO agg_complaints_pairs_monthly (dimension, by_dimension, code, month, by_code, {names}) "
        f"SELECT dimension, by_dimension, code, {month}, by_code, {sums} FROM agg_complaints_pairs "
        f"GROUP BY dimension, by_dimension, code, {month}, by_code")


def downgrade() -> None:
    op.execute("DELETE FROM agg_complaints_pairs WHERE dimension = 'category' AND by_dimension = 'kelurahan'")
    op.drop_table('agg_complaints_pairs_monthly')
