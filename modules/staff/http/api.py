"""The staff registry's JSON API at /api/staff: people, their OPD, unit, position and supervisor,
the Pantau user each signs in as, and the registry's import.

Staff sessions (access.py decides who reads whom; the service checks every write again):
    GET   /api/staff                 the people the viewer may read: ?opd= &unit= &active= &q= (a part of
                                     the name) &limit= &offset=; with the total
    GET   /api/staff/me              the viewer's own record and his direct reports
    GET   /api/staff/{id}            one person (himself, someone below him, his OPD's, or a city-wide scope)
    POST  /api/staff                 the admin: {nip?, name, opd_code, unit, position, supervisor_id?, active?}
    PATCH /api/staff/{id}            the admin: any of {name, unit, position, opd_code, supervisor_id, active,
                                     username} (username: a user to link; null unlinks)
    POST  /api/staff/import          the admin: the registry's CSV (importing.py) as text/csv, or the
                                     multipart file `file` with the CSRF token

JSON bodies must be application/json (a cross-site form cannot send it without a CORS preflight);
the multipart import carries the session's CSRF token. Every refusal is JSON {"error", "message",
"field"}: 400 (bad input, naming the field), 401 (no session), 403 (not the admin, a record outside
the viewer's scope, a wall display), 404, 409 (a NIP or a user taken), 413, 415, and 422 for a
refused import, whose `errors` lists {row, field, code, message} for every bad field of every row.
Nothing is written on a refusal: the service runs inside the transaction the refusal rolls back.
The blueprint owns all of /api/staff, a public prefix for the login guard (auth/guard.py), so a
missing session is a JSON 401 rather than the login page: each route checks the session itself.
"""

from __future__ import annotations

from flask import Blueprint, jsonify, request
from flask_login import current_user
from werkzeug.exceptions import RequestEntityTooLarge

from auth.csrf import FIELD as CSRF_FIELD
from core.messages import ENGLISH
from core.services import current_services
from core.users import Viewer
from modules.staff import access, reads, service
from modules.staff.checks import MAX_TEXT
from modules.staff.errors import StaffAccessDenied, StaffConflict, StaffError, StaffImportError, StaffNotFound
from modules.staff.http.common import (ApiError, api_error_response, check_csrf, flag_arg, int_arg, invalid,
                                       json_object, only_args, text_arg, utf8_text)
from modules.staff.importing import import_staff

blueprint = Blueprint("staff_api", __name__, url_prefix="/api/staff")
PUBLIC_PREFIXES = ("/api/staff",)

NEW_FIELDS = service.NEW_FIELDS
CHANGE_FIELDS = (*service.EDITABLE, "username")
TEXT_FIELDS = ("nip", "name", "opd_code", "unit", "position", "username")
LIST_ARGS = ("opd", "unit", "active", "q", "limit", "offset")
IMPORT_PATH = "/api/staff/import"
CSV_TYPE = "text/csv"
MAX_JSON_BYTES = 64 * 1024          # a person is under 1 kB
MAX_CSV_BYTES = 16 * 1024 * 1024    # the city's 20,000 staff are about 2.5 MB
MULTIPART_SLACK = 64 * 1024
DEFAULT_LIMIT, MAX_LIMIT, MAX_OFFSET = 50, reads.MAX_LIMIT, 1_000_000
ERROR_STATUS = ((StaffNotFound, 404), (StaffAccessDenied, 403), (StaffConflict, 409), (StaffImportError, 422))


@blueprint.before_request
def limit_body_size():
    limit = _body_limit()
    request.max_content_length = limit  # also stops a chunked body that has no length
    if (request.content_length or 0) > limit:
        raise RequestEntityTooLarge()


@blueprint.after_request
def never_cached(response):
    """Answers name people: no browser or proxy keeps them."""
    response.headers["Cache-Control"] = "no-store"
    return response


# === reading ======================================================================================

@blueprint.get("")
def staff_list():
    viewer = _reader()
    only_args(LIST_ARGS)
    where = reads.StaffFilter(opd_code=text_arg("opd", MAX_TEXT["opd_code"]), unit=text_arg("unit", MAX_TEXT["unit"]),
                              active=flag_arg("active"), name_contains=text_arg("q", MAX_TEXT["name"]))
    limit, offset = int_arg("limit", 1, MAX_LIMIT, DEFAULT_LIMIT), int_arg("offset", 0, MAX_OFFSET, 0)
    with _session() as session:
        total, found = reads.list_staff(session, viewer, where, limit=limit, offset=offset)
    return jsonify(total=total, limit=limit, offset=offset, staff=found)


@blueprint.get("/me")
def staff_me():
    viewer = _reader()
    only_args(())
    with _session() as session:
        return jsonify(reads.my_record(session, viewer))


@blueprint.get("/<int:staff_id>")
def staff_one(staff_id: int):
    viewer = _reader()
    only_args(())
    with _session() as session:
        return jsonify(reads.read_person(session, viewer, staff_id))


