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
    # users and kiosk tokens (core/users.py): the command line prints the English, the admin pages the Indonesian
    "command_refused": ("perintah ditolak: {detail}", "{detail}"),
    "admin_only": ("{username} bukan administrator untuk seluruh kota", "{username} is no city-wide administrator"),
    "field_required": ("wajib diisi", "required"),
    "username_invalid": ("2 sampai 64 karakter: huruf, angka, titik, garis bawah atau tanda hubung, diawali huruf "
                         "atau angka", "2 to 64 characters: letters, digits, dot, underscore or hyphen, starting "
                         "with a letter or digit"),
    "username_taken": ("nama pengguna {username!r} sudah dipakai", "{username!r} exists already"),
    "user_unknown": ("tidak ada pengguna {username!r}", "no user {username!r}"),
    "full_name_invalid": ("paling banyak {limit} karakter, tanpa karakter kendali",
                          "at most {limit} characters, no control characters"),
    "role_unknown": ("peran {role!r} tidak dikenal atau bukan untuk orang", "unknown or not assignable to a person: "
                     "{role!r}"),
    "password_too_short": ("paling sedikit {limit} karakter", "must have at least {limit} characters"),
    "password_too_long": ("paling banyak {limit} karakter", "must have at most {limit} characters"),
    "password_mismatch": ("kedua isian berbeda", "the two entries differ"),
    "scope_required": ("wajib diisi untuk peran ini", "required for role {role}"),
    "reference_unknown": ("{value!r} tidak ada di data referensi", "{value!r} is not in the reference data"),
    "number_out_of_range": ("harus bilangan bulat {low} sampai {high}", "must be a whole number from {low} to {high}"),
    "not_a_choice": ("bukan pilihan yang tersedia", "not one of the choices"),
    "cannot_change_own_role": ("Anda tidak dapat mengubah peran Anda sendiri", "you cannot change your own role"),
    "cannot_disable_self": ("Anda tidak dapat menonaktifkan akun Anda sendiri", "you cannot disable your own account"),
    "kiosk_label_invalid": ("beri nama layar dalam 1 sampai {limit} karakter", "name the display in 1 to {limit} "
                            "characters"),
    "kiosk_token_unknown": ("token kiosk {token_id} tidak ada", "no kiosk token {token_id}"),
}
_COUNTS = ("length", "limit", "count", "size", "days",  # shown with a thousands separator
           "total", "ceiling", "earlier", "cost", "amount", "paid", "left")  # rupiah too


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


# --- the admin pages (/admin/...): field labels, audit actions and object types, in Indonesian ----------------
ADMIN_FIELD_LABELS = {
    "username": "Nama pengguna", "full_name": "Nama lengkap", "password": "Kata sandi", "role": "Peran",
    "opd_code": "OPD", "kecamatan_code": "Kecamatan", "kelurahan_code": "Kelurahan", "rw": "RW", "rt": "RT",
    "city_wide": "Lihat seluruh kota", "actor": "Pelaku", "label": "Nama", "token_id": "Token kiosk",
    "key_id": "Kunci API", "rule_id": "Aturan rute", "category_code": "Kategori",
    "first_response_minutes": "Tanggapan pertama (menit)", "feedback_minutes": "Umpan balik (menit)",
    "active": "Status", "token": "Token", "key": "Kunci", "revoked": "Dicabut",
}
ADMIN_ACTION_NAMES = {
    "created": "Dibuat", "changed": "Diubah", "deleted": "Dihapus", "password_reset": "Kata sandi diganti",
    "disabled": "Dinonaktifkan", "enabled": "Diaktifkan", "issued": "Diterbitkan", "revoked": "Dicabut",
}
ADMIN_OBJECT_NAMES = {
    "user": "Pengguna", "kiosk_token": "Token kiosk", "api_key": "Kunci API", "routing_rule": "Aturan rute",
    "sla_override": "SLA kategori",
}
