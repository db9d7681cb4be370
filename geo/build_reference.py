"""Build the project's district reference (`reference/`) from the shared reference facts.

Run once by a developer, from the repo root, when the official list changes:

    python -m geo.build_reference /path/to/shared/reference

The official Kemendagri list (`wilayah_kemendagri_3578.csv`, from the `idn-area-data` package,
ODbL 1.0) gives the codes and names. The older, unofficial lists (`surabaya_kecamatan.csv`,
`surabaya_kelurahan.csv`) give only approximate kecamatan centroids and postal codes; they are
matched to the official names tolerantly (geo.names), within the same kecamatan. The few
kelurahan that no name matches are hand-mapped in HAND_MAPPED_KELURAHAN below, and when several
old kelurahan were merged into one official kelurahan its postal code is the first one's.
The app never reads the shared folder: everything it needs is written to `reference/`.
"""

from __future__ import annotations

import shutil
import sys
from pathlib import Path

import pandas as pd

from .names import match_names

REFERENCE_DIR = Path(__file__).resolve().parent.parent / "reference"
OFFICIAL_LIST = "wilayah_kemendagri_3578.csv"
BOUNDARIES = "surabaya_kecamatan_boundaries.geojson"

# (old kecamatan, old kelurahan name) -> official kelurahan code: names no tolerant match finds.
HAND_MAPPED_KELURAHAN = {
    ("Pabean Cantian", "Perak Timur"): "35.78.12.1006",  # merged into Tanjung Perak
    ("Pabean Cantian", "Perak Utara"): "35.78.12.1006",  # merged into Tanjung Perak
}


def official_list(shared: Path) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Official (kecamatan, kelurahan): code, parent_code, name."""
    table = pd.read_csv(shared / OFFICIAL_LIST, dtype=str)
    return table[table["level"] == "kecamatan"], table[table["level"] == "kelurahan"]


def old_kelurahan_to_official(old: pd.DataFrame, kecamatan_code_of: dict, official: pd.DataFrame) -> list:
    """Official kelurahan code of every old row (columns kecamatan, kelurahan), in order.

    Tries the old name against the official names of its kecamatan, then the official names
    against the old one (the old names carry notes such as "Tandes (Kidul, Lor)"), then the whole
    city (a kelurahan that moved kecamatan, e.g. Benowo now in Pakal), then the hand map.
    """
    codes = []
    for kecamatan, name in zip(old["kecamatan"], old["kelurahan"]):
        same_kecamatan = official[official["parent_code"] == kecamatan_code_of[kecamatan]]
        codes.append(
            _match_forward(name, same_kecamatan)
            or _match_reverse(name, same_kecamatan)
            or _match_forward(name, official)
            or HAND_MAPPED_KELURAHAN.get((kecamatan, name))
        )
    missing = [name for name, code in zip(old["kelurahan"], codes) if code is None]
    if missing:
        raise ValueError(f"old kelurahan with no official code, hand-map them: {missing}")
    return codes


def _match_forward(name: str, candidates: pd.DataFrame) -> str | None:
    match = match_names([name], candidates["name"].tolist()).matched
    hits = candidates[candidates["name"] == match.get(name)]
    return hits["code"].iloc[0] if len(hits) == 1 else None


def _match_reverse(name: str, candidates: pd.DataFrame) -> str | None:
    match = match_names(candidates["name"].tolist(), [name]).matched
    hits = [candidates.loc[candidates["name"] == given, "code"].iloc[0] for given in match]
    return hits[0] if len(hits) == 1 else None


def build(shared: Path, out: Path = REFERENCE_DIR) -> None:
    """Write kecamatan.csv, kelurahan.csv and copies of the official list and boundaries."""
    official_kecamatan, official_kelurahan = official_list(shared)
    old_kecamatan = pd.read_csv(shared / "surabaya_kecamatan.csv", dtype=str)
    old_kelurahan = pd.read_csv(shared / "surabaya_kelurahan.csv", dtype=str)

    kecamatan_match = match_names(old_kecamatan["kecamatan"].tolist(), official_kecamatan["name"].tolist())
    if kecamatan_match.unmatched or kecamatan_match.missing:
        raise ValueError(f"kecamatan names do not match: {kecamatan_match}")
    official_code = dict(zip(official_kecamatan["name"], official_kecamatan["code"]))
    kecamatan_code_of = {old: official_code[new] for old, new in kecamatan_match.matched.items()}

    old_kelurahan["code"] = old_kelurahan_to_official(old_kelurahan, kecamatan_code_of, official_kelurahan)
    postal_code = old_kelurahan.drop_duplicates("code").set_index("code")["postal_code"]
    kelurahan = official_kelurahan.rename(columns={"parent_code": "kecamatan_code"})
    kelurahan = kelurahan.assign(postal_code=kelurahan["code"].map(postal_code))
    if kelurahan["postal_code"].isna().any():
        raise ValueError(f"official kelurahan nothing matched: {kelurahan[kelurahan['postal_code'].isna()]}")

    centroids = old_kecamatan.assign(code=old_kecamatan["kecamatan"].map(kecamatan_code_of)).set_index("code")
    counts = kelurahan["kecamatan_code"].value_counts()
    kecamatan = official_kecamatan[["code", "name"]].assign(
        lat=lambda t: t["code"].map(centroids["lat"]),
        lon=lambda t: t["code"].map(centroids["lon"]),
        kelurahan_count=lambda t: t["code"].map(counts),
    )
    kecamatan.sort_values("code").to_csv(out / "kecamatan.csv", index=False)
    kelurahan[["code", "kecamatan_code", "name", "postal_code"]].sort_values("code").to_csv(
        out / "kelurahan.csv", index=False
    )
    shutil.copyfile(shared / OFFICIAL_LIST, out / OFFICIAL_LIST)
    shutil.copyfile(shared / BOUNDARIES, out / BOUNDARIES)


if __name__ == "__main__":
    build(Path(sys.argv[1]))
    print(f"wrote {REFERENCE_DIR}")
