"""A PostgreSQL cluster of the test's own (initdb in a temporary folder, a free port) that the test
may stop and start; the shared server on 5432 is never touched. PostgreSQL refuses to run as root,
so as root the cluster runs as the `postgres` system user."""

from __future__ import annotations

import os
import pwd
import shutil
import subprocess
import tempfile
from pathlib import Path

from private_redis import free_port

BIN = Path(os.environ.get("PANTAU_TEST_POSTGRES_BIN", "/usr/lib/postgresql/15/bin"))


class ClusterUnavailable(RuntimeError):
    """initdb or pg_ctl is missing, or no unprivileged user can run them."""


class PrivatePostgres:
    def __init__(self):
        if not (BIN / "initdb").exists():
            raise ClusterUnavailable(f"no initdb in {BIN}")
        self.user = _unprivileged_user()
        self.folder = Path(tempfile.mkdtemp(prefix="pantau-pg-"))
        self.data = self.folder / "data"
        self.port = free_port()
        if self.user is not None:
            shutil.chown(self.folder, self.user)
        self._run("initdb", "-D", str(self.data), "-A", "trust", "-U", "postgres", "--no-sync", "-E", "UTF8")

    def url(self, database: str = "postgres") -> str:
        return f"postgresql+psycopg://postgres@127.0.0.1:{self.port}/{database}"

    def start(self) -> None:
        """Returns once the server accepts connections (pg_ctl -w waits for that)."""
        options = f"-p {self.port} -c listen_addresses=127.0.0.1 -k {self.folder} -c fsync=off"
        self._run("pg_ctl", "-D", str(self.data), "-o", options, "-l", str(self.folder / "log"), "-w", "start")

    def stop(self) -> None:
        self._run("pg_ctl", "-D", str(self.data), "-m", "fast", "-w", "stop")

    def remove(self) -> None:
        subprocess.run(self._command("pg_ctl", "-D", str(self.data), "-m", "immediate", "-w", "stop"),
                       capture_output=True)
        shutil.rmtree(self.folder, ignore_errors=True)

    def _run(self, program: str, *args: str) -> None:
        done = subprocess.run(self._command(program, *args), capture_output=True, text=True, timeout=120)
        if done.returncode != 0:
            raise ClusterUnavailable(f"{program} failed: {done.stderr.strip() or done.stdout.strip()}")

    def _command(self, program: str, *args: str) -> list[str]:
        command = [str(BIN / program), *args]
        return ["runuser", "-u", self.user, "--", *command] if self.user else command


def _unprivileged_user() -> str | None:
    """None when we are not root (run as ourselves); else `postgres`, which must exist."""
    if os.geteuid() != 0:
        return None
    try:
        return pwd.getpwnam("postgres").pw_name
    except KeyError:
        raise ClusterUnavailable("running as root and there is no postgres user to run a cluster") from None
