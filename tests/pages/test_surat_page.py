"""Surat (/surat) and the e-Office KPI cards, on the domain's sample (modules/office/sample.py, the
Dishub office, START Monday 7 September 2026) written through the module and loaded by the ETL, with
the page's clock on Monday 5 October 2026, 10:00 WIB. Who may open the page; one's counters and
letters from the module; a letter's disposition tree; a rahasia letter refused to someone not named
on it; an account without a staff record told so; the numbers per OPD for an OPD and the city, and
none for a scope the mart cannot read.

The sample's open letters on 5 October: the rahasia "Laporan pengamanan" (registered 8 September,
distributed to the head, unread; no due date named, so the module's default of 5 working days: 15
September, overdue), the draft "Permohonan data" (signer: Kabid Lalu Lintas, due 30 September:
overdue) and "Pemberitahuan" (submitted, waiting for the head's signature, no due date)."""

from __future__ import annotations

import json
from datetime import date, datetime, timezone

import pytest
from sqlalchemy import select, update

import callbacks.surat as page
from callbacks._office_kpis import office_cards
from core.users import User, Viewer
from dash_tree import components
from data.cache import mart_cache
from etl.runner import EtlRunner
from layouts.components.ids_surat import Surat as S
from modules.office.models import OfficeLetter
from modules.office.sample import write_sample
from modules.staff.models import Staff

NOW = datetime(2026, 10, 5, 3, tzinfo=timezone.utc)
OUTPUTS = (S.TITLE, S.DESK_NOTE, S.DETAIL, S.AGEING)   # one output of each callback but the selection
HEAD, ENGINEER = "Kepala Contoh", "Analis Lalu Lintas Contoh"


@pytest.fixture
def backend():  # the web layer is the same on both backends; tests/data covers PostgreSQL
    return "sqlite"


@pytest.fixture
def office(databases, settings):
    write_sample(databases, settings)
    EtlRunner(databases).run_once()
    with databases.session() as session:
        return dict(session.execute(select(OfficeLetter.subject, OfficeLetter.id)).all())


@pytest.fixture
def as_user(databases, make_user, login, office, monkeypatch):
    """as_user(role, staff_name=None, **scope): logs in a new user, linked to the named staff record."""
    monkeypatch.setattr(page, "utc_now", lambda: NOW)

    def log_in(role, staff_name=None, **scope):
        name = f"user-{role}-{staff_name or 'none'}-{'-'.join(map(str, scope.values()))}".replace(" ", "")
        make_user(name, role, **scope)
        if staff_name:
            with databases.transaction() as session:
                user_id = session.scalar(select(User.id).where(User.username == name))
                session.execute(update(Staff).where(Staff.name == staff_name).values(user_id=user_id))
        assert login(name).status_code == 302

    return log_in


def answer(dash_callback, output: str, values: dict | None = None) -> dict:
    values = {f"{S.PAGE}.id": S.PAGE, f"{S.PERIOD}.value": 30, f"{S.DIRECTION}.value": "all", **(values or {})}
    response = dash_callback(output, values)
    assert response.status_code == 200, response.get_data(as_text=True)[:500]
    return response.get_json()["response"]


def texts(node) -> list[str]:
    found = []
    for component in components(node if isinstance(node, list) else [node]):
        children = component["props"].get("children")
        if isinstance(children, (str, int)):
            found.append(str(children))
    return found


def card_values(tree) -> list[str]:
    tree = json.loads(json.dumps(tree, default=lambda o: o.to_plotly_json()))
    return [c["props"]["children"] for c in components(tree) if c["props"].get("className") == "kpi-value"]


def desk(dash_callback, direction: str = "all") -> dict:
    return answer(dash_callback, S.DESK_NOTE, {f"{S.DIRECTION}.value": direction})


def detail(dash_callback, letter_id) -> list[str]:
    return texts(answer(dash_callback, S.DETAIL, {f"{S.SELECTED}.data": letter_id})[S.DETAIL]["children"])


# --- who may open ---------------------------------------------------------------------------------------

