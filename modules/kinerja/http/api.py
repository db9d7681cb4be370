"""e-Kinerja's JSON API at /api/kinerja: a person's own activities, his approver's queue and
decisions, the suggestions from his day's case work, his summary, the OPDs' aggregates.

Staff, by their session (the service checks who may do what on every call, modules/kinerja/access.py):
    GET    /api/kinerja/activities                 the viewer's own lines; ?from= &to= (a month by default,
                                        at most 92 days) &status=
    POST   /api/kinerja/activities                 a new draft: {day, start, end, description, output, volume,
                                                   output_unit, link_kind?, link_ref?}
    GET    /api/kinerja/activities/{id}            one line (his own, his subtree's, his OPD's with an OPD scope)
    PUT    /api/kinerja/activities/{id}            the whole form again (draft or returned)
    DELETE /api/kinerja/activities/{id}            a draft or returned line
    POST   /api/kinerja/activities/{id}/submit     {}: to his approver
    POST   /api/kinerja/activities/submit          {ids}: many at once, all or none
    GET    /api/kinerja/activities/{id}/photo      the evidence photo
    POST   /api/kinerja/activities/{id}/photo      multipart: the file `photo` and the CSRF token
    DELETE /api/kinerja/activities/{id}/photo
    GET    /api/kinerja/team                       his subtree's (or OPD's) lines; ?from= &to= &staff_id= &status=
                                                   &limit= &offset=
    GET    /api/kinerja/queue                      the lines he decides, oldest first, with the backlog; ?limit=
    POST   /api/kinerja/decisions                  {ids, decision: approve|return, note?}: all or none
    GET    /api/kinerja/suggestions                the cases he acted on in a day, as proposed lines; ?day=
    GET    /api/kinerja/summary                    his month and quarter against the target, scores, backlog;
                                                   ?month=
    POST   /api/kinerja/scores                     the approver: {staff_id, quarter, competence_score}
    GET    /api/kinerja/overview                   the OPDs' aggregates (city-wide: all; an OPD scope: its own);
                                                   ?month=
    POST   /api/kinerja/periods/{month}/close      the city's admin: {} closes a month that is over

Writes are JSON (application/json, which a cross-site form cannot send), PUT or DELETE (which it
cannot send either); the photo's multipart post carries the session's CSRF token. Every refusal is
JSON {"error", "message", "field"}: 400 (bad input, naming the field), 401 (no session), 403 (not
his, not his subordinate, outside his scope, a kiosk), 404, 409 (a step the lifecycle does not
allow, a closed month), 413, 415; nothing is written: the service runs inside the transaction the
refusal rolls back. The blueprint owns all of /api/kinerja, a public prefix for the login guard
(auth/guard.py), so that a missing session is a JSON 401 rather than the login page.
"""

from __future__ import annotations

from datetime import timedelta

from flask import Blueprint, Response, jsonify, request
from flask_login import current_user
from werkzeug.exceptions import RequestEntityTooLarge

from auth.csrf import FIELD as CSRF_FIELD
from core.clock import city_today
from core.http_checks import (ApiError, api_error_response, check_csrf, choice_arg, date_arg, int_arg, invalid,
                              json_object, only_args)
from core.services import current_services
from core.users import Viewer
from modules.kinerja import access, reads, scores, service, workflow
from modules.kinerja.checks import FIELDS
from modules.kinerja.errors import KinerjaAccessDenied, KinerjaError, KinerjaNotFound, KinerjaWorkflowError
from modules.kinerja.suggestions import suggestions

blueprint = Blueprint("kinerja_api", __name__, url_prefix="/api/kinerja")
PUBLIC_PREFIXES = ("/api/kinerja",)

STRING_FIELDS = tuple(name for name in FIELDS if name != "volume")
DECISION_FIELDS = ("ids", "decision", "note")
SCORE_FIELDS = ("staff_id", "quarter", "competence_score")
MAX_JSON_BYTES = 64 * 1024
MULTIPART_SLACK = 64 * 1024
MAX_DAYS = 92                         # a quarter: the longest range one listing covers
MAX_ID = 2**63 - 1
DEFAULT_LIMIT, MAX_LIMIT, MAX_OFFSET = 100, reads.MAX_LIMIT, 1_000_000
ERROR_STATUS = ((KinerjaNotFound, 404), (KinerjaAccessDenied, 403), (KinerjaWorkflowError, 409))


@blueprint.before_request
def limit_body_size():
    limit = _body_limit()
    request.max_content_length = limit  # also stops a chunked body that has no length
    if (request.content_length or 0) > limit:
        raise RequestEntityTooLarge()


@blueprint.after_request
def never_cached(response):
    """A person's day is his and his supervisors': no browser or proxy keeps it."""
    response.headers["Cache-Control"] = "no-store"
    return response


