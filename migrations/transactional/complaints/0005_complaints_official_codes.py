"""complaints: kecamatan and kelurahan codes move to the official Kemendagri codes

The complaint tables' half of t0004: complaints (kecamatan_code, kelurahan_code) and routing
rules (kecamatan_code) get the official codes from the frozen map, then the old district rows
that t0004 had to keep while complaints pointed at them are deleted. A complaint with a kelurahan
takes its kecamatan from it: kelurahan Benowo moved from Sambikerep to Pakal.

The first revision of the complaints domain's own Alembic branch (this folder, named by
domains/complaints.py), on core's t0004; self-contained: it imports the frozen map only.

Revision ID: t0005_complaints_official_codes
Revises: t0004_official_region_codes
Create Date: 2026-12-02 04:00:01
"""
from alembic import op
import sqlalchemy as sa

from migrations.official_region_codes import KECAMATAN, KELURAHAN


revision = 't0005_complaints_official_codes'
down_revision = 't0004_official_region_codes'
branch_labels = ('complaints',)  # the first revision of the complaints branch
depends_on = None
rebuilds_marts = True  # read by core.migrate: the complaint marts still hold the old codes

complaints = sa.table('complaints', sa.column('kecamatan_code', sa.String), sa.column('kelurahan_code', sa.String))
routing_rules = sa.table('complaint_routing_rules', sa.column('kecamatan_code', sa.String))


def upgrade() -> None:
    connection = op.get_bind()
    remap_complaint_kelurahan(connection)
    remap(connection, complaints.c.kecamatan_code, KECAMATAN)  # the complaints without a kelurahan
    remap(connection, routing_rules.c.kecamatan_code, KECAMATAN)
    delete_unreferenced(connection, 'kelurahan', KELURAHAN)
    delete_unreferenced(connection, 'kecamatan', KECAMATAN)


def downgrade() -> None:
    raise NotImplementedError("merged kelurahan (Perak Timur, Perak Utara) cannot be split again: "
                              "restore the backup taken before upgrading")


def remap_complaint_kelurahan(connection) -> None:
    """Official kelurahan code, and the kecamatan it lies in, for complaints with an old one."""
    statement = (sa.update(complaints).where(complaints.c.kelurahan_code == sa.bindparam('old'))
                 .values(kelurahan_code=sa.bindparam('new'), kecamatan_code=sa.bindparam('new_kecamatan')))
    connection.execute(statement, [dict(old=old, new=new, new_kecamatan=new.rsplit('.', 1)[0])
                                   for old, (new, _name) in KELURAHAN.items()])


def remap(connection, column, mapping: dict) -> None:
    """Replace every old code in `column` by its official one (one UPDATE per old code)."""
    statement = (sa.update(column.table).where(column == sa.bindparam('old'))
                 .values({column.name: sa.bindparam('new')}))
    connection.execute(statement, [dict(old=old, new=new) for old, (new, _name) in mapping.items()])


def delete_unreferenced(connection, table_name: str, mapping: dict) -> None:
    """Delete the old district rows that no foreign key points at any more (read from the
    database, so that references of other domains are respected without being named here)."""
    table = sa.table(table_name, sa.column('code', sa.String))
    inspector = sa.inspect(connection)
    condition = table.c.code.in_(list(mapping))
    for name in inspector.get_table_names():
        for key in inspector.get_foreign_keys(name):
            if key['referred_table'] == table_name:
                column = sa.column(key['constrained_columns'][0])
                condition &= ~sa.exists().where(column == table.c.code).select_from(sa.table(name, column))
    connection.execute(sa.delete(table).where(condition))
