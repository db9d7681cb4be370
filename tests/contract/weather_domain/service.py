from datetime import datetime, timedelta, timezone

from sqlalchemy import select

from core.changelog import record_change
from core.reference import Kelurahan

from .models import RainReading


def snapshot(reading: RainReading) -> dict:
    return {"id": reading.id, "kecamatan_code": reading.kecamatan_code, "kelurahan_code": reading.kelurahan_code,
            "millimetres": reading.millimetres}


def record_reading(session, kelurahan: Kelurahan, millimetres: float, at: datetime) -> RainReading:
    reading = RainReading(kecamatan_code=kelurahan.kecamatan_code, kelurahan_code=kelurahan.code,
                          millimetres=millimetres, recorded_at=at)
    session.add(reading)
    session.flush()
    record_change(session, "weather_reading", reading.id, "recorded", snapshot(reading))
    return reading


def write_sample(databases, settings) -> None:
    now = datetime.now(timezone.utc)
    with databases.transaction() as session:
        places = session.scalars(select(Kelurahan).order_by(Kelurahan.code).limit(12)).all()
        for index in range(60):
            record_reading(session, places[index % len(places)], float(index % 17) * 4.5, now - timedelta(minutes=index))


def snapshots(connection) -> dict:
    rows = connection.execute(select(RainReading)).all()
    return {("weather_reading", str(row.id)): {"id": row.id, "kecamatan_code": row.kecamatan_code,
                                            "kelurahan_code": row.kelurahan_code, "millimetres": row.millimetres}
            for row in rows}
