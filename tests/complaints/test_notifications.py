"""The notification outbox, on SQLite and PostgreSQL, against a real SMTP server (aiosmtpd) and a real
HTTP gateway that checks the signature: feedback and its outbox row commit together, the worker
delivers, retries with backoff and marks a message failed for staff, two workers never send one
message twice, a channel without a sender is skipped, and OPD heads get one digest per window."""

from __future__ import annotations

import threading
from datetime import timedelta

import pytest
from complaints_helpers import BINA_MARGA, DLH, NOW, OPERATOR, OTHER_POINT
from notify_servers import Gateway, SmtpServer
from sqlalchemy import func, select

from core.settings import SettingsError
from modules.complaints import notifications, transitions
from modules.complaints.models import Complaint, ComplaintHistory, ComplaintNotification
from modules.complaints.notify_worker import deliver_due, queue_digests
from modules.complaints.service import find_by_ticket, sweep_sla_breaches

FEEDBACK = "Lubang sudah ditambal hari ini. Terima kasih atas laporannya."
GATEWAY_SECRET = "gateway-secret-for-tests"


@pytest.fixture
def smtp():
    with SmtpServer() as server:
        yield server


@pytest.fixture
def gateway():
    with Gateway(GATEWAY_SECRET) as server:
        yield server


@pytest.fixture
def notify_settings(settings, smtp, gateway):
    return settings.override(complaints={
        "smtp_host": "127.0.0.1", "smtp_port": smtp.port, "smtp_starttls": False, "smtp_from": "pantau@kota.test",
        "gateway_url": gateway.url, "gateway_secret": GATEWAY_SECRET, "notify_max_attempts": 3,
        "notify_retry_seconds": 60.0, "notify_public_url": "https://pantau.kota.test",
        "smtp_timeout_seconds": 5.0, "gateway_timeout_seconds": 5.0})


@pytest.fixture
def answered(file, act):
    """answered(**intake changes) -> id of a complaint Bina Marga responded to and sent feedback on."""

    def do(message: str = FEEDBACK, **changes) -> int:
        complaint_id = file(**changes)
        act("respond", BINA_MARGA, complaint_id, "catatan internal: tim dikirim")
        act("send_feedback", BINA_MARGA, complaint_id, message)
        return complaint_id

    return do


def outbox(databases) -> list[ComplaintNotification]:
    with databases.session() as session:
        return list(session.scalars(select(ComplaintNotification).order_by(ComplaintNotification.id)))


# --- choosing the channel --------------------------------------------------------------------------------

@pytest.mark.parametrize("channel, contact, expected", [
    ("sms", "081234567890", ("sms", "081234567890")),
    ("whatsapp", "+6281234567890", ("whatsapp", "+6281234567890")),
    ("web", "siti@contoh.id", ("email", "siti@contoh.id")),
    ("web", "0812 3456 7890, siti@contoh.id", ("email", "siti@contoh.id")),  # Open311 joins phone and e-mail
    ("phone", "0812-3456-7890", ("sms", "081234567890")),
    ("twitter", "@warga_sby", ("none", None)),
    ("web", None, ("none", None)),
])
def test_the_channel_follows_how_the_citizen_came(channel, contact, expected):
    assert notifications.choose_channel(channel, contact) == expected


# --- the transaction -------------------------------------------------------------------------------------

def test_feedback_writes_one_outbox_row_without_contact_data(answered, databases):
    complaint_id = answered(reporter_contact="siti@contoh.id")
    [row] = outbox(databases)
    assert (row.kind, row.complaint_id, row.channel, row.status, row.attempts) == \
        ("feedback", complaint_id, "email", "pending", 0)
    assert row.message == FEEDBACK and row.opd_code == "DSDABM"
    assert "siti@contoh.id" not in repr({c.name: getattr(row, c.name) for c in row.__table__.columns})


def test_an_anonymous_citizen_gets_a_skipped_row_saying_why(answered, databases):
    answered(reporter_name=None, reporter_contact=None)
    [row] = outbox(databases)
    assert (row.channel, row.status, row.last_error) == ("none", "skipped", "no_contact")


def test_a_failing_outbox_insert_leaves_no_feedback_behind(seeded, file, act, load, databases, monkeypatch):
    complaint_id = file()
    act("respond", BINA_MARGA, complaint_id, "diterima")
    with databases.session() as session:
        steps_before = session.scalar(select(func.count()).select_from(ComplaintHistory))

    def broken_queue(session, complaint, message, now):  # a row the database refuses (message NOT NULL)
        return notifications.queue_feedback(session, complaint, None, now)

    monkeypatch.setattr(transitions, "queue_feedback", broken_queue)
    with pytest.raises(Exception):
        act("send_feedback", BINA_MARGA, complaint_id, FEEDBACK)
    complaint = load(complaint_id)
    assert complaint.feedback_at is None
    with databases.session() as session:
        assert session.scalar(select(func.count()).select_from(ComplaintHistory)) == steps_before
    assert outbox(databases) == []


