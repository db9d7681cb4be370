"""Login, roles and access control for the web app.

Security lives on the server: one `before_request` guard (modelled on plotly/dash-auth) lets only
the public routes through without a user, refuses pages a role may not see, and answers an
unauthenticated Dash callback with 401 JSON; every callback that returns data checks again
(`callbacks/_access.py`).
"""

from auth.setup import init_auth  # noqa: F401
