"""Usulan Baru (/musrenbang/baru): an RT/RW head files a proposal with a photo through the planning
module; a refusal shows each problem at its field and stores nothing; only rt_rw may call."""

from __future__ import annotations

import base64

import pytest
from sqlalchemy import select

from core.changelog import ChangeLogEntry
from core.services import Services
from core.users import Viewer
from data import planning_desk as desk
from layouts.components.ids_usulan_baru import UsulanBaru as U
from modules.planning.models import PlanningProposal, PlanningProposalEvent, PlanningProposalPhoto

KETABANG, OTHER = "35.78.07.1004", "35.78.07.1001"
PNG = b"\x89PNG\r\n\x1a\n" + bytes(32)
PHOTO = "data:image/png;base64," + base64.b64encode(PNG).decode()
ALL_YEAR = "01-01..12-31"
WRITTEN = (PlanningProposal, PlanningProposalEvent, PlanningProposalPhoto, ChangeLogEntry)


@pytest.fixture
def backend():  # the web layer is the same on both backends; the module's tests cover PostgreSQL
    return "sqlite"


@pytest.fixture
def settings(settings):
    """Every round open all year, so that the desk files today whatever the date."""
    return settings.override(planning={"rw_round": ALL_YEAR, "kelurahan_round": ALL_YEAR,
                                       "kecamatan_round": ALL_YEAR, "city_round": ALL_YEAR})


def spot(kelurahan: str) -> tuple[str, str]:
    from geo import centroids

    row = centroids("kelurahan").set_index("code").loc[kelurahan]
    return f"{row['lat']:.5f}", f"{row['lon']:.5f}"


def good() -> dict:
    lat, lon = spot(KETABANG)
    return {f"{U.ITEM}.value": "PAVING-JALAN", f"{U.VOLUME}.value": "120", f"{U.LAT}.value": lat,
            f"{U.LON}.value": lon, f"{U.ADDRESS}.value": "Jl. Ketabang Kali Gg. 2", f"{U.RT}.value": "3",
            f"{U.TITLE}.value": "Paving gang buntu", f"{U.DESCRIPTION}.value": "rusak berat",
            f"{U.PHOTOS}.contents": [PHOTO], f"{U.PHOTOS}.filename": ["depan.png"]}


@pytest.fixture
def head(make_user, login):
    make_user("rw01", "rt_rw", kelurahan_code=KETABANG, rw=1)
    assert login("rw01").status_code == 302


def submit(dash_callback, **changes):
    return dash_callback(U.RESULT, {f"{U.SUBMIT}.n_clicks": 1, **good(), **changes})


def outputs(response) -> dict:
    assert response.status_code == 200, response.get_data(as_text=True)[:300]
    return response.get_json()["response"]


def errors_shown(response) -> dict[str, str]:
    found = outputs(response)
    return {field: str(found[U.error(field)]["children"]) for field in U.ERROR_FIELDS
            if found[U.error(field)]["children"]}


def test_the_page_shows_the_heads_place_ceiling_and_the_dictionary(head, client, dash_callback):
    assert client.get("/musrenbang/baru").status_code == 200
    found = outputs(dash_callback(U.PLACE, {}))
    assert found[U.PLACE]["children"] == "Kelurahan Ketabang, RW 01"
    assert "Pagu RW tahun" in found[U.CEILING]["children"] and "sisa Rp 300.000.000" in found[U.CEILING]["children"]
    assert any(option["value"] == "PAVING-JALAN" for option in found[U.ITEM]["options"])
    assert found[U.ROUND]["children"].endswith("(dibuka).") and "01/01/" in found[U.ROUND]["children"]
    grid = found[U.MAP]["figure"]["data"][1]
    assert grid["name"] == "grid" and len(grid["lat"]) > 20  # the head's kelurahan, finely
    from geo import locate_point
    assert {locate_point(lat, lon)[1] for lat, lon in zip(grid["lat"][::10], grid["lon"][::10])} == {KETABANG}


