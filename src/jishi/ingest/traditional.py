"""Traditional Chinese: read in Simplified, given back as written.

Every word list, tagger and gazetteer of jishi is Simplified, so a Traditional text
(Big5, or UTF-8 from Taiwan and Hong Kong outlets) is converted for analysis with
OpenCC (``t2s``: character by character, so the converted text has the length of the
original and every offset means the same in both). The document keeps the original;
when the stages are done, ``restore_original`` puts the original characters back into
every piece of text the record quotes (headline, paragraphs, mentions, quotes, times,
event evidence), so the output reads as the input did and offsets still hold.
"""

from __future__ import annotations

import re
from functools import cache
from typing import Any

from jishi.lang.zh.chars import NON_IDEOGRAPHS
from jishi.model import Article, Document

# A text is Traditional when at least this share of its ideographs (and a few of them
# at least) change under conversion; Simplified text converts to itself.
MIN_CHANGED_SHARE = 0.01
MIN_CHANGED = 3
WHITESPACE_RE = re.compile(r"\s+")


@cache
def _converter() -> Any:
    import opencc

    return opencc.OpenCC("t2s")


def to_simplified(text: str) -> str:
    """The text in Simplified characters, one for one (same length, same offsets)."""
    converted: str = _converter().convert(text)
    if len(converted) == len(text):
        return converted
    # a phrase rule changed the length: convert character by character instead
    return "".join(_converter().convert(char) or char for char in text)


def simplified_for_analysis(text: str) -> str | None:
    """The Simplified form of a Traditional text, None when the text is not Traditional."""
    converted = to_simplified(text)
    ideographs = len(NON_IDEOGRAPHS.sub("", text))
    changed = sum(1 for a, b in zip(text, converted, strict=True) if a != b)
    if changed >= MIN_CHANGED and changed >= MIN_CHANGED_SHARE * ideographs:
        return converted
    return None


class Restorer:
    """Finds, for a string taken from the converted text, the original it was made from.

    Layout joins lines and drops spaces, so a paragraph is not one slice of the text;
    with all whitespace dropped from both texts it is, and the two texts then align
    character for character.
    """

    def __init__(self, converted: str, original: str) -> None:
        self.converted = WHITESPACE_RE.sub("", converted)
        self.original = WHITESPACE_RE.sub("", original)

    def __call__(self, text: str | None) -> str | None:
        if not text:
            return text
        key = WHITESPACE_RE.sub("", text)
        start = self.converted.find(key)
        if start < 0 or len(self.converted) != len(self.original):
            return text
        chars = iter(self.original[start : start + len(key)])
        return "".join(char if char.isspace() else next(chars) for char in text)


def restore_original(doc: Document) -> None:
    """Put the original characters back into every text field of the record."""
    if doc.original_text is None:
        return
    back = Restorer(doc.text, doc.original_text)
    for article in doc.articles:
        _restore_article(article, back)
    doc.text, doc.original_text = doc.original_text, None


def _restore_article(article: Article, back: Restorer) -> None:
    parts = {name: back(getattr(article, name)) for name in ("headline", "deck", "kicker")}
    article.headline, article.deck, article.kicker = (
        parts["headline"],
        parts["deck"],
        parts["kicker"],
    )
    if article.dateline is not None:
        article.dateline.text = back(article.dateline.text)
        article.dateline.place = back(article.dateline.place)
    paragraphs = [back(p.text) or p.text for p in article.paragraphs]
    for paragraph, text in zip(article.paragraphs, paragraphs, strict=True):
        paragraph.text = text
    article.source = back(article.source)
    if article.dateline is not None:
        article.dateline.agency = back(article.dateline.agency)
    for entity in article.entities:
        for mention in entity.mentions:
            number = mention.paragraph
            if mention.part == "paragraph" and 0 <= number < len(paragraphs):
                spanned = paragraphs[number][mention.start : mention.end]
                mention.text = spanned or mention.text
            else:
                mention.text = back(mention.text) or mention.text
    for time in article.times:
        time.text = paragraphs[time.paragraph][time.start : time.end] or time.text
    for quote in article.quotes:
        quote.text = back(quote.text) or quote.text
        quote.speaker_text = back(quote.speaker_text)
    for event in article.events:
        event.trigger = back(event.trigger) or event.trigger
        event.sentence = back(event.sentence) or event.sentence
