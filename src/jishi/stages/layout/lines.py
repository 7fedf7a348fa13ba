"""Line-level facts the layout reads: print width, joins and sentence ends.

The marks come from jishi.lang.zh.punct (the one set); the few combinations
layout needs are named here once.
"""

from __future__ import annotations

import re

from jishi.lang.zh import punct

# Characters that end a sentence for layout: a single … counts, and so does ；
# (a column break after a semicolon ends a line of thought as a full stop does).
SENTENCE_END = punct.SENTENCE_FINAL + punct.ELLIPSIS[0] + punct.SEMICOLONS
# Marks after which a sentence goes on.
CONTINUING_MARKS = punct.CLAUSE_MARKS + punct.ENUMERATION_COMMA + punct.OPENERS
TRAILING_MARKS = punct.CLOSERS + " \t\u3000"
INNER_SENTENCE_END_RE = re.compile(f"[{re.escape(SENTENCE_END)}][{re.escape(punct.CLOSERS)}]*\n")
# Punctuation that marks running text: headlines and labels do not carry it.
BODY_PUNCTUATION = re.compile(
    f"[{punct.COMMAS}{punct.SENTENCE_FINAL[0]}{punct.SEMICOLONS}]|[！？]\\S"
)
# A break between Latin words keeps a space; one between two digits falls inside a
# number (8\n000亿, 2\n9日), which Chinese text never spaces.
LATIN_BREAK_RE = re.compile(r"(?<=[A-Za-z])\n(?=[A-Za-z0-9])|(?<=[0-9])\n(?=[A-Za-z])")


def display_width(line: str) -> int:
    """Columns a line takes in print: CJK characters count two, ASCII one.

    (bytes + chars) // 2 gives exactly that for 1- and 3-byte UTF-8 and runs
    in C, which matters at megabytes per second.
    """
    return (len(line.encode("utf-8")) + len(line)) // 2


def join_lines(lines: list[str]) -> str:
    """Join broken lines: no space between CJK or inside a number, one between Latin words."""
    if len(lines) == 1:
        return lines[0]
    return LATIN_BREAK_RE.sub(" ", "\n".join(lines)).replace("\n", "")


def ends_sentence(text: str) -> bool:
    """Whether text ends a sentence (。 or 。” but not ， or a bare closing quote).

    A parenthesis after the full stop, such as （完） or a reporter's name,
    does not reopen the sentence.
    """
    stripped = text.rstrip(TRAILING_MARKS)
    if not stripped:
        return False
    if stripped[-1] in SENTENCE_END:
        return True
    if text.rstrip().endswith(tuple(punct.PARENS_CLOSE)):
        opening = max(stripped.rfind(mark) for mark in punct.PARENS_OPEN)
        return opening > 0 and stripped[opening - 1] in SENTENCE_END
    return False