@pytest.mark.parametrize("role, scope", [("admin", {}), ("pimpinan", {}), ("operator", {}), ("perencana", {}),
                                         ("opd", {"opd_code": "DISHUB"}), ("camat", {"kecamatan_code": "35.78.07"}),
                                         ("lurah", {"kelurahan_code": "35.78.07.1004"}),
                                         ("rt_rw", {"kelurahan_code": "35.78.07.1004", "rw": 1, "rt": 2})])
def test_every_person_role_opens_the_page_and_every_callback(client, as_user, dash_callback, role, scope):
    as_user(role, **scope)
    assert client.get("/surat").status_code == 200
    for output in OUTPUTS:
        answer(dash_callback, output)


def test_a_signed_out_visitor_gets_no_letter(client, office, dash_callback):
    assert dash_callback(S.DETAIL, {f"{S.SELECTED}.data": office["Undangan rapat koordinasi"]}).status_code in (
        401, 403)


# --- one's own desk -------------------------------------------------------------------------------------

def test_the_head_sees_his_counters_and_letters(as_user, dash_callback, office):
    as_user("opd", HEAD, opd_code="DISHUB")
    shown = desk(dash_callback)
    # to sign, to send, to verify, unread incoming, not followed up, unread dispositions, dispositions open
    assert card_values(shown[S.COUNTERS]["children"]) == ["1", "0", "0", "1", "1", "0", "0"]
    subjects = [row["subject"] for row in shown[S.LETTERS]["data"]]
    assert sorted(subjects) == sorted(["Undangan rapat koordinasi", "Laporan pengamanan", "Jawaban undangan",
                                       "Pemberitahuan"])   # not "Permohonan data": he is not named on it
    outgoing = [row["subject"] for row in desk(dash_callback, "outgoing")[S.LETTERS]["data"]]
    assert sorted(outgoing) == ["Jawaban undangan", "Pemberitahuan"]


def test_choosing_a_letter_shows_its_disposition_tree(as_user, dash_callback, office):
    as_user("opd", HEAD, opd_code="DISHUB")
    letter_id = office["Undangan rapat koordinasi"]
    assert answer(dash_callback, S.SELECTED, {f"{S.LETTERS}.active_cell": {"row": 0, "column": 0,
                                                                          "row_id": letter_id}})[S.SELECTED]["data"] \
        == letter_id
    shown = " | ".join(detail(dash_callback, letter_id))
    assert "Kepala Contoh (Kepala Dinas) → Kabid Lalu Lintas Contoh (Kepala Bidang)" in shown
    assert "Instruksi: Hadiri dan laporkan" in shown
    assert "Kabid Lalu Lintas Contoh (Kepala Bidang) → Analis Lalu Lintas Contoh (Analis)" in shown
    assert "Instruksi: Siapkan bahan paparan" in shown
    assert "Catatan: Bahan paparan sudah dikirim" in shown
    assert "Status: ditarik" in shown   # the withdrawn disposition to Kabid Angkutan stays in the tree


def test_showing_a_letter_does_not_mark_it_read(databases, as_user, dash_callback, office):
    as_user("opd", HEAD, opd_code="DISHUB")
    secret = office["Laporan pengamanan"]
    assert "Laporan pengamanan" in detail(dash_callback, secret)   # he is named on it
    with databases.session() as session:
        assert session.get(OfficeLetter, secret).first_read_at is None
    assert card_values(desk(dash_callback)[S.COUNTERS]["children"])[3] == "1"   # still unread


def test_a_rahasia_letter_is_not_shown_to_someone_not_named_on_it(as_user, dash_callback, office):
    as_user("opd", ENGINEER, opd_code="DISHUB")
    subjects = [row["subject"] for row in desk(dash_callback)[S.LETTERS]["data"]]
    assert "Laporan pengamanan" not in subjects and "Undangan rapat koordinasi" in subjects
    shown = detail(dash_callback, office["Laporan pengamanan"])
    assert shown == [f"Anda tidak berhak membaca surat {office['Laporan pengamanan']}."]
    assert "Pengirim / tujuan" not in shown


def test_an_unknown_letter_is_refused_in_words(as_user, dash_callback, office):
    as_user("opd", ENGINEER, opd_code="DISHUB")
    assert detail(dash_callback, 987654) == ["surat 987654 tidak ada."]
    (prompt,) = detail(dash_callback, "1; drop")   # no id: nothing chosen
    assert prompt.startswith("Pilih satu surat")


