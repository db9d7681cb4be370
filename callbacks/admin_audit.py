"""Admin audit: the filtered list, read again when a filter changes or on reload."""

from dash import Input, Output

from callbacks._admin import require_admin_viewer
from callbacks._input import day_or_none
from callbacks._register import callback
from core.messages import ADMIN_OBJECT_NAMES
from core.services import current_services
from data import admin_desk
from layouts.components.ids_admin_audit import ROLES, AdminAudit as A


@callback(Output(A.LIST, "data"), Output(A.NOTE, "children"), Output(A.ACTOR, "options"),
          Input(A.PAGE, "id"), Input(A.REFRESH, "n_clicks"), Input(A.ACTOR, "value"), Input(A.OBJECT_TYPE, "value"),
          Input(A.DAYS, "start_date"), Input(A.DAYS, "end_date"), roles=ROLES)
def show_audit(_page, _refresh, actor, object_type, start, end):
    require_admin_viewer(ROLES)
    services = current_services()
    actor = actor if isinstance(actor, str) else None
    object_type = object_type if object_type in ADMIN_OBJECT_NAMES else None
    rows = admin_desk.audit(services, actor, object_type, day_or_none(start, "start_date"), day_or_none(end, "end_date"))
    note = f"{len(rows)} perubahan, terbaru di atas." if rows else "Tidak ada perubahan yang cocok dengan saringan."
    return rows, note, admin_desk.audit_actors(services)
