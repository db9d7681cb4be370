"""Nothing personal leaves the Sipandu module: with the demo's data written (the service's sample
and the bulk demo history) and the marts built, no NIK or KK number of it is found in any mart
table, in the change log, in the logs, or in any answer a page, the wall or the API gives to any
role; the API and the desks show them masked. Found by every 16-digit run of digits in the text,
so a number split over two columns or reformatted would still be caught if it kept its digits."""

from __future__ import annotations

import logging
import re
from datetime import datetime, timedelta, timezone

import dash
import pytest
from sqlalchemy import inspect, select, text

from core.changelog import ChangeLogEntry
from modules.sipandu.keys import keys_for
from modules.sipandu.models import SipanduNewcomer, SipanduResident
from modules.sipandu.sample import KELURAHAN, write_sample

SIXTEEN_DIGITS = re.compile(r"(?<!\d)\d{16}(?!\d)")
ROLES = (("lurah", {"kelurahan_code": KELURAHAN}), ("camat", {"kecamatan_code": "35.78.07"}),
         ("rt_rw", {"kelurahan_code": KELURAHAN, "rw": 1, "rt": 1}), ("operator", {}), ("pimpinan", {}),
         ("admin", {}))


@pytest.fixture
def backend():
    return "sqlite"


@pytest.fixture
def demo(databases, settings):
    """A small bulk demo history, the sample through the service, and the marts built from both."""
    from etl.runner import EtlRunner
    from simulator.sipandu_city import city_seed

    city_seed(databases, settings, count=400, years=1, residents=600, progress=False,
              now=datetime.now(timezone.utc) - timedelta(hours=1))
    write_sample(databases, settings)
    EtlRunner(databases).run_once()
    return databases


@pytest.fixture
def numbers(demo, settings) -> set[str]:
    """Every NIK and KK number the module holds, decrypted."""
    keys = keys_for(settings)
    with demo.session() as session:
        niks = {keys.decrypt(c, "nik") for c in session.scalars(select(SipanduNewcomer.nik_cipher))}
        residents = session.execute(select(SipanduResident.nik_cipher, SipanduResident.kk_cipher)).all()
    found = niks | {keys.decrypt(n, "nik") for n, _ in residents} | {keys.decrypt(k, "kk") for _, k in residents}
    assert len(found) > 1_000  # the search below means something
    return found


def leaked(content: str, numbers: set[str]) -> set[str]:
    return set(SIXTEEN_DIGITS.findall(content)) & numbers


def test_no_mart_table_holds_a_nik_or_kk(demo, numbers):
    with demo.warehouse.connect() as connection:
        tables = inspect(connection).get_table_names()
        dumped = "\n".join(repr(row) for name in tables for row in connection.execute(text(f'SELECT * FROM "{name}"')))
    assert "fct_sipandu_newcomers" in tables and "active" in dumped  # the marts were built
    assert leaked(dumped, numbers) == set()


def test_the_change_log_holds_no_nik_or_kk_nor_a_name(demo, numbers):
    with demo.engine.connect() as connection:
        payloads = [str(p) for (p,) in connection.execute(
            select(ChangeLogEntry.payload).where(ChangeLogEntry.entity.like("sipandu%")))]
    assert len(payloads) > 400
    assert leaked("\n".join(payloads), numbers) == set()
    assert not any(word in p for p in payloads for word in ("Pendatang", "Warga", "Jl. ", "nik", "kk_"))


@pytest.mark.parametrize("role, scope", ROLES, ids=[role for role, _ in ROLES])
def test_no_page_nor_api_answer_shows_a_nik_in_full(demo, numbers, client, staff, dash_callback, caplog, role, scope):
    caplog.set_level(logging.DEBUG)
    staff(role, **scope)
    answers = []
    for page in dash.page_registry.values():
        for path in {page["path"], page["relative_path"]}:
            answers.append(client.get(path).get_data(as_text=True))
            answers.append(dash_callback("_pages_content", {"_pages_location.pathname": path,
                                                             "_pages_location.search": ""}).get_data(as_text=True))
    for api in ("/api/sipandu/newcomers?limit=500", "/api/sipandu/kos", "/api/sipandu/access-log"):
        answers.append(client.get(api).get_data(as_text=True))
    answers.append(client.get("/api/openapi.json").get_data(as_text=True))
    content = "\n".join(answers)
    assert "Sipandu" in content  # the pages were served to this role
    assert leaked(content, numbers) == set()
    assert leaked(caplog.text, numbers) == set()
    if role in ("lurah", "camat", "rt_rw"):  # readers of records see them, masked
        assert re.search(r"\d{4}\*{10}\d{2}", content)