def test_an_overlong_feedback_is_refused_naming_the_field(file, act):
    from modules.complaints.errors import ComplaintValidationError

    complaint_id = file()
    act("respond", BINA_MARGA, complaint_id, "diterima")
    with pytest.raises(ComplaintValidationError) as refused:
        act("send_feedback", BINA_MARGA, complaint_id, "x" * (transitions.MAX_FEEDBACK + 1))
    assert refused.value.errors[0][0] == "note"


# --- delivering ------------------------------------------------------------------------------------------

def test_email_reaches_the_smtp_server_in_indonesian_with_ticket_message_and_link(answered, databases,
                                                                                   notify_settings, smtp):
    complaint_id = answered(reporter_contact="siti@contoh.id")
    assert deliver_due(databases, notify_settings, NOW) == {outbox(databases)[0].id: "sent"}
    [mail] = smtp.messages
    with databases.session() as session:
        ticket = session.get(Complaint, complaint_id).ticket
    body = mail.get_content()
    assert mail["To"] == "siti@contoh.id" and mail["From"] == "pantau@kota.test"
    assert ticket in mail["Subject"] and mail["Subject"].startswith("Tanggapan atas laporan")
    assert FEEDBACK in body and f"https://pantau.kota.test/lacak/{ticket}" in body and "Yth." in body
    assert "catatan internal" not in body
    [row] = outbox(databases)
    assert (row.status, row.attempts, row.sent_at, row.last_error) == ("sent", 1, NOW, None)


def test_sms_goes_to_the_gateway_signed_as_the_webhook_convention(answered, databases, notify_settings, gateway):
    answered(channel="sms", reporter_contact="081234567890")
    deliver_due(databases, notify_settings, NOW)
    [call] = gateway.received
    assert (call["channel"], call["to"]) == ("sms", "081234567890")
    assert FEEDBACK in call["text"] and call["ticket"] in call["text"] and "/lacak/" in call["text"]
    assert call["message_id"] == f"pantau-notification-{outbox(databases)[0].id}"
    assert outbox(databases)[0].status == "sent"


def test_a_wrongly_signed_gateway_call_is_refused_and_retried(answered, databases, notify_settings, gateway):
    answered(channel="whatsapp", reporter_contact="081234567890")
    gateway.secret = "the-gateway-has-another-secret"
    assert list(deliver_due(databases, notify_settings, NOW).values()) == ["pending"]
    assert gateway.refused and not gateway.received
    [row] = outbox(databases)
    assert (row.last_error, row.next_attempt_at) == ("http 401", NOW + timedelta(seconds=60))


def test_retries_back_off_then_the_message_fails_and_staff_see_it(answered, databases, notify_settings, smtp):
    from core.services import Services
    from data import complaint_desk as desk

    complaint_id = answered(reporter_contact="siti@contoh.id")
    smtp.refuse("451 4.3.0 mailbox busy, try later")
    assert list(deliver_due(databases, notify_settings, NOW).values()) == ["pending"]  # attempt 1
    assert deliver_due(databases, notify_settings, NOW + timedelta(seconds=59)) == {}  # not due yet
    assert list(deliver_due(databases, notify_settings, NOW + timedelta(seconds=60)).values()) == ["pending"]
    [row] = outbox(databases)
    assert row.next_attempt_at == NOW + timedelta(seconds=60 + 120)  # doubled
    assert deliver_due(databases, notify_settings, NOW + timedelta(seconds=179)) == {}
    assert list(deliver_due(databases, notify_settings, NOW + timedelta(seconds=180)).values()) == ["failed"]
    assert deliver_due(databases, notify_settings, NOW + timedelta(days=1)) == {}  # never again
    [row] = outbox(databases)
    assert (row.status, row.attempts, row.last_error) == ("failed", 3, "smtp 451")

    services = Services(notify_settings, databases, None)
    assert desk.undelivered(services, OPERATOR)["failed"] == 1
    assert desk.undelivered(services, BINA_MARGA)["failed"] == 1
    assert desk.undelivered(services, DLH)["failed"] == 0  # another OPD's complaint
    [shown] = desk.detail(services, BINA_MARGA, complaint_id)["notifications"]
    assert shown["status_name"] == "Gagal terkirim" and "451" in shown["error"] and shown["attempts"] == 3


