"""t0004/t0005 move a database filled with the old region codes to the official Kemendagri codes."""

from __future__ import annotations

from datetime import datetime

import sqlalchemy as sa
from alembic import command

from core import migrate
from core.reference import read_csv
from migrations.official_region_codes import KECAMATAN, KELURAHAN

BEFORE = "t0003_change_log_reads"
OLD_CODE = "3578"  # every old code starts so; no official one does ("35.78...")
NOW = datetime(2026, 12, 1, 8, 0)
BENOWO_OLD = "357819001"  # kelurahan Benowo, then in Sambikerep (357819), now in Pakal


def table(name: str, *columns: str) -> sa.TableClause:
    return sa.table(name, *(sa.column(c) for c in columns))


def old_reference_rows() -> dict[str, list[dict]]:
    """Districts as the old reference loaded them: every old code, two RT units per kelurahan."""
    kecamatan = [dict(code=old, name=f"Kecamatan {old}", lat=-7.25, lon=112.7) for old in KECAMATAN]
    kelurahan = [dict(code=old, kecamatan_code=old[:6], name=f"Kelurahan {old}", postal_code="60000",
                      population_demo=1000) for old in KELURAHAN]
    rt_units = [dict(code=f"{old}.RW01.RT0{rt}", kelurahan_code=old, rw=1, rt=rt) for old in KELURAHAN for rt in (1, 2)]
    return {"kecamatan": kecamatan, "kelurahan": kelurahan, "rt_units": rt_units}


def complaint(number: int, kecamatan_code, kelurahan_code) -> dict:
    return dict(ticket=f"T{number:05d}", channel="wargaku", category_code="SAMPAH", description="x",
                kecamatan_code=kecamatan_code, kelurahan_code=kelurahan_code, status="received",
                received_at=NOW, first_response_due_at=NOW, feedback_due_at=NOW, updated_at=NOW)


def fill_at_t0003(connection) -> None:
    """Old-coded rows in every table that stores a district code."""
    insert = lambda name, rows: connection.execute(sa.insert(table(name, *rows[0])), rows)  # noqa: E731
    for name, rows in old_reference_rows().items():
        insert(name, rows)
    insert("opd", [dict(code="DLH", name="Dinas Lingkungan Hidup", short_name="DLH", in_command_center=True)])
    insert("complaint_categories", [dict(code="SAMPAH", name="Sampah", opd_code="DLH", typical_share=0.1, active=True)])
    user = dict(full_name="", password_hash="x", opd_code=None, rw=None, rt=None, city_wide=False, active=True,
                created_at=NOW, kecamatan_code=None, kelurahan_code=None)
    insert("users", [
        {**user, "username": "camat", "role": "camat", "kecamatan_code": "357807"},
        {**user, "username": "lurah", "role": "lurah", "kelurahan_code": "357816005"},  # Perak Utara, merged
        {**user, "username": "rt", "role": "rt_rw", "kelurahan_code": BENOWO_OLD, "rw": 1},
    ])
    insert("complaints", [complaint(i, old[:6], old) for i, old in enumerate(KELURAHAN)]
           + [complaint(900, "357825", None), complaint(901, None, None)])
    insert("complaint_routing_rules", [dict(category_code="SAMPAH", kecamatan_code=code, opd_code="DLH", updated_at=NOW)
                                       for code in ("357807", "357826", None)])


def rows(connection, name: str, *columns: str) -> list:
    return connection.execute(sa.select(table(name, *columns))).all()


