"""The batch mode's data set: a corpus processed in partitions into Parquet, then loaded.

Why partitions through a database: each partition is ingested exactly as `jishi
ingest` would (the same reading, skipping and storing code) into a temporary SQLite
file, whose tables are then written as Parquet, so the data set holds what the store
holds, and a partition can run on any machine of a cluster. The layout is Hive-style,
one folder per table and one file per partition::

    DIR/documents/partition=00000/part.parquet   ... articles, paragraphs, actors,
    DIR/events/partition=00000/part.parquet          mentions, times, quotes, ...
    DIR/records/partition=00000/part.parquet     the document records, for `jishi load`

so that ``pandas.read_parquet("DIR/articles")`` or ``dask.dataframe.read_parquet``
reads a whole table, with a ``partition`` column; ids are those of the partition's
database (join on partition and id). Events are merged across the documents of one
partition; loading the records (`jishi load`) stores them one by one in input order
and merges across the whole corpus, as `jishi ingest` does.
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq
from sqlalchemy import select

from jishi.lang.data import data_files
from jishi.model import Document
from jishi.settings import Settings
from jishi.store.database import Store, open_store
from jishi.store.export import Rows, table_jobs, write_parquet
from jishi.store.ingest import IngestReport, Outcome, ingest_files, store_processed
from jishi.store.schema import DocumentRow

RECORDS = "records"
RECORD_SCHEMA = pa.schema(
    [("id", pa.int64()), ("path", pa.string()), ("record", pa.string()), ("text", pa.string())]
)
PART_FILE = "part.parquet"


class BatchError(ValueError):
    """The data set folder cannot be written or read; the message names it."""


@dataclass(frozen=True)
class BatchJob:
    """What every partition task gets: the settings and the data set folder (a path all
    workers see, such as a shared file system on a cluster)."""

    settings: Settings
    out: str


@dataclass
class PartitionReport:
    """What one partition did, file by file (outcome names, as `jishi ingest` reports)."""

    number: int
    files: int
    counts: dict[str, int] = field(default_factory=dict)
    failed: list[tuple[str, str]] = field(default_factory=list)


def partitions(paths: Sequence[str], size: int) -> list[tuple[int, list[str]]]:
    """Consecutive runs of ``size`` files, numbered in input order."""
    runs = [list(paths[start : start + size]) for start in range(0, len(paths), size)]
    return list(enumerate(runs))


def write_partition(job: BatchJob, partition: tuple[int, list[str]]) -> PartitionReport:
    """Task: ingest one partition into a temporary database and write its tables.

    Each file is written under a temporary name and renamed, so a partition that is run
    again (a worker lost, the command restarted) replaces its files whole.
    """
    number, paths = partition
    with tempfile.TemporaryDirectory(prefix="jishi-partition-") as scratch:
        url = f"sqlite:///{Path(scratch) / 'partition.sqlite'}"
        store = open_store(url, create=True)
        try:
            done = ingest_files(store, url, paths, job.settings)
            _write_tables(store, Path(job.out), number, job.settings)
        finally:
            store.close()
    counts = {outcome.value: done.counts[outcome] for outcome in Outcome}
    return PartitionReport(number, len(paths), counts, done.failed)


def _write_tables(store: Store, out: Path, number: int, settings: Settings) -> None:
    with store.read() as session:
        jobs = table_jobs(session, data_files(settings.data_dir))
        records = (RECORDS, RECORD_SCHEMA, lambda: _record_rows(store))
        for name, schema, rows in [*jobs, records]:
            folder = out / name / f"partition={number:05d}"
            folder.mkdir(parents=True, exist_ok=True)
            temporary = folder / f".{PART_FILE}.tmp"
            write_parquet(temporary, schema, rows())
            os.replace(temporary, folder / PART_FILE)


def _record_rows(store: Store) -> Rows:
    columns = (DocumentRow.id, DocumentRow.path, DocumentRow.record, DocumentRow.text)
    with store.read() as session:
        result = session.execute(select(*columns).order_by(DocumentRow.id))
        for chunk in result.mappings().partitions(1000):
            yield [dict(row) for row in chunk]


def read_records(folder: Path) -> Iterator[Document]:
    """The document records of a data set, in input order (partition, then id)."""
    location = folder / RECORDS
    parts = sorted(location.glob(f"partition=*/{PART_FILE}"))
    if not parts:
        raise BatchError(f"{folder}: not a jishi batch data set (no {RECORDS}/partition=*/)")
    for part in parts:
        for row in pq.read_table(part).sort_by("id").to_pylist():
            doc = Document.model_validate_json(row["record"])
            doc.text = row["text"] or ""
            yield doc


def load_records(store: Store, docs: Iterator[Document]) -> IngestReport:
    """Store processed documents one by one, as `jishi ingest` stores them (content
    already in the database is kept once, events merge across documents)."""
    report = IngestReport()
    for doc in docs:
        report.counts[store_processed(store, doc)] += 1
    return report
