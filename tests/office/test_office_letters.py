"""The e-Office services on a real database (both backends): an incoming letter and an outgoing one
through every step, the agenda and letter numbers of an OPD's year, each refusal naming its field
with nothing written, and the change log: one row per write, with its actor, ids and times only."""

from __future__ import annotations

from datetime import date, datetime, timedelta, timezone

import pytest

from core.users import Viewer
from modules.office import dispositions, incoming, outgoing, workflow
from modules.office.access import actor_of
from modules.office.attachments import Upload
from modules.office.errors import OfficeAccessDenied, OfficeValidationError, OfficeWorkflowError
from modules.office.extract import snapshots_by_entity
from modules.office.models import OfficeAttachment, OfficeLetter
from modules.office.numbers import display_number
from modules.office.sample import letter_form
from modules.staff.models import Staff

from office_setup import NOW, TODAY

LATER = NOW + timedelta(hours=2)


def refused(desk, written, error, field, code, function, *args, **kwargs):
    before = written()
    with pytest.raises(error) as raised:
        desk.run(function, *args, **kwargs)
    assert (raised.value.field, raised.value.code) == (field, code), raised.value
    assert written() == before, "a refusal wrote something"
    return raised.value


# --- incoming ------------------------------------------------------------------------------------------

def test_an_incoming_letter_goes_from_registration_to_the_archive(desk, pdf):
    letter_id = desk.register(uploads=[pdf], reference_number="005/77/436/2026", correspondent="Bappedalitbang")
    letter = desk.letter(letter_id)
    assert (letter.status, letter.number_year, letter.number, letter.created_by) == (
        workflow.REGISTERED, 2026, 1, desk.id("registrar"))
    assert display_number(letter) == "0001/DISHUB/2026"
    assert letter.due_date == date(2026, 12, 7)  # 5 working days after Monday 30 November
    assert desk.count(OfficeAttachment) == 1

    desk.run(incoming.distribute, desk.people["registrar"], letter_id, [desk.id("head")], now=NOW)
    assert desk.letter(letter_id).status == workflow.DISTRIBUTED
    desk.run(incoming.read, desk.people["head"], letter_id, now=LATER)
    assert (desk.letter(letter_id).status, desk.letter(letter_id).first_read_at) == (workflow.READ, LATER)
    [order] = desk.dispose("head", letter_id, ["traffic"], now=LATER)
    assert desk.letter(letter_id).status == workflow.DISPOSED
    desk.run(dispositions.finish, desk.people["traffic"], order, "Sudah dikoordinasikan", now=LATER)
    desk.run(incoming.follow_up, desk.people["head"], letter_id, "Selesai ditindaklanjuti", now=LATER)
    assert desk.letter(letter_id).status == workflow.FOLLOWED_UP
    desk.run(incoming.archive, desk.people["registrar"], letter_id, now=LATER)
    assert desk.letter(letter_id).status == workflow.ARCHIVED

    log = desk.log()
    assert [entry.payload["status"] for entry in log] == [
        "registered", "distributed", "read", "disposed", "followed_up", "archived"]
    assert [entry.actor for entry in log] == [desk.people[k].username for k in (
        "registrar", "registrar", "head", "head", "head", "registrar")]
    assert log[-1].payload["recipients"] == [{"staff_id": desk.id("head"), "read_at": LATER.isoformat()}]


def test_reading_again_changes_nothing_and_logs_nothing(desk):
    letter_id = desk.received()
    desk.run(incoming.read, desk.people["head"], letter_id, now=NOW)
    rows = len(desk.log())
    desk.run(incoming.read, desk.people["head"], letter_id, now=LATER)
    assert len(desk.log()) == rows and desk.letter(letter_id).first_read_at == NOW


def test_agenda_numbers_run_per_opd_and_year_and_a_refusal_leaves_no_gap(desk):
    first, second = desk.register(), desk.register()
    other = desk.register(actor="dlh_registrar")
    with pytest.raises(OfficeValidationError):
        desk.register(classification="1.2")  # refused: the counter rolls back with it
    third = desk.register()
    new_year = desk.register(now=datetime(2026, 12, 31, 17, 30, tzinfo=timezone.utc),  # 00:30 on 1 Jan, city time
                             letter_date="2026-12-31")
    numbers = {letter: (desk.letter(letter).number_year, desk.letter(letter).number)
               for letter in (first, second, other, third, new_year)}
    assert numbers == {first: (2026, 1), second: (2026, 2), other: (2026, 1), third: (2026, 3), new_year: (2027, 1)}
    assert display_number(desk.letter(other)) == "0001/DLH/2026"


