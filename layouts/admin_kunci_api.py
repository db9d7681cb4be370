"""Admin: Kunci API Open311 dan gateway: issue one (its secret is shown once) and revoke one."""

import dash

from layouts.components.admin_forms import secret_page
from layouts.components.ids_admin_kunci_api import ROLES, AdminKunciApi as K

dash.register_page(__name__, path="/admin/kunci-api", name="Kunci API", title="Kunci API · Pantau", order=93, roles=ROLES)


def layout(**_query):
    return secret_page(K, "Kunci API Open311 dan gateway",
                       "Kunci dipakai klien untuk mengirim aduan lewat Open311 (POST requests.json); "
                       "tampil sekali saat diterbitkan.",
                       "Nama klien (mis. aplikasi-mitra)", "Kunci API")
