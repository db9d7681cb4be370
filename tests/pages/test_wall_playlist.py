"""The kiosk's playlist of wall pages across domains is a setting, checked at start-up."""

import pytest

from core.settings import SettingsError
from layouts.components.ids_wall import Wall


def find(node, component_id):
    if isinstance(node, (list, tuple)):
        return next((found for child in node if (found := find(child, component_id)) is not None), None)
    if getattr(node, "id", None) == component_id:
        return node
    return find(getattr(node, "children", None), component_id) if hasattr(node, "children") else None


def wall_layout(settings):
    import dash

    from app import create_app

    app = create_app(settings)
    page = next(p for p in dash.page_registry.values() if p["path"] == "/wall")
    with app.server.test_request_context("/wall"):
        return page["_unprotected_layout"]()


def test_one_page_keeps_the_kiosk_where_it_is(settings):
    layout = wall_layout(settings)
    assert find(layout, Wall.PLAYLIST).data == ["/wall"]
    assert find(layout, Wall.NEXT_PAGE).disabled is True


def test_two_entries_take_turns_at_the_set_pace(settings):
    # /wall is today's only wall page; the incident and CCTV walls will join it
    layout = wall_layout(settings.override(wall={"playlist": ["/wall", "/wall"], "page_seconds": 45}))
    assert find(layout, Wall.PLAYLIST).data == ["/wall", "/wall"]
    assert find(layout, Wall.NEXT_PAGE).disabled is False
    assert find(layout, Wall.NEXT_PAGE).interval == 45_000


def test_a_page_the_wall_may_not_open_stops_start_up(settings):
    from app import create_app

    with pytest.raises(SettingsError, match="wall.playlist: /pimpinan is not a page a wall display may open"):
        create_app(settings.override(wall={"playlist": ["/wall", "/pimpinan"]}))


@pytest.mark.parametrize("playlist", [[], ["wall"]])
def test_a_playlist_needs_page_paths(settings, playlist):
    with pytest.raises(SettingsError, match="wall.playlist"):
        settings.override(wall={"playlist": playlist})
