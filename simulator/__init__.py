"""Demo feed: simulated complaints filed and advanced through the real service layer.

    demo_backfill(databases, settings, days=62)   two months of history (DEMO_HISTORY_DAYS), once, at first start
    LiveSimulator(databases, settings).start()    new complaints in real time; .stop() at shutdown
    python -m simulator seed --scale demo         the backfill from the command line
    python -m simulator seed --scale city         1,000,000 complaints over five years (simulator/city.py)
    python -m simulator live                      the live feed (and the SLA sweeper) in the foreground
"""

from simulator.complaints import ComplaintFeed, LiveSimulator, demo_backfill

__all__ = ["ComplaintFeed", "LiveSimulator", "demo_backfill"]
