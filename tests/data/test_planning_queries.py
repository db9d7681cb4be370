"""The planning queries on the known round (tests/synthetic_planning.py), loaded by the planning
job, on SQLite and PostgreSQL: the funnel and its drill-down, acceptance per kecamatan, rejection
reasons, each for the city and for the scopes that read part of it. Every expectation is worked out
by hand from the round's list."""

from __future__ import annotations

import pytest
import redis

from core.services import Services
from core.users import Viewer
from data.planning import queries
from data.planning.queries import PlanningFilters
from etl.planning.job import change_log_pages, planning_job
from etl.runner import EtlRunner
from synthetic_planning import DUKUH_SETRO, FUNNEL_2027, MILLION, YEAR, known_round, proposal, write

CITY = Viewer("1", "perencana", "perencana")
CAMAT_GENTENG = Viewer("2", "camat", "camat", kecamatan_code="35.78.07")
LURAH_EMBONG = Viewer("3", "lurah", "lurah", kelurahan_code="35.78.07.1001")
RW_1_KETABANG = Viewer("4", "rw", "rt_rw", kelurahan_code="35.78.07.1004", rw=1)
DISHUB = Viewer("5", "dishub", "opd", opd_code="DISHUB")
NO_SCOPE = Viewer("6", "opd-without-opd", "opd")
ROUND = PlanningFilters(year=YEAR)


def load(databases, client=None) -> None:
    EtlRunner(databases, jobs=[planning_job(change_log_pages)], redis=client).run_once()


@pytest.fixture
def services(settings, databases):
    write(databases, known_round())
    load(databases)
    return Services(settings, databases, None)


def stages(frame) -> dict[str, tuple]:
    return {row["stage"]: (row["proposals"], row["cost_rupiah"] / MILLION) for row in frame.to_dict("records")}


def rows_by(frame, key: str) -> dict:
    return {row[key]: row for row in frame.to_dict("records")}


def test_the_city_funnel_counts_each_proposal_in_every_stage_it_reached(services):
    frame = queries.funnel(services, CITY, ROUND)
    assert list(frame["stage"]) == ["proposed", "verified", "accepted", "prioritised", "planned", "budgeted",
                                    "contracted", "built", "rejected"]
    assert stages(frame) == FUNNEL_2027
    assert list(frame["pct_of_proposed"]) == [100.0, 71.4, 42.9, 28.6, 28.6, 28.6, 14.3, 14.3, 28.6]
    assert stages(queries.funnel(services, CITY, PlanningFilters(year=2026)))["accepted"] == (1, 3.0)


def test_the_funnel_drills_down_from_kecamatan_to_kelurahan_to_rw(services):
    city = rows_by(queries.funnel_by_area(services, CITY, ROUND), "code")
    assert list(city) == ["35.78.07", "35.78.10"]  # most proposals first
    genteng, tambaksari = city["35.78.07"], city["35.78.10"]
    assert (genteng["proposed"], genteng["verified"], genteng["accepted"], genteng["rejected"]) == (5, 4, 2, 2)
    assert genteng["proposed_cost_rupiah"] == 41_500_000 and genteng["acceptance_pct"] == 50.0
    assert (tambaksari["proposed"], tambaksari["prioritised"], tambaksari["acceptance_pct"]) == (2, 1, 100.0)
    kelurahan = rows_by(queries.funnel_by_area(services, CITY, PlanningFilters(YEAR, kecamatan_code="35.78.07")),
                        "code")
    assert list(kelurahan) == ["35.78.07.1004", "35.78.07.1001"]
    assert (kelurahan["35.78.07.1004"]["planned"], kelurahan["35.78.07.1004"]["acceptance_pct"]) == (2, 66.7)
    assert (kelurahan["35.78.07.1001"]["verified"], kelurahan["35.78.07.1001"]["acceptance_pct"]) == (2, 0.0)
    rws = queries.funnel_by_area(services, CITY, PlanningFilters(YEAR, kelurahan_code="35.78.07.1004"))
    assert [(row["code"], row["proposed"], row["planned"], row["rejected"]) for row in rws.to_dict("records")] == \
        [(1, 2, 1, 1), (2, 1, 1, 0)]  # P1 and P3 in RW 1, P2 in RW 2
    paving = queries.funnel_by_area(services, CITY, PlanningFilters(YEAR, item_codes=("PAVING-JALAN",)))
    assert dict(zip(paving["code"], paving["proposed"])) == {"35.78.07": 3, "35.78.10": 1}


