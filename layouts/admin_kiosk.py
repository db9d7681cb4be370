"""Admin: Token kiosk layar dinding: issue one (its secret is shown once) and revoke one."""

import dash

from layouts.components.admin_forms import secret_page
from layouts.components.ids_admin_kiosk import ROLES, AdminKiosk as K

dash.register_page(__name__, path="/admin/kiosk", name="Kiosk", title="Kiosk · Pantau", order=92, roles=ROLES)


def layout(**_query):
    return secret_page(K, "Token kiosk layar dinding",
                       "Alamat /kiosk/… masuk sebagai layar dinding saja; tampil sekali saat diterbitkan.",
                       "Nama layar (mis. ruang-kendali-1)", "Token kiosk")
