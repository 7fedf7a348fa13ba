"""The text layer of a PDF, in reading order, written as a text dump would be.

A page is cut into regions between full-width bands (a running header, a
headline across columns, a footer), and each region into its columns, found
from the gutters that no line crosses there; the cut goes on inside each part,
so a page with two columns above and three below reads right. A column is read
top to bottom; a vertical gap, a change of type size (a headline) or a first-line
indent marks where a paragraph ends, as blank lines and indents do in a text dump,
for the layout stage to read. Ruled tables (found by pdfplumber) are left out:
their cells are data, not prose, and would read as a column of short lines.
"""

from __future__ import annotations

import io
import itertools
import statistics
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from jishi.ingest.base import IngestError

# A gutter between columns is wider than this many type heights (an ideographic space,
# one type height, is not one).
GUTTER_HEIGHTS = 1.2
# A band (a header, a headline across columns) crosses a region's would-be gutter, which
# at most this share of the region's fragments crosses.
BAND_SHARE = 0.1
# Paragraph evidence in a column: a gap of this many line pitches, a type size changed
# by this share, a first line indented by this many type heights.
GAP_PITCHES = 1.5
MAX_PITCH = 2.0
SIZE_CHANGE = 0.15
INDENT_HEIGHTS = 1.0
INDENT = "\u3000\u3000"


def pdf_text(source: Path | bytes, name: str) -> str:
    """The text layer of a PDF, read column by column on each page."""
    import pdfplumber

    try:
        with pdfplumber.open(source if isinstance(source, Path) else io.BytesIO(source)) as pdf:
            words = [_words(page) for page in pdf.pages]
    except Exception as error:
        # pdfminer parses the bytes as it finds them: a damaged file raises its own errors
        # and Python's (a TypeError for a page without a MediaBox), none of them a bug here.
        raise IngestError(name, f"not a readable PDF ({type(error).__name__}: {error})") from None
    pages = [page_text(page_words) for page_words in words]
    text = "\n\n".join(page for page in pages if page.strip())
    if not text.strip():
        raise IngestError(name, "the PDF has no text layer (a scanned image? run OCR first)")
    return text


def _words(page: Any) -> list[dict[str, Any]]:
    """The page's words with their type size, those inside ruled tables left out."""
    tables = [table.bbox for table in page.find_tables()]
    words: list[dict[str, Any]] = page.extract_words(extra_attrs=["size"])
    return [w for w in words if not any(_inside(w, box) for box in tables)]


def _inside(word: dict[str, Any], box: tuple[float, float, float, float]) -> bool:
    x0, top, x1, bottom = box
    return x0 <= word["x0"] and word["x1"] <= x1 and top <= word["top"] and word["bottom"] <= bottom


@dataclass
class Fragment:
    """Words printed on one line without a gutter between them."""

    x0: float
    x1: float
    top: float
    bottom: float
    size: float
    text: str

    @property
    def height(self) -> float:
        return self.bottom - self.top


def page_text(words: list[dict[str, Any]]) -> str:
    """Lines of one page in reading order: region by region, column by column."""
    fragments = line_fragments(words)
    if not fragments:
        return ""
    return "\n\n".join(column_text(part) for part in segment(fragments) if part)


def line_fragments(words: list[dict[str, Any]]) -> list[Fragment]:
    """Words grouped into lines by their top edge, a line cut where a gap as wide as the
    type is tall stands between two words (a gutter between columns)."""
    if not words:
        return []
    height = statistics.median(w["bottom"] - w["top"] for w in words)
    ordered = sorted(words, key=lambda w: (round(w["top"]), w["x0"]))
    lines: list[list[dict[str, Any]]] = []
    for word in ordered:
        if lines and abs(word["top"] - lines[-1][0]["top"]) <= height / 2:
            lines[-1].append(word)
        else:
            lines.append([word])
    fragments: list[Fragment] = []
    for line in lines:
        run: list[dict[str, Any]] = []
        for word in sorted(line, key=lambda w: w["x0"]):
            if run and word["x0"] - run[-1]["x1"] > GUTTER_HEIGHTS * height:
                fragments.append(_fragment(run))
                run = []
            run.append(word)
        fragments.append(_fragment(run))
    return fragments


