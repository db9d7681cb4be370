"""With wall.alarm_sound on, a new SLA alarm reaching the wall sounds once (WebAudio in
assets/wall.js); alarms already there when the wall opened, and redraws, stay silent. Each alarm
says how late it is."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

import pytest

pytestmark = pytest.mark.browser


@pytest.fixture
def settings(settings):
    return settings.override(wall={"alarm_sound": True})


def test_a_new_alarm_chimes_once(databases, live_server, page, etl_follow):
    from core.users import issue_kiosk_token
    from synthetic_complaints import snapshot, write_snapshots

    with databases.transaction() as session:
        _token, secret = issue_kiosk_token(session, "ruang-kendali-bunyi")
    page.goto(f"{live_server}/kiosk/{secret}")
    page.wait_for_selector("[data-alarm-sound='on'] .wall-alarm", timeout=20_000)  # the alarms of the known set
    assert page.locator(".wall-alarm-late").first.inner_text().startswith("terlambat ")
    assert page.evaluate("() => window.pantauWallAlarm.sounded") == 0  # the first draw is the baseline

    received = datetime.now(timezone.utc) - timedelta(hours=2)
    write_snapshots(databases, [snapshot(601, ticket="ADU-ALARM-01", received_at=received,
                                         first_response_due_at=received + timedelta(minutes=60),
                                         first_response_breached_at=received + timedelta(minutes=60),
                                         updated_at=datetime.now(timezone.utc))])
    page.wait_for_selector(".wall-alarm.is-new[data-item^='ADU-ALARM-01']", timeout=15_000)
    page.wait_for_function("() => window.pantauWallAlarm.sounded === 1", timeout=5_000)
    # another complaint (no alarm) redraws the panels: the same alarm, no longer new, stays silent
    write_snapshots(databases, [snapshot(602, ticket="ADU-QUIET-01", received_at=datetime.now(timezone.utc))])
    page.wait_for_function("() => document.querySelector('.wall-ticker').textContent.includes('ADU-QUIET-01')"
                           " && !document.querySelector('.wall-alarm.is-new')", timeout=15_000)
    assert page.evaluate("() => window.pantauWallAlarm.sounded") == 1
