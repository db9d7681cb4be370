"""Tables of the e-Office module (prefix `office_`). Only the services (incoming.py,
dispositions.py, outgoing.py) write them.

    office_letters          one letter, incoming or outgoing: its OPD, its number of the OPD's year,
                            correspondent, subject, dates, classification, security, status, link
    office_recipients       who an incoming letter was distributed to, and when each read it
    office_dispositions     the disposition tree of an incoming letter: from, to, instruction, due,
                            read, done (with its note) or withdrawn
    office_verifiers        an outgoing letter's verifiers in order, each with the time he initialled
    office_attachments      the letter's PDF files, in the database (see below)
    office_number_counters  the last number handed out per direction, OPD and year

Attachments are kept in the database (LargeBinary, with their SHA-256), not as files under
instance/: a letter and its PDF are written in one transaction (a refusal or a crash leaves
neither), every web process and server reads the same store without a shared folder, and backups
of the database hold the letters whole. The size limit (`office.max_attachment_mb`, 10 MB) keeps
rows modest; a city moving to object storage would swap `data` for a key, behind attachments.py.

Subjects, correspondents, instructions and notes stay in these tables: the change log carries ids,
codes, statuses and times only (snapshot.py).
"""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import Date, ForeignKey, Index, Integer, LargeBinary, SmallInteger, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from core.db import Base, BigId, UtcDateTime


class OfficeLetter(Base):
    """A letter. Incoming ones are numbered in the OPD's agenda at registration, outgoing ones when
    the registrar numbers them after signing: (OPD, direction, year, number) is unique."""

    __tablename__ = "office_letters"
    __table_args__ = (
        UniqueConstraint("opd_code", "direction", "number_year", "number", name="uq_office_letters_number"),
        Index("ix_office_letters_opd_status", "opd_code", "status"),
    )

    id: Mapped[int] = mapped_column(BigId, primary_key=True, autoincrement=True)
    direction: Mapped[str] = mapped_column(String(8))                  # incoming | outgoing
    opd_code: Mapped[str] = mapped_column(ForeignKey("opd.code"))
    number_year: Mapped[int | None] = mapped_column(SmallInteger)      # the city's year of the number
    number: Mapped[int | None] = mapped_column(Integer)                # agenda (incoming) or letter number
    reference_number: Mapped[str | None] = mapped_column(String(64))   # the sender's own number (incoming)
    correspondent: Mapped[str] = mapped_column(String(200))            # the sender (incoming) or addressee
    subject: Mapped[str] = mapped_column(String(500))
    letter_date: Mapped[date | None] = mapped_column(Date)             # outgoing: set when signed
    classification: Mapped[str] = mapped_column(String(32))            # Arsip classification, e.g. 000.1.2
    security: Mapped[str] = mapped_column(String(10))                  # biasa | terbatas | rahasia
    due_date: Mapped[date | None] = mapped_column(Date)
    status: Mapped[str] = mapped_column(String(16))                    # workflow.INCOMING / OUTGOING
    link_kind: Mapped[str | None] = mapped_column(String(12))          # complaint | incident | proposal
    link_id: Mapped[int | None] = mapped_column(BigId)
    created_by: Mapped[int] = mapped_column(ForeignKey("staff.id"), index=True)  # registrar or drafter
    signer_id: Mapped[int | None] = mapped_column(ForeignKey("staff.id"), index=True)
    follow_up_note: Mapped[str | None] = mapped_column(Text)
    return_note: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(UtcDateTime)          # registered or drafted
    distributed_at: Mapped[datetime | None] = mapped_column(UtcDateTime)
    first_read_at: Mapped[datetime | None] = mapped_column(UtcDateTime)
    disposed_at: Mapped[datetime | None] = mapped_column(UtcDateTime)  # its first disposition
    followed_up_at: Mapped[datetime | None] = mapped_column(UtcDateTime)
    submitted_at: Mapped[datetime | None] = mapped_column(UtcDateTime)  # sent to the verifiers (last time)
    returned_at: Mapped[datetime | None] = mapped_column(UtcDateTime)   # returned to the drafter (last time)
    signed_at: Mapped[datetime | None] = mapped_column(UtcDateTime)
    numbered_at: Mapped[datetime | None] = mapped_column(UtcDateTime)
    sent_at: Mapped[datetime | None] = mapped_column(UtcDateTime)
    archived_at: Mapped[datetime | None] = mapped_column(UtcDateTime)
    updated_at: Mapped[datetime] = mapped_column(UtcDateTime)


