"""What the citizens' pages (/usulan, /usulan/<number>; http/public.py) show of a proposal, read
from the module's tables: its status in plain Indonesian, every step with its date and, for a
decision, the fixed reason and the decider's note, the sub kegiatan of the plan that carries it
with its budget, the work that builds it with its dated progress and photos, and its own photos.

Never a person: no proposer, no decider, no staff member who entered a report. A step names the
office that took it ("Lurah", "Camat", "Bappedalitbang"), never the user; a decision's note is the
decider's own words, so the names of the people the proposal's events know (the proposer and each
decider, by username and full name) are blanked out of it. A progress report's note (staff's
working text) is not shown. Reads only; every public page may show every proposal (no scope).
"""

from __future__ import annotations

import re
from datetime import date
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from core import formatting
from core.clock import city_time
from core.reference import Kecamatan, Kelurahan, Opd
from core.users import User
from modules.planning import workflow
from modules.planning.budget import current_version
from modules.planning.budget_models import (WORK_STATUS_NAMES, PlanningBudgetLine, PlanningBudgetVersion,
                                            PlanningPlanItem, PlanningProgressReport, PlanningWork)
from modules.planning.models import (PlanningItem, PlanningNomenclature, PlanningProposal, PlanningProposalEvent,
                                     PlanningProposalPhoto)
from modules.planning.reads import PUBLIC_PHOTO_PATH

PROGRESS_PHOTO_PATH = "/usulan/foto-progres"
NUMBER_SHAPE = re.compile(r"[A-Z]{2,5}-[0-9]{4}-[0-9]{1,9}")
MAX_NUMBER = PlanningProposal.number.type.length
PER_PAGE = 50
BLANKED = "[nama disamarkan]"
MIN_NAME = 3  # shorter "names" (initials) are not blanked: they would cut words apart

MONTHS = ("Januari", "Februari", "Maret", "April", "Mei", "Juni", "Juli", "Agustus", "September", "Oktober",
          "November", "Desember")

# Who took a step, by office (never by person).
ROLE_NAMES = {"rt_rw": "Ketua RT/RW", "lurah": "Lurah", "camat": "Camat", "perencana": "Bappedalitbang",
              "admin": "Pemerintah Kota Surabaya", "opd": "Perangkat daerah"}
STEP_TEXT = {
    "submitted": "Diusulkan oleh RW {rw}",
    "verified": "Diverifikasi oleh {who}",
    "accepted": "Diterima dalam musrenbang kecamatan oleh {who}",
    "rejected": "Ditolak oleh {who}",
    "prioritised": "Diprioritaskan dalam musrenbang kota oleh {who}",
    "planned": "Dimasukkan ke rencana kerja (RKPD) tahun {built_in} oleh {who}",
}
DECISIONS = ("verified", "accepted", "rejected")
# What the status means for the citizen, in plain words.
STATUS_EXPLAINED = {
    workflow.PROPOSED: "Usulan sudah masuk dan menunggu verifikasi kelurahan.",
    workflow.VERIFIED: "Usulan sudah diverifikasi kelurahan dan menunggu keputusan musrenbang kecamatan.",
    workflow.ACCEPTED: "Usulan diterima kecamatan dan menunggu penetapan prioritas di musrenbang kota.",
    workflow.PRIORITISED: "Usulan diprioritaskan di musrenbang kota dan menunggu dimasukkan ke rencana kerja.",
    workflow.REJECTED: "Usulan tidak dilanjutkan.",
    workflow.PLANNED: "Usulan masuk rencana kerja Pemerintah Kota Surabaya tahun {built_in}.",
}
WORK_EXPLAINED = {
    "planned": "Pekerjaannya sudah direncanakan dan menunggu kontrak.",
    "contracted": "Pekerjaannya sudah dikontrakkan dan menunggu dimulai.",
    "in_progress": "Pekerjaannya sedang dikerjakan: {percent} selesai.",
    "built": "Pekerjaannya sudah selesai dibangun.",
}
VERSION_NAMES = {"murni": "APBD murni", "perubahan": "APBD perubahan"}


