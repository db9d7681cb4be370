"""An OPD officer sends feedback from the TPKPM desk in headless Chromium; the delivery worker (the
real thread) e-mails it to the citizen through a real SMTP server (aiosmtpd), and the message shows
on the citizen's /lacak page, without the officer's internal note or the reporter's contact."""

import pytest
from notify_servers import SmtpServer, wait_for

from core.users import Viewer
from modules.complaints import ComplaintIntake, service
from modules.complaints.notify_worker import NotificationWorker

pytestmark = pytest.mark.browser

MESSAGE = "Lubang di Jl. Tunjungan sudah ditambal pagi ini. Terima kasih, Bu Siti."
INTERNAL = "catatan internal: tim aspal regu 3"
OPERATOR = Viewer(user_id="t:op", username="operator.uji", role="operator")


@pytest.fixture
def smtp():
    with SmtpServer() as server:
        yield server


@pytest.fixture
def settings(settings, smtp):
    return settings.override(complaints={"smtp_host": "127.0.0.1", "smtp_port": smtp.port, "smtp_starttls": False,
                                         "notify_poll_seconds": 0.2})


@pytest.fixture
def complaint(databases, settings):
    """A Bina Marga complaint from the web form with the citizen's e-mail, responded to."""
    intake = ComplaintIntake(channel="web", category_code="JALAN_RUSAK", description="Jalan berlubang dalam",
                             lat=-7.2575, lon=112.7521, reporter_name="Siti Aminah",
                             reporter_contact="siti.aminah@contoh.id")
    with databases.transaction() as session:
        service.seed_routing_rules(session)
        filed = service.submit_complaint(session, intake, settings)
        service.respond(session, OPERATOR, filed.id, INTERNAL)
        return filed.ticket


def test_feedback_from_the_desk_reaches_the_citizen_by_email_and_on_lacak(live_server, page, make_user, fill_login,
                                                                          databases, settings, smtp, complaint):
    make_user("binamarga.uji", "opd", opd_code="DSDABM")
    page.goto(f"{live_server}/login")
    fill_login(page, "binamarga.uji", "password-123")
    page.goto(f"{live_server}/tpkpm")
    page.locator("#tpkpm-queue td", has_text=complaint).first.click(timeout=20_000)
    page.locator("#tpkpm-detail", has_text=f"Aduan {complaint}").wait_for(timeout=10_000)
    page.fill("#tpkpm-note", MESSAGE)
    page.click("#tpkpm-action-send-feedback")
    page.locator("#tpkpm-message", has_text="berhasil").wait_for(timeout=10_000)

    worker = NotificationWorker(databases, settings).start()
    try:
        [mail] = wait_for(lambda: smtp.messages, timeout=15)
    finally:
        worker.stop()
    assert mail["To"] == "siti.aminah@contoh.id" and complaint in mail["Subject"]
    assert MESSAGE in mail.get_content() and f"/lacak/{complaint}" in mail.get_content()

    page.locator("#tpkpm-queue td", has_text=complaint).first.click()  # the detail shows the delivery
    page.locator("#tpkpm-notifications", has_text="Terkirim").wait_for(timeout=10_000)

    page.goto(f"{live_server}/lacak/{complaint}")
    assert MESSAGE in page.locator("#feedback").inner_text()
    body = page.locator("body").inner_text()
    assert INTERNAL not in body and "siti.aminah@contoh.id" not in body and "Siti Aminah" not in body
