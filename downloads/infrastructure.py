"""The vendor SLA report of the Infrastruktur page as XLSX (`/unduh/infrastruktur-sla.xlsx`), one row
per device under contract over the period the page's link carries (`start`, `end`), for Excel set
to Indonesian (core/spreadsheet.py). Checked as the page is: its roles, and the viewer's scope
applied by data/."""

from __future__ import annotations

from flask import Blueprint, Response, request

from callbacks._access import require_viewer
from callbacks.infrastruktur import filters_from
from core.services import current_services
from core.spreadsheet import XLSX_MIMETYPE, xlsx_stream
from data.infrastructure import queries
from layouts.components import infra_builders as builders
from layouts.components.ids_infrastruktur import ROLES, SLA_XLSX_PATH

blueprint = Blueprint("infrastructure_downloads", __name__)


@blueprint.get(SLA_XLSX_PATH)
def sla_xlsx():
    viewer = require_viewer(ROLES)
    filters = filters_from(request.args.get("start"), request.args.get("end"))
    report = queries.sla_report(current_services(), viewer, filters)
    response = Response(xlsx_stream([builders.sla_sheet(report)], "SLA vendor"), mimetype=XLSX_MIMETYPE)
    name = f"sla_infrastruktur_{filters.start:%Y%m%d}-{filters.end:%Y%m%d}.xlsx"
    response.headers["Content-Disposition"] = f'attachment; filename="{name}"'
    response.headers["Cache-Control"] = "no-store"  # the rows depend on who asks
    return response
