"""Payload and memory, against gunicorn (2 threaded workers, gunicorn.conf.py) serving the seeded data:

- bytes on the wire of each page as Chromium receives them (DevTools `Network.loadingFinished`
  `encodedDataLength`: each response's bytes as they came over the connection, headers included,
  gzipped where `wsgi:server` gzips), for the first load with an empty cache and for a repeat load
  of the same page in the same browser (its cache kept: versioned static files are not asked for
  again, the rest is revalidated), until the page shows its data;
- the district GeoJSON files the maps reference by URL, as they are and as gzipped on the wire;
- the peak resident memory (VmHWM) of each gunicorn worker after the browser loads and a sweep
  of every dashboard callback, cold and warm, and the CSV export of the longest period.
"""

from __future__ import annotations

import gzip
import json
import re
import time
from collections import defaultdict
from dataclasses import dataclass
from datetime import timedelta
from bench.callbacks import figures, make_cold_in_database, request_body, wall_body
from bench.dash_requests import callback_spec
from bench.results import Row, size
from bench.servers import HttpSession, chromium, gunicorn, peak_rss, worker_pids

SECTION = "payload"
COLUMNS = ["figure", "target", "measured", "repeat load (with cache)"]
PAGE_TARGET = 2 * 1024 * 1024
GEOJSON_TARGET = 300 * 1024
RSS_TARGET = 400 * 1024 * 1024
SETTLE_SECONDS = 3.0
# (figure, path, what shows the page has its data); the wall is opened by its kiosk URL
PAGES = [
    ("/wall", None, ".wall-counter"),
    ("the complaints page /pengaduan", "/pengaduan", "#pengaduan-map .js-plotly-plot"),
    ("the KPI page /pimpinan", "/pimpinan", "#pimpinan-trend .js-plotly-plot"),
    ("the landing page /", "/", "#home-map .js-plotly-plot"),
]


def run(env, results, smoke: bool = False) -> None:
    from bench.env import PASSWORD

    results.note(SECTION, COLUMNS, "Page bytes: what Chromium received over the connection (DevTools "
                                   "`encodedDataLength`, headers included) from gunicorn (`wsgi:server`, which "
                                   "gzips for browsers that accept it), until the page showed its data: the first "
                                   "load with an empty cache, then a repeat load of the same page in the same "
                                   "browser with its cache (requests answered from the cache send nothing).")
    kiosk = env.kiosk_secret("bench-payload-wall")
    with gunicorn(env, workers=2) as (base, master), chromium() as browser:
        _geojson(env, results, base)
        for name, path, ready in PAGES:
            first, repeat = _loads(browser, base, path or f"/kiosk/{kiosk}", path or "/wall", ready,
                                   login=None if path is None else ("pimpinan", PASSWORD))
            met = first.bytes < PAGE_TARGET
            results.add(SECTION, COLUMNS, env.backend, Row({
                "figure": f"first load of {name} ({first.requests} requests; largest: {first.largest})",
                "target": "< 2 MB", "measured": size(first.bytes),
                "repeat load (with cache)": f"{size(repeat.bytes)} ({repeat.requests} requests over the network, "
                                            f"{repeat.cached} from the cache)",
            }, met, "" if met else _page_reason(first)))
        pimpinan = HttpSession(base).login("pimpinan", PASSWORD)
        sweep = _sweep(env, base, pimpinan, smoke)
        before_export = {pid: peak_rss(pid) for pid in worker_pids(master.pid)}
        export = _export(pimpinan)
        peaks = {pid: peak_rss(pid) for pid in worker_pids(master.pid)}
    peak = max(peaks.values()) if peaks else None
    met = peak is not None and peak < RSS_TARGET
    results.add(SECTION, COLUMNS, env.backend, Row({
        "figure": f"peak RSS of a gunicorn worker ({len(peaks)} workers, gthread; after the page loads, {sweep} "
                  f"callback requests cold and warm (peak then {size(max(before_export.values()))}) and the "
                  f"CSV export of 366 days: {export})",
        "target": "< 400 MB", "measured": ", ".join(size(v) for v in sorted(peaks.values(), reverse=True)),
        "repeat load (with cache)": "—",
    }, met, "" if met else (
        f"{size(peak)}: the worker holds the app (Dash, Plotly, pandas, geopandas with the district shapes, "
        f"{size(max(before_export.values()))} after every callback); the CSV export streams "
        "(downloads/complaints.py: 10,000 rows at a time through a server-side cursor, gzipped as it goes), "
        "so what is left is the app itself and the figures' caches.")))


