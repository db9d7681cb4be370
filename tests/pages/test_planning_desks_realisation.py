"""Realisasi Anggaran (/anggaran/realisasi): an OPD records a payment on its own line of the current
budget and reports a work's progress with a dated photo, through the planning module; another OPD's
line or work is neither offered nor accepted; a refusal is shown at its field and writes nothing."""

from __future__ import annotations

import base64
from datetime import timedelta

import pytest
from sqlalchemy import select

from core.changelog import ChangeLogEntry
from core.clock import city_today, utc_now
from core.users import Viewer
from layouts.components.ids_anggaran_realisasi import Realisasi as R
from modules.planning import budget, plan, works
from modules.planning.budget_models import PlanningBudgetLine, PlanningPayment, PlanningProgressReport, PlanningWork

PLANNER = Viewer(user_id="1", username="perencana1", role="perencana")
BINA_MARGA = Viewer(user_id="2", username="dsdabm1", role="opd", opd_code="DSDABM")
ROAD, LIGHTS = "1.03.10.2.01.0004", "1.04.05.2.01.0004"
CONSTRUCTION = "5.1.02.01.01.0024"
PNG = b"\x89PNG\r\n\x1a\n" + bytes(32)
PHOTO = "data:image/png;base64," + base64.b64encode(PNG).decode()
WRITTEN = (PlanningPayment, PlanningProgressReport, ChangeLogEntry)


@pytest.fixture
def backend():  # the web layer is the same on both backends; the module's tests cover PostgreSQL
    return "sqlite"


@pytest.fixture
def budget_year(databases):
    """This year's murni budget (a Bina Marga road line of Rp 2,5 bn, a Dishub lighting line) and a
    contracted Bina Marga work on the road line: {"road": line id, "lights": line id, "work": number}."""
    year, now = city_today().year, utc_now()

    def run(function, *args, **kwargs):
        with databases.transaction() as session:
            return function(session, *args, **kwargs)

    rows = (f"kode_sub_kegiatan,nama_sub_kegiatan,kode_opd,kode_rekening,nama_rekening,pagu\n"
            f"{ROAD},Pembangunan Jalan,DSDABM,{CONSTRUCTION},Belanja Jasa Konstruksi,2500000000\n"
            f"{LIGHTS},Penyediaan Penerangan Jalan Umum,DISHUB,{CONSTRUCTION},Belanja Jasa Konstruksi,400000000\n")
    version = run(budget.create_version, PLANNER, year=year, version=budget.MURNI, now=now).id
    run(budget.import_lines, PLANNER, version, rows.encode(), budget.CSV)
    item = run(plan.create_plan_item, PLANNER, year=year, opd_code="DSDABM", sub_kegiatan_code=ROAD,
               indicator="Panjang jalan", target_value=2.0, target_unit="km", indicative_ceiling_rupiah=2_500_000_000,
               now=now).id
    with databases.session() as session:
        lines = dict(session.execute(select(PlanningBudgetLine.opd_code, PlanningBudgetLine.id)).all())
    number = run(works.create_work, BINA_MARGA, plan_item_id=item, name="Jalan Ketabang Kali", line_id=lines["DSDABM"],
                 now=now).number
    run(works.contract_work, BINA_MARGA, number, contract_value_rupiah=1_000_000_000,
        contracted_on=city_today() - timedelta(days=1), now=now)
    return {"road": lines["DSDABM"], "lights": lines["DISHUB"], "work": number}


@pytest.fixture
def as_user(make_user, login):
    def log_in(name: str, role: str, **scope):
        make_user(name, role, **scope)
        assert login(name).status_code == 302

    return log_in


def outputs(response) -> dict:
    assert response.status_code == 200, response.get_data(as_text=True)[:300]
    return response.get_json()["response"]


def pay(dash_callback, line_id, amount="125.000.000", reference="SP2D-0001", paid_on=None):
    return dash_callback(R.PAY_RESULT, {f"{R.PAY}.n_clicks": 1, f"{R.LINE}.value": line_id,
                                        f"{R.PAID_ON}.date": paid_on or city_today().isoformat(),
                                        f"{R.AMOUNT}.value": amount, f"{R.REFERENCE}.value": reference})


def report(dash_callback, number, percent="35", photo=PHOTO, reported_on=None):
    return dash_callback(R.REPORT_RESULT, {f"{R.REPORT}.n_clicks": 1, f"{R.WORK}.value": number,
                                           f"{R.PERCENT}.value": percent,
                                           f"{R.REPORTED_ON}.date": reported_on or city_today().isoformat(),
                                           f"{R.NOTE}.value": "lapis pondasi selesai", f"{R.PHOTO}.contents": photo,
                                           f"{R.PHOTO}.filename": "lokasi.png" if photo else None})


def shown_errors(found: dict, form: str, fields) -> dict[str, str]:
    return {name: str(found[R.error(form, name)]["children"]) for name in fields
            if found[R.error(form, name)]["children"]}


def test_an_opd_sees_only_its_own_lines_and_works(as_user, client, dash_callback, budget_year):
    as_user("binamarga", "opd", opd_code="DSDABM")
    assert client.get("/anggaran/realisasi").status_code == 200
    found = outputs(dash_callback(R.LINE, {}))
    assert [o["value"] for o in found[R.LINE]["options"]] == [budget_year["road"]]
    assert "pagu Rp 2.500.000.000 · terbayar Rp 0" in found[R.LINE]["options"][0]["label"]
    assert [o["value"] for o in found[R.WORK]["options"]] == [budget_year["work"]]