def day_text(value: date) -> str:
    """date(2027, 2, 3) -> '3 Februari 2027'."""
    return f"{value.day} {MONTHS[value.month - 1]} {value.year}"


def rupiah(value: int | None) -> str:
    return "—" if value is None else "Rp " + formatting.count(value)


def volume_text(volume: float, unit: str) -> str:
    decimals = 0 if float(volume).is_integer() else 2
    return f"{formatting.number(volume, decimals)} {unit}"


def well_formed(number: str) -> str | None:
    """The number as stored (upper case) when it has a proposal number's shape, else None."""
    key = number.strip().upper()
    return key if len(key) <= MAX_NUMBER and NUMBER_SHAPE.fullmatch(key) else None


# --- one proposal ---------------------------------------------------------------------------------

def proposal_page(session: Session, number: str) -> dict[str, Any] | None:
    """Everything /usulan/<number> shows, or None for a malformed or unknown number."""
    key = well_formed(number)
    proposal = session.scalar(select(PlanningProposal).where(PlanningProposal.number == key)) if key else None
    if proposal is None:
        return None
    item = session.get(PlanningItem, proposal.item_code)
    kelurahan = session.get(Kelurahan, proposal.kelurahan_code)
    kecamatan = session.get(Kecamatan, proposal.kecamatan_code)
    built_in = int(proposal.year) + 1
    work = session.get(PlanningWork, proposal.work_id) if proposal.work_id else None
    explained = STATUS_EXPLAINED[proposal.status].format(built_in=built_in)
    if work is not None:
        explained += " " + WORK_EXPLAINED[work.status].format(percent=formatting.percent(work.progress_percent, 0))
    return dict(
        number=proposal.number, year=int(proposal.year), built_in=built_in, status=proposal.status,
        status_name=workflow.STATUS_NAMES[proposal.status], explained=explained,
        rejection=workflow.REJECTION_REASON_NAMES.get(proposal.rejection_reason),
        item=item.name, volume=volume_text(proposal.volume, item.unit),
        cost=rupiah(int(proposal.estimated_cost_rupiah)),
        kecamatan=kecamatan.name, kecamatan_code=kecamatan.code, kelurahan=kelurahan.name,
        kelurahan_code=kelurahan.code, rw=int(proposal.rw), priority=proposal.priority,
        repeat=proposal.repeat_of is not None, submitted=day_text(city_time(proposal.created_at).date()),
        steps=_steps(session, proposal, built_in), photos=_photos(session, proposal),
        plan=_plan(session, proposal, work), work=_work(session, work),
    )


def _steps(session: Session, proposal: PlanningProposal, built_in: int) -> list[dict[str, Any]]:
    events = list(session.scalars(select(PlanningProposalEvent)
                                  .where(PlanningProposalEvent.proposal_id == proposal.id)
                                  .order_by(PlanningProposalEvent.id)))
    names = _people(session, [proposal.proposer] + [event.actor for event in events])
    steps = []
    for event in events:
        who = ROLE_NAMES.get(event.actor_role, "Pemerintah Kota Surabaya")
        text = STEP_TEXT.get(event.action, workflow.STATUS_NAMES.get(event.to_status, event.action))
        decision = event.action in DECISIONS
        steps.append(dict(
            date=day_text(city_time(event.at).date()), action=event.action,
            text=text.format(rw=f"{int(proposal.rw):02d}", who=who, built_in=built_in),
            status_name=workflow.STATUS_NAMES.get(event.to_status, event.to_status),
            reason=workflow.REJECTION_REASON_NAMES.get(event.reason) if event.reason else None,
            note=blank_names(event.note or "", names) if decision else "",
        ))
    return steps


def _people(session: Session, usernames: list[str]) -> list[str]:
    """The usernames and full names of the people behind a proposal's events (to blank out of notes),
    and each word of a full name alone ("Sutrisno" of "Haji Sutrisno Wibowo" names him too) unless
    the word is a title, an office or a place ("Camat Genteng" is an account's name, but a note may
    say "Genteng")."""
    known = {name for name in usernames if name}
    full_names = [name for name in session.scalars(select(User.full_name).where(User.username.in_(known))) if name] \
        if known else []
    found = known | set(full_names)
    common = _common_words(session) if full_names else set()
    for full_name in full_names:
        found |= {word for word in re.findall(r"\w+", full_name) if word.lower() not in common}
    return sorted((name for name in found if len(name.strip()) >= MIN_NAME), key=len, reverse=True)


