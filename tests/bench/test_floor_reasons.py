"""Why a domain's part of the pages that show every domain misses the columnar floor: the reason
follows what was measured. When its reads alone (after an ETL commit, on warm connections) already
miss three times DuckDB's answer, the fix is in the reads; otherwise it is the cold request's fixed
part. A single reason for every part named the wrong fix for 112's KPI cards."""

from __future__ import annotations

from bench import floor
from bench.callbacks import (DOMAIN_PART_COST, DOMAIN_PART_READS, DOMAIN_PART_REASON, Figure, domain_part_figures,
                             domain_part_reason, is_domain_part)


def _part(question) -> Figure:
    cards = domain_part_figures("complaints", "Pengaduan", questions={"kpi_cards": question})
    return next(figure for figure in cards if "KPI page" in figure.name)


def test_reads_miss_the_floor_only_above_three_times_duckdb():
    duck = [0.010, 0.011, 0.012]  # p95 = 12 ms
    assert floor.reads_miss_floor([0.020, 0.037], duck)
    assert not floor.reads_miss_floor([0.020, 0.036], duck)  # exactly three times is within
    assert not floor.reads_miss_floor([0.5], [])  # no baseline: nothing to miss
    assert not floor.reads_miss_floor([], duck)


def test_a_part_without_a_question_says_it_has_no_baseline():
    figure = _part(None)
    assert is_domain_part(figure)
    assert domain_part_reason(figure, reads_slow=True) == DOMAIN_PART_REASON


def test_slow_reads_name_the_reads_and_fast_reads_the_request_cost():
    figure = _part(lambda baseline: baseline.cards())
    assert domain_part_reason(figure, reads_slow=True) == DOMAIN_PART_READS
    assert domain_part_reason(figure, reads_slow=False) == DOMAIN_PART_COST
    assert DOMAIN_PART_READS != DOMAIN_PART_COST
