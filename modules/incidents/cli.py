"""The incidents domain's commands of `manage.py`, added by its registration (domains/incidents.py):

    manage.py incident-key issue AGENCY LABEL   a key for an agency's field system (shown once)
    manage.py incident-key revoke KEY_ID
    manage.py incident-key list
"""

from __future__ import annotations

from core.audit import cli_actor
from core.users import UserError
from modules.incidents.agency_keys import issue_agency_key, list_agency_keys, revoke_agency_key
from modules.incidents.errors import IncidentError


def add_commands(commands) -> None:
    keys = commands.add_parser("incident-key", help="API keys of the agencies' field systems (Command Center 112)")
    keys.add_argument("action", choices=["issue", "revoke", "list"])
    keys.add_argument("values", nargs="*", help="issue: AGENCY LABEL; revoke: KEY_ID")
    keys.set_defaults(handler=cmd_incident_key)


def cmd_incident_key(args, _settings, databases) -> None:
    actor = cli_actor()
    try:
        with databases.transaction() as session:
            if args.action == "issue" and len(args.values) >= 2:
                key, secret = issue_agency_key(session, actor, args.values[0].upper(), " ".join(args.values[1:]))
                print(f"agency key {key.id} ({key.agency_code}, {key.label}): {secret}  (shown once)")
            elif args.action == "revoke" and len(args.values) == 1 and args.values[0].isdigit():
                key = revoke_agency_key(session, actor, int(args.values[0]))
                print(f"agency key {key.id} ({key.agency_code}, {key.label}) revoked")
            elif args.action == "list" and not args.values:
                for key in list_agency_keys(session):
                    state = f"revoked {key.revoked_at:%Y-%m-%d %H:%M}" if key.revoked_at else "active"
                    print(f"{key.id:4} {key.agency_code:10} {key.label:30} {state}")
            else:
                raise UserError.plain("incident-key: use `issue AGENCY LABEL`, `revoke KEY_ID` or `list`")
    except IncidentError as error:  # manage.py reports UserError as one line
        raise UserError.plain(str(error)) from None
