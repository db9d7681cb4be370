"""Sentences of the plan's, budget's and realisation's codes: {code: (Indonesian, English)}, and the
Indonesian names of the values some parameters carry (LOCALISED, merged by messages.py)."""

from modules.planning.budget_models import WORK_STATUS_NAMES

MESSAGES: dict[str, tuple[str, str]] = {
    # codes.py: Permendagri 90 shapes
    "planning_code_empty": ("kode wajib diisi, misalnya {example}", "a code is required, for example {example}"),
    "planning_code_too_long": ("kode paling panjang {limit} karakter, misalnya {example}",
                               "a code has at most {limit} characters, for example {example}"),
    "planning_code_parts": ("{value!r}: kode harus terdiri dari {expected} bagian dipisah titik, ditemukan {found} "
                            "(misalnya {example})",
                            "{value!r}: a code has {expected} parts separated by dots, found {found} "
                            "(for example {example})"),
    "planning_code_part": ("{value!r}: bagian ke-{position} ({part}) harus {digits} angka, tertulis {piece!r} "
                           "(misalnya {example})",
                           "{value!r}: part {position} ({part}) must be {digits} digits, got {piece!r} "
                           "(for example {example})"),
    "planning_sub_kegiatan_unknown": ("sub kegiatan {value} tidak ada di nomenklatur Permendagri 90",
                                      "sub kegiatan {value} is not in the Permendagri 90 nomenclature"),
    # shared checks of input
    "planning_required": ("wajib diisi", "required"),
    "planning_text_too_long": ("paling banyak {limit} karakter", "at most {limit} characters"),
    "planning_not_whole_rupiah": ("{value!r} bukan jumlah rupiah bulat", "{value!r} is not a whole rupiah amount"),
    "planning_amount_range": ("harus {low} sampai {high} rupiah", "must be {low} to {high} rupiah"),
    "planning_number_range": ("harus angka {low} sampai {high}", "must be a number from {low} to {high}"),
    "planning_year_range": ("tahun harus {low} sampai {high}", "the year must be {low} to {high}"),
    "planning_date_invalid": ("{value!r} bukan tanggal (TTTT-BB-HH)", "{value!r} is not a date (YYYY-MM-DD)"),
    "planning_date_future": ("tanggal {value} belum tiba", "the date {value} is in the future"),
    "planning_opd_unknown": ("perangkat daerah {value!r} tidak dikenal", "unknown OPD {value!r}"),
    "planning_kelurahan_unknown": ("kelurahan {value!r} tidak dikenal", "unknown kelurahan {value!r}"),
    "planning_not_a_choice": ("{value!r} bukan salah satu dari {choices}", "{value!r} is not one of {choices}"),
    "planning_role_refused": ("peran {role} tidak boleh {what}", "the {role} role may not {what}"),
    "planning_other_opd": ("hanya {owner} yang boleh {what}; Anda dari {opd}",
                           "only {owner} may {what}; you are of {opd}"),
    "planning_not_found": ("{thing} {key} tidak ditemukan", "no {thing} {key}"),
    # plan.py
    "planning_plan_item_exists": ("rencana {year} sudah memuat sub kegiatan {sub_kegiatan} untuk {opd}",
                                  "the plan of {year} already holds sub kegiatan {sub_kegiatan} for {opd}"),
    "planning_link_status": ("usulan berstatus {proposal_status}: hanya usulan yang diterima atau diprioritaskan yang "
                             "dapat dimasukkan ke rencana",
                             "the proposal is {proposal_status}: only an accepted or prioritised proposal can be "
                             "planned"),
    "planning_link_year": ("usulan tahun {proposal_year} masuk ke rencana {expected}, bukan {year}",
                           "a proposal of {proposal_year} goes into the plan of {expected}, not {year}"),
    "planning_link_opd": ("usulan dikerjakan oleh {expected}, rencana ini milik {opd}",
                          "the proposal is built by {expected}; this plan item belongs to {opd}"),
    # budget.py
    "planning_version_exists": ("APBD {year} versi {version} sudah ada", "the {version} budget of {year} exists"),
    "planning_version_has_lines": ("APBD {year} versi {version} sudah berisi {count} baris; buat versi baru",
                                   "the {version} budget of {year} holds {count} lines already; make a new version"),
    "planning_version_order": ("APBD perubahan {year} memerlukan APBD murni lebih dulu",
                               "the perubahan budget of {year} needs its murni budget first"),
    "planning_import_columns": ("kolom hilang: {missing} (kolom yang diharapkan: {expected})",
                                "missing columns: {missing} (expected columns: {expected})"),
    "planning_import_empty": ("berkas tidak berisi baris anggaran", "the file holds no budget lines"),
    "planning_import_unreadable": ("berkas tidak dapat dibaca sebagai {kind}", "the file cannot be read as {kind}"),
    "planning_import_duplicate": ("baris yang sama (OPD, sub kegiatan, rekening) sudah ada di baris {first}",
                                  "the same line (OPD, sub kegiatan, account) is on row {first} already"),
    "planning_import_too_many": ("paling banyak {limit} baris dalam satu berkas", "at most {limit} rows in one file"),
    # realisation.py
    "planning_payment_over_ceiling": ("pembayaran {amount} melewati pagu {ceiling}: sudah dibayar {paid}, sisa {left}",
                                      "a payment of {amount} passes the ceiling of {ceiling}: {paid} paid, "
                                      "{left} left"),
    "planning_payment_year": ("tanggal bayar harus di tahun anggaran {year}",
                              "the payment date must lie in the budget year {year}"),
    "planning_line_not_current": ("baris ini milik APBD {version} {year} yang tidak berlaku lagi",
                                  "this line belongs to the {version} budget of {year}, which is no longer current"),
    # works.py
    "planning_work_transition": ("pekerjaan berstatus {work_status} tidak dapat menjadi {target_status}",
                                 "a work that is {work_status} cannot become {target_status}"),
    "planning_work_needs": ("untuk menjadi {target_status}, pekerjaan memerlukan {needed}",
                            "to become {target_status}, a work needs {needed}"),
    "planning_work_line_mismatch": ("baris anggaran {line} bukan milik sub kegiatan dan OPD rencana ini di tahun "
                                    "{year}",
                                    "budget line {line} is not of this plan item's sub kegiatan, OPD and year {year}"),
    "planning_progress_decreasing": ("kemajuan {value}% lebih kecil dari laporan sebelumnya {last}%",
                                     "a progress of {value}% is below the previous report's {last}%"),
    "planning_progress_date_order": ("tanggal laporan {value} sebelum laporan terakhir {last}",
                                     "the report date {value} is before the last report's {last}"),
    "planning_progress_status": ("pekerjaan berstatus {work_status}: laporan kemajuan setelah kontrak dan sebelum "
                                 "selesai",
                                 "the work is {work_status}: progress is reported after the contract and before it "
                                 "is built"),
    "planning_proposal_work_plan": ("usulan {number} terkait rencana {expected}, pekerjaan ini di rencana {plan_item}",
                                    "proposal {number} is linked to plan item {expected}; this work is under "
                                    "plan item {plan_item}"),
}

LOCALISED: dict[str, dict] = {"work_status": WORK_STATUS_NAMES, "target_status": WORK_STATUS_NAMES}
