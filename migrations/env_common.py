"""Shared Alembic environment: the caller passes the engine and the metadata in `config.attributes`."""

from alembic import context


def run_migrations(metadata) -> None:
    engine = context.config.attributes["engine"]
    with engine.connect() as connection:
        context.configure(
            connection=connection,
            target_metadata=metadata,
            render_as_batch=connection.dialect.name == "sqlite",  # SQLite alters tables by copy
            compare_type=True,
            render_item=render_item,
        )
        with context.begin_transaction():
            context.run_migrations()
        connection.commit()


def render_item(type_, obj, autogen_context):
    """Project types render as the plain SQLAlchemy types they store, so revisions import nothing of ours."""
    from core.db import UtcDateTime

    if type_ == "type" and isinstance(obj, UtcDateTime):
        return "sa.DateTime()"
    return False
