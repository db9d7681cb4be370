"""Personal data at rest (UU PDP 27/2022): NIK and KK numbers are stored encrypted and found
through a blind index, never by their plaintext.

- Encryption: AES-256-GCM (authenticated: a changed byte fails to decrypt), a fresh 96-bit nonce
  per value, the column's purpose as associated data (a NIK's ciphertext copied into the KK
  column does not decrypt). Stored as `v1:<key id>:<base64 of nonce + ciphertext + tag>`.
- Keys come from the environment, never from the database: a key ring `id:base64key,...`. The
  first key encrypts; every key decrypts. Rotation: put a new key first, re-encrypt the stored
  values (`KeyRing.rotated` says which need it and does it), then drop the old key.
- Blind index: HMAC-SHA256 of the purpose and the value under its own key, so an exact NIK finds
  its rows through an ordinary index while the table holds no plaintext. A new index key means
  recomputing every index (the plaintext is at hand through the key ring).
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import hmac
import os
from dataclasses import dataclass

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM

FORMAT = "v1"
KEY_BYTES = 32
NONCE_BYTES = 12
INDEX_KEY_MIN_BYTES = 32


class KeyRingError(ValueError):
    """A key ring or index key that cannot be used; the message says why (never the key)."""


class UnreadableValue(ValueError):
    """A stored value that does not decrypt: its key is gone, or it was altered."""


@dataclass(frozen=True)
class KeyRing:
    """The data keys (id -> 32 bytes; the first encrypts) and the blind index key."""

    keys: tuple[tuple[str, bytes], ...]
    index_key: bytes

    @classmethod
    def parse(cls, ring: str, index_key: str) -> "KeyRing":
        """From their text forms: `id:base64,id:base64` and a base64 index key."""
        return cls(data_keys_from(ring), index_key_from(index_key))

    @property
    def current_id(self) -> str:
        return self.keys[0][0]

    def encrypt(self, value: str, purpose: str) -> str:
        key_id, key = self.keys[0]
        nonce = os.urandom(NONCE_BYTES)
        sealed = AESGCM(key).encrypt(nonce, value.encode("utf-8"), purpose.encode("utf-8"))
        return f"{FORMAT}:{key_id}:{base64.b64encode(nonce + sealed).decode('ascii')}"

    def decrypt(self, stored: str, purpose: str) -> str:
        version, key_id, encoded = _parts(stored)
        key = dict(self.keys).get(key_id)
        if version != FORMAT or key is None:
            raise UnreadableValue(f"no key {key_id!r} for this value" if key is None else "unknown format")
        raw = _decoded(encoded, "the stored value", UnreadableValue)
        try:
            return AESGCM(key).decrypt(raw[:NONCE_BYTES], raw[NONCE_BYTES:], purpose.encode("utf-8")).decode("utf-8")
        except InvalidTag:
            raise UnreadableValue("the value was altered or belongs to another purpose") from None

    def needs_rotation(self, stored: str) -> bool:
        """Encrypted under a key other than the current one."""
        return _parts(stored)[1] != self.current_id

    def rotated(self, stored: str, purpose: str) -> str:
        """The value encrypted under the current key (itself when it already is)."""
        return self.encrypt(self.decrypt(stored, purpose), purpose) if self.needs_rotation(stored) else stored

    def blind_index(self, value: str, purpose: str) -> str:
        """64 hex characters: equal for equal values of one purpose, unrelated otherwise."""
        message = purpose.encode("utf-8") + b"\x00" + value.encode("utf-8")
        return hmac.new(self.index_key, message, hashlib.sha256).hexdigest()


def data_keys_from(ring: str) -> tuple[tuple[str, bytes], ...]:
    """The data keys of a ring's text `id:base64,id:base64` (the first encrypts)."""
    keys: list[tuple[str, bytes]] = []
    for part in (p.strip() for p in ring.split(",") if p.strip()):
        key_id, _, encoded = part.partition(":")
        if not key_id or not key_id.isalnum():
            raise KeyRingError(f"a key id must be letters and digits, got {key_id!r}")
        key = _decoded(encoded, f"key {key_id}")
        if len(key) != KEY_BYTES:
            raise KeyRingError(f"key {key_id} must be {KEY_BYTES} bytes, got {len(key)}")
        if any(key_id == known for known, _ in keys):
            raise KeyRingError(f"key id {key_id} is given twice")
        keys.append((key_id, key))
    if not keys:
        raise KeyRingError("no data key given")
    return tuple(keys)


def index_key_from(text: str) -> bytes:
    index = _decoded(text, "the index key")
    if len(index) < INDEX_KEY_MIN_BYTES:
        raise KeyRingError(f"the index key must be at least {INDEX_KEY_MIN_BYTES} bytes, got {len(index)}")
    return index


def new_key_text() -> str:
    """A fresh random key in the ring's text form (base64 of 32 bytes)."""
    return base64.b64encode(os.urandom(KEY_BYTES)).decode("ascii")


def _parts(stored: str) -> tuple[str, str, str]:
    parts = stored.split(":", 2) if isinstance(stored, str) else []
    if len(parts) != 3:
        raise UnreadableValue("not a stored value of this module")
    return parts[0], parts[1], parts[2]


def _decoded(text: str, what: str, error=KeyRingError) -> bytes:
    try:
        return base64.b64decode(text.strip(), validate=True)
    except (binascii.Error, ValueError):
        raise error(f"{what} is not base64") from None
