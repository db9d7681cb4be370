"""Sipandu's JSON API at /api/sipandu: newcomers' records, boarding houses, the residents' extract
and the privacy desk (a NIK in full, the subject-access export, the access log).

Staff, by their session (the service checks role, scope and lifecycle of every call, access.py):
    POST /api/sipandu/newcomers                  an arrival, by the head of its RT (rt_rw): the fields of
                                      checks.arrival (nik, name, sex, birth_date, origin_regency,
                                                 rt_code, address, kos_code?, purpose, sponsor?, arrived_at,
                                                 stay_until?)
    GET  /api/sipandu/newcomers                  the reader's records; ?status= &limit= &offset=
    GET  /api/sipandu/newcomers/{id}             one record
    POST /api/sipandu/newcomers/{id}/verify      the lurah: {}
    POST /api/sipandu/newcomers/{id}/reject      the lurah: {reason}
    POST /api/sipandu/newcomers/{id}/departure   the RT head or the lurah: {left_at, destination_regency}
    POST /api/sipandu/nik-check                  {nik, birth_date?, sex?}: what a typed NIK states (no lookup)
    POST /api/sipandu/lookup                     {nik}: its stays and residence inside the reader's scope
    POST /api/sipandu/unmask                     {kind, id, reason}: the record's NIK in full, logged
    GET  /api/sipandu/kos                        the reader's boarding houses
    POST /api/sipandu/kos                        the lurah: {name, owner_name, address, rt_code, capacity}
    POST /api/sipandu/residents/import           the lurah (his kelurahan), the admin: the extract as
                                                 text/csv, or the multipart file `file` with the CSRF token
    POST /api/sipandu/subject-access             the admin: {nik, reason}; ?download=1 as a file
    GET  /api/sipandu/access-log                 the admin: ?limit= &offset=

A NIK travels only in a POST body, never in a path or a query (URLs end up in access logs), and
comes back masked (3578**********01): in full only from unmask and the subject-access export. No
answer is cached (Cache-Control: no-store). An account's lookups and unmasks are counted: past
LOOKUPS_PER_WINDOW / UNMASKS_PER_WINDOW in WINDOW_SECONDS it waits (429), so an RT head's account
cannot enumerate NIKs.

Every refusal is JSON {"error", "message", "field"}: 400 (bad input, naming the field; a refused
import adds `errors`, one {row, field, code, message} per bad field of every row), 401 (no session),
403 (a role or scope that may not), 404, 409 (a step the lifecycle does not allow), 413, 415, 429;
and nothing is written: the service runs inside the transaction the refusal rolls back. The
blueprint owns all of /api/sipandu, a public prefix for the login guard (auth/guard.py), so that
a missing session is a JSON 401 rather than the login page: each route checks the session itself.
"""

from __future__ import annotations

from flask import Blueprint, jsonify, request
from flask_login import current_user
from werkzeug.exceptions import RequestEntityTooLarge

from auth.csrf import FIELD as CSRF_FIELD
from auth.ratelimit import AttemptCounter
from core.clock import city_today
from core.http_checks import (ApiError, api_error_response, check_csrf, flag_arg, int_arg, invalid, json_object,
                              only_args, utf8_text, whole_number)
from core.messages import ENGLISH
from core.services import current_services
from core.users import Viewer
from modules.sipandu import access, checks, kos, newcomers, privacy, reads, residents, workflow
from modules.sipandu.errors import (SipanduAccessDenied, SipanduError, SipanduImportError, SipanduNotFound,
                                    SipanduWorkflowError)
from modules.sipandu.keys import keys_for
from modules.sipandu.nik import SEXES, check_nik

blueprint = Blueprint("sipandu_api", __name__, url_prefix="/api/sipandu")
PUBLIC_PREFIXES = ("/api/sipandu",)

ARRIVAL_FIELDS = ("nik", "name", "sex", "birth_date", "origin_regency", "rt_code", "address", "kos_code", "purpose",
                  "sponsor", "arrived_at", "stay_until")
