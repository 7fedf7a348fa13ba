"""Exports: JSON Lines, flat tables as CSV or Parquet, and the event table.

Layouts (docs/storage.md):
- jsonl: one document record per line, exactly as the pipeline produced it.
- csv / parquet: a folder with one file per table (documents.csv,
  articles.csv, ..., events.csv), because the data is relational and one
  wide table would repeat every article once per quote; the `events` file in
  that folder uses the event-data layout.
- events: one file, one row per merged event in the event-data layout;
  Parquet when the output ends in .parquet, else CSV.

Every export is written to a temporary path beside the target and renamed
into place at the end, so a failure never leaves a half-written file.
"""

from __future__ import annotations

import csv
import os
import shutil
import tempfile
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from functools import partial
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.parquet as pq
from sqlalchemy import Boolean, DateTime, Integer, Table, select
from sqlalchemy.orm import Session
from tqdm import tqdm

from jishi.store.queries import EVENT_COLUMNS, event_query, event_records
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
NON_TEXT_EVENT_COLUMNS = {
    "event_id": pa.int64(),
    "num_mentions": pa.int64(),
    "num_sources": pa.int64(),
    "negated": pa.bool_(),
}
EVENT_SCHEMA = pa.schema(
    [(name, NON_TEXT_EVENT_COLUMNS.get(name, pa.string())) for name in EVENT_COLUMNS]
)
Rows = Iterator[list[dict[str, Any]]]


class ExportError(ValueError):
    """The export cannot be written; the message names the output."""


@contextmanager
def atomic_output(target: Path, folder: bool = False) -> Iterator[Path]:
    """A temporary path that replaces `target` only when the block succeeds."""
    target = target.resolve()
    if not target.parent.is_dir():
        raise ExportError(f"{target.parent}: output folder does not exist")
    if folder:
        temporary = Path(tempfile.mkdtemp(prefix=f".{target.name}.", dir=target.parent))
    else:
        handle, name = tempfile.mkstemp(prefix=f".{target.name}.", dir=target.parent)
        os.close(handle)
        temporary = Path(name)
    try:
        yield temporary
        _give_usual_permissions(temporary)
        _replace(temporary, target)
    except BaseException:
        if folder:
            shutil.rmtree(temporary, ignore_errors=True)
        else:
            temporary.unlink(missing_ok=True)
        raise


def _give_usual_permissions(path: Path) -> None:
    """mkstemp/mkdtemp make private paths; an export gets what a new file would (umask)."""
    umask = os.umask(0)
    os.umask(umask)
    path.chmod((0o777 if path.is_dir() else 0o666) & ~umask)


def _replace(temporary: Path, target: Path) -> None:
    """Move the finished output over the target (a folder is swapped, then the old one removed)."""
    if temporary.is_dir() and target.exists():
        if not target.is_dir():
            raise ExportError(f"{target}: exists and is not a folder")
        old = target.with_name(f".{target.name}.old")
        shutil.rmtree(old, ignore_errors=True)
        target.rename(old)
        temporary.rename(target)
        shutil.rmtree(old)
        return
    os.replace(temporary, target)


def _arrow_type(column: Any) -> pa.DataType:
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
    result = session.execute(select(*columns).order_by(*table.primary_key.columns))
    for chunk in result.mappings().partitions(BATCH):
        yield [dict(row) for row in chunk]


def _event_rows(session: Session) -> Rows:
    ids = list(session.scalars(event_query(session)))
    for start in range(0, len(ids), BATCH):
        yield event_records(session, ids[start : start + BATCH])


def write_csv(path: Path, columns: list[str], rows: Rows) -> None:
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=columns)
        writer.writeheader()
        for chunk in rows:
            writer.writerows(chunk)


def write_parquet(path: Path, schema: pa.Schema, rows: Rows) -> None:
    with pq.ParquetWriter(path, schema) as writer:
        for chunk in rows:
            writer.write_table(pa.Table.from_pylist(chunk, schema=schema))


def _write(path: Path, schema: pa.Schema, rows: Rows, parquet: bool) -> None:
    if parquet:
        write_parquet(path, schema, rows)
    else:
        write_csv(path, schema.names, rows)


def export_jsonl(session: Session, output: Path) -> int:
    """Every stored document record, one JSON object per line."""
    count = 0
    with atomic_output(output) as temporary, temporary.open("w", encoding="utf-8") as handle:
        records = session.scalars(select(DocumentRow.record).order_by(DocumentRow.id))
        for record in tqdm(records, desc="documents", unit="doc", disable=None):
            handle.write(record + "\n")
            count += 1
    return count


def export_tables(session: Session, output: Path, suffix: str) -> int:
    """One file per table (and the event table) in the folder `output`."""
    tables = Base.metadata.tables
    jobs: list[tuple[str, pa.Schema, Callable[[], Rows]]] = [
        (name, table_schema(tables[name]), partial(_table_rows, session, tables[name]))
        for name in TABLES
    ]
    jobs.append(("events", EVENT_SCHEMA, partial(_event_rows, session)))
    with atomic_output(output, folder=True) as folder:
        for name, schema, rows in tqdm(jobs, desc="tables", unit="table", disable=None):
            _write(folder / f"{name}.{suffix}", schema, rows(), parquet=suffix == "parquet")
    return len(jobs)


def export_events(session: Session, output: Path) -> int:
    """The event table alone, one row per merged event."""
    count = 0

    def counted() -> Rows:
        nonlocal count
        for chunk in tqdm(_event_rows(session), desc="events", unit="batch", disable=None):
            count += len(chunk)
            yield chunk

    with atomic_output(output) as temporary:
        _write(temporary, EVENT_SCHEMA, counted(), parquet=output.suffix == ".parquet")
    return count


def export(session: Session, export_format: str, output: Path) -> int:
    """Write the export `export_format` to `output`; returns how many items were written."""
    if export_format == "jsonl":
        return export_jsonl(session, output)
    if export_format in ("csv", "parquet"):
        return export_tables(session, output, export_format)
    if export_format == "events":
        return export_events(session, output)
    raise ExportError(f"unknown export format {export_format!r} (known: {', '.join(FORMATS)})")
