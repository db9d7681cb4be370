"""Turning error codes into sentences, in one place: Indonesian for the pages, English for the
HTTP APIs (and for logs).

Services raise errors with a code and parameters (e.g. modules/complaints/errors.py); nothing
matches prose. The sentences live with their domain (`Domain.messages`, e.g.
modules/complaints/messages.py) and, for what core itself refuses (photos, forms), here;
`text(code, params, lang)` fills the template of the code; numbers get the language's thousands
separator (4.000 / 4,000), and a parameter a domain localises (a status code) becomes its name.
"""

from __future__ import annotations

from functools import cache
from typing import Any

from core import formatting

INDONESIAN, ENGLISH = "id", "en"

CORE_MESSAGES: dict[str, tuple[str, str]] = {
    "photo_empty": ("{filename}: berkas kosong", "{filename}: the file is empty"),
    "photo_too_large": ("{filename}: ukuran berkas {size} bita; paling besar {limit} bita",
                        "{filename}: the file has {size} bytes; at most {limit} are accepted"),
    "photo_not_image": ("{filename}: bukan gambar JPEG, PNG atau WebP", "{filename}: not a JPEG, PNG or WebP image"),
    "csrf_invalid": ("kedaluwarsa atau tidak sah; muat ulang halaman lalu kirim lagi",
                     "expired or invalid; reload the page and send again"),
    "too_many_submissions": ("Terlalu banyak laporan dari alamat ini. Coba lagi beberapa menit lagi.",
                             "Too many reports from this address. Try again in a few minutes."),
}
_COUNTS = ("length", "limit", "count", "size", "days")  # shown with a thousands separator


def in_sentence(label: str) -> str:
    """A label inside a sentence: first letter small, abbreviations kept ("pernah melewati SLA")."""
    return label[:1].lower() + label[1:]


@cache
def catalogue() -> tuple[dict[str, tuple[str, str]], dict[str, dict]]:
    """Every code's sentences (core's and each registered domain's) and the parameters shown by
    name; a code defined twice is a mistake that stops here."""
    from core.domains import registered_domains, resolve

    messages, localised = dict(CORE_MESSAGES), {}
    for domain in registered_domains():
        if domain.messages is None:
            continue
        module = resolve(domain.messages)
        twice = set(messages) & set(module.MESSAGES)
        if twice:
            raise ValueError(f"domain {domain.name} defines message codes that exist already: {sorted(twice)}")
        messages |= module.MESSAGES
        localised |= getattr(module, "LOCALISED", {})
    return messages, localised


def text(code: str, params: dict[str, Any] | None = None, lang: str = INDONESIAN) -> str:
    """The sentence of `code` in `lang`; an unknown code is returned as it is (the catalogue test
    makes sure none is)."""
    templates = catalogue()[0].get(code)
    if templates is None:
        return code
    template = templates[0] if lang == INDONESIAN else templates[1]
    return template.format(**{name: _localised(name, value, lang) for name, value in (params or {}).items()})


def error_text(error, lang: str = INDONESIAN) -> str:
    """The sentence of an error raised with a code (a ComplaintError or a Reason)."""
    return text(error.code, error.params, lang)


def field_errors(errors, lang: str = INDONESIAN) -> dict[str, list[str]]:
    """{field: [sentences]} of a validation error's (field, Reason) pairs, in the order found."""
    found: dict[str, list[str]] = {}
    for field, why in errors:
        found.setdefault(field, []).append(error_text(why, lang))
    return found


def _localised(name: str, value: Any, lang: str):
    if name == "errors":  # a validation error's list of (field, Reason)
        return "; ".join(f"{field}: {error_text(why, lang)}" for field, why in value)
    if name in _COUNTS and isinstance(value, int) and not isinstance(value, bool):
        return formatting.count(value) if lang == INDONESIAN else f"{value:,}"
    names = catalogue()[1].get(name)
    if lang == INDONESIAN and names is not None:
        return names.get(value, value)
    return value
