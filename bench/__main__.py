"""python -m bench [--scale N] [--years Y] [--backends sqlite,postgresql] [--domain NAMES] [--smoke]
                  [--only FAMILIES] [--out FILE]

For each backend: fresh databases, `--scale` rows seeded by each chosen domain's seeder over
`--years` (timed), then the families the chosen domains declare (`Domain.bench_cases`), in order:
for complaints etl (full refresh fills the marts), callbacks, wall, payload. The results go to
bench/RESULTS.md (bench/RESULTS-<domain>.md with --domain; or --out). `--smoke` runs every family
at a tiny scale with few samples, to check that the benchmarks still run (what tests/bench runs);
its numbers mean nothing.
"""

from __future__ import annotations

import argparse
import importlib
import inspect
import shlex
import sys
import time
import traceback
from pathlib import Path

from bench.results import SECTION_FAMILY, LoadWatch, Results, Row, secs


def bench_families(domains: tuple[str, ...] = ()) -> dict[str, str]:
    """Family name -> module (with run(env, results, smoke)), as each domain declares them
    (Domain.bench_cases), in declaration order; only those of `domains` when given."""
    from core.domains import registered_domains

    return {name.rpartition(".")[2]: name for domain in registered_domains()
            if not domains or domain.name in domains for name in domain.bench_cases}


def domain_names() -> list[str]:
    from core.domains import registered_domains

    return [domain.name for domain in registered_domains()]


FAMILIES = tuple(bench_families())  # every registered domain's
DEFAULT_OUT = Path(__file__).resolve().parent / "RESULTS.md"  # every domain's run


def default_out(domains: tuple[str, ...]) -> Path:
    """RESULTS.md for every domain, RESULTS-<domain>.md for a `--domain` run: one domain's run does not
    overwrite the whole run's file."""
    return DEFAULT_OUT.with_name(f"RESULTS-{'-'.join(domains)}.md") if domains else DEFAULT_OUT
SEED_COLUMNS = ["figure", "target", "measured"]
SEED_TARGET = 600.0  # "finishes in minutes"


def main(argv: list[str] | None = None) -> int:
    args = parser().parse_args(argv)
    scale = args.scale if args.scale is not None else (2000 if args.smoke else 1_000_000)
    backends = [b.strip() for b in args.backends.split(",") if b.strip()]
    args.domains = tuple(d.strip() for d in args.domain.split(",") if d.strip())
    if set(args.domains) - set(domain_names()):
        parser().error(f"unknown domains {sorted(set(args.domains) - set(domain_names()))} "
                       f"(registered: {', '.join(domain_names())})")
    known = bench_families(args.domains)
    chosen = {f.strip() for f in args.only.split(",") if f.strip()} if args.only else set(known)
    if chosen - set(known):
        parser().error(f"unknown families {sorted(chosen - set(known))} (known: {', '.join(known)})")
    families = [f for f in known if f in chosen]  # etl first: its full refresh fills the marts
    given = argv if argv is not None else sys.argv[1:]
    command = "python -m bench " + " ".join(shlex.quote(a) for a in given)
    results = Results(command.strip(), scale, backends, reproduce=lambda backend, family: _table_command(
        given, backend, family, known))
    out = Path(args.out) if args.out else default_out(args.domains)
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
    print(f"[{backend}] seeding at --scale {scale:,} (complaints; other domains in proportion) ...", flush=True)
    with BenchEnvironment(backend, scale, years=args.years, domains=args.domains, progress=not args.quiet) as env:
        with LoadWatch() as load:
            env.install()
        results.load("seeding", backend, load.summary())
        results.seeded[backend] = env.seeded()
        results.server_versions.update(_server_versions(env))
        for domain, (rows, name, seconds) in env.seeding.items():
            results.add("seeding", SEED_COLUMNS, backend, Row({
                "figure": f"{domain}: city-scale seeder path: {rows:,} {name} over {args.years:g} years",
                "target": "minutes (< 10 min)",
                "measured": f"{secs(seconds)} ({rows / seconds:,.0f} {name}/s)",
            }, seconds < SEED_TARGET, "" if seconds < SEED_TARGET else
                "the bulk path writes each row, its history and its change rows; see the domain's seeder"))
        results.add("seeding", SEED_COLUMNS, backend, Row({
            "figure": "database sizes after seeding", "target": "—",
            "measured": ", ".join(f"{k} database {v / 1e6:,.0f} MB" for k, v in env.database_sizes().items())}))
        for family in families:
            print(f"[{backend}] {family} ...", flush=True)
            started = time.monotonic()
            try:
                module = importlib.import_module(bench_families()[family])
                with LoadWatch() as load:
                    module.run(env, results, smoke=args.smoke, **_sample_option(module, args))
                results.load(family, backend, load.summary())
            except Exception as error:  # noqa: BLE001 - one family failing must not lose the others
                failures += 1
                traceback.print_exc()
                results.skip(family, [], backend, f"the benchmark failed: {type(error).__name__}: {error}")
            print(f"[{backend}] {family} done in {time.monotonic() - started:.0f} s", flush=True)
            results.write(str(out))  # partial results survive a crash later on
    return failures


