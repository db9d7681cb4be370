"""The e-Kinerja desks, their callbacks called as the browser calls them, on both backends: an officer
who responded to a complaint finds it among his day's suggestions on /kinerja/aktivitas, reports it
in one click and "Simpan", then sends it; his supervisor approves on /kinerja/persetujuan, or returns
with a note (never without one). Someone who decides for nobody sees an empty queue and cannot decide
a forged id; an account without a staff record is told so; a day in the future or an overlap is
refused at its field with nothing stored."""

from __future__ import annotations

import base64
import json
from datetime import timedelta

import pytest
from sqlalchemy import select

from core.changelog import ChangeLogEntry
from core.clock import CITY_ZONE, city_time, city_today, utc_now
from layouts.components.ids_kinerja_aktivitas import KinerjaAktivitas as A
from layouts.components.ids_kinerja_persetujuan import KinerjaPersetujuan as P
from modules.complaints import ComplaintIntake
from modules.complaints import service as complaints
from modules.kinerja import service
from modules.kinerja.models import KinerjaActivity, KinerjaActivityPhoto
from modules.kinerja.sample import PNG, add_staff

PASSWORD = "kinerja-sample-1"  # modules/kinerja/sample.add_staff's
WRITTEN = (KinerjaActivity, KinerjaActivityPhoto, ChangeLogEntry)
GENTENG_POINT = (-7.2575, 112.7521)


@pytest.fixture
def bina_marga(seeded):
    """The complaint desk of Bina Marga (DSDABM: a head of section, `tpkpm.binamarga`), his
    supervisor `kabid.jalan`, and a staff member of his with nobody below (`staf.jalan`)."""
    with seeded.transaction() as session:
        boss, boss_viewer = add_staff(session, "Kabid Jalan", "Kepala Bidang", opd="DSDABM", unit="Bidang Jalan",
                                      username="kabid.jalan")
        desk, viewer = add_staff(session, "Kasi Pemeliharaan", "Kepala Seksi", opd="DSDABM", unit="Bidang Jalan",
                                 supervisor=boss, username="tpkpm.binamarga")
        _staf, staf_viewer = add_staff(session, "Staf Jalan", "Teknisi", opd="DSDABM", unit="Bidang Jalan",
                                       supervisor=desk, username="staf.jalan")
    return {"desk": viewer, "boss": boss_viewer, "staf": staf_viewer}


@pytest.fixture
def as_user(client, login, logout):
    def sign_in(username: str, password: str = PASSWORD):
        logout()
        assert login(username, password).status_code == 302

    return sign_in


@pytest.fixture
def fire(client):
    """fire(trigger, values): calls the callback that `trigger` (an input id, or a pattern-matching
    button's id dict) sets off, with every input and state from `values` ({"id.prop": value});
    a pattern-matching input takes the buttons given in `pattern` ({type: [id dicts]})."""

    def call(trigger, values: dict | None = None, pattern: dict | None = None):
        values, pattern = values or {}, pattern or {}
        specs = client.get("/_dash-dependencies").get_json()
        wanted = trigger["type"] if isinstance(trigger, dict) else trigger
        spec = next(d for d in specs if any(_id_name(i["id"]) == wanted for i in d["inputs"])
                    and not d.get("clientside_function"))

        def items(kind):
            found = []
            for item in spec[kind]:
                name = _id_name(item["id"])
                if item["id"].startswith("{"):
                    found.append([{"id": each, "property": item["property"],
                                   "value": 1 if each == trigger else 0} for each in pattern.get(name, [])])
                else:
                    found.append({"id": item["id"], "property": item["property"],
                                  "value": values.get(f"{item['id']}.{item['property']}")})
            return found

        parts = spec["output"].strip(".").split("...")
        outputs = [dict(zip(("id", "property"), part.rsplit(".", 1))) for part in parts]
        changed = (json.dumps(trigger, sort_keys=True, separators=(",", ":")) + ".n_clicks"
                   if isinstance(trigger, dict) else next(k for k in values if k.startswith(f"{trigger}.")))
        body = {"output": spec["output"], "outputs": outputs if spec["output"].startswith("..") else outputs[0],
                "inputs": items("inputs"), "state": items("state"), "changedPropIds": [changed]}
        response = client.post("/_dash-update-component", json=body)
        if response.status_code == 204:
            return {}
        assert response.status_code == 200, response.get_data(as_text=True)[:300]
        return response.get_json()["response"]

    return call


