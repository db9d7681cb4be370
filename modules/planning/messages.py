"""The planning domain's words: status and reason names in Indonesian, and the Indonesian and
English sentence of every code its service raises (registered by domains/planning.py; core/messages.py
fills them in). Codes start with `planning_`: the catalogue is shared by every domain. The proposals'
codes are in messages_proposals.py, the plan's, budget's and realisation's in messages_budget.py."""

from __future__ import annotations

from modules.planning.messages_budget import LOCALISED as BUDGET_LOCALISED
from modules.planning.messages_budget import MESSAGES as BUDGET_MESSAGES
from modules.planning.messages_desks import MESSAGES as DESK_MESSAGES
from modules.planning.messages_proposals import LOCALISED as PROPOSAL_LOCALISED
from modules.planning.messages_proposals import MESSAGES as PROPOSAL_MESSAGES

MESSAGES: dict[str, tuple[str, str]] = {
    "planning_import_refused": ("berkas ditolak dan tidak ada yang disimpan: {count} kesalahan",
                                "the file is refused and nothing was saved: {count} errors"),
    **PROPOSAL_MESSAGES,
    **BUDGET_MESSAGES,
    **DESK_MESSAGES,
}

LOCALISED: dict[str, dict] = {**PROPOSAL_LOCALISED, **BUDGET_LOCALISED}
