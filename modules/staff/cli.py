"""The staff registry's commands of `manage.py`, added by its registration (domains/staff.py):

    python manage.py staff import FILE                the registry's CSV (importing.py), as the admin
    python manage.py staff link-user NIP USERNAME     the person with this NIP signs in as USERNAME
    python manage.py staff unlink-user NIP            he signs in as nobody

A refused file prints every bad field of every row and writes nothing.
"""

from __future__ import annotations

from pathlib import Path

from tqdm import tqdm

from core.audit import cli_actor
from core.users import UserError
from modules.staff import importing, service
from modules.staff.errors import StaffError


def add_commands(commands) -> None:
    staff = commands.add_parser("staff", help="staff registry: import a file, link a person to his user")
    actions = staff.add_subparsers(dest="staff_action", required=True)
    imported = actions.add_parser("import", help="register or update the people of a CSV file")
    imported.add_argument("file")
    imported.set_defaults(handler=cmd_import)
    link = actions.add_parser("link-user", help="the person with this NIP signs in as this user")
    link.add_argument("nip")
    link.add_argument("username")
    link.set_defaults(handler=cmd_link_user)
    unlink = actions.add_parser("unlink-user", help="the person with this NIP signs in as nobody")
    unlink.add_argument("nip")
    unlink.set_defaults(handler=cmd_unlink_user)


def cmd_import(args, _settings, databases) -> None:
    path = Path(args.file)
    if not path.is_file():
        raise UserError.plain(f"{args.file}: no such file")
    try:
        rows = importing.read_rows(path.read_bytes())
        with databases.transaction() as session, tqdm(total=len(rows), unit="rows", desc="importing") as bar:
            summary = importing.import_rows(session, cli_actor(), rows, progress=bar.update)
    except StaffError as error:
        raise UserError.plain(str(error)) from None
    print(f"{summary.created} registered, {summary.updated} updated, {summary.unchanged} unchanged")


def cmd_link_user(args, _settings, databases) -> None:
    try:
        with databases.transaction() as session:
            person = service.find_by_nip(session, args.nip)
            service.link_user(session, cli_actor(), person.id, args.username)
    except StaffError as error:
        raise UserError.plain(str(error)) from None
    print(f"staff {person.id} ({args.nip}) signs in as {args.username}")


def cmd_unlink_user(args, _settings, databases) -> None:
    try:
        with databases.transaction() as session:
            person = service.find_by_nip(session, args.nip)
            service.unlink_user(session, cli_actor(), person.id)
    except StaffError as error:
        raise UserError.plain(str(error)) from None
    print(f"staff {person.id} ({args.nip}) is linked to no user")