DEPARTURE_FIELDS = ("left_at", "destination_regency")
NIK_CHECK_FIELDS = ("nik", "birth_date", "sex")
UNMASK_FIELDS = ("kind", "id", "reason")
KOS_FIELDS = ("name", "owner_name", "address", "rt_code", "capacity")
EXPORT_FIELDS = ("nik", "reason")
IMPORT_PATH = "/api/sipandu/residents/import"
CSV_TYPE = "text/csv"
MAX_JSON_BYTES = 64 * 1024          # an arrival form is under 1 kB
MAX_CSV_BYTES = 16 * 1024 * 1024    # a kelurahan's extract (some 30,000 residents) is about 4 MB
MULTIPART_SLACK = 64 * 1024
DEFAULT_LIMIT, MAX_LIMIT, MAX_OFFSET = 50, reads.MAX_LIMIT, 1_000_000
MAX_ID = 2**63 - 1
# Per account, in a moving window: an RT desk checks a few newcomers a day, a lurah his queue.
LOOKUPS_PER_WINDOW, UNMASKS_PER_WINDOW, WINDOW_SECONDS = 60, 20, 600
ERROR_STATUS = ((SipanduNotFound, 404), (SipanduAccessDenied, 403), (SipanduWorkflowError, 409))


@blueprint.before_request
def limit_body_size():
    limit = _body_limit()
    request.max_content_length = limit  # also stops a chunked body that has no length
    if (request.content_length or 0) > limit:
        raise RequestEntityTooLarge()


@blueprint.after_request
def never_cached(response):
    """Every answer may hold personal data: no browser or proxy keeps it."""
    response.headers["Cache-Control"] = "no-store"
    return response


# === newcomers ====================================================================================

@blueprint.post("/newcomers")
def newcomer_new():
    viewer = _staff((workflow.RECORDER_ROLE,), "record newcomers")
    form = _body(ARRIVAL_FIELDS, strings=ARRIVAL_FIELDS)
    services = current_services()
    with services.databases.transaction() as session:
        record = newcomers.record_arrival(session, viewer, form, _keys(), services.settings.sipandu)
        return jsonify(reads.newcomer_detail(session, record, _keys())), 201


@blueprint.get("/newcomers")
def newcomer_list():
    viewer = _staff(access.READER_ROLES, "read records")
    only_args(("status", "limit", "offset"))
    status = request.args.get("status") or None
    limit, offset = int_arg("limit", 1, MAX_LIMIT, DEFAULT_LIMIT), int_arg("offset", 0, MAX_OFFSET, 0)
    with _session() as session:
        found = reads.list_newcomers(session, viewer, _keys(), status=status, limit=limit, offset=offset)
    return jsonify(limit=limit, offset=offset, newcomers=found)


@blueprint.get("/newcomers/<int:record_id>")
def newcomer_one(record_id: int):
    viewer = _staff(access.READER_ROLES, "read records")
    only_args(())
    with _session() as session:
        return jsonify(reads.newcomer_detail(session, newcomers.get_record(session, viewer, _id(record_id)), _keys()))


@blueprint.post("/newcomers/<int:record_id>/verify")
def newcomer_verify(record_id: int):
    viewer = _staff(access.READER_ROLES, "verify records")
    _body(())
    return _stepped(lambda session: newcomers.verify(session, viewer, _id(record_id)))


@blueprint.post("/newcomers/<int:record_id>/reject")
def newcomer_reject(record_id: int):
    viewer = _staff(access.READER_ROLES, "reject records")
    data = _body(("reason",), strings=("reason",))
    return _stepped(lambda session: newcomers.reject(session, viewer, _id(record_id), data.get("reason")))


@blueprint.post("/newcomers/<int:record_id>/departure")
def newcomer_departure(record_id: int):
    viewer = _staff(access.READER_ROLES, "record departures")
    data = _body(DEPARTURE_FIELDS, strings=DEPARTURE_FIELDS)
    return _stepped(lambda session: newcomers.record_departure(session, viewer, _id(record_id), data))


# === NIKs =========================================================================================

