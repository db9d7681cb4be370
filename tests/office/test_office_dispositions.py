"""The disposition rules on a real database (both backends): down the hierarchy only, a tree whose
children hang under the disposition their author received, withdrawn only while unread, finished
only with a note; each refusal names its field and writes nothing."""

from __future__ import annotations

from datetime import timedelta

import pytest

from modules.office import dispositions, incoming, workflow
from modules.office.errors import OfficeAccessDenied, OfficeNotFound, OfficeValidationError, OfficeWorkflowError
from office_setup import NOW

LATER = NOW + timedelta(hours=1)


def refused(desk, written, error, field, code, function, *args, **kwargs):
    before = written()
    with pytest.raises(error) as raised:
        desk.run(function, *args, **kwargs)
    assert (raised.value.field, raised.value.code) == (field, code), raised.value
    assert written() == before, "a refusal wrote something"
    return raised.value


def dispose_form(desk, *keys, **extra):
    return {"to_staff_ids": [desk.id(k) for k in keys], "instruction": "Tindak lanjuti", **extra}


@pytest.mark.parametrize("target", ["secretary", "traffic", "head", "dlh_head"])
def test_a_disposition_to_someone_not_below_is_refused(desk, written, target):
    letter_id = desk.received(to=("head", "traffic"))
    refused(desk, written, OfficeValidationError, "to_staff_ids", "office_not_below", dispositions.dispose,
            desk.people["traffic"], letter_id, dispose_form(desk, target), now=NOW)


def test_dispositions_go_down_the_line_at_any_depth_and_never_sideways(desk, written):
    letter_id = desk.received(to=("head", "traffic"))
    refused(desk, written, OfficeValidationError, "to_staff_ids", "office_not_below", dispositions.dispose,
            desk.people["traffic"], letter_id, dispose_form(desk, "chief", "transport"), now=NOW)  # a peer
    refused(desk, written, OfficeValidationError, "to_staff_ids", "office_not_below", dispositions.dispose,
            desk.people["traffic"], letter_id, dispose_form(desk, "driver"), now=NOW)  # another line
    [deep] = desk.dispose("head", letter_id, ["analyst"])  # three levels down
    assert desk.disposition(deep).to_staff_id == desk.id("analyst")


def test_the_tree_hangs_each_disposition_under_the_one_its_author_received(desk):
    letter_id = desk.received()
    [to_traffic, to_transport] = desk.dispose("head", letter_id, ["traffic", "transport"], now=NOW)
    assert desk.letter(letter_id).status == workflow.DISPOSED
    assert desk.letter(letter_id).first_read_at == NOW  # disposing is reading
    [to_chief] = desk.dispose("traffic", letter_id, ["chief"], now=LATER)
    [to_analyst] = desk.dispose("chief", letter_id, ["analyst"], now=LATER)
    parents = {d: desk.disposition(d).parent_id for d in (to_traffic, to_transport, to_chief, to_analyst)}
    assert parents == {to_traffic: None, to_transport: None, to_chief: to_traffic, to_analyst: to_chief}
    assert desk.disposition(to_traffic).read_at == LATER  # passing it on read it
    assert desk.disposition(to_transport).read_at is None
    statuses = {e.entity_id: e.payload["status"] for e in desk.log("office_disposition")}
    assert statuses == {str(to_traffic): "read", str(to_transport): "unread", str(to_chief): "read",
                        str(to_analyst): "unread"}


def test_only_a_recipient_or_an_addressee_disposes(desk, written):
    letter_id = desk.received()
    refused(desk, written, OfficeAccessDenied, "letter_id", "office_may_not_read", dispositions.dispose,
            desk.people["traffic"], letter_id, dispose_form(desk, "chief"), now=NOW)
    refused(desk, written, OfficeAccessDenied, "actor", "office_not_recipient", dispositions.dispose,
            desk.people["registrar"], letter_id, dispose_form(desk, "analyst"), now=NOW)  # reads it, received nothing


