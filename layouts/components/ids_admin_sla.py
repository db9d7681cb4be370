"""Component ids of the SLA overrides page (/admin/sla)."""


class AdminSla:
    PAGE = "adm-sla-page"
    CATEGORY = "adm-sla-category"
    FIRST_RESPONSE = "adm-sla-first-response"
    FEEDBACK = "adm-sla-feedback"
    SAVE = "adm-sla-save"
    RESULT = "adm-sla-result"
    LIST = "adm-sla-list"


ROLES = ("admin",)  # shared by the page and its callbacks, like the ids
