"""Admin SLA overrides: save a category's minutes (both empty: back to the settings), through
data/admin_desk.py and the complaints service (the command line's function)."""

from dash import Input, Output, State

from callbacks._admin import pressed, require_admin_viewer
from callbacks._register import callback
from core.services import current_services
from data import admin_desk
from layouts.components.admin_forms import outcome_view
from layouts.components.ids_admin_sla import ROLES, AdminSla as S


@callback(Output(S.CATEGORY, "options"), Input(S.PAGE, "id"), roles=ROLES)
def set_up(_page):
    require_admin_viewer(ROLES)
    return admin_desk.choices(current_services())["categories"]


@callback(Output(S.RESULT, "children"), Output(S.LIST, "data"),
          Input(S.PAGE, "id"), Input(S.SAVE, "n_clicks"),
          State(S.CATEGORY, "value"), State(S.FIRST_RESPONSE, "value"), State(S.FEEDBACK, "value"), roles=ROLES)
def act_on_sla(_page, _save, category, first_response, feedback):
    viewer = require_admin_viewer(ROLES)
    services = current_services()
    outcome = admin_desk.set_sla_override(services, viewer, category, first_response, feedback) \
        if pressed(S.SAVE) else None
    return outcome_view(outcome) if outcome else None, admin_desk.sla_overrides(services)
