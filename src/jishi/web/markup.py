"""Marking text for the pages: spans of a paragraph as nested HTML elements, search
terms highlighted, links that keep the filters. Everything is escaped here, once.

Why segments: an entity sits inside a quote that sits inside an event's
sentence, and spans need not nest cleanly, so the paragraph is cut at every
span boundary and each piece is wrapped in the spans covering it, outermost
(event) first; hovering shows the innermost element's title.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from itertools import pairwise
from typing import Any
from urllib.parse import urlencode

from markupsafe import Markup, escape

from jishi.store.detail import Span
from jishi.store.queries import highlight_spans

KIND_ORDER = {"event": 0, "quote": 1, "time": 2, "entity": 3}


def _open(span: Span, first: bool) -> str:
    title = escape(span.label)
    if span.kind == "entity" and span.ref is not None:
        return f'<a class="mark entity" href="/actors/{span.ref}" title="{title}">'
    if span.kind == "event":
        anchor = f' id="s-{span.ref}"' if first and span.ref is not None else ""
        ref = f' data-event="{span.ref}"' if span.ref is not None else ""
        return f'<span class="mark event"{anchor}{ref} title="{title}">'
    return f'<span class="mark {span.kind}" title="{title}">'


def _close(span: Span) -> str:
    return "</a>" if span.kind == "entity" and span.ref is not None else "</span>"


def marked(text: str, spans: Iterable[Span]) -> Markup:
    """The text with each span wrapped in an element of its kind; an event's first piece
    carries the anchor s-EVENT that the article's event list links to."""
    spans = [s for s in spans if 0 <= s.start < s.end <= len(text)]
    cuts = sorted({0, len(text), *(s.start for s in spans), *(s.end for s in spans)})
    anchored: set[int] = set()
    html: list[str] = []
    for start, end in pairwise(cuts):
        covering = sorted(
            (s for s in spans if s.start <= start and end <= s.end),
            key=lambda s: (KIND_ORDER.get(s.kind, 9), s.start),
        )
        opened = []
        for span in covering:
            first = span.kind == "event" and span.ref not in anchored
            if first and span.ref is not None:
                anchored.add(span.ref)
            opened.append(_open(span, first))
        html.append("".join(opened) + str(escape(text[start:end])))
        html.append("".join(_close(span) for span in reversed(covering)))
    return Markup("".join(html))


def highlighted(text: str, spans: Iterable[tuple[int, int]], css: str = "") -> Markup:
    """The text with the given (start, end) pieces in <mark> (of class `css`)."""
    html, at = [], 0
    opening = f'<mark class="{escape(css)}">' if css else "<mark>"
    for start, end in spans:
        html.append(str(escape(text[at:start])) + f"{opening}{escape(text[start:end])}</mark>")
        at = end
    return Markup("".join(html) + str(escape(text[at:])))


def query_url(path: str, params: Mapping[str, Any], **changes: Any) -> str:
    """`path` with the current parameters, some changed (None removes one)."""
    merged = {key: value for key, value in {**params, **changes}.items() if value not in (None, "")}
    return path + ("?" + urlencode(merged) if merged else "")


def names(actors: Iterable[Any]) -> str:
    return "; ".join(actor.name_en or actor.name for actor in actors)


FILTERS = {"marked": marked, "highlighted": highlighted, "names": names}
GLOBALS = {"query_url": query_url, "shared_spans": highlight_spans}
