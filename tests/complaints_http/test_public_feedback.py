"""The OPD's feedback reaches the citizen's public reads: /lacak/<ticket> shows it under
"Tanggapan untuk Anda" and Open311 gives the newest as `pantau_feedback`, in JSON and XML; staff
notes and the reporter's contact never appear."""

import pytest
from channel_helpers import records

FIRST = "Tim kami sudah meninjau lokasi & menjadwalkan perbaikan <Senin>."
SECOND = "Perbaikan selesai hari ini. Terima kasih."
INTERNAL = "catatan internal: kontraktor CV Maju"


@pytest.fixture
def ticket(file, act):
    ticket = file(reporter_contact="siti@contoh.id")
    act("respond", ticket, INTERNAL)
    act("send_feedback", ticket, FIRST)
    act("send_feedback", ticket, SECOND)
    return ticket


def test_lacak_shows_every_feedback_message_and_nothing_internal(client, ticket):
    page = client.get(f"/lacak/{ticket}").get_data(as_text=True)
    feedback = page[page.index('id="feedback"'):page.index("Riwayat")]
    assert "Tim kami sudah meninjau lokasi &amp; menjadwalkan perbaikan &lt;Senin&gt;." in feedback  # escaped
    assert SECOND in feedback and feedback.index("Tim kami") < feedback.index(SECOND)
    assert "catatan internal" not in page and "siti@contoh.id" not in page


def test_lacak_without_feedback_has_no_feedback_section(client, file):
    assert 'id="feedback"' not in client.get(f"/lacak/{file()}").get_data(as_text=True)


@pytest.mark.parametrize("fmt", ["json", "xml"])
def test_open311_gives_the_newest_feedback(client, ticket, fmt):
    [request] = records(client.get(f"/open311/v2/requests/{ticket}.{fmt}"), fmt)
    assert request["pantau_feedback"] == SECOND
    assert request["pantau_feedback_datetime"]
    assert "catatan internal" not in str(request) and "siti@contoh.id" not in str(request)


def test_the_openapi_document_describes_the_feedback_fields(client):
    properties = client.get("/open311/v2/openapi.json").get_json()["components"]["schemas"]["ServiceRequest"][
        "properties"]
    assert properties["pantau_feedback"]["maxLength"] == 2000
    assert properties["pantau_feedback_datetime"]["format"] == "date-time"
