"""The pages speak Indonesian in the browser too: the date picker's months, the charts' axes and
numbers (Plotly's `id` locale from assets/, decimal comma), and Plotly.js comes from its versioned,
long-cached URL, never the unversioned one."""

import re
from datetime import datetime, timezone

import pytest

from core.clock import city_time

pytestmark = pytest.mark.browser

MONTHS = ("Januari", "Februari", "Maret", "April", "Mei", "Juni", "Juli", "Agustus", "September", "Oktober",
          "November", "Desember")
SHORT_MONTHS = ("Jan", "Feb", "Mar", "Apr", "Mei", "Jun", "Jul", "Agu", "Sep", "Okt", "Nov", "Des")
ENGLISH_ONLY = ("January", "February", "March", "May", "June", "July", "August", "October", "December")


def test_date_picker_and_chart_axes_are_indonesian(live_server, page, sign_in, complaint_marts):
    requested = []
    page.on("request", lambda request: requested.append(request.url))
    sign_in("pimpinan1", "pimpinan", path="/login?next=/pengaduan")
    page.goto(f"{live_server}/pengaduan")

    # the trend's date axis: day and Indonesian month abbreviation, e.g. "3 Des"
    page.wait_for_function("""() => {
        const gd = document.querySelector('#pengaduan-trend .js-plotly-plot');
        return gd && gd.data && gd.data.length > 0 && gd.querySelector('.xtick text');
    }""", timeout=20_000)
    ticks = page.locator("#pengaduan-trend .xtick text").all_text_contents()
    assert ticks and all(re.fullmatch(r"\d{1,2} (" + "|".join(SHORT_MONTHS) + ")", tick) for tick in ticks), ticks
    separators = page.evaluate("""() => [...document.querySelectorAll('.js-plotly-plot')]
        .map(gd => gd._fullLayout && gd._fullLayout.separators)""")
    assert separators and set(separators) == {",."}

    # numbers on an axis with the same layout and config as the app's figures: decimal comma, thousands dot
    labels = page.evaluate("""async () => {
        const gd = document.createElement('div');
        document.body.appendChild(gd);
        await Plotly.newPlot(gd, [{type: 'bar', x: ['a', 'b'], y: [0.5, 1500]}],
                             {separators: ',.', yaxis: {tickvals: [0.5, 1500], tickformat: ',.1f'}},
                             {locale: 'id'});
        return [...gd.querySelectorAll('.ytick text')].map(t => t.textContent);
    }""")
    assert labels == ["0,5", "1.500,0"]

    # the date picker opens on this month, in Indonesian
    assert page.get_attribute("#pengaduan-dates", "placeholder") == "Tanggal awal"
    page.click("#pengaduan-dates")
    month = MONTHS[city_time(datetime.now(timezone.utc)).month - 1]
    page.locator(f"text={month} >> visible=true").first.wait_for(timeout=10_000)
    calendar = page.locator("body").inner_text()
    assert not any(name in calendar for name in ENGLISH_ONLY)

    plotly = [url for url in requested if "/plotly/package_data/" in url]
    assert plotly and all(re.search(r"plotly\.v[\w-]+m\d+\.min\.js$", url) for url in plotly), plotly
