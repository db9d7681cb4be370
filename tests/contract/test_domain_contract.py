"""The domain contract, checked for every registered domain (core.domains): a domain is tested
the moment it registers. test_temporary_domain.py runs these tests again with a domain that a
temporary package brings, to prove that registering is all a new domain needs."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import func, inspect, select

from core.all_models import TRANSACTIONAL_METADATA, WAREHOUSE_METADATA
from core.changelog import ChangeLogEntry
from core.domains import registered_domains, resolve
from core.users import Viewer

DOMAINS = registered_domains()
COARSE_KINDS = ("rw", "rt")  # the scope kinds a mart's coarse tables (core.domains.Mart) may lack
BY_NAME = pytest.mark.parametrize("domain", DOMAINS, ids=[d.name for d in DOMAINS])


def mart_rows(databases, domain) -> dict:
    """Every row of the domain's mart tables, sorted, floats rounded: comparable across runs."""
    found = {}
    with databases.warehouse.connect() as connection:
        for mart in domain.marts:
            for name in mart.tables + mart.city_wide_tables:
                table = WAREHOUSE_METADATA.tables[name]
                rows = [tuple(round(v, 3) if isinstance(v, float) else v for v in row)
                        for row in connection.execute(select(table))]
                found[name] = sorted(rows, key=repr)
    return found


# --- declarations ------------------------------------------------------------------------------------

@BY_NAME
def test_every_mart_declares_the_columns_that_scope_it(domain):
    assert domain.marts, f"{domain.name} declares no mart"
    for mart in domain.marts:
        assert mart.scope_columns, f"mart {mart.name} says nothing of how a scope filters it"
        for name in mart.tables:
            table = WAREHOUSE_METADATA.tables[name]
            missing = {kind: column for kind, column in mart.scope_columns.items() if column not in table.c
                       and not (name in mart.coarse_tables and kind in COARSE_KINDS)}
            assert missing == {}, f"{name} lacks the scope columns {missing}"
        for name in mart.city_wide_tables:
            assert name in WAREHOUSE_METADATA.tables


@BY_NAME
def test_a_settings_section_has_its_defaults_in_settings_toml(domain):
    import tomllib

    from core.settings import PROJECT_ROOT

    if domain.settings is None:
        pytest.skip(f"{domain.name} has no settings")
    if PROJECT_ROOT not in Path(resolve(domain.package).__file__).resolve().parents:
        pytest.skip("a domain from outside the project documents its settings itself")
    in_file = tomllib.loads((PROJECT_ROOT / "settings.toml").read_text()).get(domain.settings.name)
    assert in_file is not None, f"settings.toml has no [{domain.settings.name}] section"
    assert set(in_file) == set(vars(domain.settings.defaults)), "settings.toml and the defaults name other keys"


# --- database ------------------------------------------------------------------------------------------

@pytest.mark.parametrize("which", ["transactional", "warehouse"])
def test_the_models_match_the_migrations(databases, which):
    engine, metadata = ((databases.engine, TRANSACTIONAL_METADATA) if which == "transactional"
                        else (databases.warehouse, WAREHOUSE_METADATA))
    with engine.connect() as connection:
        context = MigrationContext.configure(connection, opts={"compare_type": True})
        assert compare_metadata(context, metadata) == []


@BY_NAME
def test_the_domain_tables_exist_after_migrating(databases, domain):
    warehouse = set(inspect(databases.warehouse).get_table_names())
    for mart in domain.marts:
        assert set(mart.tables + mart.city_wide_tables) <= warehouse


# --- ETL -----------------------------------------------------------------------------------------------

