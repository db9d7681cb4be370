"""A lurah, a camat or an OPD officer receives only his area's rows from every query a page of his
asks (landing page, Pengaduan, exports), whatever the filters say; the pages' areas (data/areas.py)
name the area and grey the rest; the backlog card follows the page's filters. SQLite and
PostgreSQL (the known snapshots of tests/synthetic_complaints.py)."""

from __future__ import annotations

from datetime import date

import pandas as pd
import pytest

from core.services import Services
from core.users import Viewer
from data.areas import area_of, can_read
from data.complaints import queries
from data.complaints.queries import ComplaintFilters, city_today
from domains.complaints import COMPLAINTS_MART

GENTENG, KETABANG, TAMBAKSARI = "35.78.07", "35.78.07.1004", "35.78.10"
CITY = Viewer("1", "pimpinan", "pimpinan")
DLH = Viewer("2", "dlh", "opd", opd_code="DLH")
CAMAT_GENTENG = Viewer("3", "camat.genteng", "camat", kecamatan_code=GENTENG)
LURAH_KETABANG = Viewer("4", "lurah.ketabang", "lurah", kelurahan_code=KETABANG)
LURAH_ELSEWHERE = Viewer("5", "lurah.lain", "lurah", kelurahan_code="35.78.10.1008")
RW_KETABANG = Viewer("6", "rw01.ketabang", "rt_rw", kelurahan_code=KETABANG, rw=1)
EVER = ComplaintFilters(start=date(1970, 1, 1), end=date(2099, 1, 1))


@pytest.fixture
def services(settings, databases, complaint_marts):
    return Services(settings, databases, None)


def rows_seen(services, viewer) -> dict[str, pd.DataFrame]:
    """Every listing a page of this viewer reads, asked as broadly as the queries allow."""
    return {
        "latest": queries.latest_complaints(services, viewer, limit=100),
        "queue": queries.open_queue(services, viewer, EVER, soon_minutes=10**7),
        "points": queries.map_points(services, viewer, EVER),
        "breaches": queries.recent_breaches(services, viewer, limit=100),
        "export": pd.concat(list(queries.export_chunks(services, viewer, EVER))),
    }


@pytest.mark.parametrize("viewer, column, code", [(LURAH_KETABANG, "kelurahan_code", KETABANG),
                                                  (CAMAT_GENTENG, "kecamatan_code", GENTENG),
                                                  (DLH, "opd_code", "DLH")])
def test_a_scoped_viewer_receives_only_his_areas_rows(services, viewer, column, code):
    seen = rows_seen(services, viewer)
    assert len(seen["latest"]) > 0 and len(seen["export"]) > 0  # he does see his own
    for name, frame in seen.items():
        if column in frame:
            assert set(frame[column]) <= {code}, name
    # even when he asks for another area, as a crafted request could
    other = ComplaintFilters(start=EVER.start, end=EVER.end, kecamatan_code=TAMBAKSARI)
    assert queries.counts_by(services, viewer, other, "kecamatan")["received"].sum() == 0
    by_kelurahan = queries.counts_by(services, viewer, EVER, "kelurahan")
    assert set(by_kelurahan.loc[by_kelurahan["received"] > 0, "code"]) <= set(seen["export"]["kelurahan_code"])


def test_a_lurah_gets_none_of_another_kelurahan(services):
    mine = set(queries.latest_complaints(services, LURAH_KETABANG, limit=100)["ticket"])
    theirs = set(queries.latest_complaints(services, LURAH_ELSEWHERE, limit=100)["ticket"])
    assert mine and theirs and not mine & theirs
    assert queries.live_counters(services, LURAH_KETABANG)["open"] == 3  # 1, 2 and 3 of Ketabang


RW_TICKETS = {"ADU-TEST-000001", "ADU-TEST-000003"}  # RW 01 of Ketabang; 2 is RW 02's, 4 has no RW
RT_KETABANG = Viewer("7", "rt02.rw01.ketabang", "rt_rw", kelurahan_code=KETABANG, rw=1, rt=2)
RW_EMPTY = Viewer("8", "rw09.ketabang", "rt_rw", kelurahan_code=KETABANG, rw=9)
RW_UNSET = Viewer("9", "rw.tanpa.rw", "rt_rw", kelurahan_code=KETABANG)  # an RT/RW head without his RW


