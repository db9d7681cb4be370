"""What an ETL job is, and the list of jobs in dependency order.

A job reads the change-log rows of its entities, and knows how to rebuild its marts from the
module's tables (full refresh). Each domain names its jobs in its registration (core.domains).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from graphlib import TopologicalSorter

from core.changelog import entity_domain


@dataclass
class BatchResult:
    read: int = 0
    written: int = 0
    rejected: int = 0

    def __add__(self, other: "BatchResult") -> "BatchResult":
        return BatchResult(self.read + other.read, self.written + other.written, self.rejected + other.rejected)


@dataclass(frozen=True)
class Dimensions:
    """Reference codes a transform checks rows against (loaded once per run): the city's districts
    and OPDs, and each domain's own codes (complaint categories, incident types ...) by name, read
    as attributes (`dimensions.categories`)."""

    kecamatan: frozenset[str]
    kelurahan: frozenset[str]
    opd: frozenset[str]
    domain_codes: dict[str, frozenset[str]] = field(default_factory=dict, compare=False)

    def __getattr__(self, name: str) -> frozenset[str]:
        codes = self.__dict__.get("domain_codes") or {}
        if name in codes:
            return codes[name]
        raise AttributeError(f"no dimension {name!r}: a domain declares its codes in its registration")


def as_they_are(changes: list[dict]) -> list[dict]:
    return changes


@dataclass(frozen=True)
class Job:
    name: str
    entities: tuple[str, ...]
    marts: tuple[str, ...]
    apply_changes: Callable          # (warehouse_connection, staged, dimensions) -> BatchResult
    full_refresh: Callable           # (source_connection, warehouse_connection, dimensions, progress) -> BatchResult
    mart_tables: tuple = ()
    depends_on: tuple[str, ...] = field(default=())
    # (change-log rows) -> what apply_changes takes; the runner calls it in its read thread, so
    # staging one batch overlaps with loading the one before
    stage: Callable = as_they_are
    # the change-log payload versions (schema_version) this job can read; a row of another
    # version goes to etl_rejects with its reason instead of stopping the job
    schema_versions: tuple[int, ...] = (1,)

    def __post_init__(self):
        # Positions are in commit order only within a domain (core.changelog): a job reading two
        # domains could move its watermark past a change still being written, and lose it.
        domains = {entity_domain(entity) for entity in self.entities}
        if len(domains) > 1:
            raise ValueError(f"job {self.name!r} reads entities of several domains ({', '.join(sorted(domains))}); "
                             "give each domain its own job")


def all_jobs() -> list[Job]:
    """Every registered domain's jobs, in dependency order."""
    from core.domains import resolved

    return ordered([job for _domain, jobs in resolved("etl_jobs") for job in jobs])


def ordered(jobs: list[Job]) -> list[Job]:
    by_name = {job.name: job for job in jobs}
    graph = {job.name: set(job.depends_on) for job in jobs}
    return [by_name[name] for name in TopologicalSorter(graph).static_order()]
