"""sipandu: the city's origins per month

The city's origins and purposes over 13 or 52 weeks read every arrival of the period from the facts
(a period starts on a Monday, rarely a month's first day, and the kelurahans' monthly aggregate
holds three rows for every four arrivals). agg_sipandu_origins_city keeps the arrivals per month x
origin regency x purpose for the whole city (some 90 rows a month at city scale); the read side
takes the whole months from it and the days before them from the facts. Recomputed by the ETL from the kelurahans' origins of the
months a batch touched; filled here from them, the ETL's query frozen as SQL.

Revision ID: sipandu_w0003
Revises: sipandu_w0002
Create Date: 2026-12-06 02:10:00
"""
from alembic import op
import sqlalchemy as sa


revision = 'sipandu_w0003'
down_revision = 'sipandu_w0002'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('agg_sipandu_origins_city',
                    sa.Column('month', sa.Date(), nullable=False),
                    sa.Column('origin_province', sa.String(length=2), nullable=False),
                    sa.Column('origin_regency', sa.String(length=8), nullable=False),
                    sa.Column('purpose', sa.String(length=8), nullable=False),
                    sa.Column('arrivals', sa.Integer(), nullable=False),
                    sa.PrimaryKeyConstraint('month', 'origin_province', 'origin_regency', 'purpose',
                                            name=op.f('pk_agg_sipandu_origins_city')))
    op.execute("INSERT INTO agg_sipandu_origins_city (month, origin_province, origin_regency, purpose, arrivals) "
               "SELECT month, origin_province, origin_regency, purpose, SUM(arrivals) FROM agg_sipandu_origins "
               "GROUP BY month, origin_province, origin_regency, purpose")
    if op.get_bind().dialect.name == "postgresql":
        # rewritten by every batch, as the other marts: vacuum and analyse after 2 % changed
        op.execute("ALTER TABLE agg_sipandu_origins_city SET (autovacuum_vacuum_scale_factor = 0.02, "
                   "autovacuum_analyze_scale_factor = 0.02, autovacuum_vacuum_insert_scale_factor = 0.02)")


def downgrade() -> None:
    op.drop_table('agg_sipandu_origins_city')
