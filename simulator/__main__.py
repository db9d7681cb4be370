"""python -m simulator seed --scale demo [--days N] [--seed N]
python -m simulator seed --scale city [--count N] [--years N] [--seed N]
python -m simulator live"""

from __future__ import annotations

import argparse
import logging
import sys
import time

from sqlalchemy import inspect

from core.db import Databases
from core.settings import SettingsError, load_settings
from core.domains import resolved
from simulator.complaints import DEMO_HISTORY_DAYS, demo_backfill

SCALES = ("demo", "city")


def main(argv: list[str] | None = None) -> int:
    args = parser().parse_args(argv)
    try:
        settings = load_settings()
    except SettingsError as error:
        print(error, file=sys.stderr)
        return 2
    databases = Databases.from_settings(settings)
    try:
        if "change_log" not in inspect(databases.engine).get_table_names():
            print("no tables yet: run `python manage.py init` first", file=sys.stderr)
            return 1
        return args.handler(args, settings, databases)
    finally:
        databases.dispose()


def cmd_seed(args, settings, databases) -> int:
    if args.scale == "demo":
        started = time.monotonic()
        _report("complaints", demo_backfill(databases, settings, days=args.days, seed=args.seed),
                f"{args.days} days", started)
        return 0
    for domain, seed in resolved("seeder"):  # every domain's city-scale history
        started = time.monotonic()
        sizes = {"count": args.count} if args.count else {}
        _report(domain.name, seed(databases, settings, years=args.years, seed=args.seed, **sizes),
                f"{args.years:g} years", started)
    return 0


def _report(what: str, written: int, span: str, started: float) -> None:
    if written == 0:
        print(f"{what}: data exist already, nothing seeded")
    else:
        print(f"{what}: seeded {written} rows over {span} in {time.monotonic() - started:.1f} s")


def cmd_live(_args, settings, databases) -> int:
    """Every domain's live demo feed, with the domains' workers (the SLA sweeper ...) beside it."""
    from core.services import Services
    from workers import start_domain_workers

    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(name)s %(message)s")
    services = Services(settings, databases, None)
    threads = [start(services) for _domain, start in resolved("demo_feed")] + start_domain_workers(services)
    print(f"simulating every domain's demo feed (complaints every ~{settings.demo.simulator_interval_seconds:g} s); "
          "Ctrl-C stops")
    try:
        while True:
            time.sleep(1)
    except KeyboardInterrupt:
        for thread in threads:
            thread.stop()
    return 0


def parser() -> argparse.ArgumentParser:
    root = argparse.ArgumentParser(prog="python -m simulator", description="Pantau demo complaints")
    commands = root.add_subparsers(required=True)
    seed = commands.add_parser("seed", help="fill past complaints once (nothing if complaints exist)")
    seed.add_argument("--scale", choices=SCALES, default="demo",
                      help="demo: two months (what `make run` loads); city: Surabaya-sized history")
    seed.add_argument("--days", type=int, default=DEMO_HISTORY_DAYS, help="demo: days of history")
    seed.add_argument("--count", type=_positive, default=None,
                      help="city: how many rows of each domain's main record (default: its city volume, "
                           "1,000,000 complaints)")
    seed.add_argument("--years", type=float, default=5.0, help="city: years of history")
    seed.add_argument("--seed", type=int, default=2026, help="random seed (same seed, same complaints)")
    seed.set_defaults(handler=cmd_seed)
    commands.add_parser("live", help="file complaints in real time").set_defaults(handler=cmd_live)
    return root


def _positive(text: str) -> int:
    value = int(text.replace("_", "").replace(",", ""))
    if value <= 0:
        raise argparse.ArgumentTypeError("must be a whole number above zero")
    return value


if __name__ == "__main__":
    sys.exit(main())
