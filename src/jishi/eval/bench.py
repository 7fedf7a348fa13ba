"""Per-stage throughput of the pipeline: how the project reports speed.

Why a command and not timed tests: speed depends on the machine, so a number
means something only next to a baseline measured in the same run. The
baseline is a plain ``jieba.lcut`` pass over the same text: every Chinese NLP
pipeline pays at least one segmentation pass, jieba is the segmenter most
readers know, and its speed moves with the machine like ours does, so
"stage speed ÷ jieba speed" is comparable across machines where chars/s is
not.

Loading (module import, dictionaries, gazetteers, models) is reported apart
from per-document time: a stage that loads lazily pays on its first document,
so that first call is timed separately and its excess over the stage's
steady per-document time on the same text counts as loading.

Times are CPU seconds of this process (``time.process_time``), not wall
time: on a shared machine other jobs stretch wall time by several times
while CPU time stays put. For a single-threaded stage the two agree on an
idle machine; a stage that computes on several threads is charged for all
of them.
"""

from __future__ import annotations

import resource
import statistics
import sys
import time
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from rich import box
from rich.table import Table

from jishi.ingest import IngestError, Source, document_from_text, read_source
from jishi.model import Document
from jishi.pipeline import Stage, resolve_stage
from jishi.settings import Settings

INGEST = "ingest"
"""Pseudo-stage name for building the document record from text."""

REPO_ROOT = Path(__file__).resolve().parents[3]
DEFAULT_FILES = (
    REPO_ROOT.parent / "shared" / "eval" / "docs" / "000_cc79090cf7741063.txt",
    REPO_ROOT / "samples" / "page.txt",
)
"""The seed page and our own sample page, where a source checkout has them."""


Page = tuple[Path, str]


class BenchError(ValueError):
    """The benchmark cannot start: no inputs, an unreadable file or an unusable stage."""


class StageFailure(RuntimeError):
    """A stage raised on one of the pages; there is nothing meaningful to time."""


@dataclass
class StageTiming:
    """What one stage cost: loading once, then every document of the corpus."""

    name: str
    load_seconds: float = 0.0
    seconds: float = 0.0
    first_call_seconds: float = 0.0
    warm_seconds: list[float] = field(default_factory=list)


@dataclass
class BenchResult:
    files: list[Path]
    repeat: int
    documents: int
    characters: int
    stages: list[StageTiming]
    baseline_load_seconds: float
    baseline_seconds: float
    rss_start_mb: float
    rss_loaded_mb: float
    rss_peak_mb: float
    wall_seconds: float
    """Wall-clock time of the timed corpus: far above the CPU total means a busy machine."""

    @property
    def pipeline_seconds(self) -> float:
        return sum(stage.seconds for stage in self.stages)

    def chars_per_second(self, seconds: float) -> float | None:
        return self.characters / seconds if seconds > 0 else None

    def ratio(self, seconds: float) -> float | None:
        """Speed relative to the baseline: 0.5 means half as fast as jieba.lcut."""
        if seconds <= 0 or self.baseline_seconds <= 0:
            return None
        return self.baseline_seconds / seconds


def peak_rss_mb() -> float:
    """Peak resident memory of this process so far (ru_maxrss: kB on Linux, bytes on macOS)."""
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return peak / (1024 * 1024) if sys.platform == "darwin" else peak / 1024


def read_inputs(files: list[Path]) -> list[Page]:
    """The pages to replicate, read as `jishi process` reads them (encoding, HTML, PDF)."""
    if not files:
        raise BenchError("no input files: pass --files (the seed page is not beside this checkout)")
    pages = []
    for path in files:
        try:
            text = read_source(Source(str(path), path)).text
        except IngestError as error:
            raise BenchError(str(error)) from error
        pages.append((path, text))
    return pages


def default_files() -> list[Path]:
    return [path for path in DEFAULT_FILES if path.is_file()]


def load_stages(settings: Settings, timings: dict[str, StageTiming]) -> dict[str, Stage]:
    """Import every stage, timing the import as part of its loading."""
    stages: dict[str, Stage] = {}
    for name in settings.stages:
        start = time.process_time()
        try:
            stages[name] = resolve_stage(name)
        except ImportError as error:
            raise BenchError(
                f"stage {name!r} is not available ({error}); bench a prefix with --stages"
            ) from error
        timings[name].load_seconds = time.process_time() - start
    return stages


def run_document(
    page: Page, published: str, stages: dict[str, Stage], settings: Settings
) -> dict[str, float]:
    """Seconds each stage took on one document, ingest included."""
    path, text = page
    seconds: dict[str, float] = {}
    start = time.process_time()
    doc: Document = document_from_text(text, doc_id=path.stem, published=published)
    seconds[INGEST] = time.process_time() - start
    for name, stage in stages.items():
        start = time.process_time()
        try:
            stage(doc, settings)
        except Exception as error:
            raise StageFailure(f"stage {name!r} failed on {path}: {error}") from error
        seconds[name] = time.process_time() - start
    return seconds


def run_baseline(corpus: list[Page]) -> tuple[float, float]:
    """(load seconds, seconds) of jieba: dictionary load, then one lcut pass per document."""
    import jieba

    jieba.setLogLevel(60)
    start = time.process_time()
    jieba.initialize()
    load = time.process_time() - start
    seconds = 0.0
    for _, text in corpus:
        start = time.process_time()
        jieba.lcut(text)
        seconds += time.process_time() - start
    return load, seconds


