"""Component ids of the Infrastruktur page, kept in one place for its layout and callbacks, who may
open it, and the path of its SLA download.

Every role listed reads the page; its scope decides what he sees (data/scope.py): an OPD his own
devices, a camat or a lurah the devices in his district, the others the whole city."""

ROLES = ("operator", "admin", "pimpinan", "opd", "camat", "lurah")
REFRESH_MS = 15_000                 # states change as the prober reports; the page follows
SLA_XLSX_PATH = "/unduh/infrastruktur-sla.xlsx"


class Infrastruktur:
    PAGE = "infra-page"
    TICK = "infra-tick"
    CAPTION = "infra-caption"
    KIND = "infra-kind"                 # filter: device kinds
    STATE = "infra-state"               # filter: states
    MAP = "infra-map"                   # devices by state
    MAP_DRAWN = "infra-map-drawn"       # store: the drawing the map shows (data.cache.drawn_version)
    FAULTS = "infra-faults"             # one card per root cause
    OUTAGES = "infra-outages"           # current outages with their age
    DATES = "infra-dates"               # period of the blind-spot map and the SLA report
    BLIND_SPOTS = "infra-blind-spots"   # camera availability per kelurahan
    SELECTED = "infra-selected"         # store: the device code shown in the detail
    DETAIL = "infra-detail"
    SLA = "infra-sla"                   # the vendor SLA table (per contract)
    SLA_DOWNLOAD = "infra-sla-download" # the XLSX link, carrying the period
