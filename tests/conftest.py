"""Shared fixtures: real SQLite and PostgreSQL databases, real Redis, an app per test.

Database tests take the `databases` fixture and run once per backend from the same code.
A migrated template database (reference data loaded) is built once per backend per session;
each test gets a copy (a file copy for SQLite, `CREATE DATABASE ... TEMPLATE` for PostgreSQL).
When CI=true a missing PostgreSQL or Redis fails the test instead of skipping it.
"""

from __future__ import annotations

import os
import shutil
import uuid
from datetime import datetime, timezone

import pytest
import redis as redis_lib
from sqlalchemy import create_engine, make_url, text

from core import migrate
from core.db import Databases, make_engine
from core.reference import load_reference_data
from core.settings import Settings

from run_servers import POSTGRES_ADMIN_URL, REDIS_URL

IN_CI = os.environ.get("CI", "").lower() == "true"
BACKENDS = ["sqlite", "postgresql"]
# "package.module:DOMAIN" of domains from outside the project to register for this test run
# (tests/contract/test_temporary_domain.py runs the contract tests with one); before any model import.
EXTRA_DOMAINS = os.environ.get("PANTAU_TEST_EXTRA_DOMAINS", "")
for _reference in filter(None, EXTRA_DOMAINS.split(",")):
    from core.domains import register_domain, resolve

    register_domain(resolve(_reference))


def unavailable(what: str, error: Exception):
    message = f"{what} is not reachable ({type(error).__name__}: {error})"
    if IN_CI:
        pytest.fail(f"{message}; CI=true requires it", pytrace=False)
    pytest.skip(message)


# --- PostgreSQL --------------------------------------------------------------------------------

@pytest.fixture(scope="session")
def postgres_admin():
    engine = create_engine(POSTGRES_ADMIN_URL, isolation_level="AUTOCOMMIT")
    try:
        with engine.connect() as connection:
            connection.execute(text("SELECT 1"))
    except Exception as error:  # noqa: BLE001
        unavailable("PostgreSQL", error)
    yield engine
    engine.dispose()


def _postgres_url(name: str) -> str:
    return make_url(POSTGRES_ADMIN_URL).set(database=name).render_as_string(hide_password=False)


def _create_postgres_database(admin, name: str, template: str | None = None) -> str:
    with admin.connect() as connection:
        suffix = f" TEMPLATE {template}" if template else ""
        connection.execute(text(f'CREATE DATABASE "{name}"{suffix}'))
    return _postgres_url(name)


def _drop_postgres_database(admin, name: str) -> None:
    with admin.connect() as connection:
        connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))


# --- templates, one migrated pair of databases per backend --------------------------------------

def _migrate_and_seed(url: str, warehouse_url: str) -> None:
    databases = Databases(make_engine(url), make_engine(warehouse_url))
    migrate.upgrade(databases)
    with databases.transaction() as session:
        load_reference_data(session)
    databases.dispose()


@pytest.fixture(scope="session")
def sqlite_template(tmp_path_factory):
    folder = tmp_path_factory.mktemp("sqlite-template")
    _migrate_and_seed(f"sqlite:///{folder}/pantau.db", f"sqlite:///{folder}/warehouse.db")
    return folder


@pytest.fixture(scope="session")
def postgres_template(postgres_admin):
    tag = uuid.uuid4().hex[:8]
    names = (f"pantau_tpl_{tag}", f"pantau_tplw_{tag}")
    urls = [_create_postgres_database(postgres_admin, name) for name in names]
    _migrate_and_seed(*urls)
    yield names
    for name in names:
        _drop_postgres_database(postgres_admin, name)


@pytest.fixture(params=BACKENDS)
def backend(request) -> str:
    return request.param


@pytest.fixture
def database_urls(backend, request, tmp_path):
    """(transactional URL, warehouse URL) of fresh, migrated, seeded databases on this backend."""
    if backend == "sqlite":
        template = request.getfixturevalue("sqlite_template")
        for name in ("pantau.db", "warehouse.db"):
            shutil.copy(template / name, tmp_path / name)
        yield f"sqlite:///{tmp_path}/pantau.db", f"sqlite:///{tmp_path}/warehouse.db"
        return
    admin = request.getfixturevalue("postgres_admin")
    templates = request.getfixturevalue("postgres_template")
    tag = uuid.uuid4().hex[:8]
    names = [f"pantau_t_{tag}", f"pantau_w_{tag}"]
    urls = [_create_postgres_database(admin, name, template) for name, template in zip(names, templates)]
    yield tuple(urls)
    for name in names:
        _drop_postgres_database(admin, name)


@pytest.fixture
def databases(database_urls):
    databases = Databases(make_engine(database_urls[0]), make_engine(database_urls[1]))
    yield databases
    databases.dispose()


# Sipandu's key ring for tests (generated once for the tests, protecting no real data): configured,
# so no test writes keys into the project's instance/ folder.
TEST_SIPANDU_KEYS = {"data_keys": "t1:w6apYkO1cTj8ZmCBoPKj0ojYOogHpMtaa0NUAXwpnIc=",
                     "index_key": "5Mbv2TDm+hyffZxG9PgtlYUfONK7bBsArrkuHpq0ZzA="}


@pytest.fixture
def settings(database_urls, tmp_path) -> Settings:
    return Settings().override(
        server={"secret_key": "test-secret-key", "port": 8050},
        database={"url": database_urls[0], "warehouse_url": database_urls[1]},
        demo={"load_demo_data": False, "simulator": False},
        map={"boundaries_dir": str(tmp_path / "geo")},
        sipandu=TEST_SIPANDU_KEYS,
    )


