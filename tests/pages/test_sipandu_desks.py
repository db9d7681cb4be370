"""Sipandu's desks, their callbacks called as the browser calls them: the RT head records a newcomer
on /sipandu/rt (the NIK checked as typed, each refusal at its field with nothing stored, a proof with
the NIK masked) and records a departure; the lurah verifies or rejects on /sipandu/verifikasi and
sees a full NIK only on a stated reason, logged. Another RT's head, another kelurahan's lurah, the
camat (for decisions) and the aggregate-only roles get nothing."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import func, select

from core.changelog import ChangeLogEntry
from core.clock import city_time, utc_now
from core.reference import rt_unit_code
from core.services import Services
from core.users import Viewer
from layouts.components import sipandu_labels as labels
from layouts.components.ids_sipandu_rt import SipanduRt as R
from layouts.components.ids_sipandu_verifikasi import SipanduVerifikasi as V
from modules.sipandu import kos, newcomers, workflow
from modules.sipandu.checks import PURPOSES
from modules.sipandu.keys import keys_for
from modules.sipandu.models import SipanduAccessLog, SipanduNewcomer
from modules.sipandu.nik import SEXES, masked_nik
from modules.sipandu.sample import arrival_form, sample_nik

KETABANG, KAPASARI = "35.78.07.1004", "35.78.07.1001"  # both in Genteng
GENTENG, TAMBAKSARI = "35.78.07", "35.78.10"
WRITTEN = (SipanduNewcomer, ChangeLogEntry)
REASON = "mencocokkan KTP saat kunjungan rumah"


@pytest.fixture
def backend():  # the web layer is the same on both backends; the module's tests cover PostgreSQL
    return "sqlite"


def head(rw: int = 1, rt: int | None = 1, kelurahan: str = KETABANG) -> Viewer:
    return Viewer(f"h{rw}{rt}", f"rt-{rw}-{rt}", "rt_rw", kelurahan_code=kelurahan, rw=rw, rt=rt)


@pytest.fixture
def as_user(make_user, login):
    def log_in(name: str, role: str, **scope):
        make_user(name, role, **scope)
        assert login(name).status_code == 302

    return log_in


@pytest.fixture
def recorded(databases, settings):
    """recorded(serial, rw, rt, kelurahan): a newcomer recorded by that RT's head two hours after
    arriving; returns the record's id."""
    def make(serial: int, rw: int = 1, rt: int = 1, kelurahan: str = KETABANG, **extra) -> int:
        form = arrival_form(serial, kelurahan, rw, rt, utc_now() - timedelta(hours=2), **extra)
        with databases.transaction() as session:
            return newcomers.record_arrival(session, head(rw, rt, kelurahan), form, keys_for(settings),
                                            settings.sipandu).id

    return make


def stored(databases, record_id: int) -> tuple[str, str | None]:
    with databases.session() as session:
        found = session.get(SipanduNewcomer, record_id)
        return found.status, found.rejection_reason


def looks(databases) -> int:
    with databases.session() as session:
        return session.scalar(select(func.count()).select_from(SipanduAccessLog))


def outputs(response) -> dict:
    assert response.status_code == 200, response.get_data(as_text=True)[:300]
    return response.get_json()["response"]


# === Meja RT (/sipandu/rt) ======================================================================

def good(serial: int = 1, rt: int = 1) -> dict:
    arrived = city_time(utc_now() - timedelta(hours=2))
    return {f"{R.NIK}.value": sample_nik(serial), f"{R.NAME}.value": "Budi Pendatang", f"{R.SEX}.value": "male",
            f"{R.BIRTH_DATE}.date": "1999-03-14", f"{R.ORIGIN}.value": "35.15",
            f"{R.RT}.value": rt_unit_code(KETABANG, 1, rt), f"{R.KOS}.value": None,
            f"{R.ADDRESS}.value": "Jl. Ketabang Kali 3", f"{R.PURPOSE}.value": "work",
            f"{R.SPONSOR}.value": "PT Contoh", f"{R.ARRIVED_DATE}.date": arrived.date().isoformat(),
            f"{R.ARRIVED_TIME}.value": arrived.strftime("%H:%M"), f"{R.STAY_UNTIL}.date": None, f"{R.DONE}.data": 0}


