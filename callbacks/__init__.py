"""Every Dash callback, one module per page.

Callbacks are declared with `dash.callback` (they never import the app). Dash hands globally
declared callbacks to the first app that serves a request and forgets them, so importing this
package takes them once, and `attach_callbacks(app)` gives every app built by `create_app` its
own copy (tests and tools build several apps in one process).
"""

from dash import _callback

from callbacks import home  # noqa: F401

_CALLBACK_MAP = dict(_callback.GLOBAL_CALLBACK_MAP)
_CALLBACK_LIST = list(_callback.GLOBAL_CALLBACK_LIST)
_callback.GLOBAL_CALLBACK_MAP.clear()
_callback.GLOBAL_CALLBACK_LIST.clear()


def attach_callbacks(app) -> None:
    app.callback_map.update(_CALLBACK_MAP)
    app._callback_list.extend(_CALLBACK_LIST)
