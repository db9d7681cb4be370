"""sipandu: the city's origins per day

The city's origins and purposes over 13 or 52 weeks take the whole months from
agg_sipandu_origins_city and counted the days before the first whole month (up to 30) from the
facts: some 40,000 arrivals at ten times the city, most of the request's time there.
agg_sipandu_origins_city_daily keeps the city's arrivals per city day x origin regency x purpose
(about 90 rows a day), so those days read a few thousand rows. Recomputed by the ETL for the city
days of arrival a batch touched; filled here from the facts, the city day (WIB, UTC+7 all year)
frozen as each engine's SQL.

Revision ID: sipandu_w0006
Revises: sipandu_w0005
Create Date: 2026-12-06 22:10:00
"""
from alembic import op
import sqlalchemy as sa


revision = 'sipandu_w0006'
down_revision = 'sipandu_w0005'
branch_labels = None
depends_on = None

# the city day of a naive UTC timestamp; SQLite's date() rounds to the millisecond, which would
# put 23:59:59.9995 in the next day, so it is given the whole seconds only
CITY_DAY = {"postgresql": "CAST(arrived_at + INTERVAL '7 hours' AS DATE)",
            "sqlite": "date(substr(arrived_at, 1, 19), '+7 hours')"}


def upgrade() -> None:
    op.create_table('agg_sipandu_origins_city_daily',
                    sa.Column('day', sa.Date(), nullable=False),
                    sa.Column('origin_province', sa.String(length=2), nullable=False),
                    sa.Column('origin_regency', sa.String(length=8), nullable=False),
                    sa.Column('purpose', sa.String(length=8), nullable=False),
                    sa.Column('arrivals', sa.Integer(), nullable=False),
                    sa.PrimaryKeyConstraint('day', 'origin_province', 'origin_regency', 'purpose',
                                            name=op.f('pk_agg_sipandu_origins_city_daily')))
    dialect = op.get_bind().dialect.name
    day = CITY_DAY[dialect]
    op.execute("INSERT INTO agg_sipandu_origins_city_daily (day, origin_province, origin_regency, purpose, arrivals) "
               f"SELECT {day}, origin_province, origin_regency, purpose, COUNT(*) FROM fct_sipandu_newcomers "
               f"WHERE status <> 'rejected' GROUP BY {day}, origin_province, origin_regency, purpose")
    if dialect == "postgresql":
        # rewritten by every batch, as the other marts: vacuum and analyse after 2 % changed
        op.execute("ALTER TABLE agg_sipandu_origins_city_daily SET (autovacuum_vacuum_scale_factor = 0.02, "
                   "autovacuum_analyze_scale_factor = 0.02, autovacuum_vacuum_insert_scale_factor = 0.02)")


def downgrade() -> None:
    op.drop_table('agg_sipandu_origins_city_daily')
