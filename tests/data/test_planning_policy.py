"""Complaints as a basis for policy (data/planning/policy.py) and the drill-down's proposals and APBD
share (data/planning/drill.py), on SQLite and PostgreSQL: flooding
complaints per kelurahan next to drain works, the ranking's score, the rounds chosen, and the
viewer's scope. The marts are loaded by the real ETL from change-log snapshots:

- Embong Kaliasin: 3 flooding complaints, no drain work (one drain proposal, rejected).
- Ketabang: 4 flooding complaints, 2 drain works of 2027 (one accepted, one planned), 5 road
  complaints.
- Dukuh Setro: 1 flooding complaint, 1 accepted paving work (not a drain).
- Ketabang also has a drain work of 2026, accepted.
"""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from core.services import Services
from core.users import Viewer
from data.planning import drill, policy
from data.planning.policy import PolicyFilters
from data.planning.queries import PlanningFilters
from etl.runner import EtlRunner
from synthetic_complaints import BASE, snapshot, write_snapshots
from synthetic_planning import DUKUH_SETRO, EMBONG, KETABANG, lifecycle, proposal, write

CITY = Viewer("1", "perencana", "perencana")
CAMAT_GENTENG = Viewer("2", "camat", "camat", kecamatan_code="35.78.07")
LURAH_KETABANG = Viewer("3", "lurah", "lurah", kelurahan_code="35.78.07.1004")
PERIOD = dict(start=BASE.date() - timedelta(days=1), end=BASE.date() + timedelta(days=3))
FLOODING = PolicyFilters("SALURAN_BANJIR", **PERIOD)
KETABANG_CODE, EMBONG_CODE, DUKUH_SETRO_CODE = "35.78.07.1004", "35.78.07.1001", "35.78.10.1008"


def complaints() -> list[dict]:
    places = [(KETABANG, "SALURAN_BANJIR")] * 4 + [(EMBONG, "SALURAN_BANJIR")] * 3 + \
        [(DUKUH_SETRO, "SALURAN_BANJIR")] + [(KETABANG, "JALAN_RUSAK")] * 5
    return [snapshot(number, category_code=category, opd_code="DSDABM", **place)
            for number, (place, category) in enumerate(places, start=1)]


def proposals() -> list[dict]:
    lifecycles = [
        lifecycle(proposal("D1", item="GORONG-GORONG", millions=37), "verified", "accepted"),
        lifecycle(proposal("D2", rw=2, item="GORONG-GORONG", millions=18.5), "verified", "accepted", "planned",
                  "budgeted", "contracted", "built"),
        lifecycle(proposal("D3", EMBONG, rw=3, item="GORONG-GORONG", millions=18.5), "rejected",
                  reason="not_feasible"),
        lifecycle(proposal("R1", DUKUH_SETRO, rw=5, millions=9), "verified", "accepted"),
        lifecycle(proposal("D0", item="GORONG-GORONG", millions=18.5, year=2026), "verified", "accepted"),
    ]
    return [row for each in lifecycles for row in each]


@pytest.fixture
def services(settings, databases):
    write_snapshots(databases, complaints())
    write(databases, proposals())
    EtlRunner(databases).run_once()
    return Services(settings, databases, None)


def ranked(frame) -> list[tuple]:
    return [(row["code"], row["complaints"], row["accepted"], row["planned"], row["score"])
            for row in frame.to_dict("records") if row["complaints"] or row["accepted"]]


def test_the_kelurahan_with_flooding_and_no_drain_works_ranks_first(services):
    frame = policy.kelurahan_ranking(services, CITY, PolicyFilters("SALURAN_BANJIR", years=(2027,), **PERIOD))
    assert ranked(frame) == [
        (EMBONG_CODE, 3, 0, 0, 3.0),         # 3 / (1 + 0): the rejected drain proposal is no work
        (KETABANG_CODE, 4, 2, 1, 1.33),      # 4 / (1 + 2): more complaints, but drain works accepted
        (DUKUH_SETRO_CODE, 1, 0, 0, 1.0),    # its paving is not a drain work
    ]
    assert list(frame["rank"][:3]) == [1, 2, 3]
    assert len(frame) == 153 and set(frame.loc[3:, "score"]) == {0.0}  # every kelurahan of the city
    ketabang = frame[frame["code"] == KETABANG_CODE].iloc[0]
    assert ketabang["accepted_cost_rupiah"] == 55_500_000


