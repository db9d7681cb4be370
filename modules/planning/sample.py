"""A small varied sample of proposals, written through the real service (the contract tests compare
its change log with the tables): two rounds in one kecamatan, three RW. The 2025 round ran to the
end: accepted proposals ranked, one rejected by the camat. The 2026 round stops after the kecamatan
round: one still proposed, one verified, accepted ones (one a repeat of a 2025 proposal at the same
place), rejections by the lurah and by the camat with their reasons."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

from core.db import Databases
from core.settings import Settings
from core.users import Viewer
from modules.planning import proposals

KECAMATAN = "35.78.01"
KELURAHAN_A, KELURAHAN_B = "35.78.01.1001", "35.78.01.1002"
PHOTO = b"\x89PNG\r\n\x1a\n" + bytes(64)  # PNG magic bytes: what core/photos.py checks


def _at(year: int, month: int, day: int) -> datetime:
    return datetime(year, month, day, 3, 0, tzinfo=timezone.utc)  # 10:00 city time


def _head(kelurahan: str, rw: int) -> Viewer:
    return Viewer(user_id=f"sample:rw{rw}", username=f"sample-rw-{kelurahan[-4:]}-{rw}", role="rt_rw",
                  kelurahan_code=kelurahan, rw=rw)


LURAH = {code: Viewer(user_id=f"sample:lurah{code}", username=f"sample-lurah-{code[-4:]}", role="lurah",
                      kelurahan_code=code) for code in (KELURAHAN_A, KELURAHAN_B)}
CAMAT = Viewer(user_id="sample:camat", username="sample-camat", role="camat", kecamatan_code=KECAMATAN)
PERENCANA = Viewer(user_id="sample:perencana", username="sample-perencana", role="perencana")


def write_sample(databases: Databases, settings: Settings) -> None:
    from geo import centroids

    spots = centroids("kelurahan").set_index("code")
    place = {code: (float(spots.at[code, "lat"]), float(spots.at[code, "lon"])) for code in (KELURAHAN_A, KELURAHAN_B)}

    def run(function, *args, **kwargs):
        with databases.transaction() as session:
            return function(session, *args, **kwargs)

    def propose(kelurahan, rw, item, volume, when, shift_m=0.0, **extra):
        lat, lon = place[kelurahan]
        return run(proposals.submit_proposal, _head(kelurahan, rw), settings, item_code=item, volume=volume,
                   lat=lat + shift_m / 111_320, lon=lon, address=f"Gang {rw}", title=f"{item} RW {rw}",
                   photos=[("lokasi.png", PHOTO)], now=when, **extra).number

    def verify(number, kelurahan, when):
        run(proposals.verify, LURAH[kelurahan], settings, number, note="sudah dicek", now=when)

    def decide(number, when, accept=True, reason=None, who=CAMAT):
        run(proposals.decide, who, settings, number, accept, reason=reason, note="", now=when)

    # 2025: a whole round
    paving = propose(KELURAHAN_A, 1, "PAVING-JALAN", 120, _at(2025, 1, 10))
    drain = propose(KELURAHAN_A, 2, "SALURAN-U-DITCH", 40, _at(2025, 1, 11), rt=3)
    lamps = propose(KELURAHAN_B, 5, "PJU-LAMPU", 6, _at(2025, 1, 12))
    for number, kelurahan in ((paving, KELURAHAN_A), (drain, KELURAHAN_A), (lamps, KELURAHAN_B)):
        verify(number, kelurahan, _at(2025, 2, 3))
    decide(paving, _at(2025, 2, 10))
    decide(lamps, _at(2025, 2, 10))
    decide(drain, _at(2025, 2, 11), accept=False, reason="not_city_authority")
    run(proposals.prioritise, PERENCANA, settings, [lamps, paving], now=_at(2025, 3, 4))

    # 2026: up to the kecamatan round
    repeat = propose(KELURAHAN_A, 1, "PAVING-JALAN", 80, _at(2026, 1, 8), shift_m=20)  # 20 m from 2025's
    twice = propose(KELURAHAN_A, 1, "PJU-LAMPU", 4, _at(2026, 1, 9))
    propose(KELURAHAN_A, 2, "SUMUR-RESAPAN", 3, _at(2026, 1, 9) + timedelta(hours=2))
    waiting = propose(KELURAHAN_B, 5, "TAMAN-RW", 100, _at(2026, 1, 13))
    culvert = propose(KELURAHAN_B, 6, "GORONG-GORONG", 2, _at(2026, 1, 14))
    bins = propose(KELURAHAN_B, 6, "TEMPAT-SAMPAH", 5, _at(2026, 1, 14))
    verify(repeat, KELURAHAN_A, _at(2026, 1, 20))
    decide(twice, _at(2026, 1, 21), accept=False, reason="duplicate", who=LURAH[KELURAHAN_A])
    for number in (waiting, culvert, bins):
        verify(number, KELURAHAN_B, _at(2026, 1, 22))
    decide(repeat, _at(2026, 2, 9))
    decide(bins, _at(2026, 2, 9))
    decide(culvert, _at(2026, 2, 10), accept=False, reason="not_feasible")
