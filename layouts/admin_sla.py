"""Admin: SLA minutes of one complaint category, overriding the settings' defaults."""

import dash
from dash import dcc, html

from layouts.components.admin_forms import field, grid, panel, text_input
from layouts.components.ids_admin_sla import ROLES, AdminSla as S
from modules.complaints.rules import MAX_SLA_MINUTES

dash.register_page(__name__, path="/admin/sla", name="SLA", title="SLA kategori · Pantau", order=95, roles=ROLES)


def layout(**_query):
    return html.Div(id=S.PAGE, className="admin-page", children=[
        html.H2("SLA per kategori", className="page-title"),
        html.P(f"Menit 1 sampai {MAX_SLA_MINUTES:,} (30 hari). Isian kosong memakai bawaan pengaturan; kosongkan "
               "keduanya untuk menghapus SLA khusus. Berlaku untuk aduan yang masuk sesudahnya.".replace(",", "."),
               className="muted"),
        panel("Atur SLA kategori",
              field("Kategori", dcc.Dropdown(id=S.CATEGORY, placeholder="Pilih kategori")),
              html.Div(className="desk-pair", children=[
                  field("Tanggapan pertama (menit)", text_input(S.FIRST_RESPONSE, type="number", min=1,
                                                                max=MAX_SLA_MINUTES, step=1)),
                  field("Umpan balik (menit)", text_input(S.FEEDBACK, type="number", min=1, max=MAX_SLA_MINUTES,
                                                          step=1)),
              ]),
              html.Button("Simpan SLA", id=S.SAVE, className="button")),
        html.Div(id=S.RESULT, className="admin-result"),
        panel("SLA khusus yang berlaku", grid(S.LIST, [("category", "Kategori"), ("category_code", "Kode"),
                                                       ("first_response_minutes", "Tanggapan pertama (menit)"),
                                                       ("feedback_minutes", "Umpan balik (menit)"),
                                                       ("updated_at", "Diubah (WIB)")])),
    ])
