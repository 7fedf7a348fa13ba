"""`jishi process` (files to document records) and `jishi check-actors`."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

from jishi.cli.app import (
    USAGE,
    fail,
    iso_day,
    jobs_option,
    main,
    report,
    settings_or_exit,
    warn,
)
from jishi.settings import INPUT_FORMATS

if TYPE_CHECKING:
    from jishi.ingest import Source
    from jishi.model import Document
    from jishi.settings import Settings


@main.command("check-actors")
@click.argument("files", nargs=-1, required=True, type=click.Path(path_type=Path))
def check_actors_command(files: tuple[Path, ...]) -> None:
    """Validate your own actor files and show what they add, replace and share.

    Exit codes: 0 valid, 2 a file is unreadable or has a bad record (named in the message).
    """
    from jishi.lang.data import DataFileError, data_files
    from jishi.lang.zh.kb import check_user_files

    settings = settings_or_exit()
    try:
        checked = check_user_files(data_files(settings.data_dir), tuple(files))
    except DataFileError as error:
        fail(error, USAGE)
    for path, count in checked.records.items():
        click.echo(f"{path}: {count} records")
    for label, records in (("adds", checked.added), ("replaces", checked.replaced)):
        for record in records:
            click.echo(f"{label} {record.id}: {record.name} = {record.name_en}")
    for surface, ids in checked.shared.items():
        click.echo(f"shared name {surface}: {', '.join(ids)} (linked only when an article decides)")


# --- process: files to document records (src/jishi/ingest, stages/layout/, render.py) ---------


class _NoBar:
    """What the progress bar is where stderr is no terminal: nothing."""

    def __enter__(self) -> _NoBar:
        return self

    def __exit__(self, *_: object) -> None:
        return None

    def update(self, _count: int) -> None:
        return None


def _progress_bar(total: int) -> Any:
    """A bar counting the files on stderr when it is a terminal (tqdm's own test, its
    ``disable=None``); tqdm is imported only then, 0.03 s of a one-line run."""
    if hasattr(sys.stderr, "isatty") and not sys.stderr.isatty():
        return _NoBar()
    from tqdm import tqdm

    tqdm.monitor_interval = 0  # no monitor thread: the workers are forked from this one
    return tqdm(total=total, desc="process", unit="file", file=sys.stderr, disable=None)


def _stage_names() -> list[str]:
    from jishi.pipeline import STAGES

    return list(STAGES)


@main.command("process")
@click.argument("inputs", nargs=-1, required=True, metavar="FILE...")
@click.option(
    "--published", metavar="YYYY-MM-DD", callback=iso_day, help="Publication date of every input."
)
@click.option("--outlet", metavar="NAME", help="Outlet (newspaper, agency) of every input.")
@click.option(
    "--input-format",
    "input_format",
    type=click.Choice(list(INPUT_FORMATS)),
    help="Read every input as this, whatever its name; by default a file by its suffix "
    "and stdin by its first bytes (%PDF, HTML markup, else text).",
)
@click.option(
    "--format",
    "output_format",
    type=click.Choice(["json", "jsonl", "text"]),
    help="json: one pretty object for one input, a JSON array for several; jsonl: one "
    "compact object per line; text: a readable report. Default: json for one input, "
    "jsonl for several.",
)
@click.option(
    "--actors",
    "actors_files",
    multiple=True,
    type=click.Path(path_type=Path),
    help="Extra actor file merged over the shipped gazetteer (repeatable).",
)
@click.option(
    "--stop-after",
    "stop_after",
    type=click.Choice(_stage_names()),
    help="Run the pipeline up to and including this stage.",
)
@jobs_option
def process_command(
    inputs: tuple[str, ...],
    published: str | None,
    outlet: str | None,
    input_format: str | None,
    output_format: str | None,
    actors_files: tuple[Path, ...],
    stop_after: str | None,
    jobs: int,
) -> None:
    """Process files, folders (recursive), globs or '-' (stdin) into document records.

    Reads .txt/.md (UTF-8, GB18030/GBK, Big5), .html/.htm and .pdf. Date and
    outlet come from the options, else from FILE.meta.json beside the file.
    A bad input prints `Error: FILE: problem` on stderr and the others go on;
    a progress bar on stderr counts the files when stderr is a terminal.
    Exit codes: 0 all processed, 1 some input failed, 2 bad usage or settings.
    """
    from jishi.ingest import IngestError, Source, expand_inputs
    from jishi.lang.data import DataFileError
    from jishi.parallel import batches, imap
    from jishi.pipeline import warm

    settings = settings_or_exit(
        actors_files=list(actors_files),
        published=published,
        outlet=outlet,
        input_format=input_format,
    )
    if settings.actors_files:
        from jishi.lang.data import data_files
        from jishi.lang.zh.kb import actor_index

        try:  # bad user data stops before any output
            actor_index(data_files(settings.data_dir), tuple(settings.actors_files))
        except DataFileError as error:
            fail(error, USAGE)
    if stop_after:
        names = _stage_names()
        settings.stages = names[: names.index(stop_after) + 1]
    items = list(expand_inputs(list(inputs)))
    sources = [item for item in items if isinstance(item, Source)]
    failures: list[object] = [item for item in items if isinstance(item, IngestError)]
    for failure in failures:
        report(failure)
    output_format = output_format or ("json" if len(items) == 1 else "jsonl")
    stdin_bytes = sys.stdin.buffer.read() if any(s.is_stdin for s in sources) else None
    inputs_read = [(source, stdin_bytes if source.is_stdin else None) for source in sources]
    work = batches(inputs_read, _input_size, BATCH_BYTES, jobs)
    collected: list[object] = []
    results = imap(render_batch, (settings, output_format), work, jobs, lambda c: warm(c[0]))
    with _progress_bar(len(sources)) as bar:
        for batch in results:
            for kind, value in batch:
                if kind == "fatal":  # bad reference or user data: no input can go on
                    fail(value, USAGE)
                if kind == "warning":
                    warn(value)
                elif kind == "error":
                    report(value)
                    failures.append(value)
                elif output_format == "json":
                    collected.append(value)
                else:
                    click.echo(value, nl=False)
            bar.update(len(batch))
    if collected:
        payload = collected[0] if len(items) == 1 else collected
        click.echo(json.dumps(payload, ensure_ascii=False, indent=2))
    if failures:
        fail(f"{len(failures)} of {len(items)} inputs failed")


# Bytes of input per worker call: enough sentences for the tagger to batch across files.
BATCH_BYTES = 256_000

Input = tuple["Source", bytes | None]


def _input_size(item: Input) -> int:
    source, data = item
    try:
        return len(data) if data is not None else source.path.stat().st_size if source.path else 0
    except OSError:
        return 0  # reported when the worker reads it


# Why a document came out with no articles worth reading (Document.no_chinese).
NO_CHINESE = "no Chinese article found (English-only, or navigation without a story?)"


def _rendered(doc: Document, output_format: str) -> object:
    """One processed document as the output format prints it."""
    from jishi.render import render_document

    if output_format == "text":
        return render_document(doc)
    if output_format == "jsonl":
        return json.dumps(doc.model_dump(mode="json"), ensure_ascii=False) + "\n"
    return doc.model_dump(mode="json")


def render_batch(context: tuple[Settings, str], inputs: list[Input]) -> list[tuple[str, object]]:
    """Worker: read and process a few inputs together, each printed as the format asks
    ("out", text or record), or its problem ("error", or "fatal" for bad data files)."""
    from jishi.ingest import IngestError, read_document
    from jishi.lang.data import DataFileError
    from jishi.model import Document
    from jishi.pipeline import run_stages_batch

    settings, output_format = context
    read: list[Document | IngestError] = []
    for source, data in inputs:
        try:
            read.append(read_document(source, settings, data))
        except IngestError as error:
            read.append(error)
    processed = iter(run_stages_batch([d for d in read if isinstance(d, Document)], settings))
    results: list[tuple[str, object]] = []
    for (source, _), item in zip(inputs, read, strict=True):
        done = item if isinstance(item, IngestError) else next(processed)
        if isinstance(done, DataFileError):
            results.append(("fatal", str(done)))
        elif isinstance(done, IngestError):
            results.append(("error", str(done)))
        elif isinstance(done, Exception):  # a stage failing on one input: the others go on
            problem = f"processing failed ({type(done).__name__}: {done})"
            results.append(("error", f"{source.name}: {problem}"))
        else:
            if done.no_chinese:
                results.append(("warning", f"{source.name}: {NO_CHINESE}"))
            results.append(("out", _rendered(done, output_format)))
    return results
