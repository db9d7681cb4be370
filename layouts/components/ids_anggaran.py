"""Component ids and roles of the Anggaran page (layouts/anggaran.py, callbacks/anggaran.py)."""

ROLES = ("admin", "pimpinan", "perencana", "opd")


class Anggaran:
    PAGE = "anggaran-page"
    YEAR = "anggaran-year"
    OPD = "anggaran-opd"
    CAPTION = "anggaran-caption"
    CURVE = "anggaran-curve"
    PROGRESS = "anggaran-progress"
    SUBS = "anggaran-subs"
    SUBS_TITLE = "anggaran-subs-title"
    LAGGING = "anggaran-lagging"
    LAGGING_CAPTION = "anggaran-lagging-caption"
