"""e-Office's JSON API at /api/office: letters, their steps, dispositions, counters and attachments.

Staff, by their session; a user acts through his staff record (access.actor_for: an account linked
to no active staff record is refused, 403 field `actor`), and the services check every step:
    POST /api/office/letters                        a registrar registers an incoming letter: multipart
                                          form fields (correspondent, subject, letter_date,
                                                    classification, security, reference_number?, due_date?,
                                                    link_kind?, link_id?), PDF files `attachment`, csrf_token
    GET  /api/office/letters                        the letters the reader may read; ?direction= &status=
                                                    &limit= &offset=
    GET  /api/office/letters/{id}                   one letter with its disposition tree
    POST /api/office/letters/{id}/distribute        {staff_ids}
    POST /api/office/letters/{id}/read              {}
    POST /api/office/letters/{id}/dispositions      {to_staff_ids, instruction, due_date?}
    POST /api/office/letters/{id}/follow-up         {note}
    POST /api/office/letters/{id}/archive           {}
    POST /api/office/letters/{id}/attachments       multipart: PDF files `attachment`, csrf_token
    GET  /api/office/letters/{id}/attachments/{aid} the PDF, to a reader of the letter only
    POST /api/office/drafts                         an outgoing draft: {correspondent, subject,
                                                    classification, security, due_date?, signer_id,
                                                    verifier_ids, link_kind?, link_id?}
    POST /api/office/letters/{id}/submit | initial | sign | number | send   {}
    POST /api/office/letters/{id}/return            {note}
    POST /api/office/dispositions/{id}/read | withdraw   {}
    POST /api/office/dispositions/{id}/finish       {note}
    GET  /api/office/counters                       the reader's seven counters and the OPDs' ageing

CSRF as the other JSON APIs: a JSON body must be application/json (a cross-site form cannot send
it), a multipart post carries the session's token. Every refusal is JSON {"error", "message",
"field"}: 400 (bad input, naming the field), 401, 403, 404, 409 (a step the lifecycle does not
allow), 413, 415; and nothing is written (the service runs inside the transaction the refusal rolls
back). The blueprint owns all of /api/office, a public prefix for the login guard, so a missing
session is a JSON 401 rather than the login page: each route checks the session itself.
"""

from __future__ import annotations

import io

from flask import Blueprint, jsonify, request, send_file
from flask_login import current_user
from sqlalchemy import select
from werkzeug.exceptions import RequestEntityTooLarge

from auth.csrf import FIELD as CSRF_FIELD
from core.http_checks import ApiError, api_error_response, check_csrf, int_arg, invalid, json_object, only_args
from core.services import current_services
from core.users import Viewer
from modules.office import access, counters, dispositions, incoming, outgoing, reads, workflow
from modules.office.attachments import MAX_ATTACHMENTS, Upload
from modules.office.errors import OfficeAccessDenied, OfficeError, OfficeNotFound, OfficeWorkflowError
from modules.office.letters import get_letter
from modules.office.models import OfficeAttachment, OfficeLetter
from modules.office.settings import attachment_limit_bytes

blueprint = Blueprint("office_api", __name__, url_prefix="/api/office")
PUBLIC_PREFIXES = ("/api/office",)

REGISTER_FIELDS = ("correspondent", "subject", "letter_date", "classification", "security", "reference_number",
                   "due_date", "link_kind", "link_id")
DRAFT_FIELDS = ("correspondent", "subject", "classification", "security", "due_date", "signer_id", "verifier_ids",
                "link_kind", "link_id")
DRAFT_STRINGS = ("correspondent", "subject", "classification", "security", "due_date", "link_kind")
FILE_FIELD = "attachment"
MAX_JSON_BYTES = 64 * 1024
MULTIPART_SLACK = 64 * 1024
DEFAULT_LIMIT, MAX_LIMIT, MAX_OFFSET = 50, reads.MAX_LIMIT, 1_000_000
MAX_ID = 2**63 - 1
ERROR_STATUS = ((OfficeNotFound, 404), (OfficeAccessDenied, 403), (OfficeWorkflowError, 409))


@blueprint.before_request
def limit_body_size():
    limit = _body_limit()
    request.max_content_length = limit  # also stops a chunked body that has no length
    if (request.content_length or 0) > limit:
        raise RequestEntityTooLarge()


@blueprint.after_request
def never_cached(response):
    """Letters are the city's correspondence: no browser or proxy keeps them."""
    response.headers["Cache-Control"] = "no-store"
    return response


# === incoming letters =============================================================================

@blueprint.post("/letters")
def letter_register():
    viewer = _viewer()
    with _transaction() as session:
        actor = _actor(session, viewer)
        form, uploads = _multipart(REGISTER_FIELDS)
        letter = incoming.register(session, actor, form, uploads, _section())
        return jsonify(reads.letter_detail(session, letter)), 201


