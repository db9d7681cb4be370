"""Figures and tables of the planning read pages (Perencanaan, Kebijakan), built from the answers of
data/planning/: plain dicts and html components, no queries. Indonesian words, the city's number
format (core.formatting)."""

from __future__ import annotations

import pandas as pd
from dash import html

from core.formatting import MISSING, number, percent
from core.settings import MapSettings
from data.planning.policy import KIND_NAMES
from layouts.components import plain_html
from layouts.components.complaint_charts import empty_figure
from layouts.components.ids_perencanaan import PUBLIC_PROPOSAL_PATH
from layouts.components.maps import label_trace, map_style, outside_traces
from layouts.components.plain_figures import count_axis, figure, values
from modules.planning.workflow import REJECTION_REASON_NAMES, STATUS_NAMES

ACCENT, MUTED, REJECTED_COLOUR, GREY = "#1f6fb2", "#6b7785", "#c0392b", "#c9d1d9"
STAGE_NAMES = {"proposed": "Diusulkan", "verified": "Diverifikasi kelurahan", "accepted": "Diterima kecamatan",
               "prioritised": "Diprioritaskan kota", "planned": "Masuk rencana kerja",
               "budgeted": "Beranggaran", "contracted": "Dikontrak", "built": "Selesai dibangun", "rejected": "Ditolak"}
LEVEL_NAMES = {"kecamatan": "kecamatan", "kelurahan": "kelurahan", "rw": "RW"}


def rupiah(value) -> str:
    """Whole rupiah as people read budgets: Rp 950.000, Rp 18,5 juta, Rp 1,25 miliar, Rp 11,02 triliun."""
    if value is None:
        return MISSING
    value = int(value)
    for size, word, decimals in ((10**12, "triliun", 2), (10**9, "miliar", 2), (10**6, "juta", 1)):
        if abs(value) >= size:
            return f"Rp {number(value / size, decimals)} {word}"
    return f"Rp {number(value)}"


def _layout(height: int, **extra) -> dict:
    return {"height": height, "margin": {"l": 10, "r": 20, "t": 10, "b": 30}, "plot_bgcolor": "white",
            "yaxis": {"automargin": True, **extra.pop("yaxis", {})}, **extra}


# --- Perencanaan -------------------------------------------------------------------------------

def funnel_figure(funnel: pd.DataFrame, chosen_stage: str | None) -> dict:
    """The pipeline's stages as a funnel (rejected beside it as a red bar): proposals and their
    share of those made; a click on a stage chooses it (customdata: the stage)."""
    if funnel.empty or int(funnel["proposals"].iloc[0]) == 0:
        return empty_figure("Belum ada usulan untuk pilihan ini.")
    stages = funnel["stage"].tolist()
    colours = [REJECTED_COLOUR if s == "rejected" else ACCENT if s == (chosen_stage or "") else "#7fb3dc"
               for s in stages]
    shares = [percent(p) for p in funnel["pct_of_proposed"]]
    costs = [rupiah(c) for c in funnel["cost_rupiah"]]
    return figure([{"type": "bar", "orientation": "h", "x": values(funnel["proposals"]),
                    "y": [STAGE_NAMES.get(s, s) for s in stages], "customdata": stages,
                    "marker": {"color": colours}, "text": [f"{number(n)} · {s}" for n, s in
                                                           zip(funnel["proposals"], shares)],
                    "textposition": "auto", "hovertext": [f"{number(n)} usulan, {s} dari yang diusulkan, {c}"
                                                          for n, s, c in zip(funnel["proposals"], shares, costs)],
                    "hovertemplate": "%{y}: %{hovertext}<extra></extra>"}],
                  _layout(300, yaxis={"autorange": "reversed"}, xaxis=count_axis(funnel["proposals"].max()),
                          bargap=0.2))


def area_figure(areas: pd.DataFrame, level: str, names: dict, stage: str | None) -> dict:
    """Per area of the drill-down level: the proposals made (grey) and those that reached the chosen
    stage (accepted when none is chosen), most proposals on top; a click drills in (customdata:
    the area's code)."""
    if areas.empty:
        return empty_figure("Belum ada usulan untuk pilihan ini.")
    stage = stage if stage and stage != "proposed" else "accepted"
    codes = areas["code"].tolist()
    labels = [area_label(level, code, names) for code in codes]
    accepted = [percent(p, missing="belum ada keputusan") for p in areas["acceptance_pct"]]
    customdata = [str(code) for code in codes]
    height = max(180, 28 * len(areas) + 70)
    return figure([
        {"type": "bar", "orientation": "h", "name": "Diusulkan", "x": values(areas["proposed"]), "y": labels,
         "customdata": customdata, "marker": {"color": GREY},
         "hovertemplate": "%{y}: %{x:,} usulan<extra></extra>"},
        {"type": "bar", "orientation": "h", "name": STAGE_NAMES.get(stage, stage), "x": values(areas[stage]),
         "y": labels, "customdata": customdata, "hovertext": accepted,
         "marker": {"color": REJECTED_COLOUR if stage == "rejected" else ACCENT},
         "hovertemplate": f"%{{y}}: %{{x:,}} {STAGE_NAMES.get(stage, stage).lower()}"
                          "<br>diterima dari yang diputus: %{hovertext}<extra></extra>"},
    ], _layout(height, barmode="overlay", yaxis={"autorange": "reversed"},
               xaxis=count_axis(areas["proposed"].max()), showlegend=True,
               legend={"orientation": "h", "y": 1.02, "yanchor": "bottom", "x": 0}))


