"""Component ids of the routing rules page (/admin/rute)."""


class AdminRute:
    PAGE = "adm-route-page"
    CATEGORY = "adm-route-category"
    KECAMATAN = "adm-route-kecamatan"
    OPD = "adm-route-opd"
    SAVE = "adm-route-save"
    PICK = "adm-route-pick"  # the rule to delete
    DELETE = "adm-route-delete"
    RESULT = "adm-route-result"
    LIST = "adm-route-list"


ROLES = ("admin",)  # shared by the page and its callbacks, like the ids
