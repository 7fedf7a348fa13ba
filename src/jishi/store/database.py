"""Opening the database: URL checks, SQLite settings, migrations, clear errors.

One data layer serves both back-ends: SQLite (a single file, the default, no
server) and PostgreSQL (a shared deployment). Every way of failing to open
(bad URL, missing file, locked file, server down) becomes a StoreError whose
message names the database, so the CLI can print it and exit non-zero.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sqlalchemy import Engine, create_engine, event, text
from sqlalchemy.engine import URL, make_url
from sqlalchemy.exc import ArgumentError, DBAPIError, NoSuchModuleError
from sqlalchemy.orm import Session, sessionmaker

if TYPE_CHECKING:
    from alembic.config import Config

SUPPORTED = ("sqlite", "postgresql")
MIGRATION_LOCK = 0x6A69736869  # "jishi": the advisory lock key held while migrating PostgreSQL


class StoreError(RuntimeError):
    """The database cannot be opened or written; the message names it."""


class DatabaseURLError(StoreError):
    """The URL names no database jishi can keep data in: bad usage, not a failure."""


def parse_url(url: str) -> URL:
    """A SQLAlchemy URL from a URL or a plain file path (taken as SQLite).

    `postgresql://` is sent to psycopg 3, the driver jishi installs, rather
    than SQLAlchemy's default psycopg2. An in-memory SQLite database is
    refused: it would take an ingest and keep nothing once the command ends.
    """
    if not url.strip():
        raise DatabaseURLError(
            "empty database URL: use sqlite:///FILE, a file path or postgresql://..."
        )
    if "://" not in url:
        return make_url(f"sqlite:///{Path(url).expanduser().resolve()}")
    try:
        parsed = make_url(url)
    except ArgumentError as error:
        raise DatabaseURLError(f"bad database URL {url!r}: {error}") from error
    if parsed.get_backend_name() not in SUPPORTED:
        raise DatabaseURLError(f"bad database URL {url!r}: use sqlite:///FILE or postgresql://...")
    if parsed.get_backend_name() == "sqlite" and _in_memory(parsed):
        raise DatabaseURLError(
            f"{url!r} is an in-memory database, which keeps nothing after the command: "
            "name a file (sqlite:///FILE)"
        )
    if parsed.drivername == "postgresql":
        parsed = parsed.set(drivername="postgresql+psycopg")
    return parsed


def _in_memory(url: URL) -> bool:
    """sqlite://, sqlite:///:memory: and the URI forms file::memory: and mode=memory."""
    database = url.database or ""
    return (
        database in ("", ":memory:")
        or database.startswith("file::memory:")
        or (url.query.get("mode") == "memory")
    )


def _sqlite_file(url: URL) -> Path | None:
    return Path(url.database) if url.database else None


def _configure_sqlite(engine: Engine, timeout: float) -> None:
    """WAL journal, enforced foreign keys, and transactions that jishi controls.

    pysqlite's own transaction handling starts transactions late; turning it
    off and emitting BEGIN ourselves makes each document's write one real
    transaction, and BEGIN IMMEDIATE for writers waits for the lock up front
    instead of failing half-way.
    """

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection: Any, _record: Any) -> None:
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        cursor.execute(f"PRAGMA busy_timeout = {int(timeout * 1000)}")
        cursor.execute("PRAGMA journal_mode = WAL")
        # In WAL mode NORMAL never corrupts and keeps every commit across a killed
        # process; only a power cut may lose the last commits. It saves an fsync each.
        cursor.execute("PRAGMA synchronous = NORMAL")
        cursor.execute("PRAGMA foreign_keys = ON")
        cursor.close()

    @event.listens_for(engine, "begin")
    def _on_begin(connection: Any) -> None:
        immediate = connection.get_execution_options().get("immediate", False)
        connection.exec_driver_sql("BEGIN IMMEDIATE" if immediate else "BEGIN")


def _configure_postgresql(engine: Engine, timeout: float) -> None:
    """A lock another session holds is waited for up to `timeout`, as on SQLite, then
    the statement fails: PostgreSQL's default is to wait for ever."""

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection: Any, _record: Any) -> None:
        autocommit = dbapi_connection.autocommit
        dbapi_connection.autocommit = True
        dbapi_connection.execute(f"SET lock_timeout = {int(timeout * 1000)}")
        dbapi_connection.autocommit = autocommit


def _migrations_config() -> Config:
    from alembic.config import Config

    config = Config()
    location = resources.files("jishi.store") / "migrations"
    config.set_main_option("script_location", str(location))
    return config


