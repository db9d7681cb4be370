"""The structure of the NENA EIDO JSON schema (NENA-STA-021.1b, github.com/NENA911/EIDO-JSON,
Schema/openapi.yaml), written out for the components Pantau sends: the same component names, the
same `required` lists (the prologue's `updatedByAgencyReference`, the resource's `agentReference`,
the document's `agencyComponent`...), the same types (a jCard is a string, a date is never null).
Properties Pantau does not send are left out; `x-pantau` extension objects are allowed beside the
standard's. `problems` checks a value with jsonschema (Draft 2020-12, as OpenAPI 3.1 has it), also
against /api/openapi.json's own schemas."""

from __future__ import annotations

from datetime import datetime

from jsonschema import Draft202012Validator, FormatChecker

STRING, BOOLEAN, INTEGER = {"type": "string"}, {"type": "boolean"}, {"type": "integer"}
TIMESTAMP = {"type": "string", "format": "date-time"}
STRINGS = {"type": "array", "items": STRING}
REFERENCE = {"$ref": "#/$defs/ReferenceType"}
REFERENCES = {"type": "array", "items": REFERENCE}


def component(required: list[str], properties: dict) -> dict:
    """A data component: the prologue, then its own required fields and properties."""
    return {"allOf": [{"$ref": "#/$defs/PrologueType"},
                      {"type": "object", "required": required, "properties": properties}]}


DEFINITIONS = {
    "ReferenceType": {"type": "object", "required": ["$ref"], "properties": {"$ref": STRING}},
    "PrologueType": {"type": "object", "required": ["$id", "lastUpdateTimeStamp", "updatedByAgencyReference"],
                     "properties": {"$id": STRING, "lastUpdateTimeStamp": TIMESTAMP,
                                    "updatedByAgencyReference": REFERENCE}},
    "IncidentInformationType": component(["incidentTypeCommonRegistryText"], {
        "incidentTrackingIdentifier": STRING, "internalIncidentId": STRING, "incidentTypeCommonRegistryText": STRING,
        "incidentTypeInternalCode": STRING, "incidentTypeInternalText": STRING, "incidentStatusInternalText": STRINGS,
        "incidentCommonPriorityNumber": INTEGER, "incidentPriorityInternalText": STRING,
        "locationReference": REFERENCES, "notesReference": REFERENCES}),
    "AgencyType": component(["agencyRoleDescriptionRegistryText", "agencyType"], {
        "agencyRoleDescriptionRegistryText": STRINGS, "agencyType": STRINGS, "incidentOwningAgencyIndicator": BOOLEAN,
        "agencyJcard": STRING}),
    "EmergencyResourceType": component(["agentReference", "emergencyResourceTypeCommonRegistryText",
                                        "primaryUnitStatusRegistryText", "resourceAttributeRegistryText",
                                        "secondaryUnitStatusRegistryText"], {
        "emergencyResourceName": STRING, "emergencyResourceTypeCommonRegistryText": STRING,
        "emergencyResourceTypeInternalText": STRING, "primaryUnitStatusRegistryText": STRING,
        "secondaryUnitStatusRegistryText": STRINGS, "resourceAttributeRegistryText": STRINGS,
        "unitStatusInternal": STRINGS, "agentReference": REFERENCES}),
    "DispatchInformationType": component([], {"agencyReference": REFERENCE, "emergencyResourceReference": REFERENCES}),
    "CallInformationType": component(["callStateRegistryText", "standardPrimaryCallType", "direction",
                                      "callStartTimestamp"], {
        "callStateRegistryText": STRING, "standardPrimaryCallType": STRING, "localCallType": STRING,
        "direction": {"type": "string", "enum": ["incoming", "outgoing", "internal"]},
        "callStartTimestamp": TIMESTAMP, "answerDate": TIMESTAMP}),
    "LocationInformationType": component(["locationTypeDescriptionRegistryText"], {
        "locationTypeDescriptionRegistryText": STRING, "locationByValue": STRING, "locationDescriptionText": STRING}),
    "NotesType": component(["notesActionComments"], {"notesActionComments": STRING}),
}


def _list_of(name: str) -> dict:
    return {"type": "array", "items": {"$ref": f"#/$defs/{name}"}}


EIDO = {"$defs": DEFINITIONS, "allOf": [{"$ref": "#/$defs/PrologueType"}, {
    "type": "object", "required": ["eidoVersion", "issuingElementIdentification", "agencyComponent"],
    "properties": {"$schema": STRING, "eidoVersion": {"type": "string", "enum": ["1.0"]},
                   "issuingElementIdentification": STRING,
                   "incidentComponent": {"$ref": "#/$defs/IncidentInformationType"},
                   "agencyComponent": _list_of("AgencyType"),
                   "emergencyResourceComponent": _list_of("EmergencyResourceType"),
                   "dispatchComponent": _list_of("DispatchInformationType"),
                   "callComponent": _list_of("CallInformationType"),
                   "locationComponent": _list_of("LocationInformationType"),
                   "notesComponent": _list_of("NotesType")}}]}


def definition(name: str) -> dict:
    """One component's schema, standing alone (its references resolve)."""
    return {"$defs": DEFINITIONS, "$ref": f"#/$defs/{name}"}


FORMATS = FormatChecker(formats=())


@FORMATS.checks("date-time", raises=ValueError)
def _date_time(value) -> bool:
    """RFC 3339: a date, a time and an offset (Python reads every form the API writes)."""
    return not isinstance(value, str) or datetime.fromisoformat(value.replace("Z", "+00:00")).tzinfo is not None


def problems(value, schema: dict, schemas: dict | None = None) -> list[str]:
    """Every place where `value` breaks `schema` ("<path>: <message>"; an empty list: it conforms);
    `schemas` are an OpenAPI document's components, for its "#/components/schemas/<name>" references."""
    root = {**schema, "components": {"schemas": schemas}} if schemas else schema
    validator = Draft202012Validator(root, format_checker=FORMATS)
    return sorted(f"{error.json_path}: {error.message}" for error in validator.iter_errors(value))