def _id_name(component_id: str) -> str:
    return json.loads(component_id)["type"] if component_id.startswith("{") else component_id


def respond_to_complaint(databases, settings, desk) -> str:
    """A citizen's complaint, routed to DSDABM, responded by its desk: the change log names him."""
    intake = ComplaintIntake(channel="wargaku", category_code="JALAN_RUSAK", description="Jalan berlubang besar",
                             lat=GENTENG_POINT[0], lon=GENTENG_POINT[1], address="Jl. Tunjungan 10",
                             reporter_name="Warga", reporter_contact="081234567890")
    with databases.transaction() as session:
        complaint = complaints.submit_complaint(session, intake, settings)
        complaint_id, ticket = complaint.id, complaint.ticket
    with databases.transaction() as session:
        complaints.respond(session, desk, complaint_id, "tim meluncur")
    return ticket


def logged_day(databases, ticket: str):
    """The city day the change log recorded the desk's response (its clock is the real one)."""
    with databases.session() as session:
        rows = session.execute(select(ChangeLogEntry.recorded_at, ChangeLogEntry.payload).where(
            ChangeLogEntry.entity == "complaint", ChangeLogEntry.operation == "responded")).all()
    return next(at for at, payload in rows if payload.get("ticket") == ticket).astimezone(CITY_ZONE).date()


def lines(databases) -> list[KinerjaActivity]:
    with databases.session() as session:
        return list(session.scalars(select(KinerjaActivity).order_by(KinerjaActivity.id)))


def draft(databases, settings, viewer, start: str = "08:00", end: str = "09:30", submit: bool = True) -> int:
    """One line of yesterday (never in the future, within the days back), submitted by default."""
    form = {"day": (city_today() - timedelta(days=1)).isoformat(), "start": start, "end": end,
            "description": "Survei jalan berlubang", "output": "Data survei", "volume": 2, "output_unit": "lokasi"}
    with databases.transaction() as session:
        activity_id = service.create_activity(session, viewer, form, settings.kinerja).id
        if submit:
            service.submit(session, viewer, [activity_id])
    return activity_id


def form_values(day: str, **fields) -> dict:
    values = {f"{A.DAY}.value": day, f"{A.START}.value": "08:00", f"{A.END}.value": "09:00",
              f"{A.DESCRIPTION}.value": "Rapat koordinasi", f"{A.OUTPUT}.value": "Notula", f"{A.VOLUME}.value": 1,
              f"{A.OUTPUT_UNIT}.value": "dokumen", f"{A.LINK_KIND}.value": None, f"{A.LINK_REF}.value": "",
              f"{A.SAVE}.n_clicks": 1, f"{A.CHANGED}.data": 0}
    return values | {f"{component}.value": value for component, value in fields.items()}


def shown_errors(found: dict) -> dict[str, str]:
    return {field: str(found[A.error(field)]["children"]) for field in A.ERROR_FIELDS
            if found[A.error(field)]["children"]}


# === Aktivitas saya ===============================================================================