@blueprint.post("/nik-check")
def nik_check():
    """What a NIK typed at the RT desk states, or the first thing wrong with it; nothing is looked
    up (whether and where it is recorded is the lookup's question, counted)."""
    _staff(access.READER_ROLES, "check a NIK")
    data = _body(NIK_CHECK_FIELDS, strings=NIK_CHECK_FIELDS)
    number = checks.text("nik", data.get("nik"), required=True, limit=64)
    born = checks.a_date("birth_date", data.get("birth_date"))
    sex = checks.choice("sex", data["sex"], SEXES) if data.get("sex") is not None else None
    facts = check_nik(number, city_today(), birth_date=born, sex=sex)
    return jsonify(valid=True, region=facts.region, birth_date=facts.birth_date.isoformat(), sex=facts.sex)


@blueprint.post("/lookup")
def nik_lookup():
    viewer = _staff(access.READER_ROLES, "look up a NIK")
    _count("lookup", viewer, LOOKUPS_PER_WINDOW)
    data = _body(("nik",), strings=("nik",))
    with _session() as session:
        return jsonify(reads.find_by_nik(session, viewer, data.get("nik"), _keys()))


@blueprint.post("/unmask")
def nik_unmask():
    viewer = _staff(access.UNMASK_ROLES, "see a NIK in full")
    _count("unmask", viewer, UNMASKS_PER_WINDOW)
    data = _body(UNMASK_FIELDS, strings=("kind", "reason"))
    record_id = whole_number(data, "id", 1, MAX_ID)
    with current_services().databases.transaction() as session:
        nik = privacy.unmask(session, viewer, data.get("kind"), record_id, data.get("reason"), _keys())
    return jsonify(nik=nik)


# === boarding houses ==============================================================================

@blueprint.get("/kos")
def kos_list():
    viewer = _staff(access.READER_ROLES, "read boarding houses")
    only_args(())
    with _session() as session:
        return jsonify(kos=reads.kos_list(session, viewer))


@blueprint.post("/kos")
def kos_new():
    viewer = _staff((kos.REGISTRAR_ROLE,), "register boarding houses")
    form = _body(KOS_FIELDS, strings=("name", "owner_name", "address", "rt_code"))
    with current_services().databases.transaction() as session:
        return jsonify(reads.kos_view(kos.register_kos(session, viewer, form))), 201


# === residents ====================================================================================

@blueprint.post("/residents/import")
def residents_import():
    viewer = _staff(residents.IMPORTER_ROLES, "import residents")
    only_args(())
    content = _uploaded_extract()
    with current_services().databases.transaction() as session:
        imported = residents.import_residents(session, viewer, content, _keys())
    return jsonify(imported=imported), 201


# === the data-protection officer ==================================================================

@blueprint.post("/subject-access")
def subject_access():
    """Everything held about one NIK and every look at it (UU PDP art. 7); itself a logged look."""
    viewer = _staff((access.EXPORT_ROLE,), "export personal data")
    data = _body(EXPORT_FIELDS, strings=EXPORT_FIELDS, args=("download",))
    download = flag_arg("download")
    with current_services().databases.transaction() as session:
        export = privacy.subject_access_export(session, viewer, data.get("nik"), data.get("reason"), _keys())
    response = jsonify(export)
    if download:  # no NIK in the file name: names end up in download folders and logs
        response.headers["Content-Disposition"] = f'attachment; filename="sipandu-subject-access-{city_today()}.json"'
    return response


@blueprint.get("/access-log")
def access_log():
    viewer = _staff((access.EXPORT_ROLE,), "review the access log")
    only_args(("limit", "offset"))
    limit, offset = int_arg("limit", 1, MAX_LIMIT, DEFAULT_LIMIT), int_arg("offset", 0, MAX_OFFSET, 0)
    with _session() as session:
        entries = privacy.access_log(session, viewer, limit=limit, offset=offset)
    return jsonify(limit=limit, offset=offset, entries=entries)


@blueprint.route("/", defaults={"rest": ""}, methods=["GET", "POST", "PUT", "PATCH", "DELETE"])
@blueprint.route("/<path:rest>", methods=["GET", "POST", "PUT", "PATCH", "DELETE"])
def unknown_endpoint(rest: str):
    """Everything else under the public prefix (which would otherwise reach the Dash page route)."""
    raise ApiError(404, "not_found", f"no endpoint {request.method} {request.path}")


# === who is asking, and what he sent ==============================================================

