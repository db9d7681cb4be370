"""One incident as a NENA Emergency Incident Data Object (EIDO, NENA-STA-021.1b JSON, the object
NENA-STA-024 conveys): what another PSAP or an agency's CAD can take in.

    prologue             $id, lastUpdateTimeStamp, updatedByAgencyReference (every component)
    eidoVersion "1.0", issuingElementIdentification, $schema (the EIDO schema's address)
    incidentComponent    type (the category's dotted type), internal code/text, status, priority
    agencyComponent      the Command Center (owning PSAP) and every agency dispatched (jCard name,
                         a JSON string as the schema types it)
    emergencyResourceComponent  each dispatched unit, its status; `agentReference` is empty: the
                         staff who took and dispatched it are not exported (their names stay inside)
    dispatchComponent    each dispatch: agency, unit, and its times
    callComponent        each call: start, answer, source; never the caller's number, no
                         callback or person component
    locationComponent    the incident's point and civic address (PIDF-LO, RFC 5139 civicAddress)
    notesComponent       the description and the notes

EIDO carries no incident or dispatch times of its own; they travel in `x-pantau` extension objects
(incidentComponent's and each dispatchComponent's), named as Pantau's API names them. The status
registry texts are our lifecycle's words (`incidentStatusInternalText`, `unitStatusInternal`)."""

from __future__ import annotations

import json
from datetime import datetime
from xml.sax.saxutils import escape

from sqlalchemy import select
from sqlalchemy.orm import Session

from core.reference import Kecamatan, Kelurahan, Opd
from modules.incidents.models import Incident, IncidentCall, IncidentCategory, IncidentDispatch, IncidentNote
from modules.incidents.http.records import iso

EIDO_VERSION = "1.0"
SCHEMA_URI = "https://github.com/NENA911/EIDO-JSON/blob/main/Schema/openapi.yaml"
PSAP_ID = "cc112.surabaya.go.id"  # the Command Center: the incident's owning agency
ISSUER = f"pantau.{PSAP_ID}"
CITY = {"country": "ID", "A1": "Jawa Timur", "A2": "Kota Surabaya"}
# IANA "urn:emergency:service:responder" sub-services of the agencies that have one.
RESPONDER_TYPES = {"DPKP": "fire", "DINKES": "ems", "SATPOLPP": "police"}
# Our dispatch statuses as EIDO's primary unit status words.
UNIT_STATUS_TEXT = {"dispatched": "Dispatched", "en_route": "Enroute", "on_scene": "OnScene", "cleared": "Cleared",
                    "cancelled": "Cancelled"}
PRIMARY_CALL_TYPE = {"call_112": "emergency", "radio": "emergency", "cctv": "other", "field_post": "other",
                     "complaint": "other"}


def document(session: Session, incident: Incident, now: datetime) -> dict:
    """The EIDO of `incident` as of now (the caller checked the viewer may read it)."""
    dispatches = list(session.scalars(select(IncidentDispatch).where(IncidentDispatch.incident_id == incident.id)
                                      .order_by(IncidentDispatch.dispatched_at, IncidentDispatch.id)))
    calls = list(session.scalars(select(IncidentCall).where(IncidentCall.incident_id == incident.id)
                                 .order_by(IncidentCall.received_at, IncidentCall.id)))
    notes = list(session.scalars(select(IncidentNote).where(IncidentNote.incident_id == incident.id)
                                 .order_by(IncidentNote.id)))
    tracking = f"urn:emergency:uid:incidentid:{incident.number}:{PSAP_ID}"
    location, note_components = _location(session, incident, tracking), _notes(incident, notes, tracking)
    return {
        "$schema": SCHEMA_URI, **_prologue(tracking, incident.updated_at),
        "eidoVersion": EIDO_VERSION, "issuingElementIdentification": ISSUER, "x-pantau-generated": iso(now),
        "incidentComponent": _incident(session, incident, tracking, location, note_components),
        "agencyComponent": _agencies(session, incident, dispatches),
        "emergencyResourceComponent": [_resource(row, tracking) for row in dispatches],
        "dispatchComponent": [_dispatch(row, tracking) for row in dispatches],
        "callComponent": [_call(row) for row in calls],
        "locationComponent": [location] if location else [],
        "notesComponent": note_components,
    }


