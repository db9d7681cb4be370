"""Transactional modules. Each owns its tables, its service layer (the only code that writes
them) and its HTTP endpoints (`modules/<name>/http/*.py`). Modules never import the dashboard."""

from __future__ import annotations

import importlib
import pkgutil
from pathlib import Path


def http_blueprints() -> list:
    """(blueprint, public prefixes) of every module's HTTP endpoints, found by their location."""
    found = []
    for module in pkgutil.iter_modules([str(Path(__file__).parent)]):
        http_dir = Path(__file__).parent / module.name / "http"
        if not module.ispkg or not http_dir.is_dir():
            continue
        for endpoint in pkgutil.iter_modules([str(http_dir)]):
            if endpoint.name.startswith("_"):
                continue
            loaded = importlib.import_module(f"modules.{module.name}.http.{endpoint.name}")
            found.append((loaded.blueprint, tuple(getattr(loaded, "PUBLIC_PREFIXES", ()))))
    return found
