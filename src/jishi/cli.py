"""The `jishi` command line.

Each command is a thin shell over a library function: parse options, call,
print. Exit codes: 0 success, 1 some input failed, 2 bad usage.
"""

from __future__ import annotations

import click

from jishi import __version__


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="jishi")
def main() -> None:
    """jishi (纪事): turn Chinese-language news into event data."""
