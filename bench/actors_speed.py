"""Entity stages (mentions + actors) speed and memory on real pages.

Loading the reference data (curated actor files, countries, CC-CEDICT proper
nouns, the mentions lexicon) happens once per process and is reported apart;
the throughput figures are for warm stages over documents already through
layout and text.

    .venv/bin/python bench/actors_speed.py [PAGE ...] [--repeat 20]
"""

from __future__ import annotations

from common import page_texts, timed

from jishi.eval.bench import peak_rss_mb
from jishi.lang.data import data_files
from jishi.lang.zh import cedict, kb
from jishi.model import Document
from jishi.pipeline import process, resolve_stage
from jishi.settings import Settings

PUBLISHED = "2025-02-14"


def prepared(texts: list[str]) -> list[Document]:
    """Documents through layout and text, ready for the entity stages."""
    settings = Settings(stages=["layout", "text"])
    return [process(text, published=PUBLISHED, settings=settings) for text in texts]


def main() -> None:
    texts, repeat = page_texts(__doc__.splitlines()[0])
    settings = Settings()
    print(f"load curated actors + countries: {timed(lambda: kb.actor_index(data_files())):.2f} s")
    print(f"load CC-CEDICT proper nouns:     {timed(cedict.dictionary):.2f} s")
    mentions, linking = resolve_stage("mentions"), resolve_stage("actors")

    def first_run() -> None:
        for doc in prepared(texts):
            mentions(doc, settings)
            linking(doc, settings)

    print(f"first run (lexicon build etc.):  {timed(first_run):.2f} s")
    spent = {"mentions": 0.0, "actors": 0.0}
    for _ in range(repeat):
        for doc in prepared(texts):
            spent["mentions"] += timed(lambda doc=doc: mentions(doc, settings))
            spent["actors"] += timed(lambda doc=doc: linking(doc, settings))
    characters = sum(len(text) for text in texts) * repeat
    for name, seconds in spent.items():
        print(f"{name:9} {characters / seconds:12,.0f} chars/s")
    print(f"together  {characters / sum(spent.values()):12,.0f} chars/s (one core)")
    print(f"peak memory (RSS): {peak_rss_mb():.0f} MB")


if __name__ == "__main__":
    main()