def test_a_case_he_acted_on_is_reported_in_one_click_and_sent(bina_marga, seeded, settings, as_user, client, fire):
    ticket = respond_to_complaint(seeded, settings, bina_marga["desk"])
    day = logged_day(seeded, ticket).isoformat()
    as_user("tpkpm.binamarga")
    assert client.get("/kinerja/aktivitas").status_code == 200
    set_up = fire(A.PAGE, {f"{A.PAGE}.id": A.PAGE})
    assert set_up[A.WHO]["children"] == "Kasi Pemeliharaan · Kepala Seksi · Bidang Jalan"
    days = [option["value"] for option in set_up[A.DAY]["options"]]
    assert days[0] == city_today().isoformat() and len(days) == settings.kinerja.entry_days_back + 1

    listed = fire(A.CHANGED, {f"{A.DAY}.value": day, f"{A.CHANGED}.data": 0})
    proposals = listed[A.PROPOSALS]["data"]
    assert [(each["kind"], each["ref"]) for each in proposals] == [("complaint", ticket)]
    assert f"Laporkan {ticket}" in json.dumps(listed[A.SUGGESTIONS]["children"])

    button = A.suggest("complaint", ticket)
    filled = fire(button, {f"{A.PROPOSALS}.data": proposals}, pattern={A.SUGGEST: [button]})
    assert filled[A.LINK_KIND]["value"] == "complaint" and filled[A.LINK_REF]["value"] == ticket
    assert filled[A.DESCRIPTION]["value"] == f"Menanggapi aduan {ticket}" and filled[A.DAY]["value"] == day
    if day == city_today().isoformat():  # a proposal for today never ends after now (the service refuses that)
        assert filled[A.END]["value"] <= city_time(utc_now()).strftime("%H:%M")

    saved = fire(A.SAVE, form_values(day, **{component: filled[component]["value"] for component in (
        A.START, A.END, A.DESCRIPTION, A.OUTPUT, A.VOLUME, A.OUTPUT_UNIT, A.LINK_KIND, A.LINK_REF)}))
    assert shown_errors(saved) == {} and "tersimpan sebagai draf" in json.dumps(saved[A.RESULT]["children"])
    [line] = lines(seeded)
    assert (line.status, line.link_kind, line.link_ref, line.day.isoformat()) == ("draft", "complaint", ticket, day)
    again = fire(A.CHANGED, {f"{A.DAY}.value": day, f"{A.CHANGED}.data": 1})
    assert again[A.PROPOSALS]["data"] == []  # reported: no longer proposed

    history = fire(A.PERIOD, {f"{A.PERIOD}.start_date": day, f"{A.PERIOD}.end_date": day, f"{A.DAY}.value": day})
    [row] = history[A.HISTORY]["data"]
    assert (row["id"], row["status_name"], row["link"]) == (line.id, "Draf", f"aduan {ticket}")
    assert "menit tercatat (0 disetujui) dari target 300 menit" in history[A.DAY_MINUTES]["children"]
    sent = fire(A.SEND, {f"{A.SEND}.n_clicks": 1, f"{A.HISTORY}.selected_row_ids": [line.id]})
    assert "1 kegiatan terkirim" in json.dumps(sent[A.HISTORY_RESULT]["children"])
    assert [each.status for each in lines(seeded)] == ["submitted"]


def test_a_photo_is_stored_with_its_line(bina_marga, seeded, as_user, fire):
    as_user("tpkpm.binamarga")
    day = (city_today() - timedelta(days=1)).isoformat()
    photo = {f"{A.PHOTO}.contents": "data:image/png;base64," + base64.b64encode(PNG).decode(),
             f"{A.PHOTO}.filename": "bukti.png"}
    saved = fire(A.SAVE, form_values(day) | photo)
    assert shown_errors(saved) == {}
    with seeded.session() as session:
        assert session.scalar(select(KinerjaActivityPhoto.filename)) == "bukti.png"
    refused = fire(A.SAVE, form_values(day, **{A.START: "10:00", A.END: "11:00"})
                   | {f"{A.PHOTO}.contents": "data:image/png;base64," + base64.b64encode(b"not an image").decode(),
                      f"{A.PHOTO}.filename": "x.png"})
    assert "photo" in shown_errors(refused) and len(lines(seeded)) == 1  # no line without its photo


@pytest.mark.parametrize("change,field,reason", [
    ("future", "day", "tidak boleh di masa depan"),
    ("overlap", "start", "bertumpang tindih"),
    ("backwards", "end", "harus sesudah jam mulai"),
    ("past_midnight", "end", "melewati pukul 24:00"),
])
def test_a_refused_line_shows_its_reason_at_its_field_with_nothing_stored(bina_marga, seeded, settings, as_user,
                                                                          fire, count_rows, change, field, reason):
    existing = draft(seeded, settings, bina_marga["desk"], submit=False)
    yesterday = (city_today() - timedelta(days=1)).isoformat()
    tomorrow = (city_today() + timedelta(days=1)).isoformat()
    values = {"future": form_values(tomorrow), "overlap": form_values(yesterday, **{A.START: "09:00", A.END: "10:00"}),
              "backwards": form_values(yesterday, **{A.START: "11:00", A.END: "10:00"}),
              "past_midnight": form_values(yesterday, **{A.START: "23:00", A.END: "24:30"})}[change]
    before = count_rows(WRITTEN)
    as_user("tpkpm.binamarga")
    found = fire(A.SAVE, values)
    assert list(shown_errors(found)) == [field] and reason in shown_errors(found)[field]
    assert "Belum tersimpan" in json.dumps(found[A.RESULT]["children"])
    assert count_rows(WRITTEN) == before and [each.id for each in lines(seeded)] == [existing]


