"""A letter's PDF attachments: accepted only when the bytes start with the PDF magic `%PDF-` (the
name and the claimed type are not trusted) and fit `office.max_attachment_mb`; kept in the
database with their SHA-256 (models.py says why), under their base name only.

Every upload of a request is checked before anything is written, so a letter registered with one
good and one bad file is refused whole: nothing of it is stored.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from core.photos import clean_filename
from modules.office.errors import OfficeValidationError
from modules.office.models import OfficeAttachment, OfficeLetter
from modules.office.settings import OfficeSettings, attachment_limit_bytes

PDF_MAGIC = b"%PDF-"
MAX_ATTACHMENTS = 5  # a letter and its enclosures
FIELD = "attachment"


@dataclass(frozen=True)
class Upload:
    filename: str
    data: bytes


def checked(uploads, section: OfficeSettings, already: int = 0) -> list[Upload]:
    """The uploads with their names cleaned, or the first problem (field `attachment`)."""
    uploads = list(uploads or ())
    if already + len(uploads) > MAX_ATTACHMENTS:
        raise OfficeValidationError(FIELD, "office_too_many_attachments", limit=MAX_ATTACHMENTS)
    limit = attachment_limit_bytes(section)
    found = []
    for upload in uploads:
        name = clean_filename(upload.filename) if upload.filename else "lampiran.pdf"
        data = upload.data
        if not isinstance(data, (bytes, bytearray)) or not data:
            raise OfficeValidationError(FIELD, "office_attachment_empty", filename=name)
        if len(data) > limit:
            raise OfficeValidationError(FIELD, "office_attachment_too_large", filename=name, size=len(data),
                                        limit=limit)
        if not bytes(data[:len(PDF_MAGIC)]) == PDF_MAGIC:
            raise OfficeValidationError(FIELD, "office_not_pdf", filename=name)
        found.append(Upload(name, bytes(data)))
    return found


def store(session: Session, letter: OfficeLetter, uploads: list[Upload], staff_id: int, now: datetime) -> None:
    for upload in uploads:
        session.add(OfficeAttachment(letter_id=letter.id, filename=upload.filename, size_bytes=len(upload.data),
                                     sha256=hashlib.sha256(upload.data).hexdigest(), data=upload.data,
                                     uploaded_by=staff_id, created_at=now))


def count_of(session: Session, letter_id: int) -> int:
    return session.scalar(select(func.count()).select_from(OfficeAttachment)
                          .where(OfficeAttachment.letter_id == letter_id))


def tiny_pdf(title: str = "Pantau") -> bytes:
    """A small valid one-page PDF with a line of text (demo and tests): the cross-reference table's
    offsets are counted, so readers open it without repairing it."""
    text = title.replace("\\", "").replace("(", "").replace(")", "")[:80]
    stream = f"BT /F1 14 Tf 72 770 Td ({text}) Tj ET".encode("latin-1", "replace")
    objects = [b"<< /Type /Catalog /Pages 2 0 R >>",
               b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
               b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R "
               b"/Resources << /Font << /F1 5 0 R >> >> >>",
               b"<< /Length %d >>\nstream\n" % len(stream) + stream + b"\nendstream",
               b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>"]
    out, offsets = bytearray(b"%PDF-1.4\n"), []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    table = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, table)
    return bytes(out)