def test_a_disposition_to_the_same_person_twice_or_with_a_past_due_date_is_refused(desk, written):
    letter_id = desk.received()
    desk.dispose("head", letter_id, ["traffic"])
    refused(desk, written, OfficeValidationError, "to_staff_ids", "office_already_disposed", dispositions.dispose,
            desk.people["head"], letter_id, dispose_form(desk, "transport", "traffic"), now=NOW)
    refused(desk, written, OfficeValidationError, "due_date", "office_in_past", dispositions.dispose,
            desk.people["head"], letter_id, dispose_form(desk, "transport", due_date="2026-11-29"), now=NOW)
    refused(desk, written, OfficeValidationError, "instruction", "office_required", dispositions.dispose,
            desk.people["head"], letter_id, dispose_form(desk, "transport", instruction=""), now=NOW)
    refused(desk, written, OfficeValidationError, "to_staff_ids", "office_staff_list", dispositions.dispose,
            desk.people["head"], letter_id, {"to_staff_ids": [], "instruction": "x"}, now=NOW)


def test_an_unread_disposition_is_withdrawn_by_its_author_only(desk, written):
    letter_id = desk.received()
    [order] = desk.dispose("head", letter_id, ["traffic"])
    refused(desk, written, OfficeAccessDenied, "actor", "office_not_taker", dispositions.withdraw,
            desk.people["traffic"], order, now=NOW)
    desk.run(dispositions.withdraw, desk.people["head"], order, now=LATER)
    assert desk.disposition(order).withdrawn_at == LATER
    assert desk.log("office_disposition")[-1].payload["status"] == "withdrawn"
    refused(desk, written, OfficeWorkflowError, "status", "office_disposition_closed", dispositions.withdraw,
            desk.people["head"], order, now=NOW)
    refused(desk, written, OfficeWorkflowError, "status", "office_disposition_closed", dispositions.read,
            desk.people["traffic"], order, now=NOW)
    [again] = desk.dispose("head", letter_id, ["traffic"])  # withdrawn: he may be given it again
    assert again != order


def test_a_read_disposition_cannot_be_withdrawn(desk, written):
    letter_id = desk.received()
    [order] = desk.dispose("head", letter_id, ["traffic"])
    desk.run(dispositions.read, desk.people["traffic"], order, now=LATER)
    error = refused(desk, written, OfficeWorkflowError, "read_at", "office_withdraw_read", dispositions.withdraw,
                    desk.people["head"], order, now=LATER)
    assert error.params == {"disposition_id": order}
    assert desk.disposition(order).withdrawn_at is None


@pytest.mark.parametrize("note", [None, "", "   \n"])
def test_finishing_a_disposition_needs_a_note(desk, written, note):
    letter_id = desk.received()
    [order] = desk.dispose("head", letter_id, ["traffic"])
    refused(desk, written, OfficeValidationError, "note", "office_note_required", dispositions.finish,
            desk.people["traffic"], order, note, now=NOW)
    assert desk.disposition(order).done_at is None


def test_a_disposition_is_finished_once_by_its_addressee(desk, written):
    letter_id = desk.received()
    [order] = desk.dispose("head", letter_id, ["traffic"])
    refused(desk, written, OfficeAccessDenied, "actor", "office_not_taker", dispositions.finish,
            desk.people["head"], order, "Selesai", now=NOW)
    desk.run(dispositions.finish, desk.people["traffic"], order, "  Sudah dikerjakan  ", now=LATER)
    finished = desk.disposition(order)
    assert (finished.done_at, finished.read_at, finished.note) == (LATER, LATER, "Sudah dikerjakan")
    refused(desk, written, OfficeWorkflowError, "status", "office_disposition_closed", dispositions.finish,
            desk.people["traffic"], order, "Lagi", now=NOW)
    refused(desk, written, OfficeWorkflowError, "status", "office_disposition_closed", dispositions.withdraw,
            desk.people["head"], order, now=NOW)


def test_a_letter_past_its_follow_up_takes_no_disposition(desk, written):
    letter_id = desk.received()
    desk.run(incoming.read, desk.people["head"], letter_id, now=NOW)
    desk.run(incoming.follow_up, desk.people["head"], letter_id, "Diketahui", now=NOW)
    refused(desk, written, OfficeWorkflowError, "status", "office_step_refused", dispositions.dispose,
            desk.people["head"], letter_id, dispose_form(desk, "traffic"), now=NOW)


def test_an_unknown_disposition_is_not_found(desk):
    with pytest.raises(OfficeNotFound) as raised:
        desk.run(dispositions.read, desk.people["traffic"], 99_999, now=NOW)
    assert raised.value.field == "disposition_id"
