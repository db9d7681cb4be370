"""Admin: users: create one with role and scope, reset a password, disable or enable a login."""

import dash
from dash import dcc, html

from layouts.components.admin_forms import field, grid, panel, text_input
from layouts.components.ids_admin_pengguna import ROLES, AdminPengguna as P

dash.register_page(__name__, path="/admin/pengguna", name="Pengguna", title="Pengguna · Pantau", order=91,
                   roles=ROLES)


def layout(**_query):
    return html.Div(id=P.PAGE, className="admin-page", children=[
        html.H2("Pengguna", className="page-title"),
        html.Div(className="admin-forms", children=[
            panel("Buat pengguna",
                  field("Nama pengguna (untuk masuk)", text_input(P.USERNAME, maxLength=64, autoComplete="off")),
                  field("Nama lengkap", text_input(P.FULL_NAME, maxLength=200)),
                  field("Kata sandi awal (paling sedikit 8 karakter)",
                        text_input(P.PASSWORD, type="password", maxLength=128, autoComplete="new-password")),
                  field("Peran", dcc.Dropdown(id=P.ROLE, placeholder="Pilih peran")),
                  html.Fieldset(className="desk-fieldset", children=[
                      html.Legend("Cakupan (sesuai peran)"),
                      html.P("Peran ini melihat seluruh kota.", id=P.SCOPE_NOTE, className="muted"),
                      html.Div(id=P.SCOPE_OPD, hidden=True, children=[
                          field("OPD", dcc.Dropdown(id=P.OPD, placeholder="Pilih OPD")),
                          dcc.Checklist(id=P.CITY_WIDE, value=[],
                                        options=[{"label": " boleh melihat seluruh kota", "value": "yes"}]),
                      ]),
                      html.Div(id=P.SCOPE_KECAMATAN, hidden=True, children=[
                          field("Kecamatan", dcc.Dropdown(id=P.KECAMATAN, placeholder="Pilih kecamatan"))]),
                      html.Div(id=P.SCOPE_KELURAHAN, hidden=True, children=[
                          field("Kelurahan", dcc.Dropdown(id=P.KELURAHAN, placeholder="Pilih kelurahan"))]),
                      html.Div(id=P.SCOPE_RW, hidden=True, children=[
                          html.Div(className="desk-pair", children=[
                              field("RW", text_input(P.RW, type="number", min=1, max=99, step=1)),
                              field("RT (boleh kosong)", text_input(P.RT, type="number", min=1, max=99, step=1)),
                          ]),
                      ]),
                  ]),
                  html.Button("Buat pengguna", id=P.CREATE, className="button")),
            panel("Ubah pengguna",
                  field("Pengguna", dcc.Dropdown(id=P.PICK, placeholder="Pilih pengguna")),
                  field("Kata sandi baru (paling sedikit 8 karakter)",
                        text_input(P.NEW_PASSWORD, type="password", maxLength=128, autoComplete="new-password")),
                  html.P("Memilih pengguna mengisi formulir di samping dengan nama, peran dan cakupannya; ubah "
                         "di sana, lalu simpan di sini.", className="muted"),
                  html.Div(className="toolbar", children=[
                      html.Button("Simpan nama, peran & cakupan", id=P.UPDATE, className="button"),
                      html.Button("Ganti kata sandi", id=P.RESET, className="button"),
                      html.Button("Nonaktifkan", id=P.DISABLE, className="button"),
                      html.Button("Aktifkan", id=P.ENABLE, className="button"),
                  ]),
                  html.P("Mengganti kata sandi atau menonaktifkan mengakhiri semua sesi pengguna itu.",
                         className="muted")),
        ]),
        html.Div(id=P.RESULT, className="admin-result"),
        panel("Daftar pengguna", grid(P.USERS, [("username", "Nama pengguna"), ("full_name", "Nama lengkap"),
                                                ("role", "Peran"), ("scope", "Cakupan"), ("active", "Status"),
                                                ("created_at", "Dibuat (WIB)")])),
    ])