def _fragment(words: list[dict[str, Any]]) -> Fragment:
    return Fragment(
        x0=min(w["x0"] for w in words),
        x1=max(w["x1"] for w in words),
        top=min(w["top"] for w in words),
        bottom=max(w["bottom"] for w in words),
        size=statistics.median(float(w.get("size") or w["bottom"] - w["top"]) for w in words),
        text=" ".join(w["text"] for w in words),
    )


def segment(fragments: list[Fragment]) -> list[list[Fragment]]:
    """The page's parts in reading order: columns left to right where gutters part
    the region; else the region cut above and below the bands that cross its
    would-be gutters (a running header, a headline over several columns)."""
    if len(fragments) < 2:
        return [fragments]
    height = statistics.median(f.height for f in fragments)
    gutters = _gutters(fragments, height, limit=0)
    if gutters:
        return [part for column in _columns(fragments, gutters) for part in segment(column)]
    sparse = _gutters(fragments, height, limit=max(1, int(BAND_SHARE * len(fragments))))
    bands = [f for f in fragments if any(f.x0 < right and f.x1 > left for left, right in sparse)]
    if not bands or len(bands) == len(fragments):
        return [fragments]
    parts: list[list[Fragment]] = []
    run: list[Fragment] = []
    for fragment in sorted(fragments, key=lambda f: (f.top, f.x0)):
        if fragment in bands:
            parts.extend(segment(run) if run else [])
            parts.append([fragment])
            run = []
        else:
            run.append(fragment)
    parts.extend(segment(run) if run else [])
    return parts


def _gutters(fragments: list[Fragment], height: float, limit: int) -> list[tuple[float, float]]:
    """x ranges at least one type height wide that at most ``limit`` fragments cross,
    with text on both sides (two fragments at least)."""
    left_edge = min(f.x0 for f in fragments)
    width = int(max(f.x1 for f in fragments) - left_edge) + 1
    cover = [0] * width
    for fragment in fragments:
        for x in range(int(fragment.x0 - left_edge), int(fragment.x1 - left_edge)):
            cover[x] += 1
    gutters = []
    x = 0
    while x < width:
        if cover[x] > limit:
            x += 1
            continue
        start = x
        while x < width and cover[x] <= limit:
            x += 1
        left, right = left_edge + start, left_edge + x
        sides = (
            sum(1 for f in fragments if f.x1 <= left),
            sum(1 for f in fragments if f.x0 >= right),
        )
        if right - left > GUTTER_HEIGHTS * height and min(sides) >= 2:
            gutters.append((left, right))
    return gutters


def _columns(fragments: list[Fragment], gutters: list[tuple[float, float]]) -> list[list[Fragment]]:
    """Fragments by the column they stand in, left to right."""
    columns: list[list[Fragment]] = [[] for _ in range(len(gutters) + 1)]
    for fragment in fragments:
        middle = (fragment.x0 + fragment.x1) / 2
        columns[sum(1 for left, _ in gutters if left <= middle)].append(fragment)
    return [column for column in columns if column]


def column_text(fragments: list[Fragment]) -> str:
    """One column's lines top to bottom. A paragraph ends at a vertical gap of more
    than one and a half line pitches or a change of type size (written as a blank
    line); a line indented by a type height or more starts one (written indented)."""
    lines = sorted(fragments, key=lambda f: (f.top, f.x0))
    height = statistics.median(f.height for f in lines)
    steps = [below.top - above.top for above, below in itertools.pairwise(lines)]
    # the line pitch inside a paragraph: steps of at most MAX_PITCH type heights (gaps
    # between paragraphs are longer, and on a short page may be most of the steps)
    inner = [step for step in steps if 0 < step <= MAX_PITCH * height]
    pitch = statistics.median(inner) if inner else MAX_PITCH * height
    left = min(f.x0 for f in lines)
    out: list[str] = []
    previous: Fragment | None = None
    for line in lines:
        if previous is not None:
            gap = line.top - previous.top > GAP_PITCHES * pitch
            resized = abs(line.size - previous.size) > SIZE_CHANGE * previous.size
            if gap or resized:
                out.append("")
        indented = line.x0 - left >= INDENT_HEIGHTS * line.height
        out.append(INDENT + line.text if indented else line.text)
        previous = line
    return "\n".join(out)
