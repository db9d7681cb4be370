"""Pantau's command line: set-up, users, kiosk tokens, boundary files, and each domain's commands.

    python manage.py init [--demo]          migrate both databases, load reference data (and demo users)
    python manage.py migrate                upgrade both databases to the newest schema
    python manage.py make-migration DB MSG [--domain NAME]  new Alembic revision (core's, or a domain's branch)
    python manage.py create-user NAME --role ROLE [--opd CODE | --kecamatan CODE | --kelurahan CODE --rw N]
    python manage.py reset-password NAME
    python manage.py disable-user NAME | enable-user NAME   disabling ends his sessions at once
    python manage.py list-users
    python manage.py kiosk issue LABEL | kiosk revoke ID | kiosk list
    python manage.py geo-install FILE --level kecamatan|kelurahan [--name-field FIELD]

Complaints (modules/complaints/cli.py):
    python manage.py routing list | routing set CATEGORY OPD [--kecamatan CODE] | routing delete ID
    python manage.py sla-override CATEGORY [--first-response-minutes N] [--feedback-minutes N]
    python manage.py api-key issue LABEL | api-key revoke ID | api-key list     Open311 POST keys
    python manage.py webhook-secret SOURCE  a new shared secret for a gateway, as an export line

Passwords are read from PANTAU_PASSWORD when set, otherwise asked for without echo.
"""

from __future__ import annotations

import argparse
import getpass
import os
import sys

from core import migrate
from core.db import Databases
from core.demo import DEMO_PASSWORD, ensure_demo_kiosk_token, ensure_demo_users
from core.reference import load_reference_data
from core.domains import resolved
from core.instance import instance_folder, make_private, write_private
from core.settings import load_settings_or_report, resolve_path
from core.audit import cli_actor
from core.users import (UserError, create_user, issue_kiosk_token, list_kiosk_tokens, list_users, reset_password,
                        revoke_kiosk_token, set_active)


def main(argv: list[str] | None = None) -> int:
    args = parser().parse_args(argv)
    settings = load_settings_or_report()
    if settings is None:
        return 2
    databases = Databases.from_settings(settings)
    try:
        status = args.handler(args, settings, databases) or 0
        make_private(instance_folder())  # whatever the command created there (databases, files)
        return status
    except UserError as error:
        print(f"error: {error}", file=sys.stderr)
        return 1
    finally:
        databases.dispose()


def cmd_init(args, settings, databases) -> None:
    rebuild_marts_if_needed(settings, databases, migrate.upgrade(databases))
    with databases.transaction() as session:
        counts = load_reference_data(session)
        first_run = [line for _domain, initialise in resolved("init") for line in initialise(session)]
    print("reference data: " + ", ".join(f"{table} {n}" for table, n in counts.items()))
    for line in first_run:
        print(line)
    if args.demo or settings.demo.load_demo_data:
        with databases.transaction() as session:
            names = ensure_demo_users(session)
            kiosk_secret = ensure_demo_kiosk_token(session)
        print(f"demo logins (password '{DEMO_PASSWORD}'): {', '.join(names)}")
        if kiosk_secret:
            print(f"wall display: http://{settings.server.host}:{settings.server.port}/kiosk/{kiosk_secret}")
            write_private(resolve_path("instance/demo_kiosk_url"), f"/kiosk/{kiosk_secret}\n")


def cmd_migrate(_args, settings, databases) -> None:
    run = migrate.upgrade(databases)
    print("both databases are at the newest schema")
    rebuild_marts_if_needed(settings, databases, run)


def rebuild_marts_if_needed(settings, databases, run: migrate.UpgradeRun) -> None:
    """A migration that rewrote data the marts copy (the official region codes) leaves the marts
    stale: rebuild them all from the modules' tables. The change log may still hold old payloads;
    a full refresh does not read them and moves the watermark past them."""
    if not run.rebuilds_marts:
        return
    from core.events import events_for
    from core.services import redis_client
    from etl.runner import EtlRunner

    redis = redis_client(settings)  # tells running web processes that the marts changed
    summary = EtlRunner(databases, events=events_for(redis), redis=redis).full_refresh()
    print(f"marts rebuilt after {', '.join(reversed(run.applied))}: {summary.line()}")


def cmd_make_migration(args, _settings, databases) -> None:
    migrate.make_migration(databases, args.database, args.message, args.domain)


def cmd_create_user(args, _settings, databases) -> None:
    scope = dict(opd_code=args.opd, kecamatan_code=args.kecamatan, kelurahan_code=args.kelurahan,
                 rw=args.rw, rt=args.rt, city_wide=args.city_wide)
    with databases.transaction() as session:
        user = create_user(session, args.username, _password(), args.role, args.full_name or "", actor=cli_actor(),
                           **scope)
    print(f"created user {user.username} ({user.role})")


