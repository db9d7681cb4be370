"""A small varied sample, written through the real service (the contract tests compare its change
log with the tables): one kelurahan's residents imported, a boarding house registered, newcomers
recorded in three RTs (one late, one twice in two places), verified, rejected as a duplicate,
moved out, and one stay expired. Every NIK is synthetic (nik.make_nik)."""

from __future__ import annotations

from datetime import date, datetime, timedelta, timezone

from core.db import Databases
from core.reference import rt_unit_code
from core.settings import Settings
from core.users import Viewer
from modules.sipandu import kos, newcomers, residents
from modules.sipandu.keys import keys_for
from modules.sipandu.nik import make_nik

KELURAHAN = "35.78.07.1004"   # Ketabang, Genteng
OTHER_KELURAHAN = "35.78.07.1001"
START = datetime(2026, 9, 7, 2, 0, tzinfo=timezone.utc)  # a Monday, 09:00 city time

LURAH = Viewer(user_id="sample:lurah", username="sample-lurah", role="lurah", kelurahan_code=KELURAHAN)


def head(kelurahan: str, rw: int, rt: int) -> Viewer:
    return Viewer(user_id=f"sample:{kelurahan}:{rw}:{rt}", username=f"sample-rt-{rw}-{rt}", role="rt_rw",
                  kelurahan_code=kelurahan, rw=rw, rt=rt)


def sample_nik(serial: int, sex: str = "male", born: date = date(1999, 3, 14)) -> str:
    return make_nik("35.15.01", born, sex, serial)  # born in Sidoarjo's first kecamatan


def arrival_form(serial: int, kelurahan: str, rw: int, rt: int, arrived_at: datetime, **extra) -> dict:
    sex = extra.pop("sex", "male")
    return {"nik": sample_nik(serial, sex), "name": f"Pendatang Contoh {serial}", "sex": sex,
            "birth_date": "1999-03-14", "origin_regency": extra.pop("origin_regency", "35.15"),
            "rt_code": rt_unit_code(kelurahan, rw, rt), "address": f"Jl. Contoh {serial}",
            "purpose": extra.pop("purpose", "work"), "arrived_at": arrived_at.isoformat(), **extra}


def write_sample(databases: Databases, settings: Settings) -> None:
    keys, section = keys_for(settings), settings.sipandu

    def run(function, *args, pick=None, **kwargs):
        with databases.transaction() as session:
            result = function(session, *args, **kwargs)
            return pick(result) if pick else result

    def at(days: float) -> datetime:
        return START + timedelta(days=days)

    extract = "nik,kk,name,sex,birth_date,kelurahan_code,rw,rt,address\n" + "".join(
        f"{make_nik('35.78.07', date(1980, 1, 1 + i), 'male', 1 + i)},{make_nik('35.78.07', date(2010, 1, 1), 'male', 1)},"
        f"Warga Contoh {i},L,1980-01-{1 + i:02d},{KELURAHAN},1,{1 + i},Jl. Warga {i}\n" for i in range(3))
    run(residents.import_residents, LURAH, extract, keys, now=at(0))
    house = run(kos.register_kos, LURAH, {"name": "Kos Contoh", "owner_name": "Pemilik Contoh",
                                          "address": "Jl. Kos 1", "rt_code": rt_unit_code(KELURAHAN, 1, 1),
                                          "capacity": 12}, now=at(0), pick=lambda k: k.code)

    def record(serial, rw, rt, arrived, recorded, kelurahan=KELURAHAN, **extra):
        form = arrival_form(serial, kelurahan, rw, rt, at(arrived), **extra)
        return run(newcomers.record_arrival, head(kelurahan, rw, rt), form, keys, section, now=at(recorded),
                   pick=lambda r: r.id)

    worker = record(1, 1, 1, 1, 1.2, kos_code=house)
    student = record(2, 1, 1, 2, 5, purpose="study", sex="female", origin_regency="33.74")  # 3 days late
    seasonal = record(3, 1, 2, 3, 3.1, purpose="other", stay_until="2026-09-20")
    twice = record(4, 2, 1, 4, 4.1)
    record(4, 1, 2, 6, 6.2)  # the same NIK in a second RT: both flagged
    record(5, 1, 1, 7, 7.1, kelurahan=OTHER_KELURAHAN)
    for record_id in (worker, student, seasonal):
        run(newcomers.verify, LURAH, record_id, now=at(8))
    run(newcomers.reject, LURAH, twice, "duplicate", now=at(8))
    run(newcomers.record_departure, head(KELURAHAN, 1, 1), worker,
        {"left_at": at(10).isoformat(), "destination_regency": "35.07"}, now=at(10.5))
    run(newcomers.expire_stays, now=at(15))
