"""A first guess at the category of a free-text message (SMS, social media), as the Media Center's
screening does by eye: simple keyword rules. A guessed complaint always goes to the triage queue,
where staff read it before it reaches an OPD.

The same words are published as the `keywords` of each Open311 service.
"""

from __future__ import annotations

import re

# Whole words or phrases, lower case; the category with the most hits wins, ties go to the first listed.
KEYWORDS: dict[str, tuple[str, ...]] = {
    "JALAN_RUSAK": ("jalan rusak", "berlubang", "lubang", "aspal", "jalan retak", "paving"),
    "SALURAN_BANJIR": ("banjir", "genangan", "tergenang", "saluran", "selokan", "gorong-gorong", "got",
                       "drainase"),
    "PJU_MATI": ("pju", "lampu jalan", "penerangan jalan", "lampu penerangan"),
    "LAMPU_LALIN": ("lampu lalu lintas", "lampu merah", "traffic light", "apill", "bangjo"),
    "PARKIR_LIAR": ("parkir", "parkir liar", "macet", "kemacetan"),
    "SAMPAH": ("sampah", "tps", "tempat sampah", "gerobak sampah"),
    "POHON": ("pohon", "tumbang", "ranting", "dahan", "perantingan"),
    "PENCEMARAN": ("pencemaran", "limbah", "polusi", "asap", "bising", "kebisingan", "bau"),
    "PKL": ("pkl", "pedagang kaki lima", "lapak", "ketertiban", "pengamen", "gepeng"),
    "ADMINDUK": ("ktp", "e-ktp", "kartu keluarga", "kk", "akta", "kia", "dispendukcapil", "klampid"),
    "KESEHATAN": ("puskesmas", "rumah sakit", "bpjs", "dokter", "berobat", "ambulans"),
    "PENDIDIKAN": ("sekolah", "guru", "ppdb", "siswa", "murid"),
    "BANSOS": ("bansos", "bantuan sosial", "sembako", "lansia", "disabilitas", "terlantar", "permakanan"),
    "AIR_PDAM": ("pdam", "air mati", "keruh", "pipa bocor", "air bersih"),
    "CCTV_JARINGAN": ("cctv", "wifi", "internet", "jaringan"),
}

# No keyword matched: the most frequent category (reference/complaint_categories.csv); triage corrects it.
FALLBACK_CATEGORY = "JALAN_RUSAK"

_PATTERNS = {code: re.compile(r"\b(?:" + "|".join(re.escape(word) for word in words) + r")\b")
             for code, words in KEYWORDS.items()}


def matched_category(text: str, active_categories: set[str]) -> str | None:
    """The active category whose keywords occur most often in `text`, or None when none occurs."""
    lowered = (text or "").lower()
    hits = {code: len(pattern.findall(lowered)) for code, pattern in _PATTERNS.items() if code in active_categories}
    best = max(hits, key=hits.get, default=None)  # max keeps the first of equal counts
    return best if best is not None and hits[best] > 0 else None


def guess_category(text: str, active_categories: set[str]) -> str:
    """matched_category, else FALLBACK_CATEGORY (else any active category, so a message is never lost)."""
    found = matched_category(text, active_categories)
    if found is not None:
        return found
    if FALLBACK_CATEGORY in active_categories:
        return FALLBACK_CATEGORY
    return min(active_categories, default=FALLBACK_CATEGORY)