# === a person's own lines =========================================================================

@blueprint.get("/activities")
def activity_list():
    viewer = _viewer()
    only_args(("from", "to", "status"))
    first, last = _range()
    status = choice_arg("status", workflow.STATUSES)
    with _session() as session:
        return jsonify(activities=reads.own_activities(session, viewer, first, last, status))


@blueprint.post("/activities")
def activity_new():
    viewer = _viewer()
    form = _body(FIELDS, strings=STRING_FIELDS)
    with current_services().databases.transaction() as session:
        activity = service.create_activity(session, viewer, form, _section())
        return jsonify(reads.views(session, [activity])[0]), 201


@blueprint.get("/activities/<int:activity_id>")
def activity_one(activity_id: int):
    viewer = _viewer()
    only_args(())
    with _session() as session:
        return jsonify(reads.views(session, [service.get_activity(session, viewer, _id(activity_id))])[0])


@blueprint.put("/activities/<int:activity_id>")
def activity_edit(activity_id: int):
    viewer = _viewer()
    form = _body(FIELDS, strings=STRING_FIELDS)
    with current_services().databases.transaction() as session:
        activity = service.edit_activity(session, viewer, _id(activity_id), form, _section())
        return jsonify(reads.views(session, [activity])[0])


@blueprint.delete("/activities/<int:activity_id>")
def activity_delete(activity_id: int):
    viewer = _viewer()
    only_args(())
    with current_services().databases.transaction() as session:
        service.delete_activity(session, viewer, _id(activity_id))
    return Response(status=204)


@blueprint.post("/activities/<int:activity_id>/submit")
def activity_submit(activity_id: int):
    viewer = _viewer()
    _body(())
    return _submitted(viewer, [_id(activity_id)])


@blueprint.post("/activities/submit")
def activities_submit():
    viewer = _viewer()
    data = _body(("ids",))
    return _submitted(viewer, data.get("ids"))


@blueprint.get("/activities/<int:activity_id>/photo")
def photo_get(activity_id: int):
    viewer = _viewer()
    only_args(())
    with _session() as session:
        photo = service.get_photo(session, viewer, _id(activity_id))
        response = Response(photo.data, mimetype=photo.content_type)
    response.headers["X-Content-Type-Options"] = "nosniff"
    return response


@blueprint.post("/activities/<int:activity_id>/photo")
def photo_set(activity_id: int):
    viewer = _viewer()
    only_args(())
    upload = _uploaded_photo()
    with current_services().databases.transaction() as session:
        service.set_photo(session, viewer, _id(activity_id), upload.read(), upload.filename, _section())
        activity = service.get_activity(session, viewer, activity_id)
        return jsonify(reads.views(session, [activity])[0]), 201


@blueprint.delete("/activities/<int:activity_id>/photo")
def photo_remove(activity_id: int):
    viewer = _viewer()
    only_args(())
    with current_services().databases.transaction() as session:
        service.remove_photo(session, viewer, _id(activity_id))
    return Response(status=204)


@blueprint.get("/suggestions")
def day_suggestions():
    viewer = _viewer()
    only_args(("day",))
    day = date_arg("day", city_today())
    with _session() as session:
        me = access.require_staff(session, viewer)
        return jsonify(day=day.isoformat(), suggestions=suggestions(session, me, day))


@blueprint.get("/summary")
def my_summary():
    viewer = _viewer()
    only_args(("month",))
    with _session() as session:
        return jsonify(reads.summary(session, viewer, _section(), request.args.get("month") or None))


# === supervisors ==================================================================================

@blueprint.get("/team")
def team():
    viewer = _viewer()
    only_args(("from", "to", "staff_id", "status", "limit", "offset"))
    first, last = _range()
    staff_id = int_arg("staff_id", 1, MAX_ID, None)
    status = choice_arg("status", workflow.STATUSES)
    limit, offset = int_arg("limit", 1, MAX_LIMIT, DEFAULT_LIMIT), int_arg("offset", 0, MAX_OFFSET, 0)
    with _session() as session:
        lines = reads.team_activities(session, viewer, first, last, staff_id=staff_id, status=status, limit=limit,
                                      offset=offset)
    return jsonify(limit=limit, offset=offset, activities=lines)


@blueprint.get("/queue")
def approval_queue():
    viewer = _viewer()
    only_args(("limit",))
    limit = int_arg("limit", 1, MAX_LIMIT, DEFAULT_LIMIT)
    with _session() as session:
        return jsonify(reads.queue(session, viewer, _section(), limit=limit))


@blueprint.post("/decisions")
def decisions():
    viewer = _viewer()
    data = _body(DECISION_FIELDS, strings=("decision", "note"))
    if data.get("decision") is None:
        raise invalid("decision", "required")
    with current_services().databases.transaction() as session:
        decided = service.decide(session, viewer, data.get("ids"), data["decision"], data.get("note"))
        return jsonify(decided=len(decided), activities=reads.views(session, decided))


