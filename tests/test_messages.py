"""Errors are data: every code a service raises has an Indonesian and an English sentence (its
domain's messages module, or core/messages.py for core's), and each sentence can be filled with the
parameters the code is raised with."""

import ast
from pathlib import Path

import pytest

from core.messages import ENGLISH, INDONESIAN, catalogue, error_text, text

MESSAGES = catalogue()[0]  # core's codes and every registered domain's
from modules.complaints import workflow
from modules.complaints.errors import ComplaintValidationError, Reason, WorkflowError

ROOT = Path(__file__).resolve().parent.parent
RAISING = ("Reason", "reason", "WorkflowError", "ComplaintNotFound", "InboundReplay", "ComplaintError")
SAMPLE = {"lat": -7.25, "lon": 112.75, "length": 4001, "limit": 4000, "count": 6, "size": 5000, "days": 90}


def raised_codes() -> dict[str, set[str]]:
    """{code: parameter names} of every error raised with a literal code under modules/ and core/."""
    found: dict[str, set[str]] = {}
    for path in [*ROOT.glob("modules/**/*.py"), *ROOT.glob("core/*.py")]:
        for call in ast.walk(ast.parse(path.read_text())):
            code = _code_of(call) if isinstance(call, ast.Call) else None
            if code is not None:
                found.setdefault(code, set()).update(_parameter_names(call))
    return found


def _parameter_names(call: ast.Call) -> set[str]:
    """Keyword arguments, or the keys of a literal dict given as Reason(code, {...})."""
    names = {keyword.arg for keyword in call.keywords if keyword.arg}
    for argument in call.args:
        if isinstance(argument, ast.Dict):
            names.update(key.value for key in argument.keys if isinstance(key, ast.Constant))
    return names


def _code_of(call: ast.Call) -> str | None:
    name = getattr(call.func, "id", None) or getattr(call.func, "attr", None)
    position = 1 if name == "one" else 0 if name in RAISING else None
    if position is None or len(call.args) <= position:
        return None
    argument = call.args[position]
    return argument.value if isinstance(argument, ast.Constant) and isinstance(argument.value, str) else None


def test_the_scan_finds_the_codes_it_should():
    codes = raised_codes()
    assert {"status_not_allowed", "already_with_opd", "too_long", "unknown_reference", "replayed"} <= set(codes)


@pytest.mark.parametrize("code,params", sorted(raised_codes().items()))
def test_every_raised_code_has_both_sentences_and_they_fill_in(code, params):
    assert code in MESSAGES, f"{code} has no sentences"
    values = {name: SAMPLE.get(name, "x") for name in params}
    indonesian, english = text(code, values, INDONESIAN), text(code, values, ENGLISH)
    assert indonesian and english and indonesian != english


@pytest.mark.parametrize("code", sorted(code for code in MESSAGES))
def test_every_catalogued_code_has_two_different_sentences(code):
    indonesian, english = MESSAGES[code]
    assert indonesian.strip() and english.strip() and indonesian != english


def test_workflow_guards_return_catalogued_codes():
    for transition in workflow.TRANSITIONS.values():
        if transition.guard is not None:
            blocked = type("Blank", (), {"first_response_at": None, "feedback_at": None, "duplicate_state": None})
            assert transition.guard(blocked()) in MESSAGES


def test_a_refusal_reads_in_indonesian_on_pages_and_in_english_for_apis():
    refused = WorkflowError("status_not_allowed", action="resolve", verb="resolve", status="dispatched")
    assert error_text(refused) == "aduan berstatus Diteruskan ke OPD"
    assert error_text(refused, ENGLISH) == str(refused) == "cannot resolve a complaint that is dispatched"


def test_numbers_take_the_languages_thousands_separator():
    too_long = Reason("too_long", {"length": 4001, "limit": 4000})
    assert error_text(too_long) == "4.001 karakter; paling banyak 4.000 karakter"
    assert error_text(too_long, ENGLISH) == "4,001 characters; at most 4,000 are accepted"


def test_a_validation_error_keeps_every_problem_as_data():
    problems = [("note", Reason("reject_note_missing")), ("reason", Reason("required"))]
    refused = ComplaintValidationError.collected(problems)
    assert [(field, why.code) for field, why in refused.errors] == [("note", "reject_note_missing"),
                                                                   ("reason", "required")]
    assert str(refused) == "note: say why the complaint is rejected; reason: required"
