"""The e-Office domain's sentences: the Indonesian and English text of every code its services
raise. Codes start with `office_` (the catalogue is shared by every domain); so do the parameters
shown by name (LOCALISED: the catalogue's parameter names are shared too)."""

from __future__ import annotations

STATUS_NAMES = {
    "registered": "teregistrasi", "distributed": "didistribusikan", "read": "dibaca", "disposed": "didisposisikan",
    "followed_up": "ditindaklanjuti", "archived": "diarsipkan", "draft": "konsep", "in_review": "menunggu paraf",
    "ready_to_sign": "menunggu tanda tangan", "signed": "ditandatangani", "numbered": "bernomor", "sent": "terkirim",
    "unread": "belum dibaca", "done": "selesai", "withdrawn": "ditarik",
}
STEP_NAMES = {
    "register": "registrasi", "distribute": "distribusi", "read": "baca", "dispose": "disposisi",
    "follow_up": "tindak lanjut", "archive": "arsip", "archive_outgoing": "arsip", "draft": "konsep",
    "submit": "ajukan paraf", "initial": "paraf", "return": "kembalikan ke konseptor", "sign": "tanda tangan",
    "number": "penomoran", "send": "kirim", "attach": "lampiran", "withdraw": "tarik disposisi",
    "finish": "selesaikan disposisi",
}
DIRECTION_NAMES = {"incoming": "surat masuk", "outgoing": "surat keluar"}

MESSAGES: dict[str, tuple[str, str]] = {
    "office_required": ("wajib diisi", "required"),
    "office_not_text": ("harus berupa teks", "must be a string"),
    "office_text_too_long": ("paling banyak {limit} karakter", "at most {limit} characters"),
    "office_unknown_choice": ("{value!r} bukan pilihan; pilihan: {known}", "{value!r} is not one of: {known}"),
    "office_bad_date": ("{value!r} bukan tanggal (TTTT-BB-HH)", "{value!r} is no date (YYYY-MM-DD)"),
    "office_in_future": ("tidak boleh di masa depan", "must not lie in the future"),
    "office_in_past": ("tidak boleh sebelum hari ini", "must not lie before today"),
    "office_date_order": ("{later} tidak boleh sebelum {earlier}", "{later} must not lie before {earlier}"),
    "office_classification_format": (
        "kode klasifikasi arsip {value!r} tidak sah; contoh: 000.1.2 (tiga angka, lalu sampai tiga tingkat)",
        "{value!r} is no archive classification code; e.g. 000.1.2 (three digits, then up to three levels)"),
    "office_not_a_number": ("harus bilangan bulat positif", "must be a positive whole number"),
    "office_staff_list": ("harus daftar id pegawai (1 sampai {limit}) tanpa duplikat",
                          "must be a list of 1 to {limit} staff ids without duplicates"),
    "office_unknown_staff": ("pegawai {staff_id} tidak ada atau tidak aktif", "no active staff member {staff_id}"),
    "office_staff_other_opd": ("pegawai {staff_id} bukan pegawai {opd}", "staff member {staff_id} is not of {opd}"),
    "office_link_unknown": ("{link_kind} {link_id} tidak ada", "no {link_kind} {link_id}"),
    "office_link_pair": ("jenis tautan dan id tautan diisi bersama", "link_kind and link_id go together"),
    "office_attachment_empty": ("{filename}: berkas kosong", "{filename}: the file is empty"),
    "office_not_pdf": ("{filename}: bukan berkas PDF", "{filename}: not a PDF file"),
    "office_attachment_too_large": ("{filename}: ukuran berkas {size} bita; paling besar {limit} bita",
                                    "{filename}: the file has {size} bytes; at most {limit} are accepted"),
    "office_too_many_attachments": ("paling banyak {limit} lampiran per surat",
                                    "at most {limit} attachments a letter"),
    "office_not_below": ("pegawai {staff_id} tidak berada di bawah Anda dalam struktur organisasi",
                         "staff member {staff_id} is not below you in the hierarchy"),
    "office_already_disposed": ("pegawai {staff_id} sudah menerima disposisi Anda atas surat ini",
                                "staff member {staff_id} holds an open disposition of yours on this letter"),
    "office_note_required": ("catatan wajib diisi untuk {office_step}", "a note is required to {office_step}"),
    "office_withdraw_read": ("disposisi {disposition_id} sudah dibaca dan tidak dapat ditarik lagi",
                             "disposition {disposition_id} has been read and can no longer be withdrawn"),
    "office_disposition_closed": ("disposisi {disposition_id} sudah {office_status}",
                                  "disposition {disposition_id} is {office_status} already"),
    "office_dispositions_open": ("masih ada {count} disposisi yang belum selesai",
                                 "{count} dispositions are still open"),
    "office_step_refused": ("{office_direction} berstatus {office_status}: langkah {office_step} tidak dapat dilakukan",
                            "the {office_direction} letter is {office_status}: it cannot take the step {office_step}"),
    "office_verifier_chain": ("pegawai {staff_id} bukan atasan konseptor di bawah penanda tangan",
                              "staff member {staff_id} is not a superior of the drafter below the signer"),
    "office_signer_chain": ("penanda tangan {staff_id} bukan konseptor atau atasannya",
                            "the signer {staff_id} is neither the drafter nor one of his superiors"),
    "office_no_staff": ("akun {username} tidak terhubung dengan data pegawai aktif",
                        "the account {username} is linked to no active staff record"),
    "office_not_registrar": ("hanya agendaris {opd} yang dapat melakukan {office_step}",
                             "only a registrar of {opd} may take the step {office_step}"),
    "office_not_taker": ("Anda tidak dapat melakukan {office_step} pada surat ini",
                         "you may not take the step {office_step} on this letter"),
    "office_not_your_turn": ("giliran paraf ada pada pegawai {staff_id}", "it is staff member {staff_id}'s turn"),
    "office_not_recipient": ("Anda bukan penerima surat atau disposisi ini",
                             "you are no recipient of this letter or disposition"),
    "office_may_not_read": ("Anda tidak berhak membaca surat {letter_id}", "you may not read letter {letter_id}"),
    "office_scope_refused": ("lingkup akun Anda tidak mencakup {opd}", "your account's scope does not cover {opd}"),
    "office_letter_not_found": ("surat {letter_id} tidak ada", "no letter {letter_id}"),
    "office_disposition_not_found": ("disposisi {disposition_id} tidak ada", "no disposition {disposition_id}"),
    "office_attachment_not_found": ("lampiran {attachment_id} tidak ada pada surat ini",
                                    "no attachment {attachment_id} on this letter"),
}

LOCALISED: dict[str, dict[str, str]] = {"office_status": STATUS_NAMES, "office_step": STEP_NAMES,
                                        "office_direction": DIRECTION_NAMES}
