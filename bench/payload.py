"""Payload and memory, against gunicorn (2 workers) serving the seeded data:

- bytes of the first load of /wall (kiosk URL) and of the complaints page (after login), counted by
  Chromium (DevTools `Network.loadingFinished`: every response's bytes on the wire, headers
  included) with an empty cache, until the page shows its data; also what gzip would make of
  the same responses (a reverse proxy with gzip on, as production has in front of gunicorn);
- the district GeoJSON files the maps reference by URL;
- the peak resident memory (VmHWM) of each gunicorn worker after the browser loads and a sweep
  of every dashboard callback, cold and warm, and the CSV export of the longest period.
"""

from __future__ import annotations

import base64
import gzip
import re
import time
from collections import defaultdict
from datetime import timedelta
from bench.callbacks import figures, make_cold_in_database, request_body, wall_body
from bench.results import Row, size
from bench.servers import HttpSession, chromium, gunicorn, peak_rss, worker_pids

SECTION = "payload"
COLUMNS = ["figure", "target", "measured", "with gzip"]
PAGE_TARGET = 2 * 1024 * 1024
GEOJSON_TARGET = 300 * 1024
RSS_TARGET = 400 * 1024 * 1024
SETTLE_SECONDS = 3.0


def run(env, results, smoke: bool = False) -> None:
    from bench.env import PASSWORD

    results.note(SECTION, COLUMNS, "Page bytes: everything the browser downloads for the first load with an empty "
                                   "cache (HTML, scripts, styles, layout, callbacks, GeoJSON), as gunicorn "
                                   "(`wsgi:server`) serves it to Chromium; 'with gzip': every body gzipped at "
                                   "level 6, for comparison (what a compressing proxy would send).")
    kiosk = env.kiosk_secret("bench-payload-wall")
    with gunicorn(env, workers=2) as (base, master), chromium() as browser:
        _geojson(env, results, HttpSession(base).login("pimpinan", PASSWORD))
        wall = _first_load(browser, f"{base}/kiosk/{kiosk}", ".wall-counter")
        page = _first_load(browser, f"{base}/pengaduan", "#pengaduan-map .js-plotly-plot",
                           login=(base, "pimpinan", PASSWORD))
        for name, load in (("first load of /wall", wall), ("first load of the complaints page /pengaduan", page)):
            met = load["bytes"] < PAGE_TARGET
            results.add(SECTION, COLUMNS, env.backend, Row({
                "figure": f"{name} ({load['requests']} requests; largest: {load['largest']})",
                "target": "< 2 MB", "measured": size(load["bytes"]), "with gzip": size(load["gzip"]),
            }, met, "" if met else _page_reason(load)))
        pimpinan = HttpSession(base).login("pimpinan", PASSWORD)
        sweep = _sweep(env, base, pimpinan, smoke)
        before_export = {pid: peak_rss(pid) for pid in worker_pids(master.pid)}
        export = _export(pimpinan)
        peaks = {pid: peak_rss(pid) for pid in worker_pids(master.pid)}
    peak = max(peaks.values()) if peaks else None
    met = peak is not None and peak < RSS_TARGET
    results.add(SECTION, COLUMNS, env.backend, Row({
        "figure": f"peak RSS of a gunicorn worker ({len(peaks)} workers, sync; after both page loads, {sweep} "
                  f"callback requests cold and warm (peak then {size(max(before_export.values()))}) and the "
                  f"CSV export of 366 days: {export})",
        "target": "< 400 MB", "measured": ", ".join(size(v) for v in sorted(peaks.values(), reverse=True)),
        "with gzip": "—",
    }, met, "" if met else (
        f"{size(peak)}: the worker holds the app (Dash, Plotly, pandas, geopandas with the district shapes, "
        f"{size(max(before_export.values()))} after every callback); the CSV export streams "
        "(downloads/complaints.py: 10,000 rows at a time through a server-side cursor, gzipped as it goes), "
        "so what is left is the app itself and the figures' caches.")))


def _geojson(env, results, session: HttpSession) -> None:
    """The district GeoJSON as the app serves it to the maps (`geo.asset_url`)."""
    import geo

    for level in ("kecamatan", "kelurahan"):
        url = geo.asset_url(level)
        status, data = session.get(url)
        if status != 200:
            raise RuntimeError(f"{url}: HTTP {status}")
        met = len(data) < GEOJSON_TARGET
        results.add(SECTION, COLUMNS, env.backend, Row({
            "figure": f"district GeoJSON `{url}` (bundled boundaries)",
            "target": "< 300 KB", "measured": size(len(data)), "with gzip": size(len(gzip.compress(data))),
        }, met, "" if met else "simplify the boundaries (shapely simplify) and round coordinates to 5 decimals"))


