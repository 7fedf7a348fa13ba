"""Entity stages (mentions + actors) speed and memory on real pages.

Loading the reference data (curated actor files, countries, CC-CEDICT proper
nouns, the mentions lexicon) happens once per process and is reported apart;
the throughput figures are for warm stages over documents already through
layout and text.

    .venv/bin/python bench/actors_speed.py [PAGE ...] [--repeat 20]
"""

from __future__ import annotations

import argparse
import resource
import time
from collections.abc import Callable
from pathlib import Path

from jishi import actors
from jishi.bench import DEFAULT_FILES
from jishi.model import Document
from jishi.pipeline import Settings, process, resolve_stage

DEFAULT_PAGES = list(DEFAULT_FILES)
PUBLISHED = "2025-02-14"


def timed(work: Callable[[], object]) -> float:
    start = time.perf_counter()
    work()
    return time.perf_counter() - start


def prepared(texts: list[str]) -> list[Document]:
    """Documents through layout and text, ready for the entity stages."""
    settings = Settings(stages=["layout", "text"])
    return [process(text, published=PUBLISHED, settings=settings) for text in texts]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("pages", nargs="*", type=Path, default=DEFAULT_PAGES)
    parser.add_argument("--repeat", type=int, default=20)
    args = parser.parse_args()
    texts = [page.read_text(encoding="utf-8") for page in args.pages if page.is_file()]
    if not texts:
        parser.error("no readable page")
    settings = Settings()
    print(f"load curated actors + countries: {timed(actors.actor_index):.2f} s")
    print(f"load CC-CEDICT proper nouns:     {timed(actors.dictionary):.2f} s")
    mentions, linking = resolve_stage("mentions"), resolve_stage("actors")

    def first_run() -> None:
        for doc in prepared(texts):
            mentions(doc, settings)
            linking(doc, settings)

    print(f"first run (lexicon build etc.):  {timed(first_run):.2f} s")
    spent = {"mentions": 0.0, "actors": 0.0}
    for _ in range(args.repeat):
        for doc in prepared(texts):
            spent["mentions"] += timed(lambda doc=doc: mentions(doc, settings))
            spent["actors"] += timed(lambda doc=doc: linking(doc, settings))
    characters = sum(len(text) for text in texts) * args.repeat
    for name, seconds in spent.items():
        print(f"{name:9} {characters / seconds:12,.0f} chars/s")
    print(f"together  {characters / sum(spent.values()):12,.0f} chars/s (one core)")
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"peak memory (RSS): {peak:.0f} MB")


if __name__ == "__main__":
    main()
