"""The complaints service layer: the only code that writes the module's tables. This module is the
façade the pages, the HTTP API, the command line and the simulator call; each concern lives in
its own module:

    submitting.py    a new complaint: checks, due times, photos, duplicate flag, routing
    transitions.py   the workflow actions (respond, resolve, transfer, reject, reopen ...)
    sla_breaches.py  missed deadlines, recorded by the sweeper and before every action
    queues.py        what staff read: one complaint, its history and photos, the queues
    public_reads.py  what anyone reads: a ticket's public view, Open311 listings
    rules.py         routing rules and SLA overrides (admin), and a category's SLA policy
    channels.py      API keys and inbound gateway messages (replay check)
    bulk.py          bulk insert for seeders
    notifications.py the outbox: feedback messages (written by send_feedback), SLA digests, the
                     delivery worker's claim and outcome (notify_worker.py runs it)
    history.py       one change = a history row + a change-log row; checks.py: shared checks

Every function works inside the caller's transaction and never commits: use it as
`with databases.transaction() as session: respond(session, actor, complaint_id, "...")`. Each
change of a complaint writes one `complaint_history` row and one change-log row (entity
"complaint", operation = the event name, payload = `complaint_snapshot`) in that transaction.
All checks run before the first write, and a failure raises an error with a code (errors.py), so
the caller's rollback leaves nothing half-written.

Acting functions take `actor` (a `core.users.Viewer`; `access.system_actor(...)` for the simulator,
the SLA sweeper and channel gateways) and check the role scoping in access.py.
"""

from __future__ import annotations

from modules.complaints.bulk import BULK_REQUIRED, bulk_insert_complaints
from modules.complaints.channels import (api_key_valid, issue_api_key, link_inbound_message, list_api_keys,
                                         register_inbound_message, revoke_api_key)
from modules.complaints.checks import ADMIN_ROLES
from modules.complaints.errors import (AccessDenied, ComplaintNotFound, ComplaintValidationError, InboundReplay,
                                       WorkflowError)
from modules.complaints.public_reads import OPEN311_MAX_DAYS, find_by_ticket, list_requests
from modules.complaints.queues import (NEXT_DUE_AT, READING_ROLES, complaint_history, complaint_photo,
                                       get_complaint, list_queue, list_triage_queue)
from modules.complaints.rules import (delete_routing_rule, list_routing_rules, list_sla_overrides,
                                      seed_routing_rules, set_routing_rule, set_sla_override)
from modules.complaints.sla_breaches import SLA_ACTOR, Breach, sweep_sla_breaches
from modules.complaints.submitting import ROUTING_ACTOR, submit_complaint
from modules.complaints.transitions import (close, confirm_duplicate, dismiss_duplicate, dispatch, reject,
                                            reopen, resolve, respond, send_feedback, start_work, transfer)

__all__ = [
    "AccessDenied", "ComplaintNotFound", "ComplaintValidationError", "InboundReplay", "WorkflowError",
    "ADMIN_ROLES", "BULK_REQUIRED", "Breach", "NEXT_DUE_AT", "OPEN311_MAX_DAYS", "READING_ROLES", "ROUTING_ACTOR",
    "SLA_ACTOR", "api_key_valid", "bulk_insert_complaints", "close", "complaint_history", "complaint_photo",
    "confirm_duplicate", "delete_routing_rule", "dismiss_duplicate", "dispatch", "find_by_ticket", "get_complaint",
    "issue_api_key", "link_inbound_message", "list_api_keys", "list_queue", "list_requests", "list_routing_rules",
    "list_sla_overrides", "list_triage_queue", "register_inbound_message", "reject", "reopen", "resolve", "respond",
    "revoke_api_key",
    "seed_routing_rules", "send_feedback", "set_routing_rule", "set_sla_override", "start_work",
    "submit_complaint", "sweep_sla_breaches", "transfer",
]
