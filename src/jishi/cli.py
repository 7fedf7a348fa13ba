"""The `jishi` command line.

Each command is a thin shell over a library function: parse options, call,
print. Exit codes: 0 success, 1 some input failed, 2 bad usage.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

import click

from jishi import __version__


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="jishi")
def main() -> None:
    """jishi (纪事): turn Chinese-language news into event data."""


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

    Exit codes: 0 scored, 1 the pipeline failed on some document (scored as
    empty), 2 bad usage (missing path, bad gold file or document, unknown or
    unavailable stage).
    """
    from rich.console import Console

    from jishi.config import ConfigError, load_settings
    from jishi.evaluate import (
        EvaluationError,
        evaluate_path,
        report_json,
        scores_table,
        select_stages,
    )

    try:
        settings = load_settings(stages=select_stages(stages))
        results = evaluate_path(path, settings)
    except (EvaluationError, ConfigError) as error:
        click.echo(f"Error: {error}", err=True)
        sys.exit(2)
    if as_json:
        click.echo(json.dumps(report_json(results, settings), ensure_ascii=False, indent=1))
    else:
        Console(width=None if sys.stdout.isatty() else 160).print(scores_table(results))
    failed = [result for result in results if result.error]
    for result in failed:
        click.echo(f"Error: {result.case.document_path}: {result.error}", err=True)
    sys.exit(1 if failed else 0)
