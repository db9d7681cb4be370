"""The e-Kinerja service on a real database: an activity's lifecycle through return and approval,
each refusal naming its field and writing nothing (the future, the days back, an overlap, a case
that does not exist, a step the lifecycle lacks, someone who is not the actor's subordinate), the
month's lock, the quarter's score, the photo, who reads what, and the change log's snapshots."""

from __future__ import annotations

import json
from datetime import date, timedelta

import pytest
from kinerja_helpers import ADMIN, CAMAT, NOW, OPD_OWN, OPD_DLH, PIMPINAN, WEDNESDAY, at, form
from sqlalchemy import func, select

from core.changelog import ChangeLogEntry
from modules.kinerja import extract, reads, scores, service
from modules.kinerja.errors import (KinerjaAccessDenied, KinerjaNotFound, KinerjaValidationError,
                                    KinerjaWorkflowError)
from modules.kinerja.models import KinerjaActivity, KinerjaScore
from modules.kinerja.sample import write_sample
from modules.kinerja.snapshot import ACTIVITY, ACTIVITY_KEYS, PERIOD, SCORE

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 24


def refuses(written, kind, field, code, call, *args, **kwargs):
    """The call raises `kind` naming `field` and `code`, and no row anywhere changed."""
    before = written()
    with pytest.raises(kind) as caught:
        call(*args, **kwargs)
    assert (caught.value.field, caught.value.code) == (field, code), caught.value
    assert written() == before
    return caught.value


# --- the lifecycle -------------------------------------------------------------------------------------

def test_a_line_is_returned_corrected_and_approved_and_each_step_is_logged_with_its_actor(team, new, run, load,
                                                                                           logged, settings):
    activity_id = new(team.staf_a, form(link_kind=None))
    assert (load(activity_id).status, load(activity_id).minutes) == ("draft", 90)
    run(service.submit, team.staf_a.viewer, [activity_id], now=NOW)
    run(service.decide, team.kasi.viewer, [activity_id], "return", "Sebutkan simpangnya", now=at(WEDNESDAY, 11))
    returned = load(activity_id)
    assert (returned.status, returned.return_note, returned.decided_by) == ("returned", "Sebutkan simpangnya",
                                                                            "kasi")
    run(service.edit_activity, team.staf_a.viewer, activity_id, form(description="Survei simpang Jl. Darmo-Polisi"),
        settings.kinerja, now=at(WEDNESDAY, 12))
    assert load(activity_id).status == "returned"  # editing keeps the status (and its note) until resubmitted
    run(service.submit, team.staf_a.viewer, [activity_id], now=at(WEDNESDAY, 12, 5))
    run(service.decide, team.kasi.viewer, [activity_id], "approve", now=at(WEDNESDAY, 13))
    approved = load(activity_id)
    assert (approved.status, approved.decided_at, approved.submitted_at) == ("approved", at(WEDNESDAY, 13),
                                                                             at(WEDNESDAY, 12, 5))
    rows = logged(ACTIVITY)
    assert [(operation, actor) for _id, operation, _payload, actor in rows] == [
        ("created", "staf.a"), ("submitted", "staf.a"), ("returned", "kasi"), ("edited", "staf.a"),
        ("submitted", "staf.a"), ("approved", "kasi")]
    for _id, _operation, payload, _actor in rows:
        assert tuple(payload) == ACTIVITY_KEYS
        assert "Darmo" not in json.dumps(payload) and "simpangnya" not in json.dumps(payload)  # no free text
    assert rows[-1][2]["status"] == "approved" and rows[-1][2]["minutes"] == 90


def test_a_draft_or_returned_line_is_deleted_but_a_submitted_one_is_not(team, new, run, written, logged):
    draft, sent = new(team.staf_a, form()), new(team.staf_a, form(day="2026-11-24"))
    run(service.submit, team.staf_a.viewer, [sent], now=NOW)
    refuses(written, KinerjaWorkflowError, "status", "kinerja_step_refused", run, service.delete_activity,
            team.staf_a.viewer, sent, now=NOW)
    refuses(written, KinerjaAccessDenied, "id", "kinerja_not_own", run, service.delete_activity, team.staf_b.viewer,
            draft, now=NOW)
    run(service.delete_activity, team.staf_a.viewer, draft, now=NOW)
    assert [(entity_id, operation) for entity_id, operation, _p, _a in logged(ACTIVITY)][-1] == (str(draft), "deleted")
    refuses(written, KinerjaNotFound, "id", "kinerja_not_found", run, service.delete_activity, team.staf_a.viewer,
            draft, now=NOW)


