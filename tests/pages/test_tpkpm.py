"""Antrean TPKPM (/tpkpm): the OPD complaint team's desk on live complaints filed through the
service. Queues by OPD and deadline, one complaint's detail, every action through the callback
(checked through the service afterwards), refusals shown as messages, the OPD scope against
crafted requests, and the roles that get 403."""

from datetime import datetime, timedelta, timezone

import pytest

from core.users import Viewer, issue_kiosk_token
from data import complaint_desk as desk
from layouts.components import desk as builders
from layouts.components.ids_tpkpm import Tpkpm as T
from modules.complaints import ComplaintIntake, service

GENTENG_POINT = (-7.2575, 112.7521)
OTHER_POINTS = [(-7.2475, 112.7421), (-7.30, 112.70), (-7.26, 112.70), (-7.29, 112.74)]
CHECKER = Viewer(user_id="t:admin", username="checker", role="admin")


@pytest.fixture
def backend():  # the web layer is the same on both backends; the database tests cover PostgreSQL
    return "sqlite"


@pytest.fixture
def file(databases, settings):
    """file(category, point, minutes_ago=0, triage=False) -> complaint id, filed by a citizen."""
    with databases.transaction() as session:
        service.seed_routing_rules(session)

    def do_file(category="JALAN_RUSAK", point=GENTENG_POINT, minutes_ago=0, triage=False, **changes) -> int:
        now = datetime.now(timezone.utc) - timedelta(minutes=minutes_ago)
        intake = ComplaintIntake(channel="web", category_code=category,
                                 description=f"{category} di sini, mohon ditangani", lat=point[0], lon=point[1],
                                 reporter_name="Budi Santoso", reporter_contact="081234567890", triage=triage,
                                 **changes)
        with databases.transaction() as session:
            return service.submit_complaint(session, intake, settings, now=now).id

    return do_file


@pytest.fixture
def cases(file):
    """Two Bina Marga complaints (one overdue), one of DLH, one waiting in triage."""
    return {"late": file(minutes_ago=120), "fresh": file(point=OTHER_POINTS[0]),
            "dlh": file("SAMPAH", OTHER_POINTS[1]), "triage": file("POHON", OTHER_POINTS[2], triage=True)}


@pytest.fixture
def as_user(make_user, login):
    def log_in(name, role, **scope):
        make_user(name, role, **scope)
        assert login(name).status_code == 302

    return log_in


@pytest.fixture
def load(databases):
    """(status, opd_code, [history events]) of a complaint, read through the service."""

    def do_load(complaint_id):
        with databases.session() as session:
            complaint = service.get_complaint(session, CHECKER, complaint_id)
            steps = service.complaint_history(session, CHECKER, complaint_id)
            return complaint.status, complaint.opd_code, [step.action for step in steps]

    return do_load


def answer(response, component, prop):
    assert response.status_code == 200, response.get_data(as_text=True)[:300]
    return response.get_json()["response"][component][prop]


def ticket_of(databases, complaint_id):
    with databases.session() as session:
        return service.get_complaint(session, CHECKER, complaint_id).ticket


def act(dash_callback, action, complaint_id, note=None, target=None, reason=None):
    """Presses one action button for the selected complaint; returns the message text and the note."""
    response = dash_callback(T.MESSAGE, {f"{T.button(action)}.n_clicks": 1, f"{T.SELECTED}.data": complaint_id,
                                         f"{T.NOTE}.value": note, f"{T.TARGET_OPD}.value": target,
                                         f"{T.REASON}.value": reason, f"{T.DONE}.data": 3})
    message = answer(response, T.MESSAGE, "children")
    return message["props"]["children"], message["props"]["className"], response.get_json()["response"]


# --- the queues --------------------------------------------------------------------------------------

