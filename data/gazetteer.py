"""The operators' gazetteer: places a caller names on the phone (a street, a kelurahan, a landmark)
with a point on the map, so the operator finds the place by typing instead of clicking a blank
outline.

Three sources, in one frame (key, kind, name, lat, lon, kelurahan_code, kecamatan_code, reports):
- every kelurahan and kecamatan, at its label spot (geo.centroids: always inside the district);
- streets from the complaint history: each located complaint's written address cut to its street
  ("Jl. Tunjungan No. 10, Surabaya" -> "Jl. Tunjungan"), grouped per kelurahan, at the median of
  their points (one stray point does not move it). House numbers are dropped, and a street counts
  only when at least MIN_REPORTS complaints name it there, so no single household's address is
  offered to anyone;
- a few bundled landmarks (reference/landmarks.csv, coordinates to about 100-300 m).

Built once a day per version of the reference data and cached (data/cache.py): the history moves
slowly, and a search then costs a scan of a few thousand names in memory.
"""

from __future__ import annotations

import re
import unicodedata
from functools import cache

import pandas as pd

import geo
from core.clock import city_today
from core.services import Services
from core.settings import PROJECT_ROOT
from data.cache import mart_cache
from data.frames import rows_frame
from data.reference import REFERENCE_MART
from modules.complaints.places import located_addresses

KINDS = {"kelurahan": "Kelurahan", "kecamatan": "Kecamatan", "landmark": "Tempat", "street": "Jalan"}
KIND_ORDER = {"kelurahan": 0, "landmark": 1, "street": 2, "kecamatan": 3}  # ties in a search
MIN_REPORTS = 2  # complaints naming a street in a kelurahan before it is offered
HISTORY_LIMIT = 200_000  # newest located complaints read (a few years of a city)
MAX_RESULTS = 20
LANDMARKS = PROJECT_ROOT / "reference" / "landmarks.csv"
COLUMNS = ["key", "kind", "name", "lat", "lon", "kelurahan_code", "kecamatan_code", "reports"]

_STREET_PREFIX = re.compile(r"^(?:jl|jln|jalan)\b\.?\s*", re.IGNORECASE)
_ALLEY_PREFIX = re.compile(r"^(?:gg|gang)\b\.?\s*", re.IGNORECASE)
# what follows a street's name in an address: a number, RT/RW, block, the city
_AFTER_NAME = re.compile(r"\s*(?:\b(?:no|nomor|nmr|rt|rw|blok|kav|kavling)\b\.?|#|\d).*$", re.IGNORECASE)
_NOT_A_NAME = re.compile(r"[^0-9A-Za-z .'/-]")
_STREET_WORDS = {"jl", "jln", "jalan", "gg", "gang"}
_STOP_WORDS = {"jl", "jln", "jalan", "gg", "gang", "kel", "kelurahan", "kec", "kecamatan", "di", "dekat"}


# --- names ------------------------------------------------------------------------------------------

def street_name(address: str | None) -> str | None:
    """The street an address names ("Jl. Raya Darmo"), or None when it names no street: the text
    before the first comma, without house number, RT/RW or block; "Jalan"/"Jln" written "Jl.",
    "Gang" "Gg."."""
    if not isinstance(address, str):
        return None
    text = unicodedata.normalize("NFKC", address).split(",")[0].strip()
    prefix = "Jl. " if _STREET_PREFIX.match(text) else "Gg. " if _ALLEY_PREFIX.match(text) else None
    if prefix is None:
        return None
    name = _ALLEY_PREFIX.sub("", _STREET_PREFIX.sub("", text))
    name = re.sub(r"\s+", " ", _NOT_A_NAME.sub(" ", _AFTER_NAME.sub("", name))).strip(" .-/")
    if len(re.sub(r"[^A-Za-z]", "", name)) < 3:
        return None
    return prefix + " ".join(word if word.isupper() and len(word) <= 3 else word.capitalize()
                             for word in name.split())


def search_key(text: str) -> str:
    """Lower case ASCII words (old spelling "oe" read as "u"), for matching typed text."""
    ascii_text = unicodedata.normalize("NFKD", str(text)).encode("ascii", "ignore").decode().casefold()
    return " ".join(re.sub(r"[^0-9a-z]+", " ", ascii_text.replace("oe", "u")).split())


# --- the sources ------------------------------------------------------------------------------------

def streets_from(rows: list[tuple]) -> pd.DataFrame:
    """Streets per kelurahan from (address, kelurahan code, lat, lon) rows: the median point of the
    complaints naming it, and how many there were (at least MIN_REPORTS)."""
    frame = rows_frame(rows, ["address", "kelurahan_code", "lat", "lon"])
    # each distinct address is cut once (a city repeats its addresses: ~10k distinct in 200k rows)
    names = {address: street_name(address) for address in frame["address"].dropna().unique()}
    frame["name"] = frame["address"].map(names)
    frame = frame.dropna(subset=["name", "kelurahan_code", "lat", "lon"])
    if frame.empty:
        return pd.DataFrame(columns=COLUMNS)
    frame["group"] = frame["name"].map({name: search_key(name) for name in frame["name"].unique()})
    keys = ["kelurahan_code", "group"]
    grouped = frame.groupby(keys).agg(lat=("lat", "median"), lon=("lon", "median"),
                                      reports=("name", "size")).reset_index()
    # the spelling most complaints use names the street
    spellings = frame.groupby([*keys, "name"]).size().rename("uses").reset_index()
    spellings = spellings.sort_values([*keys, "uses", "name"], ascending=[True, True, False, True])
    grouped = grouped.merge(spellings.drop_duplicates(keys)[[*keys, "name"]], on=keys)
    grouped = grouped[grouped["reports"] >= MIN_REPORTS]
    if grouped.empty:
        return pd.DataFrame(columns=COLUMNS)
    return pd.DataFrame({
        "key": "street:" + grouped["kelurahan_code"] + ":" + grouped["group"].str.replace(" ", "-"),
        "kind": "street", "name": grouped["name"], "lat": grouped["lat"].round(5), "lon": grouped["lon"].round(5),
        "kelurahan_code": grouped["kelurahan_code"], "kecamatan_code": grouped["kelurahan_code"].str[:8],
        "reports": grouped["reports"].astype("int64")}, columns=COLUMNS)


