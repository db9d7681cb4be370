"""gunicorn's settings for Pantau: `gunicorn -c gunicorn.conf.py -w 4 -b 127.0.0.1:8050 wsgi:server`
(gunicorn also reads this file by itself when started from the project folder; options on the
command line win over it).

Threaded workers (gthread), because an open wall holds a server-sent-events stream
(`/events/wall`, callbacks/_wall_events.py) for minutes: a sync worker would spend its only
request slot on it. Each stream takes one thread; a process holds at most
`wall.push_streams_per_worker` streams (8 by default), so with 16 threads half of them always serve
pages and callbacks. Raise `threads` with `wall.push_streams_per_worker` for more walls per worker.
In a gthread worker the main loop tells the master it lives whatever its threads do, so a long
stream is not taken for a hung worker; each stream also ends by itself after
`wall.push_stream_seconds` (the browser reconnects), and on a restart gunicorn cuts what is left
after `graceful_timeout`.
"""

worker_class = "gthread"
threads = 16
timeout = 120           # a worker whose main loop stops answering this long is replaced
graceful_timeout = 10   # on restart: open streams are cut after this; walls reconnect or poll
keepalive = 5


def post_fork(server, worker):
    """With --preload the app (and its connection pools) was built in the master: each worker
    drops the inherited connections (wsgi.post_fork). Without it nothing is loaded yet."""
    import sys

    wsgi = sys.modules.get("wsgi")
    if wsgi is not None:
        wsgi.post_fork(server, worker)