def cmd_reset_password(args, _settings, databases) -> None:
    with databases.transaction() as session:
        reset_password(session, args.username, _password(), actor=cli_actor())
    print(f"password of {args.username} changed")


def cmd_set_active(args, _settings, databases) -> None:
    with databases.transaction() as session:
        set_active(session, args.username, args.active, actor=cli_actor())
    print(f"{args.username} {'enabled' if args.active else 'disabled; his sessions have ended'}")


def cmd_list_users(_args, _settings, databases) -> None:
    with databases.session() as session:
        for user in list_users(session):
            scope = user.opd_code or user.kelurahan_code or user.kecamatan_code or "kota"
            print(f"{user.username:20} {user.role:9} {scope:12} {'aktif' if user.active else 'nonaktif'}")


def cmd_kiosk(args, settings, databases) -> None:
    with databases.transaction() as session:
        if args.action == "issue":
            token, secret = issue_kiosk_token(session, args.value or "wall", actor=cli_actor())
            print(f"kiosk token {token.id} ({token.label}): /kiosk/{secret}  (shown once)")
        elif args.action == "revoke":
            token = revoke_kiosk_token(session, _token_id(args.value), actor=cli_actor())
            print(f"kiosk token {token.id} ({token.label}) revoked")
        else:
            for token in list_kiosk_tokens(session):
                state = f"revoked {token.revoked_at:%Y-%m-%d %H:%M}" if token.revoked_at else "active"
                print(f"{token.id:4} {token.label:20} {state}")


def cmd_geo_install(args, settings, _databases) -> None:
    from geo import install_official, load_official

    boundaries = load_official(args.file, args.level, name_field=args.name_field)
    target = install_official(boundaries, args.level, resolve_path(settings.map.boundaries_dir))
    print(f"installed {len(boundaries)} {args.level} boundaries to {target}")


def _password() -> str:
    password = os.environ.get("PANTAU_PASSWORD")
    if password:
        return password
    first = getpass.getpass("Kata sandi: ")
    if first != getpass.getpass("Ulangi kata sandi: "):
        raise UserError("password", "password_mismatch")
    return first


def _token_id(value: str | None) -> int:
    if not value or not value.isdigit():
        raise UserError.plain("kiosk revoke: give the token's id (see kiosk list)")
    return int(value)


def parser() -> argparse.ArgumentParser:
    root = argparse.ArgumentParser(prog="manage.py", description="Pantau command line")
    commands = root.add_subparsers(required=True)

    init = commands.add_parser("init", help="migrate, load reference data (and demo users when asked for)")
    init.add_argument("--demo", action="store_true", help="also demo users, whatever the settings say")
    init.set_defaults(handler=cmd_init)
    commands.add_parser("migrate", help="upgrade both databases").set_defaults(handler=cmd_migrate)

    make = commands.add_parser("make-migration", help="autogenerate an Alembic revision")
    make.add_argument("database", choices=migrate.DATABASES)
    make.add_argument("message")
    make.add_argument("--domain", help="a revision of this domain's branch (in its own migrations folder)")
    make.set_defaults(handler=cmd_make_migration)

    create = commands.add_parser("create-user", help="create a user")
    create.add_argument("username")
    create.add_argument("--role", required=True)
    create.add_argument("--full-name")
    create.add_argument("--opd")
    create.add_argument("--kecamatan")
    create.add_argument("--kelurahan")
    create.add_argument("--rw", type=int)
    create.add_argument("--rt", type=int)
    create.add_argument("--city-wide", action="store_true", help="an OPD user who may see all OPDs")
    create.set_defaults(handler=cmd_create_user)

    reset = commands.add_parser("reset-password", help="set a new password")
    reset.add_argument("username")
    reset.set_defaults(handler=cmd_reset_password)
    for name, active in (("disable-user", False), ("enable-user", True)):
        toggle = commands.add_parser(name, help=f"{name.split('-')[0]} a user's login")
        toggle.add_argument("username")
        toggle.set_defaults(handler=cmd_set_active, active=active)
    commands.add_parser("list-users", help="list users").set_defaults(handler=cmd_list_users)

    kiosk = commands.add_parser("kiosk", help="wall-display tokens")
    kiosk.add_argument("action", choices=["issue", "revoke", "list"])
    kiosk.add_argument("value", nargs="?", help="label (issue) or token id (revoke)")
    kiosk.set_defaults(handler=cmd_kiosk)

    geo = commands.add_parser("geo-install", help="use official boundary files instead of the bundled ones")
    geo.add_argument("file")
    geo.add_argument("--level", required=True, choices=["kecamatan", "kelurahan"])
    geo.add_argument("--name-field")
    geo.set_defaults(handler=cmd_geo_install)

    for _domain, add_commands in resolved("cli"):  # each domain's own commands
        add_commands(commands)
    return root


if __name__ == "__main__":
    sys.exit(main())
