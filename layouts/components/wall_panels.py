"""Wall display panels: the registry every domain's panels join, and what the wall needs to draw them.

A panel is a titled unit the wall shows in one region ("placement"): the counters strip at the
top, the main area (map), the rotating area (charts that take turns), the side column (alarms)
and the ticker at the bottom; `order` places it within its region. Each domain lists its panels
in its own module (complaints: wall_complaint_panels.PANELS) and names that list in its
registration (core.domains); the wall builds one slot per panel and redraws a panel only when one
of its marts has a new version. Each domain's panels are refreshed by a request of their own, so
a slow domain delays only its own panels and an unchanged one answers 204 by itself.

A renderer is `render(services, viewer)`: it asks `data/` and returns the slot's children (or a
figure, for `kind="figure"`). Rows that carry a `data-item` attribute take part in "new since the
last draw" highlighting (`mark_new_items`), which the refresh callback applies to every panel.
Each domain keeps its panels in its own module (complaints: wall_complaint_panels.py), with pure
builders (data in, components out) and renderers that call data/.
"""

from __future__ import annotations

import logging
import math
from collections.abc import Callable, Iterable
from dataclasses import dataclass, replace
from datetime import date, datetime
from typing import Any, Literal

import pandas as pd
import plotly.graph_objects as go
from dash import Patch, dcc, html
from dash.development.base_component import Component

from core.clock import city_naive
from core.formatting import DATE_TIME_PATTERN, graph_config
from core.services import Services
from core.users import Viewer
from data.cache import mart_cache
from layouts.components import plain_figures
from layouts.components.ids_wall import Wall

log = logging.getLogger(__name__)

Placement = Literal["strip", "main", "rotate", "side", "ticker"]
PLACEMENTS: tuple[str, ...] = ("strip", "main", "rotate", "side", "ticker")
KINDS = ("component", "figure")
DAY_NAMES = ("Senin", "Selasa", "Rabu", "Kamis", "Jumat", "Sabtu", "Minggu")
REFERENCE_SCREEN = (1920, 1080)  # figures are drawn for this screen and scaled to the real one
# A pseudo-mart whose version is the current minute, for panels whose answer moves with the clock
# (e.g. "open and past its due time now") even when no mart changes.
MINUTE = "@minute"
# The main region holds the domains' maps one above the other (complaints, then 112 incidents): at
# 1920x1080 each is about 800x260 pixels, and this step from the city's zoom fits the whole city in.
WALL_MAP_ZOOM_STEP = -0.9


# --- the registry --------------------------------------------------------------------------------

@dataclass(frozen=True)
class WallPanel:
    key: str
    title: str
    marts: tuple[str, ...]              # redrawn when one of these mart versions changes
    placement: Placement
    render: Callable[[Services, Viewer], Any]  # the slot's children, or a figure dict for kind="figure"
    kind: Literal["component", "figure"] = "component"
    update: Callable[[Services, Viewer], Patch] | None = None  # a figure already on screen: patch it
    note: str = ""                      # a short line under the title
    order: int = 100                    # position within its placement
    # kind="figure": the figure the page is served with, `placeholder(settings)`, from reference data
    # only (no query), so the panel is drawn, dark, before the first data arrives (a slow first answer
    # must not leave a blank or white panel); without one a transparent empty figure
    placeholder: Callable[[Any], dict] | None = None
    # the domain whose registration names the panel (set when the registry loads it): each domain's
    # panels are refreshed by a request of their own; panels registered by hand share OTHER_PANELS
    domain: str = ""

    def __post_init__(self):
        if self.placement not in PLACEMENTS:
            raise ValueError(f"wall panel {self.key!r}: placement must be one of {PLACEMENTS}")
        if self.kind not in KINDS:
            raise ValueError(f"wall panel {self.key!r}: kind must be one of {KINDS}")
        if not self.marts or isinstance(self.marts, str):
            raise ValueError(f"wall panel {self.key!r}: marts must be a tuple of mart names")