TITLE_WORDS = {"bapak", "pak", "ibu", "bu", "haji", "hajah", "hj", "saudara", "sdr", "ketua", "wakil", "sekretaris",
               "rt", "rw", "lurah", "camat", "kepala", "kelurahan", "kecamatan", "kantor", "wali", "kota", "dinas",
               "badan", "bagian", "staf", "petugas", "operator", "admin", "administrator", "command", "center",
               "tpkpm", "bappedalitbang", "bappeda", "perencana", "tim", "pemerintah", "surabaya"}


def _common_words(session: Session) -> set[str]:
    """Words that are no one's name alone: titles and offices, and the words of every kecamatan,
    kelurahan and OPD name."""
    names = [*session.scalars(select(Kecamatan.name)), *session.scalars(select(Kelurahan.name)),
             *session.scalars(select(Opd.name)), *session.scalars(select(Opd.short_name))]
    return TITLE_WORDS | {word.lower() for name in names for word in re.findall(r"\w+", name or "")}


def blank_names(text: str, names: list[str]) -> str:
    """`text` with every whole-word occurrence of each name (any case) replaced by BLANKED."""
    for name in names:
        text = re.sub(rf"(?<!\w){re.escape(name.strip())}(?!\w)", BLANKED, text, flags=re.IGNORECASE)
    return text


def _photos(session: Session, proposal: PlanningProposal) -> list[str]:
    ids = session.scalars(select(PlanningProposalPhoto.id).where(PlanningProposalPhoto.proposal_id == proposal.id)
                          .order_by(PlanningProposalPhoto.id))
    return [f"{PUBLIC_PHOTO_PATH}/{photo_id}" for photo_id in ids]


def _plan(session: Session, proposal: PlanningProposal, work: PlanningWork | None) -> dict[str, Any] | None:
    """The sub kegiatan carrying the proposal (code, name, OPD, indicator) and its budget: the
    ceiling of the work's budget line in the year's current budget version, else the plan's
    indicative ceiling."""
    plan_item = session.get(PlanningPlanItem, proposal.plan_item_id) if proposal.plan_item_id else None
    if plan_item is None:
        return None
    opd = session.get(Opd, plan_item.opd_code)
    sub_kegiatan = session.get(PlanningNomenclature, plan_item.sub_kegiatan_code)
    found = dict(year=int(plan_item.year), code=plan_item.sub_kegiatan_code,
                 name=sub_kegiatan.name if sub_kegiatan else plan_item.sub_kegiatan_code,
                 opd=opd.name if opd else plan_item.opd_code, indicator=plan_item.indicator,
                 target=volume_text(plan_item.target_value, plan_item.target_unit),
                 indicative_ceiling=rupiah(int(plan_item.indicative_ceiling_rupiah)), line=None)
    line = _current_line(session, plan_item, work)
    if line is not None:
        line_row, version = line
        found["line"] = dict(account_code=line_row.account_code, account_name=line_row.account_name,
                             ceiling=rupiah(int(line_row.ceiling_rupiah)),
                             version=f"{VERSION_NAMES.get(version.version, version.version)} {int(version.year)}")
    return found


def _current_line(session: Session, plan_item: PlanningPlanItem, work: PlanningWork | None):
    """(line, version): the work's budget line as the current version of its year has it (the same
    OPD, sub kegiatan and account; an amended budget has a line of its own), or None."""
    line = session.get(PlanningBudgetLine, work.line_id) if work is not None and work.line_id else None
    if line is None:
        return None
    version = current_version(session, int(plan_item.year))
    if version is None or version.id == line.version_id:
        return line, version or session.get(PlanningBudgetVersion, line.version_id)
    same = session.scalar(select(PlanningBudgetLine).where(
        PlanningBudgetLine.version_id == version.id, PlanningBudgetLine.opd_code == line.opd_code,
        PlanningBudgetLine.sub_kegiatan_code == line.sub_kegiatan_code,
        PlanningBudgetLine.account_code == line.account_code))
    return (same, version) if same is not None else None