@BY_NAME
def test_the_change_log_snapshots_equal_the_extract(databases, settings, domain):
    if domain.sample is None or domain.extract is None:
        pytest.fail(f"{domain.name} declares no sample or no extract: the contract needs both")
    resolve(domain.sample)(databases, settings)
    with databases.engine.connect() as connection:
        extracted = dict(resolve(domain.extract)(connection))  # a dict, or pairs a large domain streams
        newest = latest_payloads(connection, {entity for entity, _id in extracted})
    assert extracted, f"{domain.name}'s sample wrote nothing"
    assert newest == json.loads(json.dumps(extracted_as_logged(extracted)))


def latest_payloads(connection, entities: set[str]) -> dict:
    log = ChangeLogEntry.__table__
    last = (select(log.c.entity, log.c.entity_id, func.max(log.c.position).label("position"))
            .where(log.c.entity.in_(entities)).group_by(log.c.entity, log.c.entity_id).subquery())
    rows = connection.execute(select(log.c.entity, log.c.entity_id, log.c.payload)
                              .join(last, log.c.position == last.c.position))
    return {f"{entity}:{entity_id}": payload for entity, entity_id, payload in rows}


def extracted_as_logged(extracted: dict) -> dict:
    return {f"{entity}:{entity_id}": payload for (entity, entity_id), payload in extracted.items()}


@BY_NAME
def test_incremental_etl_equals_a_full_refresh(databases, settings, domain):
    from etl.jobs import all_jobs
    from etl.runner import EtlRunner

    jobs = [job for job in all_jobs() if set(job.marts) & {m.name for m in domain.marts}]
    assert jobs, f"no ETL job fills the marts of {domain.name}"
    resolve(domain.sample)(databases, settings)
    runner = EtlRunner(databases, batch_size=50)  # many small batches: every batch boundary is crossed
    summary = runner.run_once()
    assert summary.written > 0
    incremental = mart_rows(databases, domain)
    runner.full_refresh()
    assert mart_rows(databases, domain) == incremental
    assert any(incremental.values())


# --- the dashboard -------------------------------------------------------------------------------------

@BY_NAME
def test_every_wall_panel_renders_on_empty_marts(app, domain):
    from core.services import Services

    if domain.wall_panels is None:
        pytest.skip(f"{domain.name} has no wall panels")
    services: Services = app.server.extensions["pantau"]
    wall = Viewer(user_id="kiosk:1", username="kiosk:test", role="wall")
    with app.server.test_request_context("/"):
        for panel in resolve(domain.wall_panels):
            content = panel.render(services, wall)  # raises rather than hiding behind the wall's fallback
            assert content is not None, panel.key


@BY_NAME
def test_the_wall_shows_the_domain_panels(app, domain):
    from layouts.components.wall_panels import registered_panels

    if domain.wall_panels is None:
        pytest.skip(f"{domain.name} has no wall panels")
    on_wall = {panel.key for panel in registered_panels()}
    assert {panel.key for panel in resolve(domain.wall_panels)} <= on_wall


@BY_NAME
def test_the_app_serves_the_domain_routes(app, domain):
    rules = {rule.endpoint.split(".")[0] for rule in app.server.url_map.iter_rules()}
    for reference in domain.blueprints + domain.downloads:
        assert resolve(reference).name in rules, reference


@BY_NAME
def test_the_domain_page_is_served(app, domain):
    import dash

    if not domain.pages:
        pytest.skip(f"{domain.name} keeps its pages in layouts/")
    served = {page["module"] for page in dash.page_registry.values()}
    assert set(domain.pages) <= served


@BY_NAME
def test_the_mayor_page_has_the_domain_cards(app, databases, domain):
    from data.complaints.queries import ComplaintFilters

    if domain.kpi_cards is None:
        pytest.skip(f"{domain.name} has no KPI cards")
    services = app.server.extensions["pantau"]
    pimpinan = Viewer(user_id="1", username="p", role="pimpinan")
    with app.server.test_request_context("/"):
        cards = resolve(domain.kpi_cards)(services, pimpinan, ComplaintFilters.last_days(7))
    assert cards, f"{domain.name} declares KPI cards but shows none"