def test_an_opd_officer_gets_only_his_opd_queue_by_deadline(cases, as_user, dash_callback, databases):
    as_user("binamarga", "opd", opd_code="DSDABM")
    response = dash_callback(T.QUEUE, {f"{T.OPD}.value": "DLH"})  # asks for another OPD: gets his own
    rows = answer(response, T.QUEUE, "data")
    assert [row["id"] for row in rows] == [cases["late"], cases["fresh"]]
    assert {row["opd"] for row in rows} == {"Bina Marga"}
    assert rows[0]["minutes_left"] < 0 and 55 <= rows[1]["minutes_left"] <= 60  # due 60 minutes after receipt
    assert rows[0]["stage"] == "Tanggapan pertama" and rows[0]["status"] == "Diteruskan ke OPD"
    assert "2 aduan terbuka (OPD DSDABM); lewat tenggat sekarang: 1." in answer(response, T.QUEUE_CAPTION, "children")
    assert answer(response, T.TRIAGE, "data") == []
    assert ticket_of(databases, cases["dlh"]) not in response.get_data(as_text=True)


def test_sisa_waktu_sorts_on_the_minutes_left_not_the_words(file, as_user, dash_callback):
    # "terlambat 2 jam 0 menit", "terlambat 5 menit", "45 menit lagi", "1 jam 0 menit lagi": as text
    # "1 jam" < "45 menit" < "terlambat 2" < "terlambat 5"; by the minutes behind them the latest first
    late, later, soon = file(minutes_ago=65), file(minutes_ago=180, point=OTHER_POINTS[0]), file(minutes_ago=15,
                                                                                                 point=OTHER_POINTS[1])
    fresh = file(point=OTHER_POINTS[2])
    as_user("operator1", "operator")
    for direction, expected in (("asc", [later, late, soon, fresh]), ("desc", [fresh, soon, late, later])):
        for column in ("remaining", "due"):
            sort = [{"column_id": column, "direction": direction}]
            rows = answer(dash_callback(T.QUEUE, {f"{T.QUEUE}.sort_by": sort}), T.QUEUE, "data")
            assert [row["id"] for row in rows] == expected, (column, direction)
    by_ticket = answer(dash_callback(T.QUEUE, {f"{T.QUEUE}.sort_by": [{"column_id": "ticket", "direction": "desc"}]}),
                       T.QUEUE, "data")
    assert [row["ticket"] for row in by_ticket] == sorted((row["ticket"] for row in by_ticket), reverse=True)


@pytest.mark.parametrize("sort", [[{"column_id": "reporter_contact", "direction": "asc"}],
                                  [{"column_id": "remaining", "direction": "sideways"}], ["remaining"]])
def test_a_sort_the_table_cannot_ask_for_is_400(as_user, dash_callback, sort):
    as_user("operator1", "operator")
    response = dash_callback(T.QUEUE, {f"{T.QUEUE}.sort_by": sort})
    assert response.status_code == 400 and "sort_by" in response.get_data(as_text=True)


def test_an_opd_officer_has_his_opd_locked_and_no_triage(cases, as_user, dash_callback):
    as_user("binamarga", "opd", opd_code="DSDABM")
    response = dash_callback(T.OPD, {})
    assert answer(response, T.OPD, "value") == "DSDABM" and answer(response, T.OPD, "disabled") is True
    assert answer(response, T.TRIAGE_PANEL, "style") == {"display": "none"}
    assert {"label": "Spam / bukan pengaduan", "value": "spam"} in answer(response, T.REASON, "options")