# --- refusals ------------------------------------------------------------------------------------------

@pytest.mark.parametrize("values,field,code", [
    (form(day="2026-11-26"), "day", "kinerja_in_future"),
    (form(start="09:00", end="10:05"), "end", "kinerja_in_future"),        # it is 10:00
    (form(day="2026-11-21"), "day", "kinerja_too_old"),                    # 4 days back; 3 allowed
    (form(day="2026-11-24", start="09:00", end="09:45"), "start", "kinerja_overlap"),
    (form(link_kind="complaint", link_ref="ADU-2611-999999"), "link_ref", "kinerja_link_unknown"),
    (form(link_kind="incident", link_ref="INS-2611-000001"), "link_ref", "kinerja_link_unknown"),
    (form(link_kind="letter", link_ref="12"), "link_ref", "kinerja_link_unknown"),
    (form(link_kind="sub_kegiatan", link_ref="1.03.03.2.01.0001"), "link_ref", "kinerja_link_unknown"),
    (form(end="07:00"), "end", "kinerja_end_before_start"),
])
def test_a_bad_line_is_refused_naming_its_field_and_nothing_is_written(team, new, run, written, settings, values,
                                                                        field, code):
    new(team.staf_a, form(day="2026-11-24", start="08:30", end="09:30"))
    refuses(written, KinerjaValidationError, field, code, run, service.create_activity, team.staf_a.viewer, values,
            settings.kinerja, now=NOW)


def test_the_days_back_end_where_the_setting_says_and_a_returned_line_keeps_its_day(team, new, run, settings, load):
    oldest = new(team.staf_a, form(day="2026-11-22", start="07:00", end="08:00"))  # exactly 3 days back
    run(service.submit, team.staf_a.viewer, [oldest], now=NOW)
    run(service.decide, team.kasi.viewer, [oldest], "return", "jamnya", now=NOW)
    week_later = NOW + timedelta(days=7)
    run(service.edit_activity, team.staf_a.viewer, oldest, form(day="2026-11-22", start="07:00", end="08:30"),
        settings.kinerja, now=week_later)  # its day is unchanged: the window does not apply again
    assert load(oldest).minutes == 90
    with pytest.raises(KinerjaValidationError) as caught:  # moving it to another old day does
        run(service.edit_activity, team.staf_a.viewer, oldest, form(day="2026-11-23"), settings.kinerja, now=week_later)
    assert caught.value.code == "kinerja_too_old"
    strict = settings.override(kinerja={"entry_days_back": 0}).kinerja
    with pytest.raises(KinerjaValidationError):
        run(service.create_activity, team.staf_a.viewer, form(day="2026-11-24"), strict, now=NOW)


def test_lines_that_touch_do_not_overlap_and_overlap_is_per_person(team, new, run, settings, load):
    first = new(team.staf_a, form(start="08:00", end="09:30"))
    new(team.staf_a, form(start="09:30", end="10:00"))
    new(team.staf_b, form(start="08:00", end="09:30"))
    run(service.edit_activity, team.staf_a.viewer, first, form(start="07:30", end="09:30"), settings.kinerja, now=NOW)
    assert load(first).minutes == 120  # a line does not overlap itself
    with pytest.raises(KinerjaValidationError) as caught:
        run(service.edit_activity, team.staf_a.viewer, first, form(start="07:30", end="09:31"), settings.kinerja,
            now=NOW)
    assert caught.value.code == "kinerja_overlap" and caught.value.params["start"] == "09:30"


