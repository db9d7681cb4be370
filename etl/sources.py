"""Where a job's full refresh reads its snapshots: the module's tables through its domain's
extract (core.domains.Domain.extract), or the change log's latest readable snapshot of every id
when the domain declares none. Both come as pages of change-log-like rows
({position, entity, entity_id, payload}), the shape the runner's batches have; a row from an
extract has no position (a reject found by a full refresh points at no change)."""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator, Mapping
from concurrent.futures import ThreadPoolExecutor
from typing import TypeVar

from sqlalchemy import Text, and_, cast, func, select

from core.changelog import ChangeLogEntry
from core.domains import registered_domains, resolve

T = TypeVar("T")

REFRESH_PAGE = 20_000  # snapshots per page


def read_ahead(pages: Iterator[T], source) -> Iterator[T]:
    """The pages of `pages`, the next one read in a thread while the caller loads this one: a
    database server answers while Python works (the driver waits without the GIL), so on two cores
    a full refresh's reading mostly hides behind its loading. Only that thread touches `pages`.
    SQLite answers inside this process, where a thread would only contend for the GIL: its pages
    come as they are."""
    if source.dialect.name == "sqlite":
        yield from pages
        return
    with ThreadPoolExecutor(max_workers=1, thread_name_prefix="read-ahead") as reader:
        upcoming = reader.submit(next, pages, None)
        while (page := upcoming.result()) is not None:
            upcoming = reader.submit(next, pages, None)
            yield page


def domain_pages(source, domain: str, entities: tuple[str, ...], versions: tuple[int, ...], *,
                 by_entity: bool = False, page_rows: int = REFRESH_PAGE) -> Iterator[list[dict]]:
    """The extract of `domain` when it declares one, else the change log."""
    extract = next((d.extract for d in registered_domains() if d.name == domain), None)
    if extract is None:
        return change_log_pages(source, entities, versions, by_entity=by_entity, page_rows=page_rows)
    return extract_pages(resolve(extract)(source), entities, page_rows)


def extract_pages(snapshots: Mapping[tuple[str, str], dict] | Iterable[tuple[tuple[str, str], dict]],
                  entities: tuple[str, ...], page_rows: int = REFRESH_PAGE) -> Iterator[list[dict]]:
    """The snapshots of `entities`: from a dict {(entity, id): payload}, in (entity, id) order; from
    an extract that streams ((entity, id), payload) pairs (a large domain's), in its own order, one
    page at a time, so the whole extract is never in memory."""
    pairs = sorted(snapshots.items(), key=lambda item: item[0]) if isinstance(snapshots, Mapping) else snapshots
    page = []
    for (entity, entity_id), payload in pairs:
        if entity in entities:
            page.append({"position": None, "entity": entity, "entity_id": entity_id, "payload": payload})
        if len(page) == page_rows:
            yield page
            page = []
    if page:
        yield page


def change_log_pages(source, entities: tuple[str, ...], versions: tuple[int, ...], *, by_entity: bool = False,
                     page_rows: int = REFRESH_PAGE) -> Iterator[list[dict]]:
    """The latest readable row of each id of `entities`, in position order (`by_entity`: by entity
    first, so one entity's rows all come before the next's), so a page never holds two snapshots
    of one id."""
    log = ChangeLogEntry.__table__
    readable = and_(log.c.entity.in_(entities), log.c.schema_version.in_(versions))
    latest = (select(func.max(log.c.position).label("position")).where(readable)
              .group_by(log.c.entity, log.c.entity_id).subquery())
    order = (log.c.entity, log.c.position) if by_entity else (log.c.position,)
    query = (select(log.c.position, log.c.entity, log.c.entity_id, cast(log.c.payload, Text))
             .join(latest, latest.c.position == log.c.position).order_by(*order))
    result = source.execution_options(stream_results=True, yield_per=page_rows).execute(query)
    for rows in result.partitions():
        payloads = json.loads("[" + ",".join(row[3] or "null" for row in rows) + "]")
        yield [{"position": row[0], "entity": row[1], "entity_id": row[2], "payload": payload}
               for row, payload in zip(rows, payloads)]
