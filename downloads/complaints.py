"""Exports of the complaints page, streamed: CSV (`/unduh/pengaduan.csv`) and XLSX
(`/unduh/pengaduan.xlsx`), both for Excel set to Indonesian (core/spreadsheet.py).

The page's "Unduh CSV" and "Unduh XLSX" links carry its filters as query parameters
(callbacks/pengaduan.py, `export_href`); they are read here by the same function that reads them
in the callbacks.
"""

from __future__ import annotations

from collections.abc import Iterator

from flask import Blueprint, Response, request, stream_with_context

from callbacks._access import require_viewer
from callbacks.pengaduan import all_names, filters_from
from core.services import current_services
from core.spreadsheet import XLSX_MIMETYPE, csv_text, xlsx_stream
from data.complaints import queries
from data.complaints.queries import ComplaintFilters
from layouts.components import complaint_charts as charts
from layouts.components.ids_pengaduan import EXPORT_PATH, EXPORT_XLSX_PATH, ROLES

blueprint = Blueprint("complaint_downloads", __name__)


@blueprint.get(EXPORT_PATH)
def complaints_csv():
    filters, sheets = _sheets()
    return _download(csv_chunks(sheets), "text/csv", file_name(filters, "csv"))


@blueprint.get(EXPORT_XLSX_PATH)
def complaints_xlsx():
    filters, sheets = _sheets()
    return _download(xlsx_stream(sheets, "Pengaduan"), XLSX_MIMETYPE, file_name(filters, "xlsx"))


def _sheets() -> tuple[ComplaintFilters, Iterator]:
    """The request's filters and the selected complaints as sheets, chunk by chunk (read lazily)."""
    viewer = require_viewer(ROLES)
    services = current_services()
    args = request.args
    filters = filters_from(services, args.get("start"), args.get("end"), args.getlist("opd"),
                           args.getlist("category"), args.getlist("channel"), args.getlist("status"),
                           kecamatan=args.get("kecamatan"))
    names = all_names(services)
    return filters, (charts.export_sheet(rows, names) for rows in queries.export_chunks(services, viewer, filters))


def _download(body: Iterator, mimetype: str, name: str) -> Response:
    response = Response(stream_with_context(body), mimetype=mimetype)
    response.headers["Content-Disposition"] = f'attachment; filename="{name}"'
    response.headers["Cache-Control"] = "no-store"  # the rows depend on who asks
    return response


def csv_chunks(sheets: Iterator) -> Iterator[str]:
    """CSV text chunk by chunk: the BOM and header with the first chunk, then rows only."""
    for number, sheet in enumerate(sheets):
        yield csv_text(sheet, header=number == 0)


def file_name(filters: ComplaintFilters, extension: str) -> str:
    return f"pengaduan_{filters.start:%Y%m%d}-{filters.end:%Y%m%d}.{extension}"
