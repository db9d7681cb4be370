"""The proposals' (e-Musrenbang) JSON API at /api/planning.

Staff, by their session (rt_rw, lurah, camat, perencana, opd, pimpinan, admin; the viewer's scope
narrows every read, the service checks role, scope and round of every step):
    POST /api/planning/proposals                    a new proposal (rt_rw): multipart/form-data with
                                                    photos (and the session's CSRF token in the field
                                                    csrf_token or the header X-CSRF-Token), or
                                                    application/json without photos
    GET  /api/planning/proposals                    ?year= &kelurahan= &status= &limit= &offset=
    GET  /api/planning/proposals/{number}           one proposal with its photos and every event
    POST /api/planning/proposals/{number}/verify    the lurah: {note?}
    POST /api/planning/proposals/{number}/decision  the camat (the lurah: rejecting only):
                                                    {accept, reason?, note?}
    POST /api/planning/proposals/priorities         the planning agency: {numbers: [...]} in order
    GET  /api/planning/items                        the proposal dictionary ("kamus usulan")

Anyone, without a login (the public page /usulan/<number> and citizens read these):
    GET  /api/planning/public/proposals/{number}    status, every step with its reason and date, item,
                                                    volume, cost, kelurahan and RW, photo addresses
    GET  /api/planning/public/kelurahan/{code}      the kelurahan's proposals of ?year= (default: this year)
    GET  /api/planning/public/photos/{id}           a proposal's photo
No public answer names anyone (proposer, lurah, camat) or carries a free text that could.

Every refusal is JSON {"error", "message", "field"}: 400 (bad input, naming the field), 401 (no
session), 403 (a role or scope that may not), 404, 409 (a step the lifecycle does not allow, or a
closed round), 413, 415; and nothing is written: the checks run inside the transaction the refusal
rolls back. The blueprint owns all of /api/planning, a public prefix for the login guard
(auth/guard.py), so that a missing session is a JSON 401 rather than the login page: each staff
route checks the session itself.
"""

from __future__ import annotations

import hmac

from flask import Blueprint, Response, jsonify, request, session as web_session
from flask_login import current_user
from sqlalchemy import func, select
from werkzeug.exceptions import RequestEntityTooLarge

from auth.csrf import FIELD as CSRF_FIELD
from core.clock import city_today
from core.reference import Kelurahan
from core.services import current_services
from core.users import Viewer
from modules.planning import access, checks, proposals, reads, workflow
from modules.planning.http.common import (ApiError, api_error_response, db_session, int_arg, invalid,
                                           json_object, only_args, status_of)
from modules.planning.errors import PlanningError
from modules.planning.models import PlanningItem, PlanningProposal, PlanningProposalPhoto

blueprint = Blueprint("planning_api", __name__, url_prefix="/api/planning")
PUBLIC_PREFIXES = ("/api/planning",)

READER_ROLES = access.READER_ROLES
SUBMIT_FIELDS = ("item_code", "volume", "lat", "lon", "address", "title", "description", "rt")
DECISION_FIELDS = ("accept", "reason", "note")
MAX_JSON_BYTES = 256 * 1024  # a city's ranking: some thousands of numbers
MULTIPART_SLACK = 64 * 1024
DEFAULT_LIMIT, MAX_LIMIT, MAX_OFFSET = 50, 500, 1_000_000
MIN_YEAR, MAX_YEAR = 2000, 2100
MAX_PHOTO_ID = 2**63 - 1
CONFLICT_CODES = ("planning_round_closed",)


@blueprint.before_request
def limit_body_size():
    photos = current_services().settings.planning
    limit = (photos.max_photos * photos.max_photo_bytes + MULTIPART_SLACK
             if request.mimetype == "multipart/form-data" else MAX_JSON_BYTES)
    request.max_content_length = limit  # also stops a chunked body that has no length
    if (request.content_length or 0) > limit:
        raise RequestEntityTooLarge()


# === staff ========================================================================================

@blueprint.post("/proposals")
def proposal_new():
    viewer = _staff()
    fields, photos = _submitted_fields()
    services = current_services()
    with services.databases.transaction() as session:
        proposal = proposals.submit_proposal(session, viewer, services.settings, photos=photos, **fields)
        return jsonify(reads.staff_detail(session, proposal)), 201


