"""The NIK's checks (modules/sipandu/nik.py): what a NIK states, every way it can be wrong, and the
national region list it is checked against."""

from __future__ import annotations

import csv
from datetime import date

import pytest

from core.settings import resolve_path
from modules.sipandu.errors import SipanduValidationError
from modules.sipandu.messages import MESSAGES
from modules.sipandu.nik import check_nik, masked_nik, read_nik
from modules.sipandu.regions import region_names

TODAY = date(2026, 12, 2)


def refused(nik: str, **stated) -> SipanduValidationError:
    with pytest.raises(SipanduValidationError) as caught:
        check_nik(nik, TODAY, **stated)
    assert caught.value.field == "nik"
    return caught.value


def test_a_mans_nik_states_his_kecamatan_birth_date_and_serial():
    facts = read_nik("3578051207920003", TODAY)
    assert (facts.region, facts.birth_date, facts.sex, facts.serial) == ("35.78.05", date(1992, 7, 12), "male", "0003")


def test_a_womans_day_carries_forty_more():
    facts = read_nik("3578055207920001", TODAY)
    assert (facts.birth_date, facts.sex) == (date(1992, 7, 12), "female")
    assert read_nik("3578054101050001", TODAY).birth_date == date(2005, 1, 1)


@pytest.mark.parametrize("digits,year", [("120792", 1992), ("120705", 2005), ("011126", 2026), ("011227", 1927),
                                         ("311226", 1926), ("290200", 2000), ("690200", 2000)])
def test_the_century_is_the_latest_one_not_after_today(digits, year):
    # 31 Dec '26 is still ahead in 2026: 1926; 29 Feb '00 is real in 2000 only (a woman's too)
    assert read_nik(f"357805{digits}0001", TODAY).birth_date.year == year


def test_a_nik_from_another_province_is_read_against_the_national_list():
    assert read_nik("1101011207920001", TODAY).region == "11.01.01"  # Bakongan, Aceh Selatan


@pytest.mark.parametrize("nik", ["357805120792000", "35780512079200011", "35780512079200O1", "３５７８０５１２０７９２０００１",
                                 "", "3578 0512079200"])
def test_anything_but_sixteen_ascii_digits_is_refused(nik):
    assert refused(nik).code == "sipandu_nik_format"


@pytest.mark.parametrize("nik,region", [("3599011207920001", "35.99.01"), ("9978011207920001", "99.78.01"),
                                        ("3578991207920001", "35.78.99")])
def test_a_region_not_on_the_official_list_is_refused(nik, region):
    error = refused(nik)
    assert (error.code, error.params) == ("sipandu_nik_region", {"region": region})


@pytest.mark.parametrize("digits", ["310292", "710292", "001092", "401092", "121392", "120092", "290201", "351092"])
def test_an_impossible_birth_date_is_refused(digits):
    # 31 Feb; a woman's 31 Feb; day 0; a woman's day 0; month 13; month 0; 29 Feb of 2001 and 1901; day 35
    error = refused(f"357805{digits}0001")
    assert (error.code, error.params) == ("sipandu_nik_date", {"digits": digits})


def test_serial_zero_is_refused():
    assert refused("3578051207920000").code == "sipandu_nik_serial"


def test_the_stated_birth_date_and_sex_must_be_the_niks():
    assert check_nik("3578055207920001", TODAY, birth_date=date(1992, 7, 12), sex="female").sex == "female"
    error = refused("3578055207920001", birth_date=date(1992, 7, 13))
    assert (error.code, error.params) == ("sipandu_nik_birth_date_mismatch",
                                          {"nik_date": "1992-07-12", "stated": "1992-07-13"})
    assert refused("3578055207920001", sex="male").code == "sipandu_nik_sex_mismatch"


def test_the_mask_keeps_the_city_and_the_last_two_digits():
    assert masked_nik("3578055207920001") == "3578**********01"
    assert masked_nik(None) is None


def test_every_code_raised_has_its_sentences_in_both_languages():
    raised = {"sipandu_nik_format": {"length": 3}, "sipandu_nik_region": {"region": "35.99.01"},
              "sipandu_nik_date": {"digits": "310292"}, "sipandu_nik_serial": {},
              "sipandu_nik_birth_date_mismatch": {"nik_date": "1992-07-12", "stated": "1992-07-13"},
              "sipandu_nik_sex_mismatch": {"nik_sex": "female", "stated": "male"}}
    assert set(raised) <= set(MESSAGES)
    for code, params in raised.items():
        indonesian, english = MESSAGES[code]
        assert indonesian.format(**params) and english.format(**params)


def test_the_national_list_agrees_with_surabayas_official_one():
    with open(resolve_path("reference/wilayah_kemendagri_3578.csv"), newline="", encoding="utf-8") as file:
        surabaya = {row["code"]: row["name"] for row in csv.DictReader(file) if row["level"] == "kecamatan"}
    national = {code: name for code, name in region_names("kecamatan").items() if code.startswith("35.78.")}
    assert national == surabaya and len(surabaya) == 31
    assert len(region_names("province")) == 38 and region_names("regency")["35.78"] == "Kota Surabaya"
