"""The e-Kinerja domain's sentences: the Indonesian and English text of every code its service
raises, and the Indonesian names of the values some parameters carry (LOCALISED). Codes and
localised parameter names start with `kinerja_`: the catalogue is shared by every domain."""

from __future__ import annotations

STATUS_NAMES = {"draft": "Draf", "submitted": "Diajukan", "approved": "Disetujui", "returned": "Dikembalikan"}
ACTION_NAMES = {"edit": "diubah", "delete": "dihapus", "submit": "diajukan", "approve": "disetujui",
                "return": "dikembalikan"}

MESSAGES: dict[str, tuple[str, str]] = {
    "kinerja_required": ("wajib diisi", "required"),
    "kinerja_not_text": ("harus berupa teks", "must be a string"),
    "kinerja_text_too_long": ("{length} karakter; paling banyak {limit} karakter",
                              "{length} characters; at most {limit} are accepted"),
    "kinerja_control_characters": ("tidak boleh berisi karakter kendali", "must hold no control characters"),
    "kinerja_unknown_field": ("bukan isian kegiatan; isian: {known}", "not a field of an activity; fields: {known}"),
    "kinerja_unknown_choice": ("{value!r} bukan pilihan; pilihan: {known}", "{value!r} is not one of: {known}"),
    "kinerja_bad_date": ("{value!r} bukan tanggal (TTTT-BB-HH)", "{value!r} is no date (YYYY-MM-DD)"),
    "kinerja_bad_time": ("{value!r} bukan jam (JJ:MM, 00:00 sampai 23:59)",
                         "{value!r} is no time of day (HH:MM, 00:00 to 23:59)"),
    "kinerja_bad_month": ("{value!r} bukan bulan (TTTT-BB)", "{value!r} is no month (YYYY-MM)"),
    "kinerja_bad_quarter": ("{value!r} bukan triwulan (TTTT-Qn, n = 1 sampai 4)",
                            "{value!r} is no quarter (YYYY-Qn, n = 1 to 4)"),
    "kinerja_bad_id": ("{value!r} bukan nomor kegiatan", "{value!r} is no activity id"),
    "kinerja_bad_staff_id": ("{value!r} bukan nomor pegawai", "{value!r} is no staff id"),
    "kinerja_out_of_range": ("harus bilangan {low} sampai {high}", "must be a number from {low} to {high}"),
    "kinerja_end_before_start": ("jam selesai {end} harus sesudah jam mulai {start}",
                                 "the end {end} must come after the start {start}"),
    "kinerja_longer_than_day": ("jam selesai {end} melewati pukul 24:00: satu kegiatan tidak boleh lebih dari "
                                "harinya; catat sisanya pada hari berikutnya",
                                "the end {end} lies past 24:00: an activity cannot be longer than its day; enter "
                                "the rest on the next day"),
    "kinerja_in_future": ("kegiatan tidak boleh di masa depan: waktunya belum berakhir",
                          "an activity cannot lie in the future: its time has not ended yet"),
    "kinerja_too_old": ("kegiatan hanya dapat dicatat untuk hari ini dan {days} hari ke belakang (paling awal "
                        "{earliest})", "an activity may be entered for today and {days} days back only (from "
                        "{earliest})"),
    "kinerja_overlap": ("bertumpang tindih dengan kegiatan Anda {id} ({start}-{end}) pada hari yang sama",
                        "overlaps your activity {id} ({start}-{end}) on the same day"),
    "kinerja_link_unknown": ("{kinerja_link_kind} {ref!r} tidak ditemukan", "no {kinerja_link_kind} {ref!r} was found"),
    "kinerja_period_closed": ("periode {month} sudah ditutup: tidak ada yang dapat diubah",
                              "the period {month} is closed: nothing of it can change"),
    "kinerja_period_not_over": ("periode {month} belum berakhir", "the month {month} is not over yet"),
    "kinerja_quarter_open": ("periode {month} belum ditutup: triwulan dinilai setelah ketiga bulannya ditutup",
                             "the month {month} is not closed: a quarter is scored once its three months are"),
    "kinerja_locked": ("kegiatan terkunci: periode {month} sudah ditutup",
                       "the activity is locked: its month {month} is closed"),
    "kinerja_step_refused": ("kegiatan berstatus {kinerja_status} tidak dapat {kinerja_action}",
                             "an activity that is {kinerja_status} cannot be {kinerja_action}"),
    "kinerja_return_needs_note": ("tuliskan alasan pengembalian", "say why the activity is returned"),
    "kinerja_note_only_for_return": ("catatan hanya untuk pengembalian", "a note goes with a return only"),
    "kinerja_batch_empty": ("pilih paling sedikit satu kegiatan", "name at least one activity"),
    "kinerja_batch_too_large": ("paling banyak {limit} kegiatan sekaligus", "at most {limit} activities at once"),
    "kinerja_not_found": ("kegiatan {id} tidak ada", "no activity {id}"),
    "kinerja_no_photo": ("kegiatan {id} tidak memiliki foto", "activity {id} has no photo"),
    "kinerja_staff_unknown": ("pegawai {id} tidak ada", "no staff member {id}"),
    "kinerja_no_staff_record": ("akun {username} tidak terhubung dengan data pegawai",
                                "the account {username} is linked to no staff record"),
    "kinerja_staff_inactive": ("data pegawai akun {username} tidak aktif",
                               "the staff record of {username} is inactive"),
    "kinerja_not_own": ("kegiatan {id} bukan milik Anda", "activity {id} is not yours"),
    "kinerja_not_your_subordinate": ("kegiatan atau pegawai {id} bukan bawahan yang Anda nilai",
                                     "activity or staff member {id} is not of someone you assess"),
    "kinerja_outside_scope": ("kegiatan {id} di luar cakupan Anda", "activity {id} lies outside your scope"),
    "kinerja_aggregates_refused": ("peran {role} tidak dapat membaca rekap kinerja OPD",
                                   "the role {role} may not read the OPDs' performance figures"),
    "kinerja_admin_only": ("hanya administrator kota yang dapat menutup periode ({username})",
                           "only a city-wide administrator closes a period ({username})"),
}

LINK_NAMES = {"sub_kegiatan": "sub kegiatan rencana OPD tahun ini", "complaint": "aduan", "incident": "kejadian",
              "letter": "surat"}

LOCALISED = {"kinerja_status": STATUS_NAMES, "kinerja_action": ACTION_NAMES, "kinerja_link_kind": LINK_NAMES}
