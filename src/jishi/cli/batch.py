"""`jishi batch` (a corpus to a partitioned Parquet data set on a Dask cluster) and
`jishi load` (that data set into the database)."""

from __future__ import annotations

import itertools
import logging
import shutil
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING

import click

from jishi.cli.app import FAILED, USAGE, fail, iso_day, main, report, settings_or_exit
from jishi.cli.store import db_option, open_store_or_exit
from jishi.model import printable

if TYPE_CHECKING:
    from distributed import Client


@contextmanager
def dask_client(scheduler: str | None, workers: int) -> Iterator[Client]:
    """A client of the scheduler at ``scheduler``, else of a local cluster of ``workers``
    processes with one thread each (the stages hold the GIL; each process loads the
    models once and keeps them for every partition it gets)."""
    from distributed import Client, LocalCluster

    if scheduler:
        with Client(scheduler, timeout="30s") as client:
            yield client
        return
    with (
        LocalCluster(
            n_workers=workers,
            threads_per_worker=1,
            processes=True,
            dashboard_address=":0",  # any free port: never one another cluster holds
            silence_logs=logging.ERROR,
        ) as cluster,
        Client(cluster) as client,
    ):
        yield client


def _prepare_output(out: Path, force: bool) -> None:
    """An empty or absent folder; an earlier data set only with --force; nothing else."""
    from jishi.store.parquet import RECORDS

    if not out.exists():
        return
    if not out.is_dir():
        fail(f"--out {out}: is a file, not a folder", USAGE)
    entries = list(out.iterdir())
    if not entries:
        return
    if not (out / RECORDS).is_dir():
        fail(f"--out {out}: folder holds other files than a jishi batch data set", USAGE)
    if not force:
        fail(f"--out {out}: holds an earlier data set; --force replaces it", USAGE)
    for entry in entries:
        if entry.is_dir() and any(entry.glob("partition=*")):
            shutil.rmtree(entry)


@main.command("batch")
@click.argument("inputs", nargs=-1, required=True, metavar="FILE...")
@click.option(
    "--out",
    required=True,
    type=click.Path(path_type=Path),
    help="Folder of the Parquet data set; on a cluster, a path every worker can write.",
)
@click.option(
    "--scheduler",
    metavar="ADDRESS",
    help="Dask scheduler to run on (tcp://host:8786); default: a local cluster.",
)
@click.option(
    "--workers",
    type=click.IntRange(min=1),
    default=2,
    show_default=True,
    help="Worker processes of the local cluster (ignored with --scheduler).",
)
@click.option(
    "--partition-files",
    type=click.IntRange(min=1),
    default=50,
    show_default=True,
    help="Files per partition: one task, one Parquet file per table.",
)
@click.option(
    "--published", metavar="YYYY-MM-DD", callback=iso_day, help="Publication date of every input."
)
@click.option("--outlet", metavar="NAME", help="Outlet (newspaper, agency) of every input.")
@click.option("--force", is_flag=True, help="Replace an earlier data set in --out.")
def batch_command(
    inputs: tuple[str, ...],
    out: Path,
    scheduler: str | None,
    workers: int,
    partition_files: int,
    published: str | None,
    outlet: str | None,
    force: bool,
) -> None:
    """Process files, folders or globs on a Dask cluster into a partitioned Parquet data
    set: documents, articles, paragraphs, actors, mentions, times, quotes, event reports
    and the event table, one folder per table, one file per partition.

    Each partition is processed and stored as `jishi ingest` does it; `jishi load OUT
    --db URL` then stores the whole corpus in SQLite or PostgreSQL. Input files and
    --out must be visible at the same paths on every worker (README: "Storage and scaling out").
    Exit codes: 0 all processed, 1 some input or a worker failed, 2 bad usage.
    """
    from tqdm import tqdm

    from jishi.ingest import IngestError, expand_paths
    from jishi.store.parquet import BatchJob, partitions, write_partition

    settings = settings_or_exit(published=published, outlet=outlet)
    try:
        files = [str(path.resolve()) for path in expand_paths(list(inputs))]
    except IngestError as error:
        fail(error)
    _prepare_output(out, force)
    out.mkdir(parents=True, exist_ok=True)
    job = BatchJob(settings, str(out.resolve()))
    work = partitions(files, partition_files)
    counts: dict[str, int] = {}
    failed: list[tuple[str, str]] = []
    try:
        with dask_client(scheduler, workers) as client:
            from distributed import as_completed

            futures = [client.submit(write_partition, job, part, pure=False) for part in work]
            with tqdm(total=len(files), desc="batch", unit="file", disable=None) as progress:
                for future in as_completed(futures):
                    try:
                        done = future.result()
                    except Exception as error:  # a worker lost, --out unwritable, a bad disk
                        fail(f"a partition failed ({type(error).__name__}: {error})")
                    for outcome, count in done.counts.items():
                        counts[outcome] = counts.get(outcome, 0) + count
                    failed += done.failed
                    progress.update(done.files)
    except OSError as error:  # the scheduler cannot be reached
        fail(f"batch failed: {error}")
    for path, message in sorted(failed):
        report(f"{path}: {message}")
    summary = ", ".join(f"{count} {outcome}" for outcome, count in counts.items())
    click.echo(
        printable(f"{len(work)} partitions: {summary}, {len(failed)} failed ({out})"), err=True
    )
    sys.exit(FAILED if failed else 0)


@main.command("load")
@click.argument("folder", type=click.Path(path_type=Path))
@db_option
def load_command(folder: Path, db_url: str | None) -> None:
    """Store a data set written by `jishi batch` in the database, document by document in
    input order, as `jishi ingest` would (content already stored is kept once, events
    merge across the corpus). Exit codes: 0 stored, 1 the database failed, 2 bad usage
    (FOLDER is not a batch data set)."""
    from tqdm import tqdm

    from jishi.store import StoreError
    from jishi.store.ingest import Outcome
    from jishi.store.parquet import BatchError, load_records, read_records

    try:
        docs = read_records(folder)
        first = next(docs, None)
    except BatchError as error:
        fail(error, USAGE)
    store = open_store_or_exit(db_url, create=True)
    try:
        everything = itertools.chain([first] if first else [], docs)
        done = load_records(store, tqdm(everything, desc="load", unit="doc", disable=None))
    except StoreError as error:
        fail(error)
    finally:
        store.close()
    summary = ", ".join(f"{done.counts[o]} {o.value}" for o in Outcome)
    click.echo(printable(f"{summary} ({store.label})"), err=True)
