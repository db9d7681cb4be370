"""Comparing marts: every mart table's rows, sorted, with floats rounded."""

from sqlalchemy import select

from etl.complaints.job import JOB

MART_TABLES = JOB.mart_tables  # the facts and every aggregate the complaints job keeps


def marts_snapshot(databases) -> dict:
    result = {}
    with databases.warehouse.connect() as connection:
        for table in MART_TABLES:
            rows = [tuple(round(v, 3) if isinstance(v, float) else v for v in row)
                    for row in connection.execute(select(table))]
            result[table.name] = sorted(rows, key=repr)
    return result
