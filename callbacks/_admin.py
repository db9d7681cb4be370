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


def secret_page_callback(ids, roles: tuple[str, ...], issue, revoke, listing) -> None:
    """The one callback of a page made by layouts.components.admin_forms.secret_page: issue
    (`issue(services, viewer, label)`, the secret shown once in that answer only), revoke
    (`revoke(services, viewer, id)`), and the list (`listing(services)`), through data/admin_desk.py."""
    from dash import Input, Output, State

    from callbacks._register import callback
    from core.services import current_services
    from layouts.components.admin_forms import outcome_view

    @callback(Output(ids.RESULT, "children"), Output(ids.LIST, "data"), Output(ids.PICK, "options"),
              Output(ids.LABEL, "value"), Input(ids.PAGE, "id"), Input(ids.ISSUE, "n_clicks"),
              Input(ids.REVOKE, "n_clicks"), State(ids.LABEL, "value"), State(ids.PICK, "value"), roles=roles)
    def act_on_secrets(_page, _issue, _revoke, label, picked):
        viewer = require_admin_viewer(roles)
        services = current_services()
        outcome = None
        if pressed(ids.ISSUE):
            outcome = issue(services, viewer, label)
        elif pressed(ids.REVOKE):
            outcome = revoke(services, viewer, picked)
        rows = listing(services)
        options = [{"label": f"{row['id']} · {row['label']}", "value": row["id"]}
                   for row in rows if row["state"] == "aktif"]
        keep_label = outcome is not None and not outcome.ok and pressed(ids.ISSUE)  # let him correct it
        return outcome_view(outcome, ids.SECRET) if outcome else None, rows, options, label if keep_label else ""
