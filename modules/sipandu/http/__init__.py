"""The Sipandu domain's HTTP layer: its JSON API at /api/sipandu (api.py), its OpenAPI description
(openapi.py)."""
