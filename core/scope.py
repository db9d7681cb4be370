"""What part of the city's data a viewer may see: one object, one definition.

Built once per request from the viewer and the settings (`auth.city_wide_roles`), and carried on
the Viewer, so the modules' access checks (a complaint, an incident, a Sipandu record) and every
`data/` query ask the same object and cannot disagree. An OPD user who crafts a request for
another OPD's data gets nothing, whatever his request carries.

    city        every area and OPD (the city-wide roles, a wall display, an OPD user granted it)
    opd         one OPD's cases
    kecamatan   one kecamatan, kelurahan   one kelurahan
    rw, rt      one RW (or one RT inside it) of one kelurahan (RT/RW heads, for Sipandu and proposals)
    none        nothing (a role without a scope, or a scoped role whose scope is missing)

A mart declares which of its columns each kind filters on (core.domains.Mart.scope_columns); a
table without the columns a scope needs answers nothing to that scope rather than everything.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from sqlalchemy import and_, false

KINDS = ("city", "opd", "kecamatan", "kelurahan", "rw", "rt", "none")
# For each kind, the scope kinds whose columns it needs, in order of its `codes`.
NEEDED_COLUMNS = {"opd": ("opd",), "kecamatan": ("kecamatan",), "kelurahan": ("kelurahan",),
                  "rw": ("kelurahan", "rw"), "rt": ("kelurahan", "rw", "rt")}
DEFAULT_CITY_WIDE_ROLES = ("admin", "pimpinan", "operator", "perencana")
ALWAYS_CITY_WIDE = ("wall", "system")  # a wall display shows the whole city; system actors work for it


@dataclass(frozen=True)
class Scope:
    kind: str
    codes: tuple = ()

    def __post_init__(self):
        if self.kind not in KINDS:
            raise ValueError(f"unknown scope kind {self.kind!r} (known: {KINDS})")
        if len(self.codes) != len(NEEDED_COLUMNS.get(self.kind, ())):
            raise ValueError(f"scope {self.kind!r} needs {NEEDED_COLUMNS.get(self.kind, ())}, got {self.codes!r}")

    @property
    def is_city(self) -> bool:
        return self.kind == "city"

    @property
    def key(self) -> tuple:
        """What a cache keys answers on: two viewers with the same scope share answers."""
        return (self.kind, *self.codes)

    def conditions(self, table, scope_columns: Mapping[str, str]) -> list:
        """SQL conditions on `table` that keep only what this scope may see."""
        if self.kind == "city":
            return []
        columns = self._columns(scope_columns)
        if columns is None or any(name not in table.c for name in columns):
            return [false()]
        return [and_(*(table.c[name] == code for name, code in zip(columns, self.codes)))]

    def allows(self, record: Mapping[str, Any] | Any, scope_columns: Mapping[str, str]) -> bool:
        """The same rule for one record (a mapping or an object with the columns as attributes)."""
        if self.kind == "city":
            return True
        columns = self._columns(scope_columns)
        if columns is None:
            return False
        value = record.get if isinstance(record, Mapping) else (lambda name: getattr(record, name, None))
        return all(code is not None and value(name) == code for name, code in zip(columns, self.codes))

    def reads(self, scope_columns: Mapping[str, str]) -> bool:
        """Whether this scope can read anything of a mart with these scope columns."""
        return self.kind == "city" or self._columns(scope_columns) is not None

    def _columns(self, scope_columns: Mapping[str, str]) -> tuple[str, ...] | None:
        needed = NEEDED_COLUMNS.get(self.kind)
        if needed is None or any(kind not in scope_columns for kind in needed):
            return None
        return tuple(scope_columns[kind] for kind in needed)


CITY = Scope("city")
NOTHING = Scope("none")


def scope_for(role: str, *, opd_code=None, kecamatan_code=None, kelurahan_code=None, rw=None, rt=None,
              city_wide: bool = False, city_wide_roles: tuple[str, ...] = DEFAULT_CITY_WIDE_ROLES) -> Scope:
    """The scope of a role and its codes (a Viewer's fields)."""
    if role in city_wide_roles or role in ALWAYS_CITY_WIDE or city_wide:
        return CITY
    if role == "opd" and opd_code:
        return Scope("opd", (opd_code,))
    if role == "camat" and kecamatan_code:
        return Scope("kecamatan", (kecamatan_code,))
    if role == "lurah" and kelurahan_code:
        return Scope("kelurahan", (kelurahan_code,))
    if role == "rt_rw" and kelurahan_code and rw is not None:
        return Scope("rt", (kelurahan_code, rw, rt)) if rt is not None else Scope("rw", (kelurahan_code, rw))
    return NOTHING
