"""The citizens' proposal pages, no login, on SQLite and PostgreSQL: /usulan/<number> shows the
status, every step with its date and each decision's reason (in Indonesian) and note, the sub
kegiatan, its budget and the work's progress with photos, and never a person's name or username;
unknown and malformed numbers are Indonesian 404 pages; /usulan lists a kelurahan's proposals of a
year, 50 a page; every page carries the app's security headers and runs no inline script or style."""

from __future__ import annotations

import re
from datetime import date, datetime, timezone

import pytest
from planning_public_setup import PEOPLE
from planning_setup import JPEG, KECAMATAN, KELURAHAN_A, KELURAHAN_B, PNG, at

from modules.planning import budget, plan, proposals, works
from modules.planning.models import PlanningItem, PlanningProposal
from modules.planning.public_pages import BLANKED

ROAD = "1.03.10.2.01.0004"  # Pembangunan Jalan (reference/planning_nomenclature.csv)
CONSTRUCTION = "5.1.02.01.01.0024"
BUILD_YEAR = 2028
LATER = datetime(BUILD_YEAR, 6, 15, 3, tzinfo=timezone.utc)


def budget_csv(ceiling: int) -> bytes:
    return ("kode_sub_kegiatan,nama_sub_kegiatan,kode_opd,kode_rekening,nama_rekening,pagu\n"
            f"{ROAD},Pembangunan Jalan,DSDABM,{CONSTRUCTION},Belanja Jasa Konstruksi,{ceiling}\n").encode()


def every_name() -> list[str]:
    """Each username, full name and part of a full name of the people behind the proposals."""
    found = []
    for username, full_name, _, _ in PEOPLE.values():
        found += [username, full_name, *full_name.split()]
    return found


def assert_no_names(html: str) -> None:
    for name in every_name():
        assert name.lower() not in html.lower(), name


def assert_safe_page(response) -> None:
    """The app's security headers, and nothing inline for the Content-Security-Policy to refuse."""
    policy = dict(part.strip().split(" ", 1) for part in response.headers["Content-Security-Policy"].split(";"))
    assert policy["frame-ancestors"] == "'self'" and policy["object-src"] == "'none'"
    assert "'unsafe-inline'" not in policy["script-src"]
    assert response.headers["X-Frame-Options"] == "SAMEORIGIN"
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["Referrer-Policy"] == "same-origin"
    html = response.get_data(as_text=True)
    assert "<script" not in html and "<style" not in html and " style=" not in html


@pytest.fixture
def rejected(run, settings, propose, people) -> str:
    """A proposal by PEOPLE's RW head, verified by the lurah, rejected by the camat with a reason
    and a note that names the camat and the proposer."""
    number = propose(actor=people["proposer"], photos=[("rumah-bu-sutarminah.png", PNG)], now=at(1, 10))
    run(proposals.verify, people["lurah"], settings, number, note="Lokasi sudah dicek", now=at(1, 25))
    run(proposals.decide, people["camat"], settings, number, False, reason="not_feasible",
        note="Dibahas Hartoyo Prawirosentono dengan sutarminah di Karang Pilang; kata Pak Hartoyo lahan milik PT KAI",
        now=at(2, 10))
    return number


