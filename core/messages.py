"""Every sentence a user reads about an error, and the names of the figures that more than one page
shows, in one place: Indonesian for the pages, English for the HTTP APIs (and for logs).

Services raise errors with a code and parameters (modules/complaints/errors.py); nothing matches
prose. `text(code, params, lang)` fills the template of the code; numbers get the language's
thousands separator (4.000 / 4,000) and, in Indonesian, a status code becomes its name.
"""

from __future__ import annotations

from typing import Any

INDONESIAN, ENGLISH = "id", "en"

# --- complaint statuses and the named figures (modules/complaints/statuses.py says what they mean) ---

STATUS_NAMES = {"received": "Diterima", "dispatched": "Diteruskan ke OPD", "responded": "Ditanggapi",
                "in_progress": "Dikerjakan", "resolved": "Selesai", "closed": "Ditutup", "rejected": "Ditolak"}
FIGURE_LABELS = {
    "open": "Masih terbuka",
    "overdue_now": "Lewat tenggat sekarang",  # statuses.OVERDUE_NOW
    "breached_ever": "Pernah melewati SLA",  # statuses.BREACHED_EVER
}

# The fields of a complaint as a form labels them.
FIELD_LABELS = {
    "category_code": "Kategori", "description": "Uraian masalah", "lat": "Lintang", "lon": "Bujur",
    "location": "Lokasi", "address": "Alamat", "reporter_name": "Nama", "reporter_contact": "Kontak",
    "photos": "Foto", "channel": "Kanal", "received_at": "Waktu diterima", "csrf_token": "Formulir",
    "external_id": "Nomor eksternal",
}


def in_sentence(label: str) -> str:
    """A label inside a sentence: first letter small, abbreviations kept ("pernah melewati SLA")."""
    return label[:1].lower() + label[1:]


# --- error sentences: code -> (Indonesian, English) --------------------------------------------------

