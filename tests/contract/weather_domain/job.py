from sqlalchemy import delete, select

from etl.jobs import BatchResult, Job
from etl.load import upsert

from .models import FctRainReading, RainReading

FACTS = FctRainReading.__table__


def _fact(snapshot: dict) -> dict:
    return {"reading_id": snapshot["id"], "kecamatan_code": snapshot["kecamatan_code"],
            "kelurahan_code": snapshot["kelurahan_code"], "millimetres": snapshot["millimetres"]}


def apply_changes(connection, changes: list[dict], _dimensions) -> BatchResult:
    written = upsert(connection, FACTS, [_fact(c["payload"]) for c in changes], ["reading_id"])
    return BatchResult(read=len(changes), written=written)


def full_refresh(source, connection, _dimensions, progress) -> BatchResult:
    connection.execute(delete(FACTS))
    rows = [_fact(dict(row._mapping)) for row in source.execute(select(RainReading.__table__))]
    progress(len(rows))
    return BatchResult(read=len(rows), written=upsert(connection, FACTS, rows, ["reading_id"]))


JOBS = [Job(name="weather", entities=("weather_reading",), marts=("weather",), apply_changes=apply_changes,
            full_refresh=full_refresh, mart_tables=(FACTS,))]
