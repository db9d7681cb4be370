from datetime import datetime

from sqlalchemy import Float, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from core.db import Base, UtcDateTime, WarehouseBase


class RainReading(Base):
    __tablename__ = "weather_rain_readings"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    kecamatan_code: Mapped[str] = mapped_column(String(16))
    kelurahan_code: Mapped[str] = mapped_column(String(16))
    millimetres: Mapped[float] = mapped_column(Float)
    recorded_at: Mapped[datetime] = mapped_column(UtcDateTime)


class FctRainReading(WarehouseBase):
    __tablename__ = "fct_rain_readings"

    reading_id: Mapped[int] = mapped_column(Integer, primary_key=True)
    kecamatan_code: Mapped[str] = mapped_column(String(16))
    kelurahan_code: Mapped[str] = mapped_column(String(16))
    millimetres: Mapped[float] = mapped_column(Float)
