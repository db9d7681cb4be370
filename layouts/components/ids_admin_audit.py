"""Component ids of the admin audit page (/admin/audit)."""


class AdminAudit:
    PAGE = "adm-audit-page"
    ACTOR = "adm-audit-actor"
    OBJECT_TYPE = "adm-audit-object-type"
    DAYS = "adm-audit-days"  # a date range in WIB
    REFRESH = "adm-audit-refresh"
    NOTE = "adm-audit-note"
    LIST = "adm-audit-list"


ROLES = ("admin",)  # shared by the page and its callbacks, like the ids
