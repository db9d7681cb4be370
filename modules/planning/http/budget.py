"""The plan's, budget's and realisation's JSON API under /api/planning (staff, by their session).

    GET   /api/planning/plan-items                      ?year= &opd= &limit= &offset=
    POST  /api/planning/plan-items                      a plan item (perencana)
    GET   /api/planning/plan-items/{id}                 one, with its physical progress (roll-up) and works
    PATCH /api/planning/plan-items/{id}                 indicator, target, indicative ceiling (perencana)
    POST  /api/planning/plan-items/{id}/proposals       {proposal_number}: the proposal planned (perencana)
    GET   /api/planning/budget/versions                 ?year=
    POST  /api/planning/budget/versions                 {year, version, adopted_on?} (perencana)
    GET   /api/planning/budget/versions/{id}/lines      ?opd= &limit= &offset=, with what each line paid
    POST  /api/planning/budget/versions/{id}/lines      the SIPD-shaped file, text/csv or XLSX (perencana):
                                                        all rows or none, every bad field of every row
    GET   /api/planning/budget/versions/{id}/export     the version as XLSX (imports back identically)
    GET   /api/planning/budget/lines/{id}/payments      a line's payments
    POST  /api/planning/budget/lines/{id}/payments      {paid_on, amount_rupiah, reference} (the line's OPD)
    GET   /api/planning/works                           ?year= &plan_item= &status= &limit= &offset=
    POST  /api/planning/works                           a work of the plan item's OPD
    GET   /api/planning/works/{number}                  one, with its progress reports
    POST  /api/planning/works/{number}/contract         {contract_value_rupiah, contracted_on, line_id?}
    POST  /api/planning/works/{number}/progress         {percent, reported_on, note?, photo?, photo_filename?}
    POST  /api/planning/works/{number}/built            {}
    POST  /api/planning/works/{number}/proposals        {proposal_numbers}

Reads go through the viewer's scope (core.scope): city-wide roles read everything, an OPD its own
plan items, lines, payments and works, a camat or lurah the works in his area. Every refusal is
JSON {"error", "message", "field"} with 400 (bad input; an import adds `errors`, one per bad field
of every row), 401, 403, 404, 409 (a step the lifecycle does not allow), 413 or 415, and nothing
is written: the service checks inside the transaction the refusal rolls back. Bodies are JSON, CSV
or XLSX, types a cross-site form cannot send (no CSRF token needed). The prefixes of this module
are public to the login guard so a missing session answers JSON 401, not a login page.
"""

from __future__ import annotations

import base64
import binascii
from datetime import datetime

from flask import Blueprint, Response, jsonify, request
from flask_login import current_user
from sqlalchemy import func, select
from werkzeug.exceptions import RequestEntityTooLarge

from core.clock import CITY_ZONE, as_utc, utc_now
from core.messages import ENGLISH
from core.reference import Kelurahan
from core.services import current_services
from core.users import Viewer
from modules.planning import budget, plan, realisation, works
from modules.planning.budget_models import (WORK_STATUSES, PlanningBudgetLine, PlanningBudgetVersion, PlanningPayment,
                                            PlanningPlanItem, PlanningProgressReport, PlanningWork)
from modules.planning.http.common import (ApiError, api_error_response, db_session, db_transaction, int_arg,
                                           invalid, json_object, only_args, status_of)
from modules.planning.errors import (PlanningError, PlanningImportError)
from modules.planning.models import PlanningProposal

PREFIX = "/api/planning"
blueprint = Blueprint("planning_budget_api", __name__, url_prefix=PREFIX)
PUBLIC_PREFIXES = (f"{PREFIX}/plan-items", f"{PREFIX}/budget", f"{PREFIX}/works")

