"""Two new complaints with a real (decodable) photo each, one whose reporter allowed the wall to
show it and one who did not: shared by the wall's page and browser tests."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select

from complaints_public.public_form_helpers import png_bytes
from modules.complaints import ComplaintIntake, service
from modules.complaints.models import ComplaintPhoto


@dataclass(frozen=True)
class FiledPhoto:
    ticket: str
    photo_id: int


def file_with_photo(databases, settings, consent: bool, description: str) -> FiledPhoto:
    intake = ComplaintIntake(channel="web", category_code="JALAN_RUSAK", description=description,
                             lat=-7.2575, lon=112.7521, reporter_name="Siti Aminah",
                             reporter_contact="081299887766", photos=[("lubang.png", "image/png", png_bytes(8, 6))],
                             photo_display_consent=consent)
    with databases.transaction() as session:
        complaint = service.submit_complaint(session, intake, settings)
        photo_id = session.scalar(select(ComplaintPhoto.id).where(ComplaintPhoto.complaint_id == complaint.id))
        return FiledPhoto(complaint.ticket, photo_id)


def consented_and_private(databases, settings) -> tuple[FiledPhoto, FiledPhoto]:
    allowed = file_with_photo(databases, settings, True, "Jalan berlubang, foto boleh ditampilkan.")
    private = file_with_photo(databases, settings, False, "Jalan berlubang, foto hanya untuk petugas.")
    return allowed, private
