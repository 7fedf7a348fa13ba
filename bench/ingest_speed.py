"""Ingest throughput: storing into SQLite against processing alone, same files, same run.

What `jishi ingest` adds to `jishi process` is the database write (one
transaction per document, FTS index, event linking); this measures that
overhead as a ratio so it stays comparable across machines. Both arms read
the same files with the same reader and run the same stages; the process arm
also serializes each record to JSON, as `jishi process` prints it. The
pipeline is warmed up first so loading models is counted in neither arm.

    .venv/bin/python bench/ingest_speed.py [FILES...] [--copies 20] [--runs 3]

Enough copies that fixed costs (creating and migrating the database, the
first compilation of each statement) are spread as they are over a corpus.

Target: ingest time / process time <= 1.20. Both wall time and this
process's CPU time are reported, each the best of --runs; on a busy shared
machine the CPU-time ratio is the steadier one.
"""

from __future__ import annotations

import argparse
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from jishi.config import load_settings
from jishi.ingest import read_document
from jishi.model import Document
from jishi.pipeline import run_stages
from jishi.settings import Settings
from jishi.store import open_store
from jishi.store.ingest import Outcome, ingest_files

ROOT = Path(__file__).resolve().parents[1]
EVAL_DOCS = ROOT.parent / "shared" / "eval" / "docs"
DEFAULT_FILES = [*sorted(EVAL_DOCS.glob("*.txt")), ROOT / "samples" / "page.txt"]
TARGET = 1.20


def corpus(files: list[Path], copies: int, folder: Path) -> list[str]:
    """Each file copied `copies` times with a distinct last line: every copy is a new document."""
    paths = []
    for file in files:
        text = file.read_text(encoding="utf-8")
        for number in range(copies):
            copy = folder / f"{file.stem}-{number}{file.suffix}"
            copy.write_text(f"{text}\n（第{number}份）\n", encoding="utf-8")
            paths.append(str(copy))
    return paths


def process_all(paths: list[str], read: Callable[[str], Document], settings: Settings) -> None:
    for path in paths:
        run_stages(read(path), settings).model_dump_json()


def ingest_all(paths: list[str], settings: Settings, db: Path) -> None:
    store = open_store(str(db), create=True)
    report = ingest_files(store, str(db), paths, settings)
    store.close()
    if report.failed or report.counts[Outcome.ADDED] != len(paths):
        raise SystemExit(f"ingest failed: {report.failed or report.counts}")


def timed(work: Callable[[], None]) -> tuple[float, float]:
    """Wall time and CPU time of this process (CPU time is steadier on a shared machine)."""
    wall, cpu = time.perf_counter(), time.process_time()
    work()
    return time.perf_counter() - wall, time.process_time() - cpu


def report(label: str, process_time: float, ingest_time: float, files: int) -> None:
    ratio = ingest_time / process_time
    verdict = "ok" if ratio <= TARGET else "SLOW"
    print(
        f"{label}: process alone {process_time:.2f} s ({files / process_time:.1f} files/s), "
        f"ingest SQLite {ingest_time:.2f} s ({files / ingest_time:.1f} files/s), "
        f"ratio {ratio:.3f} (target <= {TARGET}): {verdict}"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("files", nargs="*", type=Path, default=DEFAULT_FILES)
    parser.add_argument("--copies", type=int, default=20)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    settings = load_settings()

    def read(path: str) -> Document:
        return read_document(Path(path), settings)

    with tempfile.TemporaryDirectory() as temporary:
        folder = Path(temporary)
        paths = corpus(args.files, args.copies, folder)
        process_all(paths[:1], read, settings)
        process_times, ingest_times = [], []
        for run in range(args.runs):
            process_times.append(timed(lambda: process_all(paths, read, settings)))
            db = folder / f"bench-{run}.sqlite"
            ingest_times.append(timed(lambda db=db: ingest_all(paths, settings, db)))
    print(f"files: {len(paths)} ({len(args.files)} distinct x {args.copies} copies)")
    for index, label in enumerate(("wall", "cpu")):
        best_process = min(times[index] for times in process_times)
        best_ingest = min(times[index] for times in ingest_times)
        report(label, best_process, best_ingest, len(paths))


if __name__ == "__main__":
    main()