def _sample_option(module, args) -> dict:
    """`--samples` for the families that take it (their Pantau and baseline samples per figure)."""
    takes = "samples" in inspect.signature(module.run).parameters
    return {"samples": args.samples} if args.samples is not None and takes and not args.smoke else {}


def _table_command(given: list[str], backend: str, family: str, known=FAMILIES) -> str:
    """The command that reproduces one table: this run's options, one backend, one family (the
    callbacks and later families read the marts the etl family's full refresh fills; without the
    complaints' etl family, the chosen domains' first family comes first)."""
    family = SECTION_FAMILY.get(family, family)
    kept, skip = [], False
    for argument in given:
        if skip:
            skip = False
            continue
        name = argument.split("=", 1)[0]
        if name in ("--backends", "--only", "--out"):
            skip = "=" not in argument
            continue
        kept.append(argument)
    first = "etl" if "etl" in known else next(iter(known), family)
    only = first if family in ("seeding", first) else f"{first},{family}"  # seeding always runs
    return " ".join(["python -m bench", *map(shlex.quote, kept), "--backends", backend, "--only", only])


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


def _positive(text: str) -> int:
    if not text.isdigit() or int(text) < 1:
        raise argparse.ArgumentTypeError(f"{text!r} is no whole number of samples of 1 or more")
    return int(text)


def parser() -> argparse.ArgumentParser:
    root = argparse.ArgumentParser(prog="python -m bench", description="Pantau benchmarks at city scale")
    root.add_argument("--scale", type=int, default=None, help="complaints to seed (default 1,000,000; smoke 2,000)")
    root.add_argument("--years", type=float, default=5.0, help="span of receipt times to seed (default 5)")
    root.add_argument("--backends", default="sqlite,postgresql", help="comma-separated: sqlite,postgresql")
    root.add_argument("--domain", default="", help="comma-separated domains to bench (default every registered one)")
    root.add_argument("--smoke", action="store_true", help="tiny scale, few samples: checks that it all runs")
    root.add_argument("--samples", type=_positive, default=None,
                      help="samples per figure and per baseline in the page families (default 20); fewer at 10 "
                           "million rows, where a BI tool's GROUP BY takes seconds")
    root.add_argument("--only", default="", help=f"comma-separated families (default all: {','.join(FAMILIES)})")
    root.add_argument("--out", default="", help="results file (default bench/RESULTS.md; RESULTS-<domain>.md with --domain)")
    root.add_argument("--strict", action="store_true", help="fail when a backend is not reachable")
    root.add_argument("--quiet", action="store_true", help="no progress bars")
    return root


if __name__ == "__main__":
    sys.exit(main())