def save(dash_callback, **changes):
    return dash_callback(R.RESULT, {f"{R.SAVE}.n_clicks": 1, **good(), **changes})


def errors_shown(response) -> dict[str, str]:
    found = outputs(response)
    return {field: str(found[R.error(field)]["children"]) for field in R.ERROR_FIELDS
            if found[R.error(field)]["children"]}


@pytest.fixture
def rt_head(as_user):
    as_user("rt01.ketabang", "rt_rw", kelurahan_code=KETABANG, rw=1, rt=1)


def test_the_rt_head_records_in_his_own_rt(rt_head, client, dash_callback):
    assert client.get("/sipandu/rt").status_code == 200
    found = outputs(dash_callback(R.PLACE, {}))
    assert found[R.PLACE]["children"] == "Kelurahan Ketabang, RW 01, RT 01"
    assert found[R.RT]["options"] == [{"label": "RT 01 / RW 01", "value": rt_unit_code(KETABANG, 1, 1)}]
    assert found[R.RT]["value"] == rt_unit_code(KETABANG, 1, 1)
    regencies = {option["value"]: option["label"] for option in found[R.ORIGIN]["options"]}
    assert regencies["35.15"] == "Kabupaten Sidoarjo (Jawa Timur)" and len(regencies) > 500


def test_an_rw_head_chooses_among_his_rws_rts(as_user, dash_callback):
    as_user("rw01.ketabang", "rt_rw", kelurahan_code=KETABANG, rw=1)
    found = outputs(dash_callback(R.PLACE, {}))
    codes = [option["value"] for option in found[R.RT]["options"]]
    assert len(codes) >= 3 and all(code.startswith(f"{KETABANG}.RW01.") for code in codes)
    assert found[R.RT]["value"] is None and found[R.PLACE]["children"] == "Kelurahan Ketabang, RW 01"


@pytest.mark.parametrize("typed,shown", [
    ("35150114", "NIK harus 16 angka, bukan 8 karakter"),
    ("3599011403990001", "Kode wilayah NIK 35.99.01 tidak ada dalam daftar resmi Kemendagri"),
    ("3515013202990001", "Tanggal lahir dalam NIK (320299) bukan tanggal yang ada"),
    ("3515011403990000", "Nomor urut NIK tidak boleh 0000"),
])
def test_a_bad_nik_shows_its_reason_as_typed(rt_head, dash_callback, typed, shown):
    found = outputs(dash_callback(R.NIK_CHECK, {f"{R.NIK}.value": typed}))
    assert found[R.NIK_CHECK]["children"] == shown
    assert R.BIRTH_DATE not in found and R.SEX not in found  # nothing filled in from a bad number


def test_a_valid_nik_fills_in_its_birth_date_and_sex(rt_head, dash_callback):
    found = outputs(dash_callback(R.NIK_CHECK, {f"{R.NIK}.value": sample_nik(1, "female")}))
    assert found[R.NIK_CHECK]["children"] == ("NIK valid: lahir 14/03/1999, perempuan, wilayah Kec. Tarik, "
                                              "Kabupaten Sidoarjo")
    assert found[R.BIRTH_DATE]["date"] == "1999-03-14" and found[R.SEX]["value"] == "female"
    changed = outputs(dash_callback(R.NIK_CHECK, {f"{R.SEX}.value": "male", f"{R.NIK}.value": sample_nik(1, "female"),
                                                  f"{R.BIRTH_DATE}.date": "1999-03-14"}))
    assert changed[R.NIK_CHECK]["children"] == "NIK menyatakan perempuan, data menyatakan laki-laki"
    assert R.SEX not in changed  # what he chose stays; the save will refuse it