def _staff(roles: tuple[str, ...], what: str) -> Viewer:
    """The logged-in staff member (his Viewer carries his scope) if his role may do `what`, before
    his input is read (a role that may not learns nothing of its checks): JSON 401/403 otherwise."""
    if not current_user.is_authenticated:
        raise ApiError(401, "unauthorised", "log in first: this endpoint needs a staff session")
    viewer = current_user.viewer
    access.require_role(viewer, roles, what)
    return viewer


def _body(allowed: tuple[str, ...], strings: tuple[str, ...] = (), args: tuple[str, ...] = ()) -> dict:
    """The JSON body of a POST that takes no query parameters but `args`."""
    only_args(args)
    return json_object(allowed, strings)


def _id(record_id: int) -> int:
    """A path's id: one beyond the databases' integers is no record (rather than an overflow)."""
    if record_id > MAX_ID:
        raise SipanduNotFound("id", "sipandu_not_found", id=record_id)
    return record_id


def _count(action: str, viewer: Viewer, per_window: int) -> None:
    """Counts every lookup or unmask of the account, good or bad; 429 past its allowance."""
    limiter, key = _limiter(action, per_window), f"sipandu-{action}:{viewer.user_id}"
    if limiter.blocked(key):
        raise ApiError(429, "too_many_requests", f"{action}: more than {per_window} in {WINDOW_SECONDS // 60} "
                                                 "minutes from this account; wait and try again")
    limiter.record_failure(key)


def _limiter(action: str, per_window: int) -> AttemptCounter:
    services = current_services()
    name = f"sipandu_{action}_limiter"
    if name not in services.extras:
        services.extras[name] = AttemptCounter(per_window, WINDOW_SECONDS, services.redis)
    return services.extras[name]


def _uploaded_extract() -> str:
    """The extract: the body itself (text/csv) or the multipart file `file` (with the CSRF token)."""
    if request.mimetype == CSV_TYPE:
        return utf8_text(request.get_data(cache=False), "body")
    if request.mimetype != "multipart/form-data":
        raise ApiError(415, "unsupported_media_type", f"Content-Type: send the extract as {CSV_TYPE} or as the "
                                                      "multipart/form-data file `file`", "Content-Type")
    check_csrf()
    unknown = sorted((set(request.form) - {CSRF_FIELD}) | (set(request.files) - {"file"}))
    if unknown:
        raise invalid(unknown[0], "not a field of this request (fields: file, csrf_token)")
    upload = request.files.get("file")
    if upload is None:
        raise invalid("file", "required: the extract as the multipart file `file`")
    return utf8_text(upload.read(), "file")


def _body_limit() -> int:
    if request.path != IMPORT_PATH:
        return MAX_JSON_BYTES
    return MAX_CSV_BYTES + (MULTIPART_SLACK if request.mimetype == "multipart/form-data" else 0)


def _keys():
    return keys_for(current_services().settings)


def _session():
    return current_services().databases.session()


def _stepped(step):
    with current_services().databases.transaction() as session:
        return jsonify(reads.newcomer_detail(session, step(session), _keys()))


# === errors as JSON ===============================================================================

@blueprint.errorhandler(ApiError)
def api_error(error: ApiError):
    response, status = api_error_response(error)
    if status == 429:
        response.headers["Retry-After"] = str(WINDOW_SECONDS)
    return response, status


@blueprint.errorhandler(SipanduError)
def service_refusal(error: SipanduError):
    """The service's refusal: its code, its field and its English sentence; an import refused as a
    whole lists every bad field of every row (`errors`)."""
    status = next((code for kind, code in ERROR_STATUS if isinstance(error, kind)), 400)
    body = {"error": error.code, "message": str(error).split("\n")[0], "field": error.field}
    if isinstance(error, SipanduImportError):
        body["errors"] = [{"row": each.row, "field": each.field, "code": each.code, "message": each.text(ENGLISH)}
                          for each in error.errors]
    return jsonify(body), status


@blueprint.errorhandler(RequestEntityTooLarge)
def too_large(_error):
    return jsonify(error="too_large", message=f"body: larger than {_body_limit():,} bytes", field="body"), 413