def test_a_link_to_a_case_or_the_plan_that_exists_is_taken(team, new, run, load, databases):
    from core.changelog import record_change
    from modules.planning.plan import create_plan_item
    from core.users import Viewer

    planner = Viewer(user_id="t:bappeda", username="bappeda", role="perencana")
    run(create_plan_item, planner, year=2026, opd_code="BAPPEDALITBANG", sub_kegiatan_code="1.03.03.2.01.0001",
        indicator="Dokumen rencana", target_value=1, target_unit="dokumen", indicative_ceiling_rupiah=100_000_000)
    with databases.transaction() as session:  # what e-Office logs of a letter (read by entity name only)
        record_change(session, "office_letter", "41", "upsert", {"id": 41, "status": "registered"}, 1)
    plan = new(team.staf_a, form(link_kind="sub_kegiatan", link_ref="1.03.03.2.01.0001"))
    letter = new(team.staf_a, form(start="09:30", end="09:50", link_kind="letter", link_ref="41"))
    assert (load(plan).link_kind, load(letter).link_ref) == ("sub_kegiatan", "41")
    with pytest.raises(KinerjaValidationError):  # the plan of another OPD is not his
        new(team.dlh_staf, form(link_kind="sub_kegiatan", link_ref="1.03.03.2.01.0001"))


# --- decisions -----------------------------------------------------------------------------------------

@pytest.fixture
def submitted(team, new, run):
    """Submitted lines: a1, a2 of staf_a, b1 of staf_b, c1 of staf_c (below the vacant post), k1 of kasi."""
    made = {"a1": (team.staf_a, form()), "a2": (team.staf_a, form(start="09:30", end="09:55")),
            "b1": (team.staf_b, form()), "c1": (team.staf_c, form()), "k1": (team.kasi, form())}
    ids = {}
    for key, (person, values) in made.items():
        ids[key] = new(person, values)
        run(service.submit, person.viewer, [ids[key]], now=NOW)
    return ids


def test_the_direct_supervisor_decides_many_at_once_all_or_none(team, submitted, run, written, load):
    ids = submitted
    refusal = refuses(written, KinerjaAccessDenied, "ids", "kinerja_not_your_subordinate", run, service.decide,
                      team.kasi.viewer, [ids["a1"], ids["a2"], ids["c1"]], "approve", now=NOW)
    assert refusal.params == {"id": ids["c1"]}
    assert load(ids["a1"]).status == "submitted"  # the good ones of the batch were not decided either
    decided = run(service.decide, team.kasi.viewer, [ids["a1"], ids["a2"], ids["b1"], ids["a1"]], "approve", now=NOW)
    assert [each.id for each in decided] == [ids["a1"], ids["a2"], ids["b1"]]
    assert {load(ids[key]).status for key in ("a1", "a2", "b1")} == {"approved"}


@pytest.mark.parametrize("approver,line,allowed", [
    ("kasi", "a1", True), ("kabid", "a1", False), ("kadis", "a1", False), ("staf_b", "a1", False),
    ("kabid", "c1", True),   # his report's post is vacant: he decides for it
    ("kasi", "k1", False),   # no one decides his own lines
    ("kabid", "k1", True)])
def test_who_decides_is_the_nearest_active_supervisor(team, submitted, run, approver, line, allowed):
    viewer = getattr(team, approver).viewer
    if allowed:
        assert run(service.decide, viewer, [submitted[line]], "approve", now=NOW)[0].status == "approved"
    else:
        with pytest.raises(KinerjaAccessDenied):
            run(service.decide, viewer, [submitted[line]], "approve", now=NOW)


@pytest.mark.parametrize("ids,decision,note,kind,field,code", [
    ("a1", "return", None, KinerjaValidationError, "note", "kinerja_return_needs_note"),
    ("a1", "return", "  ", KinerjaValidationError, "note", "kinerja_return_needs_note"),
    ("a1", "approve", "bagus", KinerjaValidationError, "note", "kinerja_note_only_for_return"),
    ("a1", "reject", None, KinerjaValidationError, "decision", "kinerja_unknown_choice"),
    ([], "approve", None, KinerjaValidationError, "ids", "kinerja_batch_empty"),
    (list(range(1, 502)), "approve", None, KinerjaValidationError, "ids", "kinerja_batch_too_large"),
    (["x"], "approve", None, KinerjaValidationError, "ids", "kinerja_bad_id"),
    ([987654], "approve", None, KinerjaNotFound, "ids", "kinerja_not_found"),
])
def test_a_bad_decision_is_refused_naming_its_field(team, submitted, run, written, ids, decision, note, kind, field,
                                                    code):
    batch = [submitted[ids]] if isinstance(ids, str) else ids
    refuses(written, kind, field, code, run, service.decide, team.kasi.viewer, batch, decision, note, now=NOW)


