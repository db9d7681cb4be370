"""The Sipandu service on a real database: a newcomer's lifecycle, scope per RT/RW/kelurahan/kecamatan,
the duplicate flag, NIK protection at rest, the unmask audit, the subject-access export, the
retention and the residents' import. Each refusal names its field and writes nothing."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

import pytest
from sqlalchemy import func, select, text

from core.changelog import ChangeLogEntry
from core.reference import rt_unit_code
from core.users import Viewer
from modules.sipandu import kos, newcomers, privacy, reads, residents, retention, workflow
from modules.sipandu.errors import (SipanduAccessDenied, SipanduImportError, SipanduValidationError,
                                    SipanduWorkflowError)
from modules.sipandu.keys import keys_for
from modules.sipandu.models import SipanduAccessLog, SipanduDeletion, SipanduNewcomer, SipanduResident
from modules.sipandu.nik import masked_nik
from modules.sipandu.sample import arrival_form, sample_nik

KELURAHAN, KECAMATAN = "35.78.07.1004", "35.78.07"       # Ketabang, Genteng
ELSEWHERE = "35.78.10.1008"                              # Tambaksari
NOW = datetime(2026, 11, 30, 3, 0, tzinfo=timezone.utc)  # 10:00 city time
ARRIVED = NOW - timedelta(hours=5)

LURAH = Viewer(user_id="l", username="lurah-ketabang", role="lurah", kelurahan_code=KELURAHAN)
CAMAT = Viewer(user_id="c", username="camat-genteng", role="camat", kecamatan_code=KECAMATAN)
ADMIN = Viewer(user_id="a", username="dpo", role="admin")
OPERATOR = Viewer(user_id="o", username="operator", role="operator")


def head(rw: int, rt: int | None = 1, kelurahan: str = KELURAHAN) -> Viewer:
    return Viewer(user_id=f"h{rw}{rt}", username=f"rt-{rw}-{rt}", role="rt_rw", kelurahan_code=kelurahan, rw=rw, rt=rt)


@pytest.fixture
def backend():
    return "sqlite"


@pytest.fixture
def keys(settings):
    return keys_for(settings)


@pytest.fixture
def run(databases):
    def call(function, *args, **kwargs):
        with databases.transaction() as session:
            return function(session, *args, **kwargs)
    return call


@pytest.fixture
def record(run, keys, settings):
    """record(serial, rw=1, rt=1, ...) -> the new record's id, recorded by that RT's head at NOW."""
    def make(serial: int, rw: int = 1, rt: int = 1, kelurahan: str = KELURAHAN, arrived: datetime = ARRIVED,
             now: datetime = NOW, **extra) -> int:
        form = arrival_form(serial, kelurahan, rw, rt, arrived, **extra)
        with_id = run(lambda s: newcomers.record_arrival(s, head(rw, rt, kelurahan), form, keys, settings.sipandu,
                                                         now=now).id)
        return with_id
    return make


def stored(databases, record_id: int) -> SipanduNewcomer:
    with databases.session() as session:
        found = session.get(SipanduNewcomer, record_id)
        session.expunge_all()
        return found


def count(databases, model) -> int:
    with databases.session() as session:
        return session.scalar(select(func.count()).select_from(model))


# --- recording -------------------------------------------------------------------------------------

def test_an_rt_head_records_a_newcomer_with_the_nik_encrypted_and_indexed(databases, record, keys):
    record_id = record(1)
    row = stored(databases, record_id)
    nik = sample_nik(1)
    assert nik not in row.nik_cipher and keys.decrypt(row.nik_cipher, "nik") == nik
    assert row.nik_index == keys.blind_index(nik, "nik") and nik not in row.nik_index
    assert (row.status, row.rw, row.rt, row.kecamatan_code) == (workflow.RECORDED, 1, 1, KECAMATAN)
    assert row.reported_in_time and row.recorded_by == "rt-1-1"
    with databases.engine.connect() as connection:
        payloads = connection.execute(select(ChangeLogEntry.payload).where(ChangeLogEntry.entity == "sipandu_newcomer"))
        logged = [str(p) for (p,) in payloads]
    assert len(logged) == 1 and nik not in logged[0] and "Pendatang" not in logged[0] and "Jl. Contoh" not in logged[0]


def test_a_newcomer_recorded_two_days_after_arriving_is_late(databases, record):
    assert not stored(databases, record(1, arrived=NOW - timedelta(hours=49))).reported_in_time


@pytest.mark.parametrize("who, rw, rt", [(head(1, 2), 1, 1), (head(2, None), 1, 1), (LURAH, 1, 1)])
def test_only_the_rts_own_head_records_there(run, keys, settings, databases, who, rw, rt):
    form = arrival_form(1, KELURAHAN, rw, rt, ARRIVED)
    with pytest.raises(SipanduAccessDenied) as refused:
        run(newcomers.record_arrival, who, form, keys, settings.sipandu, now=NOW)
    assert refused.value.field in ("rt_code", "actor")
    assert count(databases, SipanduNewcomer) == 0


def test_an_rw_head_records_in_any_rt_of_his_rw(run, keys, settings, databases):
    form = arrival_form(1, KELURAHAN, 2, 3, ARRIVED)
    run(newcomers.record_arrival, head(2, None), form, keys, settings.sipandu, now=NOW)
    assert count(databases, SipanduNewcomer) == 1


@pytest.mark.parametrize("changes, field, code", [
    ({"arrived_at": (NOW + timedelta(hours=1)).isoformat()}, "arrived_at", "sipandu_in_future"),
    ({"nik": "3578011234560001"}, "nik", "sipandu_nik_date"),
    ({"kos_code": "KOS-0000"}, "kos_code", "sipandu_kos_not_in_rt"),
    ({"rt_code": "35.78.07.1004.RW99.RT01"}, "rt_code", "sipandu_unknown_code"),
])
def test_bad_arrivals_are_refused_and_nothing_is_stored(run, keys, settings, databases, changes, field, code):
    form = {**arrival_form(1, KELURAHAN, 1, 1, ARRIVED), **changes}
    with pytest.raises(SipanduValidationError) as refused:
        run(newcomers.record_arrival, head(1, 1), form, keys, settings.sipandu, now=NOW)
    assert (refused.value.field, refused.value.code) == (field, code)
    assert count(databases, SipanduNewcomer) == 0 and count(databases, ChangeLogEntry) == 0


def test_a_kos_of_another_rt_is_refused_and_one_of_the_rt_accepted(run, record, databases):
    house = run(lambda s: kos.register_kos(s, LURAH, {"name": "Kos Melati", "owner_name": "Bu Sri",
                                                      "address": "Jl. Melati 3", "capacity": 10,
                                                      "rt_code": rt_unit_code(KELURAHAN, 1, 2)}, now=NOW).code)
    with pytest.raises(SipanduValidationError, match="kos_code"):
        record(1, rw=1, rt=1, kos_code=house)
    assert stored(databases, record(1, rw=1, rt=2, kos_code=house)).kos_id is not None


def test_the_same_nik_present_in_two_rts_is_flagged_until_one_ends(run, record, databases):
    first = record(7, rw=1, rt=1)
    assert not stored(databases, first).duplicate_flag
    second = record(7, rw=3, rt=2)
    assert stored(databases, first).duplicate_flag and stored(databases, second).duplicate_flag
    with pytest.raises(SipanduValidationError, match="nik"):
        record(7, rw=3, rt=2)  # a second record of one stay in one RT
    run(newcomers.reject, LURAH, second, "duplicate", now=NOW)
    assert not stored(databases, first).duplicate_flag


def test_a_permanent_resident_recorded_as_a_newcomer_elsewhere_is_flagged(run, record, keys, databases):
    nik = sample_nik(9)
    extract = f"nik,kk,name,sex,birth_date,kelurahan_code,rw,rt,address\n{nik},3578070101100001,Warga,L,1999-03-14," \
              f"{ELSEWHERE},1,1,Jl. Warga\n"
    run(residents.import_residents, ADMIN, extract, keys, now=NOW)
    assert stored(databases, record(9)).duplicate_flag


# --- the lifecycle -----------------------------------------------------------------------------------

def test_the_lurah_verifies_and_the_rt_head_records_the_departure(run, record, databases):
    record_id = record(1)
    run(newcomers.verify, LURAH, record_id, now=NOW + timedelta(hours=2))
    assert stored(databases, record_id).status == workflow.ACTIVE
    departure = {"left_at": (NOW + timedelta(days=3)).isoformat(), "destination_regency": "35.07"}
    run(newcomers.record_departure, head(1, 1), record_id, departure, now=NOW + timedelta(days=4))
    row = stored(databases, record_id)
    assert (row.status, row.destination_regency, row.ended_at) == (workflow.MOVED_OUT, "35.07", NOW + timedelta(days=3))


def test_steps_out_of_turn_or_role_are_refused(run, record, databases):
    record_id = record(1)
    with pytest.raises(SipanduAccessDenied):
        run(newcomers.verify, head(1, 1), record_id, now=NOW)  # an RT head does not verify
    with pytest.raises(SipanduAccessDenied):
        run(newcomers.verify, Viewer(user_id="x", username="x", role="lurah", kelurahan_code=ELSEWHERE), record_id)
    with pytest.raises(SipanduValidationError, match="reason"):
        run(newcomers.reject, LURAH, record_id, "dislike", now=NOW)
    run(newcomers.reject, LURAH, record_id, "not_at_address", now=NOW)
    with pytest.raises(SipanduWorkflowError):
        run(newcomers.verify, LURAH, record_id, now=NOW)
    assert stored(databases, record_id).rejection_reason == "not_at_address"


def test_a_departure_before_the_arrival_is_refused(run, record, databases):
    record_id = record(1)
    with pytest.raises(SipanduValidationError) as refused:
        run(newcomers.record_departure, head(1, 1), record_id,
            {"left_at": (ARRIVED - timedelta(hours=1)).isoformat(), "destination_regency": "35.07"}, now=NOW)
    assert refused.value.field == "left_at" and stored(databases, record_id).status == workflow.RECORDED


def test_a_stay_expires_the_day_after_its_stated_end(run, record, databases):
    record_id = record(1, stay_until="2026-12-01")
    assert run(newcomers.expire_stays, now=datetime(2026, 12, 1, 16, 0, tzinfo=timezone.utc)) == 0  # 23:00 WIB
    assert run(newcomers.expire_stays, now=datetime(2026, 12, 1, 17, 30, tzinfo=timezone.utc)) == 1
    row = stored(databases, record_id)
    assert row.status == workflow.EXPIRED and row.ended_at == datetime(2026, 12, 1, 17, 0, tzinfo=timezone.utc)


def test_the_retention_deletes_ended_records_and_logs_each(run, record, databases):
    ended, present = record(1), record(2)
    run(newcomers.reject, LURAH, ended, "wrong_data", now=NOW)
    assert run(retention.delete_after_retention, 365, now=NOW + timedelta(days=364)) == 0
    assert run(retention.delete_after_retention, 365, now=NOW + timedelta(days=366)) == 1
    assert stored(databases, ended) is None and stored(databases, present) is not None
    with databases.session() as session:
        logged = session.scalars(select(SipanduDeletion)).one()
    assert (logged.entity_id, logged.status, logged.reason) == (ended, workflow.REJECTED, "retention")


# --- reading, unmasking, exporting ---------------------------------------------------------------

def test_lists_show_the_nik_masked_and_only_the_readers_area(run, record, keys):
    mine, theirs = record(1, rw=1, rt=1), record(2, rw=2, rt=1)
    rt_view = run(reads.list_newcomers, head(1, 1), keys)
    assert [v["id"] for v in rt_view] == [mine] and rt_view[0]["nik"] == masked_nik(sample_nik(1))
    assert {v["id"] for v in run(reads.list_newcomers, LURAH, keys)} == {mine, theirs}
    assert {v["id"] for v in run(reads.list_newcomers, CAMAT, keys)} == {mine, theirs}
    other_camat = Viewer(user_id="c2", username="c2", role="camat", kecamatan_code="35.78.10")
    assert run(reads.list_newcomers, other_camat, keys) == []
    with pytest.raises(SipanduAccessDenied):
        run(reads.list_newcomers, OPERATOR, keys)  # the command center sees aggregates only


def test_a_nik_is_found_through_its_blind_index_inside_the_scope(run, record, keys):
    record_id = record(3, rw=2, rt=1)
    assert [v["id"] for v in run(reads.find_by_nik, LURAH, sample_nik(3), keys)["stays"]] == [record_id]
    assert run(reads.find_by_nik, head(1, 1), sample_nik(3), keys)["stays"] == []


def test_unmasking_needs_a_role_a_reason_and_the_scope_and_is_logged(run, record, keys, databases):
    record_id = record(4)
    for who, reason, error in ((OPERATOR, "verifikasi data warga", SipanduAccessDenied),
                               (LURAH, "cek", SipanduValidationError),
                               (Viewer(user_id="c2", username="c2", role="camat", kecamatan_code="35.78.10"),
                                "verifikasi data warga", SipanduAccessDenied)):
        with pytest.raises(error):
            run(privacy.unmask, who, "newcomer", record_id, reason, keys, now=NOW)
    assert count(databases, SipanduAccessLog) == 0
    assert run(privacy.unmask, LURAH, "newcomer", record_id, "verifikasi KTP di rumah kos", keys, now=NOW) == sample_nik(4)
    with databases.session() as session:
        look = session.scalars(select(SipanduAccessLog)).one()
    assert (look.actor, look.action, look.subject_id, look.reason) == ("lurah-ketabang", "unmask", record_id,
                                                                       "verifikasi KTP di rumah kos")
    assert look.subject_index == stored(databases, record_id).nik_index


def test_the_subject_access_export_lists_what_is_held_and_who_saw_it(run, record, keys, databases):
    record_id = record(5)
    run(privacy.unmask, LURAH, "newcomer", record_id, "verifikasi KTP di rumah kos", keys, now=NOW)
    with pytest.raises(SipanduAccessDenied):
        run(privacy.subject_access_export, LURAH, sample_nik(5), "permintaan subjek data", keys, now=NOW)
    export = run(privacy.subject_access_export, ADMIN, sample_nik(5), "permintaan subjek data no. 12", keys, now=NOW)
    assert [stay["id"] for stay in export["stays"]] == [record_id] and export["stays"][0]["recorded_by"] == "rt-1-1"
    assert [(look["actor"], look["action"]) for look in export["access_log"]] == [("lurah-ketabang", "unmask")]
    assert count(databases, SipanduAccessLog) == 2  # the export is a look too
    assert run(privacy.access_log, ADMIN)[0]["action"] == "export"


# --- residents ---------------------------------------------------------------------------------------

def resident_lines(rows: list[tuple]) -> str:
    return "nik,kk,name,sex,birth_date,kelurahan_code,rw,rt,address\n" + "".join(
        f"{sample_nik(serial)},3578070101100001,Warga {serial},L,1999-03-14,{kelurahan},{rw},{rt},Jl. {serial}\n"
        for serial, kelurahan, rw, rt in rows)


def test_an_import_replaces_the_kelurahans_residents(run, keys, databases):
    assert run(residents.import_residents, LURAH, resident_lines([(1, KELURAHAN, 1, 1), (2, KELURAHAN, 1, 2)]),
               keys, now=NOW) == 2
    run(residents.import_residents, LURAH, resident_lines([(2, KELURAHAN, 2, 1), (3, KELURAHAN, 1, 1)]), keys, now=NOW)
    with databases.session() as session:
        held = {(keys.decrypt(r.nik_cipher, "nik"), r.rw, r.rt) for r in session.scalars(select(SipanduResident))}
        assert session.scalar(text("select count(*) from sipandu_residents where kk_cipher like '%3578%'")) == 0
    assert held == {(sample_nik(2), 2, 1), (sample_nik(3), 1, 1)}


def test_an_import_with_a_row_outside_the_lurahs_kelurahan_is_refused_whole(run, keys, databases):
    with pytest.raises(SipanduImportError) as refused:
        run(residents.import_residents, LURAH, resident_lines([(1, KELURAHAN, 1, 1), (2, ELSEWHERE, 1, 1)]),
            keys, now=NOW)
    assert [(e.row, e.code) for e in refused.value.errors] == [(3, "sipandu_row_outside_scope")]
    assert count(databases, SipanduResident) == 0
