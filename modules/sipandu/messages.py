"""The Sipandu domain's sentences: the Indonesian and English text of every code its service
raises. Codes start with `sipandu_`: the catalogue is shared by every domain."""

from __future__ import annotations

MESSAGES: dict[str, tuple[str, str]] = {
    "sipandu_nik_format": ("NIK harus 16 angka, bukan {length} karakter",
                           "a NIK is 16 digits, got {length} characters"),
    "sipandu_nik_region": ("kode wilayah NIK {region} tidak ada dalam daftar resmi Kemendagri",
                           "the NIK's region {region} is not in Kemendagri's official list"),
    "sipandu_nik_date": ("tanggal lahir dalam NIK ({digits}) bukan tanggal yang ada",
                         "the NIK's birth date ({digits}) is no real date"),
    "sipandu_nik_serial": ("nomor urut NIK tidak boleh 0000", "the NIK's serial must not be 0000"),
    "sipandu_nik_birth_date_mismatch": ("NIK menyatakan lahir {nik_date}, data menyatakan {stated}",
                                        "the NIK says born {nik_date}, the record says {stated}"),
    "sipandu_nik_sex_mismatch": ("NIK menyatakan {nik_sex}, data menyatakan {stated}",
                                 "the NIK says {nik_sex}, the record says {stated}"),
    "sipandu_kk_format": ("nomor KK harus 16 angka dengan kode wilayah resmi di depannya",
                          "a KK number is 16 digits starting with an official region code"),
    "sipandu_import_refused": ("berkas ditolak, tidak ada yang disimpan: {count} kesalahan",
                               "the file was refused, nothing was saved: {count} errors"),
    "sipandu_import_header": ("kolom {missing} tidak ada; kolom yang diharapkan: {expected}",
                              "columns {missing} are missing; expected: {expected}"),
    "sipandu_import_empty": ("berkas tidak berisi baris penduduk", "the file holds no resident rows"),
    "sipandu_required": ("wajib diisi", "required"),
    "sipandu_unknown_choice": ("{value!r} bukan pilihan; pilihan: {known}", "{value!r} is not one of: {known}"),
    "sipandu_bad_date": ("{value!r} bukan tanggal (TTTT-BB-HH)", "{value!r} is no date (YYYY-MM-DD)"),
    "sipandu_unknown_rt": ("RT {rt} RW {rw} kelurahan {kelurahan} tidak dikenal",
                           "no RT {rt} in RW {rw} of kelurahan {kelurahan}"),
    "sipandu_duplicate_nik": ("NIK yang sama sudah ada di baris {row}", "the same NIK is on row {row} already"),
    "sipandu_text_too_long": ("paling banyak {limit} karakter", "at most {limit} characters"),
    "sipandu_in_future": ("tidak boleh di masa depan", "must not lie in the future"),
    "sipandu_time_order": ("{later} tidak boleh sebelum {earlier}", "{later} must not lie before {earlier}"),
    "sipandu_unknown_code": ("{kind} {value!r} tidak dikenal", "unknown {kind} {value!r}"),
    "sipandu_bad_moment": ("{value!r} bukan waktu lengkap dengan zona (TTTT-BB-HHTjj:mm+07:00)",
                           "{value!r} is no moment with its offset (YYYY-MM-DDThh:mm+07:00)"),
}
