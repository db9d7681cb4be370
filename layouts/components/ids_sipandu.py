"""Component ids of the Sipandu analysis page (/sipandu): the non-permanent residents of the
viewer's area now, the weekly flow, where they come from and why, the 24-hour rule, the
kelurahan's verification backlog and the gaps (silent RTs, boarding houses without records), kept
in one place for the layout and its callbacks, and who may open it."""


class Sipandu:
    PAGE = "sipandu-page"
    TITLE = "sipandu-title"
    PERIOD = "sipandu-period"               # the last 4, 13 or 52 city weeks
    CAPTION = "sipandu-caption"
    CARDS = "sipandu-cards"                 # this week's newcomers, in time, backlog
    MAP = "sipandu-map"                     # present newcomers per kelurahan
    MAP_NOTE = "sipandu-map-note"
    AREAS = "sipandu-areas"                 # the same per kelurahan, or per RW inside a kelurahan
    TREND = "sipandu-trend"                 # arrivals, departures, expiries, present at week end
    PURPOSES = "sipandu-purposes"
    TIMELINESS = "sipandu-timeliness"       # share reported within the rule's hours
    ORIGINS = "sipandu-origins"             # ranked regencies of origin
    ORIGIN_MAP = "sipandu-origin-map"       # provinces of origin at their capitals
    BACKLOG = "sipandu-backlog"             # waiting for verification, per kelurahan
    SILENT = "sipandu-silent"               # RTs that recorded nothing in the period
    KOS = "sipandu-kos"                     # boarding houses and their recorded newcomers


# Aggregates only, for every role: the lurah and the camat read their area, an RT/RW head his RT or
# RW, the command center (operator, pimpinan, admin) the city; nobody reads a record here (the
# scope object narrows every query; the records are on /sipandu/rt and /sipandu/verifikasi).
ROLES = ("lurah", "camat", "rt_rw", "operator", "pimpinan", "admin")