@pytest.fixture
def built(run, settings, propose, people) -> str:
    """A proposal carried all the way: accepted, ranked, in the plan of 2028, a work on its road
    line (the murni budget, then a perubahan with a new ceiling), 40 % done with a photo."""
    number = propose(actor=people["proposer"], photos=[("a.jpg", JPEG)], now=at(1, 10))
    run(proposals.verify, people["lurah"], settings, number, now=at(1, 25))
    run(proposals.decide, people["camat"], settings, number, True, note="Prioritas RW", now=at(2, 10))
    run(proposals.prioritise, people["perencana"], settings, [number], now=at(3, 5))
    planner, builder = people["perencana"], people["opd"]
    item_id = run(plan.create_plan_item, planner, year=BUILD_YEAR, opd_code="DSDABM", sub_kegiatan_code=ROAD,
                  indicator="Panjang jalan yang dibangun", target_value=12.5, target_unit="km",
                  indicative_ceiling_rupiah=3_000_000_000, now=at(3, 20)).id
    run(plan.link_to_plan, planner, number, item_id, now=at(3, 25))
    murni = run(budget.create_version, planner, year=BUILD_YEAR, version=budget.MURNI, now=at(12, 1)).id
    run(budget.import_lines, planner, murni, budget_csv(2_500_000_000), budget.CSV)
    line_id = _line(run, murni)
    work = run(works.create_work, builder, plan_item_id=item_id, name="Paving Jl. Kebraon Gg. 3", line_id=line_id,
               proposal_numbers=[number], now=LATER).number
    run(works.contract_work, builder, work, contract_value_rupiah=180_000_000, contracted_on=date(BUILD_YEAR, 3, 2),
        now=LATER)
    run(works.report_progress, builder, work, percent=15, reported_on=date(BUILD_YEAR, 4, 1), now=LATER)
    run(works.report_progress, builder, work, percent=40, reported_on=date(BUILD_YEAR, 5, 2),
        note="Mandor: Pak Gunawan",
        photo=PNG, photo_filename="gunawan.png", now=LATER)
    perubahan = run(budget.create_version, planner, year=BUILD_YEAR, version=budget.PERUBAHAN, now=LATER).id
    run(budget.import_lines, planner, perubahan, budget_csv(2_750_000_000), budget.CSV)
    return number


def _line(run, version_id: int) -> int:
    from sqlalchemy import select

    from modules.planning.budget_models import PlanningBudgetLine
    return run(lambda session: session.scalar(select(PlanningBudgetLine.id)
                                              .where(PlanningBudgetLine.version_id == version_id)))


# --- one proposal -----------------------------------------------------------------------------

def test_a_rejected_proposal_shows_every_step_its_reason_and_note_and_no_one(client, rejected):
    response = client.get(f"/usulan/{rejected}")
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    assert f"Usulan <span id=\"number\">{rejected}</span>" in html
    assert 'id="status">Ditolak<' in html
    assert "Alasan penolakan: <strong>Tidak layak dilaksanakan</strong>" in html
    steps = re.findall(r'<li class="step-(\w+)"><time>([^<]+)</time> <span class="what">([^<]+)</span>', html)
    assert steps == [("submitted", "10 Januari 2027", "Diusulkan oleh RW 01"),
                     ("verified", "25 Januari 2027", "Diverifikasi oleh Lurah"),
                     ("rejected", "10 Februari 2027", "Ditolak oleh Camat")]
    assert "Alasan: Tidak layak dilaksanakan" in html
    assert "Catatan: Lokasi sudah dicek" in html
    # names blanked, whole or in part; titles and places kept
    assert (f"Catatan: Dibahas {BLANKED} dengan {BLANKED} di Karang Pilang; kata Pak {BLANKED} lahan milik PT KAI"
            in html)
    assert "Paving jalan kampung, 100 m2" in html and "Rp 18.500.000" in html
    assert "Kelurahan " in html and "RW 01" in html
    assert_no_names(html)
    assert "rumah-bu" not in html  # a photo's file name may name someone: served by its id only
    photo = re.search(r'<img src="(/api/planning/public/photos/\d+)"', html).group(1)
    served = client.get(photo)
    assert served.status_code == 200 and served.data == PNG
    assert_safe_page(response)


def test_the_number_is_found_in_any_case_and_with_spaces(client, rejected):
    assert client.get(f"/usulan/{rejected.lower()}").status_code == 200
    assert client.get(f"/usulan/%20{rejected}%20").status_code == 200