def tickets_seen(services, viewer) -> set[str]:
    return {ticket for frame in rows_seen(services, viewer).values() if "ticket" in frame for ticket in frame["ticket"]}


def totals_seen(services, viewer) -> dict[str, int]:
    """What every count a page of his reads adds up to, asked as broadly as the queries allow."""
    totals = {f"by {dimension}": int(queries.counts_by(services, viewer, EVER, dimension)["received"].sum())
              for dimension in ("kecamatan", "kelurahan", "opd", "category", "channel")}
    totals["trend"] = int(queries.daily_trend(services, viewer, EVER)["received"].sum())
    totals["districts"] = int(queries.district_summary(services, viewer, EVER, "kelurahan")["received"].sum())
    totals["kpis"] = queries.kpis(services, viewer, EVER)["current"]["received"]
    return totals


def test_an_rw_head_receives_only_his_rws_rows_from_every_query(services):
    assert can_read(RW_KETABANG, COMPLAINTS_MART)
    assert tickets_seen(services, RW_KETABANG) == RW_TICKETS
    assert set(totals_seen(services, RW_KETABANG).values()) == {2}
    counters = queries.live_counters(services, RW_KETABANG)
    assert counters["today"] == 1 and counters["open"] == 2 and queries.open_count(services, RW_KETABANG) == 2
    assert queries.complaint_detail(services, RW_KETABANG, 1) is not None
    assert queries.complaint_detail(services, RW_KETABANG, 2) is None  # RW 02, same kelurahan
    assert queries.complaint_detail(services, RW_KETABANG, 4) is None  # no RW given


def test_an_rt_head_receives_only_his_rts_rows(services):
    assert tickets_seen(services, RT_KETABANG) == {"ADU-TEST-000003"}
    assert set(totals_seen(services, RT_KETABANG).values()) == {1}


@pytest.mark.parametrize("viewer", [RW_EMPTY, RW_UNSET], ids=["rw-without-complaints", "rw-not-set"])
def test_an_rw_head_with_no_rw_or_an_empty_one_receives_nothing(services, viewer):
    assert tickets_seen(services, viewer) == set()
    assert set(totals_seen(services, viewer).values()) == {0}
    assert queries.live_counters(services, viewer)["open"] == 0
    assert can_read(viewer, COMPLAINTS_MART) == (viewer is RW_EMPTY)  # no RW: the page says why


def test_each_area_is_named_and_knows_its_districts(services):
    assert area_of(services, CITY).name == "Kota Surabaya"
    lurah = area_of(services, LURAH_KETABANG)
    assert lurah.name == "Kelurahan Ketabang" and lurah.kecamatan_code == GENTENG
    assert lurah.inside("kelurahan", [KETABANG, "35.78.07.1001", "35.78.10.1008"]) == {KETABANG}
    assert lurah.inside("kecamatan", [GENTENG, TAMBAKSARI]) == {GENTENG}
    camat = area_of(services, CAMAT_GENTENG)
    assert camat.name == "Kecamatan Genteng"
    assert camat.inside("kelurahan", [KETABANG, "35.78.07.1001", "35.78.10.1008"]) == {KETABANG, "35.78.07.1001"}
    assert area_of(services, RW_KETABANG).name == "RW 01 Kelurahan Ketabang"
    dlh = area_of(services, DLH)
    assert dlh.inside("kecamatan", [GENTENG, TAMBAKSARI]) == {GENTENG, TAMBAKSARI} and "DLH" in dlh.note


def test_the_backlog_card_follows_the_pages_filters(services):
    week = ComplaintFilters.last_days(7, today=city_today())
    assert queries.kpis(services, CITY, week)["current"]["backlog"] == 10
    by_opd = ComplaintFilters.last_days(7, today=city_today(), opd_codes=("DSDABM",))
    assert queries.kpis(services, CITY, by_opd)["current"]["backlog"] == 4  # 5-8, all open
    by_category = ComplaintFilters.last_days(7, today=city_today(), category_codes=("PARKIR_LIAR",))
    assert queries.kpis(services, CITY, by_category)["current"]["backlog"] == 2  # 9 and 10
