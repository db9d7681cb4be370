"""The infrastructure domain's HTTP API (api.py) and its OpenAPI description (openapi.py)."""
