"""Build the map's label glyphs (MapLibre SDF glyph PBFs) so that names render with no internet.

MapLibre draws text only from signed-distance-field glyphs fetched from the style's `glyphs` URL;
Plotly's default points at a public server, which a wall display without internet cannot reach.
We serve our own from `assets/glyphs/{fontstack}/{range}.pbf`. Only the range 0-255 (Latin-1)
is built: district names use nothing else.

Run once by a developer (the output is committed; the app needs neither Pillow nor the fonts):

    npm pack @geops/mapbox-gl-fonts@3.0.0 && tar xzf geops-mapbox-gl-fonts-3.0.0.tgz
    pip install pillow   # in a throwaway environment
    python geo/build_glyphs.py package/open-sans   # a plain script: no project imports

The fonts are Open Sans (Apache License 2.0), as packaged in that npm package.
"""

from __future__ import annotations

import sys
import unicodedata
from pathlib import Path

import numpy as np

ASSETS_GLYPHS = Path(__file__).resolve().parent.parent / "assets" / "glyphs"
FONTS = {"Open Sans Regular": "OpenSans-Regular.ttf", "Open Sans Bold": "OpenSans-Bold.ttf"}
FONT_SIZE = 24  # MapLibre's glyphs are rendered at 24 px and scaled on the GPU
BUFFER = 3  # empty pixels around each glyph bitmap, as MapLibre expects
RADIUS = 8  # distance (px) the field spans
CUTOFF = 0.25  # where the edge sits in 0..1: MapLibre draws the glyph above 0.75 (= 1 - CUTOFF)


# --- protocol buffers, the few wire types glyphs.proto needs -----------------------------------


def varint(value: int) -> bytes:
    out = bytearray()
    while True:
        byte, value = value & 0x7F, value >> 7
        out.append(byte | (0x80 if value else 0))
        if not value:
            return bytes(out)


def field_varint(number: int, value: int) -> bytes:
    return varint(number << 3) + varint(value)


def field_sint(number: int, value: int) -> bytes:
    return field_varint(number, (value << 1) ^ (value >> 63))  # zigzag


def field_bytes(number: int, data: bytes) -> bytes:
    return varint(number << 3 | 2) + varint(len(data)) + data


# --- signed distance fields ----------------------------------------------------------------------


def signed_distance_field(alpha: np.ndarray) -> np.ndarray:
    """uint8 SDF of a glyph coverage mask (already padded by BUFFER): 255 deep inside, 0 far out.

    Brute force over the edge pixels: a glyph is a few hundred pixels, so this takes milliseconds
    and needs nothing beyond numpy.
    """
    inside = alpha >= 128
    ys, xs = np.indices(alpha.shape)
    edge = inside & ~(np.roll(inside, 1, 0) & np.roll(inside, -1, 0) & np.roll(inside, 1, 1) & np.roll(inside, -1, 1))
    if not edge.any():
        return np.zeros(alpha.shape, dtype=np.uint8)
    ey, ex = ys[edge], xs[edge]
    distance = np.sqrt((ys.ravel()[:, None] - ey) ** 2 + (xs.ravel()[:, None] - ex) ** 2).min(axis=1)
    signed = np.where(inside.ravel(), -distance, distance + 0.5).reshape(alpha.shape)
    return np.clip(np.round(255 - 255 * (signed / RADIUS + CUTOFF)), 0, 255).astype(np.uint8)


def glyph_message(font, codepoint: int) -> bytes:
    """One `glyph` message: id, bitmap, width, height, left, top, advance."""
    character = chr(codepoint)
    advance = round(font.getlength(character))
    mask, (left, offset_y) = font.getmask2(character, mode="L")
    width, height = mask.size
    message = field_varint(1, codepoint)
    if width and height:
        alpha = np.pad(np.asarray(mask, dtype=np.uint8).reshape(height, width), BUFFER)
        message += field_bytes(2, signed_distance_field(alpha).tobytes())
    # Pillow's origin is the ascender line, MapLibre's `top` is relative to it: -offset_y.
    message += field_varint(3, width) + field_varint(4, height)
    return message + field_sint(5, left) + field_sint(6, -offset_y) + field_varint(7, advance)


def range_pbf(font_path: Path, fontstack: str, start: int = 0) -> bytes:
    """The `glyphs` message for codepoints start..start+255 of one font."""
    from PIL import ImageFont

    font = ImageFont.truetype(str(font_path), FONT_SIZE, layout_engine=ImageFont.Layout.BASIC)
    printable = [c for c in range(start, start + 256) if unicodedata.category(chr(c))[0] != "C"]
    glyphs = b"".join(field_bytes(3, glyph_message(font, c)) for c in printable)
    stack = field_bytes(1, fontstack.encode()) + field_bytes(2, f"{start}-{start + 255}".encode()) + glyphs
    return field_bytes(1, stack)


def build(font_dir: Path, out: Path = ASSETS_GLYPHS) -> list[Path]:
    written = []
    for fontstack, filename in FONTS.items():
        path = out / fontstack / "0-255.pbf"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(range_pbf(font_dir / filename, fontstack))
        written.append(path)
    return written


if __name__ == "__main__":
    for written in build(Path(sys.argv[1])):
        print(f"wrote {written} ({written.stat().st_size:,} bytes)")
