"""Component ids of the wall display (`/wall`), kept in one place for the layout and its callbacks.

Panel slots use pattern-matching ids, one per registered panel, keyed by the panel and its domain,
so a panel added later needs no new callback: each domain's refresh request (`MATCH` on the domain)
fills every slot of that domain (`ALL` on the key), with the domain's own DRAWN store.
"""

from core.settings import WALL_ROLES

ROLES = WALL_ROLES
EVENTS_PATH = "/events/wall"          # the wall's server-sent events: mart versions pushed (callbacks/_wall_events.py)

# A complaint photo by its id (downloads/complaint_photos.py): a wall display may fetch it only when
# the reporter allowed it; staff who may read the complaint, as on their desks.
PHOTO_PATH = "/foto-aduan"


def photo_url(photo_id: int) -> str:
    return f"{PHOTO_PATH}/{int(photo_id)}"


class Wall:
    ROOT = "wall-root"
    REFRESH = "wall-refresh"          # dcc.Interval: the cheap version check
    ROTATE = "wall-rotate"            # dcc.Interval: which rotating panel shows (clientside)
    TICK = "wall-tick"                # dcc.Interval: the clock (clientside)
    CLOCK = "wall-clock"
    DATE = "wall-date"
    DRAWN = "wall-drawn"              # {"type": DRAWN, "domain": ...}: dcc.Store per domain: the mart versions
                                      # and item keys its panels last drew
    SCREEN = "wall-screen"            # dcc.Store: the browser's viewport, to scale figures
    VERSION = "wall-version"          # footer text "data: versi N"
    ROTATE_INDEX = "wall-rotate-index"
    PLAYLIST = "wall-playlist"        # dcc.Store: the pages the kiosk shows in turn (settings: wall.playlist)
    NEXT_PAGE = "wall-next-page"      # dcc.Interval: time to go to the playlist's next page (clientside)
    STALE_AFTER = "wall-stale-after"  # dcc.Store: seconds without an answer before the data counts as stale
    STALE_AGE = "wall-stale-age"      # the banner's "data last received N seconds ago"
    PUSHED = "wall-pushed"            # dcc.Store: set by assets/wall.js when a mart change is pushed

    SLOT = "wall-slot"                # {"type": SLOT, "domain": ..., "key": panel key}: a component panel's content
    GRAPH = "wall-graph"              # {"type": GRAPH, "domain": ..., "key": ...}: a figure panel's dcc.Graph
    ROTATE_ITEM = "wall-rotate-item"  # {"type": ROTATE_ITEM, "key": ...}: one rotating panel

    @staticmethod
    def slot(key: str, domain: str) -> dict:
        return {"type": Wall.SLOT, "domain": domain, "key": key}

    @staticmethod
    def graph(key: str, domain: str) -> dict:
        return {"type": Wall.GRAPH, "domain": domain, "key": key}

    @staticmethod
    def drawn(domain: str) -> dict:
        return {"type": Wall.DRAWN, "domain": domain}

    @staticmethod
    def rotate_item(key: str) -> dict:
        return {"type": Wall.ROTATE_ITEM, "key": key}