def test_a_returned_line_is_corrected_and_sent_again(bina_marga, seeded, settings, as_user, fire):
    activity_id = draft(seeded, settings, bina_marga["desk"])
    with seeded.transaction() as session:
        service.decide(session, bina_marga["boss"], [activity_id], "return", "jamnya kurang tepat")
    as_user("tpkpm.binamarga")
    sent_already = draft(seeded, settings, bina_marga["desk"], "10:00", "11:00")
    refused = fire(A.EDIT, {f"{A.EDIT}.n_clicks": 1, f"{A.HISTORY}.selected_row_ids": [sent_already]})
    assert "berstatus Diajukan tidak dapat diubah" in json.dumps(refused[A.RESULT]["children"])
    edit = fire(A.EDIT, {f"{A.EDIT}.n_clicks": 1, f"{A.HISTORY}.selected_row_ids": [activity_id]})
    assert edit[A.EDITING]["data"] == activity_id and edit[A.START]["value"] == "08:00"
    day = edit[A.DAY]["value"]
    saved = fire(A.SAVE, form_values(day, **{A.START: "08:30", A.END: "09:30"}) | {f"{A.EDITING}.data": activity_id})
    assert shown_errors(saved) == {}
    sent = fire(A.SEND, {f"{A.SEND}.n_clicks": 1, f"{A.HISTORY}.selected_row_ids": [activity_id]})
    assert "1 kegiatan terkirim" in json.dumps(sent[A.HISTORY_RESULT]["children"])
    line = lines(seeded)[0]
    assert (line.status, line.start_minute, line.return_note) == ("submitted", 510, "jamnya kurang tepat")


def test_an_unlinked_account_is_told_so(make_user, seeded, as_user, client, fire, count_rows):
    make_user("tamu.pimpinan", "pimpinan")
    as_user("tamu.pimpinan", "password-123")
    assert client.get("/kinerja/aktivitas").status_code == 200
    told = fire(A.PAGE, {f"{A.PAGE}.id": A.PAGE})[A.WHO]["children"]
    assert "tidak terhubung dengan data pegawai" in told
    before = count_rows(WRITTEN)
    found = fire(A.SAVE, form_values((city_today() - timedelta(days=1)).isoformat()))
    assert "tidak terhubung dengan data pegawai" in json.dumps(found[A.RESULT]["children"])
    assert count_rows(WRITTEN) == before
    caption = fire(P.REFRESH, {f"{P.REFRESH}.n_clicks": 1})[P.CAPTION]["children"]
    assert "tidak terhubung dengan data pegawai" in caption


# === Persetujuan ==================================================================================