@blueprint.get("/letters")
def letter_list():
    viewer = _viewer()
    only_args(("direction", "status", "limit", "offset"))
    direction = _choice_arg("direction", workflow.DIRECTIONS)
    status = _choice_arg("status", workflow.STATUSES)
    limit, offset = int_arg("limit", 1, MAX_LIMIT, DEFAULT_LIMIT), int_arg("offset", 0, MAX_OFFSET, 0)
    with _session() as session:
        actor = _actor(session, viewer)
        found = reads.list_letters(session, actor, direction=direction, status=status, limit=limit, offset=offset)
    return jsonify(limit=limit, offset=offset, letters=found)


@blueprint.get("/letters/<int:letter_id>")
def letter_one(letter_id: int):
    viewer = _viewer()
    only_args(())
    with _session() as session:
        actor = _actor(session, viewer)
        letter = get_letter(session, _id(letter_id))
        access.require_read(session, actor, letter)
        return jsonify(reads.letter_detail(session, letter))


@blueprint.post("/letters/<int:letter_id>/distribute")
def letter_distribute(letter_id: int):
    return _step(lambda s, a, body: incoming.distribute(s, a, _id(letter_id), body.get("staff_ids")), ("staff_ids",))


@blueprint.post("/letters/<int:letter_id>/read")
def letter_read(letter_id: int):
    return _step(lambda s, a, _body: incoming.read(s, a, _id(letter_id)))


@blueprint.post("/letters/<int:letter_id>/dispositions")
def letter_dispose(letter_id: int):
    return _step(lambda s, a, body: dispositions.dispose(s, a, _id(letter_id), body),
                 ("to_staff_ids", "instruction", "due_date"), ("instruction", "due_date"), status=201)


@blueprint.post("/letters/<int:letter_id>/follow-up")
def letter_follow_up(letter_id: int):
    return _step(lambda s, a, body: incoming.follow_up(s, a, _id(letter_id), body.get("note")), ("note",), ("note",))


@blueprint.post("/letters/<int:letter_id>/archive")
def letter_archive(letter_id: int):
    return _step(lambda s, a, _body: incoming.archive(s, a, _id(letter_id)))


@blueprint.post("/letters/<int:letter_id>/attachments")
def letter_attach(letter_id: int):
    viewer = _viewer()
    with _transaction() as session:
        actor = _actor(session, viewer)
        _form, uploads = _multipart(())
        letter = incoming.attach(session, actor, _id(letter_id), uploads, _section())
        return jsonify(reads.letter_detail(session, letter)), 201


@blueprint.get("/letters/<int:letter_id>/attachments/<int:attachment_id>")
def letter_attachment(letter_id: int, attachment_id: int):
    """The PDF itself, streamed to a reader of the letter only."""
    viewer = _viewer()
    only_args(())
    with _session() as session:
        actor = _actor(session, viewer)
        letter = get_letter(session, _id(letter_id))
        access.require_read(session, actor, letter)
        found = session.execute(select(OfficeAttachment.filename, OfficeAttachment.data).where(
            OfficeAttachment.id == _id(attachment_id), OfficeAttachment.letter_id == letter.id)).first()
    if found is None:
        raise OfficeNotFound("attachment_id", "office_attachment_not_found", attachment_id=attachment_id)
    response = send_file(io.BytesIO(found.data), mimetype="application/pdf", as_attachment=True,
                         download_name=found.filename if found.filename.lower().endswith(".pdf")
                         else f"{found.filename}.pdf")
    response.headers["X-Content-Type-Options"] = "nosniff"
    return response


# === outgoing letters =============================================================================

@blueprint.post("/drafts")
def draft_new():
    viewer = _viewer()
    with _transaction() as session:
        actor = _actor(session, viewer)
        body = _body(DRAFT_FIELDS, DRAFT_STRINGS)
        letter = outgoing.draft(session, actor, body, (), _section())
        return jsonify(reads.letter_detail(session, letter)), 201


@blueprint.post("/letters/<int:letter_id>/submit")
def letter_submit(letter_id: int):
    return _step(lambda s, a, _body: outgoing.submit(s, a, _id(letter_id)))


@blueprint.post("/letters/<int:letter_id>/initial")
def letter_initial(letter_id: int):
    return _step(lambda s, a, _body: outgoing.initial(s, a, _id(letter_id)))


@blueprint.post("/letters/<int:letter_id>/return")
def letter_return(letter_id: int):
    return _step(lambda s, a, body: outgoing.return_to_drafter(s, a, _id(letter_id), body.get("note")),
                 ("note",), ("note",))


@blueprint.post("/letters/<int:letter_id>/sign")
def letter_sign(letter_id: int):
    return _step(lambda s, a, _body: outgoing.sign(s, a, _id(letter_id)))


@blueprint.post("/letters/<int:letter_id>/number")
def letter_number(letter_id: int):
    return _step(lambda s, a, _body: outgoing.number(s, a, _id(letter_id)))


@blueprint.post("/letters/<int:letter_id>/send")
def letter_send(letter_id: int):
    return _step(lambda s, a, _body: outgoing.send(s, a, _id(letter_id)))


