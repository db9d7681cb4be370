"""A change and its records are one: a failure half way (the change log refusing a row after the
timeline row and the first snapshots were written) leaves nothing at all."""

import pytest
from incident_setup import OPERATOR, at

from modules.incidents import recording, service
from modules.incidents.models import Incident, IncidentDispatch, IncidentUnit


def test_a_failure_half_way_writes_nothing(run, new_incident, counts, load, monkeypatch):
    incident = new_incident("KECELAKAAN_LALU_LINTAS")
    before = counts()
    written = []

    def failing_on_the_incident(session, entity, entity_id, payload, actor):
        if entity == "incident":  # the last of the dispatch's rows: the dispatch and unit rows are in
            raise RuntimeError("the change log is unavailable")
        written.append(entity)
        original(session, entity, entity_id, payload, actor)

    original = recording._log
    monkeypatch.setattr(recording, "_log", failing_on_the_incident)
    with pytest.raises(RuntimeError, match="change log"):
        run(service.dispatch, OPERATOR, incident.number, "DINKES-AM-01", now=at(1))
    assert written == ["incident_dispatch", "incident_unit"]  # it did fail half way
    assert counts() == before
    assert load(IncidentUnit, "DINKES-AM-01").status == "available"
    assert load(Incident, incident.id).status == "open"
    assert run(lambda session: session.query(IncidentDispatch).count()) == 0


def test_a_failing_incident_creation_leaves_no_number_used(run, settings, counts, monkeypatch):
    call = run(service.take_call, OPERATOR, settings, now=at(0))
    before = counts()

    def refuse(*_args, **_kwargs):
        raise RuntimeError("the change log is unavailable")

    monkeypatch.setattr(recording, "record_change", refuse)
    with pytest.raises(RuntimeError):
        run(service.create_incident, OPERATOR, settings, call.id, category_code="BANJIR", address="Jl. Darmo",
            now=at(1))
    assert counts() == before  # no incident, no event, no counter row
