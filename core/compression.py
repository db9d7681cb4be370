"""Gzip for the web app's responses, for browsers that ask for it (`Accept-Encoding: gzip`).

A page's first load is mostly JavaScript (Dash's renderer, React, Plotly.js: about 6 MB as is,
under 2 MB gzipped), and callback answers are JSON that shrinks five- to tenfold. A reverse proxy
with gzip on does the same; this keeps gunicorn or the embedded server fine without one.

    server.wsgi_app = GzipMiddleware(server.wsgi_app)       (wsgi.py, run.py: `enable_compression`)

Compressed: text, JSON, JavaScript, GeoJSON and SVG bodies of at least 1 KB that are not encoded
already. Vary gets Accept-Encoding; a strong ETag becomes weak (the bytes differ, the content does
not), as nginx does. Static files (Dash's component suites, /assets/) are compressed once per ETag
and kept in a small in-memory cache, so the 4.6 MB Plotly bundle costs its compression once.
A streamed answer (no Content-Length) is compressed as it streams, or passed on chunk by chunk when
it says `Cache-Control: no-transform` (the walls' event stream, whose events must not wait).
"""

from __future__ import annotations

import gzip
import threading
import zlib
from collections import OrderedDict

COMPRESSIBLE = ("text/", "application/json", "application/javascript", "application/geo+json",
                "application/x-javascript", "image/svg+xml")
MINIMUM_BYTES = 1024
STATIC_PREFIXES = ("/_dash-component-suites/", "/assets/")
CACHE_ENTRIES = 64


def enable_compression(server, level: int = 6) -> None:
    """Wraps a Flask app's WSGI callable (once)."""
    if not isinstance(server.wsgi_app, GzipMiddleware):
        server.wsgi_app = GzipMiddleware(server.wsgi_app, level)


class GzipMiddleware:
    def __init__(self, app, level: int = 6, minimum: int = MINIMUM_BYTES):
        self.app, self.level, self.minimum = app, level, minimum
        self._cache: OrderedDict[tuple, bytes] = OrderedDict()
        self._lock = threading.Lock()

    def __call__(self, environ, start_response):
        if environ.get("REQUEST_METHOD") == "HEAD" or not _accepts_gzip(environ.get("HTTP_ACCEPT_ENCODING", "")):
            return self.app(environ, start_response)
        captured: list = []
        chunks: list[bytes] = []

        def capture(status, headers, exc_info=None):
            captured[:] = [status, headers, exc_info]
            return chunks.append  # the legacy write() callable

        result = self.app(environ, capture)
        if captured and _unsized(captured[1]):
            status, headers, exc_info = captured
            if not _worth_gzip(status, headers):  # an event stream (no-transform): each event at once
                start_response(status, headers, exc_info)
                return _passed_on(result, chunks)
            start_response(status, _gzip_headers(headers, None), exc_info)
            return _gzip_stream(result, self.level)
        try:
            for chunk in result:
                chunks.append(chunk)
        finally:
            if hasattr(result, "close"):
                result.close()
        status, headers, exc_info = captured
        body = chunks[0] if len(chunks) == 1 else b"".join(chunks)  # one chunk: no copy of a large body
        if not self._compressible(status, headers, body):
            start_response(status, headers, exc_info)
            return [body]
        compressed = self._compressed(environ, headers, body)
        start_response(status, _gzip_headers(headers, len(compressed)), exc_info)
        return [compressed]

    def _compressible(self, status: str, headers: list, body: bytes) -> bool:
        return len(body) >= self.minimum and _worth_gzip(status, headers)

    def _compressed(self, environ, headers: list, body: bytes) -> bytes:
        path = environ.get("PATH_INFO", "")
        etag = next((value for name, value in headers if name.lower() == "etag"), None)
        if not (etag and path.startswith(STATIC_PREFIXES)):
            return gzip.compress(body, self.level, mtime=0)
        key = (path, environ.get("QUERY_STRING", ""), etag)
        with self._lock:
            if key in self._cache:
                self._cache.move_to_end(key)
                return self._cache[key]
        compressed = gzip.compress(body, self.level, mtime=0)
        with self._lock:
            self._cache[key] = compressed
            while len(self._cache) > CACHE_ENTRIES:
                self._cache.popitem(last=False)
        return compressed


def _worth_gzip(status: str, headers: list) -> bool:
    """A successful answer of a compressible type, not encoded already, that allows transforms."""
    named = {name.lower(): value for name, value in headers}
    return (status.startswith("200") and not named.get("content-encoding")
            and "no-transform" not in named.get("cache-control", "").lower()
            and named.get("content-type", "").lower().startswith(COMPRESSIBLE))


def _unsized(headers: list) -> bool:
    """A streamed answer (a CSV export, a wall's event stream: no Content-Length, the body comes
    chunk by chunk) is never gathered in memory: compressed chunk by chunk, or passed on as it comes."""
    return not any(name.lower() == "content-length" for name, _ in headers)


def _passed_on(result, written: list[bytes]):
    """The answer's chunks as they come (after any the app wrote through write()); closing it closes
    the answer, even one never read (a generator's `finally` would not run then)."""
    from itertools import chain

    from werkzeug.wsgi import ClosingIterator

    return ClosingIterator(chain(written, result), getattr(result, "close", None))


def _gzip_stream(result, level: int):
    """The chunks of a WSGI answer as one gzip stream, a compressed chunk per chunk that yields any."""
    compressor = zlib.compressobj(level, zlib.DEFLATED, 31)  # wbits 31: the gzip container
    try:
        for chunk in result:
            if compressed := compressor.compress(chunk):
                yield compressed
        yield compressor.flush()
    finally:
        if hasattr(result, "close"):
            result.close()


def _accepts_gzip(header: str) -> bool:
    for part in header.lower().split(","):
        coding, _, params = part.strip().partition(";")
        if coding.strip() in ("gzip", "*"):
            quality = params.strip()
            return not (quality.startswith("q=") and _quality(quality[2:]) == 0)
    return False


def _quality(text: str) -> float:
    try:
        return float(text)
    except ValueError:
        return 1.0


def _gzip_headers(headers: list, length: int | None) -> list:
    kept, vary = [], None
    for name, value in headers:
        lower = name.lower()
        if lower in ("content-length", "content-encoding"):
            continue
        if lower == "vary":
            vary = value
            continue
        if lower == "etag" and not value.startswith("W/"):
            value = f"W/{value}"
        kept.append((name, value))
    vary_values = [v.strip() for v in (vary or "").split(",") if v.strip()]
    if not any(v.lower() == "accept-encoding" for v in vary_values):
        vary_values.append("Accept-Encoding")
    added = [("Vary", ", ".join(vary_values)), ("Content-Encoding", "gzip")]
    return kept + added + ([("Content-Length", str(length))] if length is not None else [])
