"""Component ids of the wall-display kiosk tokens page (/admin/kiosk)."""


class AdminKiosk:
    PAGE = "adm-kiosk-page"
    LABEL = "adm-kiosk-label"
    ISSUE = "adm-kiosk-issue"
    PICK = "adm-kiosk-pick"  # the one to revoke
    REVOKE = "adm-kiosk-revoke"
    RESULT = "adm-kiosk-result"
    SECRET = "adm-kiosk-secret"  # the new secret, shown once inside RESULT
    LIST = "adm-kiosk-list"


ROLES = ("admin",)  # shared by the page and its callbacks, like the ids