_PANELS: dict[str, WallPanel] = {}
OTHER_PANELS = "other"  # the group of panels no domain registered (a test's, a plugin's)


def register_panel(panel: WallPanel) -> WallPanel:
    """Adds (or, with the same key, replaces) a panel; returns it, so it can decorate a constant."""
    _PANELS[panel.key] = panel
    return panel


def unregister_panel(key: str) -> None:
    _PANELS.pop(key, None)


def registered_panels(placement: str | None = None) -> list[WallPanel]:
    _load_domain_panels()
    panels = [p for p in _PANELS.values() if placement is None or p.placement == placement]
    return sorted(panels, key=lambda p: p.order)  # stable: registration order breaks ties


def group_of(panel: WallPanel) -> str:
    """The panel's refresh group: its domain's name (OTHER_PANELS for a panel registered by hand)."""
    return panel.domain or OTHER_PANELS


def panel_groups() -> list[str]:
    """Every refresh group with a registered panel, in the order their panels come."""
    return list(dict.fromkeys(group_of(panel) for panel in registered_panels()))


def panel_by_key(key: str) -> WallPanel | None:
    _load_domain_panels()
    return _PANELS.get(key)


_domains_loaded: set[str] = set()


def _load_domain_panels() -> None:
    """Each registered domain's PANELS (core.domains), once per domain; read when the wall is
    built, not at import, so a panel module may import this one without a cycle."""
    from core.domains import registered_domains, resolve

    for domain in registered_domains():
        if domain.wall_panels and domain.name not in _domains_loaded:
            _domains_loaded.add(domain.name)
            for panel in resolve(domain.wall_panels):
                _PANELS.setdefault(panel.key, replace(panel, domain=panel.domain or domain.name))


# --- slots (what the page layout is built from) ------------------------------------------------------

# What a figure panel shows before its first draw: nothing, on the wall's own dark background
# (dcc.Graph's default empty figure has a white paper).
EMPTY_FIGURE = {"data": [], "layout": {"paper_bgcolor": "rgba(0,0,0,0)", "plot_bgcolor": "rgba(0,0,0,0)",
                                       "xaxis": {"visible": False}, "yaxis": {"visible": False},
                                       "margin": {"l": 0, "r": 0, "t": 0, "b": 0}}}


def first_figure(panel: WallPanel, settings) -> dict:
    """The figure a figure panel is served with (see WallPanel.placeholder)."""
    if panel.placeholder is None or settings is None:
        return plain_figures.figure(EMPTY_FIGURE["data"], dict(EMPTY_FIGURE["layout"]))
    try:
        return panel.placeholder(settings)
    except Exception:  # noqa: BLE001 - a broken placeholder must not take the page down
        log.exception("wall panel %s: placeholder failed", panel.key)
        return plain_figures.figure([], dict(EMPTY_FIGURE["layout"]))


def panel_slot(panel: WallPanel, settings=None) -> html.Section:
    """The frame a panel is drawn into; the refresh callback fills it (a figure panel starts with
    its placeholder, `settings` being the app's settings)."""
    content = (dcc.Graph(id=Wall.graph(panel.key, group_of(panel)), className="wall-graph", responsive=True,
                         figure=first_figure(panel, settings),
                         config=graph_config(displayModeBar=False, scrollZoom=False))
               if panel.kind == "figure" else
               html.Div(id=Wall.slot(panel.key, group_of(panel)), className="wall-slot"))
    section_id = Wall.rotate_item(panel.key) if panel.placement == "rotate" else f"wall-panel-{panel.key}"
    return html.Section(id=section_id, className=f"wall-panel wall-panel-{panel.placement}"
                        + (" wall-rotate-item" if panel.placement == "rotate" else ""), children=[
        *([html.H2(panel.title, className="wall-panel-title")] if panel.title else []),
        *([html.P(panel.note, className="wall-panel-note")] if panel.note else []),
        content,
    ])


def region(placement: str, settings=None) -> html.Div:
    """Every registered panel of one placement, in order."""
    panels = registered_panels(placement)
    children = [panel_slot(p, settings) for p in panels]
    if placement == "rotate" and children:
        children[0].className += " is-active"  # visible before the first rotation tick
    return html.Div(className=f"wall-region wall-region-{placement}", children=children)


