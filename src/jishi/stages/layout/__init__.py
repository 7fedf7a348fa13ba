"""Lines to paragraphs to articles.

Newspaper pages dumped from PDF or OCR break lines at the column width, put
blank lines where a column ends (sometimes mid-sentence), and print the parts
of a page out of reading order: a story's headline may come after its body,
its lead and pull quotes at the bottom of the page. Web and wire copy instead
carry one paragraph per line. This stage

1. splits the text into *blocks* (runs of lines between blank lines), joining
   the lines of a paragraph and rejoining paragraphs split across blocks
   (``blocks``);
2. classifies every block by its shape (headline, kicker, subhead, source
   line, dateline, pull quote, attribution, caption, credit, lead, body;
   ``kinds``);
3. groups blocks into articles in reading order, then gives blocks printed
   out of place (headline groups without a body, pull quotes, leads) to the
   article whose text they share the most with (``articles``).

Every rule reads shape and punctuation, plus the words of the page's parts
(agencies, credits, labels, furniture) kept in ``jishi/lang/zh/data`` and
compiled into ``rules.Rules``; ``credits`` reads datelines and source lines.
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date

from jishi.lang.data import data_files
from jishi.lang.zh.chars import NON_IDEOGRAPHS
from jishi.model import Article, Document
from jishi.settings import Settings
from jishi.stages.layout.articles import (
    ARTICLES,
    OwnerFinder,
    Page,
    adopt_orphans,
    article_fields,
    group,
    has_story_breaks,
    place_floating,
)
from jishi.stages.layout.blocks import build_blocks, column_width, web_page
from jishi.stages.layout.kinds import classify
from jishi.stages.layout.rules import Rules, page_rules

# A story with fewer ideographs in its longest body paragraph is not a Chinese story.
MIN_CHINESE_CHARS = 10
# A wire story is printed within days of its dateline; a page date further off is wrong.
MAX_DATELINE_LAG_DAYS = 7


def parse_published(value: str | None) -> date | None:
    """The document's publication date, None when missing or not an ISO date."""
    if not value:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        return None


@contextmanager
def paused_cyclic_gc() -> Iterator[None]:
    """Pause the cycle collector while layout allocates its many small objects.

    Layout builds no reference cycles (refcounting frees everything), but
    the collector would still rescan the growing heap over and over: on a
    10 MB text that costs a third of the run time.
    """
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def run(doc: Document, settings: Settings) -> None:
    """Fill doc.articles from doc.text; flag a document with no Chinese article, and
    date a web page by its story's dateline when the page's own date contradicts it."""
    rules = page_rules(data_files(settings.data_dir))
    with paused_cyclic_gc():
        doc.articles = articles_of(doc, rules)
        dated = dateline_day(doc) if doc.published_inferred_from == "page" else None
        if dated is not None:
            doc.published = dated.isoformat()
            doc.published_inferred_from = "dateline"
            doc.articles = articles_of(doc, rules)  # datelines take the year from it
    doc.no_chinese = not any(map(is_chinese_article, doc.articles))


def is_chinese_article(article: Article) -> bool:
    """An article with running Chinese text: a body paragraph of a few ideographs at least."""
    return any(
        p.role == "body" and len(NON_IDEOGRAPHS.sub("", p.text)) >= MIN_CHINESE_CHARS
        for p in article.paragraphs
    )


def dateline_day(doc: Document) -> date | None:
    """The day of the first dated dateline, when it contradicts the page's date: a story
    dispatched after the page's date, or more than a week before it (a page date taken
    from something else than the story). None when they agree or nothing is dated."""
    published = parse_published(doc.published)
    days = [parse_published(a.dateline.date) for a in doc.articles if a.dateline]
    dated = next((d for d in days if d is not None), None)
    if published is None or dated is None:
        return None
    try:  # in the page's year: a page dated wrongly is wrong about the year-end rollover too
        day = dated.replace(year=published.year)
    except ValueError:  # 29 February
        return None
    late = (day - published).days > 1
    return day if late or (published - day).days > MAX_DATELINE_LAG_DAYS else None


def articles_of(doc: Document, rules: Rules) -> list[Article]:
    """The articles of a document's text, in page order."""
    read = web_page if doc.input_format == "html" else build_blocks
    blocks, style = read(doc.text, rules)
    classify(blocks, style, rules)
    page = Page(
        published=parse_published(doc.published),
        column=0 if style.line_mode else column_width(blocks),
        rules=rules,
        flow=style.indented,
        story_breaks=has_story_breaks(blocks, style.line_mode, rules),
    )
    group(blocks, page)
    finder = OwnerFinder(page.drafts)
    adopt_orphans(page, finder)
    place_floating(page, finder)
    drafts = sorted(
        (d for d in page.drafts if d.headline_blocks or d.paragraphs), key=lambda d: d.position
    )
    fields = [
        article_fields(draft, f"{doc.id}-a{number}", rules, doc.outlet)
        for number, draft in enumerate(drafts, start=1)
    ]
    return ARTICLES.validate_python(fields)
