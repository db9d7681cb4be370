"""The Sipandu domain's commands of `manage.py`, added by its registration (domains/sipandu.py):

    python manage.py sipandu rotate-keys        re-encrypt NIK and KK under the current key, re-index
    python manage.py sipandu import-residents FILE   a Dukcapil-style extract, as the admin
    python manage.py sipandu retention          expire ended stays, delete what the retention allows
"""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import func, select
from tqdm import tqdm

from core.audit import cli_actor
from core.users import UserError
from modules.sipandu import newcomers, residents, retention
from modules.sipandu.errors import SipanduError
from modules.sipandu.keys import keys_for
from modules.sipandu.models import SipanduNewcomer, SipanduResident
from modules.sipandu.rotation import rotate_keys


def add_commands(commands) -> None:
    sipandu = commands.add_parser("sipandu", help="Sipandu: key rotation, residents' import, retention")
    sipandu.add_argument("action", choices=["rotate-keys", "import-residents", "retention"])
    sipandu.add_argument("file", nargs="?", help="import-residents: the extract (CSV)")
    sipandu.set_defaults(handler=cmd_sipandu)


def cmd_sipandu(args, settings, databases) -> None:
    keys = keys_for(settings)
    try:
        if args.action == "rotate-keys":
            with databases.session() as session:
                total = sum(session.scalar(select(func.count()).select_from(m)) for m in (SipanduResident,
                                                                                          SipanduNewcomer))
            with tqdm(total=total, unit="rows", desc="rotating") as bar:
                changed = rotate_keys(databases, keys, bar.update)
            print(f"{changed} of {total} records rewritten under key {keys.current_id}")
        elif args.action == "import-residents":
            if not args.file:
                raise UserError.plain("import-residents needs the extract's file")
            admin = cli_actor()
            with databases.transaction() as session:
                count = residents.import_residents(session, admin, Path(args.file).read_bytes(), keys)
            print(f"{count} residents imported")
        else:
            with databases.transaction() as session:
                expired = newcomers.expire_stays(session)
                deleted = retention.delete_after_retention(session, settings.sipandu.retention_days)
            print(f"{expired} stays expired, {deleted} ended records deleted after the retention")
    except SipanduError as error:
        raise UserError.plain(str(error)) from None