def _prologue(component_id: str, updated: datetime, agency: str = PSAP_ID) -> dict:
    return {"$id": component_id, "lastUpdateTimeStamp": iso(updated), "updatedByAgencyReference": {"$ref": agency}}


def _incident(session: Session, incident: Incident, tracking: str, location: dict | None, notes: list[dict]) -> dict:
    category = session.get(IncidentCategory, incident.category_code)
    return {
        **_prologue(f"{tracking}:incident", incident.updated_at),
        "incidentTrackingIdentifier": tracking, "internalIncidentId": incident.number,
        "incidentTypeCommonRegistryText": incident.type,
        "incidentTypeInternalCode": incident.category_code,
        "incidentTypeInternalText": category.name if category else incident.category_code,
        "incidentStatusInternalText": [incident.status],
        "incidentCommonPriorityNumber": incident.priority, "incidentPriorityInternalText": str(incident.priority),
        "locationReference": [{"$ref": location["$id"]}] if location else [],
        "notesReference": [{"$ref": note["$id"]} for note in notes],
        "x-pantau": {
            "receivedAt": iso(incident.received_at), "createdAt": iso(incident.created_at),
            "firstDispatchAt": iso(incident.first_dispatch_at), "firstEnRouteAt": iso(incident.first_en_route_at),
            "firstOnSceneAt": iso(incident.first_on_scene_at), "clearedAt": iso(incident.cleared_at),
            "closedAt": iso(incident.closed_at), "cancelledAt": iso(incident.cancelled_at),
            "responsePromiseSeconds": incident.response_promise_seconds, "source": incident.source,
            "casualtiesInjured": incident.casualties_injured, "casualtiesDead": incident.casualties_dead},
    }


def agency_id(code: str) -> str:
    return f"{code.lower()}.surabaya.go.id"


def _agencies(session: Session, incident: Incident, dispatches: list[IncidentDispatch]) -> list[dict]:
    names = dict(session.execute(select(Opd.code, Opd.name)).all())
    found = [{**_prologue(PSAP_ID, incident.updated_at), "agencyType": ["psap"],
              "agencyRoleDescriptionRegistryText": ["CallReceiving", "Dispatch"], "incidentOwningAgencyIndicator": True,
              "agencyJcard": _jcard("Command Center 112 Surabaya")}]
    for code in sorted({row.agency_code for row in dispatches}):
        responder = RESPONDER_TYPES.get(code)
        found.append({**_prologue(agency_id(code), incident.updated_at),
                      "agencyType": [f"urn:emergency:service:responder.{responder}" if responder
                                     else "urn:emergency:service:responder"],
                      "agencyRoleDescriptionRegistryText": ["Responding"], "incidentOwningAgencyIndicator": False,
                      "agencyJcard": _jcard(names.get(code, code))})
    return found


def _jcard(name: str) -> str:
    """RFC 7095 jCard holding the agency's formatted name only, as the JSON text EIDO's agencyJcard is."""
    return json.dumps(["vcard", [["version", {}, "text", "4.0"], ["fn", {}, "text", name], ["kind", {}, "text", "org"]]],
                      ensure_ascii=False)


def _resource(row: IncidentDispatch, tracking: str) -> dict:
    return {**_prologue(f"{tracking}:resource:{row.id}", row.updated_at, agency_id(row.agency_code)),
            "emergencyResourceName": row.unit_code,
            "emergencyResourceTypeCommonRegistryText": row.unit_type,
            "emergencyResourceTypeInternalText": row.unit_type,
            "primaryUnitStatusRegistryText": UNIT_STATUS_TEXT[row.status], "secondaryUnitStatusRegistryText": [],
            "resourceAttributeRegistryText": [], "unitStatusInternal": [row.status], "agentReference": []}