def _geojson(env, results, base: str) -> None:
    """The district GeoJSON as the app serves it to the maps (`geo.asset_url`): as it is, and gzipped
    on the wire for a browser that accepts it (the maps then keep it an hour: `max_age`)."""
    import geo

    plain, browser_like = HttpSession(base), HttpSession(base)
    for level in ("kecamatan", "kelurahan"):
        url = geo.asset_url(level)
        status, data = plain.get(url)
        _status, wire = browser_like.get(url, headers={"Accept-Encoding": "gzip"})
        if status != 200:
            raise RuntimeError(f"{url}: HTTP {status}")
        met = len(data) < GEOJSON_TARGET
        results.add(SECTION, COLUMNS, env.backend, Row({
            "figure": f"district GeoJSON `{url}` (bundled boundaries)",
            "target": "< 300 KB", "measured": f"{size(len(data))} ({size(len(wire))} gzipped on the wire)",
            "repeat load (with cache)": "from the cache for an hour",
        }, met, "" if met else "simplify the boundaries (shapely simplify) and round coordinates to 5 decimals"))


def _page_reason(load: "Load") -> str:
    return (f"{size(load.bytes)} on the wire; the bulk is JavaScript ({size(load.script)}; largest "
            f"{load.largest}): Dash's renderer, React and Plotly.js, which every page with a graph needs. "
            "Responses are gzipped by `wsgi:server` (core/compression.py) for browsers that accept it; what "
            "is left would need Plotly's partial bundle with only the trace types the pages draw.")


@dataclass
class Load:
    bytes: int          # encodedDataLength summed: on the wire, headers included
    requests: int       # responses that came over the network
    cached: int         # responses served from the browser's cache
    script: int         # bytes of them that were JavaScript
    largest: str        # the largest response, named, with its size


def _loads(browser, base: str, first_path: str, repeat_path: str, ready: str,
           login: tuple | None = None) -> tuple[Load, Load]:
    """The page's first load (a fresh browser context: empty cache) and a repeat load of it in a new
    tab of the same context (its cache and cookies kept)."""
    context = browser.new_context(viewport={"width": 1920, "height": 1080})
    try:
        if login:
            _log_in(context, base, *login)
        first = _load(context, f"{base}{first_path}", ready)
        repeat = _load(context, f"{base}{repeat_path}", ready)
    finally:
        context.close()
    return first, repeat


def _log_in(context, base: str, username: str, password: str) -> None:
    page_text = context.request.get(f"{base}/login").text()
    token = re.search(r'name="csrf_token" value="([^"]+)"', page_text).group(1)
    context.request.post(f"{base}/login", form={"username": username, "password": password, "csrf_token": token})


def _load(context, url: str, ready: str) -> Load:
    page = context.new_page()
    devtools = context.new_cdp_session(page)
    devtools.send("Network.enable")
    urls, kinds, finished, cached = {}, {}, {}, set()
    devtools.on("Network.requestWillBeSent", lambda e: urls.setdefault(e["requestId"], e["request"]["url"]))
    devtools.on("Network.responseReceived", lambda e: _received(e, kinds, cached))
    devtools.on("Network.requestServedFromCache", lambda e: cached.add(e["requestId"]))
    devtools.on("Network.loadingFinished", lambda e: finished.__setitem__(e["requestId"], e["encodedDataLength"]))
    page.goto(url)
    page.wait_for_selector(ready, timeout=300_000)
    time.sleep(SETTLE_SECONDS)  # the callbacks fired by the first draw finish
    loaded = dict(finished)  # this load; later refresh ticks are not part of it
    page.close()
    by_url = defaultdict(int)
    for request_id, length in loaded.items():
        by_url[urls.get(request_id, "?")] += length
    largest = max(by_url.items(), key=lambda item: item[1])
    name = largest[0].split("?")[0].rsplit("/", 1)[-1]
    over_network = [r for r in loaded if r not in cached and loaded[r] > 0]
    return Load(bytes=sum(loaded.values()), requests=len(over_network), cached=len(cached & set(urls)),
                script=sum(n for r, n in loaded.items() if kinds.get(r) == "Script"),
                largest=f"{name} {size(largest[1])}")


def _received(event: dict, kinds: dict, cached: set) -> None:
    kinds[event["requestId"]] = event["type"]
    response = event["response"]
    if response.get("fromDiskCache") or response.get("fromMemoryCache") or response.get("fromPrefetchCache"):
        cached.add(event["requestId"])


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
            body = wall_body(specs["wall"], json.loads(figure.output)["domain"], None)
        else:
            body = request_body(callback_spec(specs[figure.client], figure.output), figure.values)
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
