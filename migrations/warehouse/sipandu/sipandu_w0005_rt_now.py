"""sipandu: each RT's records as they stand now

Where the newcomers live now (the map and table of residents per kelurahan or RW), the boarding
houses' fill and the silent RTs counted the present records from the facts on every request (some
50,000 at city scale: about 100 ms each on SQLite). agg_sipandu_rt_now keeps per RT and boarding
house ('' for none) the present, the unverified and the last recording, some 14,000 rows.
Recomputed by the ETL for the RTs a batch touched; filled here from the facts, the ETL's query
frozen as SQL.

Revision ID: sipandu_w0005
Revises: sipandu_w0004
Create Date: 2026-12-06 05:40:00
"""
from alembic import op
import sqlalchemy as sa


revision = 'sipandu_w0005'
down_revision = 'sipandu_w0004'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('agg_sipandu_rt_now',
                    sa.Column('kecamatan_code', sa.String(length=16), nullable=False),
                    sa.Column('kelurahan_code', sa.String(length=16), nullable=False),
                    sa.Column('rw', sa.SmallInteger(), nullable=False),
                    sa.Column('rt', sa.SmallInteger(), nullable=False),
                    sa.Column('kos_code', sa.String(length=32), nullable=False),
                    sa.Column('present', sa.Integer(), nullable=False),
                    sa.Column('unverified', sa.Integer(), nullable=False),
                    sa.Column('last_recorded_at', sa.DateTime(), nullable=False),
                    sa.PrimaryKeyConstraint('kecamatan_code', 'kelurahan_code', 'rw', 'rt', 'kos_code',
                                            name=op.f('pk_agg_sipandu_rt_now')))
    op.create_index('ix_agg_sipandu_rt_now_rt', 'agg_sipandu_rt_now', ['kelurahan_code', 'rw', 'rt'])
    op.execute("INSERT INTO agg_sipandu_rt_now (kecamatan_code, kelurahan_code, rw, rt, kos_code, present, "
               "unverified, last_recorded_at) "
               "SELECT kecamatan_code, kelurahan_code, rw, rt, COALESCE(kos_code, ''), "
               "SUM(CASE WHEN status IN ('recorded', 'active') THEN 1 ELSE 0 END), "
               "SUM(CASE WHEN status = 'recorded' THEN 1 ELSE 0 END), MAX(recorded_at) "
               "FROM fct_sipandu_newcomers GROUP BY kecamatan_code, kelurahan_code, rw, rt, COALESCE(kos_code, '')")
    if op.get_bind().dialect.name == "postgresql":
        # rewritten by every batch, as the other marts: vacuum and analyse after 2 % changed
        op.execute("ALTER TABLE agg_sipandu_rt_now SET (autovacuum_vacuum_scale_factor = 0.02, "
                   "autovacuum_analyze_scale_factor = 0.02, autovacuum_vacuum_insert_scale_factor = 0.02)")


def downgrade() -> None:
    op.drop_index('ix_agg_sipandu_rt_now_rt', table_name='agg_sipandu_rt_now')
    op.drop_table('agg_sipandu_rt_now')