def test_an_operator_chooses_any_opd_and_sees_the_triage_queue(cases, as_user, dash_callback):
    as_user("operator1", "operator")
    setup = dash_callback(T.OPD, {})
    assert answer(setup, T.OPD, "value") is None and answer(setup, T.OPD, "disabled") is False
    assert answer(setup, T.TRIAGE_PANEL, "style") == {}
    dlh = dash_callback(T.QUEUE, {f"{T.OPD}.value": "DLH"})
    assert [row["id"] for row in answer(dlh, T.QUEUE, "data")] == [cases["dlh"]]
    everyone = dash_callback(T.QUEUE, {f"{T.OPD}.value": None})
    assert [row["id"] for row in answer(everyone, T.QUEUE, "data")][0] == cases["late"]
    assert {row["id"] for row in answer(everyone, T.QUEUE, "data")} == {cases["late"], cases["fresh"], cases["dlh"]}
    assert [row["id"] for row in answer(everyone, T.TRIAGE, "data")] == [cases["triage"]]
    assert answer(everyone, T.TRIAGE, "data")[0]["opd"] == "Triase"


def test_a_click_on_a_row_selects_its_complaint(cases, as_user, dash_callback):
    as_user("binamarga", "opd", opd_code="DSDABM")
    cell = {"row": 1, "column": 0, "row_id": cases["fresh"]}
    assert answer(dash_callback(T.SELECTED, {f"{T.QUEUE}.active_cell": cell}), T.SELECTED, "data") == cases["fresh"]


# --- one complaint -----------------------------------------------------------------------------------------

def test_the_detail_shows_description_contact_history_and_the_allowed_actions(cases, as_user, dash_callback,
                                                                             databases):
    as_user("binamarga", "opd", opd_code="DSDABM")
    response = dash_callback(T.DETAIL, {f"{T.SELECTED}.data": cases["late"]})
    text = response.get_data(as_text=True)
    assert f"Aduan {ticket_of(databases, cases['late'])}" in text
    assert "JALAN_RUSAK di sini, mohon ditangani" in text and "081234567890" in text and "Budi Santoso" in text
    assert "Aduan masuk" in text and "Diteruskan ke OPD" in text and "terlambat" in text and "0 foto" in text
    assert answer(response, T.ACTIONS_PANEL, "style") == {}
    disabled = {action: answer(response, T.button(action), "disabled") for action in T.ACTIONS}
    assert [a for a, off in disabled.items() if not off] == ["respond", "transfer", "reject"]


def test_the_detail_of_another_opd_complaint_is_refused(cases, as_user, dash_callback, databases):
    as_user("binamarga", "opd", opd_code="DSDABM")
    response = dash_callback(T.DETAIL, {f"{T.SELECTED}.data": cases["dlh"]})
    text = response.get_data(as_text=True)
    assert "di luar cakupan" in text
    assert ticket_of(databases, cases["dlh"]) not in text and "081234567890" not in text and "SAMPAH" not in text
    assert answer(response, T.ACTIONS_PANEL, "style") == {"display": "none"}
    assert all(answer(response, T.button(action), "disabled") for action in T.ACTIONS)


def test_a_city_wide_opd_officer_sees_another_opd_complaint_without_the_reporter(cases, as_user, dash_callback):
    as_user("dlh.kota", "opd", opd_code="DLH", city_wide=True)
    response = dash_callback(T.DETAIL, {f"{T.SELECTED}.data": cases["late"]})
    text = response.get_data(as_text=True)
    assert "JALAN_RUSAK di sini" in text and "081234567890" not in text and "Budi Santoso" not in text
    assert answer(response, T.ACTIONS_PANEL, "style") == {"display": "none"}


# --- acting --------------------------------------------------------------------------------------------------

