"""The text layer of a PDF, in reading order."""

from __future__ import annotations

import io
import itertools
import statistics
from pathlib import Path
from typing import Any

from jishi.ingest.base import IngestError


def pdf_text(source: Path | bytes, name: str) -> str:
    """The text layer of a PDF, read column by column on each page."""
    import pdfplumber
    from pdfminer.pdfparser import PDFSyntaxError
    from pdfminer.psexceptions import PSException
    from pdfplumber.utils.exceptions import MalformedPDFException, PdfminerException

    unreadable = (
        PDFSyntaxError,
        PSException,
        PdfminerException,
        MalformedPDFException,
        ValueError,
        KeyError,
    )
    try:
        with pdfplumber.open(source if isinstance(source, Path) else io.BytesIO(source)) as pdf:
            pages = [page_text(page.extract_words()) for page in pdf.pages]
    except unreadable as error:
        raise IngestError(name, f"not a readable PDF ({error})") from None
    text = "\n\n".join(page for page in pages if page.strip())
    if not text.strip():
        raise IngestError(name, "the PDF has no text layer (a scanned image? run OCR first)")
    return text


def page_text(words: list[dict[str, Any]]) -> str:
    """Lines of one page in reading order: column by column, top to bottom.

    Columns are found from the page's vertical gutters: x ranges that no word
    covers. A paragraph break is a vertical gap larger than one and a half
    line heights, written as a blank line like in a text dump.
    """
    if not words:
        return ""
    columns: dict[int, list[dict[str, Any]]] = {}
    bounds = column_bounds(words)
    for word in words:
        middle = (word["x0"] + word["x1"]) / 2
        index = sum(1 for left in bounds if left <= middle) - 1
        columns.setdefault(max(index, 0), []).append(word)
    return "\n\n".join(column_text(columns[key]) for key in sorted(columns))


def column_bounds(words: list[dict[str, Any]]) -> list[float]:
    """Left edges of the columns: a new column starts after each empty x gap."""
    spans = sorted((w["x0"], w["x1"]) for w in words)
    heights = [w["bottom"] - w["top"] for w in words]
    min_gutter = statistics.median(heights)
    lefts = [spans[0][0]]
    reach = spans[0][1]
    for left, right in spans[1:]:
        if left - reach >= min_gutter:
            lefts.append(left)
        reach = max(reach, right)
    return lefts


def column_text(words: list[dict[str, Any]]) -> str:
    """Words of one column grouped into lines by their top edge."""
    words = sorted(words, key=lambda w: (round(w["top"]), w["x0"]))
    height = statistics.median(w["bottom"] - w["top"] for w in words)
    lines: list[list[dict[str, Any]]] = []
    for word in words:
        if lines and abs(word["top"] - lines[-1][0]["top"]) <= height / 2:
            lines[-1].append(word)
        else:
            lines.append([word])
    tops = [line[0]["top"] for line in lines]
    steps = [below - above for above, below in itertools.pairwise(tops)]
    pitch = statistics.median(steps) if steps else height
    out = [_line_text(lines[0])]
    for step, line in zip(steps, lines[1:], strict=True):
        if step > 1.5 * pitch:
            out.append("")
        out.append(_line_text(line))
    return "\n".join(out)


def _line_text(words: list[dict[str, Any]]) -> str:
    return " ".join(w["text"] for w in sorted(words, key=lambda w: w["x0"]))