def test_the_cost_follows_the_volume(head, dash_callback):
    items = outputs(dash_callback(U.PLACE, {}))[U.ITEMS]["data"]
    item = items["PAVING-JALAN"]
    found = outputs(dash_callback(U.COST, {f"{U.ITEM}.value": "PAVING-JALAN", f"{U.VOLUME}.value": "12,5",
                                           f"{U.ITEMS}.data": items}))
    cost = round(12.5 * item["unit_cost_rupiah"])
    assert found[U.COST]["children"] == f"Perkiraan biaya: {desk.rupiah(cost)} (12,50 {item['unit']})"
    assert item["opd_name"] in found[U.ITEM_ABOUT]["children"]


def test_a_head_files_a_proposal_with_a_photo(head, dash_callback, databases):
    response = submit(dash_callback)
    assert errors_shown(response) == {}
    found = outputs(response)
    assert "Usulan terkirim dengan nomor" in str(found[U.RESULT]["children"])
    assert found[U.TITLE]["value"] == "" and found[U.PHOTOS]["contents"] is None  # ready for the next one
    with databases.session() as session:
        proposal = session.scalars(select(PlanningProposal)).one()
        assert (proposal.kelurahan_code, proposal.rw, proposal.rt, proposal.item_code, proposal.volume) == \
            (KETABANG, 1, 3, "PAVING-JALAN", 120.0)
        assert proposal.proposer == "rw01" and proposal.status == "proposed"
        photo = session.scalars(select(PlanningProposalPhoto)).one()
        assert photo.data == PNG and photo.content_type == "image/png"
    assert proposal.number in str(found[U.RESULT]["children"])
    assert desk.rupiah(proposal.estimated_cost_rupiah) in found[U.CEILING]["children"]  # used now


@pytest.mark.parametrize("changes,field,shown", [
    ({f"{U.ITEM}.value": None}, "item_code", "tidak ada dalam kamus usulan"),
    ({f"{U.VOLUME}.value": ""}, "volume", "Volume: wajib diisi"),
    ({f"{U.VOLUME}.value": "-3"}, "volume", "volume harus lebih dari 0"),
    ({f"{U.VOLUME}.value": "banyak"}, "volume", "'banyak' bukan angka"),
    ({f"{U.LAT}.value": "", f"{U.LON}.value": ""}, "location", "pilih titik di peta"),
    ({f"{U.TITLE}.value": "  "}, "title", "Judul usulan: wajib diisi"),
    ({f"{U.ADDRESS}.value": ""}, "address", "Alamat: wajib diisi"),
    ({f"{U.RT}.value": "100"}, "rt", "RT harus bilangan bulat 1 sampai 99"),
    ({f"{U.PHOTOS}.contents": ["data:image/png;base64," + base64.b64encode(b"not an image").decode()]}, "photos",
     "bukan gambar JPEG, PNG atau WebP"),
    ({f"{U.PHOTOS}.contents": ["data:image/png;base64,%%%"]}, "photos", "berkas tidak terbaca"),
])
def test_bad_input_shows_the_reason_at_its_field_and_stores_nothing(head, dash_callback, count_rows, changes, field,
                                                                    shown):
    before = count_rows(WRITTEN)
    response = submit(dash_callback, **changes)
    errors = errors_shown(response)
    assert field in errors and shown in errors[field], errors
    assert "Usulan belum terkirim" in str(outputs(response)[U.RESULT]["children"])
    assert U.TITLE not in outputs(response)  # the form keeps what was typed
    assert count_rows(WRITTEN) == before


def test_every_problem_is_shown_at_once(head, dash_callback, count_rows):
    response = submit(dash_callback, **{f"{U.VOLUME}.value": "-1", f"{U.TITLE}.value": "", f"{U.ADDRESS}.value": "",
                                        f"{U.LAT}.value": None})
    assert set(errors_shown(response)) == {"volume", "title", "address", "location"}
    assert count_rows(WRITTEN)["planning_proposals"] == 0


def test_a_point_in_another_kelurahan_is_refused(head, dash_callback, count_rows):
    lat, lon = spot(OTHER)
    errors = errors_shown(submit(dash_callback, **{f"{U.LAT}.value": lat, f"{U.LON}.value": lon}))
    assert "bukan di kelurahan 35.78.07.1004" in errors["location"]
    assert count_rows(WRITTEN)["planning_proposals"] == 0


