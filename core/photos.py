"""Photo uploads, for any domain: accepted only when the bytes really are a JPEG, PNG or WebP
image (the name and the claimed type are not trusted), and stored under their base name only.

A refusal is a message code and its parameters (core/messages.py has the sentences)."""

from __future__ import annotations

from pathlib import PurePosixPath, PureWindowsPath

MAX_FILENAME = 200


def sniff_image_type(data: bytes) -> str | None:
    """The content type the magic bytes say, or None when they are not a supported image."""
    if data.startswith(b"\xff\xd8\xff"):
        return "image/jpeg"
    if data.startswith(b"\x89PNG\r\n\x1a\n"):
        return "image/png"
    if len(data) >= 12 and data[:4] == b"RIFF" and data[8:12] == b"WEBP":
        return "image/webp"
    return None


def photo_problem(data: bytes, max_bytes: int) -> tuple[str, dict] | None:
    """Why this upload is refused, as (message code, parameters), or None when it is fine."""
    if not isinstance(data, (bytes, bytearray)) or len(data) == 0:
        return "photo_empty", {}
    if len(data) > max_bytes:
        return "photo_too_large", {"size": len(data), "limit": max_bytes}
    if sniff_image_type(bytes(data)) is None:
        return "photo_not_image", {}
    return None


def clean_filename(filename: str | None) -> str:
    """The base name only (a browser may send a full Windows path), shortened to fit."""
    name = PureWindowsPath(PurePosixPath(filename or "").name).name
    return (name or "photo")[-MAX_FILENAME:]
