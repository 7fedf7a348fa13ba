"""Alembic environment that runs from the installed package.

jishi applies migrations itself (jishi.store.database.migrate) with an open
connection passed in `config.attributes["connection"]`, so no alembic.ini or
working directory is needed; a URL in the config is the fallback for running
`alembic` by hand during development.
"""

from __future__ import annotations

from alembic import context
from sqlalchemy import Connection, create_engine

from jishi.store.schema import Base

target_metadata = Base.metadata


def run_migrations(connection: Connection) -> None:
    """Run the pending revisions over one connection in one transaction."""
    context.configure(connection=connection, target_metadata=target_metadata)
    with context.begin_transaction():
        context.run_migrations()


def main() -> None:
    """Use the caller's connection when given, else connect to the configured URL."""
    connection = context.config.attributes.get("connection")
    if connection is not None:
        run_migrations(connection)
        return
    engine = create_engine(context.config.get_main_option("sqlalchemy.url") or "")
    with engine.connect() as fresh:
        run_migrations(fresh)


main()
