"""The `jishi` command line: one module per group of commands, registered on one group.

Each command is a thin shell over a library function: parse options, call, print.
"""

from jishi.cli import batch, evaluation, process, queries, serve, store
from jishi.cli.app import main

__all__ = ["batch", "evaluation", "main", "process", "queries", "serve", "store"]
