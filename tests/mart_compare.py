"""Comparing marts: every mart table's rows, sorted, with floats rounded."""

from sqlalchemy import select

from data.complaints.tables import AggComplaintsDaily, AggComplaintsResponseDaily, AggComplaintsSlices, FctComplaint

MART_TABLES = (FctComplaint.__table__, AggComplaintsDaily.__table__, AggComplaintsSlices.__table__,
               AggComplaintsResponseDaily.__table__)


def marts_snapshot(databases) -> dict:
    result = {}
    with databases.warehouse.connect() as connection:
        for table in MART_TABLES:
            rows = [tuple(round(v, 3) if isinstance(v, float) else v for v in row)
                    for row in connection.execute(select(table))]
            result[table.name] = sorted(rows, key=repr)
    return result
