"""e-Office's rules without a database: the lifecycle table, the archive classification's format,
the PDF checks of an attachment, the generated PDF, and a sentence for every code the module
raises."""

from __future__ import annotations

import re

import pytest

from core.messages import ENGLISH, INDONESIAN, text
from core.settings import PROJECT_ROOT
from modules.office import checks, workflow
from modules.office.attachments import Upload, checked, tiny_pdf
from modules.office.errors import OfficeValidationError
from modules.office.messages import LOCALISED, MESSAGES
from modules.office.settings import OfficeSettings

ONE_MB = OfficeSettings(max_attachment_mb=1)


def test_every_step_starts_and_ends_in_its_directions_statuses():
    statuses = {workflow.INCOMING: workflow.INCOMING_STATUSES, workflow.OUTGOING: workflow.OUTGOING_STATUSES}
    for name, step in workflow.STEPS.items():
        assert set(step.sources) <= set(statuses[step.direction]), name
        assert step.target is None or step.target in statuses[step.direction], name
        assert step.takers and step.reason, name
    assert workflow.allowed_from("sign", "outgoing", "ready_to_sign")
    assert not workflow.allowed_from("sign", "outgoing", "in_review")
    assert not workflow.allowed_from("dispose", "outgoing", "draft")


@pytest.mark.parametrize("code", ["000", "000.1", "000.1.2", "800.1.11.3", "100.3.4"])
def test_a_classification_code_of_the_archive(code):
    assert checks.classification("classification", code) == code


@pytest.mark.parametrize("code", ["00", "0000", "000.", "000.1.2.3.4", "A00.1", "000-1", "000.1234", " "])
def test_not_a_classification_code(code):
    with pytest.raises(OfficeValidationError) as raised:
        checks.classification("classification", code)
    assert raised.value.field == "classification"


def test_the_generated_pdf_is_a_pdf_whose_cross_references_point_at_its_objects():
    data = tiny_pdf("Undangan (rapat)")
    assert data.startswith(b"%PDF-1.4") and data.rstrip().endswith(b"%%EOF")
    start = int(re.search(rb"startxref\n(\d+)", data).group(1))
    assert data[start:start + 4] == b"xref"
    offsets = [int(o) for o in re.findall(rb"(\d{10}) 00000 n", data)]
    assert [data[o:o + 7] for o in offsets] == [b"%d 0 obj" % n for n in range(1, 6)]
    assert checked([Upload("a.pdf", data)], ONE_MB)[0].data == data


@pytest.mark.parametrize("upload, code", [
    (Upload("a.pdf", b"%PDF"), "office_not_pdf"),
    (Upload("a.pdf", b" %PDF-1.4"), "office_not_pdf"),
    (Upload("a.pdf", b"\xff\xd8\xff\xe0 a jpeg"), "office_not_pdf"),
    (Upload("a.pdf", b""), "office_attachment_empty"),
    (Upload("a.pdf", b"%PDF-" + b"0" * (1024 * 1024 - 4)), "office_attachment_too_large"),
])
def test_an_attachment_must_be_a_pdf_within_the_limit(upload, code):
    with pytest.raises(OfficeValidationError) as raised:
        checked([upload], ONE_MB)
    assert (raised.value.field, raised.value.code) == ("attachment", code)


def test_an_uploaded_name_keeps_its_base_only():
    [upload] = checked([Upload("C:\\Users\\agendaris\\surat masuk.pdf", tiny_pdf())], ONE_MB)
    assert upload.filename == "surat masuk.pdf"


def test_every_code_the_module_raises_has_its_two_sentences():
    source = "".join(path.read_text() for path in (PROJECT_ROOT / "modules" / "office").rglob("*.py"))
    raised = set(re.findall(r'Office\w+\(\s*[\w."]+,\s*"(office_[a-z_]+)"', source))
    assert len(raised) > 20 and raised <= set(MESSAGES), raised - set(MESSAGES)
    assert all(name.startswith("office_") for name in LOCALISED)
    sentence = text("office_step_refused", {"office_direction": "incoming", "office_status": "read",
                                            "office_step": "archive"}, INDONESIAN)
    assert sentence == "surat masuk berstatus dibaca: langkah arsip tidak dapat dilakukan"
    assert "archive" in text("office_step_refused", {"office_direction": "incoming", "office_status": "read",
                                                     "office_step": "archive"}, ENGLISH)
