"""The registry of domains: what each domain brings, and the one place core code loops over.

A domain (complaints, incidents, infrastructure, planning, Sipandu, e-Kinerja) keeps a folder per
layer (`modules/<name>/`, `etl/<name>/`, `data/<name>/`, pages in `layouts/` and `callbacks/`) and
declares itself once, in `domains/<name>.py`, as `DOMAIN = Domain(...)`. Core code (the app
factory, migrations, the ETL, the workers, the wall, the KPI page, the command line, the test
contract) asks this registry and is never edited to add a domain.

Heavy parts are named, not imported ("package.module:attribute"), so reading the registry imports
nothing of the dashboard or the ETL: a module never imports the dashboard, and settings can be
loaded without pandas. `resolve()` imports a named part when core code needs it.
"""

from __future__ import annotations

import importlib
import pkgutil
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

SCOPE_KINDS = ("opd", "kecamatan", "kelurahan", "rw", "rt")  # see core.scope


@dataclass(frozen=True)
class Mart:
    """A mart: the version name ETL bumps and caches key on, its warehouse tables, and the column
    of those tables that each kind of scope filters on (a mart without a column for a scope kind is
    not readable by that scope at all: the scope object then answers nothing)."""

    name: str
    tables: tuple[str, ...]
    scope_columns: dict[str, str] = field(default_factory=dict)
    city_wide_tables: tuple[str, ...] = ()   # tables without scope columns: only a city-wide scope reads them
    # tables of `tables` summed over the RW and RT (daily aggregates): they lack the columns of the
    # "rw" and "rt" scopes, which read nothing from them (a query then reads a finer table)
    coarse_tables: tuple[str, ...] = ()

    def __post_init__(self):
        unknown = set(self.scope_columns) - set(SCOPE_KINDS)
        if unknown:
            raise ValueError(f"mart {self.name!r}: unknown scope kinds {sorted(unknown)} (known: {SCOPE_KINDS})")
        if not set(self.coarse_tables) <= set(self.tables):
            raise ValueError(f"mart {self.name!r}: coarse tables {self.coarse_tables} must be among its tables")


@dataclass(frozen=True)
class SettingsSection:
    """A domain's section of settings.toml: its name, its defaults (a frozen dataclass) and a check
    that raises core.settings.SettingsError naming the key and the reason."""

    name: str
    defaults: Any
    validate: Callable[[Any], None] | None = None


@dataclass(frozen=True)
class Domain:
    name: str                                   # lower case, also the Alembic branch label
    builds_on: tuple[str, ...] = ()             # domains it needs first (e-Kinerja: the staff registry):
                                                # listed after them, so their demo and workers come first
    package: str = ""                           # the package holding the domain's files (for the temp-domain test)
    settings: SettingsSection | None = None
    # "pkg.module" imported so that SQLAlchemy's metadata (and Alembic) know the tables
    models: tuple[str, ...] = ()
    warehouse_models: tuple[str, ...] = ()
    # folders of this domain's Alembic revisions: {"transactional": path, "warehouse": path}
    migrations: dict[str, Path] = field(default_factory=dict)
    reference: str | None = None                # "mod:load(session) -> {table: rows}" reference tables
    # "mod:sync(source, warehouse) -> ({name: frozenset(codes)}, rows changed)": the domain's dimensions
    dimensions: str | None = None
    marts: tuple[Mart, ...] = ()
    etl_jobs: str | None = None                 # "mod:JOBS" a list of etl.jobs.Job
    blueprints: tuple[str, ...] = ()            # "mod:blueprint"; the module's PUBLIC_PREFIXES skip the login
    downloads: tuple[str, ...] = ()             # "mod:blueprint" of file downloads (role-checked routes)
    pages: tuple[str, ...] = ()                 # page modules outside layouts/ (layouts/ is found by Dash)
    callbacks: tuple[str, ...] = ()             # callback modules outside callbacks/ (found automatically)
    wall_panels: str | None = None              # "mod:PANELS" a list of WallPanel
    messages: str | None = None                 # "mod" with MESSAGES {code: (Indonesian, English)} (+ LOCALISED)
    openapi: str | None = None                  # "mod:describe() -> {paths, components}" its JSON APIs in
                                                # /api/openapi.json (Open311 keeps its own document)
    kpi_cards: str | None = None                # "mod:cards(services, viewer, filters) -> list of components"
    # "mod:today(services, viewer) -> component": the domain's section of the landing page `/`, what
    # is happening today in the viewer's area (a scope the domain's marts cannot answer says so)
    today: str | None = None
    workers: tuple[str, ...] = ()               # "mod:start(services) -> worker with stop()"
    # "mod:load(services)": what its pages read first and no ETL commit changes (reference names),
    # read when a web worker starts (app.warm_up) rather than by the worker's first requests
    warm_up: str | None = None
    cli: str | None = None                      # "mod:add_commands(subparsers)" of manage.py
    init: str | None = None                     # "mod:first_run(session) -> lines to print" at `manage.py init`
    demo_history: str | tuple[str, ...] | None = None  # "mod:fill(services)" on the first `make run` (a tuple:
                                                         # in that order)
    demo_feed: str | None = None                # "mod:start(services) -> worker with stop()"
    seeder: str | None = None                   # "mod:seed(databases, settings, count=..)" city scale
    sample: str | None = None                   # "mod:write(databases, settings)" a small varied sample, written
                                                # through the domain's real write path (contract tests)
    extract: str | None = None                  # "mod:snapshots(connection) -> {(entity, id): payload}" the
                                                # change-log snapshot of every row, from the tables (or an
                                                # iterator of ((entity, id), payload): streamed, for millions)
    bench_cases: tuple[str, ...] = ()           # benchmark families: modules with run(env, results, smoke)
    # What its seeder writes at city scale, the size the bench's `--scale 1000000` stands for (the
    # seeder gets `count` in proportion: `--scale 2000` seeds 1,400 calls of 700,000), and their name.
    # The "10 million rows" is `--scale 10000000`: ten times every domain's city over the same
    # years (a city ten times Surabaya), so each domain's busiest table grows tenfold.
    bench_city_rows: tuple[int, str] = (1_000_000, "complaints")
    # "mod:EVENT" a bench.wall.WallEvent: what the event-to-wall benchmark files through the domain's
    # public API and how it knows the item is on the wall
    bench_wall_event: str | None = None


