"""What the infrastructure tests share: the clock they run at, points inside and outside the city,
the actors, and a way to write an inventory as CSV. A module of its own (not conftest.py), so the
tests import it by a name no other folder's conftest shadows when pytest collects every folder."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

from core.users import Viewer
from modules.infrastructure.access import system_actor
from modules.infrastructure.checks import COLUMNS
from modules.infrastructure.kinds import CheckResult

NOW = datetime(2026, 12, 1, 3, 0, tzinfo=timezone.utc)  # 10:00 WIB
GENTENG = (-7.2590, 112.7440)  # inside the city
JAKARTA = (-6.2000, 106.8166)  # outside it
ADMIN = Viewer(user_id="1", username="admin1", role="admin")
OPERATOR = Viewer(user_id="2", username="operator1", role="operator")
PROBER = system_actor("prober")


def at(minutes: float) -> datetime:
    return NOW + timedelta(minutes=minutes)


def device(code: str, kind: str = "switch", probe: str = "tcp", parents: str = "", **columns) -> dict[str, str]:
    """One inventory row: a TCP-probed switch on loopback unless told otherwise."""
    row = dict(code=code, kind=kind, name=f"Perangkat {code}", probe=probe, host="127.64.0.1",
               port="22" if probe == "tcp" else "", path="/stream1" if probe == "rtsp" else "",
               interval_seconds="60", timeout_seconds="5", retries="3", parents=parents)
    row.update({key: str(value) for key, value in columns.items()})
    return row


def as_csv(rows: list[dict[str, str]]) -> str:
    import csv
    import io

    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=COLUMNS, lineterminator="\n")
    writer.writeheader()
    for row in rows:
        writer.writerow({column: row.get(column, "") for column in COLUMNS})
    return out.getvalue()


def ok(code: str, minute: float, latency: float = 5.0, video: bool | None = None) -> CheckResult:
    return CheckResult(code=code, at=at(minute), ok=True, latency_ms=latency, video=video)


def fail(code: str, minute: float, detail: str = "connection refused") -> CheckResult:
    return CheckResult(code=code, at=at(minute), ok=False, latency_ms=None, detail=detail)
