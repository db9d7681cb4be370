"""Migrations, the change log and reference data on SQLite and PostgreSQL (same code, both backends)."""

import pytest
from sqlalchemy import func, inspect, select

from core.changelog import ChangeLogEntry, last_position, record_change
from core.reference import Kecamatan, Kelurahan, Opd, RtUnit
from modules.complaints.models import ComplaintCategory
from core.users import create_user


def test_migrations_create_every_table_on_both_databases(databases, backend):
    tables = set(inspect(databases.engine).get_table_names())
    assert {"change_log", "kecamatan", "kelurahan", "rt_units", "opd", "complaint_categories",
            "users", "kiosk_tokens", "alembic_version"} <= tables
    assert {"etl_watermarks", "mart_versions", "alembic_version"} <= set(inspect(databases.warehouse).get_table_names())
    assert databases.engine.dialect.name == backend


def test_migrations_run_again_change_nothing(databases):
    from core import migrate

    before = set(inspect(databases.engine).get_table_names())
    migrate.upgrade(databases)
    assert set(inspect(databases.engine).get_table_names()) == before


def test_reference_data_has_surabaya_districts(databases):
    with databases.session() as session:
        assert session.scalar(select(func.count()).select_from(Kecamatan)) == 31
        assert session.scalar(select(func.count()).select_from(Kelurahan)) == 153  # official (Kemendagri)
        assert session.scalar(select(Kelurahan.kecamatan_code).where(Kelurahan.name == "Ketabang")) == "35.78.07"
        assert session.scalar(select(func.count()).select_from(Opd)) == 17
        assert session.scalar(select(func.count()).select_from(ComplaintCategory)) == 15
        # every kelurahan has RW/RT units for demo data, and every category an existing OPD
        assert session.scalar(select(func.count(func.distinct(RtUnit.kelurahan_code)))) == 153
        orphan = select(ComplaintCategory).where(ComplaintCategory.opd_code.not_in(select(Opd.code)))
        assert session.scalars(orphan).all() == []


def test_loading_reference_data_twice_keeps_the_same_rows(databases):
    from core.reference import load_reference_data

    with databases.transaction() as session:
        counts = load_reference_data(session)
    assert counts["kecamatan"] == 31 and counts["kelurahan"] == 153


def test_a_committed_write_appends_its_change_row(databases):
    with databases.transaction() as session:
        start = last_position(session)
        user = create_user(session, "petugas", "password-123", "operator")
        record_change(session, "user", user.id, "created", {"role": "operator"})
    with databases.session() as session:
        rows = session.scalars(select(ChangeLogEntry).where(ChangeLogEntry.position > start)).all()
    assert [(r.entity, r.entity_id, r.operation, r.payload) for r in rows] == [
        ("user", str(user.id), "created", {"role": "operator"})
    ]


def test_a_rolled_back_write_leaves_no_change_row(databases):
    from core.users import User

    with databases.session() as session:
        start = last_position(session)
    with pytest.raises(RuntimeError):
        with databases.transaction() as session:
            user = create_user(session, "batal", "password-123", "operator")
            record_change(session, "user", user.id, "created", {})
            raise RuntimeError("the write fails after its change row was added")
    with databases.session() as session:
        assert last_position(session) == start
        assert session.scalar(select(User).where(User.username == "batal")) is None


def test_change_positions_increase_in_commit_order(databases):
    with databases.transaction() as session:
        positions = [record_change(session, "probe", i, "created", {}).position for i in range(5)]
    with databases.transaction() as session:
        later = record_change(session, "probe", 99, "created", {}).position
    assert positions == sorted(positions) and len(set(positions)) == 5
    assert later > positions[-1]


def test_keys_asked_in_parts_find_every_member_and_no_other(databases, backend):
    """core.db's one rule for "the key is one of these": as many parts as the engine needs (one
    array on PostgreSQL, under SQLite's 999 parameters), every asked key found, no other."""
    from core.db import KEY_CHUNK, is_member, key_parts

    with databases.session() as session:
        codes = sorted(session.scalars(select(Kelurahan.code)))
    asked = codes[::2] + [f"absent-{n}" for n in range(2 * KEY_CHUNK)]  # more keys than one SQLite statement takes
    with databases.engine.connect() as connection:
        parts = key_parts(connection, asked)
        found = [code for part in parts for code in connection.scalars(
            select(Kelurahan.code).where(is_member(connection, Kelurahan.__table__.c.code, part)))]
    assert sorted(found) == codes[::2]
    assert [key for part in parts for key in part] == asked
    assert len(parts) == (1 if backend == "postgresql" else 3)
    assert key_parts(databases.engine, asked, per_part=10)[0] == asked[:10 if backend == "sqlite" else None]
    assert key_parts(databases.engine, []) == []
