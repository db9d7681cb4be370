"""complaints: agg_complaints_pairs, the daily aggregate summed over all keys but two

For the pairs the complaints page crosses (one OPD's, category's, channel's or kecamatan's complaints
per kecamatan, kelurahan, OPD, category or channel), so that a filtered figure reads some thousand
rows for 30 days instead of the period's whole daily aggregate. Filled here from
agg_complaints_daily, as the ETL builds it (etl/complaints/aggregates.py: rebuild_pairs), frozen.

Revision ID: w0006_complaint_pairs
Revises: w0005_complaint_response_daily
Create Date: 2026-12-05 19:45:00
"""
from alembic import op
import sqlalchemy as sa


revision = 'w0006_complaint_pairs'
down_revision = 'w0005_complaint_response_daily'
branch_labels = None
depends_on = None

COLUMNS = {'kecamatan': 'kecamatan_code', 'kelurahan': 'kelurahan_code', 'opd': 'opd_code',
           'category': 'category_code', 'channel': 'channel'}
PAIRS = (('opd', 'kecamatan'), ('opd', 'category'), ('opd', 'channel'),
         ('category', 'kecamatan'), ('category', 'opd'), ('category', 'channel'),
         ('channel', 'kecamatan'), ('channel', 'opd'), ('channel', 'category'),
         ('kecamatan', 'kelurahan'), ('kecamatan', 'opd'), ('kecamatan', 'category'), ('kecamatan', 'channel'))
MEASURES = ('received', 'open', 'responded', 'response_met', 'response_breached', 'feedback_given',
            'feedback_met', 'feedback_breached', 'resolved', 'response_minutes_sum')


def upgrade() -> None:
    op.create_table(
        'agg_complaints_pairs',
        sa.Column('dimension', sa.String(length=16), nullable=False),
        sa.Column('by_dimension', sa.String(length=16), nullable=False),
        sa.Column('code', sa.String(length=32), nullable=False),
        sa.Column('day', sa.Date(), nullable=False),
        sa.Column('by_code', sa.String(length=32), nullable=False),
        *[sa.Column(name, sa.Float() if name == 'response_minutes_sum' else sa.Integer(), nullable=False)
          for name in MEASURES],
        sa.PrimaryKeyConstraint('dimension', 'by_dimension', 'code', 'day', 'by_code',
                                name=op.f('pk_agg_complaints_pairs')),
        sqlite_with_rowid=False,
    )
    with op.batch_alter_table('agg_complaints_pairs', schema=None) as batch_op:
        batch_op.create_index('ix_agg_complaints_pairs_day', ['day'], unique=False)
    sums = ', '.join(f'sum({name})' for name in MEASURES)
    for dimension, by in PAIRS:
        code, by_code = COLUMNS[dimension], COLUMNS[by]
        op.execute(sa.text(
            f"INSERT INTO agg_complaints_pairs (dimension, by_dimension, code, day, by_code, {', '.join(MEASURES)}) "
            f"SELECT :dimension, :by, {code}, day, {by_code}, {sums} FROM agg_complaints_daily "
            f"GROUP BY {code}, day, {by_code}").bindparams(dimension=dimension, by=by))


def downgrade() -> None:
    op.drop_table('agg_complaints_pairs')
