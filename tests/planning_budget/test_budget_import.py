"""The budget: versions of a year, lines imported from a SIPD-shaped CSV or XLSX all or nothing,
and an XLSX export that imports back to the same lines."""

import pytest
from budget_setup import (BUDGET_ROWS, COLUMNS, CONSTRUCTION, NOW, PLANNER, ROAD, YEAR, BINA_MARGA, as_csv,
                          as_xlsx)
from sqlalchemy import select

from modules.planning import budget
from modules.planning.budget_models import PlanningBudgetLine, PlanningBudgetVersion
from modules.planning.errors import PlanningAccessDenied, PlanningImportError, PlanningValidationError


def _lines(databases, version_id: int) -> list[tuple]:
    with databases.session() as session:
        return sorted(session.execute(select(
            PlanningBudgetLine.opd_code, PlanningBudgetLine.sub_kegiatan_code, PlanningBudgetLine.account_code,
            PlanningBudgetLine.account_name, PlanningBudgetLine.ceiling_rupiah)
            .where(PlanningBudgetLine.version_id == version_id)).all())


def _expected(rows) -> list[tuple]:
    return sorted((opd, sub, account, name, ceiling) for sub, _, opd, account, name, ceiling in rows)


def _export(databases, version_id: int) -> bytes:
    with databases.session() as session:
        return budget.export_xlsx(session, session.get(PlanningBudgetVersion, version_id))


def _new_version(run, version=budget.PERUBAHAN) -> int:
    return run(budget.create_version, PLANNER, year=YEAR, version=version, now=NOW).id


def test_a_csv_imports_every_line_and_logs_each(databases, murni, logged):
    assert _lines(databases, murni) == _expected(BUDGET_ROWS)
    payloads = logged("planning_budget_line")
    assert len(payloads) == len(BUDGET_ROWS)
    road = next(p for p in payloads if p["sub_kegiatan_code"] == ROAD and p["account_code"] == CONSTRUCTION)
    assert road | {"id": 0, "version_id": 0} == {
        "id": 0, "version_id": 0, "version": "murni", "year": YEAR, "is_current": True, "opd_code": "DSDABM",
        "sub_kegiatan_code": ROAD, "program_code": "1.03.10", "kegiatan_code": "1.03.10.2.01",
        "account_code": CONSTRUCTION, "account_name": "Belanja Jasa Konstruksi", "ceiling_rupiah": 2_500_000_000}


def test_csv_to_xlsx_and_back_gives_the_same_lines(databases, run, murni, logged):
    exported = _export(databases, murni)
    perubahan = _new_version(run)
    assert run(budget.import_lines, PLANNER, perubahan, exported, budget.XLSX) == len(BUDGET_ROWS)
    assert _lines(databases, perubahan) == _lines(databases, murni)
    assert budget.read_rows(_export(databases, perubahan), budget.XLSX) == budget.read_rows(exported, budget.XLSX)
    # the murni stopped being current: its lines were re-logged saying so
    murni_logs = [p for p in logged("planning_budget_line") if p["version_id"] == murni]
    assert [p["is_current"] for p in murni_logs] == [True] * len(BUDGET_ROWS) + [False] * len(BUDGET_ROWS)


def test_an_xlsx_with_numbers_as_a_spreadsheet_keeps_them_imports_and_exports_back(databases, run):
    version_id = _new_version(run, budget.MURNI)
    run(budget.import_lines, PLANNER, version_id, as_xlsx(BUDGET_ROWS), budget.XLSX)
    assert _lines(databases, version_id) == _expected(BUDGET_ROWS)
    rows = [cells for _, cells in budget.read_rows(_export(databases, version_id), budget.XLSX)]
    assert sorted(tuple(row[c] for c in COLUMNS) for row in rows) == sorted(BUDGET_ROWS)


def test_a_semicolon_csv_as_sipd_saves_it_imports_too(databases, run):
    version_id = _new_version(run, budget.MURNI)
    run(budget.import_lines, PLANNER, version_id, as_csv(BUDGET_ROWS, delimiter=";"), budget.CSV)
    assert _lines(databases, version_id) == _expected(BUDGET_ROWS)


