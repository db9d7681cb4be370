"""Component ids of the Open311 / gateway API keys page (/admin/kunci-api)."""


class AdminKunciApi:
    PAGE = "adm-apikey-page"
    LABEL = "adm-apikey-label"
    ISSUE = "adm-apikey-issue"
    PICK = "adm-apikey-pick"  # the one to revoke
    REVOKE = "adm-apikey-revoke"
    RESULT = "adm-apikey-result"
    SECRET = "adm-apikey-secret"  # the new secret, shown once inside RESULT
    LIST = "adm-apikey-list"


ROLES = ("admin",)  # shared by the page and its callbacks, like the ids
