"""The staff registry's sentences: the Indonesian and English text of every code its service and
import raise (the NIP codes are the ones modules/staff/nip.py returns). Codes start with `staff_`:
the catalogue is shared by every domain."""

from __future__ import annotations

MESSAGES: dict[str, tuple[str, str]] = {
    # the NIP (nip.py)
    "staff_nip_format": ("NIP harus {length} angka tanpa spasi atau tanda baca",
                         "a NIP is {length} digits, without spaces or punctuation"),
    "staff_nip_birth_date": ("tanggal lahir dalam NIP ({digits}) bukan tanggal yang ada",
                             "the NIP's birth date ({digits}) is no real date"),
    "staff_nip_appointment": ("bulan pengangkatan dalam NIP ({digits}) bukan bulan yang ada",
                              "the NIP's appointment month ({digits}) is no real month"),
    "staff_nip_sex": ("digit jenis kelamin NIP harus 1 (laki-laki) atau 2 (perempuan), bukan {digit}",
                      "the NIP's sex digit must be 1 (male) or 2 (female), not {digit}"),
    "staff_nip_serial": ("nomor urut NIP tidak boleh 000", "the NIP's serial must not be 000"),
    "staff_nip_future": ("tanggal lahir atau pengangkatan dalam NIP belum terjadi",
                         "the NIP's birth date or appointment lies in the future"),
    "staff_nip_too_young": ("menurut NIP diangkat sebelum berusia {years} tahun",
                            "the NIP says appointed before the age of {years}"),
    "staff_nip_taken": ("NIP ini sudah terdaftar untuk pegawai {id}", "this NIP is registered already (staff {id})"),
    # fields
    "staff_required": ("wajib diisi", "required"),
    "staff_not_text": ("harus berupa teks", "must be a string"),
    "staff_text_too_long": ("paling banyak {limit} karakter", "at most {limit} characters"),
    "staff_control_characters": ("tidak boleh memuat karakter kendali", "must not hold control characters"),
    "staff_not_boolean": ("harus ya atau tidak (true/false, 1/0)", "must be true or false (1/0)"),
    "staff_bad_id": ("harus bilangan bulat positif", "must be a positive whole number"),
    "staff_unknown_field": ("bukan isian yang dapat diubah; yang dapat diubah: {known}",
                            "not a field that can be changed; those are: {known}"),
    "staff_unknown_opd": ("OPD {value!r} tidak ada di data referensi", "no OPD {value!r} in the reference data"),
    # the hierarchy
    "staff_unknown_supervisor": ("atasan {value} tidak terdaftar", "no registered supervisor {value}"),
    "staff_supervisor_self": ("seseorang tidak dapat menjadi atasannya sendiri", "nobody is his own supervisor"),
    "staff_supervisor_loop": ("atasan ini berada di bawah pegawai tersebut: rantai atasan akan berputar",
                              "this supervisor is below the person: the chain of supervisors would loop"),
    "staff_supervisor_inactive": ("atasan {value} sudah tidak aktif", "supervisor {value} is no longer active"),
    # users
    "staff_user_unknown": ("tidak ada pengguna {username!r}", "no user {username!r}"),
    "staff_user_linked": ("pengguna {username!r} sudah terhubung ke pegawai {id}",
                          "user {username!r} is linked to staff {id} already"),
    "staff_has_user": ("pegawai ini sudah terhubung ke pengguna lain; lepaskan dulu",
                       "this person is linked to another user; unlink him first"),
    # who and what
    "staff_admin_only": ("hanya administrator yang dapat mengubah data pegawai (peran Anda: {role})",
                         "only an administrator changes the staff registry (your role: {role})"),
    "staff_outside_scope": ("data pegawai {id} di luar wewenang Anda", "staff {id} lies outside your scope"),
    "staff_not_found": ("pegawai {id} tidak ada", "no staff {id}"),
    "staff_not_linked": ("akun Anda belum terhubung ke data pegawai", "your account is linked to no staff record"),
    # the import (importing.py)
    "staff_import_refused": ("berkas ditolak, tidak ada yang disimpan: {count} kesalahan",
                             "the file was refused, nothing was saved: {count} errors"),
    "staff_import_header": ("kolom {missing} tidak ada; kolom yang diharapkan: {expected}",
                            "columns {missing} are missing; expected: {expected}"),
    "staff_import_empty": ("berkas tidak berisi baris pegawai", "the file holds no staff rows"),
    "staff_duplicate_nip": ("NIP yang sama sudah ada di baris {row}", "the same NIP is on row {row} already"),
    "staff_loop_in_file": ("rantai atasan berputar: {nips}", "the chain of supervisors loops: {nips}"),
}
