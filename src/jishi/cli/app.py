"""The `jishi` command group and the one way a command says it failed.

Exit codes, the same for every command: 0 success, 1 some input or the database
failed (the rest is still done and the failures summarized), 2 bad usage.
"""

from __future__ import annotations

import sys
from typing import TYPE_CHECKING, NoReturn

import click

from jishi import __version__

if TYPE_CHECKING:
    pass


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="jishi")
def main() -> None:
    """jishi (纪事): turn Chinese-language news into event data."""


def fail(problem: object, code: int = 1) -> NoReturn:
    """Say what went wrong on stderr and exit: 1 when input or the database failed,
    2 for bad usage (see the module docstring)."""
    click.echo(f"Error: {problem}", err=True)
    sys.exit(code)


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