def test_an_opd_records_a_payment_on_its_line(as_user, dash_callback, budget_year, databases):
    as_user("binamarga", "opd", opd_code="DSDABM")
    found = outputs(pay(dash_callback, budget_year["road"]))
    assert "Pembayaran Rp 125.000.000" in str(found[R.PAY_RESULT]) and "terbayar di baris ini Rp 125.000.000" in \
        str(found[R.PAY_RESULT])
    assert "terbayar Rp 125.000.000" in found[R.LINE]["options"][0]["label"]
    with databases.session() as session:
        payment = session.scalars(select(PlanningPayment)).one()
        assert (payment.line_id, payment.amount_rupiah, payment.reference, payment.entered_by) == \
            (budget_year["road"], 125_000_000, "SP2D-0001", "binamarga")


def test_another_opds_line_is_refused_and_nothing_written(as_user, dash_callback, budget_year, count_rows):
    as_user("binamarga", "opd", opd_code="DSDABM")
    before = count_rows(WRITTEN)
    found = outputs(pay(dash_callback, budget_year["lights"]))
    assert "Belum tersimpan" in str(found[R.PAY_RESULT]) and "hanya DISHUB yang boleh" in str(found[R.PAY_RESULT])
    assert count_rows(WRITTEN) == before


@pytest.mark.parametrize("changes,field,shown", [
    ({"line_id": None}, "line_id", "Baris anggaran: pilih salah satu"),
    ({"amount": ""}, "amount_rupiah", "Jumlah bayar: wajib diisi"),
    ({"amount": "sejuta"}, "amount_rupiah", "'sejuta' bukan jumlah rupiah bulat"),
    ({"amount": "3.000.000.000"}, "amount_rupiah", "melewati pagu"),
    ({"reference": ""}, "reference", "Nomor SP2D: wajib diisi"),
    ({"paid_on": "2999-01-01"}, "paid_on", "Tanggal bayar"),
])
def test_a_bad_payment_is_refused_at_its_field(as_user, dash_callback, budget_year, count_rows, changes, field, shown):
    as_user("binamarga", "opd", opd_code="DSDABM")
    before = count_rows(WRITTEN)
    values = {"line_id": budget_year["road"]} | changes
    found = outputs(pay(dash_callback, values.pop("line_id"), **values))
    errors = shown_errors(found, "pay", R.PAY_FIELDS)
    assert field in errors and shown in errors[field], errors
    assert R.AMOUNT not in found  # the form keeps what was typed
    assert count_rows(WRITTEN) == before


def test_an_opd_reports_progress_with_a_dated_photo(as_user, dash_callback, budget_year, databases):
    as_user("binamarga", "opd", opd_code="DSDABM")
    found = outputs(report(dash_callback, budget_year["work"]))
    assert "Progres 35% per" in str(found[R.REPORT_RESULT]) and "dengan foto" in str(found[R.REPORT_RESULT])
    with databases.session() as session:
        done = session.scalars(select(PlanningProgressReport)).one()
        work = session.scalars(select(PlanningWork)).one()
        assert (done.percent, done.reported_on, done.photo_data, done.photo_content_type) == \
            (35.0, city_today(), PNG, "image/png")
        assert (work.status, work.progress_percent) == ("in_progress", 35.0)
    assert "Dikerjakan · 35%" in found[R.WORK]["options"][0]["label"]


@pytest.mark.parametrize("changes,field,shown", [
    ({"number": None}, "number", "Pekerjaan"),
    ({"percent": "120"}, "percent", "harus angka 0 sampai 100"),
    ({"photo": "data:image/png;base64," + base64.b64encode(b"no image").decode()}, "photo",
     "bukan gambar JPEG, PNG atau WebP"),
    ({"reported_on": "2999-01-01"}, "reported_on", "Tanggal laporan"),
])
def test_a_bad_report_is_refused_at_its_field(as_user, dash_callback, budget_year, count_rows, changes, field, shown):
    as_user("binamarga", "opd", opd_code="DSDABM")
    before = count_rows(WRITTEN)
    values = {"number": budget_year["work"]} | changes
    found = outputs(report(dash_callback, values.pop("number"), **values))
    errors = shown_errors(found, "report", R.REPORT_FIELDS)
    assert field in errors and shown in errors[field], errors
    assert count_rows(WRITTEN) == before


def test_another_opds_work_is_refused(as_user, dash_callback, budget_year, count_rows):
    as_user("dishub1", "opd", opd_code="DISHUB")
    assert outputs(dash_callback(R.LINE, {}))[R.WORK]["options"] == []
    before = count_rows(WRITTEN)
    found = outputs(report(dash_callback, budget_year["work"]))
    assert "hanya DSDABM yang boleh" in str(found[R.REPORT_RESULT])
    assert count_rows(WRITTEN) == before


@pytest.mark.parametrize("role,scope", [("perencana", {}), ("operator", {}), ("camat", {"kecamatan_code": "35.78.07"}),
                                        ("admin", {})])
def test_other_roles_get_403(as_user, client, dash_callback, budget_year, count_rows, role, scope):
    as_user(f"user-{role}", role, **scope)
    assert client.get("/anggaran/realisasi").status_code == 403
    assert pay(dash_callback, budget_year["road"]).status_code == 403
    assert report(dash_callback, budget_year["work"]).status_code == 403
    assert count_rows(WRITTEN)["planning_payments"] == 0
