"""Lines to paragraphs to articles (first cut: one article, one paragraph per block)."""

from __future__ import annotations

import re

from jishi.model import Article, Document, Paragraph
from jishi.pipeline import Settings

BLANK_RE = re.compile(r"\n\s*\n")


def run(doc: Document, settings: Settings) -> None:
    """Fill doc.articles from doc.text."""
    blocks = [b for b in BLANK_RE.split(doc.text) if b.strip()]
    paragraphs = [Paragraph(text="".join(line.strip() for line in b.splitlines())) for b in blocks]
    doc.articles = [Article(id=f"{doc.id}-a1", paragraphs=paragraphs)]
