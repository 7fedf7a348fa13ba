"""A long input is read as fully as a short one: nothing is lost on a long paragraph.

Generated, because the shape is what matters: a text broken at column width with
no blank line, which layout joins into one paragraph of many sentences (the case
where per-clause scans of the whole paragraph made the later stages quadratic).
"""

from __future__ import annotations

import jishi
from jishi.lang.spans import SpanIndex
from jishi.model import Sentence

REPORT = "外交部长王毅12日同法国外长巴罗通电话。巴罗说，法方愿同中方加强沟通。"
COPIES = 200


def test_every_copy_of_a_report_in_one_long_paragraph_is_coded() -> None:
    flat = REPORT * COPIES
    text = "\n".join(flat[i : i + 30] for i in range(0, len(flat), 30))
    one = jishi.process(REPORT, published="2025-03-13")
    long = jishi.process(text, published="2025-03-13")
    [article] = long.articles
    assert len(article.paragraphs) == 1 and len(article.paragraphs[0].text) == len(flat)
    reports = sum(1 + len(event.mentions) for event in article.events)
    assert reports == COPIES * sum(1 + len(e.mentions) for e in one.articles[0].events)
    assert len(article.quotes) == COPIES * len(one.articles[0].quotes)
    assert {(e.type, e.date) for e in article.events} == {
        (e.type, e.date) for e in one.articles[0].events
    }


def test_span_index_finds_what_a_filter_finds_in_the_same_order() -> None:
    spans = [Sentence(start=s, end=e) for s, e in [(5, 9), (0, 3), (2, 4), (5, 6)]]
    index = SpanIndex(spans)
    for start in range(11):
        for end in range(start, 11):
            expected = [s for s in spans if s.start >= start and s.end <= end]
            assert index.within(start, end) == expected
