"""One incident as a NENA EIDO-style JSON document (Emergency Incident Data Object, NENA-STA-021),
for exchange with other centres: the incident, its location, the agencies and their units
(emergency resources) with their times, the calls (no caller's number: personal data stays here)
and the notes. Components refer to each other by `$id` / `{"$ref": "#<id>"}` as EIDO does.

Built from `queries.incident_detail`; times are ISO 8601 UTC. The shape is EIDO's component
structure; it is not checked against NENA's official schema files (not shipped here)."""

from __future__ import annotations

from typing import Any

from modules.incidents.snapshot import iso_utc

EIDO_VERSION = "1.0"
SENDING_SYSTEM = "urn:pantau:surabaya:command-center-112"
# Our statuses in the words of EIDO's incident status registry (closest meaning).
STATUS_REGISTRY = {"open": "Pending", "dispatched": "Dispatched", "on_scene": "OnScene", "cleared": "Cleared",
                   "closed": "Closed", "cancelled": "Cancelled"}
COMPONENTS = ("agencyComponent", "incidentComponent", "locationComponent", "callComponent",
              "emergencyResourceComponent", "notesComponent")


def eido_document(detail: dict[str, Any], now) -> dict[str, Any]:
    """The EIDO document of an incident's detail (queries.incident_detail)."""
    number = detail["number"]
    location_id, incident_id = f"location-{number}", f"incident-{number}"
    agencies = sorted({d["agency_code"] for d in detail["dispatches"]})
    return {
        "$id": f"urn:pantau:eido:{number}:{iso_utc(now)}",
        "eidoMessageIdentifier": f"{number}@{iso_utc(now)}",
        "eidoVersion": EIDO_VERSION,
        "sendingSystemIdentifier": SENDING_SYSTEM,
        "lastUpdateTimeStamp": iso_utc(now),
        "agencyComponent": [{"$id": f"agency-{code}", "agencyIdentifier": code} for code in agencies],
        "incidentComponent": [{
            "$id": incident_id,
            "incidentTrackingIdentifier": f"urn:pantau:incident:{number}",
            "incidentTypeCommonRegistryText": detail["type"],
            "incidentTypeInternalCode": detail["category_code"],
            "incidentTypeInternalText": detail["category_name"],
            "incidentCommonPriorityNumber": detail["priority"],
            "incidentStatusCommonRegistryText": STATUS_REGISTRY[detail["status"]],
            "incidentStartTimeStamp": iso_utc(detail["received_at"]),
            "casualtiesInjuredCount": detail["casualties_injured"],
            "casualtiesDeadCount": detail["casualties_dead"],
            "locationReference": [{"$ref": f"#{location_id}"}],
        }],
        "locationComponent": [_location(location_id, detail)],
        "callComponent": [{
            "$id": f"call-{call['id']}", "callStartTimeStamp": iso_utc(call["received_at"]),
            "callAnswerTimeStamp": iso_utc(call["answered_at"]), "callSourceInternalText": call["source"],
            "callDispositionInternalText": call["outcome"],
        } for call in detail["calls"]],
        "emergencyResourceComponent": [{
            "$id": f"resource-{d['unit_code']}-{d['id']}", "emergencyResourceIdentifier": d["unit_code"],
            "emergencyResourceTypeInternalText": d["unit_type"],
            "agencyReference": {"$ref": f"#agency-{d['agency_code']}"},
            "unitStatusInternalText": d["status"], "dispatchTimeStamp": iso_utc(d["dispatched_at"]),
            "enRouteTimeStamp": iso_utc(d["en_route_at"]), "onSceneTimeStamp": iso_utc(d["on_scene_at"]),
            "clearedTimeStamp": iso_utc(d["cleared_at"]), "cancelledTimeStamp": iso_utc(d["cancelled_at"]),
        } for d in detail["dispatches"]],
        "notesComponent": [{"$id": f"note-{number}-{order}", "noteDateTimeStamp": iso_utc(note["at"]),
                            "noteText": note["text"], "authorInternalText": note["actor"]}
                           for order, note in enumerate(detail["notes"], start=1)],
    }


def _location(location_id: str, detail: dict[str, Any]) -> dict[str, Any]:
    found: dict[str, Any] = {"$id": location_id, "locationTypeDescriptionRegistryText": "CurrentIncident"}
    if detail["lat"] is not None:
        found["wgs84Point"] = {"latitude": detail["lat"], "longitude": detail["lon"]}
    parts = (("addressText", detail.get("address")), ("landmarkText", detail.get("landmark")),
             ("kecamatanCode", detail["kecamatan_code"]), ("kelurahanCode", detail["kelurahan_code"]))
    civic = {key: value for key, value in parts if value}
    if civic:
        found["civicAddress"] = {"city": "Surabaya", "country": "ID", **civic}
    return found
