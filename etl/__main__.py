"""python -m etl run [--follow] [--full-refresh] [--batch-size N] | python -m etl prune

One pass applies every pending change and prints a summary; --follow keeps going (woken by Redis
when configured, polling otherwise) and also runs every domain's background workers (the complaint
SLA sweeper ...); --full-refresh rebuilds every mart from the modules' tables first. The batch size
(unless --batch-size) and the poll interval come from the [etl] settings. `prune` deletes the
change-log rows every job has read that are older than etl.change_log_retention_days (follow mode
does so hourly).
"""

from __future__ import annotations

import argparse
import signal
import sys
import threading

from core.db import Databases
from core.events import events_for
from core.services import redis_client
from core.settings import load_settings_or_report
from etl.runner import EtlRunner, follow_until_stopped


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m etl", description="Pantau ETL")
    parser.add_argument("command", choices=["run", "prune"])
    parser.add_argument("--follow", action="store_true", help="keep running, applying new changes as they come")
    parser.add_argument("--full-refresh", action="store_true", help="rebuild the marts from the modules' tables")
    parser.add_argument("--batch-size", type=int, default=None, help="change-log rows per batch (default: etl.batch_size)")
    args = parser.parse_args(argv)
    settings = load_settings_or_report()
    if settings is None:
        return 2
    databases = Databases.from_settings(settings)
    try:
        return run(args, settings, databases)
    finally:
        databases.dispose()


def run(args, settings, databases: Databases) -> int:
    redis = redis_client(settings)
    options = {"batch_size": args.batch_size} if args.batch_size else {}
    runner = EtlRunner.from_settings(databases, settings, events=events_for(redis), redis=redis,
                                     show_progress=sys.stderr.isatty() or not args.follow, **options)
    if args.command == "prune":
        print(f"pruned {runner.prune()} change-log rows that every job has read, older than "
              f"{runner.retention_days} days")
        return 0
    if args.full_refresh:
        print(f"full refresh: {runner.full_refresh().line()}")
    if not args.follow:
        print(f"incremental: {runner.run_once().line()}")
        return 0
    return follow(runner, settings, databases)


def follow(runner: EtlRunner, settings, databases) -> int:
    """Follows the change log, with every domain's background workers beside it."""
    from core.heap import freeze_startup_objects
    from core.services import Services
    from workers import start_domain_workers

    stop = threading.Event()
    signal.signal(signal.SIGTERM, lambda *_: stop.set())
    signal.signal(signal.SIGINT, lambda *_: stop.set())
    domain_workers = start_domain_workers(Services(settings, databases, runner.redis))
    runner.show_progress = False
    freeze_startup_objects()  # a long-lived process: no full garbage collection walks its start-up again
    print("ETL following the change log (Ctrl-C to stop)")
    follow_until_stopped(runner, stop)  # a database or Redis outage does not end the process
    for worker in domain_workers:
        worker.stop()
    return 0


if __name__ == "__main__":
    sys.exit(main())
