"""The `[office]` section of the settings (registered with the domain): the attachment limit, the
due date an incoming letter gets when it names none, and how a registrar is recognised (his unit
or his position)."""

from __future__ import annotations

from dataclasses import dataclass

from core.settings import SettingsError, check_positive

MAX_ATTACHMENT_MB = 100  # a database row beyond this is a mistake, whatever the city wants


@dataclass(frozen=True)
class OfficeSettings:
    max_attachment_mb: int = 10      # a letter's PDF scan; SRIKANDI's own limit is of this order
    default_due_days: int = 5        # working days (core.working_time) after registration, when none is named
    # A registrar (agendaris: registers, distributes, numbers, archives) is an active staff member of
    # the OPD whose unit or position is one of these (compared without case), signed in as an OPD user
    # of that OPD (modules/office/access.py).
    registrar_units: tuple[str, ...] = ("Sekretariat", "Tata Usaha", "Subbagian Umum")
    registrar_positions: tuple[str, ...] = ("Pengadministrasi Umum", "Pengelola Naskah Dinas", "Arsiparis")


def validate(section: OfficeSettings) -> None:
    check_positive("office.max_attachment_mb", section.max_attachment_mb)
    check_positive("office.default_due_days", section.default_due_days)
    if section.max_attachment_mb > MAX_ATTACHMENT_MB:
        raise SettingsError("office.max_attachment_mb", f"must be at most {MAX_ATTACHMENT_MB}, "
                                                        f"got {section.max_attachment_mb}")
    names = section.registrar_units + section.registrar_positions
    if not names or not all(name.strip() for name in names):
        raise SettingsError("office.registrar_units", "registrar_units and registrar_positions must name one or "
                                                      "more units or positions, none blank")


def attachment_limit_bytes(section: OfficeSettings) -> int:
    return section.max_attachment_mb * 1024 * 1024