def test_respond_start_resolve_feedback_and_close_through_the_desk(cases, as_user, dash_callback, load):
    as_user("binamarga", "opd", opd_code="DSDABM")
    complaint = cases["late"]
    text, kind, outputs = act(dash_callback, "respond", complaint, note="Tim lapangan dijadwalkan")
    assert kind == "desk-message ok" and "Tanggapi: aduan" in text and "status sekarang Ditanggapi" in text
    assert outputs[T.DONE]["data"] == 4 and outputs[T.NOTE]["value"] == ""  # reload, and an empty note
    assert load(complaint)[0] == "responded"
    assert act(dash_callback, "start_work", complaint)[1] == "desk-message ok"
    assert act(dash_callback, "resolve", complaint, note="Lubang sudah ditambal")[1] == "desk-message ok"
    text, kind, _ = act(dash_callback, "send_feedback", complaint, note="Jalan sudah diperbaiki, terima kasih.")
    assert kind == "desk-message ok"
    assert act(dash_callback, "close", complaint)[1] == "desk-message ok"
    status, opd, events = load(complaint)
    assert (status, opd) == ("closed", "DSDABM")
    assert events[-5:] == ["responded", "work_started", "resolved", "feedback_sent", "closed"]
    assert "first_response_breached" in events  # it was answered after its deadline


def test_feedback_needs_a_message(cases, as_user, dash_callback, load):
    as_user("binamarga", "opd", opd_code="DSDABM")
    act(dash_callback, "respond", cases["fresh"])
    before = load(cases["fresh"])
    text, kind, outputs = act(dash_callback, "send_feedback", cases["fresh"], note="  ")
    assert kind == "desk-message refused"
    assert text == "Kirim umpan balik belum bisa dilakukan: Catatan – tulis umpan balik untuk warga."
    assert "value" not in outputs.get(T.NOTE, {})  # the note is kept to be corrected
    assert load(cases["fresh"]) == before


def test_transfer_needs_a_note_and_hands_the_complaint_to_the_other_opd(cases, as_user, dash_callback, load):
    as_user("binamarga", "opd", opd_code="DSDABM")
    complaint = cases["fresh"]
    text, kind, _ = act(dash_callback, "transfer", complaint, target="DLH")
    assert kind == "desk-message refused" and "tulis alasan pengalihan" in text
    text, kind, _ = act(dash_callback, "transfer", complaint, note="Ini pohon tumbang, bukan jalan")
    assert kind == "desk-message refused" and "OPD tujuan – wajib dipilih" in text
    assert load(complaint)[:2] == ("dispatched", "DSDABM")

    text, kind, _ = act(dash_callback, "transfer", complaint, note="Ini pohon tumbang, bukan jalan", target="DLH")
    assert kind == "desk-message ok"
    status, opd, events = load(complaint)
    assert (status, opd, events[-1]) == ("dispatched", "DLH", "transferred")
    rows = answer(dash_callback(T.QUEUE, {}), T.QUEUE, "data")
    assert complaint not in [row["id"] for row in rows]  # gone from Bina Marga's queue


def test_reject_needs_a_reason_and_a_note(cases, as_user, dash_callback, load):
    as_user("binamarga", "opd", opd_code="DSDABM")
    complaint = cases["fresh"]
    text, kind, _ = act(dash_callback, "reject", complaint, note="iklan")
    assert kind == "desk-message refused" and "Alasan penolakan – pilih alasan penolakan" in text
    assert act(dash_callback, "reject", complaint, reason="spam")[1] == "desk-message refused"
    assert load(complaint)[0] == "dispatched"
    text, kind, _ = act(dash_callback, "reject", complaint, note="Iklan sedot WC", reason="spam")
    assert kind == "desk-message ok" and "Ditolak" in text
    assert load(complaint)[0] == "rejected"
    assert act(dash_callback, "reopen", complaint, note="Ternyata memang aduan")[1] == "desk-message ok"
    assert load(complaint)[0] == "dispatched" and load(complaint)[2][-2:] == ["rejected", "reopened"]


def test_an_invalid_transition_shows_why_and_changes_nothing(cases, as_user, dash_callback, load):
    as_user("binamarga", "opd", opd_code="DSDABM")
    before = load(cases["fresh"])
    text, kind, _ = act(dash_callback, "resolve", cases["fresh"], note="selesai")
    assert kind == "desk-message refused"
    assert text == "Selesaikan tidak bisa dilakukan: aduan berstatus Diteruskan ke OPD."
    text, _, _ = act(dash_callback, "send_feedback", cases["fresh"], note="sudah")
    assert "Kirim umpan balik tidak bisa dilakukan" in text
    text, _, _ = act(dash_callback, "confirm_duplicate", cases["fresh"])
    assert text == "Konfirmasi duplikat tidak bisa dilakukan: aduan ini tidak ditandai mungkin duplikat."
    assert load(cases["fresh"]) == before


