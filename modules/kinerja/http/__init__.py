"""e-Kinerja's HTTP side: the JSON API at /api/kinerja (api.py) and its OpenAPI part (openapi.py)."""
