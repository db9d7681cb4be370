"""Every Dash callback, one module per page. Imported once by `create_app` for registration."""

from callbacks import home  # noqa: F401
