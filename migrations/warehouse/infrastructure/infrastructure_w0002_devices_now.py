"""infrastructure: each active device with its state now (agg_infra_devices_now)

The live map, the wall and the landing page read every active device with its open event on
every request: two reads matched in Python, 26,000 rows each at ten times the city (110 to 210 ms
after each ETL commit), and the landing page's counts per state came from the same frame.
agg_infra_devices_now keeps one row per active device with its state now, recomputed by the ETL
for the devices a batch touched. Filled here from the facts as the ETL fills it (its rule
frozen: a device's newest open event, UNKNOWN before its first).

Revision ID: infrastructure_w0002
Revises: infrastructure_w0001
Create Date: 2026-12-07 08:20:00
"""
from alembic import op
import sqlalchemy as sa


revision = 'infrastructure_w0002'
down_revision = 'infrastructure_w0001'
branch_labels = None
depends_on = None

DEVICE_COLUMNS = ('device_code', 'kind', 'name', 'lat', 'lon', 'opd_code', 'kecamatan_code', 'kelurahan_code',
                  'contract_code', 'vendor')
STATE_COLUMNS = ('state', 'since', 'root_cause_code', 'suppressed_by')
UNKNOWN = 'UNKNOWN'  # modules/infrastructure/kinds.py: a device before its first event
PAGE = 5_000


def upgrade() -> None:
    op.create_table('agg_infra_devices_now',
                    sa.Column('device_code', sa.String(length=40), nullable=False),
                    sa.Column('kind', sa.String(length=16), nullable=False),
                    sa.Column('name', sa.String(length=200), nullable=False),
                    sa.Column('lat', sa.Float(), nullable=True),
                    sa.Column('lon', sa.Float(), nullable=True),
                    sa.Column('state', sa.String(length=16), nullable=False),
                    sa.Column('since', sa.DateTime(), nullable=True),
                    sa.Column('root_cause_code', sa.String(length=40), nullable=True),
                    sa.Column('suppressed_by', sa.String(length=40), nullable=True),
                    sa.Column('opd_code', sa.String(length=32), nullable=False),
                    sa.Column('kecamatan_code', sa.String(length=16), nullable=False),
                    sa.Column('kelurahan_code', sa.String(length=16), nullable=False),
                    sa.Column('contract_code', sa.String(length=40), nullable=False),
                    sa.Column('vendor', sa.String(length=200), nullable=False),
                    sa.PrimaryKeyConstraint('device_code', name=op.f('pk_agg_infra_devices_now')))
    op.create_index('ix_agg_infra_devices_now_kind_state', 'agg_infra_devices_now', ['kind', 'state'])
    _fill(op.get_bind())
    if op.get_bind().dialect.name == "postgresql":
        # rewritten by every batch, as the other marts (w0001): vacuum and analyse after 2 % changed
        op.execute("ALTER TABLE agg_infra_devices_now SET (autovacuum_vacuum_scale_factor = 0.02, "
                   "autovacuum_analyze_scale_factor = 0.02, autovacuum_vacuum_insert_scale_factor = 0.02)")


def _fill(connection) -> None:
    newest = {}  # a device's newest open event (one, unless a change is half applied)
    open_events = sa.text("SELECT device_code, state, started_at, root_cause_code, suppressed_by "
                          "FROM fct_infra_events WHERE ended_at IS NULL "
                          "ORDER BY device_code, started_at DESC, event_id DESC")
    for code, *state in connection.execute(open_events):
        newest.setdefault(code, tuple(state))
    devices = connection.execute(sa.text(f"SELECT {', '.join(DEVICE_COLUMNS)} FROM fct_infra_devices "
                                         "WHERE active ORDER BY device_code"))
    now = sa.table('agg_infra_devices_now', *[sa.column(name) for name in DEVICE_COLUMNS + STATE_COLUMNS])
    while rows := devices.fetchmany(PAGE):
        connection.execute(now.insert(), [dict(zip(DEVICE_COLUMNS + STATE_COLUMNS,
                                                   (*row, *newest.get(row[0], (UNKNOWN, None, None, None)))))
                                          for row in rows])


def downgrade() -> None:
    op.drop_index('ix_agg_infra_devices_now_kind_state', table_name='agg_infra_devices_now')
    op.drop_table('agg_infra_devices_now')
