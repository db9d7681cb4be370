"""The lifecycles as tables: every status reachable, skips and ways back refused with the field."""

import pytest

from modules.incidents import workflow
from modules.incidents.errors import IncidentValidationError, IncidentWorkflowError


def test_the_statuses_are_those_of_the_spec():
    assert workflow.CALL_OUTCOMES == ("pending", "incident", "merged", "prank", "referred", "info")
    assert set(workflow.INCIDENT_STATUSES) == {"open", "dispatched", "on_scene", "cleared", "closed", "cancelled"}
    assert set(workflow.DISPATCH_STATUSES) == {"dispatched", "en_route", "on_scene", "cleared", "cancelled"}
    assert set(workflow.UNIT_STATUSES) == {"available", "dispatched", "en_route", "on_scene", "returning",
                                           "out_of_service"}


@pytest.mark.parametrize("lifecycle,current,target", [
    ("dispatch", "dispatched", "on_scene"),  # skips en_route
    ("dispatch", "en_route", "cleared"),  # skips on_scene
    ("dispatch", "on_scene", "cancelled"),  # a unit on scene clears, it is not called off
    ("dispatch", "cleared", "en_route"),  # no way back
    ("incident", "open", "on_scene"),
    ("incident", "cleared", "open"),
    ("incident", "closed", "cancelled"),
    ("call", "prank", "incident"),
    ("unit", "available", "on_scene"),
    ("unit", "returning", "dispatched"),  # only an available unit is dispatched
])
def test_a_step_the_lifecycle_lacks_is_refused_naming_the_field(lifecycle, current, target):
    with pytest.raises(IncidentWorkflowError) as refused:
        workflow.check(lifecycle, current, target)
    assert refused.value.field == workflow.FIELDS[lifecycle]
    assert refused.value.code == "incident_transition_refused"
    assert current in str(refused.value) and target in str(refused.value)


def test_an_unknown_status_is_a_validation_error():
    with pytest.raises(IncidentValidationError) as refused:
        workflow.check("dispatch", "dispatched", "arrived")
    assert (refused.value.field, refused.value.code) == ("status", "incident_unknown_status")


def test_every_step_has_a_reason():
    for steps in workflow.LIFECYCLES.values():
        assert all(isinstance(reason, str) and reason for reason in steps.values())
    assert workflow.check("dispatch", "en_route", "cancelled") == "the dispatch was called off en route"


@pytest.mark.parametrize("statuses,ever_on_scene,expected", [
    ([], False, "open"),
    (["cancelled"], False, "open"),
    (["dispatched"], False, "dispatched"),
    (["en_route", "cancelled"], False, "dispatched"),
    (["on_scene", "en_route"], True, "on_scene"),
    (["cleared", "en_route"], True, "on_scene"),  # one unit still out: not cleared
    (["cleared", "cancelled"], True, "cleared"),
    (["cleared", "cleared"], True, "cleared"),
])
def test_the_incident_status_follows_its_dispatches(statuses, ever_on_scene, expected):
    assert workflow.incident_status_from(statuses, ever_on_scene) == expected


def test_every_code_the_module_raises_has_both_sentences():
    import re
    from pathlib import Path

    from modules.incidents.messages import MESSAGES

    source = "\n".join(p.read_text() for p in Path(workflow.__file__).parent.glob("*.py"))
    raised = set(re.findall(r'(?:Error|Denied|NotFound)\(\s*[^,()]+,\s*"(incident_[a-z_]+)"', source))
    raised |= set(re.findall(r'\("(incident_stage_[a-z_]+)"', source))
    assert {"incident_unit_not_available", "incident_other_agency", "incident_stage_because_active"} <= raised
    missing = {code for code in raised if code not in MESSAGES}
    assert missing == set()
    assert all(len(pair) == 2 and all(pair) for pair in MESSAGES.values())
