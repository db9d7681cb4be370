"""The NIP (modules/staff/nip.py) and the registry's field checks, without a database: each reason a
NIP is refused has its own code and sentence, a woman's and a man's digit, 29 February, and every
code of the domain's catalogue reads in both languages."""

from __future__ import annotations

import string
from datetime import date

import pytest

from core.messages import ENGLISH, INDONESIAN, catalogue, text
from modules.staff import checks
from modules.staff.errors import StaffValidationError
from modules.staff.nip import make_nip, nip_parts, nip_problem

TODAY = date(2026, 12, 3)
GOOD = "198503122010011003"  # born 12 March 1985, appointed January 2010, male, serial 3


def test_a_good_nip_reads_back_its_parts():
    assert nip_problem(GOOD, TODAY) is None
    parts = nip_parts(GOOD)
    assert (parts.birth_date, parts.appointed, parts.sex, parts.serial) == (date(1985, 3, 12), date(2010, 1, 1),
                                                                            "male", 3)
    assert make_nip(date(1985, 3, 12), date(2010, 1, 20), "male", 3) == GOOD


def test_the_sex_digit_is_1_for_men_and_2_for_women_and_nothing_else():
    woman = make_nip(date(1990, 7, 1), date(2015, 2, 1), "female", 12)
    assert woman[14] == "2" and nip_problem(woman, TODAY) is None and nip_parts(woman).sex == "female"
    assert nip_parts(GOOD).sex == "male" and GOOD[14] == "1"
    for digit in "03":
        assert nip_problem(GOOD[:14] + digit + GOOD[15:], TODAY) == ("staff_nip_sex", {"digit": digit})


def test_29_february_only_in_a_leap_year():
    assert nip_problem("199202292015031001", TODAY) is None
    assert nip_problem("199302292015031001", TODAY) == ("staff_nip_birth_date", {"digits": "19930229"})


@pytest.mark.parametrize("nip,code", [
    ("19850312201001100", "staff_nip_format"),       # 17 digits
    ("1985031220100110031", "staff_nip_format"),     # 19 digits
    ("19850312 201001 1 003", "staff_nip_format"),   # spaced as printed
    ("19850312201001100A", "staff_nip_format"),
    ("١٩٨٥٠٣١٢٢٠١٠٠١١٠٠٣", "staff_nip_format"),      # Arabic-Indic digits are digits to str.isdigit
    ("198513122010011003", "staff_nip_birth_date"),  # month 13
    ("198503122010131003", "staff_nip_appointment"),  # appointment month 13
    ("198503122010001003", "staff_nip_appointment"),  # appointment month 00
    ("198503122010013003", "staff_nip_sex"),
    ("198503122010011000", "staff_nip_serial"),
    ("203001012050011001", "staff_nip_future"),      # born in 2030
    ("198503122027011001", "staff_nip_future"),      # appointed in 2027
    ("200503122020011001", "staff_nip_too_young"),   # appointed at 14
])
def test_each_reason_has_its_code(nip, code):
    assert nip_problem(nip, TODAY)[0] == code


def test_appointed_on_the_eighteenth_birthday_month_is_young_enough_only_after_the_birthday():
    assert nip_problem(make_nip(date(2000, 1, 1), date(2018, 1, 1), "male", 1), TODAY) is None
    assert nip_problem(make_nip(date(2000, 1, 2), date(2018, 1, 1), "male", 1), TODAY)[0] == "staff_nip_too_young"


def test_the_check_names_the_field_and_the_reason():
    with pytest.raises(StaffValidationError) as refused:
        checks.nip("supervisor_nip", "198503122010013003", TODAY)
    assert (refused.value.field, refused.value.code, refused.value.params) == ("supervisor_nip", "staff_nip_sex",
                                                                               {"digit": "3"})
    assert checks.nip("nip", "  ", TODAY, required=False) is None
    with pytest.raises(StaffValidationError) as refused:
        checks.nip("nip", None, TODAY)
    assert (refused.value.field, refused.value.code) == ("nip", "staff_required")


@pytest.mark.parametrize("value,expected", [(True, True), ("ya", True), (" Aktif ", True), ("1", True),
                                            (False, False), ("0", False), ("tidak", False), ("NONAKTIF", False)])
def test_active_reads_the_words_of_a_file(value, expected):
    assert checks.flag("active", value) is expected


def test_active_refuses_anything_else():
    for value in ("maybe", 2, "2"):
        with pytest.raises(StaffValidationError) as refused:
            checks.flag("active", value)
        assert (refused.value.field, refused.value.code) == ("active", "staff_not_boolean")
    assert checks.flag("active", "", default=True) is True


def test_texts_are_trimmed_bounded_and_free_of_control_characters():
    assert checks.text("name", "  Siti Aminah ") == "Siti Aminah"
    for value, code in (("x" * 101, "staff_text_too_long"), ("Siti\x00", "staff_control_characters"),
                        (12, "staff_not_text"), ("   ", "staff_required")):
        with pytest.raises(StaffValidationError) as refused:
            checks.text("name", value)
        assert (refused.value.field, refused.value.code) == ("name", code)


STAFF_CODES = sorted(code for code in catalogue()[0] if code.startswith("staff_"))


@pytest.mark.parametrize("code", STAFF_CODES)
def test_every_staff_code_reads_in_both_languages_with_its_values(code):
    names = {field for template in catalogue()[0][code] for _, field, _, _ in string.Formatter().parse(template)
             if field}
    values = {name: 7 for name in names}
    indonesian, english = text(code, values, INDONESIAN), text(code, values, ENGLISH)
    assert indonesian and english and indonesian != english and "{" not in indonesian + english


def test_the_nip_codes_are_in_the_catalogue():
    returned = {"staff_nip_format", "staff_nip_birth_date", "staff_nip_appointment", "staff_nip_sex",
                "staff_nip_serial", "staff_nip_future", "staff_nip_too_young"}
    assert returned <= set(STAFF_CODES)