def test_a_planned_proposal_shows_its_sub_kegiatan_current_budget_and_dated_progress(client, built):
    html = client.get(f"/usulan/{built}").get_data(as_text=True)
    assert 'id="status">Masuk rencana kerja<' in html
    assert "Pekerjaannya sedang dikerjakan: 40% selesai." in html
    plan_section = html[html.index('id="plan"'):html.index('id="work"')]
    assert f'<span class="code">{ROAD}</span> Pembangunan Jalan' in plan_section
    assert "Dinas Sumber Daya Air dan Bina Marga" in plan_section or "DSDABM" in plan_section
    # the ceiling of the current version (perubahan), not the murni's 2.500.000.000
    assert "Rp 2.750.000.000 (APBD perubahan 2028" in plan_section and "2.500.000.000" not in html
    assert CONSTRUCTION in plan_section
    steps = re.findall(r'<span class="what">([^<]+)</span>', html)
    assert steps == ["Diusulkan oleh RW 01", "Diverifikasi oleh Lurah",
                     "Diterima dalam musrenbang kecamatan oleh Camat",
                     "Diprioritaskan dalam musrenbang kota oleh Bappedalitbang",
                     "Dimasukkan ke rencana kerja (RKPD) tahun 2028 oleh Bappedalitbang"]
    assert 'id="progress">40%<' in html and "Rp 180.000.000" in html
    reports = re.findall(r"<li><time>([^<]+)</time> <strong>([^<]+)</strong>", html)
    assert reports == [("1 April 2028", "15%"), ("2 Mei 2028", "40%")]
    assert "Mandor" not in html and "gunawan.png" not in html  # a report's note and file name stay staff's
    assert_no_names(html)
    progress_photo = re.search(r'<img src="(/usulan/foto-progres/\d+)"', html).group(1)
    served = client.get(progress_photo)
    assert served.status_code == 200 and served.data == PNG and served.mimetype == "image/png"
    assert "filename" not in served.headers.get("Content-Disposition", "")
    own = re.search(r'<img src="(/api/planning/public/photos/\d+)"', html).group(1)
    assert client.get(own).data == JPEG


@pytest.mark.parametrize("path", ["/usulan/USL-2027-999999", "/usulan/bukan-nomor", "/usulan/USL-2027-<b>",
                                  "/usulan/" + "9" * 300, "/usulan/USL-2027-000001/lagi", "/usulan/foto-progres/99",
                                  "/usulan/foto-progres/99999999999999999999999"])
def test_unknown_and_malformed_numbers_are_an_indonesian_404(client, path):
    response = client.get(path)
    assert response.status_code == 404
    html = response.get_data(as_text=True)
    assert "Usulan tidak ditemukan" in html and "Traceback" not in html and "<b>" not in html
    assert_safe_page(response)


def test_a_progress_photo_of_a_work_without_proposals_is_not_public(client, run, people, settings):
    planner, builder = people["perencana"], people["opd"]
    item_id = run(plan.create_plan_item, planner, year=BUILD_YEAR, opd_code="DSDABM", sub_kegiatan_code=ROAD,
                  indicator="Panjang jalan", target_value=1, target_unit="km", indicative_ceiling_rupiah=10**9,
                  now=LATER).id
    murni = run(budget.create_version, planner, year=BUILD_YEAR, version=budget.MURNI, now=LATER).id
    run(budget.import_lines, planner, murni, budget_csv(900_000_000), budget.CSV)
    work = run(works.create_work, builder, plan_item_id=item_id, name="Jalan dinas", line_id=_line(run, murni),
               now=LATER).number
    run(works.contract_work, builder, work, contract_value_rupiah=10**8, contracted_on=date(BUILD_YEAR, 3, 2),
        now=LATER)
    report = run(works.report_progress, builder, work, percent=10, reported_on=date(BUILD_YEAR, 4, 1), photo=PNG,
                 now=LATER).id
    assert client.get(f"/usulan/foto-progres/{report}").status_code == 404


# --- the list per kelurahan -------------------------------------------------------------------

@pytest.fixture
def many(run) -> dict[str, list[str]]:
    """55 proposals of KELURAHAN_A in 2027 (every fifth rejected as a duplicate), 2 of KELURAHAN_B
    in 2027 and 1 of KELURAHAN_A in 2026: their numbers per group."""
    moment = datetime(2027, 1, 10, 3, tzinfo=timezone.utc)
    groups = {"a2027": [(KELURAHAN_A, 2027, i) for i in range(1, 56)],
              "b2027": [(KELURAHAN_B, 2027, i) for i in range(56, 58)],
              "a2026": [(KELURAHAN_A, 2026, 1)]}

    def insert(session):
        item = session.get(PlanningItem, "PAVING-GANG")
        for kelurahan, year, serial in (row for rows in groups.values() for row in rows):
            rejected = kelurahan == KELURAHAN_A and year == 2027 and serial % 5 == 0
            session.add(PlanningProposal(
                number=f"USL-{year}-{serial:06d}", year=year, kecamatan_code=KECAMATAN, kelurahan_code=kelurahan,
                rw=serial % 9 + 1, rt=None, item_code=item.code, volume=12.5, unit_cost_rupiah=item.unit_cost_rupiah,
                estimated_cost_rupiah=int(12.5 * item.unit_cost_rupiah), title="Paving", description="",
                address="Gg. 1", lat=-7.3, lon=112.7, status="rejected" if rejected else "proposed",
                rejection_reason="duplicate" if rejected else None, repeat_of=None, priority=None,
                proposer="rw.sutarminah", created_at=moment, updated_at=moment))

    run(insert)
    return {key: [f"USL-{year}-{serial:06d}" for _, year, serial in rows] for key, rows in groups.items()}


