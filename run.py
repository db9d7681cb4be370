"""Runs the whole embedded system in one process (what `make run` starts).

The web app (Dash development server), and beside it in threads: the ETL in follow mode, the SLA
breach sweeper and, with `demo.simulator = true`, the live complaint simulator. In production
these are separate processes: gunicorn for the web, `python -m etl run --follow` for the rest.
"""

from __future__ import annotations

import logging
import sys
import time
from pathlib import Path

from app import create_app, warm_up
from core.clock import CITY_OFFSET
from core.compression import enable_compression
from core.heap import freeze_startup_objects
from core.settings import load_settings_or_report, resolve_path
from workers import start_workers


def main() -> int:
    settings = load_settings_or_report()
    if settings is None:
        return 2
    configure_logging(settings)
    app = create_app(settings)
    enable_compression(app.server)
    workers = start_workers(app.server.extensions["pantau"]) if settings.etl.run_in_web_process else None
    warm_up(app)
    freeze_startup_objects()  # no full garbage collection walks the app again (core/heap.py)
    print_welcome(settings)
    try:
        app.run(host=settings.server.host, port=settings.server.port, debug=False)
    finally:
        if workers:
            workers.stop()
    return 0


def configure_logging(settings) -> None:
    """The terminal shows start-up, warnings and errors with city time (WIB); a line per HTTP
    request only with `server.access_log` (the wall alone makes one a second)."""
    handler = logging.StreamHandler()
    handler.setFormatter(city_time_formatter())
    logging.basicConfig(level=logging.INFO, handlers=[handler], force=True)
    logging.getLogger("werkzeug").setLevel(logging.INFO if settings.server.access_log else logging.WARNING)


def city_time_formatter() -> logging.Formatter:
    formatter = logging.Formatter("%(asctime)s WIB %(levelname)s %(name)s: %(message)s", "%d/%m/%Y %H:%M:%S")
    offset = CITY_OFFSET.total_seconds()
    formatter.converter = lambda seconds: time.gmtime(seconds + offset)
    return formatter


def print_welcome(settings) -> None:
    base = f"http://{settings.server.host}:{settings.server.port}"
    print(f"\nPantau berjalan di {base}")
    if settings.demo.load_demo_data:
        from core.demo import DEMO_PASSWORD

        print(f"Login demo: admin, pimpinan, operator, dishub, dlh, binamarga, camat.genteng, "
              f"lurah.ketabang, rw01.ketabang, bappeda (kata sandi '{DEMO_PASSWORD}')")
        kiosk = resolve_path("instance/demo_kiosk_url")
        if kiosk.exists():
            print(f"Layar dinding (kiosk): {base}{Path(kiosk).read_text().strip()}")
    print()


if __name__ == "__main__":
    sys.exit(main())
