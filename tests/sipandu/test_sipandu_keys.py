"""Where Sipandu's keys come from (modules/sipandu/keys.py, settings.py): configured ones win and
are checked with the setting's name; without them, keys are generated once, kept private in the
instance folder and the same on every later start."""

from __future__ import annotations

import base64
import stat

import pytest

from core.settings import SettingsError
from modules.sipandu.keys import DATA_KEYS_FILE, INDEX_KEY_FILE, key_ring
from modules.sipandu.protection import new_key_text
from modules.sipandu.settings import SipanduSettings, validate

NIK = "3578055207920001"


def test_keys_generated_once_are_kept_private_and_read_again(tmp_path):
    first = key_ring(SipanduSettings(), tmp_path)
    stored = first.encrypt(NIK, "nik")
    again = key_ring(SipanduSettings(), tmp_path)  # a restart
    assert again.decrypt(stored, "nik") == NIK
    assert again.blind_index(NIK, "nik") == first.blind_index(NIK, "nik")
    for name in (DATA_KEYS_FILE, INDEX_KEY_FILE):
        assert stat.S_IMODE((tmp_path / name).stat().st_mode) == 0o600
    assert key_ring(SipanduSettings(), tmp_path / "elsewhere").blind_index(NIK, "nik") != first.blind_index(NIK, "nik")


def test_configured_keys_win_over_the_instance_folder(tmp_path):
    section = SipanduSettings(data_keys=f"prod1:{new_key_text()}", index_key=new_key_text())
    ring = key_ring(section, tmp_path)
    assert ring.current_id == "prod1"
    assert not (tmp_path / DATA_KEYS_FILE).exists() and not (tmp_path / INDEX_KEY_FILE).exists()


@pytest.mark.parametrize("changes,key", [
    (dict(data_keys="k1:short"), "sipandu.data_keys"),
    (dict(index_key=base64.b64encode(b"too short").decode()), "sipandu.index_key"),
    (dict(report_within_hours=0), "sipandu.report_within_hours"),
    (dict(retention_days=-1), "sipandu.retention_days"),
])
def test_a_bad_setting_is_named(changes, key):
    with pytest.raises(SettingsError) as caught:
        validate(SipanduSettings(**changes))
    assert caught.value.key == key


def test_the_defaults_and_good_keys_pass():
    validate(SipanduSettings())
    validate(SipanduSettings(data_keys=f"a:{new_key_text()},b:{new_key_text()}", index_key=new_key_text()))
