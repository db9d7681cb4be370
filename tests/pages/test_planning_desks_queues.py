"""Meja Usulan (/musrenbang/meja): the lurah verifies his kelurahan's proposals, the camat accepts or
rejects his kecamatan's with a reason from the list, the planning agency ranks the year's accepted
ones. Scope is the module's: another kelurahan's or kecamatan's proposal is neither listed nor
decided, whatever the request names; a refusal writes nothing."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from core.services import Services
from core.users import Viewer
from data import planning_desk as desk
from layouts.components.ids_usulan_meja import UsulanMeja as M
from modules.planning import proposals
from modules.planning.models import PlanningProposal, PlanningProposalEvent

KETABANG, KAPASARI = "35.78.07.1004", "35.78.07.1001"  # both in Genteng
GENTENG = "35.78.07"
TEGALSARI_KELURAHAN = "35.78.08.1001"
PNG = b"\x89PNG\r\n\x1a\n" + bytes(32)
ALL_YEAR = "01-01..12-31"


@pytest.fixture
def backend():  # the web layer is the same on both backends; the module's tests cover PostgreSQL
    return "sqlite"


@pytest.fixture
def settings(settings):
    return settings.override(planning={"rw_round": ALL_YEAR, "kelurahan_round": ALL_YEAR,
                                       "kecamatan_round": ALL_YEAR, "city_round": ALL_YEAR})


def head(kelurahan: str, rw: int = 1) -> Viewer:
    return Viewer(f"h-{kelurahan}", f"rw{rw}.{kelurahan}", "rt_rw", kelurahan_code=kelurahan, rw=rw)


@pytest.fixture
def propose(databases, settings):
    def make(kelurahan: str = KETABANG, volume: float = 50, now=None, item="PAVING-JALAN") -> str:
        from geo import centroids

        row = centroids("kelurahan").set_index("code").loc[kelurahan]
        with databases.transaction() as session:
            return proposals.submit_proposal(session, head(kelurahan), settings, item_code=item, volume=volume,
                                             lat=float(row["lat"]), lon=float(row["lon"]), address="Jl. Contoh 1",
                                             title="Paving gang", photos=[("depan.png", PNG)], now=now).number

    return make


@pytest.fixture
def step(databases, settings):
    """step(function, actor, *args): a module step in its own transaction."""
    def run(function, actor, *args, **kwargs):
        with databases.transaction() as session:
            return function(session, actor, settings, *args, **kwargs).status

    return run


def status(databases, number: str) -> tuple[str, str | None]:
    with databases.session() as session:
        found = session.scalars(select(PlanningProposal).where(PlanningProposal.number == number)).one()
        return found.status, found.rejection_reason


def events(databases) -> int:
    with databases.session() as session:
        return len(session.scalars(select(PlanningProposalEvent)).all())


@pytest.fixture
def as_user(make_user, login):
    def log_in(name: str, role: str, **scope):
        make_user(name, role, **scope)
        assert login(name).status_code == 302

    return log_in


def outputs(response) -> dict:
    assert response.status_code == 200, response.get_data(as_text=True)[:300]
    return response.get_json()["response"]


def queue_rows(dash_callback) -> list[dict]:
    return outputs(dash_callback(M.QUEUE, {f"{M.ORDER}.data": []}))[M.QUEUE]["data"]


def act(dash_callback, button: str, number: str | None, note: str = "", reason: str | None = None):
    return dash_callback(M.MESSAGE, {f"{button}.n_clicks": 1, f"{M.SELECTED}.data": number, f"{M.NOTE}.value": note,
                                     f"{M.REASON}.value": reason, f"{M.DONE}.data": 0})


def test_the_lurah_sees_his_kelurahans_waiting_proposals_with_photos(as_user, client, dash_callback, propose):
    mine, other = propose(KETABANG), propose(KAPASARI)
    as_user("lurah1", "lurah", kelurahan_code=KETABANG)
    assert client.get("/musrenbang/meja").status_code == 200
    rows = queue_rows(dash_callback)
    assert [row["number"] for row in rows] == [mine] and other not in str(rows)
    row = rows[0]
    assert row["place"] == "Ketabang / RW 01" and row["item"] == "Paving jalan kampung" and row["volume"] == "50 m2"
    assert row["cost"] == "Rp 9.250.000" and row["photos"].startswith("![foto](/api/planning/public/photos/")
    photo_url = row["photos"][len("![foto]("):-1]
    assert client.get(photo_url).data == PNG
    set_up = outputs(dash_callback(M.TITLE, {}))
    assert set_up[M.VERIFY]["style"] == {} and set_up[M.ACCEPT]["style"] == {"display": "none"}
    assert [o["value"] for o in set_up[M.REASON]["options"]][:2] == ["not_in_dictionary", "duplicate"]


def test_the_lurah_verifies_with_a_note(as_user, dash_callback, propose, databases):
    number = propose()
    as_user("lurah1", "lurah", kelurahan_code=KETABANG)
    found = outputs(act(dash_callback, M.VERIFY, number, note="sudah dicek ke lokasi"))
    assert f"Usulan {number} diverifikasi" in str(found[M.MESSAGE]["children"]) and found[M.DONE]["data"] == 1
    assert status(databases, number) == ("verified", None)
    detail = outputs(dash_callback(M.DETAIL, {f"{M.SELECTED}.data": number}))[M.DETAIL]["children"]
    assert "Diverifikasi" in str(detail) and "sudah dicek ke lokasi" in str(detail) and "Lurah" in str(detail)
    assert "lurah1" not in str(detail) and "rw1." not in str(detail)  # steps by role, never by name
    assert queue_rows(dash_callback) == []


def test_the_lurah_cannot_verify_another_kelurahans_proposal(as_user, dash_callback, propose, databases):
    other = propose(KAPASARI)
    as_user("lurah1", "lurah", kelurahan_code=KETABANG)
    before = events(databases)
    found = outputs(act(dash_callback, M.VERIFY, other))
    assert "di luar wilayah" in str(found[M.MESSAGE]["children"]) and M.DONE not in found
    assert status(databases, other) == ("proposed", None) and events(databases) == before
    detail = outputs(dash_callback(M.DETAIL, {f"{M.SELECTED}.data": other}))[M.DETAIL]["children"]
    assert desk.NOT_FOUND in str(detail)


def test_the_camat_rejects_with_a_reason_and_a_note(as_user, dash_callback, propose, step, databases):
    number = propose()
    step(proposals.verify, Viewer("l", "lurah1", "lurah", kelurahan_code=KETABANG), number)
    as_user("camat1", "camat", kecamatan_code=GENTENG)
    assert [row["number"] for row in queue_rows(dash_callback)] == [number]
    found = outputs(act(dash_callback, M.REJECT, number, note="jalan milik provinsi", reason="not_city_authority"))
    assert f"Usulan {number} ditolak" in str(found[M.MESSAGE]["children"])
    assert status(databases, number) == ("rejected", "not_city_authority")
    with databases.session() as session:
        last = session.scalars(select(PlanningProposalEvent).order_by(PlanningProposalEvent.id.desc())).first()
        assert (last.action, last.reason, last.note, last.actor) == ("rejected", "not_city_authority",
                                                                     "jalan milik provinsi", "camat1")


def test_a_rejection_without_a_reason_is_refused_at_the_reason(as_user, dash_callback, propose, step, databases):
    number = propose()
    step(proposals.verify, Viewer("l", "lurah1", "lurah", kelurahan_code=KETABANG), number)
    as_user("camat1", "camat", kecamatan_code=GENTENG)
    before = events(databases)
    found = outputs(act(dash_callback, M.REJECT, number, note="tidak layak"))
    assert "Alasan penolakan: penolakan harus menyebut alasan dari daftar" in found[M.error("reason")]["children"]
    assert status(databases, number) == ("verified", None) and events(databases) == before


def test_the_camat_accepts(as_user, dash_callback, propose, step, databases):
    number = propose()
    step(proposals.verify, Viewer("l", "lurah1", "lurah", kelurahan_code=KETABANG), number)
    as_user("camat1", "camat", kecamatan_code=GENTENG)
    found = outputs(act(dash_callback, M.ACCEPT, number))
    assert f"Usulan {number} diterima" in str(found[M.MESSAGE]["children"])
    assert status(databases, number) == ("accepted", None)


def test_another_camat_neither_sees_nor_decides(as_user, dash_callback, propose, step, databases):
    number = propose()
    step(proposals.verify, Viewer("l", "lurah1", "lurah", kelurahan_code=KETABANG), number)
    as_user("camat2", "camat", kecamatan_code="35.78.08")
    assert queue_rows(dash_callback) == []
    found = outputs(act(dash_callback, M.ACCEPT, number))
    assert "di luar wilayah" in str(found[M.MESSAGE]["children"])
    assert status(databases, number) == ("verified", None)


def test_a_camat_cannot_verify(as_user, dash_callback, propose, databases):
    number = propose()
    as_user("camat1", "camat", kecamatan_code=GENTENG)
    found = outputs(act(dash_callback, M.VERIFY, number))
    assert "tidak boleh" in str(found[M.MESSAGE]["children"])
    assert status(databases, number) == ("proposed", None)


def test_the_planning_agency_ranks_and_saves(as_user, dash_callback, propose, step, databases):
    lurah = Viewer("l", "lurah1", "lurah", kelurahan_code=KETABANG)
    camat = Viewer("c", "camat1", "camat", kecamatan_code=GENTENG)
    numbers = [propose(volume=v) for v in (10, 20, 30)]
    for number in numbers:
        step(proposals.verify, lurah, number)
        step(proposals.decide, camat, number, True)
    as_user("bappeda", "perencana")
    order = outputs(dash_callback(M.ORDER, {}))[M.ORDER]["data"]
    assert order == numbers
    moved = outputs(dash_callback(M.RANK_MESSAGE, {f"{M.DOWN}.n_clicks": 1, f"{M.ORDER}.data": order,
                                                   f"{M.SELECTED}.data": numbers[0]}))[M.ORDER]["data"]
    assert moved == [numbers[1], numbers[0], numbers[2]]
    moved = outputs(dash_callback(M.RANK_MESSAGE, {f"{M.MOVE}.n_clicks": 1, f"{M.ORDER}.data": moved,
                                                   f"{M.SELECTED}.data": numbers[2], f"{M.RANK}.value": 1}))
    moved = moved[M.ORDER]["data"]
    assert moved == [numbers[2], numbers[1], numbers[0]]
    shown = outputs(dash_callback(M.QUEUE, {f"{M.ORDER}.data": moved}))[M.QUEUE]["data"]
    assert [(row["priority"], row["number"]) for row in shown] == [(1, numbers[2]), (2, numbers[1]), (3, numbers[0])]
    saved = outputs(dash_callback(M.SAVED, {f"{M.SAVE}.n_clicks": 1, f"{M.ORDER}.data": moved, f"{M.DONE}.data": 0}))
    assert "Urutan prioritas 3 usulan tersimpan" in str(saved[M.SAVED]["children"])
    with databases.session() as session:
        ranked = dict(session.execute(select(PlanningProposal.number, PlanningProposal.priority)).all())
    assert ranked == {numbers[2]: 1, numbers[1]: 2, numbers[0]: 3}
    assert outputs(dash_callback(M.ORDER, {}))[M.ORDER]["data"] == moved  # reloaded by the saved priority


def test_an_incomplete_ranking_is_refused_and_nothing_changes(as_user, dash_callback, propose, step, databases):
    lurah = Viewer("l", "lurah1", "lurah", kelurahan_code=KETABANG)
    camat = Viewer("c", "camat1", "camat", kecamatan_code=GENTENG)
    numbers = [propose(volume=v) for v in (10, 20)]
    for number in numbers:
        step(proposals.verify, lurah, number)
        step(proposals.decide, camat, number, True)
    as_user("bappeda", "perencana")
    saved = outputs(dash_callback(M.SAVED, {f"{M.SAVE}.n_clicks": 1, f"{M.ORDER}.data": numbers[:1]}))
    assert "belum diurutkan" in str(saved[M.SAVED]["children"]) and M.DONE not in saved
    with databases.session() as session:
        assert set(session.scalars(select(PlanningProposal.priority))) == {None}


@pytest.mark.parametrize("role,scope", [("rt_rw", {"kelurahan_code": KETABANG, "rw": 1}), ("operator", {}),
                                        ("opd", {"opd_code": "DSDABM"}), ("pimpinan", {})])
def test_other_roles_get_403(as_user, client, dash_callback, propose, databases, role, scope):
    number = propose()
    as_user(f"user-{role}", role, **scope)
    assert client.get("/musrenbang/meja").status_code == 403
    assert act(dash_callback, M.VERIFY, number).status_code == 403
    assert dash_callback(M.QUEUE, {f"{M.ORDER}.data": [number]}).status_code == 403
    assert dash_callback(M.DETAIL, {f"{M.SELECTED}.data": number}).status_code == 403
    assert status(databases, number) == ("proposed", None)


def test_the_lurah_cannot_rank_nor_the_planning_agency_decide(as_user, dash_callback, propose, databases):
    number = propose()
    as_user("lurah1", "lurah", kelurahan_code=KETABANG)
    assert dash_callback(M.SAVED, {f"{M.SAVE}.n_clicks": 1, f"{M.ORDER}.data": [number]}).status_code == 403


def test_the_planning_agency_cannot_verify(as_user, dash_callback, propose, databases):
    number = propose()
    as_user("bappeda", "perencana")
    assert act(dash_callback, M.VERIFY, number).status_code == 403
    assert status(databases, number) == ("proposed", None)


def test_a_repeat_is_flagged_in_the_queue(as_user, dash_callback, propose, settings):
    from datetime import datetime, timezone

    from core.clock import city_today

    earlier = propose(now=datetime(city_today().year - 1, 6, 1, 3, tzinfo=timezone.utc))
    number = propose()
    as_user("lurah1", "lurah", kelurahan_code=KETABANG)
    rows = {row["number"]: row for row in queue_rows(dash_callback)}
    assert rows[number]["repeat"] == f"Mungkin ulangan {earlier}"


def test_the_queue_needs_a_decider(settings, databases):
    assert desk.queue(Services(settings, databases, None), Viewer("9", "op", "operator")) == []


def test_the_lurah_may_also_reject_with_a_reason(as_user, dash_callback, propose, databases):
    number = propose()
    as_user("lurah1", "lurah", kelurahan_code=KETABANG)
    found = outputs(act(dash_callback, M.REJECT, number, reason="duplicate", note="sama dengan usulan RT 02"))
    assert f"Usulan {number} ditolak" in str(found[M.MESSAGE]["children"])
    assert status(databases, number) == ("rejected", "duplicate")
