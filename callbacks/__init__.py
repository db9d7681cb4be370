"""Every Dash callback, one module per page; every module here is imported (names starting with
`_` are helpers, not pages), and so are the callback modules a domain names elsewhere
(`Domain.callbacks`).

Callbacks are declared with `callbacks._register.callback(..., roles=...)` (they never import the
app); `attach_callbacks(app)` gives every app built by `create_app` its own copy through Dash's
public API.
"""

import importlib
import pkgutil

from callbacks._register import attach


def import_callback_modules() -> None:
    from core.domains import registered_domains

    for module in pkgutil.iter_modules(__path__):
        if not module.name.startswith("_"):
            importlib.import_module(f"{__name__}.{module.name}")
    for domain in registered_domains():
        for name in domain.callbacks:
            importlib.import_module(name)


def attach_callbacks(app) -> None:
    import_callback_modules()
    attach(app)