@blueprint.post("/scores")
def score():
    viewer = _viewer()
    data = _body(SCORE_FIELDS, strings=("quarter",))
    with current_services().databases.transaction() as session:
        found = service.score_quarter(session, viewer, data.get("staff_id"), data.get("quarter"),
                                      data.get("competence_score"), _section())
        return jsonify(reads.score_view(found)), 201


# === the city =====================================================================================

@blueprint.get("/overview")
def overview():
    viewer = _viewer()
    only_args(("month",))
    month = request.args.get("month") or scores.month_of(city_today())
    with _session() as session:
        return jsonify(month=month, opds=reads.overview(session, viewer, _section(), month))


@blueprint.post("/periods/<month>/close")
def close_period(month: str):
    viewer = _viewer()
    _body(())
    with current_services().databases.transaction() as session:
        period = service.close_period(session, viewer, month)
        return jsonify(month=period.month, closed_at=period.closed_at.isoformat(timespec="seconds"),
                       activities_locked=period.activities_locked)


@blueprint.route("/", defaults={"rest": ""}, methods=["GET", "POST", "PUT", "PATCH", "DELETE"])
@blueprint.route("/<path:rest>", methods=["GET", "POST", "PUT", "PATCH", "DELETE"])
def unknown_endpoint(rest: str):
    """Everything else under the public prefix (which would otherwise reach the Dash page route)."""
    raise ApiError(404, "not_found", f"no endpoint {request.method} {request.path}")


# === who is asking, and what he sent ==============================================================

def _viewer() -> Viewer:
    """The logged-in staff member's Viewer (a kiosk session reads the wall only): JSON 401/403 otherwise."""
    if not current_user.is_authenticated:
        raise ApiError(401, "unauthorised", "log in first: this endpoint needs a staff session")
    if current_user.role == "wall":
        raise ApiError(403, "forbidden", "a wall display reads the wall only", "actor")
    return current_user.viewer


def _body(allowed: tuple[str, ...], strings: tuple[str, ...] = ()) -> dict:
    """The JSON body of a write that takes no query parameters."""
    only_args(())
    return json_object(allowed, strings)


def _range():
    """?from= &to=: this month by default; at most MAX_DAYS, `to` not before `from`."""
    today = city_today()
    first = date_arg("from", today.replace(day=1))
    last = date_arg("to", scores.month_bounds(scores.month_of(first))[1])
    if last < first:
        raise invalid("to", "must not lie before from")
    if (last - first) > timedelta(days=MAX_DAYS - 1):
        raise invalid("to", f"at most {MAX_DAYS} days from `from`")
    return first, last


def _id(activity_id: int) -> int:
    """A path's id: one beyond the databases' integers is no line (rather than an overflow)."""
    if activity_id > MAX_ID:
        raise KinerjaNotFound("id", "kinerja_not_found", id=activity_id)
    return activity_id


def _submitted(viewer: Viewer, ids):
    with current_services().databases.transaction() as session:
        done = service.submit(session, viewer, ids)
        return jsonify(submitted=len(done), activities=reads.views(session, done))


def _uploaded_photo():
    if request.mimetype != "multipart/form-data":
        raise ApiError(415, "unsupported_media_type", "Content-Type: send the photo as the multipart/form-data "
                                                      "file `photo`", "Content-Type")
    check_csrf()
    unknown = sorted((set(request.form) - {CSRF_FIELD}) | (set(request.files) - {"photo"}))
    if unknown:
        raise invalid(unknown[0], "not a field of this request (fields: photo, csrf_token)")
    upload = request.files.get("photo")
    if upload is None:
        raise invalid("photo", "required: the image as the multipart file `photo`")
    return upload


def _body_limit() -> int:
    if request.method == "POST" and request.path.endswith("/photo"):
        return current_services().settings.kinerja.max_photo_bytes + MULTIPART_SLACK
    return MAX_JSON_BYTES


def _section():
    return current_services().settings.kinerja


def _session():
    return current_services().databases.session()


# === errors as JSON ===============================================================================

@blueprint.errorhandler(ApiError)
def api_error(error: ApiError):
    return api_error_response(error)


@blueprint.errorhandler(KinerjaError)
def service_refusal(error: KinerjaError):
    """The service's refusal: its code, its field and its English sentence."""
    status = next((code for kind, code in ERROR_STATUS if isinstance(error, kind)), 400)
    return jsonify(error=error.code, message=str(error), field=error.field), status


@blueprint.errorhandler(RequestEntityTooLarge)
def too_large(_error):
    return jsonify(error="too_large", message=f"body: larger than {_body_limit():,} bytes", field="body"), 413
