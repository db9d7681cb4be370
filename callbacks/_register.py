"""Declaring callbacks without the app, with the roles that may call them.

`callback(*dependencies, roles=ROLES, **options)` records a callback; `attach_callbacks(app)`
gives it to each app that `create_app` builds (tests and tools build several in one process),
through Dash's public `app.callback`. Every recorded callback first checks the caller's role
(callbacks._access.require_viewer): a callback without `roles` cannot be declared, so none can
forget the check, and the contract tests know which roles each one serves.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass

from callbacks._access import require_viewer


@dataclass(frozen=True)
class DeclaredCallback:
    dependencies: tuple
    options: dict
    function: object
    roles: tuple[str, ...]


DECLARED: list[DeclaredCallback] = []
CLIENTSIDE: list[tuple[str, tuple, dict]] = []  # run in the browser: they touch no data


def callback(*dependencies, roles: tuple[str, ...], **options):
    def declare(function):
        @functools.wraps(function)
        def role_checked(*args, **kwargs):
            require_viewer(roles)
            return function(*args, **kwargs)

        DECLARED.append(DeclaredCallback(dependencies, options, role_checked, tuple(roles)))
        return function

    return declare


def clientside_callback(code: str, *dependencies, **options) -> None:
    CLIENTSIDE.append((code, dependencies, options))


def attach(app) -> None:
    for declared in DECLARED:
        app.callback(*declared.dependencies, **declared.options)(declared.function)
    for code, dependencies, options in CLIENTSIDE:
        app.clientside_callback(code, *dependencies, **options)