def test_acceptance_per_kecamatan_is_of_the_decided_proposals(services):
    frame = queries.acceptance_by_kecamatan(services, CITY, ROUND)
    assert frame.to_dict("records") == [
        {"kecamatan_code": "35.78.10", "proposed": 2, "accepted": 1, "rejected": 0, "decided": 1,
         "acceptance_pct": 100.0},
        {"kecamatan_code": "35.78.07", "proposed": 5, "accepted": 2, "rejected": 2, "decided": 4,
         "acceptance_pct": 50.0}]
    undecided = queries.acceptance_by_kecamatan(services, CITY, PlanningFilters(YEAR, item_codes=("CCTV-KAMPUNG",)))
    assert undecided.to_dict("records") == [{"kecamatan_code": "35.78.10", "proposed": 1, "accepted": 0,
                                             "rejected": 0, "decided": 0, "acceptance_pct": None}]


def test_rejection_reasons_list_every_reason_most_frequent_first(services):
    frame = queries.rejection_reasons(services, CITY, ROUND)
    assert len(frame) == 6 and set(frame["reason"]) >= {"over_ceiling", "already_planned"}
    found = rows_by(frame, "reason")
    assert list(frame["reason"][:2]) == ["duplicate", "not_feasible"]
    assert (found["duplicate"]["proposals"], found["duplicate"]["cost_rupiah"]) == (1, 2 * MILLION)
    assert (found["not_feasible"]["pct_of_rejected"], found["over_ceiling"]["proposals"]) == (50.0, 0)
    # an item choice reads the facts (the aggregate has no item): the same answer for that item
    bumps = rows_by(queries.rejection_reasons(services, CITY, PlanningFilters(YEAR, item_codes=("POLISI-TIDUR",))),
                    "reason")
    assert (bumps["duplicate"]["proposals"], bumps["not_feasible"]["proposals"]) == (1, 0)


@pytest.mark.parametrize("viewer, proposed, rejected, reasons", [
    (CAMAT_GENTENG, 5, 2, {"duplicate", "not_feasible"}),
    (LURAH_EMBONG, 2, 1, {"duplicate"}),
    (RW_1_KETABANG, 2, 1, {"not_feasible"}),   # P1 and P3, read from the facts
    (DISHUB, 1, 1, {"duplicate"}),             # the speed bump is DISHUB's item
    (NO_SCOPE, 0, 0, set()),
], ids=["camat", "lurah", "rw", "opd", "no scope"])
def test_each_scope_reads_its_own_proposals(services, viewer, proposed, rejected, reasons):
    found = stages(queries.funnel(services, viewer, ROUND))
    assert (found["proposed"][0], found["rejected"][0]) == (proposed, rejected)
    given = queries.rejection_reasons(services, viewer, ROUND)
    assert set(given.loc[given["proposals"] > 0, "reason"]) == reasons
    assert queries.funnel_by_area(services, viewer, ROUND)["proposed"].sum() == proposed


def test_the_rw_head_reads_his_rw_only(services):
    assert stages(queries.funnel(services, RW_1_KETABANG, ROUND))["planned"] == (1, 18.5)  # P1, not P2 of RW 2
    assert queries.proposal_years(services, RW_1_KETABANG) == [2027, 2026]
    assert queries.proposal_years(services, DISHUB) == [2027]


def test_an_etl_batch_makes_the_cached_answer_new(services, databases):
    assert stages(queries.funnel(services, CITY, ROUND))["verified"] == (5, 40.5)
    assert stages(queries.funnel(services, CITY, ROUND))["verified"] == (5, 40.5)  # from the cache
    write(databases, [proposal("P6", DUKUH_SETRO, rw=5, item="CCTV-KAMPUNG", millions=12, status="verified",
                               verified_at="2026-01-11T02:00:00Z")])
    load(databases)  # bumps the mart's version
    assert stages(queries.funnel(services, CITY, ROUND))["verified"] == (6, 52.5)


def test_answers_kept_in_redis_are_renewed_by_the_next_batch(settings, databases, redis_url):
    client = redis.Redis.from_url(redis_url)
    write(databases, known_round())
    load(databases, client)  # publishes the mart's version
    services = Services(settings, databases, client)
    assert stages(queries.funnel(services, CITY, ROUND))["verified"] == (5, 40.5)
    assert list(client.scan_iter("pantau:cache:planning_proposals:*"))  # kept where every worker reads it
    write(databases, [proposal("P6", DUKUH_SETRO, rw=5, item="CCTV-KAMPUNG", millions=12, status="verified",
                               verified_at="2026-01-11T02:00:00Z")])
    load(databases, client)
    assert stages(queries.funnel(services, CITY, ROUND))["verified"] == (6, 52.5)
