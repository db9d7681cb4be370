"""A logged-in user's crafted Dash request with values no page sends (a date of year 1, a row id of
10^30, a month that is no month) gets a 400, not a 500 from deep in a query; a component-suite
file that does not exist is a plain 404."""

import logging

import pytest

from layouts.components.ids import Home
from layouts.components.ids_pimpinan import Pimpinan
from layouts.components.ids_tpkpm import Tpkpm

TOO_BIG_ID = 10**30


@pytest.fixture
def as_user(make_user, login, complaint_marts):
    def log_in(role, **scope):
        make_user(f"user-{role}", role, **scope)
        assert login(f"user-{role}").status_code == 302

    return log_in


@pytest.mark.parametrize("name", ["start_date", "end_date"])
@pytest.mark.parametrize("day", ["0001-01-01", "9999-12-31"])
def test_pengaduan_dates_outside_the_years_of_the_data_are_400(as_user, dash_callback, name, day):
    as_user("pimpinan")
    assert dash_callback("pengaduan-queue", {f"pengaduan-dates.{name}": day}).status_code == 400


def test_a_pengaduan_row_id_no_row_can_have_is_400(as_user, dash_callback):
    as_user("pimpinan")
    cell = {"row": 0, "column": 0, "row_id": TOO_BIG_ID}
    assert dash_callback("pengaduan-detail", {"pengaduan-queue.active_cell": cell}).status_code == 400


def test_a_tpkpm_row_id_no_row_can_have_is_400(as_user, dash_callback):
    as_user("admin")
    cell = {"row": 0, "column": 0, "row_id": TOO_BIG_ID}
    assert dash_callback(Tpkpm.SELECTED, {f"{Tpkpm.QUEUE}.active_cell": cell}).status_code == 400


@pytest.mark.parametrize("month", ["0001-01", "9999-12", "2026-13", "bulan lalu"])
def test_a_pimpinan_month_that_is_no_month_of_the_data_is_400(as_user, dash_callback, month):
    as_user("pimpinan")
    values = {f"{Pimpinan.PERIOD}.value": "month", f"{Pimpinan.MONTH}.value": month}
    assert dash_callback(Pimpinan.TREND, values).status_code == 400
    assert dash_callback(Pimpinan.domain_cards("complaints"), values).status_code == 400


@pytest.mark.parametrize("section", [Pimpinan.domain_cards("no-such-domain"), Home.section("no-such-domain"),
                                     Pimpinan.domain_cards(["complaints"]), Home.section(None)])
def test_a_section_of_no_domain_is_400_naming_it(as_user, dash_callback, section):
    as_user("pimpinan")
    response = dash_callback(section, {})
    assert response.status_code == 400
    assert section["type"] in response.get_data(as_text=True)


def test_an_unknown_component_suite_file_is_404_without_a_traceback(client, caplog):
    with caplog.at_level(logging.ERROR):
        response = client.get("/_dash-component-suites/dash/nope/missing.v1_0_0m1.min.js")
    assert response.status_code == 404
    assert not [record for record in caplog.records if record.exc_info]
