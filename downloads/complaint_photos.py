"""A complaint photo's bytes by its opaque id (`/foto-aduan/<id>`), for the wall's photo panel and
staff. The service decides (modules.complaints.queues.complaint_photo): a wall display gets only
a photo whose reporter allowed it, staff a photo of a complaint in their scope. The URL holds the
photo's id and nothing else; the answer carries no file name (a citizen's file name may name him).
"""

from __future__ import annotations

from flask import Blueprint, Response, abort

from callbacks._access import require_viewer
from core.services import current_services
from layouts.components.ids_wall import PHOTO_PATH
from modules.complaints import service
from modules.complaints.access import COMPLAINT_READERS, WALL_ROLE
from modules.complaints.errors import AccessDenied, ComplaintNotFound

blueprint = Blueprint("complaint_photos", __name__)
PHOTO_ROLES = COMPLAINT_READERS + (WALL_ROLE,)
# Paths a kiosk (role wall) may request besides the wall pages (auth.guard.add_kiosk_prefix).
KIOSK_PREFIXES = (PHOTO_PATH + "/",)
MAX_PHOTO_ID = 2**63 - 1  # BIGINT: a larger id is no photo (PostgreSQL would refuse the parameter)


@blueprint.get(PHOTO_PATH + "/<int:photo_id>")
def complaint_photo(photo_id: int):
    viewer = require_viewer(PHOTO_ROLES)
    if photo_id > MAX_PHOTO_ID:
        abort(404)
    with current_services().databases.session() as session:
        try:
            photo = service.complaint_photo(session, viewer, photo_id)
        except ComplaintNotFound:
            abort(404)
        except AccessDenied:
            abort(403)
        body, kind = photo.data, photo.content_type
    response = Response(body, mimetype=kind)
    # private: what a viewer may fetch depends on who he is; short, so a withdrawn photo goes soon
    response.headers["Cache-Control"] = "private, max-age=300"
    response.headers["Content-Disposition"] = "inline"
    return response