@pytest.mark.parametrize("action,fields", [
    ("respond", {}), ("resolve", {"note": "x"}), ("transfer", {"note": "x", "target": "DSDABM"}),
    ("reject", {"note": "x", "reason": "spam"}), ("send_feedback", {"note": "x"}), ("dispatch", {"target": "DLH"}),
])
def test_a_crafted_action_on_another_opd_complaint_is_refused(cases, as_user, dash_callback, load, action, fields):
    as_user("binamarga", "opd", opd_code="DSDABM")
    before = load(cases["dlh"]), load(cases["triage"])
    for victim in (cases["dlh"], cases["triage"]):
        text, kind, _ = act(dash_callback, action, victim, **fields)
        assert kind == "desk-message refused" and "di luar cakupan" in text
    assert (load(cases["dlh"]), load(cases["triage"])) == before


def test_crafted_ids_are_refused(cases, as_user, dash_callback):
    as_user("operator1", "operator")
    for crafted in (999_999, "1", True, None, -1):
        text, kind, _ = act(dash_callback, "respond", crafted)
        assert kind == "desk-message refused" and "tidak ditemukan" in text


def test_an_operator_dispatches_from_triage(cases, as_user, dash_callback, load):
    as_user("operator1", "operator")
    text, kind, _ = act(dash_callback, "dispatch", cases["triage"], target="DLH", note="pohon di jalan")
    assert kind == "desk-message ok" and "Diteruskan ke OPD" in text
    status, opd, events = load(cases["triage"])
    assert (status, opd, events[-1]) == ("dispatched", "DLH", "dispatched")
    assert answer(dash_callback(T.QUEUE, {}), T.TRIAGE, "data") == []


def test_a_suspected_duplicate_is_flagged_and_confirmed(cases, file, as_user, dash_callback, load):
    again = file()  # same category, same spot, within the window: a possible duplicate of "late"
    as_user("binamarga", "opd", opd_code="DSDABM")
    rows = answer(dash_callback(T.QUEUE, {}), T.QUEUE, "data")
    assert next(row for row in rows if row["id"] == again)["flag"] == "Mungkin duplikat"
    detail = dash_callback(T.DETAIL, {f"{T.SELECTED}.data": again})
    assert answer(detail, T.button("confirm_duplicate"), "disabled") is False
    assert act(dash_callback, "confirm_duplicate", again)[1] == "desk-message ok"
    status, _opd, events = load(again)
    assert status == "rejected" and events[-1] == "duplicate_confirmed"


# --- who may call ------------------------------------------------------------------------------------------

OUTPUTS = [T.OPD, T.QUEUE, T.SELECTED, T.DETAIL, T.MESSAGE]


def values_for_every_callback(complaint_id):
    return {f"{T.button('respond')}.n_clicks": 1, f"{T.SELECTED}.data": complaint_id,
            f"{T.QUEUE}.active_cell": {"row": 0, "column": 0, "row_id": complaint_id}}


@pytest.mark.parametrize("output", OUTPUTS)
def test_pimpinan_gets_403_from_every_desk_callback(cases, as_user, dash_callback, client, load, output):
    as_user("walikota", "pimpinan")
    before = load(cases["late"])
    response = dash_callback(output, values_for_every_callback(cases["late"]))
    assert response.status_code == 403 and "ADU-" not in response.get_data(as_text=True)
    assert load(cases["late"]) == before
    assert client.get("/tpkpm").status_code == 403


