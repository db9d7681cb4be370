"""Upgrade both databases with Alembic (never `create_all`: production is upgraded in place)."""

from __future__ import annotations

from dataclasses import dataclass

from alembic import command
from alembic.config import Config
from alembic.migration import MigrationContext
from alembic.script import ScriptDirectory

from core.db import Databases
from core.settings import PROJECT_ROOT

DATABASES = ("transactional", "warehouse")


@dataclass(frozen=True)
class UpgradeRun:
    """What one `upgrade` did to the transactional database."""

    applied: tuple[str, ...]  # revisions applied in this run, newest first
    rebuilds_marts: bool  # one of them changed data the marts copy (e.g. region codes)


def alembic_config(databases: Databases, which: str) -> Config:
    config = Config()
    config.set_main_option("script_location", str(PROJECT_ROOT / "migrations" / which))
    config.attributes["engine"] = databases.engine if which == "transactional" else databases.warehouse
    return config


def current_heads(databases: Databases) -> tuple[str, ...]:
    with databases.engine.connect() as connection:
        return MigrationContext.configure(connection).get_current_heads()


def upgrade(databases: Databases) -> UpgradeRun:
    """Both databases to head. A revision that sets `rebuilds_marts = True` rewrote data the marts
    hold a copy of; the caller then rebuilds them (a fresh database has no marts to rebuild)."""
    before = current_heads(databases)
    for which in DATABASES:
        command.upgrade(alembic_config(databases, which), "head")
    scripts = ScriptDirectory.from_config(alembic_config(databases, "transactional"))
    applied = list(scripts.iterate_revisions(current_heads(databases), before or "base"))
    rebuilds = bool(before) and any(getattr(script.module, "rebuilds_marts", False) for script in applied)
    return UpgradeRun(tuple(script.revision for script in applied), rebuilds)


def make_migration(databases: Databases, which: str, message: str) -> None:
    command.revision(alembic_config(databases, which), message=message, autogenerate=True)
