"""The complaints domain's commands of `manage.py` (routing rules, SLA overrides, Open311 API keys,
webhook secrets), added by its registration (domains/complaints.py)."""

from __future__ import annotations

import secrets
import sys

from core.audit import cli_actor
from core.users import UserError
from modules.complaints import service as complaint_service
from modules.complaints.errors import ComplaintValidationError
from modules.complaints.http.webhook import SOURCES as WEBHOOK_SOURCES, secret_env_name


def add_commands(commands) -> None:
    api_key = commands.add_parser("api-key", help="keys of Open311 clients that submit requests")
    api_key.add_argument("action", choices=["issue", "revoke", "list"])
    api_key.add_argument("value", nargs="?", help="label (issue) or key id (revoke)")
    api_key.set_defaults(handler=cmd_api_key)

    webhook = commands.add_parser("webhook-secret", help="a new shared secret for a gateway's webhook")
    webhook.add_argument("source", choices=WEBHOOK_SOURCES)
    webhook.set_defaults(handler=cmd_webhook_secret)

    routing = commands.add_parser("routing", help="complaint routing rules: category (+ kecamatan) -> OPD")
    routing.add_argument("action", choices=["list", "set", "delete"])
    routing.add_argument("values", nargs="*", help="set: CATEGORY OPD; delete: RULE_ID")
    routing.add_argument("--kecamatan", help="set: the rule applies to this kecamatan only")
    routing.set_defaults(handler=cmd_routing)

    sla = commands.add_parser("sla-override", help="own SLA minutes for a complaint category")
    sla.add_argument("category")
    sla.add_argument("--first-response-minutes", type=int)
    sla.add_argument("--feedback-minutes", type=int)
    sla.set_defaults(handler=cmd_sla_override)


def first_run(session) -> list[str]:
    """`manage.py init`: routing rules seeded from the categories' default OPDs (once)."""
    rules = complaint_service.seed_routing_rules(session)
    return [f"complaint routing rules seeded from the categories' default OPDs: {rules}"] if rules else []


def cmd_api_key(args, _settings, databases) -> None:
    actor = cli_actor()
    try:
        with databases.transaction() as session:
            if args.action == "issue":
                key, secret = complaint_service.issue_api_key(session, actor, args.value or "")
                print(f"API key {key.id} ({key.label}): {secret}  (shown once)")
            elif args.action == "revoke":
                key = complaint_service.revoke_api_key(session, actor, _key_id(args.value))
                print(f"API key {key.id} ({key.label}) revoked")
            else:
                for key in complaint_service.list_api_keys(session):
                    state = f"revoked {key.revoked_at:%Y-%m-%d %H:%M}" if key.revoked_at else "active"
                    print(f"{key.id:4} {key.label:30} {state}")
    except ComplaintValidationError as error:  # manage.py reports UserError as one line
        raise UserError.plain(str(error)) from None


def cmd_routing(args, _settings, databases) -> None:
    actor = cli_actor()
    try:
        with databases.transaction() as session:
            if args.action == "set" and len(args.values) == 2:
                rule = complaint_service.set_routing_rule(session, actor, *args.values, kecamatan_code=args.kecamatan)
                print(f"rule {rule.id}: {rule.category_code} {rule.kecamatan_code or '(kota)'} -> {rule.opd_code}")
            elif args.action == "delete" and len(args.values) == 1 and args.values[0].isdigit():
                complaint_service.delete_routing_rule(session, actor, int(args.values[0]))
                print(f"rule {args.values[0]} deleted")
            elif args.action == "list":
                for rule in complaint_service.list_routing_rules(session):
                    print(f"{rule.id:4} {rule.category_code:16} {rule.kecamatan_code or '(kota)':10} -> {rule.opd_code}")
            else:
                raise UserError.plain("routing: use `routing set CATEGORY OPD [--kecamatan CODE]` or `routing delete ID`")
    except ComplaintValidationError as error:
        raise UserError.plain(str(error)) from None


def cmd_sla_override(args, _settings, databases) -> None:
    try:
        with databases.transaction() as session:
            override = complaint_service.set_sla_override(
                session, cli_actor(), args.category, args.first_response_minutes, args.feedback_minutes)
    except ComplaintValidationError as error:
        raise UserError.plain(str(error)) from None
    print(f"SLA of {args.category}: " + ("settings' defaults" if override is None else
          f"first response {override.first_response_minutes or 'default'} min, "
          f"feedback {override.feedback_minutes or 'default'} min"))


def _key_id(value: str | None) -> int:
    if not value or not value.isdigit():
        raise UserError.plain("api-key revoke: give the key's id (see api-key list)")
    return int(value)


def cmd_webhook_secret(args, _settings, _databases) -> None:
    """Prints a fresh secret as the environment line to set; nothing is stored (see http/webhook.py)."""
    print(f"export {secret_env_name(args.source)}={secrets.token_hex(32)}")
    print("# give the same secret to the gateway; during a rotation list both: NEW,OLD", file=sys.stderr)
