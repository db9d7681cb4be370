"""The city's operational stage: who sets it, with a reason; what the load proposes, and why."""

import pytest
from incident_setup import DPKP_REP, OPERATOR, PIMPINAN, at
from sqlalchemy import select, update

from modules.incidents import service
from modules.incidents.errors import IncidentAccessDenied, IncidentValidationError
from modules.incidents.models import IncidentEvent, IncidentUnit


def test_a_supervisor_sets_the_stage_with_a_reason(run, databases, settings):
    row = run(service.set_stage, PIMPINAN, settings, 3, "banjir di tiga kecamatan", now=at(0))
    run(service.set_stage, OPERATOR, settings, 4, "hujan berlanjut", now=at(5))
    with databases.transaction() as session:
        current = service.current_stage(session)
        event = session.scalars(select(IncidentEvent).where(IncidentEvent.kind == "stage_set")
                                .order_by(IncidentEvent.id.desc())).first()
    assert (row.stage, row.actor, row.proposed) == (3, "wali", 1)
    assert (current.stage, current.actor, current.reason) == (4, "operator1", "hujan berlanjut")
    assert event.data == {"stage": 4, "proposed": 1}


@pytest.mark.parametrize("stage,reason,field", [(6, "x", "stage"), (0, "x", "stage"), (True, "x", "stage"),
                                                (2, "  ", "reason")])
def test_a_bad_stage_is_refused(run, settings, counts, stage, reason, field):
    before = counts()
    with pytest.raises(IncidentValidationError) as refused:
        run(service.set_stage, OPERATOR, settings, stage, reason, now=at(0))
    assert refused.value.field == field and counts() == before


def test_an_agency_representative_does_not_set_the_stage(run, settings):
    with pytest.raises(IncidentAccessDenied):
        run(service.set_stage, DPKP_REP, settings, 2, "x", now=at(0))


def test_the_load_proposes_a_stage_and_says_why(run, databases, settings, new_incident):
    with databases.transaction() as session:
        calm = service.proposed_stage(session, settings)
    assert (calm.stage, calm.reasons) == (1, (("incident_stage_normal", {}),))
    low = settings.override(incidents={"stage_active_incidents": "2,3,50,80"})
    for minute in range(3):
        new_incident(minute=minute)
    with databases.transaction() as session:
        session.execute(update(IncidentUnit).where(IncidentUnit.agency_code.in_(("DINSOS", "DP3APPKB")))
                        .values(status="out_of_service"))
        busy = service.proposed_stage(session, low)
        session.rollback()
    assert busy.stage == 3 and busy.active_incidents == 3  # 3 active reaches stage 3; 2 agencies also 3
    assert busy.agencies_without_units == ("DINSOS", "DP3APPKB")
    assert ("incident_stage_because_active", {"count": 3}) in busy.reasons
    assert ("incident_stage_because_agencies", {"agencies": "DINSOS, DP3APPKB"}) in busy.reasons


@pytest.mark.parametrize("key,value", [("stage_active_incidents", "30,15,50,80"),
                                       ("stage_agencies_without_units", "1,2,3"),
                                       ("stage_active_incidents", "a,b,c,d"), ("response_promise_minutes", 0)])
def test_bad_incident_settings_name_the_key(settings, key, value):
    from core.settings import SettingsError

    with pytest.raises(SettingsError) as refused:
        settings.override(incidents={key: value})
    assert refused.value.key == f"incidents.{key}"
