"""Gzip middleware: compresses what a browser asks for and what is worth it, nothing else."""

from __future__ import annotations

import gzip
import json

from flask import Flask, Response, jsonify, request

from core.compression import GzipMiddleware, enable_compression

BIG = {"rows": [{"kecamatan": f"3578{i:02d}", "received": i * 17} for i in range(400)]}


def make_app() -> Flask:
    app = Flask(__name__)

    @app.get("/data")
    def data():
        return jsonify(BIG)

    @app.get("/small")
    def small():
        return jsonify({"ok": True})

    @app.get("/png")
    def png():
        return Response(b"\x89PNG" + b"\x00" * 5000, content_type="image/png")

    @app.get("/encoded")
    def encoded():
        return Response(gzip.compress(b"x" * 5000), headers={"Content-Encoding": "gzip"}, content_type="text/plain")

    @app.get("/assets/app.js")
    def script():
        response = Response("var x = 1;\n" * 2000, content_type="text/javascript")
        response.set_etag("v1")
        return response.make_conditional(request)  # as send_file does

    @app.get("/nothing")
    def nothing():
        return Response(status=204)

    enable_compression(app)
    enable_compression(app)  # twice wraps once
    return app


def test_json_is_gzipped_for_a_browser_that_accepts_it():
    client = make_app().test_client()
    answer = client.get("/data", headers={"Accept-Encoding": "gzip, deflate, br"})
    assert answer.headers["Content-Encoding"] == "gzip"
    assert "Accept-Encoding" in answer.headers["Vary"]
    assert int(answer.headers["Content-Length"]) == len(answer.data) < len(json.dumps(BIG)) / 3
    assert json.loads(gzip.decompress(answer.data)) == BIG


def test_left_alone_when_not_asked_or_not_worth_it():
    client = make_app().test_client()
    assert "Content-Encoding" not in client.get("/data").headers  # no Accept-Encoding
    assert "Content-Encoding" not in client.get("/data", headers={"Accept-Encoding": "gzip;q=0"}).headers
    for path in ("/small", "/png", "/nothing"):
        assert "Content-Encoding" not in client.get(path, headers={"Accept-Encoding": "gzip"}).headers, path
    encoded = client.get("/encoded", headers={"Accept-Encoding": "gzip"})
    assert gzip.decompress(encoded.data) == b"x" * 5000  # not compressed twice
    head = client.head("/data", headers={"Accept-Encoding": "gzip"})
    assert "Content-Encoding" not in head.headers


def test_static_files_are_compressed_once_and_their_etag_becomes_weak():
    app = make_app()
    client = app.test_client()
    first = client.get("/assets/app.js", headers={"Accept-Encoding": "gzip"})
    second = client.get("/assets/app.js", headers={"Accept-Encoding": "gzip"})
    assert first.headers["ETag"] == 'W/"v1"' and first.data == second.data
    assert gzip.decompress(first.data).decode() == "var x = 1;\n" * 2000
    middleware = app.wsgi_app
    assert isinstance(middleware, GzipMiddleware) and len(middleware._cache) == 1
    again = client.get("/assets/app.js", headers={"Accept-Encoding": "gzip", "If-None-Match": 'W/"v1"'})
    assert again.status_code == 304


def test_a_streamed_answer_is_compressed_as_it_streams():
    app = Flask(__name__)
    produced = []

    @app.get("/export.csv")
    def export():
        def rows():
            for chunk in range(50):
                produced.append(chunk)
                yield "".join(f"{chunk},{row},Tambaksari\n" for row in range(200))
        return Response(rows(), mimetype="text/csv")

    enable_compression(app)
    answer = app.test_client().get("/export.csv", headers={"Accept-Encoding": "gzip"}, buffered=False)
    assert answer.headers["Content-Encoding"] == "gzip" and "Content-Length" not in answer.headers
    pieces = iter(answer.response)
    first = next(pieces)
    assert len(produced) < 50  # the body is not gathered before the first bytes go out
    body = gzip.decompress(first + b"".join(pieces))
    lines = body.decode().splitlines()
    assert len(lines) == 50 * 200 and lines[0] == "0,0,Tambaksari" and lines[-1] == "49,199,Tambaksari"
