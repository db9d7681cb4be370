"""The personal part of the Surat page (/surat): what it asks of the e-Office module.

Like data/planning_desk.py this reads the transactional database through the module, not the
marts: one's counters, one's letters and one letter with its disposition tree are the live office.
Each function opens its own session, turns the viewer into the module's actor (access.actor_for:
his active staff record; an account without one is refused) and lets the module decide what he may
read (access.readable for the list, access.require_read for one letter: a rahasia letter only to
the people named on it). Refusals come back as Indonesian sentences (core.messages.error_text).

View only: the module's own API marks a letter read by a separate step (POST .../read), not by
showing it, so opening a letter here changes nothing.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from core.messages import error_text
from core.services import Services
from core.users import Viewer
from modules.office import access, counters, reads
from modules.office.errors import OfficeError
from modules.office.letters import get_letter

LETTER_LIMIT = 100  # the page lists one's latest letters; the API pages through the rest


@dataclass(frozen=True)
class Answer:
    """What the module answered (`value`), or why it refused (`refusal`, a sentence)."""

    value: Any = None
    refusal: str | None = None

    @property
    def ok(self) -> bool:
        return self.refusal is None


def my_counters(services: Services, viewer: Viewer) -> Answer:
    """The viewer's counters (counters.PERSON_COUNTERS: to sign, to send, to verify, unread incoming,
    not followed up, unread dispositions, dispositions not followed up)."""
    return _ask(services, viewer, lambda session, actor: counters.person_counters(session, actor.staff_id))


def my_letters(services: Services, viewer: Viewer, direction: str | None = None) -> Answer:
    """The latest LETTER_LIMIT letters the viewer may read (the module's summaries), newest first."""
    return _ask(services, viewer, lambda session, actor: reads.list_letters(
        session, actor, direction=direction, limit=LETTER_LIMIT))


def letter(services: Services, viewer: Viewer, letter_id: int | None) -> Answer:
    """One letter whole (reads.letter_detail, with its disposition tree), if the viewer may read it."""
    if letter_id is None:
        return Answer()

    def read(session, actor):
        found = get_letter(session, letter_id)
        access.require_read(session, actor, found)
        return reads.letter_detail(session, found)

    return _ask(services, viewer, read)


def _ask(services: Services, viewer: Viewer, question) -> Answer:
    with services.databases.session() as session:
        try:
            actor = access.actor_for(session, viewer, services.settings.office)
            return Answer(question(session, actor))
        except OfficeError as error:
            return Answer(refusal=error_text(error))
