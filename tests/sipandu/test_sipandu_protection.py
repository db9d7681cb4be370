"""NIK and KK at rest (modules/sipandu/protection.py): authenticated encryption under a key ring
with rotation, and the blind index that finds a value without its plaintext."""

from __future__ import annotations

import base64

import pytest

from modules.sipandu.protection import KeyRing, KeyRingError, UnreadableValue, new_key_text

NIK = "3578055207920001"


def ring(*ids: str, index: str | None = None, keys: dict | None = None) -> KeyRing:
    keys = keys if keys is not None else {}
    text = ",".join(f"{i}:{keys.setdefault(i, new_key_text())}" for i in ids)
    return KeyRing.parse(text, index or base64.b64encode(b"i" * 32).decode())


def test_a_value_comes_back_and_is_never_stored_as_it_is():
    keys = ring("k1")
    stored = keys.encrypt(NIK, "nik")
    assert NIK not in stored and stored.startswith("v1:k1:")
    assert keys.decrypt(stored, "nik") == NIK
    assert keys.encrypt(NIK, "nik") != stored  # a fresh nonce each time


def test_a_value_moved_to_another_column_or_altered_does_not_decrypt():
    keys = ring("k1")
    stored = keys.encrypt(NIK, "nik")
    with pytest.raises(UnreadableValue):
        keys.decrypt(stored, "kk")
    body = base64.b64decode(stored.split(":", 2)[2])
    altered = "v1:k1:" + base64.b64encode(body[:-1] + bytes([body[-1] ^ 1])).decode()
    with pytest.raises(UnreadableValue):
        keys.decrypt(altered, "nik")


def test_rotation_re_encrypts_under_the_new_key_and_the_old_one_can_then_go():
    keys: dict = {}
    old = ring("k1", keys=keys)
    stored = old.encrypt(NIK, "nik")
    both = ring("k2", "k1", keys=keys)  # the new key first: it encrypts, both decrypt
    assert both.needs_rotation(stored) and both.decrypt(stored, "nik") == NIK
    rotated = both.rotated(stored, "nik")
    assert rotated.startswith("v1:k2:") and not both.needs_rotation(rotated)
    assert both.rotated(rotated, "nik") == rotated
    new_only = ring("k2", keys=keys)
    assert new_only.decrypt(rotated, "nik") == NIK
    with pytest.raises(UnreadableValue, match="no key 'k1'"):
        new_only.decrypt(stored, "nik")


def test_the_blind_index_matches_equal_values_of_one_purpose_only():
    keys = ring("k1")
    index = keys.blind_index(NIK, "nik")
    assert len(index) == 64 and int(index, 16) >= 0 and NIK not in index
    assert keys.blind_index(NIK, "nik") == index
    assert keys.blind_index("3578055207920002", "nik") != index
    assert keys.blind_index(NIK, "kk") != index
    other_index_key = ring("k1", index=base64.b64encode(b"j" * 32).decode())
    assert other_index_key.blind_index(NIK, "nik") != index
    assert ring("k9").blind_index(NIK, "nik") == index  # the data keys play no part: rotation keeps it


@pytest.mark.parametrize("text,index,reason", [
    ("", None, "no data key"),
    ("k1:not-base64!", None, "not base64"),
    ("k1:" + base64.b64encode(b"short").decode(), None, "must be 32 bytes"),
    ("k-1:" + base64.b64encode(b"x" * 32).decode(), None, "letters and digits"),
    ("k1:{key},k1:{key}", None, "given twice"),
    ("k1:{key}", base64.b64encode(b"short").decode(), "index key must be at least 32 bytes"),
])
def test_a_key_that_cannot_serve_is_refused_with_its_reason_and_never_echoed(text, index, reason):
    key = base64.b64encode(b"x" * 32).decode()
    with pytest.raises(KeyRingError, match=reason) as caught:
        KeyRing.parse(text.format(key=key), index or base64.b64encode(b"i" * 32).decode())
    assert key not in str(caught.value)