def _numbers(html: str) -> list[str]:
    return re.findall(r'<td><a href="/usulan/(USL-[0-9-]+)">', html)


def test_the_list_pages_a_kelurahan_of_a_year_with_each_outcome(client, many):
    first = client.get(f"/usulan?kecamatan={KECAMATAN}&kelurahan={KELURAHAN_A}&tahun=2027")
    assert first.status_code == 200
    html = first.get_data(as_text=True)
    assert _numbers(html) == many["a2027"][:50]
    assert "<h2>55 usulan</h2>" in html and "Diusulkan: 44 · Ditolak: 11" in html
    assert "Halaman 1 dari 2" in html and 'rel="prev"' not in html
    row = re.search(r"<tr><td><a href=\"/usulan/USL-2027-000005\">.*?</tr>", html, re.S).group(0)
    assert "Paving gang" in row and "12,50 m2" in row and "<td>06</td>" in row
    assert "Ditolak" in row and "Usulan ganda" in row
    next_page = re.search(r'<a href="([^"]+)" rel="next">', html).group(1).replace("&amp;", "&")
    second = client.get(next_page).get_data(as_text=True)
    assert _numbers(second) == many["a2027"][50:] and "Halaman 2 dari 2" in second and 'rel="next"' not in second
    assert_no_names(html + second)
    assert "sutarminah" not in (html + second).lower()
    assert_safe_page(first)


def test_the_list_filters_by_kelurahan_and_year(client, many):
    other = client.get(f"/usulan?kelurahan={KELURAHAN_B}&tahun=2027").get_data(as_text=True)
    assert _numbers(other) == many["b2027"]
    assert f'<option value="{KECAMATAN}" selected>' in other  # the kelurahan's kecamatan, found from it
    earlier = client.get(f"/usulan?kecamatan={KECAMATAN}&kelurahan={KELURAHAN_A}&tahun=2026").get_data(as_text=True)
    assert _numbers(earlier) == many["a2026"] and 'id="page-of"' not in earlier
    assert '<option value="2026" selected>' in earlier and '<option value="2027">' in earlier
    empty = client.get(f"/usulan?kelurahan={KELURAHAN_B}&tahun=2026").get_data(as_text=True)
    assert _numbers(empty) == [] and 'id="empty"' in empty


def test_the_form_leads_from_kecamatan_to_kelurahan_and_ignores_what_is_no_choice(client, many):
    start = client.get("/usulan").get_data(as_text=True)
    assert 'name="kecamatan"' in start and 'name="kelurahan"' not in start and _numbers(start) == []
    assert '<option value="2027" selected>' in start  # the newest year with proposals
    chosen = client.get(f"/usulan?kecamatan={KECAMATAN}").get_data(as_text=True)
    assert f'<option value="{KELURAHAN_A}">' in chosen and _numbers(chosen) == []
    for query in ("kecamatan=99.99&kelurahan=nope&tahun=abc&halaman=-1", "tahun=99999999999999&halaman=x",
                  f"kelurahan={KELURAHAN_A}&tahun=2027&halaman=999"):
        response = client.get(f"/usulan?{query}")
        assert response.status_code == 200, query
    last = client.get(f"/usulan?kelurahan={KELURAHAN_A}&tahun=2027&halaman=999").get_data(as_text=True)
    assert _numbers(last) == many["a2027"][50:]  # past the end: the last page
