"""Sentences of the proposals' (e-Musrenbang) codes: {code: (Indonesian, English)}, and the
Indonesian names of the values some parameters carry (LOCALISED, merged by messages.py)."""

from modules.planning.workflow import ROUND_NAMES, STATUS_NAMES

MESSAGES: dict[str, tuple[str, str]] = {
    "planning_unknown_status": ("status {value!r} tidak dikenal; pilihan: {known}",
                                "unknown status {value!r}; known: {known}"),
    "planning_step_refused": ("usulan berstatus {proposal_status} tidak dapat menjadi {wanted_status} "
                              "(langkah yang boleh: {allowed})",
                              "a proposal that is {proposal_status} cannot become {wanted_status} "
                              "(allowed steps: {allowed})"),
    "planning_role_refused": ("peran {role} tidak boleh {what}", "the {role} role may not {what}"),
    "planning_no_scope": ("akun {username} tidak terikat pada satu RW", "the account {username} has no RW"),
    "planning_step_role_refused": ("peran {role} tidak boleh mengubah usulan {proposal_status} menjadi "
                                   "{wanted_status} (yang boleh: {roles})",
                                   "the {role} role may not take a proposal from {proposal_status} to "
                                   "{wanted_status} (roles: {roles})"),
    "planning_outside_scope": ("usulan {number} di luar wilayah {username}",
                               "proposal {number} lies outside {username}'s area"),
    "planning_required": ("wajib diisi", "required"),
    "planning_not_text": ("harus berupa teks", "must be text"),
    "planning_text_too_long": ("paling banyak {limit} karakter", "at most {limit} characters"),
    "planning_unknown_item": ("{value!r} tidak ada dalam kamus usulan", "{value!r} is not in the proposal dictionary"),
    "planning_volume_range": ("volume harus lebih dari 0 dan paling banyak {maximum} {unit}, bukan {value!r}",
                              "the volume must be above 0 and at most {maximum} {unit}, got {value!r}"),
    "planning_rt_range": ("RT harus bilangan bulat 1 sampai {maximum}, bukan {value!r}",
                          "the RT must be a whole number from 1 to {maximum}, got {value!r}"),
    "planning_other_rt": ("akun ini mengusulkan untuk RT {own}, bukan RT {value}",
                          "this account proposes for RT {own}, not RT {value}"),
    "planning_outside_city": ("titik ({lat}, {lon}) di luar wilayah kota", "the point ({lat}, {lon}) lies outside "
                              "the city"),
    "planning_outside_kelurahan": ("titik ({lat}, {lon}) ada di kelurahan {found}, bukan di kelurahan {kelurahan}",
                                   "the point ({lat}, {lon}) lies in kelurahan {found}, not in {kelurahan}"),
    "planning_too_many_photos": ("{count} foto; paling banyak {limit}", "{count} photos; at most {limit}"),
    "planning_round_closed": ("putaran {planning_round} {year} berlangsung {first} sampai {last}; hari ini {today}",
                              "the {planning_round} round of {year} runs from {first} to {last}; today is {today}"),
    "planning_reason_required": ("penolakan harus menyebut alasan dari daftar",
                                 "a rejection needs a reason from the list"),
    "planning_unknown_reason": ("alasan {value!r} tidak dikenal; pilihan: {known}",
                                "unknown reason {value!r}; known: {known}"),
    "planning_reason_only_rejecting": ("alasan hanya untuk penolakan", "a reason is only for a rejection"),
    "planning_proposal_not_found": ("usulan {number!r} tidak ada", "no proposal {number!r}"),
    "planning_not_a_number": ("{value!r} bukan angka", "{value!r} is not a number"),
    "planning_invalid_coordinate": ("{value!r} bukan koordinat yang sah", "{value!r} is no valid coordinate"),
    "planning_not_boolean": ("harus true atau false, bukan {value!r}", "must be true or false, got {value!r}"),
    "planning_ranking_empty": ("sebutkan nomor usulan menurut urutan prioritas",
                               "list the proposal numbers in order of priority"),
    "planning_ranking_not_text": ("setiap nomor usulan harus berupa teks", "every proposal number must be text"),
    "planning_ranking_twice": ("disebut lebih dari sekali: {numbers}", "listed more than once: {numbers}"),
    "planning_ranking_years": ("usulan dari beberapa tahun: {years}; urutkan satu tahun sekaligus",
                               "proposals of several years: {years}; rank one year at a time"),
    "planning_ranking_incomplete": ("{count} usulan diterima tahun ini belum diurutkan, mis. {numbers}",
                                    "{count} accepted proposals of the year are missing, e.g. {numbers}"),
    "planning_over_ceiling": ("usulan RW tahun ini menjadi Rp {total}, melebihi pagu Rp {ceiling} "
                              "(sudah diusulkan Rp {earlier}, usulan ini Rp {cost})",
                              "the RW's proposals of the year would total Rp {total}, over the ceiling of "
                              "Rp {ceiling} (proposed already Rp {earlier}, this one Rp {cost})"),
}

LOCALISED = {"proposal_status": STATUS_NAMES, "wanted_status": STATUS_NAMES, "planning_round": ROUND_NAMES}