BAD_REGISTRATIONS = [
    ({"classification": "1.2"}, "classification", "office_classification_format"),
    ({"classification": "000.1.2.3.4"}, "classification", "office_classification_format"),
    ({"security": "sangat rahasia"}, "security", "office_unknown_choice"),
    ({"subject": "   "}, "subject", "office_required"),
    ({"correspondent": "x" * 201}, "correspondent", "office_text_too_long"),
    ({"letter_date": "2026-12-01"}, "letter_date", "office_in_future"),
    ({"letter_date": "30/11/2026"}, "letter_date", "office_bad_date"),
    ({"due_date": "2026-11-20"}, "due_date", "office_date_order"),
    ({"link_kind": "complaint"}, "link_id", "office_link_pair"),
    ({"link_id": 4}, "link_kind", "office_link_pair"),
    ({"link_kind": "letter", "link_id": 4}, "link_kind", "office_unknown_choice"),
    ({"link_kind": "complaint", "link_id": 999}, "link_id", "office_link_unknown"),
    ({"link_kind": "proposal", "link_id": True}, "link_id", "office_not_a_number"),
]


@pytest.mark.parametrize("change, field, code", BAD_REGISTRATIONS, ids=[c for _, _, c in BAD_REGISTRATIONS])
def test_a_bad_registration_names_its_field_and_writes_nothing(desk, written, change, field, code):
    form = letter_form("Undangan", letter_date="2026-11-27") | change
    refused(desk, written, OfficeValidationError, field, code, incoming.register, desk.people["registrar"], form,
            [], desk.settings.office, now=NOW)


def test_an_attachment_that_is_no_pdf_or_too_large_is_refused_with_the_whole_letter(desk, written, pdf):
    limit = desk.settings.office.max_attachment_mb * 1024 * 1024
    bad = {"office_not_pdf": Upload("surat.pdf", b"\x89PNG\r\n\x1a\n" + b"0" * 100),
           "office_attachment_too_large": Upload("besar.pdf", b"%PDF-1.4\n" + b"0" * (limit - 8)),
           "office_attachment_empty": Upload("kosong.pdf", b"")}
    for code, upload in bad.items():
        error = refused(desk, written, OfficeValidationError, "attachment", code, incoming.register,
                        desk.people["registrar"], {"correspondent": "A", "subject": "B", "letter_date": "2026-11-27",
                                                   "classification": "000", "security": "biasa"},
                        [pdf, upload], desk.settings.office, now=NOW)
        assert error.params["filename"] == upload.filename
    refused(desk, written, OfficeValidationError, "attachment", "office_too_many_attachments", incoming.register,
            desk.people["registrar"], {"correspondent": "A", "subject": "B", "letter_date": "2026-11-27",
                                       "classification": "000", "security": "biasa"}, [pdf] * 6,
            desk.settings.office, now=NOW)
    exactly = Upload("pas.pdf", b"%PDF-" + b"0" * (limit - 5))
    desk.register(uploads=[exactly])
    assert desk.count(OfficeAttachment) == 1


def test_only_a_registrar_of_the_opd_registers_and_distributes(desk, written):
    form = {"correspondent": "A", "subject": "B", "letter_date": "2026-11-27", "classification": "000",
            "security": "biasa"}
    refused(desk, written, OfficeAccessDenied, "actor", "office_not_registrar", incoming.register,
            desk.people["analyst"], form, [], desk.settings.office, now=NOW)
    with desk.databases.session() as session:  # the registrar signed in with a city-wide account
        city_wide = actor_of(session.get(Staff, desk.id("registrar")),
                             Viewer(user_id="p", username="pimpinan", role="pimpinan"), desk.settings.office)
    refused(desk, written, OfficeAccessDenied, "actor", "office_not_registrar", incoming.register, city_wide, form,
            [], desk.settings.office, now=NOW)
    letter_id = desk.register()
    refused(desk, written, OfficeAccessDenied, "letter_id", "office_may_not_read", incoming.distribute,
            desk.people["dlh_registrar"], letter_id, [desk.id("head")], now=NOW)
    refused(desk, written, OfficeValidationError, "staff_ids", "office_staff_other_opd", incoming.distribute,
            desk.people["registrar"], letter_id, [desk.id("head"), desk.id("dlh_head")], now=NOW)
    refused(desk, written, OfficeValidationError, "staff_ids", "office_staff_list", incoming.distribute,
            desk.people["registrar"], letter_id, [desk.id("head"), desk.id("head")], now=NOW)
    refused(desk, written, OfficeValidationError, "staff_ids", "office_unknown_staff", incoming.distribute,
            desk.people["registrar"], letter_id, [10_000], now=NOW)
    refused(desk, written, OfficeWorkflowError, "status", "office_step_refused", incoming.archive,
            desk.people["registrar"], letter_id, now=NOW)