def test_a_head_records_a_newcomer_and_gets_a_proof_with_the_nik_masked(rt_head, dash_callback, databases):
    response = save(dash_callback)
    assert errors_shown(response) == {}
    found = outputs(response)
    proof = str(found[R.PROOF_BODY]["children"])
    assert "Bukti pendaftaran" in proof and masked_nik(sample_nik(1)) in proof and found[R.PROOF]["style"] == {}
    assert "Ketabang" in proof and "Budi Pendatang" in proof and "rt01.ketabang" in proof
    assert "Dilaporkan dalam 24 jam" in proof and "'ya'" in proof
    assert sample_nik(1) not in response.get_data(as_text=True)  # nowhere in what goes back to the browser
    assert found[R.NIK]["value"] == "" and found[R.NAME]["value"] == "" and found[R.DONE]["data"] == 1
    with databases.session() as session:
        record = session.scalars(select(SipanduNewcomer)).one()
        assert (record.kelurahan_code, record.rw, record.rt, record.status, record.recorded_by) == \
            (KETABANG, 1, 1, workflow.RECORDED, "rt01.ketabang")
        assert record.reported_in_time and record.origin_regency == "35.15" and record.sponsor == "PT Contoh"
    assert f"'{record.id}'" in proof
    arrived = city_time(record.arrived_at)
    assert arrived.strftime("%H:%M") == good()[f"{R.ARRIVED_TIME}.value"]  # the typed time is the city's (WIB)


@pytest.mark.parametrize("changes,field,shown", [
    ({f"{R.NIK}.value": "3578"}, "nik", "NIK: NIK harus 16 angka, bukan 4 karakter"),
    ({f"{R.NIK}.value": sample_nik(1, "female")}, "nik", "NIK menyatakan perempuan, data menyatakan laki-laki"),
    ({f"{R.BIRTH_DATE}.date": "1999-03-15"}, "nik", "NIK menyatakan lahir 14/03/1999, data menyatakan 15/03/1999"),
    ({f"{R.NAME}.value": "  "}, "name", "Nama: wajib diisi"),
    ({f"{R.SEX}.value": None}, "sex", "Jenis kelamin: wajib diisi"),
    ({f"{R.ORIGIN}.value": "99.99"}, "origin_regency", "kabupaten/kota '99.99' tidak dikenal"),
    ({f"{R.ADDRESS}.value": ""}, "address", "Alamat: wajib diisi"),
    ({f"{R.PURPOSE}.value": None}, "purpose", "Keperluan: wajib diisi"),
    ({f"{R.ARRIVED_TIME}.value": "jam 8"}, "arrived_at", "tulis JJ:MM"),
    ({f"{R.ARRIVED_DATE}.date": (city_time(utc_now()) + timedelta(days=2)).date().isoformat()}, "arrived_at",
     "Tiba: tidak boleh di masa depan"),
    ({f"{R.STAY_UNTIL}.date": "2000-01-01"}, "stay_until", "Tinggal sampai tidak boleh sebelum Tiba"),
    ({f"{R.KOS}.value": "KOS-0000"}, "kos_code", "rumah kos KOS-0000 tidak terdaftar"),
    ({f"{R.RT}.value": None}, "rt_code", "RT: wajib diisi"),
])
def test_a_bad_field_is_refused_at_its_field_and_nothing_is_stored(rt_head, dash_callback, count_rows, changes,
                                                                   field, shown):
    before = count_rows(WRITTEN)
    response = save(dash_callback, **changes)
    errors = errors_shown(response)
    assert field in errors and shown in errors[field], errors
    found = outputs(response)
    assert "Belum tersimpan" in str(found[R.RESULT]["children"]) and found[R.PROOF]["style"] == {"display": "none"}
    assert R.NAME not in found and R.DONE not in found  # the form keeps what was typed
    assert count_rows(WRITTEN) == before


