"""Exports: JSON Lines, flat tables as CSV or Parquet, and the event table.

Layouts (docs/storage.md):
- jsonl: one document record per line, exactly as the pipeline produced it.
- csv / parquet: a folder with one file per table (documents.csv,
  articles.csv, ..., events.csv), because the data is relational and one
  wide table would repeat every article once per quote; the `events` file in
  that folder uses the event-data layout.
- events: one file, the event table (docs/event-table.md): one row per
  source–target dyad of each merged event; Parquet when the output ends in
  .parquet, JSON Lines when it ends in .jsonl, else CSV.

CSV is written quoted as DuckDB and R's readers expect: every text value in
double quotes (so a code such as CAMEO 040 stays text), numbers and true/false
bare, and null as an empty unquoted field.

Every export is written to a temporary path beside the target (inside it for
a folder) and renamed into place at the end, so a failure never leaves a
half-written file. Nothing jishi did not write is ever replaced or deleted: an
existing output file, or a folder holding an earlier export, is replaced only
with `force`, and a folder holding anything else is refused. jsonl and events
(CSV) may go to a text stream (`--output -`).
"""

from __future__ import annotations

import json
import os
import shutil
import tempfile
from collections.abc import Callable, Iterator
from contextlib import contextmanager, suppress
from datetime import date
from functools import partial
from pathlib import Path
from typing import Any, TextIO

import pyarrow as pa
import pyarrow.parquet as pq
from sqlalchemy import Boolean, DateTime, Integer, Table, select
from sqlalchemy.orm import Session
from tqdm import tqdm

from jishi.lang.data import DataFiles
from jishi.store.event_table import SCHEMA as EVENT_SCHEMA
from jishi.store.event_table import event_rows
from jishi.store.queries import event_query
from jishi.store.schema import Base, DocumentRow

FORMATS = ("jsonl", "csv", "parquet", "events")
BATCH = 1000
TABLES = [
    "documents",
    "articles",
    "paragraphs",
    "actors",
    "mentions",
    "times",
    "quotes",
    "event_mentions",
    "event_participants",
]
Rows = Iterator[list[dict[str, Any]]]
Output = Path | TextIO
STAGING_PREFIX = ".jishi-export-"


class ExportError(ValueError):
    """The export cannot be written; the message names the output."""


@contextmanager
def atomic_output(target: Path, force: bool = False) -> Iterator[Path]:
    """A temporary file beside `target` that replaces it only when the block succeeds.

    An existing file is replaced only with `force`: an export never overwrites
    what the user did not ask it to.
    """
    target = _checked_parent(target)
    if target.is_dir():
        raise ExportError(f"{target}: is a folder; this format writes one file")
    if target.exists() and not force:
        raise ExportError(f"{target}: already exists (pass --force to replace it)")
    handle, name = tempfile.mkstemp(prefix=f".{target.name}.", dir=target.parent)
    os.close(handle)
    temporary = Path(name)
    try:
        yield temporary
        _give_usual_permissions(temporary)
        os.replace(temporary, target)
    except BaseException:
        temporary.unlink(missing_ok=True)
        raise


@contextmanager
def atomic_folder(target: Path, known: set[str], force: bool = False) -> Iterator[Path]:
    """A staging folder inside `target` whose files replace the target's when the block succeeds.

    jishi never deletes what it did not write: a folder holding anything but the
    files of an earlier export (names in `known`, or a staging folder a killed
    export left) is refused, and an earlier export is replaced only with `force`.
    The target folder itself is never removed or renamed, so `--output .` is safe.
    """
    target = _checked_parent(target)
    present = _earlier_export(target, known)
    if present and not force:
        raise ExportError(f"{target}: holds an earlier export (pass --force to replace it)")
    created = not target.exists()
    target.mkdir(exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=STAGING_PREFIX, dir=target))
    try:
        yield staging
        moved = set()
        for path in staging.iterdir():
            _give_usual_permissions(path)
            os.replace(path, target / path.name)
            moved.add(path.name)
        staging.rmdir()
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        if created:
            with suppress(OSError):
                target.rmdir()
        raise
    _remove_leftovers(target, present - moved)