@pytest.mark.parametrize("output", OUTPUTS)
def test_a_wall_display_gets_403_from_every_desk_callback(cases, databases, client, dash_callback, load, output):
    with databases.transaction() as session:
        _token, secret = issue_kiosk_token(session, "wall")
    client.get(f"/kiosk/{secret}")
    before = load(cases["late"])
    response = dash_callback(output, values_for_every_callback(cases["late"]))
    assert response.status_code == 403 and "ADU-" not in response.get_data(as_text=True)
    assert load(cases["late"]) == before


def test_the_page_is_in_the_menu_of_an_opd_officer(as_user, client):
    as_user("binamarga", "opd", opd_code="DSDABM")
    assert client.get("/tpkpm").status_code == 200
    assert "Antrean TPKPM" in client.get("/_dash-layout").get_data(as_text=True)


# --- the data functions and builders without the app ------------------------------------------------------

def test_act_refuses_unknown_actions(settings, databases):
    from core.services import Services

    ok, text = desk.act(Services(settings, databases, None), CHECKER, 1, "delete_everything")
    assert not ok and "tidak dikenal" in text


def test_queue_rows_and_buttons():
    row = {"id": 7, "ticket": "T7", "category": "Sampah", "kelurahan": "Ketabang", "opd": "DLH",
           "status_name": "Ditanggapi", "stage": "Umpan balik", "due": "01/12/2026 09:00", "minutes_left": -5,
           "duplicate": True, "overdue_now": True}
    [shown] = builders.queue_rows([row])
    assert shown["flag"] == "Mungkin duplikat" and shown["minutes_left"] == -5 and shown["id"] == 7
    assert shown["remaining"] == "terlambat 5 menit"
    assert builders.queue_rows([{**row, "minutes_left": 1423}])[0]["remaining"] == "23 jam 43 menit lagi"
    assert builders.button_disabled(("respond", "resolve"), ["resolve"]) == [True, False]
    assert "lewat tenggat sekarang: 1." in builders.queue_caption([row], "DLH")
    assert builders.message(False, "x").className == "desk-message refused"


# --- the history under the Pengaduan page's detail (data.complaint_desk.history) --------------------------------

def test_the_pengaduan_detail_shows_the_history_within_scope(cases, as_user, dash_callback, databases):
    from etl.runner import EtlRunner

    as_user("binamarga", "opd", opd_code="DSDABM")
    act(dash_callback, "respond", cases["late"], note="Tim berangkat jam 10")
    EtlRunner(databases).run_once()  # the detail's facts come from the marts
    cell = {"row": 0, "column": 0, "row_id": cases["late"]}
    text = dash_callback("pengaduan-detail", {"pengaduan-queue.active_cell": cell}).get_data(as_text=True)
    assert "Riwayat" in text and "Aduan masuk" in text and "Ditanggapi" in text and "Tim berangkat jam 10" in text

    other = {"row": 0, "column": 0, "row_id": cases["dlh"]}
    text = dash_callback("pengaduan-detail", {"pengaduan-queue.active_cell": other}).get_data(as_text=True)
    assert "di luar cakupan" in text and "Riwayat" not in text and "SAMPAH" not in text


def test_history_is_none_outside_the_scope_or_for_unknown_complaints(cases, settings, databases):
    from core.services import Services

    services = Services(settings, databases, None)
    bina_marga = Viewer("1", "bm", "opd", opd_code="DSDABM")
    steps = desk.history(services, bina_marga, cases["late"])
    assert [step["event"] for step in steps] == ["Aduan masuk", "Diteruskan ke OPD"]  # no sweep ran yet
    assert steps[1]["actor"] == "system:routing" and steps[1]["opd"] == "Bina Marga"
    assert desk.history(services, bina_marga, cases["dlh"]) is None
    assert desk.history(services, bina_marga, 999_999) is None and desk.history(services, bina_marga, "1") is None
