"""Constants and image bytes shared by the public form tests (fixtures are in conftest.py)."""

from __future__ import annotations

import struct
import zlib

MAX_PHOTO_BYTES = 2_000
GENTENG_POINT = ("-7.2575", "112.7521")  # kecamatan Genteng on the bundled boundaries


def png_bytes(width: int = 2, height: int = 2) -> bytes:
    """A real, decodable PNG (no imaging library installed): grey pixels, zlib-compressed."""
    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)

    rows = b"".join(b"\x00" + b"\x80" * width for _ in range(height))  # filter byte + grey samples
    header = struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0)  # 8-bit greyscale
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(rows))
            + chunk(b"IEND", b""))


# A minimal baseline JPEG header (SOI, APP0/JFIF) and end marker: enough for the magic-byte check.
JPEG = bytes.fromhex("ffd8ffe000104a46494600010100000100010000") + b"\x00" * 64 + bytes.fromhex("ffd9")
