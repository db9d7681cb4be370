"""The logged-in principal as flask-login sees it: a person or a kiosk (wall display)."""

from __future__ import annotations

from flask_login import UserMixin

from core.services import Services
from core.users import User, active_kiosk_token, kiosk_viewer, viewer_of, Viewer


class SessionUser(UserMixin):
    def __init__(self, viewer: Viewer, full_name: str = ""):
        self.viewer = viewer
        self.full_name = full_name or viewer.username

    def get_id(self) -> str:
        return self.viewer.user_id

    @property
    def role(self) -> str:
        return self.viewer.role


def load_session_user(services: Services, user_id: str) -> SessionUser | None:
    """Called on every request (the viewer and its scope are built here, once, from the settings):
    a deactivated user or a revoked kiosk token stops working at once."""
    with services.databases.session() as session:
        if user_id.startswith("kiosk:"):
            token = active_kiosk_token(session, token_id=int(user_id.split(":", 1)[1]))
            return SessionUser(kiosk_viewer(token)) if token else None
        user = session.get(User, int(user_id)) if user_id.isdigit() else None
        if user is None or not user.active:
            return None
        return SessionUser(viewer_of(user, services.settings.auth.city_wide_roles), user.full_name)