def district_places() -> pd.DataFrame:
    """Every kelurahan and kecamatan at its label spot (inside it)."""
    kelurahan, kecamatan = geo.centroids("kelurahan"), geo.centroids("kecamatan")
    return pd.concat([
        pd.DataFrame({"key": "kelurahan:" + kelurahan["code"], "kind": "kelurahan", "name": kelurahan["name"],
                      "lat": kelurahan["lat"], "lon": kelurahan["lon"], "kelurahan_code": kelurahan["code"],
                      "kecamatan_code": kelurahan["code"].str[:8], "reports": 0}),
        pd.DataFrame({"key": "kecamatan:" + kecamatan["code"], "kind": "kecamatan", "name": kecamatan["name"],
                      "lat": kecamatan["lat"], "lon": kecamatan["lon"], "kelurahan_code": None,
                      "kecamatan_code": kecamatan["code"], "reports": 0}),
    ], ignore_index=True)[COLUMNS]


@cache
def landmark_places() -> pd.DataFrame:
    """The bundled landmarks, each placed in its kelurahan by the same lookup as a clicked point;
    one outside the city's boundaries is left out."""
    landmarks = pd.read_csv(LANDMARKS)
    places = geo.default_locator().assign(landmarks["lat"], landmarks["lon"])
    frame = pd.DataFrame({"key": [f"landmark:{search_key(n).replace(' ', '-')}" for n in landmarks["name"]],
                          "kind": "landmark", "name": landmarks["name"], "lat": landmarks["lat"],
                          "lon": landmarks["lon"], "kelurahan_code": places["kelurahan_code"].astype(object),
                          "kecamatan_code": places["kecamatan_code"].astype(object), "reports": 0})
    return frame.dropna(subset=["kelurahan_code"])[COLUMNS].reset_index(drop=True)


# --- the gazetteer ----------------------------------------------------------------------------------

def gazetteer(services: Services) -> pd.DataFrame:
    """Every place, with `search` (its words and its districts' names, see search_key) and
    `label` (what the operator reads in the list). Cached per day and reference version."""
    return mart_cache(services).get((REFERENCE_MART,), "gazetteer", (city_today().isoformat(),),
                                    lambda: build(services))


def build(services: Services) -> pd.DataFrame:
    with services.databases.session() as session:
        rows = located_addresses(session, HISTORY_LIMIT)
    places = pd.concat([district_places(), landmark_places(), streets_from(rows)], ignore_index=True)
    kelurahan = dict(zip(*geo.centroids("kelurahan")[["code", "name"]].T.values))
    kecamatan = dict(zip(*geo.centroids("kecamatan")[["code", "name"]].T.values))
    places["label"] = [_label(p, kelurahan, kecamatan) for p in places.itertuples()]
    places["search"] = [search_key(f"{p.name} {kelurahan.get(p.kelurahan_code, '')} "
                                   f"{kecamatan.get(p.kecamatan_code, '')}") for p in places.itertuples()]
    places["name_key"] = [re.sub(r"^(?:jl|gg) ", "", search_key(name)) for name in places["name"]]
    places["order"] = places["kind"].map(KIND_ORDER)
    return places.sort_values(["order", "name"]).reset_index(drop=True)


def _label(place, kelurahan: dict, kecamatan: dict) -> str:
    where = []
    if place.kind != "kelurahan" and isinstance(place.kelurahan_code, str):
        where.append(f"Kel. {kelurahan.get(place.kelurahan_code, place.kelurahan_code)}")
    where.append(f"Kec. {kecamatan.get(place.kecamatan_code, place.kecamatan_code)}")
    text = f"{KINDS[place.kind]} {place.name}" if place.kind in ("kelurahan", "kecamatan") else place.name
    if place.kind == "kecamatan":
        return text
    count = f" · {place.reports} aduan" if place.kind == "street" else ""
    return f"{text} — {', '.join(where)}{count}"


def search(places: pd.DataFrame, text: str | None, limit: int = MAX_RESULTS) -> pd.DataFrame:
    """Places whose words contain every typed word (kelurahan first, then landmarks, streets and
    kecamatan; names starting with the typed text before the others; busier streets first)."""
    typed = search_key(text or "").split()
    words = [w for w in typed if w not in _STOP_WORDS]
    if not words:
        return places.iloc[0:0]
    hits = places
    for word in words:
        hits = hits[hits["search"].str.contains(word, regex=False)]
    starts = ~hits["name_key"].str.startswith(words[0])
    # "jalan ..." or "gang ..." typed: the caller names a street, so streets come first
    order = hits["order"].where(hits["kind"] != "street", -1) if _STREET_WORDS & set(typed) else hits["order"]
    return hits.assign(_starts=starts, _order=order).sort_values(
        ["_starts", "_order", "reports", "name"], ascending=[True, True, False, True]).head(limit)


def place(places: pd.DataFrame, key) -> dict | None:
    """One place by its key (what the search list's value carries), or None."""
    if not isinstance(key, str):
        return None
    found = places[places["key"] == key]
    return None if found.empty else found.iloc[0][["key", "kind", "name", "lat", "lon", "kelurahan_code",
                                                   "kecamatan_code", "label"]].to_dict()
