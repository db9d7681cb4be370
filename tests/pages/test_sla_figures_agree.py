"""One dataset, one minute: the wall, the TPKPM desk and the complaints page give the same number
for the same named figure (modules/complaints/statuses.py), each through its own data functions,
and label it with the same Indonesian words."""

from datetime import datetime, timedelta, timezone

import pytest

from core.messages import in_sentence

from modules.complaints.messages import FIGURE_LABELS
from core.services import Services
from core.users import Viewer
from data import complaint_desk as desk
from data.complaints import queries
from data.complaints.queries import ComplaintFilters, city_today
from etl.runner import EtlRunner
from layouts.components import complaint_charts as charts
from layouts.components import desk as desk_builders
from layouts.components import wall_complaint_panels as wall
from modules.complaints import ComplaintIntake, service, system_actor
from modules.complaints.statuses import BREACHED_EVER, OVERDUE_NOW

AT = datetime(2026, 11, 24, 3, 0, tzinfo=timezone.utc)  # 10:00 WIB; every time below is relative to it
ADMIN = Viewer(user_id="t:admin", username="admin", role="admin")
STAFF = system_actor("test")
POINTS = [(-7.2575, 112.7521), (-7.2475, 112.7421), (-7.30, 112.70), (-7.26, 112.70), (-7.29, 112.74),
          (-7.27, 112.73)]


@pytest.fixture
def backend():
    return "sqlite"


@pytest.fixture
def dataset(databases, settings):
    """Six complaints whose figures differ on purpose:

        late        routed, no response 120 min after receipt      overdue now, breached ever
        caught_up   responded 30 min late, feedback not due yet    breached ever only
        fresh       just received                                  neither
        triage      waits for an OPD, 90 min old                   overdue now, breached ever
        resolved    resolved, feedback 2 h overdue: still open     overdue now, breached ever
        closed      the whole way, on time                         not open
    """
    with databases.transaction() as session:
        service.seed_routing_rules(session)
    minutes = settings.complaints.first_response_minutes

    def filed(point, minutes_ago, triage=False):
        intake = ComplaintIntake(channel="web", category_code="JALAN_RUSAK", description="Jalan berlubang",
                                 lat=point[0], lon=point[1], triage=triage)
        with databases.transaction() as session:
            return service.submit_complaint(session, intake, settings, now=AT - timedelta(minutes=minutes_ago)).id

    def act(function, complaint_id, minutes_ago, *args):
        with databases.transaction() as session:
            function(session, STAFF, complaint_id, *args, now=AT - timedelta(minutes=minutes_ago))

    ids = {"late": filed(POINTS[0], 120), "caught_up": filed(POINTS[1], minutes + 60),
           "fresh": filed(POINTS[2], 0), "triage": filed(POINTS[3], 90, triage=True),
           "resolved": filed(POINTS[4], 26 * 60), "closed": filed(POINTS[5], 3 * 24 * 60)}
    act(service.respond, ids["caught_up"], 30, "")
    for name, ago in (("resolved", 26 * 60 - 10), ("closed", 3 * 24 * 60 - 10)):
        act(service.respond, ids[name], ago, "")
        act(service.resolve, ids[name], ago - 60, "")
    act(service.send_feedback, ids["closed"], 3 * 24 * 60 - 120, "Sudah diperbaiki")
    act(service.close, ids["closed"], 3 * 24 * 60 - 130, "")
    with databases.transaction() as session:
        service.sweep_sla_breaches(session, settings, AT)  # as the sweeper would have, by now
    EtlRunner(databases).run_once()
    return ids


@pytest.fixture
def services(settings, databases, dataset):
    return Services(settings, databases, None)


def desk_rows(services):
    return desk.queue(services, ADMIN, now=AT), desk.triage_queue(services, ADMIN, now=AT)


def page_filters():
    return ComplaintFilters.last_days(30, today=city_today(AT))


def test_overdue_now_is_one_number_on_the_wall_the_desk_and_the_complaints_page(services):
    queue, triage = desk_rows(services)
    on_desk = desk_builders.overdue_count(queue) + desk_builders.overdue_count(triage)
    on_wall = queries.live_counters(services, ADMIN, AT)[OVERDUE_NOW]
    on_page = queries.sla_figures(services, ADMIN, page_filters(), AT)[OVERDUE_NOW]
    assert on_desk == on_wall == on_page == 3  # late, triage and the resolved one still owing feedback


def test_breached_ever_is_one_number_on_the_wall_and_the_complaints_page(services):
    on_wall = queries.live_counters(services, ADMIN, AT)[BREACHED_EVER]
    on_page = queries.sla_figures(services, ADMIN, page_filters(), AT)[BREACHED_EVER]
    assert on_wall == on_page == 4  # overdue now, plus the one that caught up since
    assert len(queries.recent_breaches(services, ADMIN)) == 4  # the wall's alarm panel lists the same


def test_open_means_in_somebodys_queue_in_the_marts_as_on_the_desk(services, dataset):
    queue, triage = desk_rows(services)
    assert queries.live_counters(services, ADMIN, AT)["open"] == len(queue) + len(triage) == 5
    assert dataset["resolved"] in {row["id"] for row in queue}  # resolved: feedback and closing are still owed


def test_each_page_labels_the_figures_with_the_same_words(services):
    queue, _triage = desk_rows(services)
    counters = queries.live_counters(services, ADMIN, AT)
    strip = str(wall.counters_strip(counters))
    caption = charts.queue_caption(4, queries.sla_figures(services, ADMIN, page_filters(), AT), 30)
    for label in (FIGURE_LABELS[OVERDUE_NOW], FIGURE_LABELS[BREACHED_EVER]):
        assert label in strip and (label in caption or in_sentence(label) in caption)
    assert f"{in_sentence(FIGURE_LABELS[OVERDUE_NOW])}: 2." in desk_builders.queue_caption(queue, None)
    assert f"{FIGURE_LABELS[OVERDUE_NOW]}: 3;" in caption


def test_an_opd_officer_sees_the_same_figure_for_his_own_opd_everywhere(services):
    officer = Viewer(user_id="t:bm", username="binamarga", role="opd", opd_code="DSDABM")
    on_desk = desk_builders.overdue_count(desk.queue(services, officer, now=AT))
    on_page = queries.sla_figures(services, officer, page_filters(), AT)[OVERDUE_NOW]
    assert on_desk == on_page == queries.live_counters(services, officer, AT)[OVERDUE_NOW] == 2  # not the triage one
