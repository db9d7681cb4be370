"""Permendagri 90/2019 codes, checked by their shape (whether a code exists is the nomenclature's
business, not this module's):

    sub kegiatan     U.BB.PP.D.KK.SSSS    1.03.03.2.01.0001   program = the first three parts
                                                              (1.03.03), kegiatan = the first five
    kode rekening    A.K.JJ.OO.RR.SSSS    5.1.02.01.01.0024   akun, kelompok, jenis, objek,
                                                              rincian objek, sub rincian objek

A refusal names the part that is wrong, its expected digits and what was given, so a clerk fixes a
SIPD export cell without guessing.
"""

from __future__ import annotations

from typing import NamedTuple

from modules.planning.errors import PlanningValidationError


class Part(NamedTuple):
    name: str
    digits: int


SUB_KEGIATAN_PARTS = (Part("urusan", 1), Part("bidang urusan", 2), Part("program", 2), Part("unsur", 1),
                      Part("kegiatan", 2), Part("sub kegiatan", 4))
ACCOUNT_PARTS = (Part("akun", 1), Part("kelompok", 1), Part("jenis", 2), Part("objek", 2), Part("rincian objek", 2),
                 Part("sub rincian objek", 4))
PROGRAM_PARTS, KEGIATAN_PARTS = 3, 5
SUB_KEGIATAN_EXAMPLE, ACCOUNT_EXAMPLE = "1.03.03.2.01.0001", "5.1.02.01.01.0024"
MAX_CODE_LENGTH = 24


def code_problem(text, parts: tuple[Part, ...], example: str) -> tuple[str, dict] | None:
    """Why `text` is not a code of `parts`, as (message code, parameters), or None when it is one."""
    if not isinstance(text, str) or not text.strip():
        return "planning_code_empty", {"example": example}
    given = text.strip()
    if len(given) > MAX_CODE_LENGTH:
        return "planning_code_too_long", {"limit": MAX_CODE_LENGTH, "example": example}
    pieces = given.split(".")
    if len(pieces) != len(parts):
        return "planning_code_parts", {"value": given, "expected": len(parts), "found": len(pieces), "example": example}
    for position, (piece, part) in enumerate(zip(pieces, parts), start=1):
        if len(piece) != part.digits or not (piece.isascii() and piece.isdigit()):
            return "planning_code_part", {"value": given, "position": position, "part": part.name,
                                          "digits": part.digits, "piece": piece, "example": example}
    return None


def sub_kegiatan_problem(text) -> tuple[str, dict] | None:
    return code_problem(text, SUB_KEGIATAN_PARTS, SUB_KEGIATAN_EXAMPLE)


def account_problem(text) -> tuple[str, dict] | None:
    return code_problem(text, ACCOUNT_PARTS, ACCOUNT_EXAMPLE)


def check_sub_kegiatan(field: str, text) -> str:
    """The sub kegiatan code, stripped; PlanningValidationError naming `field` when it is not one."""
    return _checked(field, text, sub_kegiatan_problem(text))


def check_account(field: str, text) -> str:
    """The account code (kode rekening), stripped; PlanningValidationError naming `field` when it is not one."""
    return _checked(field, text, account_problem(text))


def program_of(sub_kegiatan_code: str) -> str:
    """1.03.03.2.01.0001 -> 1.03.03"""
    return ".".join(sub_kegiatan_code.split(".")[:PROGRAM_PARTS])


def kegiatan_of(sub_kegiatan_code: str) -> str:
    """1.03.03.2.01.0001 -> 1.03.03.2.01"""
    return ".".join(sub_kegiatan_code.split(".")[:KEGIATAN_PARTS])


def account_group(account_code: str, parts: int = 3) -> str:
    """The account's first `parts` levels: 5.1.02.01.01.0024 -> 5.1.02 (belanja barang dan jasa)."""
    return ".".join(account_code.split(".")[:parts])


def _checked(field: str, text, problem: tuple[str, dict] | None) -> str:
    if problem is not None:
        code, params = problem
        raise PlanningValidationError(field, code, **params)
    return text.strip()