class OfficeRecipient(Base):
    """A staff member an incoming letter was distributed to."""

    __tablename__ = "office_recipients"
    __table_args__ = (
        UniqueConstraint("letter_id", "staff_id", name="uq_office_recipients_letter_staff"),
        Index("ix_office_recipients_staff_read", "staff_id", "read_at"),
    )

    id: Mapped[int] = mapped_column(BigId, primary_key=True, autoincrement=True)
    letter_id: Mapped[int] = mapped_column(ForeignKey("office_letters.id"))
    staff_id: Mapped[int] = mapped_column(ForeignKey("staff.id"))
    distributed_at: Mapped[datetime] = mapped_column(UtcDateTime)
    read_at: Mapped[datetime | None] = mapped_column(UtcDateTime)


class OfficeDisposition(Base):
    """One instruction down the hierarchy about an incoming letter; `parent_id` is the disposition
    its author received (None: he disposes as a recipient of the letter)."""

    __tablename__ = "office_dispositions"
    __table_args__ = (Index("ix_office_dispositions_to_staff", "to_staff_id", "done_at"),)

    id: Mapped[int] = mapped_column(BigId, primary_key=True, autoincrement=True)
    letter_id: Mapped[int] = mapped_column(ForeignKey("office_letters.id"), index=True)
    parent_id: Mapped[int | None] = mapped_column(ForeignKey("office_dispositions.id"), index=True)
    from_staff_id: Mapped[int] = mapped_column(ForeignKey("staff.id"), index=True)
    to_staff_id: Mapped[int] = mapped_column(ForeignKey("staff.id"))
    instruction: Mapped[str] = mapped_column(String(500))
    due_date: Mapped[date | None] = mapped_column(Date)
    created_at: Mapped[datetime] = mapped_column(UtcDateTime)
    read_at: Mapped[datetime | None] = mapped_column(UtcDateTime)
    done_at: Mapped[datetime | None] = mapped_column(UtcDateTime)
    note: Mapped[str | None] = mapped_column(Text)                   # required to finish
    withdrawn_at: Mapped[datetime | None] = mapped_column(UtcDateTime)  # only while unread
    updated_at: Mapped[datetime] = mapped_column(UtcDateTime)


class OfficeVerifier(Base):
    """A verifier of an outgoing letter, at his place in the order (1 first)."""

    __tablename__ = "office_verifiers"
    __table_args__ = (
        UniqueConstraint("letter_id", "position", name="uq_office_verifiers_letter_position"),
        UniqueConstraint("letter_id", "staff_id", name="uq_office_verifiers_letter_staff"),
    )

    id: Mapped[int] = mapped_column(BigId, primary_key=True, autoincrement=True)
    letter_id: Mapped[int] = mapped_column(ForeignKey("office_letters.id"))
    staff_id: Mapped[int] = mapped_column(ForeignKey("staff.id"), index=True)
    position: Mapped[int] = mapped_column(SmallInteger)
    initialled_at: Mapped[datetime | None] = mapped_column(UtcDateTime)


class OfficeAttachment(Base):
    """A PDF of a letter (checked by attachments.py: the %PDF- magic, the size limit)."""

    __tablename__ = "office_attachments"

    id: Mapped[int] = mapped_column(BigId, primary_key=True, autoincrement=True)
    letter_id: Mapped[int] = mapped_column(ForeignKey("office_letters.id"), index=True)
    filename: Mapped[str] = mapped_column(String(200))
    size_bytes: Mapped[int] = mapped_column(Integer)
    sha256: Mapped[str] = mapped_column(String(64))
    data: Mapped[bytes] = mapped_column(LargeBinary)
    uploaded_by: Mapped[int] = mapped_column(ForeignKey("staff.id"))
    created_at: Mapped[datetime] = mapped_column(UtcDateTime)


class OfficeNumberCounter(Base):
    """The last number of a period "<in|out>-<OPD>-<year>" (core.tickets.allocate_numbers)."""

    __tablename__ = "office_number_counters"

    period: Mapped[str] = mapped_column(String(48), primary_key=True)
    last_number: Mapped[int] = mapped_column(Integer, default=0)