def test_every_field_problem_is_shown_at_once(rt_head, dash_callback, count_rows):
    response = save(dash_callback, **{f"{R.NAME}.value": "", f"{R.ADDRESS}.value": "", f"{R.SEX}.value": None,
                                      f"{R.ORIGIN}.value": None, f"{R.ARRIVED_TIME}.value": ""})
    assert set(errors_shown(response)) == {"name", "address", "sex", "origin_regency", "arrived_at"}
    assert count_rows(WRITTEN)["sipandu_newcomers"] == 0


def test_the_same_newcomer_twice_in_one_rt_is_refused_at_the_nik(rt_head, dash_callback, count_rows):
    assert errors_shown(save(dash_callback)) == {}
    errors = errors_shown(save(dash_callback))
    assert "NIK ini sudah tercatat di RT ini" in errors["nik"]
    assert count_rows(WRITTEN)["sipandu_newcomers"] == 1


def test_another_rts_head_can_record_nothing_there(rt_head, dash_callback, count_rows):
    """The request names RT 02; the account is RT 01's head: the service refuses, nothing is stored."""
    before = count_rows(WRITTEN)
    errors = errors_shown(save(dash_callback, **{f"{R.RT}.value": rt_unit_code(KETABANG, 1, 2)}))
    assert "di luar wilayah Anda" in errors["rt_code"]
    assert count_rows(WRITTEN) == before and before["sipandu_newcomers"] == 0


def test_the_boarding_houses_offered_are_his_rts(rt_head, dash_callback, databases):
    lurah = Viewer("l", "lurah1", "lurah", kelurahan_code=KETABANG)
    with databases.transaction() as session:
        for rt, name in ((1, "Kos Melati"), (2, "Kos Mawar")):
            kos.register_kos(session, lurah, {"name": name, "owner_name": "Bu Sri", "address": "Jl. Melati 3",
                                              "capacity": 10, "rt_code": rt_unit_code(KETABANG, 1, rt)})
    found = outputs(dash_callback("sipandu-rt-kos.options", {f"{R.RT}.value": rt_unit_code(KETABANG, 1, 1)}))
    assert [option["label"] for option in found[R.KOS]["options"]] == ["Kos Melati (KOS-3578071004" "0001)"]
    other = outputs(dash_callback("sipandu-rt-kos.options", {f"{R.RT}.value": rt_unit_code(KETABANG, 1, 2)}))
    assert other[R.KOS]["options"] == []  # RT 02's house is not his to choose
    code = found[R.KOS]["options"][0]["value"]
    assert errors_shown(save(dash_callback, **{f"{R.KOS}.value": code})) == {}


def present_rows(dash_callback) -> list[dict]:
    return outputs(dash_callback(R.PRESENT, {f"{R.DONE}.data": 0}))[R.PRESENT]["data"]


def test_the_head_lists_his_rts_present_newcomers_masked(rt_head, dash_callback, recorded, databases):
    mine, theirs, gone = recorded(1), recorded(2, rt=2), recorded(3)
    with databases.transaction() as session:
        newcomers.reject(session, Viewer("l", "lurah1", "lurah", kelurahan_code=KETABANG), gone, "wrong_data")
    response = dash_callback(R.PRESENT, {f"{R.DONE}.data": 0})
    rows = outputs(response)[R.PRESENT]["data"]
    assert [row["id"] for row in rows] == [mine]
    assert rows[0]["nik"] == masked_nik(sample_nik(1)) and rows[0]["status"] == labels.STATUS_NAMES["recorded"]
    assert sample_nik(1) not in response.get_data(as_text=True) and theirs != mine


def test_an_rw_head_lists_his_whole_rw(as_user, dash_callback, recorded):
    first, second, _other_rw = recorded(1, rt=1), recorded(2, rt=2), recorded(3, rw=2, rt=1)
    as_user("rw01.ketabang", "rt_rw", kelurahan_code=KETABANG, rw=1)
    assert {row["id"] for row in present_rows(dash_callback)} == {first, second}


