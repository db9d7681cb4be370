"""Input Pengaduan (/pengaduan/baru): an operator files a complaint taken by phone or at the
counter; the service's refusals come back at their fields; only operator and admin may call."""

from datetime import datetime, timedelta, timezone
from zoneinfo import ZoneInfo

import pytest

from core.services import Services
from core.users import Viewer, issue_kiosk_token
from data import complaint_desk as desk
from layouts.components import desk as builders
from layouts.components.ids_pengaduan_baru import PengaduanBaru as B
from modules.complaints import CHANNELS, service

WIB = ZoneInfo("Asia/Jakarta")
CHECKER = Viewer(user_id="t:admin", username="checker", role="admin")
GOOD = {f"{B.CHANNEL}.value": "phone", f"{B.CATEGORY}.value": "SAMPAH",
        f"{B.DESCRIPTION}.value": "Sampah belum diangkut tiga hari di depan pasar.",
        f"{B.LAT}.value": "-7.2575", f"{B.LON}.value": "112.7521", f"{B.ADDRESS}.value": "Pasar Genteng",
        f"{B.REPORTER_NAME}.value": "Ibu Sri", f"{B.REPORTER_CONTACT}.value": "0315551234",
        f"{B.RECEIVED_DATE}.date": None, f"{B.RECEIVED_TIME}.value": None}


@pytest.fixture
def backend():  # the web layer is the same on both backends; the database tests cover PostgreSQL
    return "sqlite"


@pytest.fixture
def as_user(make_user, login, seeded):
    def log_in(name, role, **scope):
        make_user(name, role, **scope)
        assert login(name).status_code == 302

    return log_in


def submit(dash_callback, **changes):
    values = {f"{B.SUBMIT}.n_clicks": 1, **GOOD}
    values.update({f"{key}": value for key, value in changes.items()})
    return dash_callback(B.RESULT, values)


def outputs(response) -> dict:
    assert response.status_code == 200, response.get_data(as_text=True)[:300]
    return response.get_json()["response"]


def errors_shown(response) -> dict[str, str]:
    found = outputs(response)
    return {field: str(found[B.error(field)]["children"]) for field in B.ERROR_FIELDS
            if found[B.error(field)]["children"]}


def stored(seeded, ticket):
    with seeded.session() as session:
        view = service.find_by_ticket(session, ticket)
        complaint = service.get_complaint(session, CHECKER, _id_of(session, ticket))
        steps = service.complaint_history(session, CHECKER, complaint.id)
        return view, complaint, steps


def _id_of(session, ticket):
    from sqlalchemy import select

    from modules.complaints.models import Complaint
    return session.scalar(select(Complaint.id).where(Complaint.ticket == ticket))


def test_walk_in_is_a_channel():
    assert {"phone", "walk_in"} <= set(CHANNELS)


def test_an_operator_files_a_phone_complaint_and_gets_a_ticket(as_user, dash_callback, seeded):
    as_user("operator1", "operator")
    response = submit(dash_callback)
    found = outputs(response)
    ticket = found[B.RESULT]["children"]["props"]["children"][1]["props"]["children"]
    assert ticket.startswith("ADU-")
    assert f"/lacak/{ticket}" in str(found[B.RESULT])
    assert errors_shown(response) == {}
    assert found[B.DESCRIPTION]["value"] == "" and found[B.REPORTER_CONTACT]["value"] == ""  # ready for the next call

    view, complaint, steps = stored(seeded, ticket)
    assert (view.channel, view.category_code, view.status, view.opd_code) == ("phone", "SAMPAH", "dispatched", "DLH")
    assert complaint.reporter_contact == "0315551234" and complaint.kecamatan_code == "35.78.07"
    assert steps[0].actor == "operator1" and steps[0].note == "via phone"


def test_the_callers_rt_and_rw_are_stored(as_user, dash_callback, seeded):
    as_user("operator1", "operator")
    response = submit(dash_callback, **{f"{B.RT}.value": "03", f"{B.RW}.value": "1"})
    found = outputs(response)
    ticket = found[B.RESULT]["children"]["props"]["children"][1]["props"]["children"]
    _view, complaint, _steps = stored(seeded, ticket)
    assert (complaint.kelurahan_code, complaint.rw, complaint.rt) == ("35.78.07.1004", 1, 3)
    assert found[B.RW]["value"] == "" and found[B.RT]["value"] == ""  # ready for the next call


def test_a_walk_in_complaint_received_earlier_keeps_its_time(as_user, dash_callback, seeded):
    as_user("operator1", "operator")
    earlier = datetime.now(WIB) - timedelta(days=1)
    response = submit(dash_callback, **{f"{B.CHANNEL}.value": "walk_in", f"{B.LAT}.value": "",
                                        f"{B.LON}.value": "", f"{B.RECEIVED_DATE}.date": earlier.date().isoformat(),
                                        f"{B.RECEIVED_TIME}.value": "08.30"})
    ticket = outputs(response)[B.RESULT]["children"]["props"]["children"][1]["props"]["children"]
    view, complaint, _ = stored(seeded, ticket)
    assert view.channel == "walk_in" and complaint.lat is None and complaint.address == "Pasar Genteng"
    assert complaint.received_at == datetime.combine(earlier.date(), datetime.min.time().replace(hour=8, minute=30),
                                                     WIB).astimezone(timezone.utc)


