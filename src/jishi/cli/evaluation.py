"""`jishi eval`, `eval-ner`, `eval-cec` and `bench`: scores and speed."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import TYPE_CHECKING

import click

from jishi.cli.app import FAILED, USAGE, fail, main, print_table, report, settings_or_exit

if TYPE_CHECKING:
    pass


@main.command("eval")
@click.argument("path", type=click.Path(path_type=Path))
@click.option("--json", "as_json", is_flag=True, help="Print machine-readable scores.")
@click.option(
    "--stages",
    metavar="NAMES",
    help="Comma-separated stages to run, e.g. layout,text (default: all).",
)
@click.option(
    "--events-confusion",
    is_flag=True,
    help="Also print gold event type against system event type (missed, false, duplicate).",
)
def eval_command(path: Path, as_json: bool, stages: str | None, events_confusion: bool) -> None:
    """Score the pipeline against gold files (a gold folder or one gold file).

    Exit codes: 0 scored, 1 a stage failed on some document (scored on what
    the earlier stages wrote), 2 bad usage (missing path, bad gold file or
    document, unknown or unavailable stage).
    """
    from rich.console import Console
    from rich.progress import track

    from jishi.eval.scores import (
        EvaluationError,
        confusion_table,
        evaluate_case,
        load_cases,
        report_json,
        scores_table,
        select_stages,
    )

    try:
        settings = settings_or_exit(stages=select_stages(stages))
        cases = load_cases(path, settings)
        progress = Console(stderr=True)
        results = [
            evaluate_case(case, settings)
            for case in track(cases, "Scoring", console=progress, transient=True)
        ]
    except EvaluationError as error:
        fail(error, USAGE)
    if as_json:
        click.echo(json.dumps(report_json(results, settings), ensure_ascii=False, indent=1))
    else:
        console = Console(width=None if sys.stdout.isatty() else 160)
        console.print(scores_table(results))
        if events_confusion:
            console.print(confusion_table(results))
    failed = [result for result in results if result.error]
    for result in failed:
        report(f"{result.case.document_path}: {result.error}")
    sys.exit(FAILED if failed else 0)


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
        settings = settings_or_exit(stages=select_stages(stages))
        result = run_bench(list(files) or default_files(), repeat, settings)
    except (BenchError, EvaluationError) as error:
        fail(error, USAGE)
    except StageFailure as error:
        fail(error)
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

    from jishi.eval.cec import CecError, Report, evaluate_cec, report_paths
    from jishi.model import Document
    from jishi.pipeline import process

    settings = settings_or_exit()
    try:
        paths = report_paths(folder)[:limit]
    except CecError as error:
        fail(error, USAGE)
    failures: list[CecError] = []

    def run(report: Report) -> Document:
        return process(report.text, published=report.published, settings=settings)

    progress = tqdm(paths, desc="CEC reports", unit="report", disable=as_json, file=sys.stderr)
    score = evaluate_cec(progress, run, failures.append)
    for failure in failures:
        report(failure)
    summary = score.as_json()
    if as_json:
        click.echo(json.dumps(summary, ensure_ascii=False, indent=1))
    else:
        rows = [[key, json.dumps(value, ensure_ascii=False)] for key, value in summary.items()]
        print_table("CEC events with a PLOVER counterpart", ["measure", "value"], rows)
    sys.exit(FAILED if failures else 0)


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

    Scored twice: in the corpus's convention (P/R/F1; a title standing for its holder
    and a state inside its own institution are not counted, as the corpora annotate)
    and as the record keeps the mentions ("record" columns, and the "record" key of
    --json), so that a change helping one and hurting the other is seen.

    Exit codes: 0 scored, 2 bad usage (unknown format, unreadable file, unknown
    or uninstalled backend).
    """
    from jishi.eval.ner import NerDataError, evaluate
    from jishi.lang.zh.tagger import BackendError

    try:
        conventions = evaluate(path, backend, layers, limit)
    except (NerDataError, BackendError) as error:
        fail(error, USAGE)
    corpus, record = conventions["corpus"].as_dict(), conventions["record"].as_dict()
    if as_json:
        click.echo(json.dumps({**corpus, "record": record}, indent=1))
        return
    rows = [
        [kind]
        + [f"{scores[kind][key]:.3f}" for scores in (corpus, record) for key in ("p", "r", "f1")]
        + [str(row["gold"])]
        for kind, row in corpus.items()
    ]
    title = f"{path.name}: {backend} {'+ layers' if layers else 'alone'}"
    header = ["type", "P", "R", "F1", "record P", "record R", "record F1", "gold"]
    print_table(title, header, rows)
