"""e-Kinerja end to end in headless Chromium: a Bina Marga section head answers and resolves a
complaint on the TPKPM desk; on /kinerja/aktivitas the case is proposed to him from the change log,
one click fills his day's line, he saves and sends it; his head of division approves it on
/kinerja/persetujuan; after the ETL, the OPD's compliance on the Kinerja page has moved from none of
its four people to one."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from core.clock import city_today
from core.working_time import is_working_day
from etl.runner import EtlRunner
from layouts.components.ids_kinerja import Kinerja as K
from layouts.components.ids_kinerja_aktivitas import KinerjaAktivitas as A
from layouts.components.ids_kinerja_persetujuan import KinerjaPersetujuan as P
from modules.complaints import ComplaintIntake, service as complaints
from modules.kinerja.models import KinerjaActivity
from modules.kinerja.sample import add_staff

pytestmark = pytest.mark.browser

OPD, UNIT = "DSDABM", "Bidang Jalan dan Jembatan"
OPD_NAME = "Bina Marga"  # reference/opd.csv's short name, the heat map's row
PASSWORD = "kinerja-sample-1"  # what modules/kinerja/sample.add_staff gives its accounts


@pytest.fixture
def team(seeded):
    """The division head (decides), the section head who works the complaint desk, and two of his
    staff without an account: four active people in the OPD."""
    with seeded.transaction() as session:
        head, _ = add_staff(session, "Kepala Bidang Uji", "Kepala Bidang", opd=OPD, unit=UNIT, username="kabid.jalan")
        officer, _ = add_staff(session, "Kepala Seksi Uji", "Kepala Seksi", opd=OPD, unit=UNIT, supervisor=head,
                               username="kasi.jalan")
        for n in (1, 2):
            add_staff(session, f"Teknisi Uji {n}", "Teknisi", opd=OPD, unit=UNIT, supervisor=officer)
    return seeded


@pytest.fixture
def ticket(team, settings):
    """A pothole complaint from the web form, routed to Bina Marga by the default rules."""
    intake = ComplaintIntake(channel="web", category_code="JALAN_RUSAK", description="Jalan berlubang dalam",
                             lat=-7.2575, lon=112.7521, reporter_name="Warga Uji", reporter_contact="081234567890")
    with team.transaction() as session:
        return complaints.submit_complaint(session, intake, settings).ticket


def heat_cell(page, row_label: str) -> str:
    """The hover text ("1 dari 4 pegawai") of `row_label`'s last column (today) on the heat map."""
    selector = f"#{K.HEATMAP} .js-plotly-plot"
    page.wait_for_function(f"() => {{ const p = document.querySelector('{selector}');"
                           f" return p && p.data && p.data[0] && p.data[0].y; }}", timeout=30_000)
    return page.evaluate(f"""() => {{
        const trace = document.querySelector('{selector}').data[0];
        const row = trace.y.indexOf('{row_label}');
        return row < 0 ? null : trace.customdata[row][trace.customdata[row].length - 1];
    }}""")


def test_a_resolved_complaint_reported_from_the_suggestion_and_approved_moves_the_opds_compliance(
        live_server, page, make_user, switch_user, team, ticket):
    make_user("pimpinan.uji", "pimpinan")
    working_day = is_working_day(city_today())
    EtlRunner(team).run_once()  # the staff mart knows the four people
    if working_day:
        switch_user("pimpinan.uji", "/kinerja")
        assert heat_cell(page, OPD_NAME) == "0 dari 4 pegawai"

    # the section head answers and resolves the complaint on his desk
    switch_user("kasi.jalan", "/tpkpm", password=PASSWORD)
    page.locator("#tpkpm-queue td", has_text=ticket).first.click(timeout=30_000)
    page.locator("#tpkpm-detail", has_text=f"Aduan {ticket}").wait_for(timeout=20_000)
    for action, label, status in (("respond", "Tanggapi", "Ditanggapi"), ("resolve", "Selesaikan", "Selesai")):
        page.fill("#tpkpm-note", "Tim menambal lubang." if action == "resolve" else "Tim menuju lokasi.")
        page.click(f"#tpkpm-action-{action}")
        page.locator("#tpkpm-message", has_text=f"{label}: aduan {ticket} berhasil diperbarui; status sekarang "
                                                f"{status}.").wait_for(timeout=20_000)

    # ... and reports it from the suggestion: one click, save, send
    page.goto(f"{live_server}/kinerja/aktivitas")
    page.get_by_role("button", name=f"Laporkan {ticket}").click(timeout=30_000)
    page.wait_for_function(f"() => document.querySelector('#{A.LINK_REF}').value === '{ticket}'", timeout=20_000)
    page.click(f"#{A.SAVE}")
    page.get_by_text("tersimpan sebagai draf").wait_for(timeout=20_000)
    line = page.locator(f"#{A.HISTORY} tr", has_text=ticket)  # the table reloads after the save: wait for it
    line.wait_for(timeout=20_000)
    line.locator("input[type=checkbox]").check()
    page.click(f"#{A.SEND}")
    page.get_by_text("1 kegiatan terkirim").wait_for(timeout=20_000)

    # his head of division approves it
    switch_user("kabid.jalan", "/kinerja/persetujuan", password=PASSWORD)
    queued = page.locator(f"#{P.QUEUE} tr", has_text=ticket)
    queued.wait_for(timeout=30_000)
    queued.locator("input[type=checkbox]").check()
    page.click(f"#{P.APPROVE}")
    page.get_by_text("1 kegiatan disetujui").wait_for(timeout=20_000)
    with team.session() as session:
        [activity] = session.scalars(select(KinerjaActivity)).all()
    assert (activity.status, activity.link_kind, activity.link_ref) == ("approved", "complaint", ticket)

    # the ETL carries it to the marts; the mayor's office sees Bina Marga's day move
    EtlRunner(team).run_once()
    if working_day:  # the heat map's days are working days: on a weekend or holiday today has no column
        switch_user("pimpinan.uji", "/kinerja")
        assert heat_cell(page, OPD_NAME) == "1 dari 4 pegawai"