def test_the_supervisor_approves_and_returns_with_a_note(bina_marga, seeded, settings, as_user, client, fire):
    first = draft(seeded, settings, bina_marga["desk"], "08:00", "09:00")
    second = draft(seeded, settings, bina_marga["desk"], "09:00", "10:00")
    as_user("kabid.jalan")
    assert client.get("/kinerja/persetujuan").status_code == 200
    queue = fire(P.REFRESH, {f"{P.REFRESH}.n_clicks": 1})
    assert [row["id"] for row in queue[P.QUEUE]["data"]] == [first, second]
    assert queue[P.QUEUE]["data"][0]["name"] == "Kasi Pemeliharaan"
    assert queue[P.CAPTION]["children"].startswith("2 kegiatan menunggu keputusan Anda")

    no_note = fire(P.RETURN, {f"{P.RETURN}.n_clicks": 1, f"{P.QUEUE}.selected_row_ids": [first],
                              f"{P.NOTE}.value": " "})
    assert "tuliskan alasan pengembalian" in json.dumps(no_note[P.error("note")]["children"])
    assert [each.status for each in lines(seeded)] == ["submitted", "submitted"]

    returned = fire(P.RETURN, {f"{P.RETURN}.n_clicks": 1, f"{P.QUEUE}.selected_row_ids": [first],
                               f"{P.NOTE}.value": "jam tidak sesuai", f"{P.DONE}.data": 0})
    assert "1 kegiatan dikembalikan" in json.dumps(returned[P.MESSAGE]["children"]) and returned[P.DONE]["data"] == 1
    approved = fire(P.APPROVE, {f"{P.APPROVE}.n_clicks": 1, f"{P.QUEUE}.selected_row_ids": [second],
                                f"{P.NOTE}.value": "", f"{P.DONE}.data": 1})
    assert "1 kegiatan disetujui" in json.dumps(approved[P.MESSAGE]["children"])
    assert [(each.status, each.return_note) for each in lines(seeded)] == [("returned", "jam tidak sesuai"),
                                                                           ("approved", None)]
    assert fire(P.REFRESH, {f"{P.REFRESH}.n_clicks": 2})[P.QUEUE]["data"] == []
    yesterday = (city_today() - timedelta(days=1)).isoformat()
    team = fire(P.PERIOD, {f"{P.PERIOD}.start_date": yesterday, f"{P.PERIOD}.end_date": yesterday})[P.TEAM]["data"]
    assert sorted((row["id"], row["name"], row["status_name"]) for row in team) == [
        (first, "Kasi Pemeliharaan", "Dikembalikan"), (second, "Kasi Pemeliharaan", "Disetujui")]


def test_someone_who_decides_for_nobody_sees_an_empty_queue_and_cannot_decide(bina_marga, seeded, settings, as_user,
                                                                             fire, count_rows):
    activity_id = draft(seeded, settings, bina_marga["desk"])
    as_user("staf.jalan")  # below the desk: his line is none of staf's business
    queue = fire(P.REFRESH, {f"{P.REFRESH}.n_clicks": 1})
    assert queue[P.QUEUE]["data"] == [] and queue[P.CAPTION]["children"].startswith("Tidak ada kegiatan bawahan")
    before = count_rows(WRITTEN)
    forged = fire(P.APPROVE, {f"{P.APPROVE}.n_clicks": 1, f"{P.QUEUE}.selected_row_ids": [activity_id]})
    assert "bukan bawahan yang Anda nilai" in json.dumps(forged[P.error("ids")]["children"])
    assert count_rows(WRITTEN) == before and lines(seeded)[0].status == "submitted"
    none = fire(P.APPROVE, {f"{P.APPROVE}.n_clicks": 1, f"{P.QUEUE}.selected_row_ids": []})
    assert "pilih paling sedikit satu kegiatan" in json.dumps(none[P.error("ids")]["children"])


def test_crafted_requests_are_refused_without_a_server_error(bina_marga, seeded, as_user, fire, count_rows):
    as_user("kabid.jalan")
    before = count_rows(WRITTEN)
    huge = fire(P.APPROVE, {f"{P.APPROVE}.n_clicks": 1, f"{P.QUEUE}.selected_row_ids": [10**30]})
    assert "bukan nomor kegiatan" in json.dumps(huge[P.error("ids")]["children"])
    button = A.suggest("complaint", "ADU-0000-000001")
    assert fire(button, {f"{A.PROPOSALS}.data": [{"kind": "complaint", "ref": "ADU-0000-000001"}]},
                pattern={A.SUGGEST: [button]}) == {}  # no proposal behind it: nothing filled
    odd = fire(A.SAVE, form_values("besok", **{A.VOLUME: [3], A.START: "25:99"}))
    assert list(shown_errors(odd)) == ["day"] and count_rows(WRITTEN) == before
    assert fire(A.PERIOD, {f"{A.PERIOD}.start_date": "0001-01-01", f"{A.PERIOD}.end_date": "9999-12-31x",
                           f"{A.DAY}.value": None})[A.HISTORY]["data"] == []
