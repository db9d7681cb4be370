"""The e-Office domain's HTTP layer: its JSON API at /api/office (api.py), its OpenAPI description
(openapi.py)."""
