"""Photo uploads are checked by their bytes, not by their name or claimed type."""

import pytest

from core.photos import clean_filename, photo_problem, sniff_image_type

JPEG = b"\xff\xd8\xff\xe0" + b"\x00" * 20
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 20
WEBP = b"RIFF\x24\x00\x00\x00WEBPVP8 " + b"\x00" * 20


@pytest.mark.parametrize("data,kind", [(JPEG, "image/jpeg"), (PNG, "image/png"), (WEBP, "image/webp")])
def test_real_images_are_recognised(data, kind):
    assert sniff_image_type(data) == kind
    assert photo_problem(data, 1000) is None


@pytest.mark.parametrize("data", [b"GIF89a" + b"\x00" * 10, b"%PDF-1.7", b"<svg></svg>", b"RIFF\x00\x00\x00\x00WAVE",
                                  b"MZ\x90\x00"])
def test_other_files_are_refused(data):
    assert photo_problem(data, 1000) == ("photo_not_image", {})


def test_empty_and_oversized_files_are_refused():
    assert photo_problem(b"", 1000) == ("photo_empty", {})
    assert photo_problem(JPEG + b"\x00" * 1000, 1000) == ("photo_too_large", {"size": len(JPEG) + 1000, "limit": 1000})


def test_only_the_base_name_of_an_upload_is_kept():
    assert clean_filename("C:\\Users\\budi\\foto jalan.jpg") == "foto jalan.jpg"
    assert clean_filename("../../etc/passwd") == "passwd"
    assert clean_filename("") == "photo"
    assert len(clean_filename("x" * 500 + ".png")) == 200