CITY_READERS = ("admin", "pimpinan", "operator", "perencana")
READER_ROLES = (*CITY_READERS, "opd")                 # the plan, the budget, payments
WORK_READER_ROLES = (*READER_ROLES, "camat", "lurah")  # works have a place
PLANNER_ROLES = plan.PLANNER_ROLES
OPD_ROLES = (plan.OPD_ROLE,)
SCOPE_COLUMNS = {"opd": "opd_code"}
WORK_SCOPE_COLUMNS = {"opd": "opd_code", "kelurahan": "kelurahan_code"}
CSV_TYPE = "text/csv"
XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
IMPORT_TYPES = {CSV_TYPE: budget.CSV, XLSX_TYPE: budget.XLSX}
MAX_JSON_BYTES = 8 * 1024 * 1024       # at least; a progress report's photo in base64 may need more
MAX_IMPORT_BYTES = 32 * 1024 * 1024    # a city's DPA of tens of thousands of lines
DEFAULT_LIMIT, MAX_LIMIT, MAX_OFFSET = 100, 1000, 1_000_000
PLAN_ITEM_BODY = ("year", "opd_code", "sub_kegiatan_code", "indicator", "target_value", "target_unit",
                  "indicative_ceiling_rupiah")
VERSION_BODY = ("year", "version", "adopted_on")
PAYMENT_BODY = ("paid_on", "amount_rupiah", "reference")
WORK_BODY = ("plan_item_id", "name", "line_id", "kelurahan_code", "lat", "lon", "proposal_numbers")
CONTRACT_BODY = ("contract_value_rupiah", "contracted_on", "line_id")
PROGRESS_BODY = ("percent", "reported_on", "note", "photo", "photo_filename")


@blueprint.before_request
def limit_body_size():
    limit = _body_limit()
    request.max_content_length = limit  # also stops a chunked body that has no length
    if (request.content_length or 0) > limit:
        raise RequestEntityTooLarge()


