"""A trimmed copy of the structure of the NENA EIDO JSON schema (NENA-STA-021.1b, github.com/
NENA911/EIDO-JSON Schema/openapi.yaml: EmergencyIncidentDataObjectType and the components Pantau
fills), and a small validator of that subset of JSON Schema (type, required, properties, items,
enum, const, maxLength, minimum/maximum, allOf, $ref), since jsonschema is not installed; the API
tests check the answers against /api/openapi.json's schemas with it too. Only the fields we send
or the standard requires are listed; `x-pantau` extension objects are allowed beside them."""

from __future__ import annotations

STRING, BOOLEAN, INTEGER = {"type": "string"}, {"type": "boolean"}, {"type": "integer"}
TIMESTAMP = {"type": "string", "format": "date-time"}
REFERENCE = {"type": "object", "required": ["$ref"], "properties": {"$ref": STRING}}
REFERENCES = {"type": "array", "items": REFERENCE}
STRINGS = {"type": "array", "items": STRING}
PROLOGUE = {"$id": STRING, "lastUpdateTimeStamp": TIMESTAMP, "updatedByAgencyReference": REFERENCE}


def component(required: list[str], properties: dict) -> dict:
    return {"type": "object", "required": ["$id", "lastUpdateTimeStamp", *required],
            "properties": {**PROLOGUE, **properties}}


INCIDENT = component(["incidentTypeCommonRegistryText"], {
    "incidentTrackingIdentifier": STRING, "internalIncidentId": STRING, "incidentTypeCommonRegistryText": STRING,
    "incidentTypeInternalCode": STRING, "incidentTypeInternalText": STRING, "incidentStatusInternalText": STRINGS,
    "incidentCommonPriorityNumber": INTEGER, "incidentPriorityInternalText": STRING,
    "locationReference": REFERENCES, "notesReference": REFERENCES})
AGENCY = component(["agencyRoleDescriptionRegistryText", "agencyType"], {
    "agencyRoleDescriptionRegistryText": STRINGS, "agencyType": STRINGS, "incidentOwningAgencyIndicator": BOOLEAN,
    "agencyJcard": {"type": "array"}})
RESOURCE = component(["emergencyResourceTypeCommonRegistryText", "primaryUnitStatusRegistryText",
                      "secondaryUnitStatusRegistryText", "resourceAttributeRegistryText"], {
    "emergencyResourceName": STRING, "emergencyResourceTypeCommonRegistryText": STRING,
    "emergencyResourceTypeInternalText": STRING, "primaryUnitStatusRegistryText": STRING,
    "secondaryUnitStatusRegistryText": STRINGS, "resourceAttributeRegistryText": STRINGS,
    "unitStatusInternal": STRINGS})
DISPATCH = component([], {"agencyReference": REFERENCE, "emergencyResourceReference": REFERENCES})
CALL = component(["callStateRegistryText", "standardPrimaryCallType", "direction", "callStartTimestamp"], {
    "callStateRegistryText": STRING, "standardPrimaryCallType": STRING, "localCallType": STRING,
    "direction": {"type": "string", "enum": ["incoming", "outgoing", "internal"]},
    "callStartTimestamp": TIMESTAMP, "answerDate": {"type": ["string", "null"]}})
LOCATION = component(["locationTypeDescriptionRegistryText"], {
    "locationTypeDescriptionRegistryText": STRING, "locationByValue": STRING, "locationDescriptionText": STRING})
NOTES = component(["notesActionComments"], {"notesActionComments": STRING})

EIDO = {"type": "object",
        "required": ["$id", "lastUpdateTimeStamp", "eidoVersion", "issuingElementIdentification", "incidentComponent"],
        "properties": {**PROLOGUE, "$schema": STRING, "eidoVersion": {"const": "1.0"},
                       "issuingElementIdentification": STRING, "incidentComponent": INCIDENT,
                       "agencyComponent": {"type": "array", "items": AGENCY},
                       "emergencyResourceComponent": {"type": "array", "items": RESOURCE},
                       "dispatchComponent": {"type": "array", "items": DISPATCH},
                       "callComponent": {"type": "array", "items": CALL},
                       "locationComponent": {"type": "array", "items": LOCATION},
                       "notesComponent": {"type": "array", "items": NOTES}}}

TYPES = {"object": dict, "array": list, "string": str, "boolean": bool, "null": type(None)}


def problems(value, schema: dict, where: str = "$", schemas: dict | None = None) -> list[str]:
    """Every place where `value` breaks `schema` (an empty list: it conforms); `schemas` resolves
    "#/components/schemas/<name>" references (an OpenAPI document's)."""
    if "$ref" in schema:
        return problems(value, schemas[schema["$ref"].rpartition("/")[2]], where, schemas)
    found = [problem for part in schema.get("allOf", []) for problem in problems(value, part, where, schemas)]
    kinds = schema.get("type")
    if kinds is not None and not any(_is(value, kind) for kind in ([kinds] if isinstance(kinds, str) else kinds)):
        return [f"{where}: {type(value).__name__} is not {kinds}"]
    if "const" in schema and value != schema["const"]:
        found.append(f"{where}: {value!r} is not {schema['const']!r}")
    if "enum" in schema and value not in schema["enum"]:
        found.append(f"{where}: {value!r} not in {schema['enum']}")
    if isinstance(value, str) and len(value) > schema.get("maxLength", len(value)):
        found.append(f"{where}: longer than {schema['maxLength']}")
    if _is(value, "number") and not schema.get("minimum", value) <= value <= schema.get("maximum", value):
        found.append(f"{where}: {value} outside {schema.get('minimum')}..{schema.get('maximum')}")
    if isinstance(value, dict):
        found += [f"{where}: {name} is missing" for name in schema.get("required", []) if name not in value]
        for name, part in schema.get("properties", {}).items():
            if name in value:
                found += problems(value[name], part, f"{where}.{name}", schemas)
    if isinstance(value, list) and "items" in schema:
        for index, item in enumerate(value):
            found += problems(item, schema["items"], f"{where}[{index}]", schemas)
    return found


def _is(value, kind: str) -> bool:
    if kind == "integer":
        return isinstance(value, int) and not isinstance(value, bool)
    if kind == "number":
        return isinstance(value, (int, float)) and not isinstance(value, bool)
    return isinstance(value, TYPES[kind])
