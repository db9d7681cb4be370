"""official region codes: kecamatan, kelurahan, RT units and users' scopes move to the Kemendagri codes

Old codes (357807, 357807004, 357807004.RW03.RT05) become official ones (35.78.07, 35.78.07.1004,
35.78.07.1004.RW03.RT05) through the frozen map in migrations/official_region_codes.py.

Only data change, no DDL. A primary key that other rows point at cannot be updated while
PostgreSQL checks the foreign keys, so every district is moved the way a user would: insert the
official row, point the references at it, delete the old row. Old rows that the complaint tables
still point at stay until t0005 has moved those, which then deletes them. Marts hold the old
codes too: `rebuilds_marts` makes `manage.py migrate` run a full ETL refresh after this revision.

Revision ID: t0004_official_region_codes
Revises: t0003_change_log_reads
Create Date: 2026-12-02 04:00:00
"""
from alembic import op
import sqlalchemy as sa

from migrations.official_region_codes import KECAMATAN, KELURAHAN, new_rt_unit_code


revision = 't0004_official_region_codes'
down_revision = 't0003_change_log_reads'
branch_labels = None
depends_on = None
rebuilds_marts = True  # read by core.migrate: the marts still hold the old codes

kecamatan = sa.table('kecamatan', sa.column('code', sa.String), sa.column('name', sa.String),
                     sa.column('lat', sa.Float), sa.column('lon', sa.Float))
kelurahan = sa.table('kelurahan', sa.column('code', sa.String), sa.column('kecamatan_code', sa.String),
                     sa.column('name', sa.String), sa.column('postal_code', sa.String),
                     sa.column('population_demo', sa.Integer))
rt_units = sa.table('rt_units', sa.column('code', sa.String), sa.column('kelurahan_code', sa.String),
                    sa.column('rw', sa.Integer), sa.column('rt', sa.Integer))
users = sa.table('users', sa.column('kecamatan_code', sa.String), sa.column('kelurahan_code', sa.String))


def upgrade() -> None:
    connection = op.get_bind()
    add_official_kecamatan(connection)
    add_official_kelurahan(connection)
    remap(connection, users.c.kecamatan_code, KECAMATAN)
    remap(connection, users.c.kelurahan_code, KELURAHAN)
    move_rt_units(connection)
    delete_unreferenced(connection, kelurahan, KELURAHAN)
    delete_unreferenced(connection, kecamatan, KECAMATAN)


def downgrade() -> None:
    raise NotImplementedError("merged kelurahan (Perak Timur, Perak Utara) cannot be split again: "
                              "restore the backup taken before upgrading")


def existing_codes(connection, table) -> set[str]:
    return set(connection.scalars(sa.select(table.c.code)))


def add_official_kecamatan(connection) -> None:
    """One official row per old kecamatan, same centroid. Kecamatan names are unique, so the old
    rows give theirs up first ("Genteng [357807]") for the short while both exist."""
    old_rows = connection.execute(sa.select(kecamatan).where(kecamatan.c.code.in_(list(KECAMATAN)))).all()
    if not old_rows:
        return
    connection.execute(sa.update(kecamatan).where(kecamatan.c.code.in_(list(KECAMATAN)))
                       .values(name=kecamatan.c.name + ' [' + kecamatan.c.code + ']'))
    present = existing_codes(connection, kecamatan)
    rows = [dict(code=KECAMATAN[row.code][0], name=KECAMATAN[row.code][1], lat=row.lat, lon=row.lon)
            for row in old_rows if KECAMATAN[row.code][0] not in present]
    if rows:
        connection.execute(sa.insert(kecamatan), rows)


def add_official_kelurahan(connection) -> None:
    """One official row per new code: merged kelurahan add up their (demo) population and keep
    the postal code of the first old one."""
    old_rows = connection.execute(sa.select(kelurahan).where(kelurahan.c.code.in_(list(KELURAHAN)))
                                  .order_by(kelurahan.c.code)).all()
    present = existing_codes(connection, kelurahan)
    rows: dict[str, dict] = {}
    for row in old_rows:
        code, name = KELURAHAN[row.code]
        if code in present:
            continue
        if code in rows:
            rows[code]['population_demo'] += row.population_demo
        else:
            rows[code] = dict(code=code, kecamatan_code=code.rsplit('.', 1)[0], name=name,
                              postal_code=row.postal_code, population_demo=row.population_demo)
    if rows:
        connection.execute(sa.insert(kelurahan), list(rows.values()))


def remap(connection, column, mapping: dict) -> None:
    """Replace every old code in `column` by its official one (one UPDATE per old code)."""
    table = column.table
    statement = sa.update(table).where(column == sa.bindparam('old')).values({column.name: sa.bindparam('new')})
    connection.execute(statement, [dict(old=old, new=new) for old, (new, _name) in mapping.items()])


def move_rt_units(connection) -> None:
    """RT units get the official kelurahan code in theirs; the RT units of merged kelurahan share
    their RW/RT numbers, so they become one unit each."""
    old_rows = connection.execute(sa.select(rt_units).where(rt_units.c.kelurahan_code.in_(list(KELURAHAN)))).all()
    present = existing_codes(connection, rt_units)
    rows: dict[str, dict] = {}
    for row in old_rows:
        code = new_rt_unit_code(row.code)
        if code not in present:
            rows.setdefault(code, dict(code=code, kelurahan_code=KELURAHAN[row.kelurahan_code][0], rw=row.rw, rt=row.rt))
    if rows:
        connection.execute(sa.insert(rt_units), list(rows.values()))
    connection.execute(sa.delete(rt_units).where(rt_units.c.kelurahan_code.in_(list(KELURAHAN))))


def delete_unreferenced(connection, table, mapping: dict) -> None:
    """Delete the old rows of `table` that no foreign key points at any more. The referencing
    columns are read from the database itself, so tables of other domains are respected
    without being named here."""
    inspector = sa.inspect(connection)
    condition = table.c.code.in_(list(mapping))
    for name in inspector.get_table_names():
        for key in inspector.get_foreign_keys(name):
            if key['referred_table'] == table.name:
                column = sa.column(key['constrained_columns'][0])
                referencing = sa.table(name, column)
                condition &= ~sa.exists().where(column == table.c.code).select_from(referencing)
    connection.execute(sa.delete(table).where(condition))