def _page_reason(load: dict) -> str:
    return (f"{size(load['bytes'])} on the wire; the bulk is JavaScript ({size(load['script'])}; largest "
            f"{load['largest']}): Dash's renderer, React and Plotly.js, which every page with a graph needs. "
            "Responses are gzipped by `wsgi:server` (core/compression.py) for browsers that accept it; what "
            "is left would need Plotly's partial bundle with only the trace types the pages draw.")


def _first_load(browser, url: str, ready: str, login: tuple | None = None) -> dict:
    context = browser.new_context(viewport={"width": 1920, "height": 1080})
    if login:
        base, username, password = login
        page_text = context.request.get(f"{base}/login").text()
        token = re.search(r'name="csrf_token" value="([^"]+)"', page_text).group(1)
        context.request.post(f"{base}/login", form={"username": username, "password": password, "csrf_token": token})
    page = context.new_page()
    devtools = context.new_cdp_session(page)
    devtools.send("Network.enable")
    devtools.send("Network.setCacheDisabled", {"cacheDisabled": True})
    urls, kinds, finished = {}, {}, {}
    devtools.on("Network.requestWillBeSent", lambda e: urls.setdefault(e["requestId"], e["request"]["url"]))
    devtools.on("Network.responseReceived", lambda e: kinds.__setitem__(e["requestId"], e["type"]))
    devtools.on("Network.loadingFinished", lambda e: finished.__setitem__(e["requestId"], e["encodedDataLength"]))
    page.goto(url)
    page.wait_for_selector(ready, timeout=300_000)
    time.sleep(SETTLE_SECONDS)  # the callbacks fired by the first draw finish
    loaded = dict(finished)  # the first load; later refresh ticks are not part of it
    gzipped, by_url, script = 0, defaultdict(int), 0
    for request_id, length in loaded.items():
        by_url[urls.get(request_id, "?")] += length
        if kinds.get(request_id) == "Script":
            script += length
        try:
            body = devtools.send("Network.getResponseBody", {"requestId": request_id})
            raw = base64.b64decode(body["body"]) if body.get("base64Encoded") else body["body"].encode()
            gzipped += len(gzip.compress(raw, 6)) + 300  # headers, roughly
        except Exception:  # noqa: BLE001 - a redirect or a 204 has no body
            gzipped += length
    context.close()
    largest = max(by_url.items(), key=lambda item: item[1])
    name = largest[0].split("?")[0].rsplit("/", 1)[-1]
    return {"bytes": sum(loaded.values()), "gzip": gzipped, "requests": len(loaded), "script": script,
            "largest": f"{name} {size(largest[1])}"}


def _sweep(env, base: str, pimpinan: HttpSession, smoke: bool) -> int:
    """Every dashboard callback over HTTP, each after a version bump (cold) and again (warm);
    returns how many requests it sent."""
    wall = HttpSession(base)
    wall.get(f"/kiosk/{env.kiosk_secret('bench-payload-sweep')}")
    specs = {"pimpinan": _specs(pimpinan), "wall": _specs(wall)}
    sent = 0
    for figure in figures(naive=None):
        session = pimpinan if figure.client == "pimpinan" else wall
        if "__wall__" in figure.values:
            body = wall_body(specs["wall"], None)
        else:
            spec = next(s for s in specs[figure.client] if f"{figure.output}." in s["output"])
            body = request_body(spec, figure.values)
        for _ in range(1 if smoke else 2):
            make_cold_in_database(env)
            for _ in range(2):  # cold, then warm
                status, answer = session.post_json("/_dash-update-component", body)
                sent += 1
                if status not in (200, 204):
                    raise RuntimeError(f"{figure.name}: HTTP {status}: {answer[:300]!r}")
    return sent


def _export(pimpinan: HttpSession) -> str:
    """The complaints page's CSV export of the longest period it allows (366 days), downloaded as
    the page's link does (downloads/complaints.py); returns what it was, for the table."""
    today = _today()
    path = f"/unduh/pengaduan.csv?start={(today - timedelta(days=365)).isoformat()}&end={today.isoformat()}"
    started = time.monotonic()
    status, body = pimpinan.get(path, headers={"Accept-Encoding": "gzip"})
    seconds = time.monotonic() - started
    if status != 200:
        raise RuntimeError(f"CSV export: HTTP {status}: {body[:300]!r}")
    text = gzip.decompress(body)
    rows = text.count(b"\n") - 1  # less the header
    return f"{rows:,} rows, {size(len(text))} ({size(len(body))} gzipped) in {seconds:.1f} s"


def _specs(session: HttpSession) -> list[dict]:
    import json

    status, body = session.get("/_dash-dependencies")
    if status != 200:
        raise RuntimeError(f"/_dash-dependencies: HTTP {status}")
    return json.loads(body)


def _today():
    from data.complaints.queries import city_today

    return city_today()
