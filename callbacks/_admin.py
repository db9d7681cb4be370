"""What the admin pages' callbacks share: the admin check (role and city-wide scope) and which
button started a request."""

from __future__ import annotations

from dash import ctx
from flask import abort

from callbacks._access import require_viewer
from core.users import Viewer


def require_admin_viewer(roles: tuple[str, ...]) -> Viewer:
    """The caller, when his role is allowed and his scope is the whole city (an admin taken out of
    `auth.city_wide_roles` edits nothing); otherwise the request ends with 401/403."""
    viewer = require_viewer(roles)
    if not viewer.scope.is_city:
        abort(403)
    return viewer


def pressed(component_id: str) -> bool:
    """Whether this button's click started the request (not a page load or another button)."""
    return f"{component_id}.n_clicks" in ctx.triggered_prop_ids
