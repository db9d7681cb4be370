"""Component ids of the users page (/admin/pengguna)."""


class AdminPengguna:
    PAGE = "adm-user-page"
    USERNAME = "adm-user-username"
    FULL_NAME = "adm-user-full-name"
    PASSWORD = "adm-user-password"
    ROLE = "adm-user-role"
    OPD = "adm-user-opd"
    CITY_WIDE = "adm-user-city-wide"
    KECAMATAN = "adm-user-kecamatan"
    KELURAHAN = "adm-user-kelurahan"
    RW = "adm-user-rw"
    RT = "adm-user-rt"
    SCOPE_NOTE = "adm-user-scope-note"
    SCOPE_OPD = "adm-user-scope-opd"  # the groups of scope fields, shown for the roles that use them
    SCOPE_KECAMATAN = "adm-user-scope-kecamatan"
    SCOPE_KELURAHAN = "adm-user-scope-kelurahan"
    SCOPE_RW = "adm-user-scope-rw"
    CREATE = "adm-user-create"
    PICK = "adm-user-pick"  # the user the buttons below act on
    NEW_PASSWORD = "adm-user-new-password"
    UPDATE = "adm-user-update"  # the form's name, role and scope for the picked user
    RESET = "adm-user-reset"
    DISABLE = "adm-user-disable"
    ENABLE = "adm-user-enable"
    RESULT = "adm-user-result"
    USERS = "adm-user-list"


ROLES = ("admin",)  # shared by the page and its callbacks, like the ids
