"""Permendagri 90 codes: the shape of a sub kegiatan and of an account, and refusals that name the
part that is wrong."""

import pytest

from core.messages import ENGLISH, text
from modules.planning.codes import (account_problem, check_account, check_sub_kegiatan, kegiatan_of, program_of,
                                    sub_kegiatan_problem)
from modules.planning.errors import PlanningValidationError


@pytest.fixture
def backend():  # no database here
    return "sqlite"


@pytest.mark.parametrize("code", ["1.03.03.2.01.0001", "2.16.03.2.02.0004", " 1.04.05.2.01.0004 "])
def test_sub_kegiatan_codes_of_the_right_shape_pass(code):
    assert sub_kegiatan_problem(code) is None
    assert check_sub_kegiatan("kode", code) == code.strip()


@pytest.mark.parametrize("code,message", [
    ("", "a code is required, for example 1.03.03.2.01.0001"),
    ("1.03.03.2.01", "'1.03.03.2.01': a code has 6 parts separated by dots, found 5 (for example 1.03.03.2.01.0001)"),
    ("1.03.3.2.01.0001", "'1.03.3.2.01.0001': part 3 (program) must be 2 digits, got '3' "
                         "(for example 1.03.03.2.01.0001)"),
    ("1.03.03.2.01.001", "'1.03.03.2.01.001': part 6 (sub kegiatan) must be 4 digits, got '001' "
                         "(for example 1.03.03.2.01.0001)"),
    ("X.XX.03.2.01.0001", "'X.XX.03.2.01.0001': part 1 (urusan) must be 1 digits, got 'X' "
                          "(for example 1.03.03.2.01.0001)"),
    ("1.03.03.2.01.0001.5", "'1.03.03.2.01.0001.5': a code has 6 parts separated by dots, found 7 "
                            "(for example 1.03.03.2.01.0001)"),
])
def test_a_bad_sub_kegiatan_code_says_which_part_is_wrong(code, message):
    code_name, params = sub_kegiatan_problem(code)
    assert text(code_name, params, ENGLISH) == message
    with pytest.raises(PlanningValidationError) as refused:
        check_sub_kegiatan("kode_sub_kegiatan", code)
    assert refused.value.field == "kode_sub_kegiatan"


@pytest.mark.parametrize("code,part", [("5.1.2.01.01.0024", "jenis"), ("5.1.02.01.01.24", "sub rincian objek"),
                                       ("51.1.02.01.01.0024", "akun"), ("5.1.02.01.1.0024", "rincian objek"),
                                       ("5.11.02.01.01.0024", "kelompok"), ("5.1.02.o1.01.0024", "objek")])
def test_a_bad_account_code_names_its_level(code, part):
    assert account_problem(code)[1]["part"] == part
    with pytest.raises(PlanningValidationError):
        check_account("kode_rekening", code)


def test_account_and_program_and_kegiatan_parts():
    assert account_problem("5.1.02.01.01.0024") is None
    assert program_of("1.03.03.2.01.0001") == "1.03.03"
    assert kegiatan_of("1.03.03.2.01.0001") == "1.03.03.2.01"
    assert sub_kegiatan_problem(1.03) == ("planning_code_empty", {"example": "1.03.03.2.01.0001"})


def test_a_works_status_reads_in_indonesian_on_pages_and_as_its_code_for_apis():
    params = {"work_status": "planned", "target_status": "built"}
    assert text("planning_work_transition", params) == "pekerjaan berstatus Direncanakan tidak dapat menjadi " \
                                                       "Selesai dibangun"
    assert text("planning_work_transition", params, ENGLISH) == "a work that is planned cannot become built"