@blueprint.get("/proposals")
def proposal_list():
    viewer = _staff()
    only_args(("year", "kelurahan", "status", "limit", "offset"))
    year = int_arg("year", MIN_YEAR, MAX_YEAR)
    status = _choice_arg("status", workflow.STATUSES)
    limit, offset = int_arg("limit", 1, MAX_LIMIT, DEFAULT_LIMIT), int_arg("offset", 0, MAX_OFFSET, 0)
    with db_session() as session:
        kelurahan = _choice_arg("kelurahan", list(session.scalars(select(Kelurahan.code))))
        conditions = [access.readable(viewer)] + [
            column == value for column, value in ((PlanningProposal.year, year), (PlanningProposal.status, status),
                                                  (PlanningProposal.kelurahan_code, kelurahan)) if value is not None]
        total = session.scalar(select(func.count()).select_from(PlanningProposal).where(*conditions))
        rows = session.execute(select(PlanningProposal, PlanningItem).join(PlanningItem).where(*conditions)
                               .order_by(PlanningProposal.year.desc(), PlanningProposal.number)
                               .limit(limit).offset(offset)).all()
        found = [reads.summary(proposal, item) for proposal, item in rows]
    return jsonify(total=total, limit=limit, offset=offset, proposals=found)


@blueprint.get("/proposals/<number>")
def proposal_one(number: str):
    viewer = _staff()
    with db_session() as session:
        proposal = checks.proposal_by_number(session, number, lock=False)
        access.require_in_scope(viewer, proposal)
        return jsonify(reads.staff_detail(session, proposal))


@blueprint.post("/proposals/<number>/verify")
def proposal_verify(number: str):
    viewer = _staff()
    data = json_object(("note",))
    return _decided(lambda session, settings: proposals.verify(session, viewer, settings, number,
                                                               note=_text(data, "note")))


@blueprint.post("/proposals/<number>/decision")
def proposal_decision(number: str):
    viewer = _staff()
    data = json_object(DECISION_FIELDS)
    if "accept" not in data:
        raise invalid("accept", "required: true to accept, false to reject (with a reason)")
    return _decided(lambda session, settings: proposals.decide(session, viewer, settings, number, data["accept"],
                                                               reason=data.get("reason"), note=_text(data, "note")))


@blueprint.post("/proposals/priorities")
def proposal_priorities():
    viewer = _staff()
    data = json_object(("numbers",))
    services = current_services()
    with services.databases.transaction() as session:
        ranked = proposals.prioritise(session, viewer, services.settings, data.get("numbers"))
        return jsonify(year=int(ranked[0].year),
                       proposals=[dict(number=p.number, priority=int(p.priority)) for p in ranked])


@blueprint.get("/items")
def item_list():
    _staff()
    with db_session() as session:
        return jsonify(items=reads.items(session))


# === anyone =======================================================================================

@blueprint.get("/public/proposals/<number>")
def public_proposal(number: str):
    with db_session() as session:
        proposal = checks.proposal_by_number(session, number, lock=False)
        return _public(reads.public_detail(session, proposal))


@blueprint.get("/public/kelurahan/<code>")
def public_kelurahan(code: str):
    only_args(("year",))
    year = int_arg("year", MIN_YEAR, MAX_YEAR, city_today().year)
    with db_session() as session:
        kelurahan = session.get(Kelurahan, code)
        if kelurahan is None:
            raise ApiError(404, "not_found", f"code: no kelurahan {code!r}", "code")
        rows = session.scalars(select(PlanningProposal).where(PlanningProposal.kelurahan_code == code,
                                                              PlanningProposal.year == year)
                               .order_by(PlanningProposal.number))
        found = [reads.public_summary(session, proposal) for proposal in rows]
        return _public(dict(kelurahan=dict(code=kelurahan.code, name=kelurahan.name), year=year,
                            total=len(found), proposals=found))


@blueprint.get("/public/photos/<int:photo_id>")
def public_photo(photo_id: int):
    with db_session() as session:
        photo = session.get(PlanningProposalPhoto, photo_id) if photo_id <= MAX_PHOTO_ID else None
        if photo is None:
            raise ApiError(404, "not_found", f"photo_id: no photo {photo_id}", "photo_id")
        response = Response(photo.data, mimetype=photo.content_type)
    response.headers["Cache-Control"] = "public, max-age=3600"
    response.headers["Content-Disposition"] = "inline"  # no file name: it may name someone
    response.headers["X-Content-Type-Options"] = "nosniff"
    return response


