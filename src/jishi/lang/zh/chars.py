"""Chinese characters as units: which code points are ideographs, and their pairs.

Several stages compare two pieces of text without segmenting them (is this
pull quote what that speaker said, does this block continue that article);
character bigrams of the ideographs alone are the cheap signal they share, so
that "overlap" means the same thing everywhere.
"""

from __future__ import annotations

import operator
import re

# CJK Unified Ideographs with Extension A (the Yijing block between them is harmless), as a
# regex range written with escapes, for use inside a character class.
IDEOGRAPHS = r"\u3400-\u9fff"
NON_IDEOGRAPHS = re.compile(f"[^{IDEOGRAPHS}]+")


def bigrams(text: str) -> set[str]:
    """Pairs of adjacent ideographs once everything else (digits, Latin, marks,
    spaces) is dropped: line breaks and punctuation do not break an overlap."""
    chars = NON_IDEOGRAPHS.sub("", text)
    return set(map(operator.add, chars, chars[1:]))
