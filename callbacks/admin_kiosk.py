"""Admin kiosk tokens: issue (the secret is shown once, in the answer to that click only) and revoke, through
data/admin_desk.py and the same service functions as the command line."""

from dash import Input, Output, State

from callbacks._admin import pressed, require_admin_viewer
from callbacks._register import callback
from core.services import current_services
from data import admin_desk
from layouts.components.admin_forms import outcome_view
from layouts.components.ids_admin_kiosk import ROLES, AdminKiosk as K


@callback(Output(K.RESULT, "children"), Output(K.LIST, "data"), Output(K.PICK, "options"), Output(K.LABEL, "value"),
          Input(K.PAGE, "id"), Input(K.ISSUE, "n_clicks"), Input(K.REVOKE, "n_clicks"),
          State(K.LABEL, "value"), State(K.PICK, "value"), roles=ROLES)
def act_on_keys(_page, _issue, _revoke, label, picked):
    viewer = require_admin_viewer(ROLES)
    services = current_services()
    outcome = None
    if pressed(K.ISSUE):
        outcome = admin_desk.issue_kiosk_token(services, viewer, label)
    elif pressed(K.REVOKE):
        outcome = admin_desk.revoke_kiosk_token(services, viewer, picked)
    rows = admin_desk.kiosk_tokens(services)
    options = [{"label": f"{row['id']} · {row['label']}", "value": row["id"]} for row in rows if row["state"] == "aktif"]
    keep_label = outcome is not None and not outcome.ok and pressed(K.ISSUE)  # let him correct it
    return outcome_view(outcome, K.SECRET) if outcome else None, rows, options, label if keep_label else ""