def depart(dash_callback, record_id, destination="35.07", left=None):
    left = left or city_time(utc_now() - timedelta(minutes=30))
    return dash_callback(R.error("left_at"), {f"{R.DEPART}.n_clicks": 1, f"{R.SELECTED}.data": record_id,
                                              f"{R.LEFT_DATE}.date": left.date().isoformat(),
                                              f"{R.LEFT_TIME}.value": left.strftime("%H:%M"),
                                              f"{R.DESTINATION}.value": destination, f"{R.DONE}.data": 0})


def test_the_head_records_a_departure(rt_head, dash_callback, recorded, databases):
    record_id = recorded(1)
    chosen = outputs(dash_callback(R.SELECTED, {f"{R.PRESENT}.active_cell": {"row": 0, "column": 0,
                                                                             "row_id": record_id}}))
    assert chosen[R.SELECTED]["data"] == record_id and chosen[R.DEPART_PANEL]["style"] == {}
    assert masked_nik(sample_nik(1)) in chosen[R.DEPART_WHO]["children"]
    found = outputs(depart(dash_callback, record_id))
    assert "Kepindahan Pendatang Contoh 1 tercatat" in str(found[R.DEPART_MESSAGE]["children"])
    assert found[R.DONE]["data"] == 1 and stored(databases, record_id) == (workflow.MOVED_OUT, None)
    assert present_rows(dash_callback) == []


def test_a_departure_without_a_destination_is_refused_at_it(rt_head, dash_callback, recorded, databases):
    record_id = recorded(1)
    found = outputs(depart(dash_callback, record_id, destination=None))
    assert "wajib diisi" in str(found[R.error("destination_regency")]["children"]) and R.DONE not in found
    assert stored(databases, record_id) == (workflow.RECORDED, None)


def test_another_rts_head_cannot_see_nor_move_a_record(as_user, dash_callback, recorded, databases):
    record_id = recorded(1, rt=1)
    as_user("rt02.ketabang", "rt_rw", kelurahan_code=KETABANG, rw=1, rt=2)
    assert present_rows(dash_callback) == []
    chosen = outputs(dash_callback(R.SELECTED, {f"{R.PRESENT}.active_cell": {"row": 0, "column": 0,
                                                                             "row_id": record_id}}))
    assert chosen[R.SELECTED]["data"] is None and chosen[R.DEPART_WHO]["children"] == labels.NOT_FOUND
    found = outputs(depart(dash_callback, record_id))
    assert "di luar wilayah Anda" in str(found[R.DEPART_MESSAGE]["children"])
    assert stored(databases, record_id) == (workflow.RECORDED, None)


@pytest.mark.parametrize("role,scope", [("operator", {}), ("pimpinan", {}), ("lurah", {"kelurahan_code": KETABANG}),
                                        ("camat", {"kecamatan_code": GENTENG})])
def test_other_roles_get_nothing_of_the_rt_desk(as_user, client, dash_callback, recorded, count_rows, role, scope):
    recorded(1)
    as_user(f"user-{role}", role, **scope)
    assert client.get("/sipandu/rt").status_code == 403
    for output, values in ((R.RESULT, {f"{R.SAVE}.n_clicks": 1, **good(2)}), (R.PRESENT, {}), (R.PLACE, {}),
                           (R.NIK_CHECK, {f"{R.NIK}.value": sample_nik(2)}), (R.SELECTED, {}),
                           (R.error("left_at"), {f"{R.DEPART}.n_clicks": 1})):
        assert dash_callback(output, values).status_code == 403, output
    assert count_rows(WRITTEN)["sipandu_newcomers"] == 1


# === Verifikasi Sipandu (/sipandu/verifikasi) ===================================================