def _dispatch(row: IncidentDispatch, tracking: str) -> dict:
    return {**_prologue(f"{tracking}:dispatch:{row.id}", row.updated_at),
            "agencyReference": {"$ref": agency_id(row.agency_code)},
            "emergencyResourceReference": [{"$ref": f"{tracking}:resource:{row.id}"}],
            "x-pantau": {"dispatchedAt": iso(row.dispatched_at), "enRouteAt": iso(row.en_route_at),
                         "onSceneAt": iso(row.on_scene_at), "clearedAt": iso(row.cleared_at),
                         "cancelledAt": iso(row.cancelled_at)}}


def _call(row: IncidentCall) -> dict:
    """A call without its caller: no number, no hash, no callback or person component."""
    call = {**_prologue(f"urn:emergency:uid:callid:{row.id}:{PSAP_ID}", row.updated_at),
            "standardPrimaryCallType": PRIMARY_CALL_TYPE.get(row.source, "other"), "localCallType": row.source,
            "direction": "incoming", "callStartTimestamp": iso(row.received_at),
            "callStateRegistryText": "callAnswered" if row.answered_at else "callBegin"}
    return {**call, "answerDate": iso(row.answered_at)} if row.answered_at else call  # no null date in EIDO


def _location(session: Session, incident: Incident, tracking: str) -> dict | None:
    if incident.lat is None and not (incident.address or incident.landmark or incident.kecamatan_code):
        return None
    civic = dict(CITY)
    if incident.kecamatan_code:
        civic["A3"] = session.scalar(select(Kecamatan.name).where(Kecamatan.code == incident.kecamatan_code))
    if incident.kelurahan_code:
        civic["A4"] = session.scalar(select(Kelurahan.name).where(Kelurahan.code == incident.kelurahan_code))
    civic |= {"LOC": incident.address, "LMK": incident.landmark}
    text = ", ".join(part for part in (incident.address, incident.landmark) if part)
    return {**_prologue(f"{tracking}:location:0", incident.updated_at),
            "locationTypeDescriptionRegistryText": "Incident",
            "locationByValue": pidf_lo(incident.number, incident.lat, incident.lon, civic, incident.updated_at),
            **({"locationDescriptionText": text} if text else {})}


def pidf_lo(entity: str, lat: float | None, lon: float | None, civic: dict, at: datetime) -> str:
    """A PIDF-LO (RFC 4119/5491) with a WGS 84 point (when known) and a civic address (RFC 5139)."""
    point = (f'<gml:Point srsName="urn:ogc:def:crs:EPSG::4326"><gml:pos>{lat:.6f} {lon:.6f}</gml:pos></gml:Point>'
             if lat is not None and lon is not None else "")
    address = "".join(f"<ca:{name}>{escape(str(value))}</ca:{name}>" for name, value in civic.items() if value)
    return ('<?xml version="1.0" encoding="UTF-8"?>'
            '<presence xmlns="urn:ietf:params:xml:ns:pidf" xmlns:gp="urn:ietf:params:xml:ns:pidf:geopriv10" '
            'xmlns:gml="http://www.opengis.net/gml" xmlns:ca="urn:ietf:params:xml:ns:pidf:geopriv10:civicAddr" '
            f'entity="pres:{escape(entity)}@{PSAP_ID}"><tuple id="incident"><status><gp:geopriv><gp:location-info>'
            f'{point}<ca:civicAddress>{address}</ca:civicAddress></gp:location-info><gp:usage-rules/></gp:geopriv>'
            f'</status><timestamp>{iso(at)}</timestamp></tuple></presence>')


def _notes(incident: Incident, notes: list[IncidentNote], tracking: str) -> list[dict]:
    """The description and each note; EIDO notes are HTML5, so the text is escaped."""
    found = []
    if incident.description:
        found.append({**_prologue(f"{tracking}:notes:description", incident.created_at),
                      "notesActionComments": escape(incident.description)})
    for note in notes:
        found.append({**_prologue(f"{tracking}:notes:{note.id}", note.at), "notesActionComments": escape(note.text),
                      "x-pantau": {"author": note.actor}})
    return found
