"""Chinese punctuation: the one set of marks, and the one sentence and clause splitter.

Every stage that cuts text at punctuation uses these, so that "a sentence" and
"a clause" mean the same thing in layout, quotes, times and events. Marks are
code, not data: they are the writing system's, not a lexicon that users extend.
Full-width and ASCII forms are listed together because OCR and web copy mix them.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

# A sentence ends at one of these (… counts when doubled: ……).
SENTENCE_FINAL = "。！？!?"
ELLIPSIS = "……"
SEMICOLONS = "；;"
COLONS = "：:"
COMMAS = "，,"
ENUMERATION_COMMA = "、"
# Closing quotes and brackets that stay with the sentence they close: 他说：“走吧。”
CLOSERS = '”’」』）)】》"'
OPENERS = "“‘「『（(【《"
QUOTE_OPEN = '“「『"'
QUOTE_CLOSE = '”」』"'
# Title marks around the name of a book, law, treaty or programme (《反外国制裁法》).
TITLE_OPEN = "《〈"
TITLE_CLOSE = "》〉"
DASHES = "—－―"
NAME_DOTS = "·•・‧．"
# Hyphens inside a transliterated name (耶恩斯－弗雷德里克) or a place (开伯尔－普什图省).
NAME_HYPHENS = "－-‐"
# Parentheses alone (credits, bylines and closing datelines sit inside them), slashes
# (图/新华社, 新华社/法新社) and the bullets printed before labels and credits (■链接).
PARENS_OPEN = "（("
PARENS_CLOSE = "）)"
SLASHES = "/／"
BULLETS = "■□●◆▲★◎"

# Marks that end a clause inside a sentence.
CLAUSE_MARKS = COMMAS + SEMICOLONS + COLONS

# A sentence as the text stage cuts it: after a run of final marks or semicolons,
# with the closers that belong to it.
SENTENCE_END = re.compile(f"(?:[{SENTENCE_FINAL}{SEMICOLONS}]+|{ELLIPSIS})[{re.escape(CLOSERS)}]*")
# A whole sentence (semicolons do not end it): what an event or a quote spans.
FULL_STOP = re.compile(f"(?:[{SENTENCE_FINAL}]+|{ELLIPSIS})[{re.escape(CLOSERS)}]*")
CLAUSE_BREAK = re.compile(f"[{CLAUSE_MARKS}]")


def spans(
    text: str, boundary: re.Pattern[str], start: int = 0, end: int | None = None
) -> Iterator[tuple[int, int]]:
    """Pieces of text[start:end] cut after each match of ``boundary``, with the
    whitespace around each piece left out and empty pieces skipped."""
    end = len(text) if end is None else end
    position = start
    for match in boundary.finditer(text, start, end):
        yield from _trimmed(text, position, match.end())
        position = match.end()
    yield from _trimmed(text, position, end)


def sentence_spans(text: str) -> list[tuple[int, int]]:
    """Sentences as the text stage stores them (cut at 。！？ and at ；)."""
    return list(spans(text, SENTENCE_END))


def full_sentence_spans(text: str) -> list[tuple[int, int]]:
    """Sentences cut at 。！？ only: a ； joins two clauses of one sentence."""
    return list(spans(text, FULL_STOP))


def clause_spans(text: str, start: int = 0, end: int | None = None) -> list[tuple[int, int]]:
    """Clauses of text[start:end], cut after each comma, semicolon or colon."""
    return list(spans(text, CLAUSE_BREAK, start, end))


def _trimmed(text: str, start: int, end: int) -> Iterator[tuple[int, int]]:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    if start < end:
        yield start, end
