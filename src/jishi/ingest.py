"""Reading input documents: files, encodings, HTML, PDF and metadata.

Everything downstream works on one decoded string per document, so this
module's job is to turn whatever arrived (a GBK text dump, a web page, a PDF)
into that string plus the metadata needed to resolve dates.
"""

from __future__ import annotations

import hashlib
import re

from jishi.model import Document

DATE_RE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


class IngestError(ValueError):
    """An input cannot be read; the message names the file and the problem."""


def content_hash(text: str) -> str:
    """SHA-256 of the decoded text: the same content gets the same hash in any encoding."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def document_from_text(
    text: str,
    doc_id: str,
    published: str | None = None,
    outlet: str | None = None,
    path: str | None = None,
) -> Document:
    """A fresh document around text already decoded; later stages fill its articles."""
    if published is not None and not DATE_RE.match(published):
        raise IngestError(f"{path or doc_id}: publication date {published!r} is not YYYY-MM-DD")
    return Document(
        id=doc_id,
        path=path,
        published=published,
        outlet=outlet,
        content_hash=content_hash(text),
        text=text,
    )
