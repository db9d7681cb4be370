"""Admin users: each button calls data/admin_desk.py, which calls core.users (the command line's
functions); the list is read again after every action. Password fields are emptied after each one."""

from dash import Input, Output, State, no_update

from callbacks._admin import pressed, require_admin_viewer
from callbacks._register import callback
from core.services import current_services
from data import admin_desk
from layouts.components.admin_forms import outcome_view
from layouts.components.ids_admin_pengguna import ROLES, AdminPengguna as P

FORM = (("username", P.USERNAME), ("full_name", P.FULL_NAME), ("password", P.PASSWORD), ("role", P.ROLE),
        ("opd_code", P.OPD), ("city_wide", P.CITY_WIDE), ("kecamatan_code", P.KECAMATAN),
        ("kelurahan_code", P.KELURAHAN), ("rw", P.RW), ("rt", P.RT))


@callback(Output(P.ROLE, "options"), Output(P.OPD, "options"), Output(P.KECAMATAN, "options"),
          Output(P.KELURAHAN, "options"), Input(P.PAGE, "id"), roles=ROLES)
def set_up(_page):
    require_admin_viewer(ROLES)
    options = admin_desk.choices(current_services())
    return options["roles"], options["opd"], options["kecamatan"], options["kelurahan"]


@callback(Output(P.RESULT, "children"), Output(P.USERS, "data"), Output(P.PICK, "options"),
          Output(P.PASSWORD, "value"), Output(P.NEW_PASSWORD, "value"),
          Input(P.PAGE, "id"), Input(P.CREATE, "n_clicks"), Input(P.UPDATE, "n_clicks"), Input(P.RESET, "n_clicks"),
          Input(P.DISABLE, "n_clicks"), Input(P.ENABLE, "n_clicks"),
          *[State(component, "value") for _name, component in FORM], State(P.PICK, "value"),
          State(P.NEW_PASSWORD, "value"), roles=ROLES)
def act_on_users(_page, _create, _update, _reset, _disable, _enable, *values):
    viewer = require_admin_viewer(ROLES)
    services = current_services()
    form = {name: value for (name, _component), value in zip(FORM, values)}
    picked, new_password = values[len(FORM):]
    outcome = None
    if pressed(P.CREATE):
        outcome = admin_desk.create_user(services, viewer, form)
    elif pressed(P.UPDATE):
        outcome = admin_desk.update_user(services, viewer, picked, form)
    elif pressed(P.RESET):
        outcome = admin_desk.reset_password(services, viewer, picked, new_password)
    elif pressed(P.DISABLE) or pressed(P.ENABLE):
        outcome = admin_desk.set_active(services, viewer, picked, pressed(P.ENABLE))
    rows = admin_desk.users(services)
    options = [{"label": f"{row['username']} ({row['active']})", "value": row["username"]} for row in rows]
    return outcome_view(outcome) if outcome else None, rows, options, "", ""


FILLED = tuple((name, component) for name, component in FORM if name not in ("username", "password"))


@callback(*[Output(component, "value") for _name, component in FILLED],
          Input(P.PICK, "value"), prevent_initial_call=True, roles=ROLES)
def fill_form(username):
    """The picked user's name, role and scope in the form, ready to be changed."""
    require_admin_viewer(ROLES)
    record = admin_desk.user_form(current_services(), username)
    if record is None:
        return [no_update] * len(FILLED)
    record["city_wide"] = ["yes"] if record["city_wide"] else []
    return [record.get(name) for name, _component in FILLED]


# which groups of scope fields each role fills in (core.users.ROLE_SCOPE_FIELDS decides what is kept)
SCOPE_GROUPS = {"opd": (P.SCOPE_OPD,), "camat": (P.SCOPE_KECAMATAN,), "lurah": (P.SCOPE_KELURAHAN,),
                "rt_rw": (P.SCOPE_KELURAHAN, P.SCOPE_RW)}
GROUPS = (P.SCOPE_OPD, P.SCOPE_KECAMATAN, P.SCOPE_KELURAHAN, P.SCOPE_RW)


@callback(*[Output(group, "hidden") for group in GROUPS], Output(P.SCOPE_NOTE, "hidden"), Input(P.ROLE, "value"),
          roles=ROLES)
def show_scope_fields(role):
    """Only the scope fields the chosen role uses; RW is asked of Ketua RT/RW, not of a lurah."""
    require_admin_viewer(ROLES)
    shown = SCOPE_GROUPS.get(role if isinstance(role, str) else "", ())
    return *[group not in shown for group in GROUPS], bool(shown)
