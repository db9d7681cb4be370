"""GeoReport v2 output: one payload rendered as JSON or XML, errors in the spec's shape, and
W3C datetimes in and out (always shown in Surabaya time, +07:00)."""

from __future__ import annotations

import json
import re
import xml.etree.ElementTree as ET
from datetime import datetime

from flask import Response

from core.clock import CITY_ZONE, as_utc
from modules.complaints.errors import ComplaintValidationError

CONTENT_TYPES = {"json": "application/json", "xml": "text/xml; charset=utf-8"}

# In XML every list item is named after its list, as in the spec's examples (<services><service>).
XML_ITEM_TAGS = {"services": "service", "service_requests": "request", "attributes": "attribute",
                 "values": "value", "endpoints": "endpoint", "formats": "format", "errors": "error"}

# Characters XML 1.0 cannot carry at all, even escaped (descriptions are stored as typed).
_NOT_XML_CHARS = re.compile("[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")
_W3C_DATE_ONLY = re.compile(r"^\d{4}(-\d{2}){0,2}$")
# The dates a filter may name: any a complaint can carry, and none whose conversion overflows
# (0001-01-01 in +07:00 lies before the first moment UTC can hold). Published in openapi.py.
EARLIEST_DATE = datetime(2000, 1, 1, tzinfo=CITY_ZONE)
LATEST_DATE = datetime(2099, 12, 31, 23, 59, 59, tzinfo=CITY_ZONE)
# An unencoded "+07:00" in a query string arrives as " 07:00": a common client slip.
_PLUS_AS_SPACE = re.compile(r" (\d{2}:?\d{2})$")


class Open311Error(Exception):
    """A refusal in the spec's error format: one {code, description} per problem."""

    def __init__(self, status: int, *descriptions: str):
        super().__init__("; ".join(descriptions))
        self.status, self.descriptions = status, list(descriptions)


def require_format(fmt: str) -> None:
    if fmt not in CONTENT_TYPES:
        raise Open311Error(404, f"format: unknown format {fmt!r} (use .json or .xml)")


def render(payload, fmt: str, root: str, status: int = 200) -> Response:
    """`payload` (dicts, lists, scalars) as JSON, or as XML under the element `root`."""
    if fmt == "xml":
        return Response(to_xml(root, payload), status, content_type=CONTENT_TYPES["xml"])
    # json.dumps keeps the spec's field order (Flask's jsonify would sort the keys).
    return Response(json.dumps(payload, ensure_ascii=False), status, content_type=CONTENT_TYPES["json"])


def render_error(error: Open311Error, fmt: str | None) -> Response:
    payload = [{"code": error.status, "description": text} for text in error.descriptions]
    return render(payload, fmt if fmt in CONTENT_TYPES else "json", "errors", error.status)


def to_xml(root: str, payload) -> bytes:
    element = ET.Element(root)
    _fill(element, payload)
    return ET.tostring(element, encoding="utf-8", xml_declaration=True)


def _fill(element: ET.Element, value) -> None:
    if isinstance(value, dict):
        for key, child in value.items():
            _fill(ET.SubElement(element, key), child)
    elif isinstance(value, list):
        for child in value:
            _fill(ET.SubElement(element, XML_ITEM_TAGS[element.tag]), child)
    elif value is not None:  # None stays an empty element, as in the spec (<account_id/>)
        element.text = _xml_text(value)


def _xml_text(value) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    return _NOT_XML_CHARS.sub("\ufffd", str(value))  # ElementTree escapes <, > and & itself


def w3c(moment: datetime | None) -> str | None:
    """ISO 8601 with the Surabaya offset, to the second: 2026-11-23T09:00:00+07:00."""
    if moment is None:
        return None
    return as_utc(moment).astimezone(CITY_ZONE).isoformat(timespec="seconds")


def parse_w3c(text: str, field: str) -> datetime:
    """A W3C datetime (YYYY, YYYY-MM, YYYY-MM-DD or a full time) from EARLIEST_DATE to LATEST_DATE;
    without an offset it is Surabaya time."""
    text = _PLUS_AS_SPACE.sub(r"+\1", text.strip())
    try:
        if _W3C_DATE_ONLY.match(text):
            parts = [int(part) for part in text.split("-")]
            moment = datetime(*parts, *[1] * (3 - len(parts)))
        else:
            moment = datetime.fromisoformat(text)
    except ValueError:
        raise ComplaintValidationError.one(field, "not_w3c_datetime", value=text) \
            from None
    moment = moment.replace(tzinfo=CITY_ZONE) if moment.tzinfo is None else moment
    if not EARLIEST_DATE <= moment <= LATEST_DATE:  # compared, never converted: that could overflow
        raise ComplaintValidationError.one(field, "date_out_of_range", earliest=w3c(EARLIEST_DATE),
                                           latest=w3c(LATEST_DATE))
    return moment
