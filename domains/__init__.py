"""One file per domain, each defining `DOMAIN = core.domains.Domain(...)`: the registration.

Core code finds them here (core.domains) and loops over them; adding a domain adds a file here
and its folders per layer, and edits no shared file. See README "Adding a domain".
"""