def test_upgrade_moves_every_old_code_to_the_official_one(empty_databases):
    command.upgrade(migrate.alembic_config(empty_databases, "transactional"), BEFORE)
    with empty_databases.engine.begin() as connection:
        fill_at_t0003(connection)

    run = migrate.upgrade(empty_databases)
    assert run.rebuilds_marts
    assert {"t0004_official_region_codes", "t0005_complaints_official_codes"} <= set(run.applied)

    official_kecamatan = {r["code"]: r["name"] for r in read_csv("kecamatan.csv")}
    official_kelurahan = {r["code"]: (r["kecamatan_code"], r["name"]) for r in read_csv("kelurahan.csv")}
    with empty_databases.engine.connect() as connection:
        assert dict(rows(connection, "kecamatan", "code", "name")) == official_kecamatan
        kelurahan = {code: (kecamatan, name) for code, kecamatan, name in rows(connection, "kelurahan", "code", "kecamatan_code", "name")}
        assert kelurahan == official_kelurahan  # 153: the merged ones became one
        populations = dict(rows(connection, "kelurahan", "code", "population_demo"))
        assert populations["35.78.12.1006"] == 2000  # Tanjung Perak = Perak Timur + Perak Utara

        rt_units = rows(connection, "rt_units", "code", "kelurahan_code")
        assert len(rt_units) == 2 * 153
        assert all(code.startswith(kelurahan_code + ".RW01.RT0") and kelurahan_code in kelurahan
                   for code, kelurahan_code in rt_units)

        users = {name: (kecamatan, kelurahan_code)
                 for name, kecamatan, kelurahan_code in rows(connection, "users", "username", "kecamatan_code", "kelurahan_code")}
        assert users == {"camat": ("35.78.07", None), "lurah": (None, "35.78.12.1006"), "rt": (None, "35.78.30.1005")}

        complaints = {ticket: (kecamatan, kelurahan_code) for ticket, kecamatan, kelurahan_code
                      in rows(connection, "complaints", "ticket", "kecamatan_code", "kelurahan_code")}
        assert len(complaints) == len(KELURAHAN) + 2
        for ticket, (kecamatan_code, kelurahan_code) in complaints.items():
            if kelurahan_code is not None:  # found its new kelurahan, and sits in that one's kecamatan
                assert kelurahan[kelurahan_code][0] == kecamatan_code, ticket
        assert len({kel for _, kel in complaints.values() if kel}) == 153
        benowo = complaints[f"T{list(KELURAHAN).index(BENOWO_OLD):05d}"]
        assert benowo == ("35.78.30", "35.78.30.1005")  # moved with its kelurahan to Pakal
        assert complaints["T00900"] == ("35.78.10", None) and complaints["T00901"] == (None, None)

        rules = {code for (code,) in rows(connection, "complaint_routing_rules", "kecamatan_code")}
        assert rules == {"35.78.07", "35.78.14", None}  # Genteng, Tandes, city-wide

        for name, column in [("kecamatan", "code"), ("kelurahan", "code"), ("rt_units", "code"),
                             ("users", "kecamatan_code"), ("users", "kelurahan_code"),
                             ("complaints", "kecamatan_code"), ("complaints", "kelurahan_code"),
                             ("complaint_routing_rules", "kecamatan_code")]:
            values = [value for (value,) in rows(connection, name, column) if value is not None]
            assert not any(value.startswith(OLD_CODE) for value in values), (name, column)


def test_a_fresh_database_needs_no_mart_rebuild(empty_databases):
    run = migrate.upgrade(empty_databases)
    assert "t0004_official_region_codes" in run.applied and not run.rebuilds_marts
    assert migrate.upgrade(empty_databases) == migrate.UpgradeRun((), False)  # nothing left to apply


def test_manage_migrate_rebuilds_the_marts_that_still_hold_old_codes(empty_databases, monkeypatch, capsys):
    import manage
    from etl.complaints.job import JOBS as COMPLAINT_JOBS
    from etl.runner import EtlRunner
    from modules.complaints import extract

    command.upgrade(migrate.alembic_config(empty_databases, "transactional"), BEFORE)
    command.upgrade(migrate.alembic_config(empty_databases, "warehouse"), "heads")  # every domain's branch
    with empty_databases.engine.begin() as connection:
        fill_at_t0003(connection)
    with monkeypatch.context() as patched:  # marts as they were before the upgrade: the table had no RW / RT yet
        patched.setattr(extract, "_RAW_COLUMNS", [sa.null().label(c.name) if c.name in ("rw", "rt") else c
                                                  for c in extract._RAW_COLUMNS])
        # the complaint marts alone: other domains' tables and the change log's later columns are not there yet
        EtlRunner(empty_databases, jobs=list(COMPLAINT_JOBS)).full_refresh()
    with empty_databases.warehouse.connect() as warehouse:
        assert {code for (code,) in rows(warehouse, "fct_complaints", "kecamatan_code")} >= {"357807"}

    for variable, engine in [("URL", empty_databases.engine), ("WAREHOUSE_URL", empty_databases.warehouse)]:
        monkeypatch.setenv(f"PANTAU_DATABASE__{variable}", engine.url.render_as_string(hide_password=False))
    assert manage.main(["migrate"]) == 0
    said = capsys.readouterr().out
    assert "marts rebuilt after" in said
    assert "t0004_official_region_codes" in said and "t0005_complaints_official_codes" in said

    official_kecamatan = {r["code"] for r in read_csv("kecamatan.csv")}
    with empty_databases.warehouse.connect() as warehouse:
        assert {code for (code,) in rows(warehouse, "dim_kecamatan", "code")} == official_kecamatan
        for mart in ["fct_complaints", "agg_complaints_daily"]:
            codes = {code for (code,) in rows(warehouse, mart, "kecamatan_code")}
            assert codes and codes <= official_kecamatan | {""}, mart
