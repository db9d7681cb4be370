"""PostgreSQL restarted under load, on a private cluster: requests fail (quickly) while it is down,
the app answers again once it is back with no restart (pool pre-ping replaces the dead pooled
connections), and the ETL follower picks up the changes written afterwards."""

from __future__ import annotations

import os
import threading

import pytest
from sqlalchemy import create_engine, select, text

from background_load import BackgroundLoad
from private_postgres import ClusterUnavailable, PrivatePostgres


@pytest.fixture
def cluster():
    try:
        server = PrivatePostgres()
        server.start()
    except (ClusterUnavailable, OSError) as error:
        if os.environ.get("CI", "").lower() == "true":
            pytest.fail(f"a private PostgreSQL cluster could not start ({error}); CI=true requires it")
        pytest.skip(f"a private PostgreSQL cluster could not start ({error})")
    yield server
    server.remove()


@pytest.fixture
def cluster_settings(cluster, tmp_path):
    from core import migrate
    from core.db import Databases, make_engine
    from core.reference import load_reference_data
    from core.settings import Settings

    admin = create_engine(cluster.url(), isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(text("CREATE DATABASE pantau"))
        connection.execute(text("CREATE DATABASE warehouse"))
    admin.dispose()
    databases = Databases(make_engine(cluster.url("pantau")), make_engine(cluster.url("warehouse")))
    migrate.upgrade(databases)
    with databases.transaction() as session:
        load_reference_data(session)
    databases.dispose()
    return Settings().override(
        server={"secret_key": "test-secret-key"},
        database={"url": cluster.url("pantau"), "warehouse_url": cluster.url("warehouse")},
        demo={"load_demo_data": False, "simulator": False}, map={"boundaries_dir": str(tmp_path / "geo")})


def complaints_version(databases) -> int:
    from etl.state import MartVersion

    with databases.warehouse.connect() as warehouse:
        return warehouse.scalar(select(MartVersion.version).where(MartVersion.mart == "complaints")) or 0


class Load(BackgroundLoad):
    """Threads asking for the complaint form (a database read) and /healthz; each answer is kept
    with the phase the test was in when the request started."""

    def __init__(self, app, threads: int = 2):
        self.app = app
        self.phase = "before"
        self.answers: list[tuple[str, int]] = []
        super().__init__(threads)

    def wait_for(self, phase: str, count: int, timeout: float = 30) -> list[int]:
        """The statuses of the first `count` answers to requests started in `phase`."""
        def of_phase():
            return [status for started_in, status in self.answers if started_in == phase]

        with self.changed:
            self.changed.wait_for(lambda: len(of_phase()) >= count, timeout)
            return of_phase()[:count]

    def _run(self, _index: int) -> None:
        client = self.app.server.test_client()
        while not self.stopping.is_set():
            for path in ("/lapor", "/healthz"):
                phase = self.phase
                status = client.get(path).status_code
                with self.changed:
                    self.answers.append((phase, status))
                    self.changed.notify_all()


def test_the_app_and_the_etl_follower_outlive_a_postgres_restart(cluster, cluster_settings):
    from app import create_app
    from core.events import MARTS, LocalEvents
    from etl.runner import EtlRunner, follow_until_stopped
    from synthetic_complaints import known_snapshots, write_snapshots

    app = create_app(cluster_settings)
    databases = app.server.extensions["pantau"].databases
    events, stop = LocalEvents(), threading.Event()
    runner = EtlRunner(databases, events=events, poll_seconds=0.2)
    follower = threading.Thread(target=follow_until_stopped, args=(runner, stop, 0.2), daemon=True)
    follower.start()
    try:
        with Load(app) as load:
            assert set(load.wait_for("before", 6)) == {200}
            cluster.stop()
            load.phase = "down"
            assert {status >= 500 for status in load.wait_for("down", 4)} == {True}  # failing, not hanging
            cluster.start()
            load.phase = "after"
            assert set(load.wait_for("after", 10)) == {200}  # no restart of the app
        assert complaints_version(databases) == 0
        seen = events.counter(MARTS)
        write_snapshots(databases, known_snapshots())
        # the follower loads them into the complaint marts; a pass may first announce another mart
        # (the reference dimensions), so wait for announcements until the complaints' one is there
        for _ in range(30):
            if complaints_version(databases) > 0:
                break
            seen = events.wait(MARTS, seen, timeout=1)
        assert complaints_version(databases) > 0
    finally:
        stop.set()
        follower.join(30)
        databases.dispose()
