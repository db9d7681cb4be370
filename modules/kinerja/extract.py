"""The change-log snapshot of every activity, closed month and score, read from the tables (the
contract test compares it with the newest change-log payload of each; the ETL's full refresh will
read it). Built with the functions the service logs with (snapshot.py), so both cannot drift apart."""

from __future__ import annotations

from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from modules.kinerja.models import KinerjaActivity, KinerjaActivityPhoto, KinerjaPeriod, KinerjaScore
from modules.kinerja.snapshot import (ACTIVITY, PERIOD, SCORE, activity_snapshot, period_snapshot,
                                      score_snapshot)


def snapshots_by_entity(connection_or_session) -> dict[tuple[str, str], dict[str, Any]]:
    session = connection_or_session if isinstance(connection_or_session, Session) \
        else Session(bind=connection_or_session)
    with_photo = set(session.scalars(select(KinerjaActivityPhoto.activity_id)))
    found = {(PERIOD, period.month): period_snapshot(period)
             for period in session.scalars(select(KinerjaPeriod).order_by(KinerjaPeriod.month))}
    found |= {(SCORE, str(score.id)): score_snapshot(score)
              for score in session.scalars(select(KinerjaScore).order_by(KinerjaScore.id))}
    for activity in session.scalars(select(KinerjaActivity).order_by(KinerjaActivity.id)).yield_per(5_000):
        found[(ACTIVITY, str(activity.id))] = activity_snapshot(activity, activity.id in with_photo)
    return found
