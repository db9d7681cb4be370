"""ETL bookkeeping in the warehouse: how far each job has read, and the version of each mart.

The watermark is advanced in the same transaction as the mart upserts, so a crash between
batches re-reads the batch and the upserts make the re-run change nothing.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import JSON, BigInteger, Integer, String, select
from sqlalchemy.orm import Mapped, mapped_column

from core.db import UtcDateTime, WarehouseBase


class Watermark(WarehouseBase):
    __tablename__ = "etl_watermarks"

    job: Mapped[str] = mapped_column(String(64), primary_key=True)
    position: Mapped[int] = mapped_column(BigInteger, default=0)
    updated_at: Mapped[datetime | None] = mapped_column(UtcDateTime, nullable=True)


class MartVersion(WarehouseBase):
    __tablename__ = "mart_versions"

    mart: Mapped[str] = mapped_column(String(64), primary_key=True)
    version: Mapped[int] = mapped_column(Integer, default=0)
    updated_at: Mapped[datetime | None] = mapped_column(UtcDateTime, nullable=True)


def read_watermark(connection, job: str) -> int:
    return connection.scalar(select(Watermark.position).where(Watermark.job == job)) or 0


def mart_versions(connection) -> dict[str, int]:
    return dict(connection.execute(select(MartVersion.mart, MartVersion.version)).all())


class Reject(WarehouseBase):
    """A change the ETL could not turn into a mart row, with the reason; shown on an admin page."""

    __tablename__ = "etl_rejects"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    job: Mapped[str] = mapped_column(String(64), index=True)
    position: Mapped[int | None] = mapped_column(BigInteger, nullable=True)  # None: found by a full refresh
    entity: Mapped[str] = mapped_column(String(64))
    entity_id: Mapped[str] = mapped_column(String(64))
    reason: Mapped[str] = mapped_column(String(200))
    payload: Mapped[dict] = mapped_column(JSON)
    rejected_at: Mapped[datetime] = mapped_column(UtcDateTime)
