"""Layout throughput: MB of text per second on one core.

Times the layout stage over the seed page repeated to about 10 MB (one
document, so the out-of-place rules see a long text) and, in the same run, a
baseline of `str.splitlines` plus one regex pass over the same text, so the
ratio stays comparable across machines.

    .venv/bin/python bench/layout_speed.py [PAGE] [--mb 10]
"""

from __future__ import annotations

import argparse
import re
import time
from collections.abc import Callable
from pathlib import Path

from jishi.ingest import document_from_text
from jishi.settings import Settings
from jishi.stages.layout import run

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_PAGE = ROOT.parent / "shared" / "eval" / "docs" / "000_cc79090cf7741063.txt"


def repeated(page: str, megabytes: float) -> str:
    """The page repeated until the text is about `megabytes` of UTF-8."""
    copies = max(1, round(megabytes * 1e6 / len(page.encode("utf-8"))))
    return "\n\n".join([page] * copies)


def best_of(runs: int, work: Callable[[], None]) -> float:
    """Least CPU time of a few runs.

    CPU time of this (single-threaded) process is what "one core" means, and
    the fastest run is the one least disturbed by other processes.
    """
    timings = []
    for _ in range(runs):
        start = time.process_time()
        work()
        timings.append(time.process_time() - start)
    return min(timings)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("page", nargs="?", type=Path, default=DEFAULT_PAGE)
    parser.add_argument("--mb", type=float, default=10.0)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    text = repeated(args.page.read_text(encoding="utf-8"), args.mb)
    size = len(text.encode("utf-8")) / 1e6
    punctuation = re.compile(r"[，。；]")

    def baseline() -> None:
        for line in text.splitlines():
            punctuation.search(line)

    def layout() -> None:
        run(document_from_text(text, doc_id="bench"), Settings(stages=["layout"]))

    base = best_of(args.runs, baseline)
    took = best_of(args.runs, layout)
    print(f"text: {size:.1f} MB")
    print(f"baseline (splitlines + regex): {size / base:.1f} MB/s")
    print(f"layout: {size / took:.1f} MB/s ({took / base:.1f}x the baseline time)")


if __name__ == "__main__":
    main()
