"""Tolerant matching of district names.

Files from different agencies spell names differently: "KARANGPILANG",
"Karang Pilang", "Kec. Karang Pilang", "Pabean Cantikan" vs "Pabean Cantian".
We compare normalised keys, then fall back to fuzzy similarity, but only when
one reference name is clearly the best: a wrong match would silently put
complaints in the wrong district, while a missing match is reported loudly.
"""

import re
import unicodedata
from dataclasses import dataclass, field
from difflib import SequenceMatcher

SIMILARITY_THRESHOLD = 0.85  # difflib ratio a fuzzy match must reach
SIMILARITY_MARGIN = 0.1  # ...and by how much it must beat the next reference name

# Administrative prefixes that are not part of the name itself.
_PREFIX = re.compile(r"^\s*(kecamatan|kelurahan|desa|kec\b\.?|kel\b\.?|ds\b\.?)\s*", re.IGNORECASE)


def normalise_name(name: str) -> str:
    """Comparison key: lower case, no prefix, no accents, only letters and digits.

    Spaces and hyphens are dropped too, so "Karangpilang" == "Karang-Pilang".
    Old Dutch-era "oe" is read as "u", so "Soetomo" == "Sutomo".
    """
    text = unicodedata.normalize("NFKD", str(name)).encode("ascii", "ignore").decode()
    text = _PREFIX.sub("", text).casefold().replace("oe", "u")
    return re.sub(r"[^0-9a-z]", "", text)


def name_variants(name: str) -> set[str]:
    """Keys for a reference name, including the forms its notes suggest.

    "Banjar Sugian / Sugihan" -> also "Banjar Sugian", "Sugihan";
    "Tandes (Kidul, Lor)" (merged former kelurahan) -> also "Tandes",
    "Tandes Kidul", "Tandes Lor", "Kidul", "Lor".
    """
    base = re.sub(r"\(.*?\)", " ", name).strip()
    notes = [note for group in re.findall(r"\((.*?)\)", name) for note in group.split(",")]
    variants = {name, base, *base.split("/"), *notes, *(f"{base} {note}" for note in notes)}
    return {key for key in map(normalise_name, variants) if key}


@dataclass(frozen=True)
class NameMatch:
    matched: dict[str, str]  # given name -> reference name
    unmatched: list[str] = field(default_factory=list)  # given names with no (unambiguous) match
    missing: list[str] = field(default_factory=list)  # reference names nothing matched


def _keys_to_references(reference: list[str]) -> tuple[dict, dict]:
    """Two lookups, key -> set of reference names: exact names, and variants."""
    exact, variants = {}, {}
    for ref in reference:
        exact.setdefault(normalise_name(ref), set()).add(ref)
        for key in name_variants(ref):
            variants.setdefault(key, set()).add(ref)
    return exact, variants


def _fuzzy_match(key: str, variants: dict[str, set[str]]) -> str | None:
    """The one reference clearly most similar to `key`, or None."""
    best_score: dict[str, float] = {}
    for candidate, refs in variants.items():
        score = SequenceMatcher(None, key, candidate).ratio()
        for ref in refs:
            best_score[ref] = max(score, best_score.get(ref, 0.0))
    ranked = sorted(best_score.items(), key=lambda item: (-item[1], item[0]))
    if not ranked or ranked[0][1] < SIMILARITY_THRESHOLD:
        return None
    if len(ranked) > 1 and ranked[1][1] > ranked[0][1] - SIMILARITY_MARGIN:
        return None  # two references nearly as similar: refuse to guess
    return ranked[0][0]


def match_one(given: str, exact: dict, variants: dict) -> str | None:
    """Reference name for one given name: exact key, then variant key, then fuzzy."""
    key = normalise_name(given)
    if not key:
        return None
    for lookup in (exact, variants):
        refs = lookup.get(key, set())
        if len(refs) == 1:
            return next(iter(refs))
        if len(refs) > 1:
            return None  # the key itself is ambiguous
    return _fuzzy_match(key, variants)


def match_names(given: list[str], reference: list[str]) -> NameMatch:
    """Match each given name to at most one reference name.

    Several given spellings may match the same reference name (e.g. "GUBENG"
    and "Gubeng"); a given name is never matched when two reference names are
    candidates. Identical reference names (same name in two kecamatan) count as
    one name here; telling them apart is the caller's job.
    """
    unique_reference = sorted(set(reference))
    exact, variants = _keys_to_references(unique_reference)
    matched, unmatched = {}, []
    for name in dict.fromkeys(given):  # unique, in first-seen order
        ref = match_one(name, exact, variants)
        if ref is None:
            unmatched.append(name)
        else:
            matched[name] = ref
    found = set(matched.values())
    missing = [ref for ref in unique_reference if ref not in found]
    return NameMatch(matched, unmatched, missing)