def test_a_decided_line_is_not_decided_again_nor_submitted(team, submitted, run, written):
    run(service.decide, team.kasi.viewer, [submitted["a1"]], "approve", now=NOW)
    refuses(written, KinerjaWorkflowError, "status", "kinerja_step_refused", run, service.decide, team.kasi.viewer,
            [submitted["a1"]], "return", "lagi", now=NOW)
    refuses(written, KinerjaWorkflowError, "status", "kinerja_step_refused", run, service.submit, team.staf_a.viewer,
            [submitted["a1"]], now=NOW)


# --- the month's lock and the quarter's score ----------------------------------------------------------

def test_closing_a_month_locks_every_line_of_it_and_nothing_changes_after(team, new, run, written, load, logged,
                                                                          settings):
    friday = date(2026, 10, 30)
    evening = at(friday, 17)
    draft = new(team.staf_a, form(day=friday.isoformat()), now=evening)
    sent = new(team.staf_a, form(day=friday.isoformat(), start="10:00", end="11:00"), now=evening)
    run(service.submit, team.staf_a.viewer, [sent], now=evening)
    november = new(team.staf_a, form(day="2026-11-02"), now=at(date(2026, 11, 2), 17))
    monday = at(date(2026, 11, 2), 18)
    refuses(written, KinerjaAccessDenied, "actor", "kinerja_admin_only", run, service.close_period, OPD_OWN,
            "2026-10", now=monday)
    refuses(written, KinerjaWorkflowError, "month", "kinerja_period_not_over", run, service.close_period, ADMIN,
            "2026-11", now=monday)
    period = run(service.close_period, ADMIN, "2026-10", now=monday)
    assert period.activities_locked == 2
    assert (load(draft).locked, load(sent).locked, load(sent).status, load(november).locked) == (True, True,
                                                                                                 "submitted", False)
    assert [(entity_id, operation, actor) for entity_id, operation, _p, actor in logged(PERIOD)] == [
        ("2026-10", "closed", "bkd.admin")]
    for call, args in ((service.submit, ([draft],)), (service.delete_activity, (draft,)),
                       (service.edit_activity, (draft, form(day=friday.isoformat()), settings.kinerja))):
        refuses(written, KinerjaWorkflowError, "status", "kinerja_locked",
                run, call, team.staf_a.viewer, *args, now=monday)
    refuses(written, KinerjaWorkflowError, "status", "kinerja_locked", run, service.decide, team.kasi.viewer, [sent],
            "approve", now=monday)
    refuses(written, KinerjaWorkflowError, "day", "kinerja_period_closed", run, service.create_activity,
            team.staf_a.viewer, form(day="2026-10-30", start="13:00", end="14:00"), settings.kinerja, now=monday)
    refuses(written, KinerjaWorkflowError, "month", "kinerja_period_closed", run, service.close_period, ADMIN,
            "2026-10", now=monday)


