"""A web worker's start-up reads (app.warm_up): its connections and the reference names are read
once when it starts, so its first requests do not read them; a database that does not answer
yet is logged and leaves the start-up going."""

from __future__ import annotations

import logging

from sqlalchemy import event


def warehouse_statements(databases, action) -> list[str]:
    statements = []

    def record(_connection, _cursor, sql, *_):
        statements.append(sql)

    event.listen(databases.warehouse, "before_cursor_execute", record)
    try:
        action()
    finally:
        event.remove(databases.warehouse, "before_cursor_execute", record)
    return statements


def test_after_the_start_up_reads_a_page_finds_the_reference_names_read(complaint_marts, settings):
    from app import create_app, warm_up
    from data.complaints.queries import names_of
    from data.incidents.queries import category_names

    app = create_app(settings)
    services = app.server.extensions["pantau"]
    started = warehouse_statements(services.databases, lambda: warm_up(app))
    assert any("FROM dim_complaint_category" in sql for sql in started)
    assert services.databases.engine.pool.checkedin() >= 1 and services.databases.warehouse.pool.checkedin() >= 1

    def first_requests_names():
        assert "SAMPAH" in names_of(services, "category")
        names_of(services, "kecamatan"), names_of(services, "opd"), category_names(services)

    read = warehouse_statements(services.databases, first_requests_names)
    assert not [sql for sql in read if "FROM dim_" in sql]  # each checks its version, reads no dimension


def test_a_database_that_does_not_answer_yet_leaves_the_start_up_going(settings, caplog):
    from app import create_app, warm_up

    nobody_listens = "postgresql+psycopg://postgres@127.0.0.1:9/pantau_warehouse?connect_timeout=2"
    app = create_app(settings.override(database={"warehouse_url": nobody_listens}))
    with caplog.at_level(logging.WARNING, logger="pantau.start_up"):
        warm_up(app)
    assert "no database connection at start-up (OperationalError)" in caplog.text


def compiled_statements(databases) -> int:
    return sum(len(engine._compiled_cache) for engine in (databases.engine, databases.warehouse))


def test_the_start_up_rehearses_the_wall_and_keeps_no_answer(complaint_marts, settings):
    """After warm_up every wall panel has been drawn once: drawing them again compiles no statement
    SQLAlchemy has not kept; and no answer of a fact mart is in the cache (a first request must
    still read)."""
    from app import REHEARSAL_VIEWERS, create_app, warm_up
    from data.cache import mart_cache
    from layouts.components.wall_panels import draw_panel, registered_panels

    app = create_app(settings)
    services = app.server.extensions["pantau"]
    before = compiled_statements(services.databases)
    warm_up(app)
    rehearsed = compiled_statements(services.databases)
    assert rehearsed > before
    assert all(key.startswith("pantau:cache:reference:") for key in mart_cache(services)._local)
    misses = mart_cache(services).misses
    for panel in registered_panels():
        draw_panel(panel, services, REHEARSAL_VIEWERS["wall"], False, None)
    assert mart_cache(services).misses > misses  # the panels read their marts: nothing was kept for them
    assert compiled_statements(services.databases) == rehearsed
