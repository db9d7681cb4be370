"""Sentences of the planning desks' own refusals (the pages /musrenbang/baru, /musrenbang/meja and
/anggaran/realisasi, data/planning_desk.py): what the desk checks before it can call the service
at all (a point not chosen, an upload that is no file). {code: (Indonesian, English)}, merged by
messages.py; everything else is the service's own code."""

MESSAGES: dict[str, tuple[str, str]] = {
    "planning_desk_point_required": ("pilih titik di peta (atau isi lintang dan bujur)",
                                     "choose a point on the map (or type latitude and longitude)"),
    "planning_desk_upload_unreadable": ("{filename}: berkas tidak terbaca; pilih lagi",
                                        "{filename}: the upload cannot be read; choose it again"),
    "planning_desk_choose": ("pilih salah satu", "choose one"),
    "planning_desk_nothing_chosen": ("pilih satu usulan di antrean", "choose a proposal in the queue"),
}