def _checked_parent(target: Path) -> Path:
    target = target.resolve()
    if not target.parent.is_dir():
        raise ExportError(f"{target.parent}: output folder does not exist")
    return target


def _earlier_export(target: Path, known: set[str]) -> set[str]:
    """The names in `target` (empty when it is absent), all of them jishi's own, or an error."""
    if not target.exists():
        return set()
    if not target.is_dir():
        raise ExportError(f"{target}: exists and is not a folder")
    present = {path.name for path in target.iterdir()}
    foreign = sorted(name for name in present - known if not name.startswith(STAGING_PREFIX))
    if foreign:
        shown = ", ".join(foreign[:3]) + (", …" if len(foreign) > 3 else "")
        raise ExportError(
            f"{target}: holds files jishi did not write ({shown}); "
            "name a new or empty folder, or one that holds only an earlier export"
        )
    return present


def _remove_leftovers(target: Path, names: set[str]) -> None:
    """Files of the earlier export this one did not rewrite, and killed exports' staging."""
    for name in names:
        path = target / name
        if path.is_dir():
            shutil.rmtree(path, ignore_errors=True)
        else:
            path.unlink(missing_ok=True)


def _give_usual_permissions(path: Path) -> None:
    """mkstemp/mkdtemp make private paths; an export gets what a new file would (umask)."""
    umask = os.umask(0)
    os.umask(umask)
    path.chmod((0o777 if path.is_dir() else 0o666) & ~umask)


# Text columns that always hold a whole day (ingest checks YYYY-MM-DD): exported as dates.
DAY_COLUMNS = {"documents.published"}


def _arrow_type(column: Any) -> pa.DataType:
    if f"{column.table.name}.{column.name}" in DAY_COLUMNS:
        return pa.date32()
    if isinstance(column.type, Integer):
        return pa.int64()
    if isinstance(column.type, Boolean):
        return pa.bool_()
    if isinstance(column.type, DateTime):
        return pa.timestamp("us")
    return pa.string()


def table_schema(table: Table) -> pa.Schema:
    """The Arrow schema of a database table, from its declared column types."""
    return pa.schema([(c.name, _arrow_type(c)) for c in table.columns if c.name != "record"])


def _table_rows(session: Session, table: Table) -> Rows:
    columns = [c for c in table.columns if c.name != "record"]
    days = [c.name for c in columns if f"{table.name}.{c.name}" in DAY_COLUMNS]
    result = session.execute(select(*columns).order_by(*table.primary_key.columns))
    for chunk in result.mappings().partitions(BATCH):
        rows = [dict(row) for row in chunk]
        for row, name in ((row, name) for row in rows for name in days):
            row[name] = date.fromisoformat(row[name]) if row[name] else None
        yield rows


def _event_rows(session: Session, data: DataFiles | None = None) -> Rows:
    return event_rows(session, session.scalars(event_query(session)), BATCH, data)