def test_a_refused_recipient_keeps_the_code_not_the_address(answered, databases, notify_settings, smtp):
    answered(reporter_contact="siti@contoh.id")

    async def refuse_rcpt(_server, _session, _envelope, address, _options):
        return f"550 5.1.1 <{address}> no such user"

    smtp.inbox.handle_RCPT = refuse_rcpt
    deliver_due(databases, notify_settings, NOW)
    [row] = outbox(databases)
    assert row.last_error == "smtp 550" and "siti" not in row.last_error


def test_a_channel_without_a_sender_is_skipped_with_the_reason(answered, databases, settings):
    answered(reporter_contact="siti@contoh.id")  # the test settings configure no SMTP host, as `make run`
    assert list(deliver_due(databases, settings, NOW).values()) == ["skipped"]
    [row] = outbox(databases)
    assert (row.status, row.last_error, row.sent_at) == ("skipped", "sender_not_configured", None)


def test_two_workers_never_send_one_message_twice(seeded, file, act, databases, notify_settings, smtp):
    for number in range(8):
        complaint_id = file(reporter_contact=f"warga{number}@contoh.id")
        act("respond", BINA_MARGA, complaint_id, "diterima")
        act("send_feedback", BINA_MARGA, complaint_id, f"{FEEDBACK} #{number}")
    results, start = [], threading.Barrier(2)

    def work():
        start.wait()
        results.append(deliver_due(databases, notify_settings, NOW, limit=8))

    workers = [threading.Thread(target=work) for _ in range(2)]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join(60)
    claimed = [row_id for result in results for row_id in result]
    assert sorted(claimed) == [row.id for row in outbox(databases)]  # each row once, by one worker
    assert sorted(to for _from, [to] in smtp.inbox.envelopes) == sorted(f"warga{n}@contoh.id" for n in range(8))


def test_a_claim_whose_lease_ran_out_is_taken_over(answered, databases, notify_settings):
    answered()
    lease = notify_settings.complaints.notify_claim_seconds
    with databases.transaction() as session:
        [first] = notifications.claim_due(session, "worker-a", NOW, lease, settings=notify_settings)
    with databases.transaction() as session:
        assert notifications.claim_due(session, "worker-b", NOW + timedelta(seconds=lease - 1), lease) == []
        [second] = notifications.claim_due(session, "worker-b", NOW + timedelta(seconds=lease), lease)
    assert first.id == second.id and second.attempts == 2
    with databases.transaction() as session:
        lost = notifications.record_outcome(session, first, notifications.Outcome("sent"), notify_settings, NOW)
    assert lost is None and outbox(databases)[0].status == "pending"


# --- what the citizen reads ------------------------------------------------------------------------------

def test_the_public_view_carries_the_feedback_but_no_staff_note(answered, databases):
    complaint_id = answered()
    with databases.session() as session:
        view = find_by_ticket(session, session.get(Complaint, complaint_id).ticket)
    assert [step.message for step in view.feedback] == [FEEDBACK]
    assert all("catatan internal" not in (step.message or "") for step in view.timeline)


# --- SLA digests -----------------------------------------------------------------------------------------

@pytest.fixture
def digest_settings(notify_settings):
    return notify_settings.override(complaints={
        "digest_minutes": 60, "opd_head_emails": ["DSDABM=kadis@dsdabm.kota.test", "DSDABM=sekdis@dsdabm.kota.test",
                                                  "DLH=kadis@dlh.kota.test"]})


