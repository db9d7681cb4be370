"""The complaints domain's words: status names, the names of the figures more than one page
shows, form field labels, and the Indonesian and English sentence of every error code its service
raises. Registered by domains/complaints.py; core/messages.py fills them in."""

from __future__ import annotations

# --- statuses and the named figures (modules/complaints/statuses.py says what they mean) ---

STATUS_NAMES = {"received": "Diterima", "dispatched": "Diteruskan ke OPD", "responded": "Ditanggapi",
                "in_progress": "Dikerjakan", "resolved": "Selesai", "closed": "Ditutup", "rejected": "Ditolak"}
FIGURE_LABELS = {
    "open": "Masih terbuka",
    "overdue_now": "Lewat tenggat sekarang",  # statuses.OVERDUE_NOW
    "breached_ever": "Pernah melewati SLA",  # statuses.BREACHED_EVER
}

# --- the notification outbox (modules/complaints/notifications.py), as the desk shows it ---

NOTIFY_STATUS_NAMES = {"pending": "Menunggu dikirim", "sent": "Terkirim", "failed": "Gagal terkirim",
                       "skipped": "Tidak dikirim"}
NOTIFY_CHANNEL_NAMES = {"email": "e-mail", "sms": "SMS", "whatsapp": "WhatsApp", "none": "tanpa saluran"}
NOTIFY_ERRORS = {  # last_error codes; "smtp 550" and "http 503" are answered by the server's code
    "no_contact": "pelapor tidak meninggalkan kontak",
    "no_recipient": "tidak ada alamat tujuan",
    "sender_not_configured": "pengirim saluran ini belum diatur (complaints.smtp_host / gateway_url)",
    "timeout": "server tujuan tidak menjawab", "connection_refused": "server tujuan menolak sambungan",
    "host_unknown": "alamat server tujuan tidak dikenal",
}


def notify_error_text(code: str | None) -> str:
    """A last_error code in Indonesian: "smtp 550" -> "ditolak server SMTP (kode 550)"."""
    if not code:
        return ""
    kind, _, number = code.partition(" ")
    if kind in ("smtp", "http") and number:
        return f"ditolak server {'SMTP' if kind == 'smtp' else 'gateway'} (kode {number})"
    return NOTIFY_ERRORS.get(code, code)


# The fields of a complaint as a form labels them.
FIELD_LABELS = {
    "category_code": "Kategori", "description": "Uraian masalah", "lat": "Lintang", "lon": "Bujur",
    "location": "Lokasi", "address": "Alamat", "reporter_name": "Nama", "reporter_contact": "Kontak",
    "photos": "Foto", "channel": "Kanal", "received_at": "Waktu diterima", "csrf_token": "Formulir",
    "external_id": "Nomor eksternal", "photo_display_consent": "Izin menampilkan foto",
    "rw": "RW", "rt": "RT",
}


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
    "not_boolean": ("{value!r} bukan ya/tidak", "must be true or false, not {value!r}"),
    "not_whole_number": ("\"{value}\" bukan bilangan bulat", "\"{value}\" is not a whole number"),
    "unit_out_of_range": ("{value} di luar rentang {low}..{high}", "{value} is outside {low}..{high}"),
    "rt_without_rw": ("sebutkan juga RW-nya", "an RT needs its RW"),
    "rw_without_kelurahan": ("RW hanya dapat dicatat bila titik lokasi diketahui (kelurahannya)",
                             "an RW needs a point (its kelurahan) to be placed"),
    "unknown_rw": ("RW {rw} tidak ada di kelurahan ini (RW 1 sampai {count})",
                   "RW {rw} does not exist in this kelurahan (RW 1 to {count})"),
    "unknown_rt": ("RT {rt} tidak ada di RW {rw} kelurahan ini (RT 1 sampai {count})",
                   "RT {rt} does not exist in RW {rw} of this kelurahan (RT 1 to {count})"),
    "forbidden_character": ("berisi karakter kendali {character} yang tidak diizinkan",
                            "holds the control character {character}, which is not accepted"),
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
    "in_future": ("tidak boleh di masa depan", "lies in the future"),
    "unknown_reason": ("pilih alasan penolakan", "unknown reason {value!r} (known: {known})"),
    "reject_note_missing": ("tulis alasan penolakan", "say why the complaint is rejected"),
    "transfer_note_missing": ("tulis alasan pengalihan", "say why the complaint goes to another OPD"),
    "reopen_note_missing": ("tulis alasan aduan dibuka kembali", "say why the complaint is reopened"),
    "feedback_missing": ("tulis umpan balik untuk warga", "write the feedback given to the citizen"),
    "feedback_too_long": ("umpan balik paling banyak {max} karakter", "the feedback is at most {max} characters"),
    "required": ("wajib dipilih", "required"),
    "unknown_reference": ("{kind} {value!r} tidak dikenal", "unknown {kind} {value!r}"),
    "minutes_not_positive": ("harus bilangan bulat menit di atas nol, bukan {value!r}",
                             "must be a whole number of minutes above zero, got {value!r}"),
    "minutes_too_large": ("paling banyak {limit} menit (30 hari), bukan {value!r}",
                          "must be at most {limit} minutes (30 days), got {value!r}"),
    "label_invalid": ("beri nama klien dalam 1 sampai 100 karakter", "name the client in 1 to 100 characters"),
    "unknown_api_key": ("kunci API {key_id} tidak ada", "no API key {key_id}"),
    "unknown_rule": ("aturan rute {rule_id} tidak ada", "no routing rule {rule_id}"),
    "message_id_invalid": ("sumber (≤ 32 karakter) dan nomor pesan (≤ 200, tanpa karakter kendali) wajib diisi",
                           "source (<= 32 chars) and message id (<= 200, no control characters) are required"),
    # the inbound webhook's payload
    "json_too_deep": ("JSON bersarang terlalu dalam", "JSON nested too deeply"),
    "number_too_large": ("angka terlalu besar", "number too large"),
    "sent_at_outside_window": ("harus antara {days} hari yang lalu dan {minutes} menit dari sekarang",
                               "must lie between {days} days ago and {minutes} minutes from now"),
    "end_before_start": ("lebih awal dari tanggal mulai", "lies before start_date"),
    "span_too_long": ("paling lama {days} hari setelah tanggal mulai", "at most {days} days after start_date"),
    "unknown_open311_status": ("harus open atau closed, bukan {value!r}", "must be open or closed, got {value!r}"),
    "unknown_open311_statuses": ("harus open, closed atau keduanya, bukan {values}",
                                 "must be open, closed or both, got {values}"),
    "unknown_service": ("layanan {values} tidak dikenal", "unknown service {values}"),
    "date_out_of_range": ("harus antara {earliest} dan {latest}", "must lie between {earliest} and {latest}"),
    "not_w3c_datetime": ("{value!r} bukan waktu W3C seperti 2026-11-23T09:00:00+07:00",
                         "not a W3C datetime such as 2026-11-23T09:00:00+07:00: {value!r}"),
}
# Parameters shown by name in Indonesian: a status code becomes its name, a kind of reference too.
LOCALISED = {"status": STATUS_NAMES, "target": STATUS_NAMES,
             "kind": {"opd": "OPD", "category": "kategori", "kecamatan": "kecamatan"}}