def test_over_the_ceiling_is_refused_at_the_volume(head, dash_callback, count_rows):
    assert errors_shown(submit(dash_callback, **{f"{U.VOLUME}.value": "1500"})) == {}  # Rp 277.500.000
    found = errors_shown(submit(dash_callback, **{f"{U.VOLUME}.value": "200"}))  # Rp 37.000.000 more
    assert "melebihi pagu Rp 300.000.000" in found["volume"]  # rupiah with thousands dots
    assert count_rows(WRITTEN)["planning_proposals"] == 1


def test_a_closed_round_is_named_above_the_form(settings, databases, count_rows):
    from core.clock import city_today

    month = city_today().month % 12 + 1  # next month: today lies outside the round
    closed = settings.override(planning={"rw_round": f"{month:02d}-01..{month:02d}-28"})
    lat, lon = spot(KETABANG)
    head = Viewer("9", "rw01", "rt_rw", kelurahan_code=KETABANG, rw=1)
    form = {"item_code": "PAVING-JALAN", "volume": "10", "lat": lat, "lon": lon, "address": "Jl. Ketabang",
            "title": "Paving"}
    filed, errors = desk.submit(Services(closed, databases, None), head, form, [])
    assert filed is None and errors[0][0] == "round"
    assert "Jadwal musrenbang: putaran usulan RW" in desk.summary_lines(errors, U.ERROR_FIELDS)[0]
    state = "sudah ditutup" if month == 1 else "belum dibuka"  # in December, next month's round is January's, past
    assert desk.round_text(closed).endswith(f"({state}).")
    assert count_rows(WRITTEN)["planning_proposals"] == 0


@pytest.mark.parametrize("role,scope", [("lurah", {"kelurahan_code": KETABANG}), ("operator", {}),
                                        ("opd", {"opd_code": "DSDABM"})])
def test_other_roles_get_403(make_user, login, client, dash_callback, count_rows, role, scope):
    make_user(f"user-{role}", role, **scope)
    assert login(f"user-{role}").status_code == 302
    assert client.get("/musrenbang/baru").status_code == 403
    assert submit(dash_callback).status_code == 403
    assert dash_callback(U.PLACE, {}).status_code == 403
    assert count_rows(WRITTEN)["planning_proposals"] == 0


def test_the_desk_refuses_a_non_head_before_the_service(settings, databases, count_rows):
    filed, errors = desk.submit(Services(settings, databases, None), Viewer("9", "lurah1", "lurah",
                                                                            kelurahan_code=KETABANG), {}, [])
    assert filed is None and errors[0][0] == "actor"
    assert count_rows(WRITTEN)["planning_proposals"] == 0


@pytest.mark.parametrize("path", ["/musrenbang/baru", "/musrenbang/meja", "/anggaran/realisasi"])
def test_the_desks_need_a_login(client, path):
    """The desks are Dash pages behind the login, not the citizens' public pages under /usulan."""
    response = client.get(path)
    assert response.status_code == 302 and "/login" in response.headers["Location"]


def test_a_possible_repeat_is_named_after_filing(head, dash_callback, databases, settings):
    from datetime import datetime, timezone

    from core.clock import city_today
    from modules.planning import proposals

    lat, lon = spot(KETABANG)
    with databases.transaction() as session:
        earlier = proposals.submit_proposal(
            session, Viewer("9", "rw01", "rt_rw", kelurahan_code=KETABANG, rw=1), settings, item_code="PAVING-JALAN",
            volume=80, lat=float(lat), lon=float(lon), address="Jl. Ketabang", title="Paving tahun lalu",
            now=datetime(city_today().year - 1, 6, 1, 3, tzinfo=timezone.utc)).number
    found = outputs(submit(dash_callback))
    assert "Usulan terkirim" in str(found[U.RESULT]["children"])
    assert "mungkin mengulang usulan tahun lalu" in str(found[U.RESULT]["children"])
    assert earlier in str(found[U.RESULT]["children"])
