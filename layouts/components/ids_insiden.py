"""Component ids of the Command Center 112 pages (Insiden, the operator desk, the analysis), kept
in one place for the layouts and their callbacks, and who may open each page."""

# who may open the live incident page; an `opd` user (an agency representative) sees every active
# incident but acts only on his agency's units (the incidents service decides, by his scope)
ROLES = ("operator", "admin", "pimpinan", "opd")
DESK_ROLES = ("operator", "admin")          # take calls, create, merge, dispatch
STAGE_ROLES = ("operator", "admin")         # the shift supervisor sets the city's stage
ANALYSIS_ROLES = ("operator", "admin", "pimpinan", "opd", "camat", "lurah")
REFRESH_MS = 5_000                          # units move: the map follows every five seconds


class Insiden:
    PAGE = "insiden-page"
    TICK = "insiden-tick"
    MAP = "insiden-map"
    CAPTION = "insiden-caption"
    CATEGORY = "insiden-category"
    PRIORITY = "insiden-priority"
    AGENCY = "insiden-agency"
    LIST = "insiden-list"
    SELECTED = "insiden-selected"           # store: the incident number shown in the detail
    DETAIL = "insiden-detail"
    UNIT_PANEL = "insiden-unit-panel"       # status updates of one's own agency's units
    UNIT = "insiden-unit"
    UNIT_STATUS = "insiden-unit-status"
    UNIT_SEND = "insiden-unit-send"
    MESSAGE = "insiden-message"
    DONE = "insiden-done"                   # store: bumped after an action, so map and detail reload


class Meja:
    PAGE = "meja-page"
    TICK = "meja-tick"
    SOURCE = "meja-source"
    SOURCE_REF = "meja-source-ref"          # camera id, post code or complaint ticket
    CALLER = "meja-caller"
    CATEGORY = "meja-category"
    PRIORITY = "meja-priority"
    PLACE = "meja-place"                    # address or landmark search (data/gazetteer.py)
    ADDRESS = "meja-address"
    DESCRIPTION = "meja-description"
    INJURED = "meja-injured"
    DEAD = "meja-dead"
    MERGE_INTO = "meja-merge-into"
    PARTNER = "meja-partner"
    CREATE = "meja-create"
    MERGE = "meja-merge"
    PRANK = "meja-prank"
    REFER = "meja-refer"
    INFO = "meja-info"
    CALL_MESSAGE = "meja-call-message"
    REPEAT_WARNING = "meja-repeat-warning"
    INCIDENT = "meja-incident"              # the incident to dispatch to
    SUGGESTIONS = "meja-suggestions"
    DISPATCH = "meja-dispatch"
    DISPATCH_MESSAGE = "meja-dispatch-message"
    STAGE_BANNER = "meja-stage-banner"
    STAGE = "meja-stage"
    STAGE_REASON = "meja-stage-reason"
    STAGE_SET = "meja-stage-set"
    STAGE_MESSAGE = "meja-stage-message"
    DONE = "meja-done"


class Analisis:
    PAGE = "analisis-page"
    DATES = "analisis-dates"
    BY_AGENCY = "analisis-by-agency"
    BY_KECAMATAN = "analisis-by-kecamatan"
    BY_CATEGORY = "analisis-by-category"
    BY_HOUR = "analisis-by-hour"
    HEAT = "analisis-heat"
    COMPLIANCE = "analisis-compliance"
    PRANK = "analisis-prank"
    UTILISATION = "analisis-utilisation"
    CAPTION = "analisis-caption"
