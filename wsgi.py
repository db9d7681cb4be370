"""Entry point for gunicorn: `gunicorn -c gunicorn.conf.py -w 4 -b 0.0.0.0:8050 wsgi:server` (threaded
workers for the walls' event streams; see gunicorn.conf.py).

Settings come from settings.toml and PANTAU_* environment variables; a wrong value stops the
worker with one line naming the key.
"""

import sys

from app import create_app, open_connections, warm_up
from core.compression import enable_compression
from core.heap import freeze_startup_objects
from core.settings import SettingsError

try:
    app = create_app()
except SettingsError as error:
    sys.exit(str(error))

server = app.server
warm_up(app)  # the worker's (or, with --preload, the master's: post_fork reopens the connections)
enable_compression(server)  # gzip for browsers that accept it (a proxy in front may do it too)
freeze_startup_objects()  # no full garbage collection walks the app again (core/heap.py)


def post_fork(_server, _worker):  # gunicorn.conf.py calls it with --preload: no shared connections
    services = app.server.extensions["pantau"]
    services.databases.dispose()
    open_connections(services)