def test_a_closed_quarter_is_scored_from_its_approved_minutes(team, new, run, written, settings, logged):
    section = settings.kinerja
    days = (date(2026, 9, 28), date(2026, 9, 29), date(2026, 9, 30))
    ids = []
    for day in days:
        ids.append(new(team.staf_a, form(day=day.isoformat(), start="08:00", end="12:00"), now=at(day, 17)))
        ids.append(new(team.staf_a, form(day=day.isoformat(), start="13:00", end="15:30"), now=at(day, 17)))
    unapproved = new(team.staf_a, form(day="2026-09-30", start="15:30", end="16:00"), now=at(days[-1], 17))
    run(service.submit, team.staf_a.viewer, ids + [unapproved], now=at(days[-1], 17, 30))
    run(service.decide, team.kasi.viewer, ids, "approve", now=at(date(2026, 10, 1), 9))
    october = at(date(2026, 10, 5), 9)
    run(service.close_period, ADMIN, "2026-07", now=october)
    run(service.close_period, ADMIN, "2026-08", now=october)
    refuses(written, KinerjaWorkflowError, "quarter", "kinerja_quarter_open", run, service.score_quarter,
            team.kasi.viewer, team.staf_a.id, "2026-Q3", 85, section, now=october)
    run(service.close_period, ADMIN, "2026-09", now=october)
    refuses(written, KinerjaAccessDenied, "staff_id", "kinerja_not_your_subordinate", run, service.score_quarter,
            team.kabid.viewer, team.staf_a.id, "2026-Q3", 85, section, now=october)
    refuses(written, KinerjaValidationError, "competence_score", "kinerja_out_of_range", run, service.score_quarter,
            team.kasi.viewer, team.staf_a.id, "2026-Q3", 101, section, now=october)
    refuses(written, KinerjaValidationError, "staff_id", "kinerja_bad_staff_id", run, service.score_quarter,
            team.kasi.viewer, "12", "2026-Q3", 85, section, now=october)
    refuses(written, KinerjaNotFound, "staff_id", "kinerja_staff_unknown", run, service.score_quarter,
            team.kasi.viewer, 987654, "2026-Q3", 85, section, now=october)
    score = run(service.score_quarter, team.kasi.viewer, team.staf_a.id, "2026-Q3", 85, section, now=october)
    working_days = scores.working_days(date(2026, 7, 1), date(2026, 9, 30))
    approved = 3 * (240 + 150)
    work = round(100 * approved / (300 * working_days), 2)
    assert (score.working_days, score.approved_minutes, score.target_minutes) == (working_days, approved,
                                                                                  300 * working_days)
    assert score.work_score == pytest.approx(work, abs=0.005)
    assert score.final_score == pytest.approx(round(0.8 * score.work_score + 0.2 * 85, 2), abs=0.005)
    assert score.band == "sangat_kurang"  # 3 days of a quarter's work
    again = run(service.score_quarter, team.kasi.viewer, team.staf_a.id, "2026-Q3", 90.5, section, now=october)
    assert again.id == score.id and again.competence_score == 90.5
    assert [operation for _id, operation, _p, _a in logged(SCORE)] == ["scored", "scored"]


# --- the photo -----------------------------------------------------------------------------------------

def test_a_photo_must_be_an_image_and_shows_in_the_snapshot(team, new, run, written, settings, logged):
    activity_id = new(team.staf_a, form())
    refuses(written, KinerjaValidationError, "photo", "photo_not_image", run, service.set_photo, team.staf_a.viewer,
            activity_id, b"%PDF-1.4 not an image", "bukti.pdf", settings.kinerja, now=NOW)
    small = settings.override(kinerja={"max_photo_bytes": 10}).kinerja
    refuses(written, KinerjaValidationError, "photo", "photo_too_large", run, service.set_photo, team.staf_a.viewer,
            activity_id, PNG, "bukti.png", small, now=NOW)
    run(service.set_photo, team.staf_a.viewer, activity_id, PNG, "C:\\Foto\\bukti.png", settings.kinerja, now=NOW)
    with_photo = run(lambda s: service.get_photo(s, team.kasi.viewer, activity_id))
    assert (with_photo.filename, with_photo.content_type) == ("bukti.png", "image/png")
    run(service.remove_photo, team.staf_a.viewer, activity_id, now=NOW)
    refuses(written, KinerjaNotFound, "id", "kinerja_no_photo", run, service.remove_photo, team.staf_a.viewer,
            activity_id, now=NOW)
    assert [(operation, payload["has_photo"]) for _i, operation, payload, _a in logged(ACTIVITY)] == [
        ("created", False), ("photo_set", True), ("photo_removed", False)]


# --- who reads what ------------------------------------------------------------------------------------

@pytest.mark.parametrize("reader,allowed", [
    ("staf_a", True), ("staf_b", False), ("kasi", True), ("kabid", True), ("kadis", True), ("dlh_staf", False),
    (OPD_OWN, True), (OPD_DLH, False), (PIMPINAN, False), (CAMAT, False)])
def test_a_line_is_read_by_its_owner_his_supervisors_and_his_opd_only(team, new, run, reader, allowed):
    activity_id = new(team.staf_a, form())
    viewer = getattr(team, reader).viewer if isinstance(reader, str) else reader
    if allowed:
        assert run(lambda s: service.get_activity(s, viewer, activity_id)).id == activity_id
    else:
        with pytest.raises(KinerjaAccessDenied):
            run(lambda s: service.get_activity(s, viewer, activity_id))


