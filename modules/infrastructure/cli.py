"""The infrastructure domain's commands of `manage.py` (domains/infrastructure.py adds them):

    manage.py infra-key issue alertmanager|zabbix LABEL   a monitoring system's key (shown once)
    manage.py infra-key revoke KEY_ID
    manage.py infra-key list

The key goes into Alertmanager's receiver (`http_config.authorization.credentials_file`) or the
Zabbix media type's `api_key` parameter; see modules/infrastructure/alerts.py.
"""

from __future__ import annotations

from sqlalchemy import select

from core.audit import cli_actor
from core.users import UserError
from modules.infrastructure.keys import INTEGRATIONS, InfraApiKey, KeyRefused, issue_key, revoke_key


def add_commands(commands) -> None:
    key = commands.add_parser("infra-key", help="API keys of the monitoring integrations (Alertmanager, Zabbix)")
    key.add_argument("action", choices=["issue", "revoke", "list"])
    key.add_argument("values", nargs="*", help=f"issue: {'|'.join(INTEGRATIONS)} LABEL; revoke: KEY_ID")
    key.set_defaults(handler=cmd_infra_key)


def cmd_infra_key(args, _settings, databases) -> None:
    actor = cli_actor()
    try:
        with databases.transaction() as session:
            if args.action == "issue" and len(args.values) == 2:
                key, secret = issue_key(session, actor, *args.values)
                print(f"infrastructure API key {key.id} ({key.integration}, {key.label}): {secret}  (shown once)")
            elif args.action == "revoke" and len(args.values) == 1 and args.values[0].isdigit():
                key = revoke_key(session, actor, int(args.values[0]))
                print(f"infrastructure API key {key.id} ({key.integration}, {key.label}) revoked")
            elif args.action == "list" and not args.values:
                for key in session.scalars(select(InfraApiKey).order_by(InfraApiKey.id)):
                    state = f"revoked {key.revoked_at:%Y-%m-%d %H:%M}" if key.revoked_at else "active"
                    print(f"{key.id:4} {key.integration:12} {key.label:30} {state}")
            else:
                raise UserError.plain(f"infra-key: use `issue {'|'.join(INTEGRATIONS)} LABEL`, `revoke KEY_ID` "
                                      "or `list`")
    except KeyRefused as error:  # manage.py reports UserError as one line
        raise UserError.plain(str(error)) from None