def test_every_round_counts_when_none_is_chosen(services):
    ketabang = policy.kelurahan_ranking(services, CITY, FLOODING).set_index("code").loc[KETABANG_CODE]
    assert (ketabang["accepted"], ketabang["score"]) == (3, 1.0)  # the 2026 drain work too
    only_2026 = policy.kelurahan_ranking(services, CITY, PolicyFilters("SALURAN_BANJIR", years=(2026,), **PERIOD))
    assert ranked(only_2026)[:2] == [(EMBONG_CODE, 3, 0, 0, 3.0), (KETABANG_CODE, 4, 1, 0, 2.0)]


def test_the_category_picks_its_own_complaints_and_kinds_of_work(services):
    roads = policy.kelurahan_ranking(services, CITY, PolicyFilters("JALAN_RUSAK", **PERIOD))
    assert ranked(roads) == [(KETABANG_CODE, 5, 0, 0, 5.0), (DUKUH_SETRO_CODE, 0, 1, 0, 0.0)]
    assert policy.work_kinds_of("JALAN_RUSAK") == ("paving",)
    with pytest.raises(ValueError):
        policy.kelurahan_ranking(services, CITY, PolicyFilters("ADMINDUK", **PERIOD))


def test_the_period_bounds_the_complaints(services):
    later = PolicyFilters("SALURAN_BANJIR", start=date(2026, 12, 1), end=date(2026, 12, 31))
    assert ranked(policy.kelurahan_ranking(services, CITY, later)) == [(KETABANG_CODE, 0, 3, 1, 0.0)]


def test_the_scope_narrows_the_ranking(services):
    genteng = policy.kelurahan_ranking(services, CAMAT_GENTENG, FLOODING)
    assert all(code.startswith("35.78.07.") for code in genteng["code"])
    assert DUKUH_SETRO_CODE not in set(genteng["code"])
    assert [row[0] for row in ranked(genteng)] == [EMBONG_CODE, KETABANG_CODE]
    lurah = policy.kelurahan_ranking(services, LURAH_KETABANG, FLOODING)
    assert ranked(lurah) == [(KETABANG_CODE, 4, 3, 1, 1.0)] and len(lurah) == 1


def test_a_kelurahan_profile_lists_its_hotspots_by_category(services):
    profile = policy.kelurahan_profile(services, CITY, KETABANG_CODE, PERIOD["start"], PERIOD["end"])
    rows = {row["category_code"]: row for row in profile.to_dict("records")}
    assert list(profile["category_code"][:2]) == ["JALAN_RUSAK", "SALURAN_BANJIR"]
    assert (rows["SALURAN_BANJIR"]["complaints"], rows["SALURAN_BANJIR"]["accepted"],
            rows["SALURAN_BANJIR"]["planned"], rows["SALURAN_BANJIR"]["built"]) == (4, 3, 1, 1)  # D2's drain built
    assert (rows["JALAN_RUSAK"]["complaints"], rows["JALAN_RUSAK"]["accepted"]) == (5, 0)
    # a lurah asking about another kelurahan reads nothing of it
    elsewhere = policy.kelurahan_profile(services, LURAH_KETABANG, EMBONG_CODE, PERIOD["start"], PERIOD["end"])
    assert elsewhere[["complaints", "accepted", "planned"]].to_numpy().sum() == 0


def test_the_apbd_share_counts_the_planned_proposals_against_the_given_total(services):
    """data/planning/drill.py: the round's proposals in the plan (D2, Rp 18,5 juta) against the APBD
    total of the year they are built in, given by the budget marts' side."""
    share = drill.apbd_share_of_musrenbang(services, CITY, 2027, apbd_total_rupiah=1_850_000_000)
    assert share == {"proposals": 1, "musrenbang_rupiah": 18_500_000, "apbd_total_rupiah": 1_850_000_000,
                     "budget_year": 2028, "share_pct": 1.0}
    assert drill.apbd_share_of_musrenbang(services, CITY, 2027, None)["share_pct"] is None
    assert drill.musrenbang_cost(services, CAMAT_GENTENG, 2026) == {"proposals": 0, "cost_rupiah": 0}


def test_the_proposal_list_follows_the_stage_and_the_scope(services):
    ketabang = PlanningFilters(2027, kecamatan_code="35.78.07", kelurahan_code=KETABANG_CODE)
    assert list(drill.proposal_list(services, CITY, ketabang)["proposal_number"]) == ["D1", "D2"]  # costliest first
    assert list(drill.proposal_list(services, CITY, ketabang, "planned")["proposal_number"]) == ["D2"]
    embong = PlanningFilters(2027, kecamatan_code="35.78.07", kelurahan_code=EMBONG_CODE)
    assert list(drill.proposal_list(services, CITY, embong, "rejected")["rejection_reason"]) == ["not_feasible"]
    assert drill.proposal_list(services, LURAH_KETABANG, embong).empty
    assert "proposer" not in drill.PROPOSAL_COLUMNS and "address" not in drill.PROPOSAL_COLUMNS