def test_follow_up_needs_a_recipient_a_note_and_no_open_disposition(desk, written):
    letter_id = desk.received()
    [order] = desk.dispose("head", letter_id, ["traffic"])
    refused(desk, written, OfficeAccessDenied, "actor", "office_not_recipient", incoming.follow_up,
            desk.people["traffic"], letter_id, "Selesai", now=NOW)
    refused(desk, written, OfficeValidationError, "note", "office_note_required", incoming.follow_up,
            desk.people["head"], letter_id, " ", now=NOW)
    error = refused(desk, written, OfficeWorkflowError, "status", "office_dispositions_open", incoming.follow_up,
                    desk.people["head"], letter_id, "Selesai", now=NOW)
    assert error.params["count"] == 1
    desk.run(dispositions.finish, desk.people["traffic"], order, "Dilaksanakan", now=NOW)
    desk.run(incoming.follow_up, desk.people["head"], letter_id, "Selesai", now=NOW)
    assert desk.letter(letter_id).follow_up_note == "Selesai"


# --- outgoing ------------------------------------------------------------------------------------------

def test_an_outgoing_letter_is_initialled_in_order_signed_numbered_sent_and_archived(desk, written):
    desk.register()  # the incoming agenda has its own numbers
    letter_id = desk.draft(verifiers=("chief", "traffic"))
    assert desk.letter(letter_id).status == workflow.DRAFT
    desk.run(outgoing.submit, desk.people["analyst"], letter_id, now=NOW)
    assert desk.letter(letter_id).status == workflow.IN_REVIEW
    error = refused(desk, written, OfficeAccessDenied, "actor", "office_not_your_turn", outgoing.initial,
                    desk.people["traffic"], letter_id, now=NOW)
    assert error.params["staff_id"] == desk.id("chief")
    refused(desk, written, OfficeWorkflowError, "status", "office_step_refused", outgoing.sign,
            desk.people["head"], letter_id, now=NOW)
    desk.run(outgoing.initial, desk.people["chief"], letter_id, now=NOW)
    assert desk.letter(letter_id).status == workflow.IN_REVIEW
    refused(desk, written, OfficeAccessDenied, "actor", "office_not_taker", outgoing.initial,
            desk.people["chief"], letter_id, now=NOW)
    desk.run(outgoing.initial, desk.people["traffic"], letter_id, now=LATER)
    assert desk.letter(letter_id).status == workflow.READY_TO_SIGN
    refused(desk, written, OfficeAccessDenied, "actor", "office_not_taker", outgoing.sign,
            desk.people["traffic"], letter_id, now=NOW)
    refused(desk, written, OfficeWorkflowError, "status", "office_step_refused", outgoing.number,
            desk.people["registrar"], letter_id, now=NOW)
    desk.run(outgoing.sign, desk.people["head"], letter_id, now=LATER)
    assert (desk.letter(letter_id).status, desk.letter(letter_id).letter_date) == (workflow.SIGNED, TODAY)
    refused(desk, written, OfficeAccessDenied, "actor", "office_not_registrar", outgoing.number,
            desk.people["analyst"], letter_id, now=NOW)
    desk.run(outgoing.number, desk.people["registrar"], letter_id, now=LATER)
    letter = desk.letter(letter_id)
    assert (letter.status, letter.number_year, letter.number) == (workflow.NUMBERED, 2026, 1)
    assert display_number(letter) == "000.1.2/0001/DISHUB/2026"
    refused(desk, written, OfficeAccessDenied, "actor", "office_not_taker", outgoing.send,
            desk.people["chief"], letter_id, now=NOW)
    desk.run(outgoing.send, desk.people["analyst"], letter_id, now=LATER)
    desk.run(outgoing.archive, desk.people["registrar"], letter_id, now=LATER)
    payloads = [entry.payload for entry in desk.log() if entry.payload["direction"] == "outgoing"]
    assert [p["status"] for p in payloads] == ["draft", "in_review", "in_review", "ready_to_sign", "signed",
                                               "numbered", "sent", "archived"]
    assert [v["initialled_at"] for v in payloads[3]["verifiers"]] == [NOW.isoformat(), LATER.isoformat()]


