"""kinerja: the approval latency and the links per kind in the daily aggregate

The Kinerja page's backlog panel showed the period's approval latency and its activities per link
kind by scanning the period's facts: about 2.3 million lines for 20 working days at city
scale, 1.1 s cold on PostgreSQL and 2.4 s on SQLite. agg_kinerja_daily now counts them per day, OPD
and unit: activities decided (approved or returned, with a latency), their approval minutes summed,
and one count per link kind. Filled here from the facts (the ETL's own daily query, frozen as SQL).

Revision ID: kinerja_w0003
Revises: kinerja_w0002
Create Date: 2026-12-04 19:30:00
"""
from alembic import op
import sqlalchemy as sa


revision = 'kinerja_w0003'
down_revision = 'kinerja_w0002'
branch_labels = None
depends_on = None

LINK_KINDS = ('sub_kegiatan', 'complaint', 'incident', 'letter')  # modules/kinerja/links.py when written
COUNTS = ['activities_decided', *(f'linked_{kind}' for kind in LINK_KINDS)]
DECIDED = "status IN ('approved', 'returned') AND approval_minutes IS NOT NULL"


def upgrade() -> None:
    with op.batch_alter_table('agg_kinerja_daily', schema=None) as batch_op:
        for name in COUNTS:
            batch_op.add_column(sa.Column(name, sa.Integer(), nullable=False, server_default='0'))
        batch_op.add_column(sa.Column('approval_minutes', sa.BigInteger(), nullable=False, server_default='0'))
    kinds = ", ".join(f"SUM(CASE WHEN link_kind = '{kind}' THEN 1 ELSE 0 END) AS linked_{kind}"
                      for kind in LINK_KINDS)
    assigned = ", ".join(f"{name} = found.{name}" for name in [*COUNTS, 'approval_minutes'])
    op.execute(
        f"UPDATE agg_kinerja_daily SET {assigned} FROM ("
        f"SELECT day, opd_code, unit, SUM(CASE WHEN {DECIDED} THEN 1 ELSE 0 END) AS activities_decided, "
        f"SUM(CASE WHEN {DECIDED} THEN approval_minutes ELSE 0 END) AS approval_minutes, {kinds} "
        "FROM fct_kinerja_activities GROUP BY day, opd_code, unit) AS found "
        "WHERE agg_kinerja_daily.day = found.day AND agg_kinerja_daily.opd_code = found.opd_code "
        "AND agg_kinerja_daily.unit = found.unit")


def downgrade() -> None:
    with op.batch_alter_table('agg_kinerja_daily', schema=None) as batch_op:
        for name in ['approval_minutes', *reversed(COUNTS)]:
            batch_op.drop_column(name)