def test_lists_follow_the_subtree_and_the_opd_and_city_wide_roles_read_aggregates_only(team, new, run, settings):
    for person in (team.staf_a, team.staf_b, team.staf_c, team.dlh_staf):
        new(person, form())
    first, last = WEDNESDAY, WEDNESDAY

    def staff_ids(viewer):
        return sorted(line["staff_id"] for line in run(reads.team_activities, viewer, first, last))

    assert staff_ids(team.kasi.viewer) == sorted([team.staf_a.id, team.staf_b.id])
    assert staff_ids(team.kabid.viewer) == sorted([team.staf_a.id, team.staf_b.id, team.staf_c.id])
    assert staff_ids(OPD_OWN) == sorted([team.staf_a.id, team.staf_b.id, team.staf_c.id])
    assert staff_ids(PIMPINAN) == [] and staff_ids(CAMAT) == []
    city = run(reads.overview, PIMPINAN, settings.kinerja, "2026-11", WEDNESDAY)
    assert [(each["opd_code"], each["people"], each["minutes"]["draft"]) for each in city] == [
        ("BAPPEDALITBANG", 3, 270), ("DLH", 1, 90)]
    assert [each["opd_code"] for each in run(reads.overview, OPD_DLH, settings.kinerja, "2026-11", WEDNESDAY)] == ["DLH"]
    with pytest.raises(KinerjaAccessDenied):
        run(reads.overview, CAMAT, settings.kinerja, "2026-11", WEDNESDAY)
    with pytest.raises(KinerjaAccessDenied) as caught:  # a viewer with no staff record has no lines of his own
        run(service.create_activity, PIMPINAN, form(), settings.kinerja, now=NOW)
    assert caught.value.code == "kinerja_no_staff_record"


# --- figures -------------------------------------------------------------------------------------------

def test_the_summary_counts_minutes_per_working_day_and_the_queue_ages_in_working_days(team, new, run, settings):
    section = settings.kinerja
    thursday, monday = date(2026, 11, 19), date(2026, 11, 23)
    old = new(team.staf_a, form(day=thursday.isoformat(), start="08:00", end="13:00"), now=at(thursday, 17))
    run(service.submit, team.staf_a.viewer, [old], now=at(thursday, 17))
    fresh = new(team.staf_b, form(day=monday.isoformat()), now=at(monday, 17))
    run(service.submit, team.staf_b.viewer, [fresh], now=at(monday, 17))
    seen = run(reads.queue, team.kasi.viewer, section, WEDNESDAY)
    assert [(line["id"], line["age_working_days"], line["overdue"]) for line in seen["activities"]] == [
        (old, 4, True), (fresh, 2, False)]
    assert (seen["backlog"]["waiting"], seen["backlog"]["overdue"], seen["backlog"]["oldest_age_working_days"]) == \
        (2, 1, 4)
    run(service.decide, team.kasi.viewer, [old], "approve", now=NOW)
    mine = run(reads.summary, team.staf_a.viewer, section, "2026-11", WEDNESDAY)
    month = mine["month_figures"]
    assert month["working_days"] == scores.working_days(date(2026, 11, 1), WEDNESDAY) == 18
    assert (month["minutes"]["approved"], month["target_minutes"], month["working_days_short"]) == (300, 5400, 17)
    assert month["approved_per_working_day"] == round(300 / 18, 1) and mine["backlog"] is None
    assert run(reads.summary, team.kasi.viewer, section, "2026-11", WEDNESDAY)["backlog"]["waiting"] == 1


def test_the_change_log_holds_the_extract_of_every_row_after_the_sample(databases, settings):
    write_sample(databases, settings)
    with databases.engine.connect() as connection:
        extracted = dict(extract.snapshots_by_entity(connection))
    with databases.session() as session:
        log = ChangeLogEntry
        last = (select(log.entity, log.entity_id, func.max(log.position).label("position"))
                .where(log.entity.in_((ACTIVITY, PERIOD, SCORE))).group_by(log.entity, log.entity_id).subquery())
        newest = {(entity, entity_id): payload for entity, entity_id, payload in session.execute(
            select(log.entity, log.entity_id, log.payload).join(last, log.position == last.c.position))}
        states = dict(session.execute(select(KinerjaActivity.status, func.count()).group_by(KinerjaActivity.status)).all())
        locked = session.scalar(select(func.count()).where(KinerjaActivity.locked.is_(True)))
        bands = set(session.scalars(select(KinerjaScore.band)))
    assert newest == {key: json.loads(json.dumps(payload)) for key, payload in extracted.items()}
    assert states == {"approved": 10, "submitted": 1, "draft": 1} and locked == 12 and len(bands) == 1
