"""A plain-text report of processed documents, for a person reading a terminal.

JSON is the contract for programs; this is the view for an analyst checking
what the pipeline made of a page. Every section is optional: a document run
only up to `layout` prints its articles and paragraphs and nothing else.
"""

from __future__ import annotations

from jishi.model import Article, Document, Entity, Event, printable

RULE = "=" * 72
INDENT = "    "
YEAR_BASIS = {"text": "a date in the text", "file_mtime": "the file's modification time"}


def render_document(doc: Document) -> str:
    """The whole report for one document.

    Control characters are escaped (a path's newline too): a file name or a page
    may hold a terminal escape, and the report is printed on a terminal.
    """
    header = [RULE, f"Document {doc.id}"]
    facts = [
        ("path", printable(doc.path) if doc.path else None),
        ("published", _published(doc)),
        ("outlet", doc.outlet),
    ]
    header += [f"{label}: {value}" for label, value in facts if value]
    header.append(f"articles: {len(doc.articles)}")
    parts = ["\n".join(header)]
    parts += [render_article(article, number) for number, article in enumerate(doc.articles, 1)]
    return printable("\n\n".join(parts), keep="\n\t") + "\n"


def _published(doc: Document) -> str | None:
    if doc.published and doc.published_inferred:
        basis = YEAR_BASIS.get(doc.published_inferred_from or "")
        year = f", year from {basis}" if basis else ""
        return f"{doc.published} (inferred from datelines{year})"
    return doc.published


def render_article(article: Article, number: int) -> str:
    """One article: head, paragraphs with roles, then what later stages found."""
    lines = [f"--- Article {number} ({article.id})"]
    lines += _head(article)
    lines.append("")
    for index, paragraph in enumerate(article.paragraphs):
        lines.append(f"[{index}] {paragraph.role}: {paragraph.text}")
    for title, body in (
        ("Entities", [_entity(e) for e in article.entities]),
        (
            "Times",
            [f"{t.text} = {t.value or '?'} (paragraph {t.paragraph})" for t in article.times],
        ),
        ("Quotes", [_quote(article, q.kind, q.speaker, q.text) for q in article.quotes]),
        ("Events", [_event(article, e) for e in article.events]),
    ):
        if body:
            lines += ["", f"{title}:"] + [INDENT + item for item in body]
    return "\n".join(lines)


def _head(article: Article) -> list[str]:
    fields = [
        ("Kicker", article.kicker),
        ("Headline", article.headline or "(no headline)"),
        ("Deck", article.deck),
        ("Source", article.source),
    ]
    lines = [f"{label}: {value}" for label, value in fields if value]
    dateline = article.dateline
    if dateline is not None:
        parts = [dateline.agency, dateline.place, dateline.date]
        lines.append("Dateline: " + " / ".join(part or "?" for part in parts))
    return lines


def _entity(entity: Entity) -> str:
    romanized = f"(no English name; read {entity.romanized})" if entity.romanized else None
    english = entity.name_en or romanized or "(no English name)"
    extras = [entity.country, entity.qid, None if entity.linked else "unlinked"]
    detail = ", ".join(extra for extra in extras if extra)
    mentions = len(entity.mentions)
    return (
        f"{entity.type} {entity.name} = {english}"
        + (f" [{detail}]" if detail else "")
        + (f" ×{mentions}" if mentions > 1 else "")
    )


def _name(article: Article, entity_id: str | None) -> str:
    """An actor as a reader knows it: English name, else Chinese name, else the raw id."""
    entity = article.entity(entity_id)
    if entity is None:
        return entity_id or "?"
    return entity.name_en or entity.name


def _quote(article: Article, kind: str, speaker: str | None, text: str) -> str:
    return f"{_name(article, speaker) if speaker else '(unknown speaker)'} ({kind}): {text}"


def _event(article: Article, event: Event) -> str:
    kind = "/".join(part for part in (event.type, event.mode) if part)
    sources = ", ".join(_name(article, e) for e in event.source) or "?"
    targets = ", ".join(_name(article, e) for e in event.target) or "?"
    flags = [
        f"on {event.date}" if event.date else None,
        f"in {_name(article, event.location)}" if event.location else None,
        "negated" if event.negated else None,
        event.modality,
    ]
    detail = ", ".join(flag for flag in flags if flag)
    summary = f"{kind}: {sources} → {targets}" + (f" ({detail})" if detail else "")
    return f"{summary} «{event.trigger}» {event.sentence}"
