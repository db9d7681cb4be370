"""Every Dash callback, one module per page; every module here is imported (names starting with
`_` are helpers, not pages).

Callbacks are declared with `dash.callback` (they never import the app). Dash hands globally
declared callbacks to the first app that serves a request and forgets them, so importing this
package takes them once, and `attach_callbacks(app)` gives every app built by `create_app` its
own copy (tests and tools build several apps in one process).
"""

import importlib
import pkgutil

from dash import _callback

for _module in pkgutil.iter_modules(__path__):
    if not _module.name.startswith("_"):
        importlib.import_module(f"{__name__}.{_module.name}")

_CALLBACK_MAP = dict(_callback.GLOBAL_CALLBACK_MAP)
_CALLBACK_LIST = list(_callback.GLOBAL_CALLBACK_LIST)
_INLINE_SCRIPTS = list(_callback.GLOBAL_INLINE_SCRIPTS)  # clientside callbacks' JavaScript
_callback.GLOBAL_CALLBACK_MAP.clear()
_callback.GLOBAL_CALLBACK_LIST.clear()
_callback.GLOBAL_INLINE_SCRIPTS.clear()


def attach_callbacks(app) -> None:
    app.callback_map.update(_CALLBACK_MAP)
    app._callback_list.extend(_CALLBACK_LIST)
    app._inline_scripts.extend(_INLINE_SCRIPTS)