_REGISTERED: dict[str, Domain] = {}
_discovered = False


def register_domain(domain: Domain) -> Domain:
    """Adds a domain (one found in `domains/`, or one a test or a plugin brings); idempotent."""
    _discover()
    _REGISTERED[domain.name] = domain
    return domain


def registered_domains() -> list[Domain]:
    """Every domain, each after the domains it builds on, otherwise in the order found."""
    _discover()
    return _after_what_they_build_on(list(_REGISTERED.values()))


def _after_what_they_build_on(domains: list[Domain]) -> list[Domain]:
    names = {domain.name for domain in domains}
    unknown = {(d.name, need) for d in domains for need in d.builds_on if need not in names}
    if unknown:
        raise ValueError(f"domains build on domains that are not registered: {sorted(unknown)}")
    ordered: list[Domain] = []
    placed: set[str] = set()
    while len(ordered) < len(domains):
        ready = [d for d in domains if d.name not in placed and set(d.builds_on) <= placed]
        if not ready:
            raise ValueError(f"domains build on each other in a circle: {sorted(names - placed)}")
        ordered.append(ready[0])  # one at a time: the order found is kept wherever it can be
        placed.add(ready[0].name)
    return ordered


def all_marts() -> list[Mart]:
    return [mart for d in registered_domains() for mart in d.marts]


def mart_of_table(table_name: str) -> Mart:
    """The mart a warehouse table belongs to (its scope columns say how a scope filters it)."""
    for mart in all_marts():
        if table_name in mart.tables or table_name in mart.city_wide_tables:
            return mart
    raise KeyError(f"table {table_name!r} belongs to no registered mart")


def resolve(reference: str) -> Any:
    """"package.module:attribute" -> the attribute; "package.module" -> the module."""
    module_name, _, attribute = reference.partition(":")
    module = importlib.import_module(module_name)
    return getattr(module, attribute) if attribute else module


def resolved(attribute: str) -> list[tuple[Domain, Any]]:
    """(domain, resolved part) for every domain that declares `attribute` (a name or a tuple of names)."""
    found = []
    for each in registered_domains():
        value = getattr(each, attribute)
        for reference in (value if isinstance(value, tuple) else (value,) if value else ()):
            found.append((each, resolve(reference)))
    return found


def declaring(attribute: str) -> list[Domain]:
    """The registered domains that declare `attribute`, in order, without importing their parts
    (a layout places one section per domain; each section's callback resolves its own part)."""
    return [each for each in registered_domains() if getattr(each, attribute)]


def part_of(name: str, attribute: str) -> Any | None:
    """One domain's resolved part (its `today`, its `kpi_cards`), or None when no registered domain of
    that name declares it: the name comes from the browser, so an unknown one is no error of ours."""
    _discover()
    found = _REGISTERED.get(name) if isinstance(name, str) else None
    reference = getattr(found, attribute) if found is not None else None
    return resolve(reference) if isinstance(reference, str) else None


def blueprints(attribute: str = "blueprints") -> list[tuple[Any, tuple[str, ...]]]:
    """(blueprint, public prefixes) of every domain: the module naming the blueprint lists the
    prefixes of its routes that need no login in PUBLIC_PREFIXES (Open311, citizens' forms)."""
    found = []
    for each in registered_domains():
        for reference in getattr(each, attribute):
            module = resolve(reference.partition(":")[0])
            found.append((resolve(reference), tuple(getattr(module, "PUBLIC_PREFIXES", ()))))
    return found


def kiosk_prefixes(attribute: str = "downloads") -> tuple[str, ...]:
    """The routes a wall display may request besides its pages: the KIOSK_PREFIXES of the modules
    naming a domain's blueprints (e.g. the complaint photos the wall shows)."""
    return tuple(prefix for each in registered_domains() for reference in getattr(each, attribute)
                 for prefix in getattr(resolve(reference.partition(":")[0]), "KIOSK_PREFIXES", ()))


def import_models() -> None:
    for each in registered_domains():
        for name in each.models + each.warehouse_models:
            importlib.import_module(name)


def _discover() -> None:
    """Every `domains/<name>.py` that defines DOMAIN, once per process."""
    global _discovered
    if _discovered:
        return
    _discovered = True
    import domains

    for info in sorted(pkgutil.iter_modules(domains.__path__), key=lambda m: m.name):
        if info.name.startswith("_"):
            continue
        declared = getattr(importlib.import_module(f"domains.{info.name}"), "DOMAIN", None)
        if isinstance(declared, Domain):
            _REGISTERED.setdefault(declared.name, declared)