# === writing (the admin) ===========================================================================

@blueprint.post("")
def staff_new():
    viewer = _admin()
    only_args(())
    form = _body(NEW_FIELDS)
    with current_services().databases.transaction() as session:
        person = service.register(session, viewer, form)
        return jsonify(reads.person_view(session, person)), 201


@blueprint.patch("/<int:staff_id>")
def staff_change(staff_id: int):
    """The fields sent, then the user link (`username`: a user links him, null unlinks)."""
    viewer = _admin()
    only_args(())
    changes = _body(CHANGE_FIELDS)
    linking = "username" in changes
    username = changes.pop("username", None)
    if not changes and not linking:
        raise invalid("body", f"send at least one of: {', '.join(CHANGE_FIELDS)}")
    with current_services().databases.transaction() as session:
        person = service.update(session, viewer, staff_id, changes)
        if linking:
            person = (service.link_user(session, viewer, staff_id, username) if username is not None
                      else service.unlink_user(session, viewer, staff_id))
        return jsonify(reads.person_view(session, person))


@blueprint.post("/import")
def staff_import():
    viewer = _admin()
    only_args(())
    content = _uploaded_file()
    with current_services().databases.transaction() as session:
        summary = import_staff(session, viewer, content)
    return jsonify(created=summary.created, updated=summary.updated, unchanged=summary.unchanged)


@blueprint.route("/", defaults={"rest": ""}, methods=["GET", "POST", "PUT", "PATCH", "DELETE"])
@blueprint.route("/<path:rest>", methods=["GET", "POST", "PUT", "PATCH", "DELETE"])
def unknown_endpoint(rest: str):
    """Everything else under the public prefix (which would otherwise reach the Dash page route)."""
    raise ApiError(404, "not_found", f"no endpoint {request.method} {request.path}")


# === who is asking, and what he sent ==============================================================

def _viewer() -> Viewer:
    if not current_user.is_authenticated:
        raise ApiError(401, "unauthorised", "log in first: this endpoint needs a staff session")
    return current_user.viewer


def _reader() -> Viewer:
    """A logged-in viewer who may read some records (a wall display reads none)."""
    viewer = _viewer()
    if viewer.role == access.KIOSK_ROLE:
        raise ApiError(403, "forbidden", "a wall display reads no staff records")
    return viewer


def _admin() -> Viewer:
    """The administrator, before his input is read (a role that may not learns nothing of its checks)."""
    viewer = _viewer()
    access.require_writer(viewer)
    return viewer


def _body(allowed: tuple[str, ...]) -> dict:
    """The JSON body: only `allowed` fields, texts as strings, `active` a JSON boolean."""
    body = json_object(allowed, strings=TEXT_FIELDS)
    if "active" in body and not isinstance(body["active"], bool):
        raise invalid("active", "must be true or false")
    return body


def _uploaded_file() -> str:
    """The registry's CSV: the body itself (text/csv) or the multipart file `file` (with the CSRF token)."""
    if request.mimetype == CSV_TYPE:
        return utf8_text(request.get_data(cache=False), "body")
    if request.mimetype != "multipart/form-data":
        raise ApiError(415, "unsupported_media_type", f"Content-Type: send the file as {CSV_TYPE} or as the "
                                                      "multipart/form-data file `file`", "Content-Type")
    check_csrf()
    unknown = sorted((set(request.form) - {CSRF_FIELD}) | (set(request.files) - {"file"}))
    if unknown:
        raise invalid(unknown[0], "not a field of this request (fields: file, csrf_token)")
    upload = request.files.get("file")
    if upload is None:
        raise invalid("file", "required: the registry as the multipart file `file`")
    return utf8_text(upload.read(), "file")


def _body_limit() -> int:
    if request.path != IMPORT_PATH:
        return MAX_JSON_BYTES
    return MAX_CSV_BYTES + (MULTIPART_SLACK if request.mimetype == "multipart/form-data" else 0)


def _session():
    return current_services().databases.session()


# === errors as JSON ===============================================================================

@blueprint.errorhandler(ApiError)
def api_error(error: ApiError):
    return api_error_response(error)


@blueprint.errorhandler(StaffError)
def service_refusal(error: StaffError):
    """The service's refusal: its code, its field and its English sentence; an import refused as a
    whole lists every bad field of every row (`errors`)."""
    status = next((code for kind, code in ERROR_STATUS if isinstance(error, kind)), 400)
    body = {"error": error.code, "message": str(error).split("\n")[0], "field": error.field}
    if isinstance(error, StaffImportError):
        body["errors"] = [{"row": each.row, "field": each.field, "code": each.code, "message": each.text(ENGLISH)}
                          for each in error.errors]
    return jsonify(body), status


@blueprint.errorhandler(RequestEntityTooLarge)
def too_large(_error):
    return jsonify(error="too_large", message=f"body: larger than {_body_limit():,} bytes", field="body"), 413
