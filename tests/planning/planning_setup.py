"""Shared values of the proposals tests: the places, the people (Viewers built by hand, as the
service sees them), moments inside the 2027 rounds, image bytes, and the tables a step writes."""

from __future__ import annotations

from datetime import datetime, timezone

from core.changelog import ChangeLogEntry
from core.users import Viewer
from modules.planning.models import (PlanningNumberCounter, PlanningProposal, PlanningProposalEvent,
                                     PlanningProposalPhoto)
KECAMATAN, OTHER_KECAMATAN = "35.78.01", "35.78.02"
KELURAHAN_A, KELURAHAN_B, OTHER_KELURAHAN = "35.78.01.1001", "35.78.01.1002", "35.78.02.1001"
PNG = b"\x89PNG\r\n\x1a\n" + bytes(32)
JPEG = b"\xff\xd8\xff\xe0" + bytes(32)
WRITTEN = (PlanningProposal, PlanningProposalEvent, PlanningProposalPhoto, PlanningNumberCounter, ChangeLogEntry)


def at(month: int, day: int, year: int = 2027, hour: int = 3) -> datetime:
    """A moment of the 2027 rounds (03:00 UTC is 10:00 city time)."""
    return datetime(year, month, day, hour, tzinfo=timezone.utc)


RW_ROUND, KELURAHAN_ROUND, KECAMATAN_ROUND, CITY_ROUND = at(1, 10), at(1, 25), at(2, 10), at(3, 5)


def viewer(role: str, name: str | None = None, **scope) -> Viewer:
    username = name or f"{role}-{'-'.join(map(str, scope.values())) or 'city'}"
    return Viewer(user_id=username, username=username, role=role, **scope)


HEAD = viewer("rt_rw", kelurahan_code=KELURAHAN_A, rw=1)
HEAD_RT = viewer("rt_rw", kelurahan_code=KELURAHAN_A, rw=1, rt=3)
OTHER_HEAD = viewer("rt_rw", kelurahan_code=KELURAHAN_A, rw=2)
HEAD_B = viewer("rt_rw", kelurahan_code=KELURAHAN_B, rw=4)
LURAH = viewer("lurah", kelurahan_code=KELURAHAN_A)
LURAH_B = viewer("lurah", kelurahan_code=KELURAHAN_B)
CAMAT = viewer("camat", kecamatan_code=KECAMATAN)
OTHER_CAMAT = viewer("camat", kecamatan_code=OTHER_KECAMATAN)
PERENCANA = viewer("perencana")
ADMIN = viewer("admin")
OPERATOR = viewer("operator")


def spot(kelurahan: str) -> tuple[float, float]:
    """A point inside the kelurahan (its label spot)."""
    from geo import centroids

    row = centroids("kelurahan").set_index("code").loc[kelurahan]
    return float(row["lat"]), float(row["lon"])
