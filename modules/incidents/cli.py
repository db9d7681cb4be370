"""The incidents domain's commands of `manage.py` (domains/incidents.py adds them):

    manage.py incident-key issue AGENCY LABEL    a field system's key for an agency (shown once)
    manage.py incident-key revoke KEY_ID
    manage.py incident-key list
"""

from __future__ import annotations

from sqlalchemy import select

from core.audit import cli_actor
from core.users import UserError
from modules.incidents.errors import IncidentError
from modules.incidents.keys import issue_api_key, revoke_api_key
from modules.incidents.models import IncidentApiKey


def add_commands(commands) -> None:
    key = commands.add_parser("incident-key", help="API keys of the agencies' field systems (unit status, position)")
    key.add_argument("action", choices=["issue", "revoke", "list"])
    key.add_argument("values", nargs="*", help="issue: AGENCY LABEL; revoke: KEY_ID")
    key.set_defaults(handler=cmd_incident_key)


def cmd_incident_key(args, _settings, databases) -> None:
    actor = cli_actor()
    try:
        with databases.transaction() as session:
            if args.action == "issue" and len(args.values) == 2:
                key, secret = issue_api_key(session, actor, *args.values)
                print(f"incident API key {key.id} ({key.agency_code}, {key.label}): {secret}  (shown once)")
            elif args.action == "revoke" and len(args.values) == 1 and args.values[0].isdigit():
                key = revoke_api_key(session, actor, int(args.values[0]))
                print(f"incident API key {key.id} ({key.agency_code}, {key.label}) revoked")
            elif args.action == "list":
                for key in session.scalars(select(IncidentApiKey).order_by(IncidentApiKey.id)):
                    state = f"revoked {key.revoked_at:%Y-%m-%d %H:%M}" if key.revoked_at else "active"
                    print(f"{key.id:4} {key.agency_code:10} {key.label:30} {state}")
            else:
                raise UserError.plain("incident-key: use `issue AGENCY LABEL`, `revoke KEY_ID` or `list`")
    except IncidentError as error:  # manage.py reports UserError as one line
        raise UserError.plain(str(error)) from None
