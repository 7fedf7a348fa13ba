"""Writing processed documents into the database, one transaction per document.

Safety rules: a document is identified by the SHA-256 of its text, so storing
the same content again adds nothing; a file whose content changed (same path,
new hash) replaces its old records; and each document is written inside one
transaction, so a failure or a killed process never leaves half a document.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from enum import Enum

from sqlalchemy import CompoundSelect, delete, exists, select, union
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session
from tqdm import tqdm

from jishi.ingest import content_hash
from jishi.link import actor_identity, find_same_event
from jishi.model import Article, Document, Entity, Event
from jishi.pipeline import Settings, run_stages
from jishi.store.database import Store
from jishi.store.schema import (
    ActorRow,
    ArticleRow,
    DocumentRow,
    EventMentionRow,
    EventRow,
    MentionRow,
    ParagraphRow,
    ParticipantRow,
    QuoteRow,
    TimeRow,
)


class Outcome(Enum):
    """What storing one document did."""

    ADDED = "added"
    REPLACED = "replaced"
    UNCHANGED = "unchanged"


@dataclass
class IngestReport:
    """What one `jishi ingest` run did, file by file."""

    counts: dict[Outcome, int] = field(default_factory=lambda: dict.fromkeys(Outcome, 0))
    failed: list[tuple[str, str]] = field(default_factory=list)


def ingest_files(
    store: Store,
    paths: Sequence[str],
    read: Callable[[str], Document],
    settings: Settings,
) -> IngestReport:
    """Read, process and store each file; a bad file is reported and the rest go on.

    Content already stored is recognised by its hash before the pipeline
    runs, so re-ingesting a corpus costs one read per file.
    """
    report = IngestReport()
    for path in tqdm(paths, desc="ingest", unit="file", disable=None):
        try:
            outcome = ingest_one(store, read(path), settings)
        except (ValueError, OSError) as error:
            report.failed.append((path, str(error)))
            continue
        report.counts[outcome] += 1
    return report


def ingest_one(store: Store, doc: Document, settings: Settings) -> Outcome:
    """Process one read document unless its content is stored, then store it in one transaction."""
    digest = doc.content_hash or content_hash(doc.text)
    with store.read() as session:
        if is_stored(session, digest):
            return Outcome.UNCHANGED
    run_stages(doc, settings)
    with store.write() as session:
        return store_document(session, doc)


def is_stored(session: Session, digest: str) -> bool:
    """Whether a document with this content is already in the database."""
    return bool(session.scalar(select(exists().where(DocumentRow.content_hash == digest))))


def store_document(session: Session, doc: Document) -> Outcome:
    """Store one processed document inside the caller's transaction."""
    digest = doc.content_hash or content_hash(doc.text)
    if is_stored(session, digest):
        return Outcome.UNCHANGED
    replaced = remove_path(session, doc.path) if doc.path else False
    row = DocumentRow(
        doc_key=doc.id,
        path=doc.path,
        content_hash=digest,
        published=doc.published,
        outlet=doc.outlet,
        article_count=len(doc.articles),
        record=doc.model_dump_json(),
        ingested_at=datetime.now(UTC).replace(tzinfo=None),
    )
    session.add(row)
    for position, article in enumerate(doc.articles):
        _store_article(session, row, position, article)
    return Outcome.REPLACED if replaced else Outcome.ADDED


def remove_path(session: Session, path: str) -> bool:
    """Delete the documents stored from `path` and what only they referred to."""
    ids = list(session.scalars(select(DocumentRow.id).where(DocumentRow.path == path)))
    if not ids:
        return False
    session.execute(delete(DocumentRow).where(DocumentRow.id.in_(ids)))
    remove_orphans(session)
    return True


def remove_orphans(session: Session) -> None:
    """Drop events no report describes any more, then actors nothing refers to."""
    session.execute(
        delete(EventRow).where(~exists().where(EventMentionRow.event_id == EventRow.id))
    )
    referenced: CompoundSelect[tuple[int | None]] = union(
        select(MentionRow.actor_id),
        select(QuoteRow.speaker_id).where(QuoteRow.speaker_id.is_not(None)),
        select(ParticipantRow.actor_id),
        select(EventRow.location_id).where(EventRow.location_id.is_not(None)),
    )
    session.execute(delete(ActorRow).where(ActorRow.id.not_in(referenced)))


