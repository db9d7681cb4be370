"""The viewer's own area, as the pages show it: its name ("Kelurahan Ketabang"), which districts of
a map lie inside it, and where a map should look.

A camat, a lurah or an RT/RW head sees only his area's data (core.scope); every other district of
a map would show as an empty zero, as if nothing happened there. The maps therefore grey the
districts outside the area, say so ("di luar wilayah Anda") and open on the area itself. An OPD's
area is the whole city (its own cases, wherever they are).
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

import geo
from geo.boundaries import installed_path
from core.domains import Mart
from core.scope import NEEDED_COLUMNS
from core.services import Services
from core.users import Viewer
from data.complaints.queries import names_of

OUTSIDE = "di luar wilayah Anda"


@dataclass(frozen=True)
class Area:
    kind: str                           # a scope kind: city, opd, kecamatan, kelurahan, rw, rt, none
    name: str                           # "Kota Surabaya", "Kecamatan Genteng", "Kelurahan Ketabang", ...
    kecamatan_code: str | None = None   # the kecamatan a map of the area drills into
    kelurahan_code: str | None = None
    note: str = ""                      # what the figures are, said where a name is not enough

    @property
    def is_district(self) -> bool:
        """Bounded by districts (kecamatan, kelurahan, RW, RT): a map greys the rest."""
        return self.kind in ("kecamatan", "kelurahan", "rw", "rt")

    def inside(self, level: str, codes) -> set[str]:
        """Which of the districts `codes` of a `level` map lie in the area."""
        codes = set(codes)
        if not self.is_district:
            return codes if self.kind != "none" else set()
        if level == "kecamatan":
            return codes & {self.kecamatan_code}
        if self.kind == "kecamatan":
            return {code for code in codes if code.startswith(f"{self.kecamatan_code}.")}
        return codes & {self.kelurahan_code}

    def may_open(self, kecamatan_code: str | None) -> bool:
        """A map of the area may drill into this kecamatan (or back to the city, None)."""
        if not self.is_district:
            return True
        return kecamatan_code == self.kecamatan_code


def area_of(services: Services, viewer: Viewer) -> Area:
    """The viewer's area from his scope; names from the dimensions (the same for everyone)."""
    scope = viewer.scope
    if scope.kind == "city":
        return Area("city", "Kota Surabaya")
    if scope.kind == "opd":
        opd = names_of(services, "opd").get(scope.codes[0], scope.codes[0])
        return Area("opd", f"Kota Surabaya · {opd}", note=f"hanya aduan yang ditangani {opd}")
    if scope.kind == "kecamatan":
        code = scope.codes[0]
        return Area("kecamatan", f"Kecamatan {names_of(services, 'kecamatan').get(code, code)}", kecamatan_code=code)
    if scope.kind in ("kelurahan", "rw", "rt"):
        code = scope.codes[0]
        kelurahan = f"Kelurahan {names_of(services, 'kelurahan').get(code, code)}"
        unit = "" if scope.kind == "kelurahan" else f"RW {scope.codes[1]:02d} "
        if scope.kind == "rt":
            unit = f"RT {scope.codes[2]:02d} " + unit
        return Area(scope.kind, f"{unit}{kelurahan}", kecamatan_code=code[:8], kelurahan_code=code)
    return Area("none", "tanpa wilayah")


def area_bounds(area: Area) -> tuple[float, float, float, float] | None:
    """(west, south, east, north) of the area's smallest district, for a map to open on; None for
    the city."""
    if area.kelurahan_code:
        return district_bounds("kelurahan", area.kelurahan_code)
    if area.kecamatan_code:
        return district_bounds("kecamatan", area.kecamatan_code)
    return None


def district_bounds(level: str, code: str) -> tuple[float, float, float, float] | None:
    official = installed_path(level)  # a new install of official boundaries is picked up
    return _bounds(level, official.stat().st_mtime_ns if official.exists() else 0).get(code)


@cache
def _bounds(level: str, _boundaries_version: int) -> dict[str, tuple[float, float, float, float]]:
    shapes = geo.load_boundaries(level)
    return {code: tuple(float(v) for v in shape.bounds) for code, shape in zip(shapes["code"], shapes.geometry)}


def can_read(viewer: Viewer, mart: Mart) -> bool:
    """Whether the viewer's scope can read anything of the mart: a scope needs the mart to carry
    its columns (complaints are placed by kelurahan, not by RW, so an RW head's scope reads none)."""
    kind = viewer.scope.kind
    return kind == "city" or (kind != "none" and all(c in mart.scope_columns for c in NEEDED_COLUMNS[kind]))
