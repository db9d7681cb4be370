"""The hand-checked migration creates exactly the tables the models describe."""

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import inspect

from core.all_models import TRANSACTIONAL_METADATA

COMPLAINT_TABLES = {"complaints", "complaint_photos", "complaint_history", "complaint_routing_rules",
                    "complaint_sla_overrides", "complaint_ticket_counters", "complaint_api_keys",
                    "complaint_inbound_messages"}


def test_the_migration_matches_the_models(databases):
    assert COMPLAINT_TABLES <= set(inspect(databases.engine).get_table_names())
    with databases.engine.connect() as connection:
        context = MigrationContext.configure(connection, opts={"compare_type": True})
        differences = compare_metadata(context, TRANSACTIONAL_METADATA)
    ours = [d for d in differences if any(table in repr(d) for table in COMPLAINT_TABLES)]
    assert ours == []


def test_the_indexes_for_the_queries_exist(databases):
    indexes = {tuple(ix["column_names"]) for ix in inspect(databases.engine).get_indexes("complaints")}
    assert {("status",), ("received_at",), ("opd_code", "status"), ("category_code", "received_at"),
            ("kecamatan_code",), ("kelurahan_code",)} <= indexes