def area_label(level: str, code, names: dict) -> str:
    if level == "rw":
        return f"RW {int(code):02d}"
    return names.get(code, code)


def rejection_figure(reasons: pd.DataFrame) -> dict:
    """Every rejection reason (0 where never given), most frequent on top, in Indonesian."""
    if reasons.empty or int(reasons["proposals"].sum()) == 0:
        return empty_figure("Belum ada usulan yang ditolak.")
    labels = [REJECTION_REASON_NAMES.get(r, r) for r in reasons["reason"]]
    shares = [percent(p) for p in reasons["pct_of_rejected"]]
    return figure([{"type": "bar", "orientation": "h", "x": values(reasons["proposals"]), "y": labels,
                    "marker": {"color": REJECTED_COLOUR}, "text": [f"{number(n)} · {s}" for n, s in
                                                                   zip(reasons["proposals"], shares)],
                    "textposition": "auto", "hovertext": [rupiah(c) for c in reasons["cost_rupiah"]],
                    "hovertemplate": "%{y}: %{x:,} usulan, %{hovertext}<extra></extra>"}],
                  _layout(max(200, 34 * len(reasons) + 50), yaxis={"autorange": "reversed"},
                          xaxis=count_axis(reasons["proposals"].max())))


def share_card(share: dict, area_name: str, city_wide: bool) -> list:
    """The APBD's musrenbang part: the round's proposals in the plan and their cost, and their share
    of the total APBD of the year they are built in when the budget's total is known."""
    year = share["budget_year"]
    lines = [html.Div(rupiah(share["musrenbang_rupiah"]), className="share-value"),
             html.P(f"{number(share['proposals'])} usulan musrenbang {'' if city_wide else area_name + ' '}"
                    f"masuk rencana kerja untuk tahun {year} (perkiraan biaya usulan).")]
    if share["share_pct"] is not None:
        lines.append(html.P(f"{percent(share['share_pct'], 2)} dari APBD {year} ({rupiah(share['apbd_total_rupiah'])})",
                            className="share-pct"))
    elif city_wide:
        lines.append(html.P(f"Porsi dari APBD {year}: {MISSING} (total APBD {year} belum tersedia di gudang data).",
                            className="muted"))
    else:
        lines.append(html.P(f"Porsi dari APBD {year} ditampilkan pada tampilan seluruh kota.", className="muted"))
    return lines


def proposals_hint() -> list:
    return [html.P("Pilih kecamatan lalu kelurahan pada grafik di atas untuk melihat usulannya satu per satu.",
                   className="muted")]


PROPOSAL_HEADERS = ("Nomor usulan", "Kelurahan", "RW", "Jenis usulan", "Volume", "Perkiraan biaya", "Status",
                    "Alasan penolakan", "Sub kegiatan")


def proposals_table(proposals: pd.DataFrame, kelurahan_names: dict, limit: int) -> list:
    """The single proposals, each number linking to its public page (/usulan/<number>). Nothing
    personal: the list names no proposer."""
    if proposals.empty:
        return [html.P("Tidak ada usulan untuk pilihan ini.", className="muted")]
    td, rows = plain_html.cell, []  # plain elements: up to PROPOSAL_LIMIT rows of nine cells
    for row in proposals.to_dict("records"):
        number_text = row["proposal_number"]
        rows.append(plain_html.row([
            td(plain_html.element("A", number_text, href=PUBLIC_PROPOSAL_PATH.format(number=number_text),
                                  target="_blank")),
            td(kelurahan_names.get(row["kelurahan_code"], row["kelurahan_code"])),
            td(f"{int(row['rw']):02d}", "num"),
            td(f"{row['item_code']} ({KIND_NAMES.get(row['item_kind'], row['item_kind'])})"
               + (" · kemungkinan berulang" if row["repeat"] else "")),
            td(number(row["volume"], 1), "num"),
            td(rupiah(row["estimated_cost_rupiah"]), "num"),
            td(STATUS_NAMES.get(row["status"], row["status"])),
            td(REJECTION_REASON_NAMES.get(row["rejection_reason"], row["rejection_reason"] or "")),
            td(row["sub_kegiatan_code"] or ""),
        ]))
    note = [html.P(f"Ditampilkan {number(limit)} usulan termahal.", className="muted")] if len(proposals) >= limit else []
    return [html.Table(className="planning-table", children=[
        html.Thead(html.Tr([html.Th(h) for h in PROPOSAL_HEADERS])), html.Tbody(rows)]), *note]