# --- Redis ---------------------------------------------------------------------------------------

@pytest.fixture
def redis_url():
    client = redis_lib.Redis.from_url(REDIS_URL)
    try:
        client.ping()
    except Exception as error:  # noqa: BLE001
        unavailable("Redis", error)
    client.flushdb()
    yield REDIS_URL
    client.flushdb()
    client.close()


# --- the web app ---------------------------------------------------------------------------------

@pytest.fixture
def app(settings):
    from app import create_app

    return create_app(settings)


@pytest.fixture
def client(app):
    return app.server.test_client()


@pytest.fixture
def make_user(databases):
    """Creates a user with a known password: make_user("dishub", "opd", opd_code="DISHUB")."""
    from core.users import create_user

    def make(username: str, role: str, password: str = "password-123", **scope):
        with databases.transaction() as session:
            create_user(session, username, password, role, **scope)
        return username, password

    return make


@pytest.fixture
def login(client):
    """Logs the test client in through the real form, CSRF token and all."""
    import re

    def do_login(username: str, password: str = "password-123"):
        page = client.get("/login").get_data(as_text=True)
        token = re.search(r'name="csrf_token" value="([^"]+)"', page).group(1)
        return client.post("/login", data={"username": username, "password": password, "csrf_token": token})

    return do_login


@pytest.fixture
def staff(make_user, login):
    """staff(role, **scope): a user of that role (named after it and its scope), logged in on the
    test client."""

    def make(role: str, **scope):
        username = f"{role}-{'-'.join(map(str, scope.values())) or 'city'}".lower()
        make_user(username, role, **scope)
        assert login(username).status_code == 302
        return username

    return make


@pytest.fixture
def count_rows(databases):
    """count_rows(models) -> {table: rows}: to prove that a refusal wrote nothing."""
    from sqlalchemy import func, select

    def count(models) -> dict[str, int]:
        with databases.session() as session:
            return {model.__tablename__: session.scalar(select(func.count()).select_from(model)) for model in models}

    return count


@pytest.fixture
def logout(client):
    """Logs the test client out as the shell's form does: a POST with the session's CSRF token."""

    def do_logout():
        with client.session_transaction() as session:
            token = session.get("csrf_token", "")
        return client.post("/logout", data={"csrf_token": token})

    return do_logout


@pytest.fixture
def dash_callback(client):
    """Calls a Dash callback the way the browser does: dash_callback("home-map", {"home-level.value": "x"}).

    The callback is found by one of its output ids in /_dash-dependencies (a pattern-matching
    component by its concrete id, e.g. Home.section("incidents")); inputs and states are given as
    {"component-id.property": value}; missing ones are sent as None, except a component's own "id",
    which the browser always knows.
    """
    from bench.dash_requests import callback_spec, value_key

    def call(output_id, values: dict | None = None):
        values = values or {}
        dependencies = client.get("/_dash-dependencies")
        if dependencies.status_code != 200:
            return dependencies
        spec = callback_spec(dependencies.get_json(), output_id)

        def items(kind):
            return [{**i, "value": i["id"] if i["property"] == "id" else values.get(value_key(i["id"], i["property"]))}
                    for i in spec[kind]]

        outputs = spec["outputs"]
        body = {"output": spec["output"], "outputs": outputs if spec["output"].startswith("..") else outputs[0],
                "inputs": items("inputs"), "state": items("state"), "changedPropIds": list(values)}
        return client.post("/_dash-update-component", json=body)

    return call


FLEET_REGISTERED = datetime(2026, 1, 1, tzinfo=timezone.utc)


@pytest.fixture
def fleet(databases):
    """The incidents domain's demo fleet (130 units at the posts; demo data, not reference data),
    registered well before any test's clock, so that no test's report comes before it."""
    from modules.incidents.reference import load_fleet

    with databases.transaction() as session:
        load_fleet(session, now=FLEET_REGISTERED)
    return databases


@pytest.fixture
def seeded(databases):
    """The databases with the default routing rules (as `manage.py init` seeds them); test folders
    that need the rules written at a fixed time override it."""
    from modules.complaints import service

    with databases.transaction() as session:
        service.seed_routing_rules(session)
    return databases


@pytest.fixture
def complaint_marts(databases):
    """Fills the complaint marts from a small known set of change-log snapshots (no module needed):
    returns the list of snapshots written. See tests/synthetic_complaints.py."""
    from synthetic_complaints import known_snapshots, write_snapshots

    from etl.runner import EtlRunner

    snapshots = known_snapshots()
    write_snapshots(databases, snapshots)
    EtlRunner(databases).run_once()
    return snapshots


@pytest.fixture
def empty_databases(backend, tmp_path, request):
    """A pair of empty databases on this backend (not the seeded template)."""
    if backend == "sqlite":
        databases = Databases(make_engine(f"sqlite:///{tmp_path}/p.db"), make_engine(f"sqlite:///{tmp_path}/w.db"))
        yield databases
        databases.dispose()
        return
    admin = request.getfixturevalue("postgres_admin")
    names = [f"pantau_mig_{uuid.uuid4().hex[:8]}" for _ in range(2)]
    urls = []
    with admin.connect() as connection:
        for name in names:
            connection.execute(text(f'CREATE DATABASE "{name}"'))
            urls.append(admin.url.set(database=name).render_as_string(hide_password=False))
    databases = Databases(make_engine(urls[0]), make_engine(urls[1]))
    yield databases
    databases.dispose()
    with admin.connect() as connection:
        for name in names:
            connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
