"""Read-side queries shared by the CLI, the exports and the web API.

Full-text search over Chinese: SQLite's FTS5 trigram tokenizer only matches
terms of three or more characters, and two-character names are common
(北约, 美方, 俄乌), so a query with a shorter term falls back to a LIKE scan
of the article text. PostgreSQL uses ILIKE, which the pg_trgm GIN index serves for
three or more characters and scans for shorter ones: same results either way.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Select, func, literal_column, or_, select, text
from sqlalchemy.orm import Session

from jishi.store.schema import (
    ActorRow,
    ArticleRow,
    DocumentRow,
    EventMentionRow,
    EventRow,
    MentionRow,
    ParticipantRow,
    QuoteRow,
)

TRIGRAM = 3
SNIPPET_RADIUS = 30
LIST_SEPARATOR = "; "


@dataclass
class SearchHit:
    article_id: int
    document: str
    headline: str
    snippet: str


def _like_pattern(query: str) -> str:
    escaped = query.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"%{escaped}%"


def _search_ids(session: Session, terms: list[str], limit: int) -> list[int]:
    """Ids of the articles containing every term, best first."""
    dialect = session.get_bind().dialect.name
    if dialect == "sqlite" and all(len(term) >= TRIGRAM for term in terms):
        phrases = " ".join('"' + term.replace('"', '""') + '"' for term in terms)
        rows = session.execute(
            text("SELECT rowid FROM article_fts WHERE article_fts MATCH :q ORDER BY rank LIMIT :n"),
            {"q": phrases, "n": limit},
        )
        return [row[0] for row in rows]
    patterns = [ArticleRow.text.ilike(_like_pattern(term), escape="\\") for term in terms]
    order: Any = ArticleRow.id
    if dialect == "postgresql":
        order = func.word_similarity(" ".join(terms), ArticleRow.text).desc()
    query = select(ArticleRow.id).where(*patterns).order_by(order).limit(limit)
    return list(session.scalars(query))


def snippet(text_value: str, term: str) -> str:
    """The text around the first occurrence of a search term, on one line."""
    at = text_value.casefold().find(term.casefold())
    start = max(0, at - SNIPPET_RADIUS) if at >= 0 else 0
    piece = text_value[start : start + 2 * SNIPPET_RADIUS + len(term)]
    return ("…" if start else "") + " ".join(piece.split())


def search(session: Session, query: str, limit: int = 50) -> list[SearchHit]:
    """Articles whose headline, deck or paragraphs contain every space-separated term of `query`."""
    terms = query.split()
    if not terms:
        return []
    ids = _search_ids(session, terms, limit)
    rows = {
        article.id: (article, path)
        for article, path in session.execute(
            select(ArticleRow, func.coalesce(DocumentRow.path, DocumentRow.doc_key))
            .join(DocumentRow)
            .where(ArticleRow.id.in_(ids))
        )
    }
    return [
        SearchHit(
            article_id=article_id,
            document=rows[article_id][1],
            headline=rows[article_id][0].headline or "",
            snippet=snippet(rows[article_id][0].text, terms[0]),
        )
        for article_id in ids
    ]


def find_actors(session: Session, name: str) -> list[ActorRow]:
    """Actors named `name` in Chinese or English: exact matches, else containing it."""
    folded = name.strip().casefold()
    exact = select(ActorRow).where(
        or_(func.lower(ActorRow.name) == folded, func.lower(ActorRow.name_en) == folded)
    )
    found = list(session.scalars(exact.order_by(ActorRow.id)))
    if found:
        return found
    pattern = _like_pattern(name.strip())
    partial = select(ActorRow).where(
        or_(ActorRow.name.ilike(pattern, escape="\\"), ActorRow.name_en.ilike(pattern, escape="\\"))
    )
    return list(session.scalars(partial.order_by(ActorRow.id)))


def actor_label(actor: ActorRow | None) -> str:
    """English name where known, else the Chinese name."""
    if actor is None:
        return ""
    return actor.name_en or actor.name


EVENT_COLUMNS = [
    "event_id",
    "date",
    "actor_name",
    "actor_name_zh",
    "actor_country",
    "actor_sector",
    "recipient_name",
    "recipient_name_zh",
    "recipient_country",
    "recipient_sector",
    "plover_type",
    "plover_mode",
    "cameo_code",
    "negated",
    "modality",
    "location",
    "location_country",
    "num_mentions",
    "num_sources",
    "source_documents",
    "sentences",
    "triggers",
]


def event_query(
    session: Session,
    actor: str | None = None,
    event_type: str | None = None,
    since: str | None = None,
    until: str | None = None,
) -> Select[int]:
    """Ids of events matching the filters, in date order (undated last)."""
    query = select(EventRow.id)
    if actor is not None:
        actor_ids = [a.id for a in find_actors(session, actor)]
        reported = (
            select(EventMentionRow.event_id)
            .join(ParticipantRow)
            .where(ParticipantRow.actor_id.in_(actor_ids))
        )
        query = query.where(EventRow.id.in_(reported))
    if event_type is not None:
        query = query.where(func.upper(EventRow.type) == event_type.upper())
    if since is not None:
        query = query.where(EventRow.date >= since)
    if until is not None:
        query = query.where(EventRow.date <= until + "\uffff")
    return query.order_by(EventRow.date.is_(None), EventRow.date, EventRow.id)


def _joined(values: Iterable[str | None]) -> str:
    return LIST_SEPARATOR.join(dict.fromkeys(v for v in values if v))


def _side_columns(prefix: str, actors: list[ActorRow]) -> dict[str, str]:
    return {
        f"{prefix}_name": _joined(actor_label(a) for a in actors),
        f"{prefix}_name_zh": _joined(a.name for a in actors),
        f"{prefix}_country": _joined(a.country for a in actors),
        f"{prefix}_sector": _joined(a.sector for a in actors),
    }


def event_records(session: Session, event_ids: list[int]) -> list[dict[str, Any]]:
    """One row per event in the event-data layout (EVENT_COLUMNS, see docs/storage.md)."""
    events = {e.id: e for e in session.scalars(select(EventRow).where(EventRow.id.in_(event_ids)))}
    reports: dict[int, list[tuple[EventMentionRow, str]]] = defaultdict(list)
    for mention, source in session.execute(
        select(EventMentionRow, func.coalesce(DocumentRow.path, DocumentRow.doc_key))
        .join(ArticleRow, ArticleRow.id == EventMentionRow.article_id)
        .join(DocumentRow, DocumentRow.id == ArticleRow.document_id)
        .where(EventMentionRow.event_id.in_(event_ids))
        .order_by(EventMentionRow.id)
    ):
        reports[mention.event_id].append((mention, source))
    return [_event_record(events[i], reports[i]) for i in event_ids if i in events]


def _event_record(event: EventRow, reports: list[tuple[EventMentionRow, str]]) -> dict[str, Any]:
    """Roles come from the first report naming each actor: readouts of one call may swap them."""
    roles: dict[int, tuple[str, ActorRow]] = {}
    for mention, _ in reports:
        for participant in mention.participants:
            roles.setdefault(participant.actor_id, (participant.role, participant.actor))
    sources = [actor for role, actor in roles.values() if role == "source"]
    targets = [actor for role, actor in roles.values() if role == "target"]
    documents = list(dict.fromkeys(source for _, source in reports))
    return {
        "event_id": event.id,
        "date": event.date,
        **_side_columns("actor", sources),
        **_side_columns("recipient", targets),
        "plover_type": event.type,
        "plover_mode": event.mode,
        "cameo_code": event.cameo,
        "negated": event.negated,
        "modality": event.modality,
        "location": actor_label(event.location) or None,
        "location_country": event.location.country if event.location else None,
        "num_mentions": len(reports),
        "num_sources": len(documents),
        "source_documents": LIST_SEPARATOR.join(documents),
        "sentences": "\n".join(dict.fromkeys(m.sentence for m, _ in reports)),
        "triggers": _joined(m.trigger for m, _ in reports),
    }


@dataclass
class QuoteHit:
    quote: QuoteRow
    speaker: str
    date: str | None
    headline: str


def quotes_by(session: Session, speaker: str | None = None) -> list[QuoteHit]:
    """Quotes, optionally only those of the actors named `speaker`, in date order."""
    query = (
        select(
            QuoteRow,
            func.coalesce(QuoteRow.date, DocumentRow.published),
            func.coalesce(ArticleRow.headline, literal_column("''")),
        )
        .join(ArticleRow, ArticleRow.id == QuoteRow.article_id)
        .join(DocumentRow, DocumentRow.id == ArticleRow.document_id)
    )
    if speaker is not None:
        ids = [a.id for a in find_actors(session, speaker)]
        query = query.where(QuoteRow.speaker_id.in_(ids))
    rows = session.execute(query.order_by(QuoteRow.id))
    hits = [
        QuoteHit(quote, actor_label(quote.speaker) or (quote.speaker_text or ""), day, headline)
        for quote, day, headline in rows
    ]
    return sorted(hits, key=lambda hit: hit.date or "")


def actors_with_counts(session: Session, country: str | None = None) -> list[tuple[ActorRow, int]]:
    """Actors with how many mentions they have, most mentioned first."""
    count = func.count(MentionRow.id)
    query = select(ActorRow, count).outerjoin(MentionRow).group_by(ActorRow.id)
    if country is not None:
        query = query.where(func.upper(ActorRow.country) == country.upper())
    return list(session.execute(query.order_by(count.desc(), ActorRow.id)))


@dataclass
class TimelineEntry:
    date: str | None
    kind: str
    summary: str


def event_summary(row: dict[str, Any]) -> str:
    """One line for an event record: type/mode, who → whom, and its first sentence."""
    kind = "/".join(value for value in (row["plover_type"], row["plover_mode"]) if value)
    parties = row["actor_name"] + (f" → {row['recipient_name']}" if row["recipient_name"] else "")
    sentence = row["sentences"].splitlines()[0] if row["sentences"] else ""
    return f"{kind} {parties}: {sentence}"


def timeline(session: Session, actor: str) -> list[TimelineEntry]:
    """What one actor did (events) and said (quotes) over time."""
    events = event_records(session, list(session.scalars(event_query(session, actor=actor))))
    entries = [TimelineEntry(row["date"], "event", event_summary(row)) for row in events]
    entries += [
        TimelineEntry(hit.date, "quote", f"{hit.speaker}: {hit.quote.text}")
        for hit in quotes_by(session, actor)
    ]
    return sorted(entries, key=lambda entry: (entry.date or "\uffff", entry.kind))
