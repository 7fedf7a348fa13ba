"""The `jishi` command line.

Each command is a thin shell over a library function: parse options, call,
print. Exit codes: 0 success, 1 some input failed, 2 bad usage.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, NoReturn

import click

from jishi import __version__

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

    from jishi.store import Store


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="jishi")
def main() -> None:
    """jishi (纪事): turn Chinese-language news into event data."""


def _fail(problem: object, code: int = 1) -> NoReturn:
    """Say what went wrong on stderr and exit: 1 when input or the database failed,
    2 for bad usage (see the module docstring)."""
    click.echo(f"Error: {problem}", err=True)
    sys.exit(code)


@main.command("eval")
@click.argument("path", type=click.Path(path_type=Path))
@click.option("--json", "as_json", is_flag=True, help="Print machine-readable scores.")
@click.option(
    "--stages",
    metavar="NAMES",
    help="Comma-separated stages to run, e.g. layout,text (default: all).",
)
def eval_command(path: Path, as_json: bool, stages: str | None) -> None:
    """Score the pipeline against gold files (a gold folder or one gold file).

    Exit codes: 0 scored, 1 a stage failed on some document (scored on what
    the earlier stages wrote), 2 bad usage (missing path, bad gold file or
    document, unknown or unavailable stage).
    """
    from rich.console import Console
    from rich.progress import track

    from jishi.config import ConfigError, load_settings
    from jishi.eval.scores import (
        EvaluationError,
        evaluate_case,
        load_cases,
        report_json,
        scores_table,
        select_stages,
    )

    try:
        settings = load_settings(stages=select_stages(stages))
        cases = load_cases(path, settings)
        progress = Console(stderr=True)
        results = [
            evaluate_case(case, settings)
            for case in track(cases, "Scoring", console=progress, transient=True)
        ]
    except (EvaluationError, ConfigError) as error:
        _fail(error, 2)
    if as_json:
        click.echo(json.dumps(report_json(results, settings), ensure_ascii=False, indent=1))
    else:
        Console(width=None if sys.stdout.isatty() else 160).print(scores_table(results))
    failed = [result for result in results if result.error]
    for result in failed:
        click.echo(f"Error: {result.case.document_path}: {result.error}", err=True)
    sys.exit(1 if failed else 0)


@main.command("bench")
@click.option(
    "--files",
    multiple=True,
    type=click.Path(path_type=Path),
    help="Pages to replicate (repeatable; default: the seed page and samples/page.txt).",
)
@click.option(
    "--repeat",
    type=click.IntRange(min=1),
    default=20,
    show_default=True,
    help="Copies of each page in the timed corpus, each processed as its own document "
    "(20 copies of the seed page are about 76,000 characters).",
)
@click.option(
    "--stages",
    metavar="NAMES",
    help="Comma-separated stages to time, e.g. layout,text (default: all).",
)
@click.option("--json", "as_json", is_flag=True, help="Print machine-readable numbers.")
def bench_command(files: tuple[Path, ...], repeat: int, stages: str | None, as_json: bool) -> None:
    """Per-stage throughput, loading time and memory, against a jieba baseline.

    Exit codes: 0 measured, 1 a stage failed on a page, 2 bad usage (no or
    unreadable input, unknown or unavailable stage).
    """
    from rich.console import Console

    from jishi.config import ConfigError, load_settings
    from jishi.eval.bench import (
        BenchError,
        StageFailure,
        bench_json,
        bench_table,
        default_files,
        run_bench,
    )
    from jishi.eval.scores import EvaluationError, select_stages

    try:
        settings = load_settings(stages=select_stages(stages))
        result = run_bench(list(files) or default_files(), repeat, settings)
    except (BenchError, EvaluationError, ConfigError) as error:
        _fail(error, 2)
    except StageFailure as error:
        _fail(error)
    if as_json:
        click.echo(json.dumps(bench_json(result), indent=1))
    else:
        Console(width=None if sys.stdout.isatty() else 160).print(bench_table(result))


@main.command("eval-cec")
@click.argument("folder", type=click.Path(path_type=Path))
@click.option("--json", "as_json", is_flag=True, help="Print machine-readable counts.")
@click.option("--limit", type=click.IntRange(min=1), help="Only the first N reports.")
def eval_cec_command(folder: Path, as_json: bool, limit: int | None) -> None:
    """How many violent or destructive CEC events get a PLOVER counterpart.

    FOLDER holds Chinese Emergency Corpus XML reports (searched recursively).
    Information about coverage, not a score to reach: see docs/events.md.
    Exit codes: 0 counted, 1 some report could not be read (the rest are
    counted), 2 bad usage (no folder or no XML in it).
    """
    from tqdm import tqdm

    from jishi.config import ConfigError, load_settings
    from jishi.eval.cec import CecError, Report, evaluate_cec, report_paths
    from jishi.model import Document
    from jishi.pipeline import process

    try:
        settings = load_settings()
        paths = report_paths(folder)[:limit]
    except (CecError, ConfigError) as error:
        _fail(error, 2)
    failures: list[CecError] = []

    def run(report: Report) -> Document:
        return process(report.text, published=report.published, settings=settings)

    progress = tqdm(paths, desc="CEC reports", unit="report", disable=as_json, file=sys.stderr)
    score = evaluate_cec(progress, run, failures.append)
    for failure in failures:
        click.echo(f"Error: {failure}", err=True)
    summary = score.as_json()
    if as_json:
        click.echo(json.dumps(summary, ensure_ascii=False, indent=1))
    else:
        rows = [[key, json.dumps(value, ensure_ascii=False)] for key, value in summary.items()]
        _print_table("CEC events with a PLOVER counterpart", ["measure", "value"], rows)
    sys.exit(1 if failures else 0)


@main.command("eval-ner")
@click.argument("path", type=click.Path(path_type=Path))
@click.option("--backend", default="default", show_default=True, help="Statistical backend.")
@click.option(
    "--layers/--no-layers",
    default=True,
    show_default=True,
    help="Score the whole mentions stage, or the backend alone.",
)
@click.option("--limit", type=click.IntRange(min=1), help="Only the first N sentences.")
@click.option("--json", "as_json", is_flag=True, help="Print machine-readable scores.")
def eval_ner_command(
    path: Path, backend: str, layers: bool, limit: int | None, as_json: bool
) -> None:
    """Entity-level P/R/F1 (PER/LOC/ORG) on a NER dev file: .bio (People's Daily) or
    .jsonl (CLUENER; name/address/organization/government/company).

    Exit codes: 0 scored, 2 bad usage (unknown format, unreadable file, unknown
    or uninstalled backend).
    """
    from jishi.eval.ner import NerDataError, evaluate
    from jishi.lang.zh.tagger import BackendError

    try:
        scores = evaluate(path, backend, layers, limit).as_dict()
    except (NerDataError, BackendError) as error:
        _fail(error, 2)
    if as_json:
        click.echo(json.dumps(scores, indent=1))
        return
    rows = [
        [kind, f"{row['p']:.3f}", f"{row['r']:.3f}", f"{row['f1']:.3f}", str(row["gold"])]
        for kind, row in scores.items()
    ]
    title = f"{path.name}: {backend} {'+ layers' if layers else 'alone'}"
    _print_table(title, ["type", "P", "R", "F1", "gold"], rows)


# --- store: ingest, queries and exports (src/jishi/store) ---------------------------------

db_option = click.option(
    "--db",
    "db_url",
    metavar="URL",
    help="Database URL (sqlite:///FILE, postgresql://...) or a SQLite file path "
    "(default: $JISHI_DB, the config's `db`, else a file in the user data folder).",
)


def _open_store(db_url: str | None, create: bool = False) -> Store:
    """Open the database or exit 1 with a message that names it."""
    from jishi.config import ConfigError, default_database_url
    from jishi.store import StoreError, open_store

    try:
        return open_store(db_url or default_database_url(), create=create)
    except (StoreError, ConfigError) as error:
        _fail(error)


@contextmanager
def _reading(db_url: str | None) -> Iterator[Session]:
    """A read session on the database; database errors exit 1 with a message."""
    from jishi.store import StoreError

    store = _open_store(db_url)
    try:
        with store.read() as session:
            yield session
    except StoreError as error:
        _fail(error)
    finally:
        store.close()


def _iso_day(_context: click.Context, parameter: click.Parameter, value: str | None) -> str | None:
    """Reject an option value that is not a real YYYY-MM-DD day (exit 2, bad usage)."""
    from datetime import date

    if value is None:
        return None
    try:
        if len(value) == len("YYYY-MM-DD"):
            return date.fromisoformat(value).isoformat()
    except ValueError:
        pass
    raise click.BadParameter(f"{value!r} is not a YYYY-MM-DD date", param=parameter)


def _print_table(title: str, columns: list[str], rows: list[list[str]]) -> None:
    from rich.console import Console
    from rich.table import Table

    table = Table(title=title, show_lines=False)
    for column in columns:
        table.add_column(column, overflow="fold")
    for row in rows:
        table.add_row(*row)
    Console(width=None if sys.stdout.isatty() else 160).print(table)


@main.command("ingest")
@click.argument("paths", nargs=-1, required=True)
@db_option
@click.option(
    "--published", metavar="YYYY-MM-DD", callback=_iso_day, help="Publication date of every input."
)
@click.option("--outlet", metavar="NAME", help="Outlet (newspaper, agency) of every input.")
def ingest_command(
    paths: tuple[str, ...], db_url: str | None, published: str | None, outlet: str | None
) -> None:
    """Process files, folders or globs and store the results in the database.

    Content already stored is skipped; a file whose content changed replaces
    its old records. Exit codes: 0 all stored, 1 some input or the database
    failed, 2 bad usage.
    """
    from jishi.config import ConfigError, load_settings
    from jishi.ingest import IngestError, expand_paths, read_document
    from jishi.store import StoreError
    from jishi.store.ingest import Outcome, ingest_files

    try:
        settings = load_settings(published=published, outlet=outlet)
        files = [str(path.resolve()) for path in expand_paths(list(paths))]
    except (IngestError, ConfigError) as error:
        _fail(error)
    store = _open_store(db_url, create=True)
    try:
        report = ingest_files(
            store, files, lambda path: read_document(Path(path), settings), settings
        )
    except StoreError as error:
        _fail(error)
    finally:
        store.close()
    for path, message in report.failed:
        click.echo(f"Error: {path}: {message}", err=True)
    summary = ", ".join(f"{report.counts[o]} {o.value}" for o in Outcome)
    click.echo(f"{summary}, {len(report.failed)} failed ({store.label})", err=True)
    sys.exit(1 if report.failed else 0)


@main.command("search")
@click.argument("query")
@db_option
@click.option("--limit", default=50, show_default=True, help="Most articles to show.")
def search_command(query: str, db_url: str | None, limit: int) -> None:
    """Articles whose text contains QUERY (any length; Chinese needs no spaces).

    Several space-separated terms find the articles containing all of them.
    """
    from jishi.store.queries import search

    with _reading(db_url) as session:
        hits = search(session, query, limit)
        rows = [[str(h.article_id), h.headline, h.snippet, h.document] for h in hits]
    _print_table(f"{len(rows)} articles for {query!r}", ["id", "headline", "text", "source"], rows)


@main.command("events")
@db_option
@click.option("--actor", help="Only events with this participant (Chinese or English name).")
@click.option("--type", "event_type", metavar="PLOVER", help="Only this PLOVER type.")
@click.option(
    "--since", metavar="YYYY-MM-DD", callback=_iso_day, help="Only events on or after this date."
)
@click.option(
    "--until", metavar="YYYY-MM-DD", callback=_iso_day, help="Only events on or before this date."
)
def events_command(
    db_url: str | None,
    actor: str | None,
    event_type: str | None,
    since: str | None,
    until: str | None,
) -> None:
    """Events merged across documents, in date order."""
    from jishi.store.queries import event_query, event_records

    with _reading(db_url) as session:
        ids = list(session.scalars(event_query(session, actor, event_type, since, until)))
        records = event_records(session, ids)
    rows = [
        [
            str(r["event_id"]),
            r["date"] or "",
            "/".join(v for v in (r["plover_type"], r["plover_mode"]) if v),
            r["actor_name"],
            r["recipient_name"],
            str(r["num_mentions"]),
            r["sentences"].splitlines()[0] if r["sentences"] else "",
        ]
        for r in records
    ]
    columns = ["id", "date", "type", "actor", "recipient", "mentions", "sentence"]
    _print_table(f"{len(rows)} events", columns, rows)


@main.command("timeline")
@db_option
@click.option("--actor", required=True, help="Chinese or English name of the actor.")
def timeline_command(db_url: str | None, actor: str) -> None:
    """What one actor did and said, in date order."""
    from jishi.store.queries import find_actors, timeline

    with _reading(db_url) as session:
        if not find_actors(session, actor):
            _fail(f"no actor named {actor!r} in the database")
        entries = timeline(session, actor)
    rows = [[e.date or "", e.kind, e.summary] for e in entries]
    _print_table(f"Timeline of {actor}", ["date", "kind", "what"], rows)


@main.command("quotes")
@db_option
@click.option("--speaker", help="Only quotes of this actor (Chinese or English name).")
def quotes_command(db_url: str | None, speaker: str | None) -> None:
    """Direct and indirect quotes with their speakers, in date order."""
    from jishi.store.queries import quotes_by

    with _reading(db_url) as session:
        hits = quotes_by(session, speaker)
        rows = [[h.date or "", h.speaker, h.quote.kind, h.quote.text, h.headline] for h in hits]
    _print_table(f"{len(rows)} quotes", ["date", "speaker", "kind", "text", "article"], rows)


@main.command("actors")
@db_option
@click.option("--country", metavar="ISO", help="Only actors of this country (ISO alpha-3).")
def actors_command(db_url: str | None, country: str | None) -> None:
    """Canonical actors merged across documents, most mentioned first."""
    from jishi.store.queries import actors_with_counts

    with _reading(db_url) as session:
        rows = [
            [
                str(a.id),
                a.name,
                a.name_en or "",
                a.kind or a.type,
                a.country or "",
                a.qid or "",
                str(count),
            ]
            for a, count in actors_with_counts(session, country)
        ]
    columns = ["id", "name", "english", "kind", "country", "qid", "mentions"]
    _print_table(f"{len(rows)} actors", columns, rows)


@main.command("check-actors")
@click.argument("files", nargs=-1, required=True, type=click.Path(path_type=Path))
def check_actors_command(files: tuple[Path, ...]) -> None:
    """Validate your own actor files and show what they add, replace and share.

    Exit codes: 0 valid, 2 a file is unreadable or has a bad record (named in the message).
    """
    from jishi.lang.data import DataFileError
    from jishi.lang.zh.kb import check_user_files

    try:
        report = check_user_files(tuple(files))
    except DataFileError as error:
        click.echo(f"jishi: {error}", err=True)
        sys.exit(2)
    for path, count in report.records.items():
        click.echo(f"{path}: {count} records")
    for label, records in (("adds", report.added), ("replaces", report.replaced)):
        for record in records:
            click.echo(f"{label} {record.id}: {record.name} = {record.name_en}")
    for surface, ids in report.shared.items():
        click.echo(f"shared name {surface}: {', '.join(ids)} (linked only when an article decides)")


@main.command("accounts")
@click.argument("event_id", type=int)
@db_option
def accounts_command(event_id: int, db_url: str | None) -> None:
    """Each party's statements about one event (EVENT_ID from `jishi events`), side by side."""
    from jishi.store.link import accounts
    from jishi.store.queries import actor_label, event_records

    with _reading(db_url) as session:
        records = event_records(session, [event_id])
        if not records:
            _fail(f"no event {event_id} in the database")
        sides = accounts(session, event_id)
        columns = [side.side for side in sides]
        cells = [
            "\n\n".join(f"{actor_label(q.speaker)}: {q.text}" for q in side.quotes)
            for side in sides
        ]
    event = records[0]
    title = f"Event {event_id}: {event['plover_type']} {event['date'] or ''} " + (
        f"{event['actor_name']} → {event['recipient_name']}"
    )
    _print_table(title, columns or ["no statements"], [cells] if cells else [])


@main.command("export")
@db_option
@click.option(
    "--format",
    "export_format",
    type=click.Choice(["jsonl", "csv", "parquet", "events"]),
    required=True,
    help="jsonl: document records; csv/parquet: a folder with one file per table; "
    "events: the event table (Parquet if OUTPUT ends in .parquet, else CSV).",
)
@click.option("--output", required=True, type=click.Path(path_type=Path), help="Output path.")
def export_command(db_url: str | None, export_format: str, output: Path) -> None:
    """Export the database; written to a temporary file and renamed, never half-written."""
    from jishi.store.export import ExportError, export

    try:
        with _reading(db_url) as session:
            count = export(session, export_format, output)
    except (ExportError, OSError) as error:
        _fail(error)
    unit = {"jsonl": "documents", "events": "events"}.get(export_format, "tables")
    click.echo(f"wrote {count} {unit} to {output}", err=True)


# --- process: files to document records (src/jishi/ingest, stages/layout.py, render.py) ---------


def _stage_names() -> list[str]:
    from jishi.pipeline import STAGES

    return list(STAGES)


@main.command("process")
@click.argument("inputs", nargs=-1, required=True, metavar="FILE...")
@click.option(
    "--published", metavar="YYYY-MM-DD", callback=_iso_day, help="Publication date of every input."
)
@click.option("--outlet", metavar="NAME", help="Outlet (newspaper, agency) of every input.")
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
    "--until",
    type=click.Choice(_stage_names()),
    help="Run the pipeline up to and including this stage.",
)
def process_command(
    inputs: tuple[str, ...],
    published: str | None,
    outlet: str | None,
    output_format: str | None,
    actors_files: tuple[Path, ...],
    until: str | None,
) -> None:
    """Process files, folders (recursive), globs or '-' (stdin) into document records.

    Reads .txt/.md (UTF-8, GB18030/GBK, Big5), .html/.htm and .pdf. Date and
    outlet come from the options, else from FILE.meta.json beside the file.
    A bad input prints `jishi: FILE: problem` on stderr and the others go on.
    Exit codes: 0 all processed, 1 some input failed, 2 bad usage or settings.
    """
    from jishi.config import ConfigError, load_settings
    from jishi.ingest import IngestError, Source, expand_inputs, read_document
    from jishi.lang.data import DataFileError
    from jishi.model import Document
    from jishi.pipeline import run_stages
    from jishi.render import render_document

    try:
        settings = load_settings(
            actors_files=list(actors_files), published=published, outlet=outlet
        )
        if settings.actors_files:
            from jishi.stages.actors import actor_index

            actor_index(tuple(settings.actors_files))  # bad user data stops before any output
    except (ConfigError, DataFileError) as error:
        click.echo(f"jishi: {error}", err=True)
        sys.exit(2)
    if until:
        names = _stage_names()
        settings.stages = names[: names.index(until) + 1]
    items = list(expand_inputs(list(inputs)))
    sources = [item for item in items if isinstance(item, Source)]
    failures = [item for item in items if isinstance(item, IngestError)]
    for failure in failures:
        click.echo(f"jishi: {failure}", err=True)
    output_format = output_format or ("json" if len(items) == 1 else "jsonl")
    stdin_bytes = sys.stdin.buffer.read() if any(s.is_stdin for s in sources) else None
    collected: list[Document] = []
    for source in sources:
        try:
            doc = run_stages(read_document(source, settings, stdin_bytes), settings)
        except IngestError as error:
            click.echo(f"jishi: {error}", err=True)
            failures.append(error)
            continue
        except DataFileError as error:  # bad reference or user data: no input can go on
            click.echo(f"jishi: {error}", err=True)
            sys.exit(2)
        if output_format == "jsonl":
            click.echo(json.dumps(doc.model_dump(mode="json"), ensure_ascii=False))
        elif output_format == "text":
            click.echo(render_document(doc), nl=False)
        else:
            collected.append(doc)
    if collected:
        records = [doc.model_dump(mode="json") for doc in collected]
        payload = records[0] if len(items) == 1 else records
        click.echo(json.dumps(payload, ensure_ascii=False, indent=2))
    if failures:
        click.echo(f"jishi: {len(failures)} of {len(items)} inputs failed", err=True)
        sys.exit(1)
