"""A throw-away Pantau installation per backend for the benchmarks.

SQLite: two files in a temporary folder, the embedded configuration (in-process cache and events,
no Redis), as `make run` has it. PostgreSQL: two fresh databases on 127.0.0.1:5432 (user postgres,
trust auth; PANTAU_BENCH_POSTGRES_URL overrides), with Redis (PANTAU_BENCH_REDIS_URL, database 12
by default) for the cache and events, as production has it. Both are dropped afterwards.
"""

from __future__ import annotations

import os
import shutil
import tempfile
import time
import uuid
from dataclasses import dataclass, field
from datetime import datetime, timezone

from sqlalchemy import create_engine, make_url, text

from core import migrate
from core.clock import CITY_OFFSET
from core.db import Databases, make_engine
from core.reference import load_reference_data
from core.settings import Settings

POSTGRES_ADMIN_URL = os.environ.get("PANTAU_BENCH_POSTGRES_URL",
                                    "postgresql+psycopg://postgres@127.0.0.1:5432/postgres")
REDIS_URL = os.environ.get("PANTAU_BENCH_REDIS_URL", "redis://127.0.0.1:6379/12")
SECRET_KEY = "pantau-bench-secret-key"
PASSWORD = "bench-password-123"
CITY_COMPLAINTS = 1_000_000  # what `--scale` means: a city's complaints over five years
OPERATOR = "operator"  # takes 112 calls on the desk (bench/wall_incidents.py)
USERS = {"pimpinan": dict(role="pimpinan"), "admin": dict(role="admin"), OPERATOR: dict(role="operator")}


