"""`jishi ingest` and `jishi export`, and opening the database for every store command."""

from __future__ import annotations

import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING

import click

from jishi.cli.app import (
    FAILED,
    USAGE,
    fail,
    iso_day,
    jobs_option,
    main,
    report,
    settings_or_exit,
)
from jishi.model import printable

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

    from jishi.store import Store


# --- store: ingest, queries and exports (src/jishi/store) ---------------------------------

db_option = click.option(
    "--db",
    "db_url",
    metavar="URL",
    help="Database URL (sqlite:///FILE, postgresql://...) or a SQLite file path "
    "(default: $JISHI_DB, the config's `db`, else a file in the user data folder).",
)


def store_url(db_url: str | None) -> str:
    """The database URL from the option, the environment or the config (exit 2 when bad)."""
    from jishi.config import ConfigError, database_url

    try:
        return database_url(db_url)
    except ConfigError as error:
        fail(error, USAGE)


def open_store_or_exit(db_url: str | None, create: bool = False) -> Store:
    """Open the database or exit with a message that names it: 2 when the option, setting
    or URL names nothing jishi can keep data in, 1 when the database itself fails."""
    from jishi.store import DatabaseURLError, StoreError, open_store

    try:
        return open_store(store_url(db_url), create=create)
    except DatabaseURLError as error:
        fail(error, USAGE)
    except StoreError as error:
        fail(error)


@contextmanager
def reading(db_url: str | None) -> Iterator[Session]:
    """A read session on the database; database errors exit 1 with a message."""
    from jishi.store import StoreError

    store = open_store_or_exit(db_url)
    try:
        with store.read() as session:
            yield session
    except StoreError as error:
        fail(error)
    finally:
        store.close()


@main.command("ingest")
@click.argument("paths", nargs=-1, required=True)
@db_option
@click.option(
    "--published", metavar="YYYY-MM-DD", callback=iso_day, help="Publication date of every input."
)
@click.option("--outlet", metavar="NAME", help="Outlet (newspaper, agency) of every input.")
@jobs_option
def ingest_command(
    paths: tuple[str, ...],
    db_url: str | None,
    published: str | None,
    outlet: str | None,
    jobs: int,
) -> None:
    """Process files, folders or globs and store the results in the database.

    Content already stored is skipped; a file whose content changed replaces
    its old records. With --jobs N, N worker processes read and process the
    files (and on PostgreSQL store them); the database ends up the same for
    any N. Exit codes: 0 all stored, 1 some input or the database failed,
    2 bad usage.
    """
    from jishi.ingest import IngestError, expand_paths
    from jishi.store import StoreError
    from jishi.store.ingest import Outcome, ingest_files

    settings = settings_or_exit(published=published, outlet=outlet)
    try:
        files = [str(path.resolve()) for path in expand_paths(list(paths))]
    except IngestError as error:
        fail(error)
    store = open_store_or_exit(db_url, create=True)
    try:
        done = ingest_files(store, store_url(db_url), files, settings, jobs)
    except StoreError as error:
        fail(error)
    finally:
        store.close()
    for path, message in done.failed:
        report(f"{path}: {message}")
    summary = ", ".join(f"{done.counts[o]} {o.value}" for o in Outcome)
    click.echo(printable(f"{summary}, {len(done.failed)} failed ({store.label})"), err=True)
    sys.exit(FAILED if done.failed else 0)


@main.command("export")
@db_option
@click.option(
    "--format",
    "export_format",
    type=click.Choice(["jsonl", "csv", "parquet", "events"]),
    required=True,
    help="jsonl: document records; csv/parquet: a folder with one file per table; "
    "events: the event table, one row per dyad (Parquet if OUTPUT ends in .parquet, "
    "JSON Lines if .jsonl, else CSV).",
)
@click.option(
    "--output",
    required=True,
    type=click.Path(path_type=Path, allow_dash=True),
    help="Output file or folder; '-' writes jsonl or events (CSV) to standard output.",
)
@click.option(
    "--force",
    is_flag=True,
    help="Replace an existing output file, or a folder holding an earlier export.",
)
def export_command(db_url: str | None, export_format: str, output: Path, force: bool) -> None:
    """Export the database; written to a temporary file and renamed, never half-written.

    An existing file is replaced only with --force; a folder holding anything
    but an earlier jishi export is refused, with or without it. Exit codes: 0
    written, 1 the database or the disk failed, 2 bad usage (the output is
    refused, or its folder does not exist).
    """
    from jishi.config import ConfigError, load_settings
    from jishi.lang.data import DataFileError, data_files
    from jishi.store.export import ExportError, export

    to_stdout = str(output) == "-"
    target = sys.stdout if to_stdout else output
    try:
        data = data_files(load_settings().data_dir)
        with reading(db_url) as session:
            count = export(session, export_format, target, force, data)
    except (ConfigError, DataFileError) as error:
        fail(error, 2)
    except ExportError as error:
        fail(error, USAGE)
    except OSError as error:
        fail(f"{output}: {error.strerror or error}")
    unit = {"jsonl": "documents", "events": "event rows"}.get(export_format, "tables")
    click.echo(f"wrote {count} {unit} to {'standard output' if to_stdout else output}", err=True)