# === dispositions =================================================================================

@blueprint.post("/dispositions/<int:disposition_id>/read")
def disposition_read(disposition_id: int):
    return _step(lambda s, a, _body: dispositions.read(s, a, _id(disposition_id)))


@blueprint.post("/dispositions/<int:disposition_id>/withdraw")
def disposition_withdraw(disposition_id: int):
    return _step(lambda s, a, _body: dispositions.withdraw(s, a, _id(disposition_id)))


@blueprint.post("/dispositions/<int:disposition_id>/finish")
def disposition_finish(disposition_id: int):
    return _step(lambda s, a, body: dispositions.finish(s, a, _id(disposition_id), body.get("note")),
                 ("note",), ("note",))


# === counters =====================================================================================

@blueprint.get("/counters")
def counters_view():
    """The reader's counters (null when his account has no staff record: a city-wide role sees the
    OPDs' counts only) and the open letters of every OPD his scope covers."""
    viewer = _viewer()
    only_args(())
    with _session() as session:
        try:
            person = counters.person_counters(session, _actor(session, viewer).staff_id)
        except OfficeAccessDenied:
            person = None
        return jsonify(person=person, opds=counters.opd_counters(session, viewer))


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


def _actor(session, viewer: Viewer) -> access.Actor:
    return access.actor_for(session, viewer, _section())


def _step(action, fields: tuple[str, ...] = (), strings: tuple[str, ...] = (), status: int = 200):
    """A step on a letter or a disposition: the actor first (an account without a staff record learns
    nothing of the checks), then the body, then the service; the answer is the letter after it."""
    viewer = _viewer()
    with _transaction() as session:
        actor = _actor(session, viewer)
        result = action(session, actor, _body(fields, strings))
        first = result[0] if isinstance(result, list) else result
        letter = first if isinstance(first, OfficeLetter) else session.get(OfficeLetter, first.letter_id)
        return jsonify(reads.letter_detail(session, letter)), status


def _body(allowed: tuple[str, ...], strings: tuple[str, ...] = ()) -> dict:
    """The JSON body of a POST that takes no query parameters."""
    only_args(())
    return json_object(allowed, strings)


def _multipart(allowed: tuple[str, ...]) -> tuple[dict, list[Upload]]:
    """A multipart form: its text fields (only `allowed`), its PDF files `attachment`, its CSRF token."""
    only_args(())
    if request.mimetype != "multipart/form-data":
        raise ApiError(415, "unsupported_media_type", "Content-Type: send multipart/form-data with the fields and "
                                                      f"the PDF files `{FILE_FIELD}`", "Content-Type")
    check_csrf()
    unknown = sorted((set(request.form) - set(allowed) - {CSRF_FIELD}) | (set(request.files) - {FILE_FIELD}))
    if unknown:
        raise invalid(unknown[0], f"not a field of this request (fields: {', '.join(allowed + (FILE_FIELD,))})")
    form: dict = {name: request.form.get(name) for name in allowed if name in request.form}
    if form.get("link_id") not in (None, ""):
        value = form["link_id"]
        if not value.isascii() or not value.isdigit() or not 1 <= int(value) <= MAX_ID:
            raise invalid("link_id", f"must be a whole number from 1 to {MAX_ID}")
        form["link_id"] = int(value)
    uploads = [Upload(upload.filename or "", upload.read()) for upload in request.files.getlist(FILE_FIELD)]
    return form, uploads


def _choice_arg(name: str, known: tuple[str, ...]) -> str | None:
    value = request.args.get(name) or None
    if value is not None and value not in known:
        raise invalid(name, f"must be one of {', '.join(known)}")
    return value


def _id(value: int) -> int:
    """A path's id: one beyond the databases' integers is no record (rather than an overflow)."""
    if value > MAX_ID:
        raise OfficeNotFound("id", "office_letter_not_found", letter_id=str(value)[:20])
    return value


def _body_limit() -> int:
    if request.mimetype != "multipart/form-data":
        return MAX_JSON_BYTES
    return MAX_ATTACHMENTS * attachment_limit_bytes(_section()) + MULTIPART_SLACK


def _section():
    return current_services().settings.office


def _session():
    return current_services().databases.session()


def _transaction():
    return current_services().databases.transaction()


# === errors as JSON ===============================================================================

@blueprint.errorhandler(ApiError)
def api_error(error: ApiError):
    return api_error_response(error)


@blueprint.errorhandler(OfficeError)
def service_refusal(error: OfficeError):
    """The service's refusal: its code, its field and its English sentence."""
    status = next((code for kind, code in ERROR_STATUS if isinstance(error, kind)), 400)
    return jsonify(error=error.code, message=str(error), field=error.field), status


@blueprint.errorhandler(RequestEntityTooLarge)
def too_large(_error):
    return jsonify(error="too_large", message=f"body: larger than {_body_limit():,} bytes", field="body"), 413

