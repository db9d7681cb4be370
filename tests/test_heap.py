"""A server process freezes what it built at start-up (core/heap.py), so no full garbage collection
walks the app again: wsgi.py (gunicorn) does it when imported, run.py before it serves."""

from __future__ import annotations

import gc
import os
import subprocess
import sys
import weakref
from pathlib import Path

import pytest

from core.heap import freeze_startup_objects

PROJECT_ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture
def backend():
    return "sqlite"


def test_importing_wsgi_freezes_the_app(database_urls, tmp_path):
    environ = {k: v for k, v in os.environ.items() if not k.startswith("PANTAU_")}
    environ.update({"PANTAU_SERVER__SECRET_KEY": "test-secret-key", "PANTAU_DATABASE__URL": database_urls[0],
                    "PANTAU_DATABASE__WAREHOUSE_URL": database_urls[1], "PANTAU_REDIS__URL": "",
                    "PANTAU_MAP__BOUNDARIES_DIR": str(tmp_path / "geo")})
    probe = ("import gc, wsgi; "
             "print(gc.get_freeze_count(), any(gc.is_tracked(o) for o in gc.get_objects() if o is wsgi.app))")
    done = subprocess.run([sys.executable, "-c", probe], cwd=PROJECT_ROOT, env=environ, capture_output=True,
                          text=True, timeout=300)
    assert done.returncode == 0, done.stderr[-2000:]
    frozen, app_still_collected = done.stdout.split()[-2:]
    assert int(frozen) > 50_000  # the modules, the Dash app and its callbacks
    assert app_still_collected == "False"  # the app object itself left the collector's generations


def test_run_freezes_after_the_workers_start_and_before_serving():
    import inspect

    import run

    source = inspect.getsource(run.main)
    assert source.index("start_workers(") < source.index("freeze_startup_objects()") < source.index("app.run(")


def test_freezing_collects_the_garbage_first_and_keeps_the_rest_out_of_collections():
    class Node:
        pass

    garbage, kept = Node(), Node()
    garbage.me = garbage  # a cycle only a collection frees
    gone = weakref.ref(garbage)
    del garbage
    try:
        assert freeze_startup_objects() > 0
        assert gone() is None  # collected, not frozen for the process's lifetime
        assert not any(o is kept for o in gc.get_objects())  # frozen: no generation holds it
    finally:
        gc.unfreeze()
