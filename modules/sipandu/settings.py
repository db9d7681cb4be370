"""The `[sipandu]` section of the settings (registered with the domain): the keys that protect
NIK and KK numbers at rest, the 24-hour reporting rule and the retention of records that ended."""

from __future__ import annotations

from dataclasses import dataclass

from core.settings import SettingsError, check_positive
from modules.sipandu.protection import KeyRingError, data_keys_from, index_key_from


@dataclass(frozen=True)
class SipanduSettings:
    # "id:base64 of 32 bytes,...": the first key encrypts, every one decrypts (rotation: a new key
    # first, `rotated` values, then the old key dropped). Empty: generated once in instance/.
    data_keys: str = ""
    index_key: str = ""            # base64 of 32 bytes or more: the blind index. Empty: as data_keys
    report_within_hours: int = 24  # Perwali 30/2025: a newcomer reports to the RT head within 1 x 24 h
    retention_days: int = 365      # moved-out and expired records are deleted this long after they end


def validate(section: SipanduSettings) -> None:
    for key in ("report_within_hours", "retention_days"):
        check_positive(f"sipandu.{key}", getattr(section, key))
    for key, parse in (("data_keys", data_keys_from), ("index_key", index_key_from)):
        if getattr(section, key):
            try:
                parse(getattr(section, key))
            except KeyRingError as error:
                raise SettingsError(f"sipandu.{key}", str(error)) from None
