"""Pure builders of the Anggaran page (data in, figures and rows out): the S-curve against the
years before, physical against financial progress per OPD and per sub kegiatan, the lagging lines'
rows. Rupiah are shown in millions ("Rp 1.234 jt") or billions ("Rp 12,3 M")."""

from __future__ import annotations

import pandas as pd

from core import formatting
from layouts.components.plain_figures import figure, values
from layouts.components.wall_planning_panels import MONTH_NAMES

SHORT_MONTHS = tuple(name[:3] for name in MONTH_NAMES)
CURRENT_COLOUR, PAST_COLOURS = "#1f6fb2", ("#9aa5b1", "#c5ccd3", "#dde2e6")
LAGGING_NAMES = {"financial": "keuangan", "physical": "fisik", "both": "keuangan dan fisik"}
EMPTY_TEXT = "Belum ada data anggaran"


def rupiah(value) -> str:
    """Whole rupiah, short: Rp 950 jt, Rp 12,3 M, Rp 1,2 T."""
    value = float(value or 0)
    if abs(value) >= 1e12:
        return f"Rp {formatting.number(value / 1e12, 1)} T"
    if abs(value) >= 1e9:
        return f"Rp {formatting.number(value / 1e9, 1)} M"
    return f"Rp {formatting.number(value / 1e6, 0)} jt"


def empty_figure(text: str = EMPTY_TEXT) -> dict:
    return figure([], {"xaxis": {"visible": False}, "yaxis": {"visible": False},
                       "margin": {"l": 10, "r": 10, "t": 10, "b": 10},
                       "annotations": [{"text": text, "showarrow": False, "xref": "paper", "yref": "paper",
                                        "x": 0.5, "y": 0.5}]})


def s_curve(curve: pd.DataFrame, year: int, last_month: int | None) -> dict:
    """One line per year of absorption_pct by month: the chosen year bold (cut at `last_month`, the
    month we are in, when it is this year), the years before thin and grey."""
    if curve.empty:
        return empty_figure()
    traces = []
    years = sorted(set(curve["year"]), reverse=True)
    for rank, each in enumerate(years):
        rows = curve[curve["year"] == each].sort_values("month")
        if each == year and last_month is not None:
            rows = rows[rows["month"] <= last_month]
        current = each == year
        traces.append({
            "type": "scatter", "mode": "lines+markers", "name": str(each),
            "x": [SHORT_MONTHS[m - 1] for m in rows["month"]], "y": values(rows["absorption_pct"]),
            "line": {"color": CURRENT_COLOUR if current else PAST_COLOURS[min(rank - 1, 2)],
                     "width": 3 if current else 1.5, **({} if current else {"dash": "dot"})},
            "customdata": [rupiah(v) for v in rows["cumulative_rupiah"]],
            "hovertemplate": f"{each} %{{x}}: %{{y:.1f}}% (%{{customdata}})<extra></extra>"})
    return figure(traces, {"xaxis": {"categoryorder": "array", "categoryarray": list(SHORT_MONTHS)},
                           "yaxis": {"title": {"text": "Realisasi / pagu (%)"}, "rangemode": "tozero"},
                           "legend": {"orientation": "h", "y": -0.15}, "margin": {"l": 60, "r": 20, "t": 10, "b": 40}})


