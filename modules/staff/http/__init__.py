"""The staff registry's HTTP layer: its JSON API at /api/staff (api.py), its OpenAPI description
(openapi.py)."""