@pytest.fixture
def lurah(as_user):
    as_user("lurah.ketabang", "lurah", kelurahan_code=KETABANG)


def queue(dash_callback) -> list[dict]:
    return outputs(dash_callback(V.QUEUE, {f"{V.DONE}.data": 0}))[V.QUEUE]["data"]


def act(dash_callback, button: str, record_id, reason: str | None = None):
    return dash_callback(V.MESSAGE, {f"{button}.n_clicks": 1, f"{V.SELECTED}.data": record_id,
                                     f"{V.REASON}.value": reason, f"{V.DONE}.data": 0})


def unmask(dash_callback, record_id, reason: str | None = REASON):
    return dash_callback(f"{V.UNMASK_RESULT}.children", {f"{V.UNMASK}.n_clicks": 1, f"{V.SELECTED}.data": record_id,
                                                         f"{V.UNMASK_REASON}.value": reason})


def test_the_lurah_sees_his_kelurahans_recorded_newcomers_oldest_first(lurah, client, dash_callback, recorded,
                                                                       databases):
    first, second = recorded(1, rt=1), recorded(2, rw=2, rt=1)
    flagged = recorded(1, rt=2)  # the same NIK in a second RT: both flagged
    verified, elsewhere = recorded(3), recorded(4, kelurahan=KAPASARI)
    with databases.transaction() as session:
        newcomers.verify(session, Viewer("l", "lurah1", "lurah", kelurahan_code=KETABANG), verified)
    assert client.get("/sipandu/verifikasi").status_code == 200
    response = dash_callback(V.QUEUE, {f"{V.DONE}.data": 0})
    rows = outputs(response)[V.QUEUE]["data"]
    assert [row["id"] for row in rows] == [first, second, flagged]
    assert elsewhere not in [row["id"] for row in rows] and verified not in [row["id"] for row in rows]
    assert rows[0]["nik"] == masked_nik(sample_nik(1)) and rows[0]["place"] == "Ketabang / 01 / 01"
    assert [row["duplicate"] for row in rows] == ["ya", "", "ya"]
    assert "NIK juga tercatat di tempat lain" in rows[0]["flag"] and rows[1]["flag"] == ""
    assert rows[0]["age"].endswith("menit")  # recorded just now
    assert sample_nik(1) not in response.get_data(as_text=True)
    set_up = outputs(dash_callback(V.TITLE, {}))
    assert set_up[V.DECISION_PANEL]["style"] == {}
    assert [option["label"] for option in set_up[V.REASON]["options"]] == ["Tidak ditemukan di alamat",
                                                                           "Data ganda", "Data salah"]


def test_the_detail_shows_the_nik_masked(lurah, dash_callback, recorded):
    record_id = recorded(1, sponsor="PT Contoh")
    response = dash_callback(V.DETAIL, {f"{V.SELECTED}.data": record_id})
    assert outputs(response)[V.VERIFY]["disabled"] is False and outputs(response)[V.REJECT]["disabled"] is False
    detail = str(outputs(response)[V.DETAIL]["children"])
    assert masked_nik(sample_nik(1)) in detail and "Kabupaten Sidoarjo" in detail and "PT Contoh" in detail
    assert "Bekerja" in detail and "Laki-laki" in detail and "rt-1-1" in detail
    assert sample_nik(1) not in response.get_data(as_text=True)


def test_the_lurah_verifies_and_the_record_leaves_the_queue(lurah, dash_callback, recorded, databases):
    record_id = recorded(1)
    found = outputs(act(dash_callback, V.VERIFY, record_id))
    assert "Data Pendatang Contoh 1 diverifikasi" in str(found[V.MESSAGE]["children"]) and found[V.DONE]["data"] == 1
    assert stored(databases, record_id) == (workflow.ACTIVE, None)
    assert queue(dash_callback) == []
    shown = outputs(dash_callback(V.DETAIL, {f"{V.SELECTED}.data": record_id}))
    assert labels.STATUS_NAMES["active"] in str(shown[V.DETAIL]["children"]) and "lurah.ketabang" in str(shown)
    assert shown[V.VERIFY]["disabled"] is True and shown[V.REJECT]["disabled"] is True  # decided: nothing offered


