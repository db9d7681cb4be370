"""The incidents domain's words: status names in Indonesian, and the Indonesian and English
sentence of every code its service raises (registered by domains/incidents.py; core/messages.py
fills them in). Codes start with `incident_`: the catalogue is shared by every domain."""

from __future__ import annotations

CALL_OUTCOME_NAMES = {"pending": "Menunggu", "incident": "Insiden dibuat", "merged": "Digabung",
                      "prank": "Panggilan iseng", "referred": "Dirujuk ke mitra", "info": "Informasi"}
INCIDENT_STATUS_NAMES = {"open": "Baru", "dispatched": "Unit diberangkatkan", "on_scene": "Unit di lokasi",
                         "cleared": "Selesai di lokasi", "closed": "Ditutup", "cancelled": "Dibatalkan"}
DISPATCH_STATUS_NAMES = {"dispatched": "Diberangkatkan", "en_route": "Dalam perjalanan", "on_scene": "Di lokasi",
                         "cleared": "Selesai", "cancelled": "Dibatalkan"}
UNIT_STATUS_NAMES = {"available": "Siaga", "dispatched": "Ditugaskan", "en_route": "Dalam perjalanan",
                     "on_scene": "Di lokasi", "returning": "Kembali", "out_of_service": "Tidak beroperasi"}
SOURCE_NAMES = {"call_112": "Telepon 112", "cctv": "Operator CCTV", "field_post": "Pos lapangan",
                "radio": "Radio", "complaint": "Aduan warga"}
STAGE_NAMES = {1: "Normal", 2: "Mobilisasi", 3: "Perhatian", 4: "Siaga", 5: "Krisis"}
LIFECYCLE_NAMES = {"call": "panggilan", "incident": "insiden", "dispatch": "penugasan unit", "unit": "unit"}
ALL_STATUS_NAMES = {**CALL_OUTCOME_NAMES, **INCIDENT_STATUS_NAMES, **DISPATCH_STATUS_NAMES, **UNIT_STATUS_NAMES}

MESSAGES: dict[str, tuple[str, str]] = {
    "incident_unknown_status": ("status {value!r} tidak dikenal untuk {lifecycle}; pilihan: {known}",
                                "unknown {lifecycle} status {value!r}; known: {known}"),
    "incident_transition_refused": ("{lifecycle} berstatus {current} tidak dapat menjadi {wanted} "
                                    "(yang boleh: {allowed})",
                                    "a {lifecycle} that is {current} cannot become {wanted} (allowed: {allowed})"),
    "incident_not_found": ("{kind} {key!r} tidak ada", "no {kind} {key!r}"),
    "incident_required": ("wajib diisi", "required"),
    "incident_unknown_code": ("{kind} {value!r} tidak dikenal", "unknown {kind} {value!r}"),
    "incident_unknown_choice": ("{value!r} bukan pilihan; pilihan: {known}", "{value!r} is not one of: {known}"),
    "incident_source_detail_missing": ("sumber {source} memerlukan {detail}", "source {source} needs its {detail}"),
    "incident_invalid_coordinate": ("{value!r} bukan koordinat yang sah", "{value!r} is no valid coordinate"),
    "incident_location_missing": ("isi titik lokasi atau alamat/patokan", "give a point or an address/landmark"),
    "incident_outside_city": ("titik ({lat}, {lon}) di luar wilayah kota", "the point ({lat}, {lon}) lies outside "
                              "the city"),
    "incident_not_negative": ("harus bilangan bulat 0 atau lebih, bukan {value!r}",
                              "must be a whole number of 0 or more, got {value!r}"),
    "incident_text_too_long": ("paling banyak {limit} karakter", "at most {limit} characters"),
    "incident_time_order": ("{later} tidak boleh sebelum {earlier}", "{later} must not lie before {earlier}"),
    "incident_not_active": ("insiden {number} berstatus {status}: tidak aktif lagi",
                            "incident {number} is {status}: no longer active"),
    "incident_unit_not_available": ("unit {unit} berstatus {status}: hanya unit siaga yang dapat diberangkatkan",
                                    "unit {unit} is {status}: only an available unit can be dispatched"),
    "incident_unit_no_dispatch": ("unit {unit} tidak sedang ditugaskan", "unit {unit} has no live dispatch"),
    "incident_other_agency": ("{username} dari {own} hanya bertindak atas unit {own}, bukan unit {agency}",
                              "{username} of {own} acts only on {own}'s units, not on {agency}'s"),
    "incident_role_refused": ("peran {role} tidak boleh {what}", "the {role} role may not {what}"),
    "incident_partner_only_referred": ("mitra hanya untuk panggilan yang dirujuk",
                                       "a partner is only for a referred call"),
    "incident_close_call_outcome": ("panggilan ditutup sebagai iseng, dirujuk atau informasi, bukan {value!r}",
                                    "a call is closed as prank, referred or info, not {value!r}"),
    "incident_stage_range": ("tahap harus 1 sampai 5, bukan {value!r}", "the stage must be 1 to 5, got {value!r}"),
    "incident_reason_required": ("sebutkan alasannya", "say why"),
    "incident_already_linked": ("{what} {value!r} sudah terhubung", "{what} {value!r} is linked already"),
    "incident_nothing_reported": ("laporkan status atau posisi", "report a status or a position"),
    "incident_nothing_to_change": ("tidak ada yang diubah", "nothing to change"),
    "incident_position_incomplete": ("lintang dan bujur harus diisi bersama", "give both latitude and longitude"),
    # the proposed stage (modules/incidents/stage.py): why the system proposes it
    "incident_stage_because_active": ("{count} insiden aktif", "{count} active incidents"),
    "incident_stage_because_agencies": ("tanpa unit siaga: {agencies}", "no available unit: {agencies}"),
    "incident_stage_normal": ("beban normal", "normal load"),
}
# Parameters shown by name in Indonesian.
LOCALISED = {"lifecycle": LIFECYCLE_NAMES, "current": ALL_STATUS_NAMES, "wanted": ALL_STATUS_NAMES}
