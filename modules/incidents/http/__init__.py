"""The incidents module's HTTP API at /api/incidents (JSON, English field names): what staff read
with their session (api.py), what the agencies' field systems report with their key, and the EIDO
export (eido.py). Described in /api/openapi.json (openapi.py, the domain's `openapi` hook)."""
