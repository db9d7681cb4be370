"""Component ids of the Admin ETL page (/admin/etl)."""


class AdminEtl:
    REFRESH = "admin-etl-refresh"
    WATERMARKS = "admin-etl-watermarks"
    MART_VERSIONS = "admin-etl-mart-versions"
    REJECTS = "admin-etl-rejects"
    REJECTS_NOTE = "admin-etl-rejects-note"


ROLES = ("admin",)  # shared by the page and its callbacks, like the ids
