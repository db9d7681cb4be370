"""e-Kinerja's rules without a database: the lifecycle table, a form's refusals (each naming its
field), the working-day calendar and the score arithmetic, the settings' checks and the sentences
of every code the module raises."""

from __future__ import annotations

import re
from dataclasses import replace
from datetime import date
from pathlib import Path
from types import SimpleNamespace

import pytest

from core.messages import ENGLISH, INDONESIAN, catalogue, text
from core.settings import SettingsError
from modules.kinerja import checks, scores, workflow
from modules.kinerja.errors import KinerjaValidationError, KinerjaWorkflowError
from modules.kinerja.settings import KinerjaSettings, validate

SECTION = KinerjaSettings()
MODULE = Path(__file__).resolve().parents[2] / "modules" / "kinerja"


def line(**changes) -> dict:
    return {"day": "2026-11-25", "start": "08:00", "end": "09:30", "description": "Survei", "output": "Data",
            "volume": 1, "output_unit": "lokasi", **changes}


def refused(values: dict) -> tuple[str, str]:
    with pytest.raises(KinerjaValidationError) as caught:
        checks.activity_form(values)
    return caught.value.field, caught.value.code


# --- the lifecycle ------------------------------------------------------------------------------------

@pytest.mark.parametrize("action,status,expected", [
    ("submit", "draft", "submitted"), ("submit", "returned", "submitted"), ("approve", "submitted", "approved"),
    ("return", "submitted", "returned"), ("edit", "returned", "returned"), ("delete", "draft", "draft")])
def test_each_step_leads_where_the_table_says(action, status, expected):
    assert workflow.check(action, SimpleNamespace(status=status, locked=False, day=date(2026, 11, 25))) == expected


@pytest.mark.parametrize("action,status", [
    ("approve", "draft"), ("approve", "approved"), ("return", "returned"), ("submit", "submitted"),
    ("submit", "approved"), ("edit", "submitted"), ("edit", "approved"), ("delete", "approved")])
def test_a_step_the_table_lacks_is_refused(action, status):
    with pytest.raises(KinerjaWorkflowError) as caught:
        workflow.check(action, SimpleNamespace(status=status, locked=False, day=date(2026, 11, 25)))
    assert (caught.value.field, caught.value.code) == ("status", "kinerja_step_refused")


def test_a_locked_activity_takes_no_step_at_all():
    for action in workflow.STEPS:
        with pytest.raises(KinerjaWorkflowError) as caught:
            workflow.check(action, SimpleNamespace(status="submitted", locked=True, day=date(2026, 10, 3)))
        assert caught.value.code == "kinerja_locked" and caught.value.params == {"month": "2026-10"}


def test_the_owner_edits_and_submits_and_the_approver_decides():
    assert {action for action, step in workflow.STEPS.items() if step.by == workflow.APPROVER} == {"approve", "return"}


# --- a form ---------------------------------------------------------------------------------------------

def test_a_good_form_gives_its_minutes():
    checked = checks.activity_form(line(start="07:45", end="24:00", link_kind="complaint", link_ref="adu-2611-000001"))
    assert (checked.start_minute, checked.end_minute, checked.minutes) == (465, 1440, 975)
    assert checked.link_ref == "ADU-2611-000001"  # tickets are stored upper case


@pytest.mark.parametrize("changes,field,code", [
    ({"end": "07:59"}, "end", "kinerja_end_before_start"),
    ({"end": "08:00"}, "end", "kinerja_end_before_start"),
    ({"end": "24:01"}, "end", "kinerja_longer_than_day"),
    ({"start": "22:00", "end": "30:00"}, "end", "kinerja_longer_than_day"),
    ({"start": "24:00"}, "start", "kinerja_bad_time"),
    ({"start": "8:00"}, "start", "kinerja_bad_time"),
    ({"end": "09:60"}, "end", "kinerja_bad_time"),
    ({"day": "2026-02-30"}, "day", "kinerja_bad_date"),
    ({"day": None}, "day", "kinerja_required"),
    ({"description": " "}, "description", "kinerja_required"),
    ({"description": "x" * 1001}, "description", "kinerja_text_too_long"),
    ({"output": 5}, "output", "kinerja_not_text"),
    ({"volume": 0}, "volume", "kinerja_out_of_range"),
    ({"volume": True}, "volume", "kinerja_out_of_range"),
    ({"volume": "2"}, "volume", "kinerja_out_of_range"),
    ({"link_kind": "budget", "link_ref": "1"}, "link_kind", "kinerja_unknown_choice"),
    ({"link_kind": "complaint"}, "link_ref", "kinerja_required"),
    ({"link_ref": "ADU-2611-000001"}, "link_kind", "kinerja_required"),
    ({"minutes": 90}, "minutes", "kinerja_unknown_field"),
])
def test_each_bad_field_is_refused_by_name(changes, field, code):
    assert refused(line(**changes)) == (field, code)


# --- the calendar and the arithmetic --------------------------------------------------------------------

def test_working_days_skip_weekends_and_indonesian_holidays():
    assert scores.working_days(date(2026, 11, 23), date(2026, 11, 29)) == 5        # Monday to Sunday
    assert scores.working_days(date(2026, 8, 17), date(2026, 8, 17)) == 0          # Hari Kemerdekaan, a Monday
    assert scores.working_days(date(2026, 8, 17), date(2026, 8, 21)) == 4
    assert scores.working_days(date(2026, 11, 25), date(2026, 11, 24)) == 0