@blueprint.route("/", defaults={"rest": ""}, methods=["GET", "POST", "PUT", "PATCH", "DELETE"])
@blueprint.route("/<path:rest>", methods=["GET", "POST", "PUT", "PATCH", "DELETE"])
def unknown_endpoint(rest: str):
    """Everything else under the public prefix (which would otherwise reach the Dash page route)."""
    raise ApiError(404, "not_found", f"no endpoint {request.method} {request.path}")


# === who is asking, and what he sent ==============================================================

def _staff() -> Viewer:
    """The logged-in staff member (his Viewer carries his scope); JSON 401/403 otherwise."""
    if not current_user.is_authenticated:
        raise ApiError(401, "unauthorised", "log in first: this endpoint needs a staff session")
    if current_user.role not in READER_ROLES:
        raise ApiError(403, "forbidden", f"the {current_user.role} role has no access to proposals "
                                         f"(roles: {', '.join(READER_ROLES)})")
    return current_user.viewer


def _decided(step):
    services = current_services()
    with services.databases.transaction() as session:
        proposal = step(session, services.settings)
        return jsonify(reads.staff_detail(session, proposal))


def _submitted_fields() -> tuple[dict, list[tuple[str, bytes]]]:
    """The new proposal's fields and photos: a multipart form (with the CSRF token) or JSON."""
    if request.mimetype != "multipart/form-data":
        data = json_object(SUBMIT_FIELDS)
        return {name: data.get(name) for name in SUBMIT_FIELDS}, []
    _check_csrf()
    form = request.form
    unknown = sorted(set(form) - set(SUBMIT_FIELDS) - {CSRF_FIELD})
    if unknown or set(request.files) - {"photos"}:
        raise invalid((unknown or sorted(set(request.files) - {"photos"}))[0],
                      f"not a field of this request (fields: {', '.join(SUBMIT_FIELDS)}, photos)")
    fields = {name: form.get(name) for name in ("item_code", "address", "title", "description")}
    fields |= {name: _form_number(form, name, float) for name in ("volume", "lat", "lon")}
    fields["rt"] = _form_number(form, "rt", int)
    photos = [(upload.filename, upload.read()) for upload in request.files.getlist("photos") if upload.filename]
    return fields, photos


def _check_csrf() -> None:
    """A session's form post carries the session's CSRF token (a cross-site form cannot know it)."""
    sent = request.form.get(CSRF_FIELD) or request.headers.get("X-CSRF-Token") or ""
    expected = web_session.get(CSRF_FIELD, "")
    if not expected or not hmac.compare_digest(sent, expected):
        raise invalid(CSRF_FIELD, "missing or wrong; send the session's token in the form or as X-CSRF-Token")


def _form_number(form, name: str, kind):
    value = (form.get(name) or "").strip()
    if not value:
        return None
    try:
        return kind(value)
    except ValueError:
        raise invalid(name, f"not a {'whole ' if kind is int else ''}number: {value[:40]!r}") from None


def _text(data: dict, name: str) -> str:
    value = data.get(name)
    if value is not None and not isinstance(value, str):
        raise invalid(name, "must be a string")
    return value or ""


def _choice_arg(name: str, choices) -> str | None:
    value = request.args.get(name)
    if value is None or value == "":
        return None
    if value not in choices:
        shown = ", ".join(list(choices)[:12]) + (" ..." if len(choices) > 12 else "")
        raise invalid(name, f"{value[:40]!r} is not one of: {shown}")
    return value


def _public(body: dict):
    response = jsonify(body)
    response.headers["Cache-Control"] = "public, max-age=60"
    return response


# === errors as JSON ================================================================================

@blueprint.errorhandler(ApiError)
def api_error(error: ApiError):
    return api_error_response(error)


@blueprint.errorhandler(PlanningError)
def service_refusal(error: PlanningError):
    """The service's refusal: its code, its field and its English sentence."""
    status = status_of(error)
    if error.code in CONFLICT_CODES:
        status = 409
    return jsonify(error=error.code, message=str(error), field=error.field), status


@blueprint.errorhandler(RequestEntityTooLarge)
def too_large(_error):
    return jsonify(error="too_large", message=f"body: larger than {request.max_content_length:,} bytes",
                   field="body"), 413