def test_the_lurah_rejects_with_a_reason(lurah, dash_callback, recorded, databases):
    record_id = recorded(1)
    found = outputs(act(dash_callback, V.REJECT, record_id, reason="not_at_address"))
    assert "Data Pendatang Contoh 1 ditolak" in str(found[V.MESSAGE]["children"])
    assert stored(databases, record_id) == (workflow.REJECTED, "not_at_address")
    detail = str(outputs(dash_callback(V.DETAIL, {f"{V.SELECTED}.data": record_id}))[V.DETAIL]["children"])
    assert "Tidak ditemukan di alamat" in detail


def test_a_rejection_without_a_reason_is_refused_at_the_reason(lurah, dash_callback, recorded, databases,
                                                               count_rows):
    record_id = recorded(1)
    before = count_rows(WRITTEN)
    found = outputs(act(dash_callback, V.REJECT, record_id))
    assert found[V.error("reason")]["children"] == "Alasan: pilih alasan dari daftar" and V.DONE not in found
    crafted = outputs(act(dash_callback, V.REJECT, record_id, reason="dislike"))  # no reason of the list
    assert crafted[V.error("reason")]["children"] == "Alasan: pilih alasan dari daftar" and V.DONE not in crafted
    assert stored(databases, record_id) == (workflow.RECORDED, None) and count_rows(WRITTEN) == before


def test_a_decided_record_cannot_be_decided_again(lurah, dash_callback, recorded, databases):
    record_id = recorded(1)
    outputs(act(dash_callback, V.REJECT, record_id, reason="duplicate"))
    found = outputs(act(dash_callback, V.VERIFY, record_id))
    assert "data berstatus Ditolak tidak bisa menjadi Aktif" in str(found[V.MESSAGE]["children"])
    assert stored(databases, record_id) == (workflow.REJECTED, "duplicate")


def test_another_kelurahans_lurah_gets_nothing(as_user, dash_callback, recorded, databases):
    record_id = recorded(1)
    as_user("lurah.kapasari", "lurah", kelurahan_code=KAPASARI)
    assert queue(dash_callback) == []
    detail = outputs(dash_callback(V.DETAIL, {f"{V.SELECTED}.data": record_id}))
    assert labels.NOT_FOUND in str(detail[V.DETAIL]["children"]) and "Pendatang" not in str(detail)
    assert detail[V.UNMASK_PANEL]["style"] == {"display": "none"}
    found = outputs(act(dash_callback, V.VERIFY, record_id))
    assert "di luar wilayah Anda" in str(found[V.MESSAGE]["children"])
    refused = unmask(dash_callback, record_id)
    assert sample_nik(1) not in refused.get_data(as_text=True)
    assert "di luar wilayah Anda" in str(outputs(refused)[V.error("unmask_reason")]["children"])
    assert stored(databases, record_id) == (workflow.RECORDED, None) and looks(databases) == 0


def test_the_camat_reads_his_kecamatans_queue_but_does_not_decide(as_user, dash_callback, recorded, databases,
                                                                  settings):
    record_id = recorded(1)
    as_user("camat.genteng", "camat", kecamatan_code=GENTENG)
    assert [row["id"] for row in queue(dash_callback)] == [record_id]
    set_up = outputs(dash_callback(V.TITLE, {}))
    assert set_up[V.DECISION_PANEL]["style"] == {"display": "none"} and "hanya baca" in set_up[V.TITLE]["children"]
    assert act(dash_callback, V.VERIFY, record_id).status_code == 403
    assert act(dash_callback, V.REJECT, record_id, reason="duplicate").status_code == 403
    from callbacks.sipandu_verifikasi import decision  # and the service refuses him anyway

    camat = Viewer("c", "camat.genteng", "camat", kecamatan_code=GENTENG)
    ok, errors, _message = decision(Services(settings, databases, None), camat, record_id, True, None)
    assert not ok and errors[0][0] == "actor" and "tidak boleh" in errors[0][1]
    assert stored(databases, record_id) == (workflow.RECORDED, None)