@pytest.mark.parametrize("changes,field,shown", [
    ({f"{B.DESCRIPTION}.value": ""}, "description", "Uraian masalah: uraian masih kosong"),
    ({f"{B.DESCRIPTION}.value": "x" * 4001}, "description", "4.001 karakter; paling banyak 4.000 karakter"),
    ({f"{B.CATEGORY}.value": None}, "category_code", "Kategori: pilih salah satu kategori"),
    ({f"{B.LAT}.value": "utara"}, "lat", "Lintang: 'utara' bukan lintang yang valid"),
    ({f"{B.LAT}.value": "-7.0", f"{B.LON}.value": "112.0"}, "location", "berada di luar Kota Surabaya"),
    ({f"{B.LAT}.value": "", f"{B.LON}.value": "", f"{B.ADDRESS}.value": ""}, "location", "Lokasi: sebutkan tempatnya"),
    ({f"{B.CHANNEL}.value": "web"}, "channel", "Kanal: pilih telepon atau datang langsung"),
    ({f"{B.RECEIVED_TIME}.value": "25:99"}, "received_at", "jam '25:99' tidak dikenali"),
    ({f"{B.RECEIVED_DATE}.date": "2999-01-01", f"{B.RECEIVED_TIME}.value": "08:00"}, "received_at",
     "Waktu diterima: tidak boleh di masa depan"),
    ({f"{B.RECEIVED_DATE}.date": "0001-01-01", f"{B.RECEIVED_TIME}.value": "00:00"}, "received_at",
     "tanggal '0001-01-01' tidak dikenali"),  # year 1 in WIB has no UTC
    ({f"{B.DESCRIPTION}.value": "Sampah\x00menumpuk"}, "description", "berisi karakter kendali U+0000"),
    ({f"{B.RW}.value": "13"}, "rw", "RW: RW 13 tidak ada di kelurahan ini (RW 1 sampai 7)"),  # Ketabang: RW 1-7
    ({f"{B.RW}.value": "100"}, "rw", "RW: 100 di luar rentang 1..99"),
    ({f"{B.RT}.value": "2"}, "rt", "RT: sebutkan juga RW-nya"),
])
def test_bad_input_shows_the_reason_at_its_field_and_stores_nothing(as_user, dash_callback, seeded, changes, field,
                                                                    shown):
    as_user("operator1", "operator")
    response = submit(dash_callback, **changes)
    errors = errors_shown(response)
    assert field in errors and shown in errors[field]
    found = outputs(response)
    assert "Aduan belum tersimpan" in str(found[B.RESULT]["children"])
    assert B.DESCRIPTION not in found  # the input stays as typed
    with seeded.session() as session:
        assert service.list_queue(session, CHECKER) == [] and service.list_triage_queue(session, CHECKER) == []


@pytest.mark.parametrize("role,scope", [("opd", {"opd_code": "DLH"}), ("pimpinan", {})])
def test_other_roles_get_403(as_user, dash_callback, client, seeded, role, scope):
    as_user(f"user-{role}", role, **scope)
    assert submit(dash_callback).status_code == 403
    assert dash_callback(B.CATEGORY, {}).status_code == 403
    assert client.get("/pengaduan/baru").status_code == 403
    with seeded.session() as session:
        assert service.list_queue(session, CHECKER) == []


def test_a_wall_display_gets_403(client, databases, dash_callback, seeded):
    with databases.transaction() as session:
        _token, secret = issue_kiosk_token(session, "wall")
    client.get(f"/kiosk/{secret}")
    assert submit(dash_callback).status_code == 403


def test_the_page_gives_categories_channels_and_a_picker_map(as_user, dash_callback, client):
    as_user("operator1", "operator")
    assert client.get("/pengaduan/baru").status_code == 200
    found = outputs(dash_callback(B.CATEGORY, {}))
    assert {"label": "Sampah tidak terangkut", "value": "SAMPAH"} in found[B.CATEGORY]["options"]
    assert found[B.CHANNEL]["options"] == [{"label": "Telepon", "value": "phone"},
                                           {"label": "Datang langsung", "value": "walk_in"}]
    grid = found[B.MAP]["figure"]["data"][1]
    assert grid["name"] == "grid"


def test_file_by_phone_refuses_roles_that_do_not_take_calls(settings, databases):
    ticket, errors = desk.file_by_phone(Services(settings, databases, None),
                                        Viewer("9", "dlh", "opd", opd_code="DLH"), {"channel": "phone"})
    assert ticket is None and errors[0][0] == "access"


def test_the_city_grid_lies_inside_the_city():
    lats, lons = desk.city_grid()
    assert len(lats) == len(lons) > 5_000
    assert -7.4 < min(lats) and max(lats) < -7.1 and 112.5 < min(lons) and max(lons) < 112.9


def test_errors_are_placed_at_their_fields_and_others_summarised():
    errors = [("lat", "salah"), ("photos", "terlalu besar")]
    placed = builders.field_error_children(errors, ("lat", "lon"), {"lat": "Lintang"})
    assert placed[1] is None and placed[0][0].children == "Lintang: salah"
    summary = builders.refused_message(errors, ("lat", "lon"), {"photos": "Foto"})
    assert "Foto: terlalu besar" in str(summary.children)
