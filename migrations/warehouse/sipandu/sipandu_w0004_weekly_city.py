"""sipandu: the city's weekly flow

The city's weekly flow is a running sum from the first week ever, read from the kelurahans' weekly
aggregate (about 40,000 rows for five years at city scale, the window query's input on every cold
request), as are the city's 24-hour rule and headline cards. agg_sipandu_weekly_city keeps the same
counts summed over the city, one row a week. Recomputed by the ETL from the kelurahans' weeks of
the weeks a batch touched; filled here from them, the ETL's query frozen as SQL.

Revision ID: sipandu_w0004
Revises: sipandu_w0003
Create Date: 2026-12-06 02:30:00
"""
from alembic import op
import sqlalchemy as sa


revision = 'sipandu_w0004'
down_revision = 'sipandu_w0003'
branch_labels = None
depends_on = None

MEASURES = ('arrivals', 'departures', 'expiries', 'recorded', 'recorded_in_time', 'verified', 'rejected')


def upgrade() -> None:
    op.create_table('agg_sipandu_weekly_city',
                    sa.Column('week', sa.Date(), nullable=False),
                    *[sa.Column(name, sa.Integer(), nullable=False) for name in MEASURES],
                    sa.PrimaryKeyConstraint('week', name=op.f('pk_agg_sipandu_weekly_city')))
    measures = ', '.join(MEASURES)
    sums = ', '.join(f'SUM({name})' for name in MEASURES)
    op.execute(f"INSERT INTO agg_sipandu_weekly_city (week, {measures}) "
               f"SELECT week, {sums} FROM agg_sipandu_weekly_kelurahan GROUP BY week")
    if op.get_bind().dialect.name == "postgresql":
        # rewritten by every batch, as the other marts: vacuum and analyse after 2 % changed
        op.execute("ALTER TABLE agg_sipandu_weekly_city SET (autovacuum_vacuum_scale_factor = 0.02, "
                   "autovacuum_analyze_scale_factor = 0.02, autovacuum_vacuum_insert_scale_factor = 0.02)")


def downgrade() -> None:
    op.drop_table('agg_sipandu_weekly_city')
