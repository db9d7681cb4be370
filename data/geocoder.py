"""An optional online geocoder for the intake's place search (settings: map.geocoder_url, off by
default): asked only when the gazetteer (data/gazetteer.py) finds little, with the typed words and
", Surabaya", in the Nominatim search API's form (`?q=...&format=jsonv2&limit=5`). Only answers
inside the city are offered. A slow or failing geocoder costs at most map.geocoder_timeout_seconds
and offers nothing; the typed text is never logged (it may be a caller's address).
"""

from __future__ import annotations

import json
import logging
import re
import urllib.error
import urllib.request
from urllib.parse import urlencode

import pandas as pd

import geo
from core.settings import MapSettings
from data.gazetteer import COLUMNS

log = logging.getLogger(__name__)

MIN_CHARACTERS = 3
RESULTS = 5
NAME_CHARACTERS = 120
_KEY = re.compile(r"^geocoded:(-?\d{1,2}\.\d{1,6}),(-?\d{1,3}\.\d{1,6})$")


def geocode(settings: MapSettings, text: str) -> pd.DataFrame:
    """Places the geocoder finds for `text` inside the city (gazetteer columns, and `label`)."""
    text = (text or "").strip()
    if not settings.geocoder_url or len(text) < MIN_CHARACTERS:
        return pd.DataFrame(columns=[*COLUMNS, "label"])
    query = urlencode({"q": f"{text}, Surabaya", "format": "jsonv2", "limit": RESULTS})
    request = urllib.request.Request(f"{settings.geocoder_url}?{query}", headers={"User-Agent": "Pantau"})
    try:
        with urllib.request.urlopen(request, timeout=settings.geocoder_timeout_seconds) as response:
            found = json.loads(response.read(256 * 1024))
    except (OSError, urllib.error.URLError, ValueError) as failure:  # timeouts are OSErrors
        log.warning("geocoder unavailable: %s", type(failure).__name__)
        return pd.DataFrame(columns=[*COLUMNS, "label"])
    rows = [row for row in map(_place, found if isinstance(found, list) else []) if row is not None]
    return pd.DataFrame(rows, columns=[*COLUMNS, "label"])


def _place(item) -> dict | None:
    try:
        lat, lon = round(float(item["lat"]), 5), round(float(item["lon"]), 5)
        name = str(item.get("display_name") or "")[:NAME_CHARACTERS]
    except (KeyError, TypeError, ValueError, AttributeError):
        return None
    return geocoded_place(f"geocoded:{lat:.5f},{lon:.5f}", name)


def geocoded_place(key, name: str = "") -> dict | None:
    """The place a geocoded option's key names (its point, in the city), or None. The key carries
    the point itself, so choosing one needs no second call; its kelurahan comes from our own lookup."""
    match = _KEY.match(key) if isinstance(key, str) else None
    if match is None:
        return None
    lat, lon = float(match.group(1)), float(match.group(2))
    districts = geo.locate_point(lat, lon)
    if districts is None:
        return None
    label = f"{name or f'{lat:.5f}, {lon:.5f}'} (geocoder)"
    return {"key": key, "kind": "geocoded", "name": name, "lat": lat, "lon": lon, "kelurahan_code": districts[1],
            "kecamatan_code": districts[0], "reports": 0, "label": label}