def test_a_digest_per_opd_lists_each_missed_deadline_once(file, databases, digest_settings, smtp):
    late = [file(), file(lat=OTHER_POINT[0], lon=OTHER_POINT[1]), file(category_code="SAMPAH")]
    with databases.transaction() as session:
        sweep_sla_breaches(session, digest_settings, NOW + timedelta(hours=2))  # first responses missed
    at = NOW + timedelta(hours=2, minutes=1)
    written = queue_digests(databases, digest_settings, at)
    assert len(written) == 2
    rows = {row.opd_code: row for row in outbox(databases)}
    assert set(rows) == {"DSDABM", "DLH"}
    with databases.session() as session:
        tickets = {cid: session.get(Complaint, cid).ticket for cid in late}
    assert tickets[late[0]] in rows["DSDABM"].message and tickets[late[1]] in rows["DSDABM"].message
    assert tickets[late[2]] in rows["DLH"].message and tickets[late[2]] not in rows["DSDABM"].message
    assert "tanggapan pertama terlambat 1 jam 1 menit" in rows["DLH"].message
    assert "Budi" not in rows["DSDABM"].message and "0812" not in rows["DSDABM"].message

    assert queue_digests(databases, digest_settings, at + timedelta(minutes=5)) == []  # same window
    assert queue_digests(databases, digest_settings, at + timedelta(hours=1)) == []  # nothing new
    deliver_due(databases, digest_settings, at)
    recipients = sorted(to for _from, tos in smtp.inbox.envelopes for to in tos)
    assert recipients == ["kadis@dlh.kota.test", "kadis@dsdabm.kota.test", "sekdis@dsdabm.kota.test"]

    newer = file(now=NOW + timedelta(hours=1))
    with databases.transaction() as session:
        sweep_sla_breaches(session, digest_settings, NOW + timedelta(hours=3))
    [again] = queue_digests(databases, digest_settings, NOW + timedelta(hours=3, minutes=1))
    with databases.session() as session:
        message = session.get(ComplaintNotification, again).message
        newer_ticket = session.get(Complaint, newer).ticket
    assert newer_ticket in message and tickets[late[0]] not in message


def test_with_remind_a_still_open_breach_is_listed_again(file, act, databases, digest_settings):
    settings = digest_settings.override(complaints={"digest_remind": True})
    open_one, answered_one = file(), file(lat=OTHER_POINT[0], lon=OTHER_POINT[1])
    with databases.transaction() as session:
        sweep_sla_breaches(session, settings, NOW + timedelta(hours=2))
    assert len(queue_digests(databases, settings, NOW + timedelta(hours=2))) == 1
    act("respond", BINA_MARGA, answered_one, "diterima", now=NOW + timedelta(hours=2, minutes=10))
    [again] = queue_digests(databases, settings, NOW + timedelta(hours=3))
    with databases.session() as session:
        message = session.get(ComplaintNotification, again).message
        assert session.get(Complaint, open_one).ticket in message
        assert session.get(Complaint, answered_one).ticket not in message  # met since: not late any more


# --- settings --------------------------------------------------------------------------------------------

@pytest.mark.parametrize("changes, key", [
    ({"gateway_url": "https://gateway.test/send"}, "complaints.gateway_secret"),
    ({"opd_head_emails": ["DSDABM kadis@x.test"]}, "complaints.opd_head_emails"),
    ({"smtp_port": 70000}, "complaints.smtp_port"),
    ({"notify_max_attempts": 0}, "complaints.notify_max_attempts"),
    ({"notify_public_url": "pantau.kota"}, "complaints.notify_public_url"),
])
def test_wrong_notification_settings_are_refused_naming_the_key(settings, changes, key):
    with pytest.raises(SettingsError) as refused:
        settings.override(complaints=changes)
    assert refused.value.key == key


def test_a_sender_that_crashes_costs_one_attempt_not_the_pass(answered, databases, notify_settings, smtp,
                                                              monkeypatch):
    from modules.complaints import notify_senders

    answered(reporter_contact="siti@contoh.id")
    answered(channel="sms", reporter_contact="081234567890")

    def crash(_section, _claimed):
        raise ValueError("a bug in the e-mail sender")

    monkeypatch.setattr(notify_senders, "send_email", crash)
    assert sorted(deliver_due(databases, notify_settings, NOW).values()) == ["pending", "sent"]
    email_row = next(row for row in outbox(databases) if row.channel == "email")
    assert (email_row.status, email_row.last_error, email_row.claim_token) == ("pending", "ValueError", None)


def test_two_digest_jobs_in_one_window_write_one_digest_per_opd(file, databases, digest_settings):
    file(), file(category_code="SAMPAH")
    with databases.transaction() as session:
        sweep_sla_breaches(session, digest_settings, NOW + timedelta(hours=2))
    written, start = [], threading.Barrier(2)

    def job():
        start.wait()
        written.extend(queue_digests(databases, digest_settings, NOW + timedelta(hours=2)))

    jobs = [threading.Thread(target=job) for _ in range(2)]
    for each in jobs:
        each.start()
    for each in jobs:
        each.join(60)
    assert sorted(row.opd_code for row in outbox(databases)) == ["DLH", "DSDABM"]
    assert sorted(written) == [row.id for row in outbox(databases)]


def test_the_domain_runs_the_delivery_and_digest_workers():
    from core.domains import resolved
    from modules.complaints.notify_worker import start_delivery, start_digests

    starters = [start for _domain, start in resolved("workers")]
    assert start_delivery in starters and start_digests in starters