@pytest.mark.parametrize("kind", [budget.CSV, budget.XLSX])
def test_bad_rows_are_each_named_and_nothing_is_written(run, counts, kind):
    version_id = _new_version(run, budget.MURNI)
    bad = [
        ("1.03.10.2.01.4", "Pembangunan Jalan", "DSDABM", CONSTRUCTION, "Belanja Jasa Konstruksi", 10),   # row 2
        (ROAD, "Pembangunan Jalan", "NOPE", "5.1.2.01.01.0024", "", -5),                                 # row 3
        BUDGET_ROWS[0],                                                                                     # row 4
        ("9.99.99.9.99.9999", "Tidak ada", "DSDABM", CONSTRUCTION, "Belanja", "12,5"),                    # row 5
        BUDGET_ROWS[0],                                                                                     # row 6
    ]
    data = as_csv(bad) if kind == budget.CSV else as_xlsx(bad)
    before = counts()
    with pytest.raises(PlanningImportError) as refused:
        run(budget.import_lines, PLANNER, version_id, data, kind)
    assert [(e.row, e.field, e.code) for e in refused.value.errors] == [
        (2, "kode_sub_kegiatan", "planning_code_part"),
        (3, "kode_opd", "planning_opd_unknown"), (3, "kode_rekening", "planning_code_part"),
        (3, "nama_rekening", "planning_required"), (3, "pagu", "planning_amount_range"),
        (5, "kode_sub_kegiatan", "planning_sub_kegiatan_unknown"), (5, "pagu", "planning_not_whole_rupiah"),
        (6, "kode_rekening", "planning_import_duplicate")]
    assert refused.value.errors[-1].params == {"first": 4}
    assert "row 3, kode_opd: unknown OPD 'NOPE'" in str(refused.value)
    assert counts() == before


def test_missing_columns_are_named_on_the_header_row(run, counts):
    version_id = _new_version(run, budget.MURNI)
    before = counts()
    columns = ("kode_sub_kegiatan", "kode_opd", "kode_rekening", "nama_rekening")
    with pytest.raises(PlanningImportError) as refused:
        run(budget.import_lines, PLANNER, version_id, as_csv([(ROAD, "DSDABM", CONSTRUCTION, "x")], columns),
            budget.CSV)
    assert [(e.row, e.field) for e in refused.value.errors] == [(1, "nama_sub_kegiatan"), (1, "pagu")]
    assert counts() == before


def test_a_file_that_is_no_workbook_and_an_empty_one_are_refused(run):
    version_id = _new_version(run, budget.MURNI)
    for data, kind, code in ((b"not a zip", budget.XLSX, "planning_import_unreadable"),
                             (as_csv([]), budget.CSV, "planning_import_empty"),
                             (b"\xff\xfe\x00bad", budget.CSV, "planning_import_unreadable")):
        with pytest.raises(PlanningImportError) as refused:
            run(budget.import_lines, PLANNER, version_id, data, kind)
        assert refused.value.errors[0].code == code


def test_a_version_with_lines_takes_no_second_file_and_only_a_planner_imports(run, murni):
    with pytest.raises(PlanningValidationError) as refused:
        run(budget.import_lines, PLANNER, murni, as_csv(BUDGET_ROWS), budget.CSV)
    assert refused.value.code == "planning_version_has_lines"
    with pytest.raises(PlanningAccessDenied):
        run(budget.import_lines, BINA_MARGA, murni, as_csv(BUDGET_ROWS), budget.CSV)


def test_versions_one_current_per_year_perubahan_after_murni(databases, run):
    with pytest.raises(PlanningValidationError) as refused:
        run(budget.create_version, PLANNER, year=YEAR, version=budget.PERUBAHAN, now=NOW)
    assert (refused.value.field, refused.value.code) == ("version", "planning_version_order")
    murni = _new_version(run, budget.MURNI)
    with pytest.raises(PlanningValidationError):
        run(budget.create_version, PLANNER, year=YEAR, version=budget.MURNI, now=NOW)
    perubahan = _new_version(run)
    with databases.session() as session:
        assert budget.current_version(session, YEAR).id == perubahan
        assert session.get(PlanningBudgetVersion, murni).is_current is False
    with pytest.raises(PlanningValidationError) as refused:
        run(budget.create_version, PLANNER, year=YEAR, version="final", now=NOW)
    assert refused.value.field == "version"
