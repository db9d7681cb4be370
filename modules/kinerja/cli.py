"""e-Kinerja's commands of `manage.py`, added by its registration (domains/kinerja.py):

    python manage.py kinerja close-period 2026-11   closes a month that is over: its lines lock

Run by the city's personnel agency after the month's deadline for approvals (e.g. from cron on the
fifth of the next month); the terminal acts as an admin (core.audit.cli_actor).
"""

from __future__ import annotations

from core.audit import cli_actor
from core.users import UserError
from modules.kinerja import service
from modules.kinerja.errors import KinerjaError


def add_commands(commands) -> None:
    kinerja = commands.add_parser("kinerja", help="e-Kinerja: close a month")
    kinerja.add_argument("action", choices=["close-period"])
    kinerja.add_argument("month", help="the month, YYYY-MM")
    kinerja.set_defaults(handler=cmd_kinerja)


def cmd_kinerja(args, settings, databases) -> None:
    try:
        with databases.transaction() as session:
            period = service.close_period(session, cli_actor(), args.month)
    except KinerjaError as error:
        raise UserError.plain(str(error)) from None
    print(f"{period.month} closed: {period.activities_locked} activities locked")
