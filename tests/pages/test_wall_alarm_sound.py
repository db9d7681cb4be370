"""wall.alarm_sound: off unless set; the wall's root tells assets/wall.js whether to sound new alarms."""

import pytest

from core.settings import SettingsError
from layouts.components.ids_wall import Wall
from test_wall_playlist import find, wall_layout


def test_the_wall_is_silent_by_default(settings):
    assert settings.wall.alarm_sound is False
    root = find(wall_layout(settings), Wall.ROOT)
    assert getattr(root, "data-alarm-sound") == "off"


def test_the_setting_turns_the_sound_on(settings):
    root = find(wall_layout(settings.override(wall={"alarm_sound": True})), Wall.ROOT)
    assert getattr(root, "data-alarm-sound") == "on"


def test_the_setting_is_a_boolean(settings):
    with pytest.raises(SettingsError, match="wall.alarm_sound"):
        settings.override(wall={"alarm_sound": "loud"})