# --- what to redraw (pure; the refresh callback asks these) -------------------------------------------

def panel_versions(panel: WallPanel, versions: dict[str, int]) -> dict[str, int]:
    return {mart: versions.get(mart, 0) for mart in panel.marts}


def stale_keys(panels: Iterable[WallPanel], versions: dict[str, int], drawn: dict | None) -> set[str]:
    """Panels never drawn, or drawn from an older version of one of their marts."""
    drawn_panels = (drawn or {}).get("panels", {})
    return {p.key for p in panels if drawn_panels.get(p.key) != panel_versions(p, versions)}


def all_marts(panels: Iterable[WallPanel]) -> list[str]:
    return sorted({mart for p in panels for mart in p.marts})


def current_versions(marts: Iterable[str], version_of: Callable[[str], int], now: datetime) -> dict[str, int]:
    """Each mart's version; the pseudo-mart MINUTE's version is the current minute."""
    return {mart: int(now.timestamp() // 60) if mart == MINUTE else version_of(mart) for mart in marts}


def draw_panel(panel: WallPanel, services: Services, viewer: Viewer, on_screen: bool,
               screen: dict | None, now: datetime | None = None) -> Any:
    """The panel's content; a figure already on screen is patched when the panel can. A failing
    panel shows a short message instead of taking the whole wall down. With `now`, the drawing is
    kept in the mart cache (data/cache.py: Redis when configured, shared by the workers) under its
    marts' versions, the scope, the screen's scale and the minute: a panel's content is a function
    of these (the wall redraws a panel only when one of its marts, or MINUTE, has a new version),
    so the command center's walls and the mayor's office, refreshing after the same ETL commit,
    draw each panel once. Each caller gets its own copy (the refresh marks new rows in place)."""
    try:
        if panel.kind == "figure" and on_screen and panel.update is not None:
            return panel.update(services, viewer)
        if now is None:
            return _render(panel, services, viewer, screen)
        marts = tuple(mart for mart in panel.marts if mart != MINUTE)
        arguments = (viewer.scope.key, screen_scale(screen), int(now.timestamp() // 60))
        return mart_cache(services).get(marts, f"wall-panel:{panel.key}", arguments,
                                        lambda: _render(panel, services, viewer, screen))
    except Exception:  # noqa: BLE001 - one broken panel must not blank the wall
        log.exception("wall panel %s failed", panel.key)
        if panel.kind == "figure":
            return plain_figures.figure([], {"paper_bgcolor": "rgba(0,0,0,0)", "plot_bgcolor": "rgba(0,0,0,0)"})
        return html.P("Panel tidak tersedia saat ini.", className="wall-empty")


def _render(panel: WallPanel, services: Services, viewer: Viewer, screen: dict | None) -> Any:
    content = panel.render(services, viewer)
    if isinstance(content, go.Figure):  # another domain's panel may still build a go.Figure
        content = content.to_dict()
    return fit_figure_to_screen(content, screen) if isinstance(content, dict) else content


def mark_new_items(content: Any, previous: list[str] | None) -> tuple[Any, list[str]]:
    """Adds `is-new` to every element whose `data-item` was not drawn last time (none on the
    first draw: that is the baseline); returns the content and the item keys now drawn."""
    elements = [e for e in _components(content) if getattr(e, "data-item", None) is not None]
    keys = sorted({str(getattr(e, "data-item")) for e in elements})
    if previous is not None:
        seen = set(previous)
        for element in elements:
            if str(getattr(element, "data-item")) not in seen:
                element.className = f"{getattr(element, 'className', None) or ''} is-new".strip()
    return content, keys


def _components(content: Any) -> list[Component]:
    """Every Dash component in `content` (a component, a list of them, text), parents first; a
    loop over a stack, not nested generators (a wall draws some 1,500 nodes a refresh)."""
    found, pending = [], [content]
    while pending:
        node = pending.pop()
        if isinstance(node, (list, tuple)):
            pending.extend(reversed(node))
        elif isinstance(node, Component):
            found.append(node)
            pending.append(getattr(node, "children", None))
    return found


def fit_figure_to_screen(figure: dict, screen: dict | None) -> dict:
    """Figures (plain dicts) are drawn for a 1920x1080 wall; on a larger screen map zoom, marker,
    label and font sizes grow with it so the map fills its panel and stays legible at 4K. Changes the
    figure in place: its builder made fresh dicts for this draw."""
    scale = screen_scale(screen)
    if scale == 1:
        return figure
    layout = figure.setdefault("layout", {})
    if layout.get("map", {}).get("zoom") is not None:
        layout["map"]["zoom"] += math.log2(scale)
    for trace in figure.get("data", []):
        for part in ("marker", "textfont"):  # dots and district names
            size = trace.get(part, {}).get("size")
            if isinstance(size, (int, float)):
                trace[part]["size"] = size * scale
    font = layout.get("font", {})
    layout["font"] = {**font, "size": (font.get("size") or 12) * scale}
    return figure


def screen_scale(screen: dict | None) -> float:
    try:
        width, height = float(screen["width"]), float(screen["height"])
    except (TypeError, KeyError, ValueError):
        return 1.0
    if width <= 0 or height <= 0:
        return 1.0
    return round(max(0.5, min(4.0, min(width / REFERENCE_SCREEN[0], height / REFERENCE_SCREEN[1]))), 3)


def version_line(versions: dict[str, int], drawn_at: datetime) -> str:
    return f"{versions_text(versions)} · diperbarui {wib_clock(drawn_at)} WIB"


def versions_text(versions: dict[str, int]) -> str:
    """The footer's data versions, "data: versi 12" (one mart) or "data: versi a 3 · b 7" (the
    minute is no data version)."""
    versions = {mart: v for mart, v in versions.items() if mart != MINUTE}
    numbers = (str(next(iter(versions.values()))) if len(versions) == 1
               else " · ".join(f"{m} {v}" for m, v in sorted(versions.items())))
    return f"data: versi {numbers}"


# --- time in WIB --------------------------------------------------------------------------------------

def wib_datetime(value) -> datetime:
    return city_naive(pd.Timestamp(value).to_pydatetime())  # the marts keep UTC


def wib_clock(value) -> str:
    return wib_datetime(value).strftime("%H:%M:%S")


def ticker_item(item: str, time_label: str, code: str, what: str, where: str, extra_class: str = "",
                newest: bool = False) -> html.Span:
    """One item of a wall ticker: time, code, what and where; `data-item` (the code that names it)
    takes part in "new since the last draw" highlighting."""
    classes = " ".join(name for name in ("wall-ticker-item", extra_class, "is-newest" if newest else "") if name)
    return html.Span(className=classes, **{"data-item": item}, children=[
        html.B(time_label, className="wall-ticker-time"),
        html.Span(code, className="wall-ticker-ticket"),
        html.Span(what, className="wall-ticker-category"),
        html.Span(where, className="wall-ticker-place"),
    ])


def scrolling_ticker(items: list, empty_text: str) -> html.Div:
    """Items as a scrolling line; the track holds them twice so the animation loops without a gap,
    at the same reading speed for any number of items. No items: a calm line, not an error."""
    if not items:
        return html.Div(empty_text, className="wall-empty")
    seconds = max(20, 7 * len(items))
    return html.Div(className="wall-ticker", children=html.Div(
        className="wall-ticker-track", style={"animationDuration": f"{seconds}s"},
        children=[html.Div(items, className="wall-ticker-copy"),
                  html.Div(items, className="wall-ticker-copy", **{"aria-hidden": "true"})]))


def wib_label(value, today: date) -> str:
    """"14:05" for today, "01/11/2026 14:05" (the city's one format) for another day."""
    moment = wib_datetime(value)
    return moment.strftime("%H:%M") if moment.date() == today else moment.strftime(DATE_TIME_PATTERN)