def test_a_camat_elsewhere_sees_nothing(as_user, dash_callback, recorded):
    recorded(1)
    as_user("camat.tambaksari", "camat", kecamatan_code=TAMBAKSARI)
    assert queue(dash_callback) == []


def test_the_full_nik_needs_a_reason_and_is_logged(lurah, dash_callback, recorded, databases):
    record_id = recorded(1)
    short = unmask(dash_callback, record_id, reason="cek")
    assert "alasan minimal 10 karakter" in str(outputs(short)[V.error("unmask_reason")]["children"])
    assert sample_nik(1) not in short.get_data(as_text=True) and looks(databases) == 0
    assert sample_nik(1) not in unmask(dash_callback, record_id, reason=None).get_data(as_text=True)
    assert looks(databases) == 0
    found = outputs(unmask(dash_callback, record_id))
    shown = str(found[V.UNMASK_RESULT]["children"])
    assert sample_nik(1) in shown and V.UNMASKED in shown
    with databases.session() as session:
        look = session.scalars(select(SipanduAccessLog)).one()
    assert (look.actor, look.actor_role, look.action, look.subject_kind, look.subject_id, look.reason) == \
        ("lurah.ketabang", "lurah", "unmask", "newcomer", record_id, REASON)


def test_the_full_nik_is_gone_when_the_selection_changes(lurah, dash_callback, recorded):
    first, second = recorded(1), recorded(2)
    outputs(unmask(dash_callback, first))
    changed = outputs(dash_callback(V.DETAIL, {f"{V.SELECTED}.data": second}))
    assert changed[V.UNMASK_RESULT]["children"] is None and changed[V.UNMASK_REASON]["value"] == ""
    assert masked_nik(sample_nik(2)) in str(changed[V.DETAIL]["children"])


@pytest.mark.parametrize("role,scope", [("operator", {}), ("pimpinan", {}), ("admin", {}),
                                        ("rt_rw", {"kelurahan_code": KETABANG, "rw": 1, "rt": 1})])
def test_other_roles_get_nothing_of_the_queue(as_user, client, dash_callback, recorded, databases, role, scope):
    record_id = recorded(1)
    as_user(f"user-{role}", role, **scope)
    assert client.get("/sipandu/verifikasi").status_code == 403
    assert dash_callback(V.QUEUE, {}).status_code == 403
    assert dash_callback(V.DETAIL, {f"{V.SELECTED}.data": record_id}).status_code == 403
    assert act(dash_callback, V.VERIFY, record_id).status_code == 403
    assert unmask(dash_callback, record_id).status_code == 403
    assert stored(databases, record_id) == (workflow.RECORDED, None) and looks(databases) == 0


# === one vocabulary ===========================================================================

def test_every_code_has_its_indonesian_label():
    assert set(labels.STATUS_NAMES) == set(workflow.STATUSES)
    assert set(labels.PURPOSE_NAMES) == set(PURPOSES)
    assert set(labels.REJECTION_REASON_NAMES) == set(workflow.REJECTION_REASONS)
    assert set(labels.SEX_NAMES) == set(SEXES)
    assert set(R.ERROR_FIELDS) | set(R.DEPART_FIELDS) <= set(labels.FIELD_LABELS)


@pytest.mark.parametrize("path", ["/sipandu/rt", "/sipandu/verifikasi"])
def test_the_desks_need_a_login(client, path):
    response = client.get(path)
    assert response.status_code == 302 and "/login" in response.headers["Location"]