def test_a_returned_draft_loses_its_initials_and_starts_again(desk, written):
    letter_id = desk.draft(verifiers=("chief",))
    desk.run(outgoing.submit, desk.people["analyst"], letter_id, now=NOW)
    refused(desk, written, OfficeValidationError, "note", "office_note_required", outgoing.return_to_drafter,
            desk.people["chief"], letter_id, "", now=NOW)
    desk.run(outgoing.return_to_drafter, desk.people["chief"], letter_id, "Perbaiki dasar hukum", now=NOW)
    assert (desk.letter(letter_id).status, desk.letter(letter_id).return_note) == (
        workflow.DRAFT, "Perbaiki dasar hukum")
    desk.run(outgoing.submit, desk.people["analyst"], letter_id, now=NOW)
    desk.run(outgoing.initial, desk.people["chief"], letter_id, now=NOW)
    refused(desk, written, OfficeAccessDenied, "actor", "office_not_taker", outgoing.return_to_drafter,
            desk.people["chief"], letter_id, "Lagi", now=NOW)  # all initialled: only the signer returns it now
    desk.run(outgoing.return_to_drafter, desk.people["head"], letter_id, "Ganti tujuan", now=NOW)
    assert desk.log()[-1].payload["verifiers"] == [{"staff_id": desk.id("chief"), "position": 1,
                                                    "initialled_at": None}]


def test_a_letter_without_verifiers_goes_straight_to_its_signer(desk):
    letter_id = desk.draft(drafter="chief", signer="traffic", verifiers=())
    desk.run(outgoing.submit, desk.people["chief"], letter_id, now=NOW)
    assert desk.letter(letter_id).status == workflow.READY_TO_SIGN


BAD_DRAFTS = [
    ({"signer": "driver"}, "signer_id", "office_signer_chain"),          # not above the analyst
    ({"signer": "traffic", "verifiers": ("head",)}, "verifier_ids", "office_verifier_chain"),  # above the signer
    ({"verifiers": ("transport",)}, "verifier_ids", "office_verifier_chain"),   # not in the drafter's line
    ({"due_date": "2026-11-29"}, "due_date", "office_in_past"),
]


@pytest.mark.parametrize("change, field, code", BAD_DRAFTS, ids=[f for _, f, _ in BAD_DRAFTS])
def test_a_draft_needs_its_signer_and_verifiers_up_the_drafters_line(desk, written, change, field, code):
    before = written()
    with pytest.raises(OfficeValidationError) as raised:
        desk.draft(**change)
    assert (raised.value.field, raised.value.code) == (field, code)
    assert written() == before


def test_a_draft_with_duplicate_verifiers_or_an_unknown_signer_is_refused(desk, written):
    form = {"correspondent": "A", "subject": "B", "classification": "000", "security": "biasa",
            "signer_id": desk.id("head"), "verifier_ids": [desk.id("chief"), desk.id("chief")]}
    refused(desk, written, OfficeValidationError, "verifier_ids", "office_staff_list", outgoing.draft,
            desk.people["analyst"], form, [], desk.settings.office, now=NOW)
    refused(desk, written, OfficeValidationError, "signer_id", "office_unknown_staff", outgoing.draft,
            desk.people["analyst"], form | {"signer_id": 10_000, "verifier_ids": []}, [], desk.settings.office,
            now=NOW)
    refused(desk, written, OfficeValidationError, "signer_id", "office_required", outgoing.draft,
            desk.people["analyst"], form | {"signer_id": None}, [], desk.settings.office, now=NOW)


# --- the change log ------------------------------------------------------------------------------------

def test_the_log_carries_ids_codes_and_times_never_text_and_equals_the_extract(desk, pdf):
    letter_id = desk.received(uploads=[pdf], subject="Rahasia pribadi Bapak", correspondent="Ibu Sri Wahyuni",
                              reference_number="XYZ-123")
    desk.dispose("head", letter_id, ["traffic"], instruction="Instruksi khusus")
    letter_text = str([entry.payload for entry in desk.log()] + [e.payload for e in desk.log("office_disposition")])
    for secret in ("Rahasia pribadi", "Sri Wahyuni", "XYZ-123", "Instruksi khusus", "surat.pdf"):
        assert secret not in letter_text
    with desk.databases.engine.connect() as connection:
        extracted = snapshots_by_entity(connection)
    newest = {(entry.entity, entry.entity_id): entry.payload
              for entry in desk.log() + desk.log("office_disposition")}
    assert extracted == newest
    assert {entry.actor for entry in desk.log("office_disposition")} == {desk.people["head"].username}
    assert desk.log("office_disposition")[0].payload["opd_code"] == "DISHUB"


def test_every_letter_row_is_an_office_letter(desk):
    desk.received()
    desk.draft()
    with desk.databases.session() as session:
        assert {letter.direction for letter in session.query(OfficeLetter)} == {"incoming", "outgoing"}