def _body_limit() -> int:
    """An import's file, or a JSON body that may carry the largest photo the settings allow in base64."""
    if request.path.endswith("/lines"):
        return MAX_IMPORT_BYTES
    return max(MAX_JSON_BYTES, current_services().settings.planning.max_photo_bytes * 4 // 3 + 64 * 1024)


# === the plan ======================================================================================

@blueprint.get("/plan-items")
def plan_item_list():
    viewer = _viewer(READER_ROLES)
    only_args(("year", "opd", "limit", "offset"))
    query = select(PlanningPlanItem).where(*_scoped(viewer, PlanningPlanItem))
    query = _filtered(query, PlanningPlanItem.year, _year_arg())
    query = _filtered(query, PlanningPlanItem.opd_code, request.args.get("opd") or None)
    with db_session() as session:
        total, rows = _page(session, query.order_by(PlanningPlanItem.year, PlanningPlanItem.opd_code,
                                                    PlanningPlanItem.sub_kegiatan_code))
        return jsonify(total=total, plan_items=[plan_item_record(row) for row in rows])


@blueprint.post("/plan-items")
def plan_item_create():
    actor = _viewer(PLANNER_ROLES)
    body = json_object(PLAN_ITEM_BODY)
    with db_transaction() as session:
        item = plan.create_plan_item(session, actor, **{key: body.get(key) for key in PLAN_ITEM_BODY}, now=utc_now())
        return jsonify(plan_item_record(item)), 201


@blueprint.get("/plan-items/<int:plan_item_id>")
def plan_item_one(plan_item_id: int):
    viewer = _viewer(READER_ROLES)
    only_args(())
    with db_session() as session:
        item = _readable(viewer, plan.plan_item_by_id(session, plan_item_id), SCOPE_COLUMNS)
        found = session.scalars(select(PlanningWork).where(PlanningWork.plan_item_id == item.id)
                                .order_by(PlanningWork.number)).all()
        proposals = session.scalars(select(PlanningProposal.number).where(PlanningProposal.plan_item_id == item.id)
                                    .order_by(PlanningProposal.number)).all()
        return jsonify(plan_item_record(item) | {
            "progress_percent": works.plan_item_progress(session, item.id),
            "works": [work_record(work) | {"weight_rupiah": works.work_weight(session, work)} for work in found],
            "proposal_numbers": list(proposals)})


@blueprint.patch("/plan-items/<int:plan_item_id>")
def plan_item_update(plan_item_id: int):
    actor = _viewer(PLANNER_ROLES)
    body = json_object(plan.PLAN_ITEM_FIELDS)
    with db_transaction() as session:
        return jsonify(plan_item_record(plan.update_plan_item(session, actor, plan_item_id, body, utc_now())))


@blueprint.post("/plan-items/<int:plan_item_id>/proposals")
def plan_item_link(plan_item_id: int):
    actor = _viewer(PLANNER_ROLES)
    body = json_object(("proposal_number",), required=("proposal_number",))
    with db_transaction() as session:
        proposal = plan.link_to_plan(session, actor, body["proposal_number"], plan_item_id, utc_now())
        return jsonify(number=proposal.number, status=proposal.status, plan_item_id=proposal.plan_item_id)


# === the budget =====================================================================================

@blueprint.get("/budget/versions")
def version_list():
    _viewer(READER_ROLES)
    only_args(("year",))
    query = _filtered(select(PlanningBudgetVersion), PlanningBudgetVersion.year, _year_arg())
    with db_session() as session:
        rows = session.scalars(query.order_by(PlanningBudgetVersion.year, PlanningBudgetVersion.id)).all()
        return jsonify(total=len(rows), versions=[version_record(row) for row in rows])


@blueprint.post("/budget/versions")
def version_create():
    actor = _viewer(PLANNER_ROLES)
    body = json_object(VERSION_BODY, required=("year", "version"))
    adopted_on = plan.checked_date("adopted_on", body["adopted_on"]) if body.get("adopted_on") is not None else None
    with db_transaction() as session:
        created = budget.create_version(session, actor, year=body["year"], version=body["version"],
                                        adopted_on=adopted_on, now=utc_now())
        return jsonify(version_record(created)), 201


@blueprint.get("/budget/versions/<int:version_id>/lines")
def line_list(version_id: int):
    viewer = _viewer(READER_ROLES)
    only_args(("opd", "limit", "offset"))
    with db_session() as session:
        version = budget.version_by_id(session, version_id)
        paid = (select(PlanningPayment.line_id, func.sum(PlanningPayment.amount_rupiah).label("paid"))
                .group_by(PlanningPayment.line_id).subquery())
        query = (select(PlanningBudgetLine, func.coalesce(paid.c.paid, 0))
                 .outerjoin(paid, paid.c.line_id == PlanningBudgetLine.id)
                 .where(PlanningBudgetLine.version_id == version.id, *_scoped(viewer, PlanningBudgetLine)))
        query = _filtered(query, PlanningBudgetLine.opd_code, request.args.get("opd") or None)
        total, rows = _page(session, query.order_by(PlanningBudgetLine.opd_code, PlanningBudgetLine.sub_kegiatan_code,
                                                    PlanningBudgetLine.account_code), scalars=False)
        return jsonify(total=total, version=version_record(version),
                       lines=[line_record(line) | {"paid_rupiah": int(paid_sum)} for line, paid_sum in rows])


@blueprint.post("/budget/versions/<int:version_id>/lines")
def line_import(version_id: int):
    actor = _viewer(PLANNER_ROLES)
    kind = IMPORT_TYPES.get(request.mimetype)
    if kind is None:
        raise ApiError(415, "unsupported_media_type", f"Content-Type: send the file as {CSV_TYPE} or {XLSX_TYPE}",
                       "Content-Type")
    with db_transaction() as session:
        count = budget.import_lines(session, actor, version_id, request.get_data(cache=False), kind)
        return jsonify(version_id=version_id, imported=count), 201


@blueprint.get("/budget/versions/<int:version_id>/export")
def version_export(version_id: int):
    viewer = _viewer(READER_ROLES)
    only_args(())
    with db_session() as session:
        version = budget.version_by_id(session, version_id)
        data = budget.export_xlsx(session, version, None if viewer.scope.is_city else viewer.opd_code)
    name = f"apbd-{version.year}-{version.version}.xlsx"
    return Response(data, content_type=XLSX_TYPE, headers={"Content-Disposition": f'attachment; filename="{name}"'})


@blueprint.get("/budget/lines/<int:line_id>/payments")
def payment_list(line_id: int):
    viewer = _viewer(READER_ROLES)
    only_args(())
    with db_session() as session:
        line = _readable(viewer, budget.line_by_id(session, line_id), SCOPE_COLUMNS)
        rows = session.scalars(select(PlanningPayment).where(PlanningPayment.line_id == line.id)
                               .order_by(PlanningPayment.paid_on, PlanningPayment.id)).all()
        return jsonify(line=line_record(line) | {"paid_rupiah": sum(int(row.amount_rupiah) for row in rows)},
                       payments=[payment_record(row) for row in rows])


@blueprint.post("/budget/lines/<int:line_id>/payments")
def payment_create(line_id: int):
    actor = _viewer(OPD_ROLES)
    body = json_object(PAYMENT_BODY)
    with db_transaction() as session:
        payment = realisation.record_payment(session, actor, line_id, now=utc_now(),
                                             **{key: body.get(key) for key in PAYMENT_BODY})
        return jsonify(payment_record(payment)), 201


# === works ==========================================================================================

@blueprint.get("/works")
def work_list():
    viewer = _viewer(WORK_READER_ROLES)
    only_args(("year", "plan_item", "status", "limit", "offset"))
    status = request.args.get("status") or None
    if status is not None and status not in WORK_STATUSES:
        raise invalid("status", f"{status!r} is not one of {', '.join(WORK_STATUSES)}")
    query = select(PlanningWork).where(*_work_scope(viewer))
    query = _filtered(query, PlanningWork.year, _year_arg())
    query = _filtered(query, PlanningWork.plan_item_id, int_arg("plan_item", 1, 2**53))
    query = _filtered(query, PlanningWork.status, status)
    with db_session() as session:
        total, rows = _page(session, query.order_by(PlanningWork.number))
        return jsonify(total=total, works=[work_record(row) for row in rows])


@blueprint.post("/works")
def work_create():
    actor = _viewer(OPD_ROLES)
    body = json_object(WORK_BODY, required=("plan_item_id", "name"))
    with db_transaction() as session:
        work = works.create_work(session, actor, **{key: body.get(key) for key in WORK_BODY if key in body},
                                 now=utc_now())
        return jsonify(work_record(work)), 201


@blueprint.get("/works/<number>")
def work_one(number: str):
    viewer = _viewer(WORK_READER_ROLES)
    only_args(())
    with db_session() as session:
        work = works.work_by_number(session, number)
        if not session.scalar(select(func.count()).select_from(PlanningWork)
                              .where(PlanningWork.id == work.id, *_work_scope(viewer))):
            raise ApiError(404, "not_found", f"number: no work {number!r} in your scope", "number")
        reports = session.scalars(select(PlanningProgressReport).where(PlanningProgressReport.work_id == work.id)
                                  .order_by(PlanningProgressReport.reported_on, PlanningProgressReport.id)).all()
        proposals = session.scalars(select(PlanningProposal.number).where(PlanningProposal.work_id == work.id)
                                    .order_by(PlanningProposal.number)).all()
        return jsonify(work_record(work) | {"reports": [report_record(each) for each in reports],
                                            "proposal_numbers": list(proposals)})


@blueprint.post("/works/<number>/contract")
def work_contract(number: str):
    actor = _viewer(OPD_ROLES)
    body = json_object(CONTRACT_BODY, required=("contract_value_rupiah", "contracted_on"))
    with db_transaction() as session:
        work = works.contract_work(session, actor, number, now=utc_now(),
                                   **{key: body.get(key) for key in CONTRACT_BODY})
        return jsonify(work_record(work))


@blueprint.post("/works/<number>/progress")
def work_progress(number: str):
    actor = _viewer(OPD_ROLES)
    body = json_object(PROGRESS_BODY, required=("percent", "reported_on"))
    photo = _photo_bytes(body.get("photo"))
    services = current_services()
    with services.databases.transaction() as session:
        report = works.report_progress(session, actor, number, percent=body["percent"],
                                       reported_on=body["reported_on"], note=body.get("note") or "", photo=photo,
                                       photo_filename=body.get("photo_filename"),
                                       max_photo_bytes=services.settings.planning.max_photo_bytes, now=utc_now())
        return jsonify(report_record(report) | {"work": work_record(works.work_by_number(session, number))}), 201


@blueprint.post("/works/<number>/built")
def work_built(number: str):
    actor = _viewer(OPD_ROLES)
    json_object(())
    with db_transaction() as session:
        return jsonify(work_record(works.complete_work(session, actor, number, utc_now())))


@blueprint.post("/works/<number>/proposals")
def work_proposals(number: str):
    actor = _viewer(OPD_ROLES)
    body = json_object(("proposal_numbers",), required=("proposal_numbers",))
    with db_transaction() as session:
        work = works.attach_proposals(session, actor, number, body["proposal_numbers"], utc_now())
        return jsonify(work_record(work))


# === everything else under the module's prefixes ====================================================

ANY_METHOD = ["GET", "POST", "PUT", "PATCH", "DELETE"]


@blueprint.route("/plan-items/<path:rest>", methods=ANY_METHOD)
@blueprint.route("/budget", defaults={"rest": ""}, methods=ANY_METHOD)
@blueprint.route("/budget/<path:rest>", methods=ANY_METHOD)
@blueprint.route("/works/<path:rest>", methods=ANY_METHOD)
def unknown_endpoint(rest: str):
    """Other paths under the public prefixes, which would otherwise reach the Dash page route."""
    raise ApiError(404, "not_found", f"no endpoint {request.method} {request.path}")


# === records ========================================================================================

def plan_item_record(item: PlanningPlanItem) -> dict:
    return {"id": item.id, "year": item.year, "opd_code": item.opd_code, "sub_kegiatan_code": item.sub_kegiatan_code,
            "indicator": item.indicator, "target_value": item.target_value, "target_unit": item.target_unit,
            "indicative_ceiling_rupiah": int(item.indicative_ceiling_rupiah), "updated_at": _iso(item.updated_at)}


def version_record(version: PlanningBudgetVersion) -> dict:
    return {"id": version.id, "year": version.year, "version": version.version, "is_current": version.is_current,
            "adopted_on": _day(version.adopted_on)}


def line_record(line: PlanningBudgetLine) -> dict:
    return {"id": line.id, "version_id": line.version_id, "opd_code": line.opd_code,
            "sub_kegiatan_code": line.sub_kegiatan_code, "account_code": line.account_code,
            "account_name": line.account_name, "ceiling_rupiah": int(line.ceiling_rupiah)}


def payment_record(payment: PlanningPayment) -> dict:
    return {"id": payment.id, "line_id": payment.line_id, "paid_on": _day(payment.paid_on),
            "amount_rupiah": int(payment.amount_rupiah), "reference": payment.reference}


def work_record(work: PlanningWork) -> dict:
    return {"number": work.number, "year": work.year, "opd_code": work.opd_code, "plan_item_id": work.plan_item_id,
            "line_id": work.line_id, "name": work.name, "kelurahan_code": work.kelurahan_code, "lat": work.lat,
            "lon": work.lon, "contract_value_rupiah": work.contract_value_rupiah,
            "contracted_on": _day(work.contracted_on), "status": work.status,
            "progress_percent": float(work.progress_percent), "updated_at": _iso(work.updated_at)}


def report_record(report: PlanningProgressReport) -> dict:
    return {"id": report.id, "reported_on": _day(report.reported_on), "percent": report.percent,
            "note": report.note, "has_photo": report.photo_data is not None,
            "photo_content_type": report.photo_content_type}


def _iso(moment: datetime | None) -> str | None:
    return as_utc(moment).astimezone(CITY_ZONE).isoformat(timespec="seconds") if moment else None


def _day(day) -> str | None:
    return day.isoformat() if day is not None else None


# === who is asking, what he sent ====================================================================

def _viewer(roles: tuple[str, ...]) -> Viewer:
    if not current_user.is_authenticated:
        raise ApiError(401, "unauthorised", "log in first: this endpoint reads with a staff session")
    if current_user.role not in roles:
        raise ApiError(403, "forbidden", f"role: the {current_user.role} role may not use {request.method} "
                                         f"{request.path} (roles: {', '.join(roles)})", "role")
    return current_user.viewer


def _scoped(viewer: Viewer, model) -> list:
    return viewer.scope.conditions(model.__table__, SCOPE_COLUMNS)


def _work_scope(viewer: Viewer) -> list:
    """Works in the viewer's scope; a camat's through the kelurahan of his kecamatan."""
    if viewer.scope.kind == "kecamatan":
        return [PlanningWork.kelurahan_code.in_(select(Kelurahan.code)
                                                .where(Kelurahan.kecamatan_code == viewer.scope.codes[0]))]
    return viewer.scope.conditions(PlanningWork.__table__, WORK_SCOPE_COLUMNS)


def _readable(viewer: Viewer, row, columns: dict):
    """The row, or a 404 as if it did not exist when it is outside the viewer's scope."""
    if not viewer.scope.allows(row, columns):
        raise ApiError(404, "not_found", "no such record in your scope")
    return row


def _filtered(query, column, value):
    return query if value is None else query.where(column == value)


def _page(session, query, scalars: bool = True):
    limit, offset = int_arg("limit", 1, MAX_LIMIT) or DEFAULT_LIMIT, int_arg("offset", 0, MAX_OFFSET) or 0
    total = session.scalar(select(func.count()).select_from(query.order_by(None).subquery()))
    paged = query.limit(limit).offset(offset)
    return total, (session.scalars(paged).all() if scalars else session.execute(paged).all())


def _year_arg() -> int | None:
    return int_arg("year", plan.FIRST_YEAR, plan.LAST_YEAR)


def _photo_bytes(value) -> bytes | None:
    if value is None:
        return None
    if not isinstance(value, str):
        raise invalid("photo", "must be the image's bytes in base64")
    try:
        return base64.b64decode(value, validate=True)
    except (binascii.Error, ValueError):
        raise invalid("photo", "must be the image's bytes in base64") from None


# === errors as JSON ================================================================================

@blueprint.errorhandler(ApiError)
def api_error(error: ApiError):
    return api_error_response(error)


@blueprint.errorhandler(PlanningError)
def service_refusal(error: PlanningError):
    """The service's refusal: its code, its field and its English sentence; an import refused as a
    whole lists every bad field of every row (`errors`)."""
    status = status_of(error)
    body = {"error": error.code, "message": str(error).split("\n")[0], "field": error.field}
    if isinstance(error, PlanningImportError):
        body["errors"] = [{"row": each.row, "field": each.field, "code": each.code, "message": each.text(ENGLISH)}
                          for each in error.errors]
    return jsonify(body), status


@blueprint.errorhandler(RequestEntityTooLarge)
def too_large(_error):
    return jsonify(error="too_large", message=f"body: larger than {_body_limit():,} bytes", field="body"), 413