def csv_cell(value: Any) -> str:
    """One CSV field: text quoted (quotes doubled), numbers and booleans bare, null empty."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float):
        return repr(value)
    if isinstance(value, date):  # a datetime too
        value = value.isoformat()
    return '"' + str(value).replace('"', '""') + '"'


def write_csv(handle: TextIO, columns: list[str], rows: Rows) -> None:
    handle.write(",".join(csv_cell(name) for name in columns) + "\n")
    for chunk in rows:
        handle.writelines(",".join(csv_cell(row[name]) for name in columns) + "\n" for row in chunk)


def write_jsonl(handle: TextIO, columns: list[str], rows: Rows) -> None:
    """One JSON object per row, dates as YYYY-MM-DD strings."""
    for chunk in rows:
        for row in chunk:
            values = {name: _json_value(row[name]) for name in columns}
            handle.write(json.dumps(values, ensure_ascii=False) + "\n")


def _json_value(value: Any) -> Any:
    return value.isoformat() if isinstance(value, date) else value


def write_parquet(path: Path, schema: pa.Schema, rows: Rows) -> None:
    with pq.ParquetWriter(path, schema) as writer:
        for chunk in rows:
            writer.write_table(pa.Table.from_pylist(chunk, schema=schema))


def _write(path: Path, schema: pa.Schema, rows: Rows, parquet: bool) -> None:
    if parquet:
        write_parquet(path, schema, rows)
    else:
        with path.open("w", encoding="utf-8", newline="") as handle:
            write_csv(handle, schema.names, rows)


@contextmanager
def _text_output(output: Output, force: bool) -> Iterator[TextIO]:
    """The stream itself, or a file written beside `output` and renamed over it at the end."""
    if not isinstance(output, Path):
        yield output
        return
    with (
        atomic_output(output, force) as temporary,
        temporary.open("w", encoding="utf-8", newline="") as handle,
    ):
        yield handle


def export_jsonl(session: Session, output: Output, force: bool = False) -> int:
    """Every stored document record, one JSON object per line."""
    count = 0
    with _text_output(output, force) as handle:
        records = session.scalars(select(DocumentRow.record).order_by(DocumentRow.id))
        for record in tqdm(records, desc="documents", unit="doc", disable=None):
            handle.write(record + "\n")
            count += 1
    return count


def folder_names() -> set[str]:
    """Every file name a csv or parquet folder export writes."""
    return {f"{name}.{suffix}" for name in [*TABLES, "events"] for suffix in ("csv", "parquet")}


def table_jobs(
    session: Session, data: DataFiles | None = None
) -> list[tuple[str, pa.Schema, Callable[[], Rows]]]:
    """(name, Arrow schema, rows) of every exported table and the event table ("events");
    the rows are read when called, in chunks."""
    tables = Base.metadata.tables
    jobs: list[tuple[str, pa.Schema, Callable[[], Rows]]] = [
        (name, table_schema(tables[name]), partial(_table_rows, session, tables[name]))
        for name in TABLES
    ]
    jobs.append(("events", EVENT_SCHEMA, partial(_event_rows, session, data)))
    return jobs


def export_tables(
    session: Session, output: Path, suffix: str, force: bool = False, data: DataFiles | None = None
) -> int:
    """One file per table (and the event table) in the folder `output`."""
    jobs = table_jobs(session, data)
    with atomic_folder(output, folder_names(), force) as folder:
        for name, schema, rows in tqdm(jobs, desc="tables", unit="table", disable=None):
            _write(folder / f"{name}.{suffix}", schema, rows(), parquet=suffix == "parquet")
    return len(jobs)


def export_events(
    session: Session, output: Output, force: bool = False, data: DataFiles | None = None
) -> int:
    """The event table alone, one row per dyad of each merged event (CSV on a stream)."""
    count = 0

    def counted() -> Rows:
        nonlocal count
        for chunk in tqdm(_event_rows(session, data), desc="events", unit="batch", disable=None):
            count += len(chunk)
            yield chunk

    suffix = output.suffix.lower() if isinstance(output, Path) else ".csv"
    if isinstance(output, Path) and suffix == ".parquet":
        with atomic_output(output, force) as temporary:
            write_parquet(temporary, EVENT_SCHEMA, counted())
    else:
        write = write_jsonl if suffix == ".jsonl" else write_csv
        with _text_output(output, force) as handle:
            write(handle, EVENT_SCHEMA.names, counted())
    return count


def export(
    session: Session,
    export_format: str,
    output: Output,
    force: bool = False,
    data: DataFiles | None = None,
) -> int:
    """Write the export `export_format` to `output` (a path, or a text stream for jsonl and
    events); returns how many items were written. `force` replaces an earlier output;
    `data` (the user's data folder laid over the shipped one) gives the event table's codes."""
    if export_format == "jsonl":
        return export_jsonl(session, output, force)
    if export_format in ("csv", "parquet"):
        if not isinstance(output, Path):
            raise ExportError(f"--format {export_format} writes a folder, not standard output")
        return export_tables(session, output, export_format, force, data)
    if export_format == "events":
        return export_events(session, output, force, data)
    raise ExportError(f"unknown export format {export_format!r} (known: {', '.join(FORMATS)})")