def run_bench(files: list[Path], repeat: int, settings: Settings) -> BenchResult:
    """Warm up on the first page (loading), then time every stage over the replicated corpus."""
    pages = read_inputs(files)
    if repeat < 1:
        raise BenchError(f"--repeat must be at least 1 (got {repeat})")
    published = date.today().isoformat()
    rss_start = peak_rss_mb()
    timings = {name: StageTiming(name) for name in [INGEST, *settings.stages]}
    stages = load_stages(settings, timings)
    for name, seconds in run_document(pages[0], published, stages, settings).items():
        timings[name].first_call_seconds = seconds
    rss_loaded = peak_rss_mb()
    corpus = pages * repeat
    wall_start = time.perf_counter()
    for number, page in enumerate(corpus):
        for name, seconds in run_document(page, published, stages, settings).items():
            timings[name].seconds += seconds
            if number % len(pages) == 0:
                timings[name].warm_seconds.append(seconds)
    settle_loading(timings)
    wall_seconds = time.perf_counter() - wall_start
    rss_peak = peak_rss_mb()  # before the baseline, whose dictionary is not ours to count
    baseline_load, baseline_seconds = run_baseline(corpus)
    return BenchResult(
        files=files,
        repeat=repeat,
        documents=len(corpus),
        characters=sum(len(text) for _, text in corpus),
        stages=list(timings.values()),
        baseline_load_seconds=baseline_load,
        baseline_seconds=baseline_seconds,
        rss_start_mb=rss_start,
        rss_loaded_mb=rss_loaded,
        rss_peak_mb=rss_peak,
        wall_seconds=wall_seconds,
    )


def settle_loading(timings: dict[str, StageTiming]) -> None:
    """Add to each stage's loading what its first call cost beyond a warm call on that page."""
    for timing in timings.values():
        warm = statistics.median(timing.warm_seconds) if timing.warm_seconds else 0.0
        timing.load_seconds += max(0.0, timing.first_call_seconds - warm)


# --- reporting ---------------------------------------------------------------


def _rate(value: float | None) -> str:
    return "–" if value is None else f"{value:,.0f}"


def _ratio(value: float | None) -> str:
    return "–" if value is None else f"{value:.3g}×"


def bench_table(result: BenchResult) -> Table:
    """Stages in pipeline order, then the whole pipeline and the baseline."""
    total = result.pipeline_seconds
    table = Table(
        title=(
            f"jishi bench: {result.documents} documents, {result.characters:,} characters "
            f"({len(result.files)} file(s) × {result.repeat})"
        ),
        caption=(
            f"Memory (peak RSS): {result.rss_start_mb:.0f} MB at start, "
            f"{result.rss_loaded_mb:.0f} MB after loading, {result.rss_peak_mb:.0f} MB at the end. "
            f"Wall clock {result.wall_seconds:.1f} s for {result.pipeline_seconds:.1f} CPU s. "
            "× jieba = stage speed ÷ jieba.lcut speed on the same text in this run."
        ),
        box=box.SIMPLE_HEAD,
    )
    for header in ("Stage", "Seconds", "Share %", "Chars/s", "× jieba", "Load s"):
        table.add_column(header, justify="left" if header == "Stage" else "right", no_wrap=True)
    for stage in result.stages:
        share = 100 * stage.seconds / total if total > 0 else 0.0
        table.add_row(
            stage.name,
            f"{stage.seconds:.3f}",
            f"{share:.1f}",
            _rate(result.chars_per_second(stage.seconds)),
            _ratio(result.ratio(stage.seconds)),
            f"{stage.load_seconds:.3f}",
        )
    table.add_section()
    load = sum(stage.load_seconds for stage in result.stages)
    table.add_row(
        "pipeline",
        f"{total:.3f}",
        "100.0",
        _rate(result.chars_per_second(total)),
        _ratio(result.ratio(total)),
        f"{load:.3f}",
        style="bold",
    )
    table.add_row(
        "baseline jieba.lcut",
        f"{result.baseline_seconds:.3f}",
        "",
        _rate(result.chars_per_second(result.baseline_seconds)),
        "1×",
        f"{result.baseline_load_seconds:.3f}",
    )
    return table


def bench_json(result: BenchResult) -> dict[str, Any]:
    """Machine-readable form of the same numbers."""
    total = result.pipeline_seconds

    def row(name: str, seconds: float, load: float) -> dict[str, Any]:
        return {
            "name": name,
            "seconds": seconds,
            "share": seconds / total if total > 0 else None,
            "chars_per_second": result.chars_per_second(seconds),
            "ratio_to_baseline": result.ratio(seconds),
            "load_seconds": load,
        }

    return {
        "files": [str(path) for path in result.files],
        "repeat": result.repeat,
        "documents": result.documents,
        "characters": result.characters,
        "stages": [row(s.name, s.seconds, s.load_seconds) for s in result.stages],
        "pipeline": row("pipeline", total, sum(s.load_seconds for s in result.stages)),
        "baseline": {
            "name": "jieba.lcut",
            "seconds": result.baseline_seconds,
            "chars_per_second": result.chars_per_second(result.baseline_seconds),
            "load_seconds": result.baseline_load_seconds,
        },
        "wall_seconds": result.wall_seconds,
        "memory_mb": {
            "start": result.rss_start_mb,
            "after_loading": result.rss_loaded_mb,
            "peak": result.rss_peak_mb,
        },
    }
