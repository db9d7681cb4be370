"""Upgrade both databases with Alembic (never `create_all`: production is upgraded in place)."""

from __future__ import annotations

from alembic import command
from alembic.config import Config

from core.db import Databases
from core.settings import PROJECT_ROOT

DATABASES = ("transactional", "warehouse")


def alembic_config(databases: Databases, which: str) -> Config:
    config = Config()
    config.set_main_option("script_location", str(PROJECT_ROOT / "migrations" / which))
    config.attributes["engine"] = databases.engine if which == "transactional" else databases.warehouse
    return config


def upgrade(databases: Databases) -> None:
    for which in DATABASES:
        command.upgrade(alembic_config(databases, which), "head")


def make_migration(databases: Databases, which: str, message: str) -> None:
    command.revision(alembic_config(databases, which), message=message, autogenerate=True)
