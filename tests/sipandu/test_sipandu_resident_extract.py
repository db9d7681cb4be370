"""Reading a Dukcapil-style extract of residents (modules/sipandu/resident_extract.py): all rows or
none, every bad field of every row named with its reason."""

from __future__ import annotations

from datetime import date

import pytest

from core.reference import rt_unit_code
from modules.sipandu.errors import SipanduImportError
from modules.sipandu.messages import MESSAGES
from modules.sipandu.resident_extract import COLUMNS, read_resident_extract

TODAY = date(2026, 12, 2)
KELURAHAN = "35.78.05.1002"
KNOWN_RT = {rt_unit_code(KELURAHAN, 3, 5), rt_unit_code(KELURAHAN, 3, 6)}
HEADER = ",".join(COLUMNS)
SITI = "3578055207920001,3578050101150003,Siti Aminah,P,1992-07-12,35.78.05.1002,3,5,Jl. Kaliasin 12"
BUDI = "3578051207920002,3578050101150004,Budi Santoso,L,1992-07-12,35.78.05.1002,3,6,Jl. Kaliasin 14"


def read(*lines: str):
    return read_resident_extract("\n".join([HEADER, *lines]) + "\n", KNOWN_RT, TODAY)


def refusal(*lines: str) -> list[tuple[int, str, str]]:
    with pytest.raises(SipanduImportError) as caught:
        read(*lines)
    assert caught.value.code == "sipandu_import_refused"
    return [(e.row, e.field, e.code) for e in caught.value.errors]


def test_a_good_file_gives_every_resident_checked():
    siti, budi = read(SITI, BUDI)
    assert (siti.row, siti.sex, siti.birth_date, siti.rt_code) == (2, "female", date(1992, 7, 12),
                                                                   "35.78.05.1002.RW03.RT05")
    assert (budi.row, budi.sex, budi.name, budi.kk) == (3, "male", "Budi Santoso", "3578050101150004")


def test_a_byte_order_mark_and_bytes_are_read_alike():
    content = ("\ufeff" + "\n".join([HEADER, SITI]) + "\n").encode("utf-8")
    assert read_resident_extract(content, KNOWN_RT, TODAY)[0].nik == "3578055207920001"


def test_every_bad_field_of_every_row_is_named_and_nothing_is_returned():
    bad = [
        SITI.replace("3578055207920001", "3578055207920007").replace("Siti Aminah", ""),  # row 2: no name
        BUDI.replace(",L,", ",X,"),                                        # row 3: sex unknown
        SITI.replace("3578055207920001", "3578055207920009").replace("1992-07-12", "1992-07-13"),  # row 4: date
        BUDI.replace("3578051207920002", "3578051207920003").replace(",3,6,", ",9,9,"),  # row 5: unknown RT
        BUDI.replace("3578051207920002", "3578051207920004").replace("3578050101150004", "1234"),  # row 6: KK
        SITI,                                                               # row 7: fine
        SITI.replace("Siti Aminah", "Siti A."),                            # row 8: the NIK of row 7 again
        BUDI.replace("3578051207920002", "3578051207920005").replace("1992-07-12", "12/07/1992"),  # row 9
    ]
    assert refusal(*bad) == [
        (2, "name", "sipandu_required"),
        (3, "sex", "sipandu_unknown_choice"),
        (4, "nik", "sipandu_nik_birth_date_mismatch"),
        (5, "rt", "sipandu_unknown_rt"),
        (6, "kk", "sipandu_kk_format"),
        (8, "nik", "sipandu_duplicate_nik"),
        (9, "birth_date", "sipandu_bad_date"),
    ]


def test_a_nik_that_cannot_be_is_refused_with_its_own_reason():
    assert refusal(SITI.replace("3578055207920001", "3599055207920001")) == [(2, "nik", "sipandu_nik_region")]
    assert refusal(SITI.replace(",P,", ",L,")) == [(2, "nik", "sipandu_nik_sex_mismatch")]


def test_a_missing_column_or_an_empty_file_is_refused_as_a_whole():
    with pytest.raises(SipanduImportError) as caught:
        read_resident_extract("nik,name\n1,x\n", KNOWN_RT, TODAY)
    (error,) = caught.value.errors
    assert (error.row, error.field, error.code) == (1, "header", "sipandu_import_header")
    assert "kk" in error.params["missing"] and "address" in error.params["missing"]
    assert refusal() == [(1, "file", "sipandu_import_empty")]


def test_every_code_the_reader_raises_has_its_sentences():
    codes = {"sipandu_import_refused", "sipandu_import_header", "sipandu_import_empty", "sipandu_required",
             "sipandu_unknown_choice", "sipandu_bad_date", "sipandu_unknown_rt", "sipandu_duplicate_nik",
             "sipandu_text_too_long", "sipandu_kk_format"}
    assert codes <= set(MESSAGES)
    assert all(MESSAGES[code][0] != MESSAGES[code][1] for code in codes)
