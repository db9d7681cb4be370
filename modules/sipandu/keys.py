"""The key ring Sipandu protects NIK and KK numbers with (protection.KeyRing): the configured keys
(`sipandu.data_keys`, `sipandu.index_key`, from the environment in production), or, for a single
machine (`make run`), keys generated once and kept in instance/ (private to the server's account),
as core.instance.secret_key does for the session key. Several servers must share configured keys."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from core.instance import instance_folder, write_private
from modules.sipandu.protection import KeyRing, new_key_text
from modules.sipandu.settings import SipanduSettings

DATA_KEYS_FILE = "sipandu_data_keys"
INDEX_KEY_FILE = "sipandu_index_key"


def key_ring(section: SipanduSettings, folder: Path | None = None) -> KeyRing:
    folder = folder or instance_folder()
    data_keys = section.data_keys or _kept(folder / DATA_KEYS_FILE, lambda: f"k1:{new_key_text()}")
    index_key = section.index_key or _kept(folder / INDEX_KEY_FILE, new_key_text)
    return KeyRing.parse(data_keys, index_key)


def _kept(path: Path, make) -> str:
    """The file's value, written first when it does not exist yet."""
    if not path.exists():
        write_private(path, make())
    return path.read_text().strip()


def keys_for(settings) -> KeyRing:
    """The key ring of these settings (its `sipandu` section), parsed once per process."""
    section = settings.sipandu
    return _ring(section.data_keys, section.index_key, str(instance_folder()))


@lru_cache(maxsize=8)
def _ring(data_keys: str, index_key: str, folder: str) -> KeyRing:
    return key_ring(SipanduSettings(data_keys=data_keys, index_key=index_key), Path(folder))
