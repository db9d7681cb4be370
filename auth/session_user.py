"""The logged-in principal as flask-login sees it: a person or a kiosk (wall display)."""

from __future__ import annotations

from flask_login import UserMixin

from core.services import Services
from core.users import User, active_kiosk_token, kiosk_viewer, viewer_of, Viewer


# The session key holding the user's session version from login (see User.session_version).
SESSION_VERSION = "session_version"


class SessionUser(UserMixin):
    def __init__(self, viewer: Viewer, full_name: str = "", session_version: int | None = None):
        self.viewer = viewer
        self.full_name = full_name or viewer.username
        self.session_version = session_version  # None for a kiosk: its token is revoked instead

    def get_id(self) -> str:
        return self.viewer.user_id

    @property
    def role(self) -> str:
        return self.viewer.role


def person_session_user(user: User, city_wide_roles: tuple[str, ...]) -> SessionUser:
    return SessionUser(viewer_of(user, city_wide_roles), user.full_name, user.session_version)


def load_session_user(services: Services, user_id: str, session_version: int | None) -> SessionUser | None:
    """Called on every request (the viewer and its scope are built here, once, from the settings):
    a deactivated user, a session from before the user's logout or password change, or a revoked
    kiosk token stops working at once."""
    with services.databases.session() as session:
        if user_id.startswith("kiosk:"):
            token = active_kiosk_token(session, token_id=int(user_id.split(":", 1)[1]))
            return SessionUser(kiosk_viewer(token)) if token else None
        user = session.get(User, int(user_id)) if user_id.isdigit() else None
        if user is None or not user.active or user.session_version != session_version:
            return None
        return person_session_user(user, services.settings.auth.city_wide_roles)
