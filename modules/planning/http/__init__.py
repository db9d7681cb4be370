"""The planning domain's HTTP layer: the proposals' JSON API at /api/planning (proposals.py), its
OpenAPI description (openapi.py)."""
