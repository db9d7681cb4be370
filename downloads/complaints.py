"""CSV export of the complaints page (`/unduh/pengaduan.csv`), streamed.

The page's "Unduh CSV" link carries its filters as query parameters (callbacks/pengaduan.py,
`export_href`); they are read here by the same function that reads them in the callbacks.
"""

from __future__ import annotations

from collections.abc import Iterator

from flask import Blueprint, Response, request, stream_with_context

from callbacks._access import require_viewer
from callbacks.pengaduan import all_names, filters_from
from core.services import current_services
from data.complaints import queries
from data.complaints.queries import ComplaintFilters
from layouts.components import complaint_charts as charts
from layouts.components.ids_pengaduan import EXPORT_PATH, ROLES

blueprint = Blueprint("complaint_downloads", __name__)


@blueprint.get(EXPORT_PATH)
def complaints_csv():
    viewer = require_viewer(ROLES)
    services = current_services()
    args = request.args
    filters = filters_from(services, args.get("start"), args.get("end"), args.getlist("opd"),
                           args.getlist("category"), args.getlist("channel"), args.getlist("status"),
                           kecamatan=args.get("kecamatan"))
    lines = csv_chunks(queries.export_chunks(services, viewer, filters), all_names(services))
    response = Response(stream_with_context(lines), mimetype="text/csv")
    response.headers["Content-Disposition"] = f'attachment; filename="{file_name(filters)}"'
    response.headers["Cache-Control"] = "no-store"  # the rows depend on who asks
    return response


def csv_chunks(frames: Iterator, names: dict[str, dict]) -> Iterator[str]:
    """CSV text chunk by chunk: the header with the first chunk, then rows only."""
    for number, rows in enumerate(frames):
        yield charts.export_frame(rows, names).to_csv(index=False, header=number == 0)


def file_name(filters: ComplaintFilters) -> str:
    return f"pengaduan_{filters.start:%Y%m%d}-{filters.end:%Y%m%d}.csv"
