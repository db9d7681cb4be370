"""agg_complaints_pairs_monthly kept by difference: after batches that add complaints in several
months and move old ones between OPDs, categories and kelurahan, the monthly rows equal a rebuild
from the day rows, hold no empty row, and a long period's pair counts equal the facts'."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, datetime, timezone

from sqlalchemy import select
from synthetic_complaints import snapshot, write_snapshots

from core.services import Services
from core.users import Viewer
from data.complaints import queries
from data.complaints.queries import ComplaintFilters
from data.complaints.tables import AGG_MEASURES, PAIR_MONTH_KEYS, AggComplaintsPairsMonthly
from etl.complaints.aggregates import rebuild_pairs
from etl.runner import EtlRunner
from modules.complaints.statuses import STATUSES

CITY = Viewer("1", "pimpinan", "pimpinan")
GENTENG = dict(kecamatan_code="35.78.07", kelurahan_code="35.78.07.1004")
KETABANG = dict(kecamatan_code="35.78.07", kelurahan_code="35.78.07.1002")
TAMBAKSARI = dict(kecamatan_code="35.78.10", kelurahan_code="35.78.10.1008")


def at(day: date, hour: int = 3) -> datetime:
    return datetime(day.year, day.month, day.day, hour, tzinfo=timezone.utc)  # 10:00 WIB, the same day


FIRST = [  # id, received, category, OPD, area
    (1, date(2026, 8, 14), "SALURAN_BANJIR", "DSDABM", GENTENG),
    (2, date(2026, 9, 1), "SALURAN_BANJIR", "DSDABM", GENTENG),
    (3, date(2026, 9, 30), "SALURAN_BANJIR", "DSDABM", KETABANG),
    (4, date(2026, 10, 31), "JALAN_RUSAK", "DSDABM", TAMBAKSARI),
    (5, date(2026, 11, 3), "SALURAN_BANJIR", "DLH", TAMBAKSARI),
    (6, date(2026, 11, 20), "SAMPAH", "DLH", GENTENG),
]


def first_snapshots() -> list[dict]:
    return [snapshot(i, received_at=at(day), category_code=category, opd_code=opd, **area,
                     first_response_at=at(day, 4), status="responded")
            for i, day, category, opd, area in FIRST]


def monthly_rows(connection) -> dict[tuple, tuple]:
    table = AggComplaintsPairsMonthly.__table__
    return {tuple(row[:5]): tuple(round(v, 3) for v in row[5:])
            for row in connection.execute(select(*[table.c[n] for n in (*PAIR_MONTH_KEYS, *AGG_MEASURES)]))}


def test_monthly_pairs_follow_every_batch_as_a_rebuild_would(databases, settings):
    first = first_snapshots()
    write_snapshots(databases, first)
    EtlRunner(databases).run_once()
    moved = [  # an old complaint moves OPD and category, another kelurahan; a new one in a new month
        {**first[1], "category_code": "JALAN_RUSAK", "opd_code": "DPUBMP"},
        {**first[2], **GENTENG},
        snapshot(7, received_at=at(date(2026, 12, 1)), category_code="SALURAN_BANJIR", opd_code="DSDABM", **KETABANG),
    ]
    write_snapshots(databases, moved)
    EtlRunner(databases).run_once()
    with databases.warehouse.begin() as connection:
        kept = monthly_rows(connection)
        rebuild_pairs(connection, None)  # the full refresh's path
        assert kept == monthly_rows(connection)
    september = date(2026, 9, 1)
    assert kept[("category", "kelurahan", "SALURAN_BANJIR", september, GENTENG["kelurahan_code"])][:1] == (1,)
    # complaint 3 left Ketabang; its row went rather than staying at zero
    assert ("category", "kelurahan", "SALURAN_BANJIR", september, KETABANG["kelurahan_code"]) not in kept
    assert kept[("opd", "category", "DPUBMP", september, "JALAN_RUSAK")][:1] == (1,)
    assert all(row[0] > 0 for row in kept.values())


def test_a_long_period_counts_the_months_and_the_days_around_them_as_the_facts(databases, settings):
    write_snapshots(databases, first_snapshots())
    EtlRunner(databases).run_once()
    services = Services(settings, databases, None)
    flooding = ComplaintFilters(start=date(2026, 8, 14), end=date(2026, 11, 3), category_codes=("SALURAN_BANJIR",))
    source = queries._source(services, CITY, flooding, "kelurahan")[0]
    assert source.name == "pairs" and "agg_complaints_pairs_monthly" in str(source.element)
    measures = list(queries.COUNT_MEASURES)
    paired = queries.counts_by.uncached(services, CITY, flooding, "kelurahan").set_index("code")[measures]
    facts = queries.counts_by.uncached(services, CITY, replace(flooding, statuses=STATUSES),
                                       "kelurahan").set_index("code")[measures]
    assert paired.equals(facts)
    assert paired.loc[GENTENG["kelurahan_code"], "received"] == 2  # 14 August (a day edge) and 1 September
    assert paired["received"].sum() == 4  # 3 November: the last day, after the whole months
    one_day_short = replace(flooding, end=date(2026, 11, 2))
    assert queries.counts_by.uncached(services, CITY, one_day_short, "kelurahan")["received"].sum() == 3


def test_whole_months_and_the_days_around_them():
    from core.periods import whole_months

    assert whole_months(date(2026, 8, 14), date(2026, 11, 3)) == (
        [date(2026, 9, 1), date(2026, 10, 1)], [(date(2026, 8, 14), date(2026, 8, 31)), (date(2026, 11, 1), date(2026, 11, 3))])
    assert whole_months(date(2026, 9, 1), date(2026, 9, 30)) == ([date(2026, 9, 1)], [])
    assert whole_months(date(2026, 9, 2), date(2026, 10, 30)) == ([], [(date(2026, 9, 2), date(2026, 10, 30))])
    assert whole_months(date(2025, 12, 1), date(2026, 2, 28)) == ([date(2025, 12, 1), date(2026, 1, 1), date(2026, 2, 1)], [])


def test_one_kelurahans_counts_per_category_from_the_pairs_equal_the_facts(databases, settings):
    """received_in_pairs (Peta Kebijakan's kelurahan profile): months and the days around them, a
    period of loose days only, and None for a scoped viewer (the pairs have no scope columns)."""
    write_snapshots(databases, first_snapshots())
    EtlRunner(databases).run_once()
    services = Services(settings, databases, None)
    categories = ("SALURAN_BANJIR", "JALAN_RUSAK", "SAMPAH")
    for start, end in ((date(2026, 8, 14), date(2026, 11, 30)), (date(2026, 9, 2), date(2026, 9, 30))):
        for area in (GENTENG, KETABANG, TAMBAKSARI):
            kelurahan = area["kelurahan_code"]
            every_status = ComplaintFilters(start=start, end=end, category_codes=categories, statuses=STATUSES)
            paired = queries.received_in_pairs(services, CITY, "category", categories, "kelurahan", kelurahan,
                                               start, end)
            assert paired == {code: n for code, n in _facts_of(services, every_status, kelurahan).items() if n}
    assert queries.received_in_pairs(services, CITY, "category", categories, "kelurahan", GENTENG["kelurahan_code"],
                                     date(2026, 8, 14), date(2026, 11, 30)) == {"SALURAN_BANJIR": 2, "SAMPAH": 1}
    lurah = Viewer("4", "lurah", "lurah", kelurahan_code=GENTENG["kelurahan_code"])
    assert queries.received_in_pairs(services, lurah, "category", categories, "kelurahan",
                                     GENTENG["kelurahan_code"], date(2026, 8, 1), date(2026, 11, 30)) is None


def _facts_of(services, filters, kelurahan: str) -> dict[str, int]:
    """The facts' count per category in one kelurahan (a lurah of it sees exactly those)."""
    lurah = Viewer("5", "lurah", "lurah", kelurahan_code=kelurahan)
    frame = queries.counts_by.uncached(services, lurah, filters, "category")
    return dict(zip(frame["code"], frame["received"].astype(int)))