@dataclass
class BenchEnvironment:
    backend: str
    scale: int
    years: float = 5.0                          # the span of receipt times the seeders draw
    domains: tuple[str, ...] = ()               # the domains whose seeders run (empty: every registered one)
    seed: int = 2026
    now: datetime = field(default_factory=lambda: datetime.now(timezone.utc).replace(microsecond=0))
    progress: bool = True

    def __post_init__(self):
        self.folder = tempfile.mkdtemp(prefix=f"pantau-bench-{self.backend}-")
        self._postgres_names: list[str] = []
        self.urls = self._create_databases()
        self.redis_url = REDIS_URL if self.backend == "postgresql" else ""
        self.databases = Databases(make_engine(self.urls[0]), make_engine(self.urls[1]))
        self.seeding: dict[str, tuple[int, str, float]] = {}  # domain -> (rows asked, their name, seconds)

    # --- set-up ----------------------------------------------------------------------------------

    def settings(self, **sections) -> Settings:
        return Settings().override(**self.settings_sections(**sections))

    def settings_sections(self, **sections) -> dict:
        """The settings overrides of this installation, as plain data (a fresh process rebuilds the
        same settings from them: bench/cold.py)."""
        base = dict(
            server={"secret_key": SECRET_KEY, "port": 8050},
            database={"url": self.urls[0], "warehouse_url": self.urls[1]},
            redis={"url": self.redis_url},
            demo={"load_demo_data": False, "simulator": False},
            map={"boundaries_dir": os.path.join(self.folder, "geo")},
            etl={"run_in_web_process": False},
        )
        for name, values in sections.items():
            base.setdefault(name, {}).update(values)
        return base

    def environ(self, **overrides: str) -> dict[str, str]:
        """The PANTAU_* variables that give a server or ETL process these databases."""
        env = {k: v for k, v in os.environ.items() if not k.startswith("PANTAU_")}
        env.update({
            "PANTAU_SERVER__SECRET_KEY": SECRET_KEY,
            "PANTAU_DATABASE__URL": self.urls[0],
            "PANTAU_DATABASE__WAREHOUSE_URL": self.urls[1],
            "PANTAU_REDIS__URL": self.redis_url,
            "PANTAU_DEMO__LOAD_DEMO_DATA": "false",
            "PANTAU_DEMO__SIMULATOR": "false",
            "PANTAU_ETL__RUN_IN_WEB_PROCESS": "false",
            "PANTAU_MAP__BOUNDARIES_DIR": os.path.join(self.folder, "geo"),
        })
        env.update(overrides)
        return env

    def install(self) -> None:
        """Migrates, loads reference data, creates the bench users, runs each chosen domain's
        city-scale seeder (`Domain.seeder`) for `scale` rows over `years`."""
        from core.domains import registered_domains, resolve
        from core.users import create_user

        migrate.upgrade(self.databases)
        with self.databases.transaction() as session:
            load_reference_data(session)
            for username, spec in USERS.items():
                create_user(session, username, PASSWORD, **spec)
        self.flush_redis()
        for domain in registered_domains():
            if domain.seeder and (not self.domains or domain.name in self.domains):
                count, (_rows, name) = self.rows_of(domain), domain.bench_city_rows
                started = time.monotonic()
                resolve(domain.seeder)(self.databases, self.settings(), count=count, years=self.years,
                                       seed=self.seed, now=self.now, progress=self.progress)
                self.seeding[domain.name] = (count, name, time.monotonic() - started)

    def rows_of(self, domain) -> int:
        """What the domain's seeder writes at this scale (`scale` stands for complaints)."""
        rows, _name = domain.bench_city_rows
        return max(1, round(self.scale * rows / CITY_COMPLAINTS))

    def seeded(self) -> str:
        """What the seeders wrote: complaints and the WIB days of their receipt, then the other
        domains' rows (for the header)."""
        from sqlalchemy import func, select

        from modules.complaints.models import Complaint

        with self.databases.engine.connect() as connection:
            count, first, last = connection.execute(select(func.count(), func.min(Complaint.received_at),
                                                           func.max(Complaint.received_at))).one()
        others = "".join(f"; {rows:,} {name}" for domain, (rows, name, _s) in self.seeding.items()
                         if domain != "complaints")
        if not count:
            return "no complaints" + others
        days = [(moment + CITY_OFFSET).date() for moment in (first, last)]
        return (f"{count:,} complaints received from {days[0]} to {days[1]} (WIB; `--years {self.years:g}`, "
                f"{(days[1] - days[0]).days + 1:,} days)" + others)

    def kiosk_secret(self, label: str) -> str:
        from core.users import issue_kiosk_token

        with self.databases.transaction() as session:
            _token, secret = issue_kiosk_token(session, label)
        return secret

    def api_key(self, label: str) -> str:
        from core.users import Viewer
        from modules.complaints import service

        with self.databases.transaction() as session:
            _key, secret = service.issue_api_key(session, Viewer("0", "admin", "admin"), label)
        return secret

    def redis(self):
        if not self.redis_url:
            return None
        import redis

        return redis.Redis.from_url(self.redis_url)

    def fill_marts(self) -> None:
        """The marts from the seeded modules, as a city fills them: the first time by a full refresh
        (each domain's extract streamed into its marts), then by the changes past each watermark (a
        no-op after another family). Not the change log from its start: at ten times the city, 112's
        11.9 million changes batch by batch were on course for two hours (3.9 million in 41 minutes)."""
        from sqlalchemy import func, select

        from etl.runner import EtlRunner
        from etl.state import Watermark

        runner = EtlRunner(self.databases, show_progress=self.progress)
        with self.databases.warehouse.connect() as connection:
            loaded = connection.scalar(select(func.count()).select_from(Watermark).where(Watermark.position > 0))
        if loaded:
            runner.run_once()
        else:
            runner.full_refresh()

    def flush_redis(self) -> None:
        client = self.redis()
        if client is not None:
            client.flushdb()
            client.close()

    # --- databases --------------------------------------------------------------------------------

    def _create_databases(self) -> tuple[str, str]:
        if self.backend == "sqlite":
            return (f"sqlite:///{self.folder}/pantau.db", f"sqlite:///{self.folder}/warehouse.db")
        if self.backend != "postgresql":
            raise ValueError(f"unknown backend {self.backend!r} (sqlite or postgresql)")
        tag = uuid.uuid4().hex[:8]
        self._postgres_names = [f"pantau_bench_{tag}", f"pantau_bench_w_{tag}"]
        self._each_postgres_database('CREATE DATABASE "{name}"')
        base = make_url(POSTGRES_ADMIN_URL)
        return tuple(base.set(database=name).render_as_string(hide_password=False)
                     for name in self._postgres_names)

    def _each_postgres_database(self, statement: str) -> None:
        """Runs `statement` (with {name}) for each bench database, as the admin, outside a transaction."""
        admin = create_engine(POSTGRES_ADMIN_URL, isolation_level="AUTOCOMMIT")
        try:
            with admin.connect() as connection:
                for name in self._postgres_names:
                    connection.execute(text(statement.format(name=name)))
        finally:
            admin.dispose()

    def database_sizes(self) -> dict[str, int]:
        """Bytes on disk of the transactional database and the warehouse."""
        if self.backend == "sqlite":
            return {which: sum(os.path.getsize(p) for p in (path, path + "-wal") if os.path.exists(p))
                    for which, path in (("transactional", f"{self.folder}/pantau.db"),
                                        ("warehouse", f"{self.folder}/warehouse.db"))}
        sizes = {}
        for which, engine in (("transactional", self.databases.engine), ("warehouse", self.databases.warehouse)):
            with engine.connect() as connection:
                sizes[which] = connection.scalar(text("SELECT pg_database_size(current_database())"))
        return sizes

    def close(self) -> None:
        self.databases.dispose()
        self.flush_redis()
        if self._postgres_names:
            self._each_postgres_database('DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        shutil.rmtree(self.folder, ignore_errors=True)

    def __enter__(self) -> "BenchEnvironment":
        return self

    def __exit__(self, *_exc) -> None:
        self.close()


def postgres_available() -> str | None:
    """None when PostgreSQL answers, else why not."""
    engine = create_engine(POSTGRES_ADMIN_URL)
    try:
        with engine.connect() as connection:
            connection.execute(text("SELECT 1"))
        return None
    except Exception as error:  # noqa: BLE001
        return f"{type(error).__name__}: {error}"
    finally:
        engine.dispose()
