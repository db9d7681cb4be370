"""python -m bench [--scale N] [--backends sqlite,postgresql] [--smoke] [--only FAMILIES] [--out FILE]

For each backend: fresh databases, `--scale` complaints seeded through the bulk path (timed), then
the families in order: etl (full refresh fills the marts), callbacks, wall, payload. The results go
to bench/RESULTS.md (or --out). `--smoke` runs every family at a tiny scale with few samples, to
check that the benchmarks still run (what tests/bench runs); its numbers mean nothing.
"""

from __future__ import annotations

import argparse
import importlib
import shlex
import sys
import time
import traceback
from pathlib import Path

from bench.results import Results, Row, secs


def bench_families() -> dict[str, str]:
    """Family name -> module (with run(env, results, smoke)), as each domain declares them
    (Domain.bench_cases), in declaration order."""
    from core.domains import registered_domains

    return {name.rpartition(".")[2]: name for domain in registered_domains() for name in domain.bench_cases}


FAMILIES = tuple(bench_families())
DEFAULT_OUT = Path(__file__).resolve().parent / "RESULTS.md"
SEED_COLUMNS = ["figure", "target", "measured"]
SEED_TARGET = 600.0  # "finishes in minutes"


def main(argv: list[str] | None = None) -> int:
    args = parser().parse_args(argv)
    scale = args.scale if args.scale is not None else (2000 if args.smoke else 1_000_000)
    backends = [b.strip() for b in args.backends.split(",") if b.strip()]
    chosen = {f.strip() for f in args.only.split(",") if f.strip()} if args.only else set(FAMILIES)
    if chosen - set(FAMILIES):
        parser().error(f"unknown families {sorted(chosen - set(FAMILIES))} (known: {', '.join(FAMILIES)})")
    families = [f for f in FAMILIES if f in chosen]  # etl first: its full refresh fills the marts
    command = "python -m bench " + " ".join(shlex.quote(a) for a in (argv if argv is not None else sys.argv[1:]))
    results = Results(command.strip(), scale, backends)
    out = Path(args.out) if args.out else DEFAULT_OUT
    failures = 0
    for backend in backends:
        failures += run_backend(results, backend, scale, families, args, out)
    results.write(str(out))
    print(f"results written to {out}")
    return 1 if failures else 0


def run_backend(results: Results, backend: str, scale: int, families: list[str], args, out: Path) -> int:
    from bench.env import BenchEnvironment, postgres_available

    if backend == "postgresql" and (why := postgres_available()):
        for family in ("seeding", *families):
            results.skip(family, [], backend, f"PostgreSQL is not reachable ({why})")
        return 0 if not args.strict else 1
    failures = 0
    print(f"[{backend}] installing {scale:,} complaints ...", flush=True)
    with BenchEnvironment(backend, scale, progress=not args.quiet) as env:
        env.install()
        results.server_versions.update(_server_versions(env))
        results.add("seeding", SEED_COLUMNS, backend, Row({
            "figure": f"`python -m simulator seed --scale city` path: {scale:,} complaints, five years",
            "target": "minutes (< 10 min)",
            "measured": f"{secs(env.seed_seconds)} ({scale / env.seed_seconds:,.0f} complaints/s); "
                        + ", ".join(f"{k} database {v / 1e6:,.0f} MB" for k, v in env.database_sizes().items()),
        }, env.seed_seconds < SEED_TARGET, "" if env.seed_seconds < SEED_TARGET else
            "the bulk insert writes complaints, history (about 7 rows each) and change rows; see core/bulk.py"))
        for family in families:
            print(f"[{backend}] {family} ...", flush=True)
            started = time.monotonic()
            try:
                module = importlib.import_module(bench_families()[family])
                module.run(env, results, smoke=args.smoke)
            except Exception as error:  # noqa: BLE001 - one family failing must not lose the others
                failures += 1
                traceback.print_exc()
                results.skip(family, [], backend, f"the benchmark failed: {type(error).__name__}: {error}")
            print(f"[{backend}] {family} done in {time.monotonic() - started:.0f} s", flush=True)
            results.write(str(out))  # partial results survive a crash later on
    return failures


def _server_versions(env) -> dict[str, str]:
    from sqlalchemy import text

    found = {}
    if env.backend == "postgresql":
        with env.databases.engine.connect() as connection:
            found["PostgreSQL"] = connection.scalar(text("SHOW server_version"))
        client = env.redis()
        if client is not None:
            found["Redis"] = client.info("server").get("redis_version", "?")
            client.close()
    return found


def parser() -> argparse.ArgumentParser:
    root = argparse.ArgumentParser(prog="python -m bench", description="Pantau benchmarks at city scale")
    root.add_argument("--scale", type=int, default=None, help="complaints to seed (default 1,000,000; smoke 2,000)")
    root.add_argument("--backends", default="sqlite,postgresql", help="comma-separated: sqlite,postgresql")
    root.add_argument("--smoke", action="store_true", help="tiny scale, few samples: checks that it all runs")
    root.add_argument("--only", default="", help=f"comma-separated families (default all: {','.join(FAMILIES)})")
    root.add_argument("--out", default="", help="results file (default bench/RESULTS.md)")
    root.add_argument("--strict", action="store_true", help="fail when a backend is not reachable")
    root.add_argument("--quiet", action="store_true", help="no progress bars")
    return root


if __name__ == "__main__":
    sys.exit(main())
