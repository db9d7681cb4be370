"""Which roles may open which Dash page.

Each page declares `roles=[...]` in `dash.register_page`. The guard checks them when a page URL
is requested, and `protect_page_layouts` checks them again when Dash Pages renders a layout in
the browser's client-side navigation, so neither path shows a page to the wrong role.
"""

from __future__ import annotations

import dash
from dash import html
from flask_login import current_user

ALL_PERSON_ROLES = ("admin", "pimpinan", "operator", "opd", "camat", "lurah", "rt_rw", "perencana")


def page_roles(page: dict) -> tuple[str, ...]:
    return tuple(page.get("roles", ALL_PERSON_ROLES))


def page_for_path(path: str) -> dict | None:
    path = path.rstrip("/") or "/"
    for page in dash.page_registry.values():
        if page.get("path") == path or _matches_template(page.get("path_template"), path):
            return page
    return None


def role_may_open(role: str | None, page: dict) -> bool:
    return role is not None and role in page_roles(page)


def pages_for_role(role: str) -> list[dict]:
    """The pages a role may open, in menu order (pages with `nav=False` stay out of the menu)."""
    return [p for p in dash.page_registry.values() if role_may_open(role, p) and p.get("nav", True)]


def protect_page_layouts() -> None:
    """Wrap each registered layout with the role check (idempotent across app instances)."""
    for page in dash.page_registry.values():
        original = page.get("_unprotected_layout", page["layout"])
        page["_unprotected_layout"] = original
        page["layout"] = _protected(page, original)


def access_denied() -> html.Div:
    """Shown inside the shell, so the menu of the pages the role may open stays beside it."""
    return html.Div(className="access-denied", children=[
        html.H2("Akses ditolak"),
        html.P("Peran Anda tidak memiliki akses ke halaman ini. Pilih halaman lain dari menu di atas."),
    ])


def _protected(page: dict, layout):
    def render(**kwargs):
        role = getattr(current_user, "role", None) if current_user.is_authenticated else None
        if not role_may_open(role, page):
            return access_denied()
        return layout(**kwargs) if callable(layout) else layout

    return render


def _matches_template(template: str | None, path: str) -> bool:
    if not template:
        return False
    parts, wanted = template.strip("/").split("/"), path.strip("/").split("/")
    return len(parts) == len(wanted) and all(
        p.startswith("<") or p == w for p, w in zip(parts, wanted)
    )