# --- Kebijakan ---------------------------------------------------------------------------------

SCORE_SCALE = [[0.0, "#f7fbff"], [0.3, "#fdd49e"], [0.65, "#fc8d59"], [1.0, "#b30000"]]


def policy_map(ranking: pd.DataFrame, geojson_url: str, map_settings: MapSettings, labels: pd.DataFrame,
               outside: pd.DataFrame | None = None, view: tuple[dict, float] | None = None) -> dict:
    """The kelurahan of the viewer's area coloured by the score (complaints per 1 + accepted works
    of the matching kind), the rest greyed, names written on it; a click picks a kelurahan
    (location: its code)."""
    scores = values(ranking["score"])
    hover = [[name, int(c), int(a), int(p), int(r), int(b)] for name, c, a, p, r, b in
             zip(ranking["name"], ranking["complaints"], ranking["accepted"], ranking["planned"], ranking["rank"],
                 ranking["built"])]
    trace = {"type": "choroplethmap", "geojson": geojson_url, "featureidkey": "properties.code",
             "locations": ranking["code"].tolist(), "z": scores, "zmin": 0, "zmax": max([*scores, 1]),
             "colorscale": SCORE_SCALE, "customdata": hover, "name": "skor",
             "marker": {"line": {"color": "#44505c", "width": 0.8}, "opacity": 0.85},
             "hovertemplate": "<b>%{customdata[0]}</b> (peringkat %{customdata[4]})<br>Aduan: %{customdata[1]}"
                              "<br>Usulan diterima: %{customdata[2]} · masuk rencana: %{customdata[3]}"
                              " · selesai dibangun: %{customdata[5]}"
                              "<br>Skor: %{z}<extra></extra>",
             "colorbar": {"title": {"text": "Skor", "font": {"size": 12}}, "thickness": 12, "len": 0.5, "x": 0.99,
                          "xanchor": "right", "bgcolor": "rgba(255,255,255,0.8)"}}
    center, zoom = view or ({"lat": map_settings.center_lat, "lon": map_settings.center_lon}, map_settings.zoom)
    return figure([trace, *outside_traces(outside, geojson_url), label_trace(labels, "kelurahan")],
                  {"map": {"style": map_style(map_settings.basemap_style), "zoom": zoom, "center": center},
                   "margin": {"l": 0, "r": 0, "t": 0, "b": 0}, "showlegend": False,
                   "uirevision": f"kebijakan:{zoom}"})


RANKING_HEADERS = ("Peringkat", "Kelurahan", "Kecamatan", "Aduan", "Usulan diterima", "Masuk rencana",
                   "Selesai dibangun", "Biaya diterima", "Skor")


def ranking_table(ranking: pd.DataFrame, kecamatan_names: dict, limit: int = 20) -> list:
    """The kelurahan most in need of the category's works first (those with complaints only)."""
    shown = ranking[ranking["complaints"] > 0].head(limit)
    if shown.empty:
        return [html.P("Tidak ada aduan kategori ini pada periode ini.", className="muted")]
    td = plain_html.cell  # plain elements: up to `limit` rows of nine cells
    rows = [plain_html.row([td(number(r["rank"]), "num"), td(r["name"]),
                            td(kecamatan_names.get(r["kecamatan_code"], r["kecamatan_code"])),
                            td(number(r["complaints"]), "num"), td(number(r["accepted"]), "num"),
                            td(number(r["planned"]), "num"), td(number(r["built"]), "num"),
                            td(rupiah(r["accepted_cost_rupiah"]), "num"), td(number(r["score"], 2), "num")])
            for r in shown.to_dict("records")]
    return [html.Table(className="planning-table", children=[
        html.Thead(html.Tr([html.Th(h) for h in RANKING_HEADERS])), html.Tbody(rows)])]


def profile_table(profile: pd.DataFrame, kelurahan_name: str, category_names: dict) -> list:
    """One kelurahan's complaint hotspots by category next to the works of the matching kinds."""
    rows = [html.Tr([html.Td(category_names.get(r["category_code"], r["category_code"])),
                     html.Td(", ".join(KIND_NAMES.get(k, k) for k in r["work_kinds"])),
                     html.Td(number(r["complaints"]), className="num"), html.Td(number(r["accepted"]), className="num"),
                     html.Td(number(r["planned"]), className="num"), html.Td(number(r["built"]), className="num")])
            for r in profile.to_dict("records")]
    return [html.H3(f"Kelurahan {kelurahan_name}: aduan per kategori dan karya yang sesuai"),
            html.Table(className="planning-table", children=[
                html.Thead(html.Tr([html.Th(h) for h in ("Kategori aduan", "Jenis karya yang sesuai", "Aduan",
                                                          "Usulan diterima", "Masuk rencana",
                                                          "Selesai dibangun")])),
                html.Tbody(rows)])]
