"""The callback a browser would call for an output, as the bench and the tests call it.

Dash lists every callback in /_dash-dependencies, its outputs as one string ("..a.children...b.figure..")
and a pattern-matching component's id as JSON with its wildcards ('{"domain":["MATCH"],"type":"x"}').
The browser sends the concrete ids of the components it has, so a pattern-matching callback is asked
for one component: `callback_spec(specs, {"type": "x", "domain": "incidents"})` finds the callback and
fills its MATCH wildcards with that component's values, as the renderer does.
"""

from __future__ import annotations

import json

MATCH = ["MATCH"]  # how /_dash-dependencies spells the wildcard


def callback_spec(specs: list[dict], output: str | dict) -> dict:
    """The callback writing `output`: a component id (any of its properties), one property
    ("perencanaan-funnel.figure"), or the concrete id of a pattern-matching component. The spec comes
    back with "outputs": the list of {"id", "property"} the request names, wildcards filled in. A
    concrete id may also come as its response key (the bench keys its figures by strings)."""
    if isinstance(output, str) and output.startswith("{"):
        output = json.loads(output)
    for spec in specs:
        parts = [_part(each) for each in spec["output"].strip(".").split("...")]
        if any(_writes(identifier, prop, output) for identifier, prop in parts):
            concrete = output if isinstance(output, dict) else {}
            return {**spec, "outputs": [{"id": _fill(i, concrete), "property": p} for i, p in parts],
                    "inputs": [_filled(each, concrete) for each in spec["inputs"]],
                    "state": [_filled(each, concrete) for each in spec["state"]]}
    raise LookupError(f"no callback writes {output!r}")


def response_key(output: str | dict) -> str:
    """The key of an output in Dash's answer ("response": {key: {property: value}})."""
    return json.dumps(output, sort_keys=True, separators=(",", ":")) if isinstance(output, dict) else output


def value_key(identifier: str | dict, prop: str) -> str:
    """How a request's values are named: "component-id.property" (a dict id as its response key)."""
    return f"{response_key(identifier)}.{prop}"


def _part(text: str) -> tuple[str | dict, str]:
    identifier, prop = text.rsplit(".", 1)
    return (json.loads(identifier) if identifier.startswith("{") else identifier), prop


def _writes(identifier: str | dict, prop: str, output: str | dict) -> bool:
    if isinstance(output, dict):
        return isinstance(identifier, dict) and identifier.keys() == output.keys() and all(
            value == output[key] or value == MATCH for key, value in identifier.items())
    return isinstance(identifier, str) and output in (identifier, f"{identifier}.{prop}")


def _fill(identifier: str | dict, concrete: dict) -> str | dict:
    if not isinstance(identifier, dict):
        return identifier
    return {key: concrete.get(key) if value == MATCH else value for key, value in identifier.items()}


def _filled(dependency: dict, concrete: dict) -> dict:
    identifier = dependency["id"]  # a pattern's id comes as its JSON text here too
    return {**dependency, "id": _fill(json.loads(identifier) if identifier.startswith("{") else identifier, concrete)}
