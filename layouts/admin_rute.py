"""Admin: routing rules: category (optionally in one kecamatan) -> the OPD that gets its complaints."""

import dash
from dash import dcc, html

from layouts.components.admin_forms import field, grid, panel
from layouts.components.ids_admin_rute import ROLES, AdminRute as R

dash.register_page(__name__, path="/admin/rute", name="Rute", title="Aturan rute · Pantau", order=94, roles=ROLES)


def layout(**_query):
    return html.Div(id=R.PAGE, className="admin-page", children=[
        html.H2("Aturan rute pengaduan", className="page-title"),
        html.P("Aturan dengan kecamatan mengalahkan aturan seluruh kota untuk kategori yang sama. Kategori tanpa "
               "aturan masuk antrean triase Command Center. Berlaku untuk aduan yang masuk sesudahnya.",
               className="muted"),
        html.Div(className="admin-forms", children=[
            panel("Tambah atau ubah aturan",
                  field("Kategori", dcc.Dropdown(id=R.CATEGORY, placeholder="Pilih kategori")),
                  field("Kecamatan (kosong: seluruh kota)", dcc.Dropdown(id=R.KECAMATAN, placeholder="Seluruh kota")),
                  field("OPD tujuan", dcc.Dropdown(id=R.OPD, placeholder="Pilih OPD")),
                  html.Button("Simpan aturan", id=R.SAVE, className="button")),
            panel("Hapus aturan", field("Aturan", dcc.Dropdown(id=R.PICK, placeholder="Pilih aturan")),
                  html.Button("Hapus aturan", id=R.DELETE, className="button")),
        ]),
        html.Div(id=R.RESULT, className="admin-result"),
        panel("Daftar aturan", grid(R.LIST, [("id", "ID"), ("category", "Kategori"), ("kecamatan", "Kecamatan"),
                                             ("opd", "OPD"), ("updated_at", "Diubah (WIB)")])),
    ])