def article_text(article: Article) -> str:
    """What full-text search sees: headline, deck and every paragraph."""
    parts = [article.headline, article.deck, *(p.text for p in article.paragraphs)]
    return "\n".join(part for part in parts if part)


def _store_article(session: Session, doc_row: DocumentRow, position: int, article: Article) -> None:
    dateline = article.dateline
    row = ArticleRow(
        position=position,
        article_key=article.id,
        headline=article.headline,
        deck=article.deck,
        kicker=article.kicker,
        source=article.source,
        dateline_agency=dateline.agency if dateline else None,
        dateline_place=dateline.place if dateline else None,
        dateline_date=dateline.date if dateline else None,
        text=article_text(article),
    )
    doc_row.articles.append(row)
    row.paragraphs = [
        ParagraphRow(position=number, role=p.role, text=p.text)
        for number, p in enumerate(article.paragraphs)
    ]
    actors = {entity.id: upsert_actor(session, entity) for entity in article.entities}
    row.mentions = [
        MentionRow(
            actor_id=actors[entity.id],
            entity_key=entity.id,
            text=m.text,
            paragraph=m.paragraph,
            start_offset=m.start,
            end_offset=m.end,
        )
        for entity in article.entities
        for m in entity.mentions
    ]
    row.times = [
        TimeRow(
            text=t.text,
            value=t.value,
            kind=t.kind,
            grain=t.grain,
            anchor=t.anchor,
            paragraph=t.paragraph,
            start_offset=t.start,
            end_offset=t.end,
        )
        for t in article.times
    ]
    row.quotes = [
        QuoteRow(
            speaker_id=actors.get(q.speaker) if q.speaker else None,
            text=q.text,
            kind=q.kind,
            paragraph=q.paragraph,
            start_offset=q.start,
            end_offset=q.end,
            speaker_text=q.speaker_text,
            date=q.date,
        )
        for q in article.quotes
    ]
    session.flush()
    for event in article.events:
        _store_event(session, row, event, actors)


def upsert_actor(session: Session, entity: Entity) -> int:
    """The id of the canonical actor for `entity`, inserting it when new.

    INSERT ... ON CONFLICT DO NOTHING keeps two concurrent ingests from
    failing on the same new actor.
    """
    identity = actor_identity(entity)
    values = {
        "identity": identity,
        "name": entity.name,
        "name_en": entity.name_en,
        "type": entity.type,
        "kind": entity.kind,
        "country": entity.country,
        "sector": entity.sector,
        "qid": entity.qid,
        "linked": entity.linked,
    }
    dialect = postgresql if session.get_bind().dialect.name == "postgresql" else sqlite
    session.execute(dialect.insert(ActorRow).values(values).on_conflict_do_nothing())
    actor_id: int = session.scalars(select(ActorRow.id).where(ActorRow.identity == identity)).one()
    return actor_id


def _store_event(
    session: Session, article_row: ArticleRow, event: Event, actors: dict[str, int]
) -> None:
    """Store every report of `event` in this article under the stored event it repeats.

    The events are flushed one by one so that a later event of the same
    document can be merged with an earlier one (two articles of one page
    reporting the same call).
    """
    roles = [("source", key) for key in event.source] + [("target", key) for key in event.target]
    participants = sorted({(role, actors[key]) for role, key in roles if key in actors})
    event_id = find_same_event(session, event.type, event.date, {a for _, a in participants})
    if event_id is None:
        event_row = EventRow(
            type=event.type,
            mode=event.mode,
            cameo=event.cameo,
            date=event.date,
            location_id=actors.get(event.location) if event.location else None,
            negated=event.negated,
            modality=event.modality,
        )
        session.add(event_row)
        session.flush()
        event_id = event_row.id
    reports = [(event.paragraph, event.trigger, event.sentence)] + [
        (m.paragraph, m.trigger, m.sentence) for m in event.mentions
    ]
    for paragraph, trigger, sentence in reports:
        article_row.event_mentions.append(
            EventMentionRow(
                event_id=event_id,
                event_key=event.id,
                trigger=trigger,
                sentence=sentence,
                paragraph=paragraph,
                date=event.date,
                participants=[ParticipantRow(actor_id=a, role=r) for r, a in participants],
            )
        )
    session.flush()