def _work(session: Session, work: PlanningWork | None) -> dict[str, Any] | None:
    if work is None:
        return None
    reports = session.execute(select(PlanningProgressReport.id, PlanningProgressReport.reported_on,
                                     PlanningProgressReport.percent, PlanningProgressReport.photo_content_type)
                              .where(PlanningProgressReport.work_id == work.id)
                              .order_by(PlanningProgressReport.reported_on, PlanningProgressReport.id)).all()
    return dict(number=work.number, name=work.name, status_name=WORK_STATUS_NAMES.get(work.status, work.status),
                percent=formatting.percent(work.progress_percent, 0), percent_value=float(work.progress_percent),
                contract_value=rupiah(int(work.contract_value_rupiah)) if work.contract_value_rupiah else None,
                contracted_on=day_text(work.contracted_on) if work.contracted_on else None,
                reports=[dict(date=day_text(row.reported_on), percent=formatting.percent(row.percent, 0),
                              photo=f"{PROGRESS_PHOTO_PATH}/{row.id}" if row.photo_content_type else None)
                         for row in reports])


def progress_photo(session: Session, report_id: int) -> tuple[bytes, str] | None:
    """A progress report's photo, when its work carries a proposal (what a public page links to)."""
    report = session.get(PlanningProgressReport, report_id)
    if report is None or report.photo_data is None:
        return None
    public = session.scalar(select(func.count()).select_from(PlanningProposal)
                            .where(PlanningProposal.work_id == report.work_id))
    return (bytes(report.photo_data), report.photo_content_type) if public else None


# --- the list per kelurahan -----------------------------------------------------------------------

def kecamatan_choices(session: Session) -> list[tuple[str, str]]:
    return [tuple(row) for row in session.execute(select(Kecamatan.code, Kecamatan.name).order_by(Kecamatan.name))]


def kelurahan_choices(session: Session, kecamatan_code: str | None) -> list[tuple[str, str]]:
    if not kecamatan_code:
        return []
    return [tuple(row) for row in session.execute(select(Kelurahan.code, Kelurahan.name)
                                                  .where(Kelurahan.kecamatan_code == kecamatan_code)
                                                  .order_by(Kelurahan.name))]


def proposal_years(session: Session) -> list[int]:
    """The round years that have proposals, newest first."""
    return [int(year) for year in session.scalars(select(PlanningProposal.year).distinct()
                                                  .order_by(PlanningProposal.year.desc()))]


def kelurahan_page(session: Session, kelurahan_code: str, year: int, page: int,
                   per_page: int = PER_PAGE) -> dict[str, Any]:
    """A page of the kelurahan's proposals of a round year (by number), with the total and the
    count per status."""
    where = (PlanningProposal.kelurahan_code == kelurahan_code, PlanningProposal.year == year)
    by_status = dict(session.execute(select(PlanningProposal.status, func.count()).where(*where)
                                     .group_by(PlanningProposal.status)).all())
    total = sum(by_status.values())
    pages = max(1, -(-total // per_page))
    page = min(max(1, page), pages)
    rows = session.execute(select(PlanningProposal, PlanningItem).join(PlanningItem).where(*where)
                           .order_by(PlanningProposal.number)
                           .limit(per_page).offset((page - 1) * per_page)).all()
    found = [dict(number=proposal.number, item=item.name, volume=volume_text(proposal.volume, item.unit),
                  rw=f"{int(proposal.rw):02d}", status=proposal.status,
                  status_name=workflow.STATUS_NAMES[proposal.status],
                  reason=workflow.REJECTION_REASON_NAMES.get(proposal.rejection_reason))
             for proposal, item in rows]
    counts = [(workflow.STATUS_NAMES[status], formatting.count(by_status[status]))
              for status in workflow.STATUSES if by_status.get(status)]
    return dict(total=total, total_text=formatting.count(total), page=page, pages=pages, rows=found, counts=counts)
