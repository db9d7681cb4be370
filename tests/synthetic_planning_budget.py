"""Budget-line, payment and work change-log rows written straight into the change log (the
contract's payloads: modules/planning/budget_snapshot.py, SNAPSHOT_VERSION 1, every key present),
for the budget ETL's and the read side's tests: no module needed.

The known budget of 2027 (millions of rupiah):
- DSDABM murni (version 1): line 1 sub kegiatan A (1.03.03.2.01.0001) 5.2 belanja modal 100;
  line 2 sub kegiatan B (1.03.03.2.01.0002) 5.1 belanja operasi 40.
- DISHUB murni (version 2): line 5 sub kegiatan C (2.15.02.2.01.0001) 5.1, 50.
- DSDABM perubahan (version 3) replaces version 1: lines 1 and 2 re-logged not current; line 3
  (A, 5.2) 120; line 4 (B, 5.1) 40.
- Payments: 1 on line 1 in March 30; 2 on line 2 in March 10; 3 on line 3 in July 30; 4 on line 5
  in February 5.
- Works: W1 (A, line 3) contract 90 at 50 %; W2 (A, line 3) no contract (weighs line 3's 120),
  built on 10 August at 100 %; W3 (C, line 5) contract 20 at 0 %.
So DSDABM's sub kegiatan A: ceiling 120, paid 60 (50 %), physical (50x90 + 100x120) / 210 = 78.6 %.
"""

from __future__ import annotations

from core.changelog import record_change

YEAR = 2027
MILLION = 1_000_000
SUB_A, SUB_B, SUB_C = "1.03.03.2.01.0001", "1.03.03.2.01.0002", "2.15.02.2.01.0001"
MODAL, OPERASI = "5.2.02.01.01.0001", "5.1.02.01.01.0024"


def line(line_id: int, version_id: int, opd: str, sub: str, account: str, millions: float, version="murni",
         current=True, year=YEAR, **changes) -> tuple[str, dict]:
    values = {"id": line_id, "version_id": version_id, "version": version, "year": year, "is_current": current,
              "opd_code": opd, "sub_kegiatan_code": sub, "program_code": ".".join(sub.split(".")[:3]),
              "kegiatan_code": ".".join(sub.split(".")[:5]), "account_code": account,
              "account_name": f"Belanja {account}", "ceiling_rupiah": int(millions * MILLION)}
    return "planning_budget_line", values | changes


def payment(payment_id: int, of: dict, paid_on: str, millions: float, **changes) -> tuple[str, dict]:
    values = {"id": payment_id, "line_id": of["id"], "version_id": of["version_id"], "year": of["year"],
              "opd_code": of["opd_code"], "sub_kegiatan_code": of["sub_kegiatan_code"],
              "account_code": of["account_code"], "paid_on": paid_on, "amount_rupiah": int(millions * MILLION),
              "reference": f"SP2D-{payment_id}", "created_at": f"{paid_on}T03:00:00+00:00"}
    return "planning_payment", values | changes


def work(number: str, of: dict, progress: float, status: str, contract_millions=None, updated_at=None,
         **changes) -> tuple[str, dict]:
    values = {"number": number, "year": of["year"], "opd_code": of["opd_code"], "plan_item_id": of["id"] + 100,
              "sub_kegiatan_code": of["sub_kegiatan_code"], "line_id": of["id"], "name": f"Pekerjaan {number}",
              "kelurahan_code": "35.78.07.1004", "kecamatan_code": "35.78.07", "lat": -7.26, "lon": 112.74,
              "contract_value_rupiah": None if contract_millions is None else int(contract_millions * MILLION),
              "contracted_on": "2027-04-01" if contract_millions else None, "status": status,
              "progress_percent": float(progress), "last_reported_on": "2027-06-01" if progress else None,
              "created_at": "2027-03-01T02:00:00+00:00", "updated_at": updated_at or "2027-06-01T02:00:00+00:00"}
    return "planning_work", values | changes


def known_budget() -> list[tuple[str, dict]]:
    """Every change of the known budget, in the order the service writes them."""
    l1 = line(1, 1, "DSDABM", SUB_A, MODAL, 100)
    l2 = line(2, 1, "DSDABM", SUB_B, OPERASI, 40)
    l5 = line(5, 2, "DISHUB", SUB_C, OPERASI, 50)
    l3 = line(3, 3, "DSDABM", SUB_A, MODAL, 120, version="perubahan")
    l4 = line(4, 3, "DSDABM", SUB_B, OPERASI, 40, version="perubahan")
    return [
        l1, l2, l5,
        payment(4, l5[1], "2027-02-14", 5),
        payment(1, l1[1], "2027-03-10", 30), payment(2, l2[1], "2027-03-20", 10),
        line(1, 1, "DSDABM", SUB_A, MODAL, 100, current=False), line(2, 1, "DSDABM", SUB_B, OPERASI, 40, current=False),
        l3, l4,
        work("W1", l3[1], 0, "contracted", 90), work("W2", l3[1], 0, "planned"), work("W3", l5[1], 0, "contracted", 20),
        payment(3, l3[1], "2027-07-05", 30),
        work("W1", l3[1], 50, "in_progress", 90), work("W2", l3[1], 60, "in_progress"),
        work("W2", l3[1], 100, "in_progress"),
        work("W2", l3[1], 100, "built", updated_at="2027-08-10T04:00:00+00:00"),
    ]


def write(databases, changes: list[tuple[str, dict]]) -> None:
    """Snapshots into the change log, in order, one transaction."""
    with databases.transaction() as session:
        for entity, payload in changes:
            record_change(session, entity, payload.get("number", payload.get("id")), "upsert", payload)
