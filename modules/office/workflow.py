"""The lifecycles of a letter and of a disposition, as SRIKANDI (the national e-Office standard)
runs them: the one definition of each status, of each step (the statuses it starts from, the one
it leads to, who takes it and why), and of what counts as open, done and overdue.

Incoming:
    registered --distribute (registrar)--> distributed --read (a recipient, the first)--> read
        --dispose (a recipient)--> disposed --follow up (a recipient, a note; no open
        disposition)--> followed_up --archive (registrar)--> archived
    (read may be followed up without disposing: the addressee handled it himself)

Outgoing:
    draft --submit (drafter)--> in_review --initial (each verifier in his turn)--> ... the last
        one --> ready_to_sign --sign (the signer)--> signed --number (registrar)--> numbered
        --send (drafter or registrar)--> sent --archive (registrar)--> archived
    draft --submit--> ready_to_sign when the letter names no verifier;
    in_review or ready_to_sign --return (the verifier whose turn it is, or the signer; a
        note)--> draft, every initial cleared.

A disposition is unread -> read -> done (its note required), or withdrawn by its author while
still unread (once read, its addressee may have started on it).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy import and_, or_

INCOMING, OUTGOING = "incoming", "outgoing"
DIRECTIONS = (INCOMING, OUTGOING)

REGISTERED, DISTRIBUTED, READ, DISPOSED, FOLLOWED_UP = "registered", "distributed", "read", "disposed", "followed_up"
DRAFT, IN_REVIEW, READY_TO_SIGN, SIGNED, NUMBERED, SENT = (
    "draft", "in_review", "ready_to_sign", "signed", "numbered", "sent")
ARCHIVED = "archived"
INCOMING_STATUSES = (REGISTERED, DISTRIBUTED, READ, DISPOSED, FOLLOWED_UP, ARCHIVED)
OUTGOING_STATUSES = (DRAFT, IN_REVIEW, READY_TO_SIGN, SIGNED, NUMBERED, SENT, ARCHIVED)
STATUSES = tuple(dict.fromkeys(INCOMING_STATUSES + OUTGOING_STATUSES))
# Done: an incoming letter once followed up, an outgoing one once sent. Open letters age, and are
# overdue when their due date has passed (open_condition, overdue_condition).
DONE = {INCOMING: (FOLLOWED_UP, ARCHIVED), OUTGOING: (SENT, ARCHIVED)}
OPEN = {direction: tuple(status for status in statuses if status not in DONE[direction])
        for direction, statuses in ((INCOMING, INCOMING_STATUSES), (OUTGOING, OUTGOING_STATUSES))}

BIASA, TERBATAS, RAHASIA = "biasa", "terbatas", "rahasia"
SECURITY_LEVELS = (BIASA, TERBATAS, RAHASIA)  # rahasia: only the people named on the letter read it

UNREAD, DISPOSITION_READ, DONE_DISPOSITION, WITHDRAWN = "unread", "read", "done", "withdrawn"
DISPOSITION_STATUSES = (UNREAD, DISPOSITION_READ, DONE_DISPOSITION, WITHDRAWN)

LINK_KINDS = ("complaint", "incident", "proposal")  # a letter about a case of another domain

# Who takes a step (access.py checks each against the letter):
REGISTRAR, RECIPIENT, DRAFTER, VERIFIER, SIGNER = "registrar", "recipient", "drafter", "verifier", "signer"


@dataclass(frozen=True)
class Step:
    direction: str
    sources: tuple[str, ...]
    target: str | None      # None: the status stays (a further disposition, a verifier not the last)
    takers: tuple[str, ...]
    reason: str


STEPS: dict[str, Step] = {
    "register": Step(INCOMING, (), REGISTERED, (REGISTRAR,),
                     "the OPD's registrar (agendaris) records a letter that arrived, in the OPD's agenda"),
    "distribute": Step(INCOMING, (REGISTERED,), DISTRIBUTED, (REGISTRAR,),
                       "the registrar hands the letter to its addressees inside the OPD"),
    "read": Step(INCOMING, (DISTRIBUTED, READ, DISPOSED, FOLLOWED_UP), None, (RECIPIENT,),
                 "a recipient opens it; the first reading makes a distributed letter read"),
    "dispose": Step(INCOMING, (DISTRIBUTED, READ, DISPOSED), DISPOSED, (RECIPIENT,),
                    "a recipient, or the addressee of a disposition, instructs people below him"),
    "follow_up": Step(INCOMING, (READ, DISPOSED), FOLLOWED_UP, (RECIPIENT,),
                      "a recipient states what was done, once every disposition is done or withdrawn"),
    "archive": Step(INCOMING, (FOLLOWED_UP,), ARCHIVED, (REGISTRAR,), "the registrar files a finished letter"),
    "draft": Step(OUTGOING, (), DRAFT, (DRAFTER,), "a staff member drafts a letter for a superior's signature"),
    "submit": Step(OUTGOING, (DRAFT,), IN_REVIEW, (DRAFTER,),
                   "the drafter asks the verifiers for their initials (none: straight to the signer)"),
    "initial": Step(OUTGOING, (IN_REVIEW,), None, (VERIFIER,),
                    "the verifier whose turn it is initials; after the last the letter waits for its signer"),
    "return": Step(OUTGOING, (IN_REVIEW, READY_TO_SIGN), DRAFT, (VERIFIER, SIGNER),
                   "the verifier whose turn it is, or the signer, sends it back to the drafter with a note"),
    "sign": Step(OUTGOING, (READY_TO_SIGN,), SIGNED, (SIGNER,), "the signer signs, after every verifier"),
    "number": Step(OUTGOING, (SIGNED,), NUMBERED, (REGISTRAR,),
                   "the registrar gives it the OPD's next number of the year"),
    "send": Step(OUTGOING, (NUMBERED,), SENT, (DRAFTER, REGISTRAR), "it leaves the OPD"),
    "archive_outgoing": Step(OUTGOING, (SENT,), ARCHIVED, (REGISTRAR,), "the registrar files a sent letter"),
}


def allowed_from(step: str, direction: str, status: str) -> bool:
    found = STEPS[step]
    return found.direction == direction and status in found.sources


def archive_step(direction: str) -> str:
    return "archive" if direction == INCOMING else "archive_outgoing"


def disposition_status(read_at, done_at, withdrawn_at) -> str:
    if withdrawn_at is not None:
        return WITHDRAWN
    if done_at is not None:
        return DONE_DISPOSITION
    return UNREAD if read_at is None else DISPOSITION_READ


def open_condition(table):
    """A letter not yet done (a status of OPEN for its direction), as SQL over a table with
    `direction` and `status`: the module's letters and the mart's facts alike. Named by the open
    statuses, not as "not done", so an index on the status reads the open letters alone."""
    return or_(*(and_(table.c.direction == direction, table.c.status.in_(statuses))
                 for direction, statuses in OPEN.items()))


def overdue_condition(table, today: date):
    """Overdue: open and its due date before the city day `today` (a letter without one never is)."""
    return and_(open_condition(table), table.c.due_date.is_not(None), table.c.due_date < today)