def test_an_account_without_a_staff_record_is_told_so(as_user, dash_callback, office):
    as_user("opd", opd_code="DISHUB")
    shown = desk(dash_callback)
    assert "tidak terhubung dengan data pegawai aktif" in shown[S.DESK_NOTE]["children"]
    assert shown[S.COUNTERS]["children"] == [] and shown[S.LETTERS]["data"] == []
    refused = " ".join(detail(dash_callback, office["Undangan rapat koordinasi"]))
    assert "tidak terhubung dengan data pegawai aktif" in refused
    assert ageing_rows(dash_callback)[0][1:3] == ["3", "2"]   # the OPD's numbers remain


# --- per OPD, from the mart -------------------------------------------------------------------------------

def ageing_rows(dash_callback) -> list[list[str]]:
    tree = answer(dash_callback, S.AGEING)[S.AGEING]["children"]
    rows = [c for c in components(tree) if c["type"] == "Tr"]
    return [[str(td["props"]["children"]) for td in row["props"]["children"] if td["type"] == "Td"]
            for row in rows][1:]


def test_an_opd_sees_its_open_letters_by_age_and_overdue(as_user, dash_callback):
    as_user("opd", opd_code="DISHUB")
    (row,) = ageing_rows(dash_callback)
    # open 3, overdue 2 (due 15 and 30 Sep); all registered or drafted 8-9 Sep: 26-27 days old
    assert row[1:] == ["3", "2", "0", "0", "0", "3", "0"]
    shown = answer(dash_callback, S.TITLE)
    assert card_values(shown[S.CARDS]["children"])[0] == "2"


def test_a_scope_the_mart_cannot_read_is_told_so(as_user, dash_callback):
    as_user("camat", kecamatan_code="35.78.07")
    shown = answer(dash_callback, S.AGEING)
    assert "tidak tersedia" in shown[S.CAPTION]["children"]
    cards = answer(dash_callback, S.TITLE)[S.CARDS]["children"]
    assert card_values(cards) == ["—"] and "tidak tersedia" in " ".join(texts(cards))


def test_the_city_sees_the_opds_and_the_turnaround(as_user, dash_callback):
    as_user("pimpinan")
    assert len(ageing_rows(dash_callback)) == 1   # only Dishub has letters
    turnaround = answer(dash_callback, S.TURNAROUND, {f"{S.PERIOD}.value": 90})[S.TURNAROUND]["children"]
    cells = [str(c["props"]["children"]) for c in components(turnaround) if c["type"] == "Td"]
    assert cells[1] == "3"   # dispositions made: two by the head, one by Kabid Lalu Lintas


# --- the KPI cards and the cache ---------------------------------------------------------------------------

def test_office_cards_for_the_city_an_opd_and_an_area(app, office):
    services = app.server.extensions["pantau"]
    city = office_cards(services, Viewer(user_id="t", username="t", role="pimpinan"), today=date(2026, 10, 5))
    other = office_cards(services, Viewer(user_id="t", username="t", role="opd", opd_code="DLH"),
                         today=date(2026, 10, 5))
    lurah = office_cards(services, Viewer(user_id="t", username="t", role="lurah", kelurahan_code="35.78.07.1004"),
                         today=date(2026, 10, 5))
    assert card_values(city)[0] == "2" and "(2)" in card_values(city)[1]
    assert card_values(other)[:2] == ["0", "Tidak ada"]
    assert card_values(lurah) == ["—"]
    on = {day: card_values(office_cards(services, Viewer(user_id="t", username="t", role="pimpinan"),
                                        today=date(2026, month, day)))[0] for month, day in ((9, 30), (10, 1))}
    assert on == {30: "1", 1: "2"}   # "Permohonan data" is due 30 September: late from the next day


def test_a_repeated_callback_is_answered_from_the_cache(app, as_user, dash_callback):
    as_user("pimpinan")
    cache = mart_cache(app.server.extensions["pantau"])
    first = answer(dash_callback, S.AGEING)
    misses = cache.misses
    assert answer(dash_callback, S.AGEING) == first
    assert cache.misses == misses
