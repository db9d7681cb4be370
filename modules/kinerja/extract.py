"""The change-log snapshot of every activity, closed month and score, read from the tables (the
contract test compares it with the newest change-log payload of each; the ETL's full refresh reads
it). Built with the functions the service logs with (snapshot.py), so both cannot drift apart.

A quarter of the city's activities is about 7.5 million lines: they are streamed in id order from a
plain SELECT of the columns a snapshot needs (rows with the model's attribute names), never held
all at once and never loaded as ORM objects. `activity_frame` gives the same snapshots a page at a
time as one DataFrame, without a dict per line: what the ETL's full refresh reads."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pandas as pd
from sqlalchemy import String, exists, select, type_coerce
from sqlalchemy.orm import Session

from core.bulk import select_frame

from modules.kinerja.models import KinerjaActivity, KinerjaActivityPhoto, KinerjaPeriod, KinerjaScore
from modules.kinerja.snapshot import (ACTIVITY, ACTIVITY_KEYS, PERIOD, SCORE, activity_snapshot, period_snapshot,
                                      score_snapshot)

STREAM_ROWS = 10_000
WORKED_OUT = ("has_link", "has_photo")  # from link_ref and the photos table
ACTIVITY_COLUMNS = [KinerjaActivity.__table__.c[name] for name in ACTIVITY_KEYS if name not in WORKED_OUT]
TIME_KEYS = ("created_at", "submitted_at", "decided_at", "updated_at")
# times as the driver gives them (SQLite: text, PostgreSQL: naive UTC datetimes), parsed in bulk
RAW_COLUMNS = [type_coerce(column, String).label(column.name) if column.name in TIME_KEYS else column
               for column in ACTIVITY_COLUMNS]


def snapshots_by_entity(connection_or_session) -> Iterator[tuple[tuple[str, str], dict[str, Any]]]:
    """((entity, id), payload) of every closed month, score and activity, activities in id order."""
    session = _session(connection_or_session)
    yield from period_and_score_snapshots(session)
    with_photo = set(session.scalars(select(KinerjaActivityPhoto.activity_id)))
    activities = (select(*ACTIVITY_COLUMNS, KinerjaActivity.__table__.c.link_ref)
                  .order_by(KinerjaActivity.id).execution_options(yield_per=STREAM_ROWS))
    for activity in session.execute(activities):
        yield (ACTIVITY, str(activity.id)), activity_snapshot(activity, activity.id in with_photo)


def period_and_score_snapshots(connection_or_session) -> Iterator[tuple[tuple[str, str], dict[str, Any]]]:
    """((entity, id), payload) of every closed month and score: a few thousand rows."""
    session = _session(connection_or_session)
    for period in session.scalars(select(KinerjaPeriod).order_by(KinerjaPeriod.month)):
        yield (PERIOD, period.month), period_snapshot(period)
    for score in session.scalars(select(KinerjaScore).order_by(KinerjaScore.id)):
        yield (SCORE, str(score.id)), score_snapshot(score)


def activity_frame(connection_or_session, after_id: int = 0, limit: int | None = None) -> pd.DataFrame:
    """The snapshots of the activities with id > after_id, by id, at most `limit`, as a DataFrame
    with the ACTIVITY_KEYS columns: the values activity_snapshot gives, with the times as UTC
    timestamps cut to the second (what its ISO strings say) and the day a date."""
    table, photos = KinerjaActivity.__table__, KinerjaActivityPhoto.__table__
    has_photo = exists().where(photos.c.activity_id == table.c.id).label("has_photo")
    query = select(*RAW_COLUMNS, table.c.link_ref, has_photo).where(table.c.id > after_id).order_by(table.c.id)
    if limit is not None:
        query = query.limit(limit)
    frame = select_frame(connection_or_session, query)  # a Row per line cost a sixth of a full refresh
    frame["has_link"] = frame.pop("link_ref").notna()
    frame["has_photo"] = frame["has_photo"].astype(bool)
    for key in TIME_KEYS:
        frame[key] = pd.to_datetime(frame[key], utc=True, format="ISO8601").dt.floor("s")
    return frame[list(ACTIVITY_KEYS)]


def _session(connection_or_session) -> Session:
    return connection_or_session if isinstance(connection_or_session, Session) else Session(bind=connection_or_session)
