"""The complaints module's own HTTP endpoints (Flask blueprints): Open311, the inbound webhook,
the public complaint form and ticket tracking. Each module here defines `blueprint` and
`PUBLIC_PREFIXES` (routes that need no login); `modules.http_blueprints()` finds them."""
