"""Where an event report stands in its article, for the event table: the sentence number,
the trigger's offsets, and the speaker whose quote it lies inside.

Derived from the record when a document is stored, rather than added by the events
stage, because every report (an event's first one and the mentions merged into it)
can be placed from what the record already holds: the paragraph text, the sentence
and the trigger words. Sentences are counted as the text stage cuts them
(jishi.lang.zh.punct.sentence_spans), from 0 in each paragraph.
"""

from __future__ import annotations

from dataclasses import dataclass

from jishi.lang.zh.punct import sentence_spans
from jishi.model import Article, Event, Quote

GAP = "…"


@dataclass(frozen=True)
class ReportPlace:
    """One report's sentence number and trigger offsets in its paragraph (None: not found
    in the text) and the entity id of who reported it (None: told in the paper's voice)."""

    sentence_index: int | None
    trigger_start: int | None
    trigger_end: int | None
    reported_by: str | None


def report_places(article: Article, event: Event) -> list[ReportPlace]:
    """The event's first report, then each of its mentions, in that order."""
    span = None
    if event.trigger_start is not None and event.trigger_end is not None:
        span = (event.trigger_start, event.trigger_end)
    first = place(article, event.paragraph, event.sentence, event.trigger, span)
    return [first] + [place(article, m.paragraph, m.sentence, m.trigger) for m in event.mentions]


def place(
    article: Article,
    paragraph: int,
    sentence: str,
    trigger: str,
    span: tuple[int, int] | None = None,
) -> ReportPlace:
    """Place one report; without the trigger's `span` (mentions merged into an event have
    none) the trigger's head is looked for inside the sentence, a gapped trigger's tail
    after it (提供…援助)."""
    if not 0 <= paragraph < len(article.paragraphs):
        return ReportPlace(None, None, None, None)
    text = article.paragraphs[paragraph].text
    span = span or _trigger_span(text, sentence, trigger)
    if span is None:
        return ReportPlace(None, None, None, None)
    start, end = span
    index = next((n for n, (a, b) in enumerate(sentence_spans(text)) if a <= start < b), None)
    return ReportPlace(index, start, end, _speaker(article, paragraph, text, start))


def _trigger_span(text: str, sentence: str, trigger: str) -> tuple[int, int] | None:
    head, *rest = trigger.split(GAP)
    at = text.find(sentence)
    start = text.find(head, max(at, 0))
    if start < 0:
        return None
    end = start + len(head)
    if rest:
        tail = text.find(rest[-1], end)
        end = tail + len(rest[-1]) if tail >= 0 else end
    return start, end


def _speaker(article: Article, paragraph: int, text: str, position: int) -> str | None:
    """The speaker of the quote covering `position`: an event inside reported speech
    (佩斯科夫说，俄方将采取反制措施) is that speaker's claim."""
    for quote in article.quotes:
        if quote.paragraph != paragraph or quote.speaker is None:
            continue
        start, end = _quote_span(quote, text)
        if start <= position < end:
            return quote.speaker
    return None


def _quote_span(quote: Quote, text: str) -> tuple[int, int]:
    if quote.start is not None and quote.end is not None:
        return quote.start, quote.end
    at = text.find(quote.text)
    return (at, at + len(quote.text)) if at >= 0 else (0, 0)
