"""The `jishi` command group and the one way a command says it failed.

Exit codes, the same for every command (README.md, docs/reliability.md):
0 success; 1 some input, the database or the disk failed (the rest is still
done and the failures summarized); 2 bad usage: a bad option, setting or
config key, a database URL that names nothing jishi can keep data in, an
output that would overwrite or delete what jishi did not write, an empty query.
Every problem is one line on stderr, `Error: ...`, with control characters
escaped so that a hostile file name cannot drive the terminal.
"""

from __future__ import annotations

import sys
from typing import TYPE_CHECKING, Any, NoReturn

import click

from jishi import __version__
from jishi.memory import skip_last_collection
from jishi.model import printable

if TYPE_CHECKING:
    from jishi.settings import Settings

FAILED = 1
USAGE = 2


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="jishi")
def main() -> None:
    """jishi (纪事): turn Chinese-language news into event data."""
    skip_last_collection()


jobs_option = click.option(
    "--jobs",
    "-j",
    type=click.IntRange(min=1),
    default=1,
    show_default=True,
    help="Worker processes (each loads the models once); the output is the same for any N.",
)


def report(problem: object) -> None:
    """Say on stderr what went wrong with one input, in the one error style; work goes on."""
    click.echo(f"Error: {printable(str(problem))}", err=True)


def warn(problem: object) -> None:
    """Say on stderr that an input was read but may not be what was meant; exit code 0."""
    click.echo(f"Warning: {printable(str(problem))}", err=True)


def fail(problem: object, code: int = FAILED) -> NoReturn:
    """Say what went wrong and exit: FAILED (1) when input, the database or the disk failed,
    USAGE (2) for bad usage (see the module docstring)."""
    report(problem)
    sys.exit(code)


def settings_or_exit(**options: Any) -> Settings:
    """Settings from the config file and these options, or exit 2 naming the bad one.

    The backend name is checked here too, so that a typo stops the command before
    any work instead of failing inside the first document.
    """
    from jishi.config import ConfigError, config_path, load_settings
    from jishi.lang.zh.tagger import BackendError, backend_class

    try:
        settings = load_settings(**options)
    except ConfigError as error:
        fail(error, USAGE)
    try:
        backend_class(settings.backend)
    except BackendError as error:
        origin = "--backend" if options.get("backend") else f"{config_path()}: backend"
        fail(f"{origin}: {error}", USAGE)
    return settings


def iso_day(_context: click.Context, parameter: click.Parameter, value: str | None) -> str | None:
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


def print_table(title: str, columns: list[str], rows: list[list[str]]) -> None:
    from rich.console import Console
    from rich.table import Table

    table = Table(title=title, show_lines=False)
    for column in columns:
        table.add_column(column, overflow="fold")
    for row in rows:
        table.add_row(*row)
    Console(width=None if sys.stdout.isatty() else 160).print(table)
