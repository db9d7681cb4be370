"""Component ids of the planning read pages (Perencanaan: the musrenbang funnel and its drill-down;
Kebijakan: complaints as a basis for policy), kept in one place for the layouts and their
callbacks, and who may open them."""

# the planning agency, the mayor's office and the admin read the city; a camat his kecamatan and a
# lurah his kelurahan (the scope object narrows every query)
ROLES = ("admin", "pimpinan", "perencana", "camat", "lurah")
PUBLIC_PROPOSAL_PATH = "/usulan/{number}"   # the citizens' page of one proposal (no login)


class Perencanaan:
    PAGE = "perencanaan-page"
    TITLE = "perencanaan-title"
    YEAR = "perencanaan-year"
    CAPTION = "perencanaan-caption"
    FUNNEL = "perencanaan-funnel"
    DRILL = "perencanaan-drill"             # store: {"kecamatan": code, "kelurahan": code, "stage": stage}
    BACK = "perencanaan-back"
    BREADCRUMB = "perencanaan-breadcrumb"
    AREA = "perencanaan-area"               # bars per kecamatan, kelurahan or RW
    PROPOSALS = "perencanaan-proposals"     # the single proposals of a kelurahan
    REJECTIONS = "perencanaan-rejections"
    SHARE = "perencanaan-share"             # the APBD's musrenbang part


class Kebijakan:
    PAGE = "kebijakan-page"
    TITLE = "kebijakan-title"
    CATEGORY = "kebijakan-category"
    DATES = "kebijakan-dates"
    YEARS = "kebijakan-years"
    CAPTION = "kebijakan-caption"
    MAP = "kebijakan-map"
    RANKING = "kebijakan-ranking"
    PROFILE = "kebijakan-profile"           # one kelurahan's hotspots by category
