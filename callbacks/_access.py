"""Role and scope checks every data callback runs before it returns anything.

The menu hides pages from roles, but a crafted request can still reach any callback; so each
callback asks `require_viewer(roles)` for the caller, and passes the returned Viewer (with its
scope) down to `data/`, which filters by it.
"""

from __future__ import annotations

from flask import abort
from flask_login import current_user

from core.users import Viewer


def require_viewer(roles: tuple[str, ...]) -> Viewer:
    """The logged-in caller if his role is allowed; otherwise the request ends with 401/403."""
    if not current_user.is_authenticated:
        abort(401)
    if current_user.role not in roles:
        abort(403)
    return current_user.viewer
