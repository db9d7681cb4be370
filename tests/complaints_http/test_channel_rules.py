"""Pure rules of the channels: keyword screening, W3C datetimes, XML text, webhook signatures."""

import xml.etree.ElementTree as ET
from datetime import datetime, timedelta, timezone

import pytest

from modules.complaints import ComplaintValidationError
from modules.complaints.http.webhook import WebhookError, signature_of, verify_signature
from modules.complaints.keywords import FALLBACK_CATEGORY, KEYWORDS, guess_category, matched_category
from modules.complaints.open311.formats import parse_w3c, to_xml, w3c

ALL = set(KEYWORDS)
WIB = timezone(timedelta(hours=7))


@pytest.mark.parametrize("text, category", [
    ("Lampu merah di perempatan Kertajaya mati", "LAMPU_LALIN"),
    ("Lampu jalan mati sejak kemarin", "PJU_MATI"),
    ("Air PDAM keruh dan bau", "AIR_PDAM"),
    ("Got mampet, genangan setinggi lutut", "SALURAN_BANJIR"),
    ("Pohon tumbang menutup jalan", "POHON"),
    ("Mau tanya cara urus KTP hilang", "ADMINDUK"),
])
def test_keywords_pick_the_likely_category(text, category):
    assert matched_category(text, ALL) == category


def test_keywords_match_whole_words_only_and_fall_back():
    assert matched_category("Kerja bakti gotong royong hari Minggu", ALL) is None  # not "got"
    assert guess_category("Tolong dibantu", ALL) == FALLBACK_CATEGORY
    assert guess_category("Tolong dibantu", {"SAMPAH", "POHON"}) == "POHON"  # fallback inactive: any active one
    assert matched_category("sampah", ALL - {"SAMPAH"}) is None  # an inactive category is never picked


@pytest.mark.parametrize("text, expected", [
    ("2026-11-23T09:00:00+07:00", datetime(2026, 11, 23, 9, tzinfo=WIB)),
    ("2026-11-23T02:00:00Z", datetime(2026, 11, 23, 2, tzinfo=timezone.utc)),
    ("2026-11-23T09:00:00 07:00", datetime(2026, 11, 23, 9, tzinfo=WIB)),  # "+" decoded as a space
    ("2026-11-23", datetime(2026, 11, 23, tzinfo=WIB)),
    ("2026-11", datetime(2026, 11, 1, tzinfo=WIB)),
    ("2026", datetime(2026, 1, 1, tzinfo=WIB)),
])
def test_w3c_datetimes_are_read_in_surabaya_time_without_an_offset(text, expected):
    assert parse_w3c(text, "start_date") == expected


@pytest.mark.parametrize("text", ["kemarin", "2026-13-01", "23/11/2026", ""])
def test_a_bad_w3c_datetime_names_the_parameter(text):
    with pytest.raises(ComplaintValidationError) as refused:
        parse_w3c(text, "end_date")
    assert refused.value.field == "end_date"


def test_datetimes_are_shown_with_the_wib_offset_to_the_second():
    assert w3c(datetime(2026, 11, 23, 2, 0, 5, 999, tzinfo=timezone.utc)) == "2026-11-23T09:00:05+07:00"
    assert w3c(None) is None


def test_xml_lists_name_their_items_and_keep_text_parseable():
    xml = to_xml("service_requests", [{"description": "a < b & \x00c", "lat": None, "ok": True}])
    request = ET.fromstring(xml).find("request")
    assert (request.findtext("description"), request.findtext("lat"), request.findtext("ok")) == \
        ("a < b & \ufffdc", "", "true")


def test_a_signature_is_checked_over_timestamp_and_body():
    body, now = b'{"a": 1}', 1_800_000_000
    good = signature_of("s3cret", str(now), body)
    verify_signature(body, str(now), good, ["other", "s3cret"], now + 299)
    verify_signature(body, str(now), good.upper().replace("SHA256=", "sha256="), ["s3cret"], now)
    for timestamp, signature, at, error in [
        (None, good, now, "unsigned"), (str(now), "", now, "unsigned"),
        (str(now), good, now + 301, "stale_timestamp"), (str(now + 1), good, now, "bad_signature"),
        (str(now), "sha256=é", now, "bad_signature"), ("-5", good, now, "bad_signature"),
    ]:
        with pytest.raises(WebhookError) as refused:
            verify_signature(body, timestamp, signature, ["s3cret"], at)
        assert (refused.value.status, refused.value.error) == (401, error)
