"""Times stage speed against jionlp's own extractor on the same paragraphs.

The stage reads the common forms with one regex and sends only clauses with a
holiday or decade word to jionlp; this measures what that buys over running
``jionlp.ner.extract_time`` on every paragraph. Both are warmed up first, so
import and first-use costs are left out (they are reported apart).

    .venv/bin/python bench/times_speed.py [PAGE ...] [--repeat 20]
"""

from __future__ import annotations

from datetime import datetime

from common import page_texts, timed

from jishi.pipeline import process
from jishi.settings import Settings
from jishi.stages import times

PUBLISHED = "2025-02-14"


def main() -> None:
    texts, repeat = page_texts(__doc__.splitlines()[0])
    layout = Settings(stages=["layout"])
    docs = [process(text, published=PUBLISHED, settings=layout) for text in texts]
    paragraphs = [p.text for doc in docs for a in doc.articles for p in a.paragraphs]
    characters = sum(len(p) for p in paragraphs) * repeat
    load = timed(times.jionlp_module)
    base = datetime.fromisoformat(PUBLISHED)
    extract = times.jionlp_module().ner.extract_time
    extract("12日", time_base=base)

    def stage() -> None:
        for _ in range(repeat):
            for doc in docs:
                times.run(doc, layout)

    def jionlp_everywhere() -> None:
        for _ in range(repeat):
            for paragraph in paragraphs:
                extract(paragraph, time_base=base)

    stage()
    ours, theirs = timed(stage), timed(jionlp_everywhere)
    print(f"{characters:,} characters of paragraphs ({len(texts)} page(s) x {repeat})")
    print(f"times stage            {ours:8.3f} s  {characters / ours:12,.0f} chars/s")
    print(f"jionlp.extract_time    {theirs:8.3f} s  {characters / theirs:12,.0f} chars/s")
    print(f"import jionlp (once)   {load:8.3f} s")


if __name__ == "__main__":
    main()
