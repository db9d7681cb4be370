"""What the prober's tests share: small hand-made inventories, a listener that accepts and never
answers, one whose queue is full (a connect that hangs), a self-signed certificate, and a way to run
one probe. A module of its own (not conftest.py), so no other folder's conftest shadows it."""

from __future__ import annotations

import asyncio
from concurrent.futures import ThreadPoolExecutor
import socket
import ssl
import subprocess
import time
from contextlib import contextmanager
from pathlib import Path

from modules.infrastructure import probing
from modules.infrastructure.kinds import CheckResult, Target
from simulator.infrastructure_fleet import Fleet

PROBE_PORTS = {"tcp": "2222", "http": "8080", "https": "8443", "rtsp": "8554"}


def row(code: str, kind: str, probe: str, host: str, parents: str = "", path: str = "", interval: float = 60,
        timeout: float = 2.0) -> dict[str, str]:
    """One inventory row (the CSV's columns the fleet and the prober read)."""
    return {"code": code, "kind": kind, "probe": probe, "host": host, "port": PROBE_PORTS.get(probe, ""),
            "path": path, "parents": parents, "interval_seconds": str(interval), "timeout_seconds": str(timeout)}


def small_network(interval: float = 60) -> list[dict[str, str]]:
    """Core switch -> two fibres -> a distribution switch (two uplinks) -> an access switch -> 3 cameras;
    a host and a service on the core."""
    return [
        row("SW-CORE-T1", "switch", "tcp", "127.64.250.1", interval=interval),
        row("FO-T1", "fibre", "tcp", "127.64.250.2", "SW-CORE-T1", interval=interval),
        row("FO-T2", "fibre", "tcp", "127.64.250.3", "SW-CORE-T1", interval=interval),
        row("SW-DST-T1", "switch", "tcp", "127.64.250.4", "FO-T1;FO-T2", interval=interval),
        row("SW-ACC-T1", "switch", "tcp", "127.64.250.5", "SW-DST-T1", interval=interval),
        *[row(f"CAM-T{n}", "camera", "rtsp", f"127.64.250.{10 + n}", "SW-ACC-T1", "/Streaming/Channels/101",
              interval=interval) for n in (1, 2, 3)],
        row("HOST-T1", "host", "http", "127.64.250.20", "SW-CORE-T1", "/health", interval=interval),
        row("SVC-T1", "service", "http", "127.64.250.21", "HOST-T1", "/", interval=interval),
    ]


@contextmanager
def running_fleet(rows, **options):
    fleet = Fleet(rows, run_schedule=False, any_port=True, **options).start()
    try:
        yield fleet
    finally:
        fleet.stop()


def run_async(coroutine):
    """asyncio.run in a thread of its own: a browser test earlier in the same pytest worker leaves
    Playwright's event loop running in the main thread, where asyncio.run refuses to start."""
    with ThreadPoolExecutor(max_workers=1) as pool:
        return pool.submit(asyncio.run, coroutine).result()


def probe(target: Target, **options) -> CheckResult:
    return run_async(probing.check(target, **options))


def probe_code(fleet: Fleet, code: str, **options) -> CheckResult:
    return probe(next(t for t in fleet.targets() if t.code == code), **options)


@contextmanager
def silent_listener(host: str = "127.0.0.1"):
    """A listening socket nobody accepts from or answers on: connects succeed, no answer comes."""
    server = socket.socket()
    server.bind((host, 0))
    server.listen(16)
    try:
        yield server.getsockname()[1]
    finally:
        server.close()


@contextmanager
def full_listener(host: str = "127.0.0.1"):
    """A listening socket whose accept queue is full: the kernel drops further SYNs, so a connect
    neither succeeds nor is refused (as a host behind a dead link)."""
    server = socket.socket()
    server.bind((host, 0))
    server.listen(0)
    port = server.getsockname()[1]
    fillers = []
    try:
        for _ in range(4):  # Linux queues backlog + 1; a spare or two in case
            filler = socket.socket()
            filler.setblocking(False)
            filler.connect_ex((host, port))
            fillers.append(filler)
        _wait_until(lambda: all(_connected(f) for f in fillers[:1]))
        yield port
    finally:
        for filler in fillers:
            filler.close()
        server.close()


def _connected(sock: socket.socket) -> bool:
    try:
        sock.getpeername()
        return True
    except OSError:
        return False


def _wait_until(condition, seconds: float = 10.0) -> None:
    deadline = time.monotonic() + seconds
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError("condition not met in time")
        time.sleep(0.01)


def self_signed(folder: Path, address: str) -> tuple[ssl.SSLContext, ssl.SSLContext]:
    """A certificate for `address` made by the openssl command: (server context, client context that
    trusts it)."""
    key, certificate = folder / "key.pem", folder / "cert.pem"
    subprocess.run(["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", str(key), "-out",
                    str(certificate), "-days", "1", "-subj", f"/CN={address}", "-addext",
                    f"subjectAltName=IP:{address}"], check=True, capture_output=True, timeout=60)
    server = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    server.load_cert_chain(certificate, key)
    return server, ssl.create_default_context(cafile=str(certificate))
