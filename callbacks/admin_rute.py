"""Admin routing rules: save (create or change the rule of a category and kecamatan) and delete,
through data/admin_desk.py and the complaints service (the command line's functions)."""

from dash import Input, Output, State

from callbacks._admin import pressed, require_admin_viewer
from callbacks._register import callback
from core.services import current_services
from data import admin_desk
from layouts.components.admin_forms import outcome_view
from layouts.components.ids_admin_rute import ROLES, AdminRute as R


@callback(Output(R.CATEGORY, "options"), Output(R.KECAMATAN, "options"), Output(R.OPD, "options"),
          Input(R.PAGE, "id"), roles=ROLES)
def set_up(_page):
    require_admin_viewer(ROLES)
    options = admin_desk.choices(current_services())
    return options["categories"], options["kecamatan"], options["opd"]


@callback(Output(R.RESULT, "children"), Output(R.LIST, "data"), Output(R.PICK, "options"),
          Input(R.PAGE, "id"), Input(R.SAVE, "n_clicks"), Input(R.DELETE, "n_clicks"),
          State(R.CATEGORY, "value"), State(R.KECAMATAN, "value"), State(R.OPD, "value"), State(R.PICK, "value"),
          roles=ROLES)
def act_on_rules(_page, _save, _delete, category, kecamatan, opd, picked):
    viewer = require_admin_viewer(ROLES)
    services = current_services()
    outcome = None
    if pressed(R.SAVE):
        outcome = admin_desk.set_routing_rule(services, viewer, category, opd, kecamatan)
    elif pressed(R.DELETE):
        outcome = admin_desk.delete_routing_rule(services, viewer, picked)
    rows = admin_desk.routing_rules(services)
    options = [{"label": f"{row['id']} · {row['category']} · {row['kecamatan']} → {row['opd']}", "value": row["id"]}
               for row in rows]
    return outcome_view(outcome) if outcome else None, rows, options
