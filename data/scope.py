"""What part of the city's data a viewer may read, as SQL conditions on a mart table.

Applied inside every query function, whatever filters the request carries: an OPD user who
crafts a request for another OPD's data gets an empty answer.
"""

from __future__ import annotations

from sqlalchemy import false

from core.users import Viewer


def effective_scope(viewer: Viewer, city_wide_roles: tuple[str, ...]) -> tuple:
    """('city',) or ('opd', code), ('kecamatan', code), ('kelurahan', code), ('none',)."""
    if viewer.sees_whole_city(city_wide_roles):
        return ("city",)
    if viewer.role == "opd" and viewer.opd_code:
        return ("opd", viewer.opd_code)
    if viewer.role == "camat" and viewer.kecamatan_code:
        return ("kecamatan", viewer.kecamatan_code)
    if viewer.role in ("lurah", "rt_rw") and viewer.kelurahan_code:
        return ("kelurahan", viewer.kelurahan_code)
    return ("none",)


def scope_conditions(table, viewer: Viewer, city_wide_roles: tuple[str, ...]) -> list:
    scope = effective_scope(viewer, city_wide_roles)
    if scope == ("city",):
        return []
    if scope == ("none",):
        return [false()]
    kind, code = scope
    return [table.c[f"{kind}_code"] == code]
