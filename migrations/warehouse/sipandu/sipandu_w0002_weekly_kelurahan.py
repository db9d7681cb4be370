"""sipandu: the weekly flow per kelurahan

The city's weekly flow is a running sum from the first week ever; over the per-RT weekly aggregate
that read every row of five years (about half a million at city scale: cold p95 0.7 s on SQLite).
agg_sipandu_weekly_kelurahan keeps the same counts per week and kelurahan (about 40,000 rows) for
the city, a camat and a lurah; RW and RT heads keep reading the per-RT one. Recomputed by the ETL
from the per-RT rows it has just rebuilt; filled here from them, the ETL's query frozen as SQL.

Revision ID: sipandu_w0002
Revises: sipandu_w0001
Create Date: 2026-12-03 22:20:00
"""
from alembic import op
import sqlalchemy as sa


revision = 'sipandu_w0002'
down_revision = 'sipandu_w0001'
branch_labels = None
depends_on = None

MEASURES = ('arrivals', 'departures', 'expiries', 'recorded', 'recorded_in_time', 'verified', 'rejected')


def upgrade() -> None:
    op.create_table('agg_sipandu_weekly_kelurahan',
                    sa.Column('week', sa.Date(), nullable=False),
                    sa.Column('kecamatan_code', sa.String(length=16), nullable=False),
                    sa.Column('kelurahan_code', sa.String(length=16), nullable=False),
                    *[sa.Column(name, sa.Integer(), nullable=False) for name in MEASURES],
                    sa.PrimaryKeyConstraint('week', 'kecamatan_code', 'kelurahan_code',
                                            name=op.f('pk_agg_sipandu_weekly_kelurahan')))
    with op.batch_alter_table('agg_sipandu_weekly_kelurahan', schema=None) as batch_op:
        batch_op.create_index('ix_agg_sipandu_weekly_kelurahan_kecamatan_week', ['kecamatan_code', 'week'], unique=False)
        batch_op.create_index('ix_agg_sipandu_weekly_kelurahan_kelurahan_week', ['kelurahan_code', 'week'], unique=False)
    measures = ', '.join(MEASURES)
    sums = ', '.join(f'SUM({name})' for name in MEASURES)
    op.execute(f"INSERT INTO agg_sipandu_weekly_kelurahan (week, kecamatan_code, kelurahan_code, {measures}) "
               f"SELECT week, kecamatan_code, kelurahan_code, {sums} FROM agg_sipandu_weekly "
               "GROUP BY week, kecamatan_code, kelurahan_code")
    if op.get_bind().dialect.name == "postgresql":
        # rewritten by every batch, as the other marts: vacuum and analyse after 2 % changed
        op.execute("ALTER TABLE agg_sipandu_weekly_kelurahan SET (autovacuum_vacuum_scale_factor = 0.02, "
                   "autovacuum_analyze_scale_factor = 0.02, autovacuum_vacuum_insert_scale_factor = 0.02)")


def downgrade() -> None:
    with op.batch_alter_table('agg_sipandu_weekly_kelurahan', schema=None) as batch_op:
        batch_op.drop_index('ix_agg_sipandu_weekly_kelurahan_kelurahan_week')
        batch_op.drop_index('ix_agg_sipandu_weekly_kelurahan_kecamatan_week')
    op.drop_table('agg_sipandu_weekly_kelurahan')
