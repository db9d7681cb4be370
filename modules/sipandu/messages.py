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
}
