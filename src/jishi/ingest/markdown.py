"""Markdown as the plain text layout reads: the markup's marks taken off.

A heading's hashes (# 标题) would otherwise stay in the headline, and emphasis
and link marks in the paragraphs; what they mark is kept, the marks are not.
"""

from __future__ import annotations

import re

# ATX headings (## 标题 ##), setext underlines (=== or --- under a line), blockquote marks.
HEADING_RE = re.compile(r"(?m)^[ \t]{0,3}#{1,6}[ \t]+(.*?)[ \t]*#*[ \t]*$")
UNDERLINE_RE = re.compile(r"(?m)^[ \t]{0,3}(?:=+|-{2,})[ \t]*$")
QUOTE_RE = re.compile(r"(?m)^[ \t]{0,3}>[ \t]?")
# ![alt](src) is dropped, [text](href) keeps its text, **x** __x__ *x* _x_ keep x.
IMAGE_RE = re.compile(r"!\[[^\]\n]*\]\([^)\n]*\)")
LINK_RE = re.compile(r"\[([^\]\n]+)\]\([^)\n]*\)")
EMPHASIS_RE = re.compile(r"(\*\*|__)(\S(?:.*?\S)?)\1|(?<![\w*])\*(\S(?:.*?\S)?)\*(?![\w*])")


def markdown_text(text: str) -> str:
    """The text of a Markdown file without its marks, line breaks kept."""
    text = HEADING_RE.sub(r"\1", text)
    text = UNDERLINE_RE.sub("", text)
    text = QUOTE_RE.sub("", text)
    text = IMAGE_RE.sub("", text)
    text = LINK_RE.sub(r"\1", text)
    return EMPHASIS_RE.sub(lambda m: m.group(2) or m.group(3), text)