def progress_scatter(by_opd: pd.DataFrame, names: dict[str, str], elapsed: float) -> dict:
    """One point per OPD: financial (x) against physical (y) progress, sized by its ceiling; the
    diagonal is "as much built as paid", the dotted lines the share of the year gone by. An OPD
    without works has no physical progress: drawn on the x axis as a hollow point."""
    if by_opd.empty:
        return empty_figure()
    measured = by_opd["physical_pct"].map(lambda v: v is not None)
    largest = float(by_opd["ceiling_rupiah"].max() or 1)

    def trace(rows: pd.DataFrame, name: str, symbol: str) -> dict:
        return {"type": "scatter", "mode": "markers+text", "name": name, "textposition": "top center",
                "x": [float(v) if v is not None else 0.0 for v in rows["financial_pct"]],
                "y": [float(v) if v is not None else 0.0 for v in rows["physical_pct"]],
                "text": [names.get(code, code) for code in rows["opd_code"]],
                "customdata": list(rows["opd_code"]),
                "marker": {"symbol": symbol, "size": [12 + 30 * float(c) / largest for c in rows["ceiling_rupiah"]],
                           "color": CURRENT_COLOUR},
                "hovertemplate": "%{text}<br>keuangan %{x:.1f}% · fisik %{y:.1f}%<extra></extra>"}

    traces = [trace(by_opd[measured], "Dengan pekerjaan fisik", "circle")]
    if (~measured).any():
        traces.append(trace(by_opd[~measured], "Tanpa pekerjaan fisik", "circle-open"))
    shapes = [{"type": "line", "x0": 0, "y0": 0, "x1": 100, "y1": 100, "line": {"color": "#9aa5b1", "width": 1}},
              {"type": "line", "x0": elapsed, "x1": elapsed, "y0": 0, "y1": 100,
               "line": {"color": "#e4572e", "width": 1, "dash": "dot"}},
              {"type": "line", "x0": 0, "x1": 100, "y0": elapsed, "y1": elapsed,
               "line": {"color": "#e4572e", "width": 1, "dash": "dot"}}]
    return figure(traces, {"xaxis": {"title": {"text": "Keuangan: realisasi / pagu (%)"}, "range": [-2, 105]},
                           "yaxis": {"title": {"text": "Fisik (%)"}, "range": [-2, 105]}, "shapes": shapes,
                           "legend": {"orientation": "h", "y": -0.2}, "margin": {"l": 60, "r": 20, "t": 10, "b": 50}})


def sub_kegiatan_bars(by_sub: pd.DataFrame) -> dict:
    """Per sub kegiatan, financial and physical progress side by side (largest ceiling first)."""
    if by_sub.empty:
        return empty_figure()
    codes = list(by_sub["sub_kegiatan_code"])
    hover = [f"pagu {rupiah(c)} · realisasi {rupiah(p)}"
             for c, p in zip(by_sub["ceiling_rupiah"], by_sub["paid_rupiah"])]
    return figure([
        {"type": "bar", "orientation": "h", "name": "Keuangan", "y": codes, "x": values(by_sub["financial_pct"]),
         "customdata": hover, "hovertemplate": "%{y}: keuangan %{x:.1f}%<br>%{customdata}<extra></extra>",
         "marker": {"color": CURRENT_COLOUR}},
        {"type": "bar", "orientation": "h", "name": "Fisik", "y": codes, "x": values(by_sub["physical_pct"]),
         "hovertemplate": "%{y}: fisik %{x:.1f}%<extra></extra>", "marker": {"color": "#2f9d6a"}},
    ], {"barmode": "group", "yaxis": {"autorange": "reversed", "type": "category"},
        "xaxis": {"title": {"text": "%"}, "range": [0, 105]}, "legend": {"orientation": "h", "y": -0.15},
        "margin": {"l": 140, "r": 20, "t": 10, "b": 40}, "height": max(300, 40 + 34 * len(codes))})


def lagging_rows(lagging: pd.DataFrame, names: dict[str, str]) -> list[dict]:
    return [{"opd": names.get(row.opd_code, row.opd_code), "sub_kegiatan_code": row.sub_kegiatan_code,
             "account_code": row.account_code, "account_name": row.account_name, "ceiling": rupiah(row.ceiling_rupiah),
             "paid": rupiah(row.paid_rupiah), "financial": formatting.percent(row.financial_pct),
             "physical": formatting.percent(row.physical_pct), "elapsed": formatting.percent(row.elapsed_pct),
             "lagging": f"{LAGGING_NAMES[row.lagging_on]}, {formatting.number(row.gap_points, 1)} poin"}
            for row in lagging.itertuples()]