_GUARD = "cannot {verb} complaint {ticket}: "
MESSAGES: dict[str, tuple[str, str]] = {
    # workflow (WorkflowError)
    "status_not_allowed": ("aduan berstatus {status}", "cannot {verb} a complaint that is {status}"),
    "needs_first_response": ("umpan balik baru bisa dikirim setelah OPD menanggapi",
                             _GUARD + "feedback can be sent once the OPD has responded"),
    "needs_feedback": ("warga harus mendapat umpan balik sebelum aduan ditutup",
                       _GUARD + "the citizen must get feedback before the complaint is closed"),
    "not_suspected_duplicate": ("aduan ini tidak ditandai mungkin duplikat",
                                _GUARD + "it is not flagged as a possible duplicate"),
    "target_not_allowed": ("status tujuan {target} tidak mungkin (pilihan: {possible})",
                           "cannot {verb} a complaint to {target!r} (possible: {possible})"),
    "triage_needs_no_opd": ("hanya aduan tanpa OPD yang kembali ke triase",
                            "only a complaint without an OPD goes back to the triage queue"),
    "already_with_opd": ("aduan sudah berada di {opd}",
                         "cannot transfer complaint {ticket}: it is already with {opd}"),
    # lookups and access
    "not_found": ("aduan tidak ditemukan atau di luar cakupan Anda", "no complaint {complaint_id}"),
    "photo_not_found": ("foto tidak ditemukan atau di luar cakupan Anda", "no photo {photo_id}"),
    "access_denied": ("aduan tidak ditemukan atau di luar cakupan Anda", "{detail}"),
    "replayed": ("pesan {message_id!r} dari {source} sudah diterima pada {received_at}",
                 "message {message_id!r} from {source} was received already at {received_at}"),
    "invalid": ("isian belum benar: {errors}", "{errors}"),
    # a field's reason (ComplaintValidationError.errors)
    "unknown_choice": ("{name} {value!r} tidak dikenal", "unknown {name} {value!r} (known: {known})"),
    "category_missing": ("pilih salah satu kategori", "unknown category ''"),
    "unknown_category": ("kategori {value!r} tidak dikenal; pilih dari daftar", "unknown category {value!r}"),
    "description_empty": ("uraian masih kosong; jelaskan masalahnya",
                          "describe the problem (the description is empty)"),
    "too_long": ("{length} karakter; paling banyak {limit} karakter",
                 "{length} characters; at most {limit} are accepted"),
    "not_text": ("harus berupa teks", "must be text"),
    "coordinates_incomplete": ("isi lintang dan bujur, atau kosongkan keduanya",
                               "give both latitude and longitude, or neither"),
    "invalid_latitude": ("{value!r} bukan lintang yang valid (angka antara -90 dan 90)",
                         "not a valid latitude: {value!r}"),
    "invalid_longitude": ("{value!r} bukan bujur yang valid (angka antara -180 dan 180)",
                          "not a valid longitude: {value!r}"),
    "location_missing": ("sebutkan tempatnya: titik (lintang dan bujur) atau alamat",
                         "give the place: a point (lat and lon) or an address"),
    "outside_city": ("titik {lat:.5f}, {lon:.5f} berada di luar Kota Surabaya",
                     "the point {lat:.5f}, {lon:.5f} is outside Surabaya"),
    "too_many_photos": ("{count} foto; paling banyak {limit} foto", "{count} photos; at most {limit} are accepted"),
    "photo_empty": ("{filename}: berkas kosong", "{filename}: the file is empty"),
    "photo_too_large": ("{filename}: ukuran berkas {size} bita; paling besar {limit} bita",
                        "{filename}: the file has {size} bytes; at most {limit} are accepted"),
    "photo_not_image": ("{filename}: bukan gambar JPEG, PNG atau WebP", "{filename}: not a JPEG, PNG or WebP image"),
    "in_future": ("tidak boleh di masa depan", "lies in the future"),
    "unknown_reason": ("pilih alasan penolakan", "unknown reason {value!r} (known: {known})"),
    "reject_note_missing": ("tulis alasan penolakan", "say why the complaint is rejected"),
    "transfer_note_missing": ("tulis alasan pengalihan", "say why the complaint goes to another OPD"),
    "reopen_note_missing": ("tulis alasan aduan dibuka kembali", "say why the complaint is reopened"),
    "feedback_missing": ("tulis umpan balik untuk warga", "write the feedback given to the citizen"),
    "required": ("wajib dipilih", "required"),
    "unknown_reference": ("{kind} {value!r} tidak dikenal", "unknown {kind} {value!r}"),
    "minutes_not_positive": ("harus bilangan bulat menit di atas nol, bukan {value!r}",
                             "must be a whole number of minutes above zero, got {value!r}"),
    "label_invalid": ("beri nama klien dalam 1 sampai 100 karakter", "name the client in 1 to 100 characters"),
    "unknown_api_key": ("kunci API {key_id} tidak ada", "no API key {key_id}"),
    "unknown_rule": ("aturan rute {rule_id} tidak ada", "no routing rule {rule_id}"),
    "message_id_invalid": ("sumber (≤ 32 karakter) dan nomor pesan (≤ 200) wajib diisi",
                           "source (<= 32 chars) and message id (<= 200) are required"),
    "end_before_start": ("lebih awal dari tanggal mulai", "lies before start_date"),
    "span_too_long": ("paling lama {days} hari setelah tanggal mulai", "at most {days} days after start_date"),
    "unknown_open311_status": ("harus open atau closed, bukan {value!r}", "must be open or closed, got {value!r}"),
    "unknown_open311_statuses": ("harus open, closed atau keduanya, bukan {values}",
                                 "must be open, closed or both, got {values}"),
    "unknown_service": ("layanan {values} tidak dikenal", "unknown service {values}"),
    "not_w3c_datetime": ("{value!r} bukan waktu W3C seperti 2026-11-23T09:00:00+07:00",
                         "not a W3C datetime such as 2026-11-23T09:00:00+07:00: {value!r}"),
    # the page layer's own refusals
    "csrf_invalid": ("kedaluwarsa atau tidak sah; muat ulang halaman lalu kirim lagi",
                     "expired or invalid; reload the page and send again"),
    "too_many_submissions": ("Terlalu banyak laporan dari alamat ini. Coba lagi beberapa menit lagi.",
                             "Too many reports from this address. Try again in a few minutes."),
}
_COUNTS = ("length", "limit", "count", "size", "days")  # shown with a thousands separator
# Indonesian names of the kinds of reference a code may name.
_KIND_NAMES = {"opd": "OPD", "category": "kategori", "kecamatan": "kecamatan"}


def text(code: str, params: dict[str, Any] | None = None, lang: str = INDONESIAN) -> str:
    """The sentence of `code` in `lang`; an unknown code is returned as it is (the catalogue test
    makes sure none is)."""
    templates = MESSAGES.get(code)
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
        grouped = f"{value:,}"
        return grouped.replace(",", ".") if lang == INDONESIAN else grouped
    if lang == INDONESIAN and name in ("status", "target"):
        return STATUS_NAMES.get(value, value)
    if lang == INDONESIAN and name == "kind":
        return _KIND_NAMES.get(value, value)
    return value
