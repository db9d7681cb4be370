"""What every domain shares from core/: the city's clock, reporting periods, ticket numbers,
periodic threads and webhook signatures (pure, no database)."""

import threading
from datetime import date, datetime, timezone

from core import periodic, webhooks
import pandas as pd

from core.clock import (as_utc, city_day, city_day_column, city_midnight, city_text, city_today,
                        remaining_text)
from core.periods import Period, calendar_month, day_windows, last_days
from core.tickets import format_ticket, normalise_ticket, ticket_period


def test_the_citys_day_starts_at_midnight_wib_not_utc():
    assert city_today(datetime(2026, 11, 30, 16, 59, tzinfo=timezone.utc)) == date(2026, 11, 30)
    assert city_today(datetime(2026, 11, 30, 17, 0, tzinfo=timezone.utc)) == date(2026, 12, 1)
    assert city_text(datetime(2026, 11, 30, 17, 5)) == "01/12/2026 00:05"  # naive values are UTC
    assert as_utc(datetime(2026, 1, 1)).tzinfo == timezone.utc


def test_a_moment_s_city_day_is_the_same_one_alone_and_in_a_column():
    """One definition for a single moment and for the ETL's whole columns, aware or naive (UTC),
    with a missing moment left missing; each day runs from its city midnight to the next."""
    moments = [datetime(2026, 11, 30, 16, 59, 59, 999999, tzinfo=timezone.utc),
               datetime(2026, 11, 30, 17, 0, tzinfo=timezone.utc), datetime(2026, 12, 31, 17, 0)]
    assert [city_day(moment) for moment in moments] == [date(2026, 11, 30), date(2026, 12, 1), date(2027, 1, 1)]
    for column in (pd.Series(moments[:2] + [as_utc(moments[2])]), pd.Series([m.replace(tzinfo=None) for m in moments])):
        assert city_day_column(column).tolist() == [city_day(moment) for moment in moments]
    assert city_day_column(pd.Series([moments[0], None], dtype="datetime64[ns, UTC]")).tolist() == [date(2026, 11, 30), None]
    assert all(city_day(city_midnight(day)) == day for day in (date(2026, 12, 1), date(2027, 1, 1)))


def test_periods_and_the_one_before():
    week = last_days(7, today=date(2026, 11, 30))
    assert (week.start, week.end, week.days) == (date(2026, 11, 24), date(2026, 11, 30), 7)
    assert week.previous() == Period(date(2026, 11, 17), date(2026, 11, 23))
    assert calendar_month(2026, 11, today=date(2026, 11, 20)) == Period(date(2026, 11, 1), date(2026, 11, 20))
    assert calendar_month(2026, 2, today=date(2026, 11, 20)).end == date(2026, 2, 28)


def test_a_full_refresh_s_windows_cover_every_day_once():
    first, last = date(2024, 2, 27), date(2024, 12, 31)
    windows = list(day_windows(first, last, 92))
    assert windows[0][0] == first and windows[-1][0] <= last < windows[-1][1]
    assert all(stop == start for (_, stop), (start, _) in zip(windows, windows[1:]))  # no gap, no overlap
    assert {(stop - start).days for start, stop in windows} == {92}
    assert list(day_windows(last, last, 92)) == [(last, date(2025, 4, 2))]
    assert list(day_windows(last, first, 92)) == []


def test_tickets_are_numbered_per_month_of_city_time():
    assert ticket_period(datetime(2026, 11, 30, 18, 0, tzinfo=timezone.utc)) == "2612"  # already December in WIB
    assert format_ticket("ADU", "2611", 123) == "ADU-2611-000123"
    assert normalise_ticket(" adu-2611-000123 ") == "ADU-2611-000123"


def test_a_periodic_thread_survives_a_failing_tick_and_stops():
    class Flaky(periodic.PeriodicThread):
        def __init__(self):
            super().__init__(interval=0.01)
            self.ticks, self.second = 0, threading.Event()

        def tick(self):
            self.ticks += 1
            if self.ticks == 1:
                raise RuntimeError("one bad tick")
            self.second.set()

    thread = Flaky().start()
    assert thread.second.wait(5)  # the tick after the failing one ran
    thread.stop()
    assert not thread.running


def test_webhook_signature_problems_are_codes():
    body, secret = b'{"x": 1}', "s3cret"
    good = webhooks.signature_of(secret, "1000", body)
    assert webhooks.signature_problem(body, "1000", good, [secret], now=1000) is None
    assert webhooks.signature_problem(body, None, good, [secret], now=1000) == "unsigned"
    assert webhooks.signature_problem(body, "soon", good, [secret], now=1000) == "bad_timestamp"
    assert webhooks.signature_problem(body + b" ", "1000", good, [secret], now=1000) == "bad_signature"
    assert webhooks.signature_problem(body, "1000", good, ["old", secret], now=1000 + 301) == "stale_timestamp"
    assert webhooks.source_secrets("P_", "sms", {"P_SMS": "new, old"}) == ["new", "old"]


def test_remaining_time_in_hours_and_minutes():
    assert remaining_text(1423) == "23 jam 43 menit lagi"
    assert remaining_text(-65) == "terlambat 1 jam 5 menit"
    assert remaining_text(120) == "2 jam lagi" and remaining_text(7) == "7 menit lagi"
    assert remaining_text(0) == "0 menit lagi"


def test_a_streamed_csv_has_one_bom_one_header_and_indonesian_cells():
    import pandas as pd

    from downloads.complaints import csv_chunks

    first = pd.DataFrame({"Waktu": pd.to_datetime(["2026-11-30T16:07:00Z"]), "Nilai": [1.5], "Hari": [date(2026, 11, 30)]})
    second = first.assign(Nilai=[2.25])
    text = "".join(csv_chunks(iter([first, second])))
    assert text == "\ufeffWaktu;Nilai;Hari\n30/11/2026 23:07;1,5;30/11/2026\n30/11/2026 23:07;2,25;30/11/2026\n"
