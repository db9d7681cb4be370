"""Component ids of the Kinerja analysis page (/kinerja): reporting compliance per OPD and working
day, minutes against the target, the supervisors' approval backlog, the activities backed by cases
and the quarterly score distributions, kept in one place for the layout and its callbacks, and who
may open it."""


class Kinerja:
    PAGE = "kinerja-page"
    TITLE = "kinerja-title"
    PERIOD = "kinerja-period"               # the last 10, 20 or 60 working days
    CAPTION = "kinerja-caption"
    CARDS = "kinerja-cards"                 # compliance (last working day, period), backlog past deadline
    HEATMAP = "kinerja-heatmap"             # OPD rows x working days, colour = compliance %
    MINUTES = "kinerja-minutes"             # approved minutes per person per working day vs target
    BACKLOG = "kinerja-backlog"             # per OPD (city-wide) or per supervisor (an OPD)
    LINKED = "kinerja-linked"               # share of activities backed by a case, by kind
    BANDS = "kinerja-bands"                 # rating bands per quarter
    HISTOGRAM = "kinerja-histogram"         # final scores of the latest quarter


# Aggregates only: the command center and the city's planners read every OPD, an OPD user his own
# OPD (the scope object narrows every query). A kecamatan, kelurahan or RT/RW account has no OPD:
# the mart cannot answer for it. A person's own lines are on /kinerja/aktivitas, a supervisor's
# queue on /kinerja/persetujuan.
ROLES = ("opd", "operator", "perencana", "pimpinan", "admin")