def test_months_and_quarters():
    assert scores.quarter_months("2026-Q4") == ["2026-10", "2026-11", "2026-12"]
    assert scores.quarter_bounds("2026-Q1") == (date(2026, 1, 1), date(2026, 3, 31))
    assert scores.month_bounds("2028-02") == (date(2028, 2, 1), date(2028, 2, 29))
    assert scores.quarter_of(date(2026, 7, 1)) == "2026-Q3"
    for bad in ("2026-Q5", "2026-4", "Q4-2026", None):
        with pytest.raises(KinerjaValidationError):
            scores.quarter_months(bad)
    for bad in ("2026-13", "2026-1", "1999-12"):
        with pytest.raises(KinerjaValidationError):
            scores.month_bounds(bad)


def test_the_backlog_ages_in_working_days():
    friday, monday, wednesday = date(2026, 11, 20), date(2026, 11, 23), date(2026, 11, 25)
    assert scores.age_in_working_days(friday, monday) == 1                 # the weekend does not count
    assert scores.age_in_working_days(friday, wednesday) == 3
    cutoff = scores.overdue_cutoff(wednesday, 3)                           # 3 working days allowed
    assert cutoff == date(2026, 11, 20)
    assert (friday < cutoff, date(2026, 11, 19) < cutoff) == (False, True)
    assert scores.age_in_working_days(date(2026, 11, 19), wednesday) == 4  # overdue: more than 3


@pytest.mark.parametrize("approved,days,target,expected", [
    (0, 60, 300, 0.0), (9_000, 60, 300, 50.0), (18_000, 60, 300, 100.0), (30_000, 60, 300, 100.0),
    (1, 3, 300, 0.11), (5, 3, 300, 0.56), (12_345, 61, 300, 67.46), (500, 0, 300, 0.0)])
def test_the_work_score_is_the_share_of_the_target_capped_at_100(approved, days, target, expected):
    assert scores.work_score(approved, days, target) == expected


def test_the_final_score_weighs_work_80_and_competence_20_and_falls_in_a_band():
    assert scores.final_score(90, 80, SECTION) == 88.0
    assert scores.final_score(67.46, 85, SECTION) == 70.97
    assert scores.final_score(50, 100, replace(SECTION, work_weight=60, competence_weight=40)) == 70.0
    bands = {value: scores.band(value, SECTION) for value in (100, 91, 90.99, 76, 75.99, 61, 60.99, 51, 50.99, 0)}
    assert bands == {100: "sangat_baik", 91: "sangat_baik", 90.99: "baik", 76: "baik", 75.99: "butuh_perbaikan",
                     61: "butuh_perbaikan", 60.99: "kurang", 51: "kurang", 50.99: "sangat_kurang",
                     0: "sangat_kurang"}
    assert [scores.BAND_NAMES[b] for b in scores.BANDS] == ["Sangat Baik", "Baik", "Butuh Perbaikan", "Kurang",
                                                            "Sangat Kurang"]


# --- settings and sentences ------------------------------------------------------------------------------

@pytest.mark.parametrize("changes,key", [
    ({"work_weight": 70}, "kinerja.work_weight"),
    ({"daily_minutes_target": 0}, "kinerja.daily_minutes_target"),
    ({"daily_minutes_target": 1500}, "kinerja.daily_minutes_target"),
    ({"entry_days_back": -1}, "kinerja.entry_days_back"),
    ({"band_baik": 95.0}, "kinerja.band_sangat_baik"),
    ({"approval_deadline_days": 0}, "kinerja.approval_deadline_days")])
def test_bad_settings_stop_the_start_naming_the_key(changes, key):
    validate(SECTION)
    with pytest.raises(SettingsError) as caught:
        validate(replace(SECTION, **changes))
    assert caught.value.key == key


def raised_codes() -> set[str]:
    found = set()
    for path in MODULE.rglob("*.py"):
        found |= set(re.findall(r'"(kinerja_[a-z_]+)"', path.read_text()))
    tables_and_entities = {"kinerja_activities", "kinerja_activity", "kinerja_activity_photos", "kinerja_period",
                           "kinerja_periods", "kinerja_score", "kinerja_scores", "kinerja_staff_of", "kinerja_api",
                           "kinerja_status", "kinerja_action", "kinerja_link_kind"}
    return found - tables_and_entities


@pytest.mark.parametrize("code", sorted(raised_codes()))
def test_every_code_the_module_names_has_both_sentences(code):
    messages = catalogue()[0]
    assert code in messages, f"{code} has no sentences"
    params = set(re.findall(r"\{(\w+)", " ".join(messages[code])))
    values = {name: "submitted" if name == "kinerja_status" else "approve" if name == "kinerja_action"
              else "complaint" if name == "kinerja_link_kind" else "x" for name in params}
    indonesian, english = text(code, values, INDONESIAN), text(code, values, ENGLISH)
    assert indonesian and english and indonesian != english


def test_statuses_and_link_kinds_read_in_indonesian():
    assert text("kinerja_step_refused", {"kinerja_status": "approved", "kinerja_action": "edit"}) == \
        "kegiatan berstatus Disetujui tidak dapat diubah"
    assert text("kinerja_link_unknown", {"kinerja_link_kind": "complaint", "ref": "ADU-1"}) == \
        "aduan 'ADU-1' tidak ditemukan"
