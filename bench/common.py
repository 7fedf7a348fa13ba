"""What the stage speed scripts share: their command line and a wall-clock timer.

Pages are read and defaulted exactly as `jishi bench` reads them, so every
script measures the same inputs.
"""

from __future__ import annotations

import argparse
import time
from collections.abc import Callable
from pathlib import Path

from jishi.eval.bench import BenchError, default_files, read_inputs


def timed(work: Callable[[], object]) -> float:
    """Wall-clock seconds one call of ``work`` takes."""
    start = time.perf_counter()
    work()
    return time.perf_counter() - start


def page_texts(description: str) -> tuple[list[str], int]:
    """The texts of the pages named on the command line (default: the seed and sample
    pages) and how many times to repeat them."""
    parser = argparse.ArgumentParser(description=description)
    parser.add_argument("pages", nargs="*", type=Path, default=default_files())
    parser.add_argument("--repeat", type=int, default=20)
    args = parser.parse_args()
    try:
        return [text for _, text in read_inputs(args.pages)], args.repeat
    except BenchError as error:
        parser.error(str(error))