@dataclass
class Store:
    """An open, migrated database and the sessions to read and write it."""

    engine: Engine
    label: str
    file: Path | None = None
    """The SQLite file, watched by every write: an open connection goes on writing into a
    file deleted under it, so jishi would report documents stored that nobody can read."""
    _identity: tuple[int, int] | None = field(default=None, init=False, repr=False)

    @property
    def dialect(self) -> str:
        return self.engine.dialect.name

    @contextmanager
    def read(self) -> Iterator[Session]:
        """A session for queries; database errors become StoreError."""
        with self._errors(), Session(self.engine) as session:
            yield session

    @contextmanager
    def write(self) -> Iterator[Session]:
        """One transaction: committed whole on success, rolled back whole on any error."""
        engine = self.engine.execution_options(immediate=True)
        self.check_file()
        with self._errors(), sessionmaker(engine).begin() as session:
            yield session
        self.check_file()

    def check_file(self) -> None:
        """StoreError if the SQLite file was deleted or replaced since it was opened."""
        if self.file is None:
            return
        try:
            status = os.stat(self.file)
            identity = (status.st_dev, status.st_ino)
        except OSError:
            identity = None
        if self._identity is None:
            self._identity = identity
        elif identity != self._identity:
            raise StoreError(
                f"database {self.label} was deleted or replaced while jishi was writing to it: "
                "what was stored since it was opened is lost with it; run the command again"
            )

    @contextmanager
    def _errors(self) -> Iterator[None]:
        try:
            yield
        except DBAPIError as error:
            raise StoreError(describe_error(self.label, error)) from error

    def close(self) -> None:
        self.engine.dispose()


def describe_error(label: str, error: DBAPIError) -> str:
    """A one-line message naming the database and what went wrong."""
    detail = str(error.orig).strip().splitlines()[0] if error.orig else str(error)
    if "locked" in detail or "busy" in detail or "lock timeout" in detail:
        return f"database {label} is locked by another process ({detail})"
    return f"database {label}: {detail}"


def open_store(url: str, create: bool = False, timeout: float = 30.0) -> Store:
    """Open (and migrate) the database at `url`.

    `create` allows a new SQLite file; query commands pass False so that a
    mistyped path is reported instead of silently giving an empty database.
    """
    parsed = parse_url(url)
    label = parsed.render_as_string(hide_password=True)
    sqlite_file = _sqlite_file(parsed) if parsed.get_backend_name() == "sqlite" else None
    if sqlite_file is not None:
        if not sqlite_file.exists() and not create:
            raise StoreError(f"database {label} does not exist (run `jishi ingest` first)")
        sqlite_file.parent.mkdir(parents=True, exist_ok=True)
    try:
        engine = _create_engine(parsed, timeout)
    except (ArgumentError, NoSuchModuleError) as error:
        raise DatabaseURLError(f"bad database URL {label}: {error}") from error
    store = Store(engine, label, sqlite_file)
    migrate(store)
    store.check_file()
    return store


def _create_engine(url: URL, timeout: float) -> Engine:
    if url.get_backend_name() == "sqlite":
        engine = create_engine(url, connect_args={"timeout": timeout})
        _configure_sqlite(engine, timeout)
        return engine
    engine = create_engine(url, connect_args={"connect_timeout": max(1, int(timeout))})
    _configure_postgresql(engine, timeout)
    return engine


def head_revision() -> str:
    """The newest migration's revision. The scripts in migrations/versions are one chain
    named NNNN_what.py after their revision (a test checks this against alembic), so
    the newest is the highest number: no need to import alembic to know it."""
    versions = resources.files("jishi.store") / "migrations" / "versions"
    return max(entry.name[:4] for entry in versions.iterdir() if entry.name[:4].isdigit())


def current_revision(store: Store) -> str | None:
    """The database's schema revision, None when it has none (new, or not jishi's)."""
    try:
        with store.engine.connect() as connection:
            return connection.scalar(text("SELECT version_num FROM alembic_version"))
    except DBAPIError:
        return None


def migrate(store: Store) -> None:
    """Bring the schema to the newest revision (a no-op when it is already there).

    A database already at the newest revision is only read: alembic, whose import
    costs more than a query, is loaded when there is something to migrate.
    """
    if current_revision(store) == head_revision():
        return
    from alembic import command

    config = _migrations_config()
    with store._errors(), store.engine.execution_options(immediate=True).begin() as connection:
        if store.dialect == "postgresql":
            # Two commands opening a new database at once must not both create the schema.
            connection.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": MIGRATION_LOCK})
        config.attributes["connection"] = connection
        command.upgrade(config, "head")
