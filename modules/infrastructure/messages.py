"""The infrastructure domain's words: the Indonesian and English sentence of every code its
service raises (registered by domains/infrastructure.py; core/messages.py fills them in). Codes
start with `infra_`: the catalogue is shared by every domain. Device kinds and states have their
Indonesian names in kinds.py (KIND_NAMES, STATE_NAMES)."""

from __future__ import annotations

from modules.infrastructure.kinds import KIND_NAMES, STATE_NAMES

MESSAGES: dict[str, tuple[str, str]] = {
    "infra_required": ("wajib diisi", "required"),
    "infra_unknown_choice": ("{value!r} bukan pilihan; pilihan: {known}", "{value!r} is not one of: {known}"),
    "infra_unknown_code": ("{thing} {value!r} tidak dikenal", "unknown {thing} {value!r}"),
    "infra_not_found": ("{thing} {key!r} tidak ada", "no {thing} {key!r}"),
    "infra_code_invalid": ("kode {value!r} tidak sah: 1 sampai 40 karakter huruf, angka, titik, garis bawah atau "
                           "tanda hubung", "code {value!r} is invalid: 1 to 40 letters, digits, dots, underscores or "
                           "hyphens"),
    "infra_code_twice": ("kode {value!r} sudah ada di baris {row}", "code {value!r} appears already on row {row}"),
    "infra_code_exists": ("perangkat {value!r} sudah terdaftar", "device {value!r} is registered already"),
    "infra_text_too_long": ("paling banyak {limit} karakter", "at most {limit} characters"),
    "infra_host_invalid": ("{value!r} bukan alamat IP atau nama host yang sah", "{value!r} is no valid IP address or "
                           "host name"),
    "infra_port_range": ("port harus bilangan bulat 1 sampai 65535, bukan {value!r}",
                         "the port must be a whole number from 1 to 65535, got {value!r}"),
    "infra_port_needed": ("probe {probe} memerlukan port", "a {probe} probe needs a port"),
    "infra_port_unused": ("probe {probe} tidak memakai port", "a {probe} probe takes no port"),
    "infra_path_invalid": ("{value!r} bukan path URL yang sah (diawali /, tanpa spasi)",
                           "{value!r} is no valid URL path (starting with /, no spaces)"),
    "infra_path_unused": ("probe {probe} tidak memakai path", "a {probe} probe takes no path"),
    "infra_number_range": ("harus angka {low} sampai {high}, bukan {value!r}",
                           "must be a number from {low} to {high}, got {value!r}"),
    "infra_timeout_too_long": ("batas waktu {timeout} detik harus lebih pendek dari interval {interval} detik",
                               "the timeout of {timeout} s must be shorter than the interval of {interval} s"),
    "infra_invalid_coordinate": ("{value!r} bukan koordinat yang sah", "{value!r} is no valid coordinate"),
    "infra_position_incomplete": ("lintang dan bujur harus diisi bersama", "give both latitude and longitude"),
    "infra_outside_city": ("titik ({lat}, {lon}) di luar wilayah kota", "the point ({lat}, {lon}) lies outside the "
                           "city"),
    "infra_kelurahan_differs": ("titik berada di kelurahan {found}, bukan {value}",
                                "the point lies in kelurahan {found}, not {value}"),
    "infra_parent_self": ("perangkat tidak dapat menjadi induknya sendiri", "a device cannot be its own parent"),
    "infra_parent_cycle": ("induk membentuk lingkaran: {cycle}", "the parents form a cycle: {cycle}"),
    "infra_import_refused": ("berkas ditolak, tidak ada yang disimpan: {count} kesalahan",
                             "the file is refused and nothing was saved: {count} errors"),
    "infra_import_header": ("kolom {missing} tidak ada; kolom yang diharapkan: {expected}",
                            "columns {missing} are missing; expected columns: {expected}"),
    "infra_import_empty": ("berkas tidak berisi baris perangkat", "the file holds no device rows"),
    "infra_time_order": ("{later} harus sesudah {earlier}", "{later} must lie after {earlier}"),
    "infra_window_too_long": ("jendela berulang {recurrence} paling lama {limit} jam",
                              "a {recurrence} window lasts at most {limit} hours"),
    "infra_role_refused": ("peran {role} tidak boleh {what}", "the {role} role may not {what}"),
    "infra_external_state": ("status {value!r} tidak dapat datang dari luar; pilihan: {known}",
                             "state {value!r} cannot come from outside; known: {known}"),
}
# Parameters shown by name in Indonesian.
THING_NAMES = {"OPD": "OPD", "contract": "kontrak", "kelurahan": "kelurahan", "parent": "induk", "device": "perangkat",
               "maintenance window": "jendela pemeliharaan"}
LOCALISED = {"thing": THING_NAMES, "device_kind": KIND_NAMES, "device_state": STATE_NAMES}
