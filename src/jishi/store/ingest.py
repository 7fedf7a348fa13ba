"""Writing processed documents into the database, one transaction per document.

Safety rules: a document is identified by the SHA-256 of its text, so storing
the same content again adds nothing; a file whose content changed (same path,
new hash) replaces its old records; and each document is written inside one
transaction, so a failure or a killed process never leaves half a document.
"""

from __future__ import annotations

import os
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from enum import Enum
from pathlib import Path
from typing import Any

from sqlalchemy import CompoundSelect, delete, exists, insert, select, text, union
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session
from tqdm import tqdm

from jishi.ingest import IngestError, content_hash
from jishi.model import Article, Document, Entity, Event
from jishi.parallel import batches, imap
from jishi.pipeline import run_stages, warm
from jishi.settings import Settings
from jishi.store.database import Store, StoreError, open_store
from jishi.store.link import EventIndex, KnownEvent, actor_identity, date_window
from jishi.store.reports import report_places
from jishi.store.schema import (
    ActorRow,
    ArticleRow,
    Base,
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


# Bytes of input per worker call: enough sentences for the tagger to batch across files.
BATCH_BYTES = 256_000


@dataclass(frozen=True)
class IngestJob:
    """What every ingest worker is started with (sent to each worker once)."""

    url: str
    settings: Settings
    workers_write: bool
    """PostgreSQL: workers store their documents in parallel. SQLite allows one writer,
    so workers hand processed documents back and the parent stores them, in input order."""


FileResult = tuple[str, Outcome | Document | str]
"""A file, and what became of it: stored (its outcome), read or processed and waiting
for the parent to store it, or failed (the message)."""


def ingest_files(
    store: Store, url: str, paths: Sequence[str], settings: Settings, jobs: int = 1
) -> IngestReport:
    """Read, process and store each file on ``jobs`` worker processes; a bad file is
    reported and the rest go on.

    Content already stored is recognised by its hash before the pipeline runs, so
    re-ingesting a corpus costs one read per file. The database gets the same rows for
    any number of workers: on SQLite the parent writes in input order, and on
    PostgreSQL each document is its own transaction whatever process writes it.
    """
    job = IngestJob(url, settings, workers_write=store.dialect == "postgresql")
    report = IngestReport()
    work = batches(paths, _file_size, BATCH_BYTES, jobs)
    tqdm.monitor_interval = 0  # no monitor thread: the workers are forked from this one
    with tqdm(total=len(paths), desc="ingest", unit="file", disable=None) as progress:
        for results in imap(ingest_batch, job, work, jobs, lambda job: warm(job.settings)):
            for path, result in results:
                if isinstance(result, Document):
                    result = store_processed(store, result)
                if isinstance(result, str):
                    report.failed.append((path, result))
                else:
                    report.counts[result] += 1
            progress.update(len(results))
    return report


def ingest_batch(job: IngestJob, paths: list[str]) -> list[FileResult]:
    """Worker: read the files, skip stored content, process the rest together and, where
    workers write, store them."""
    from jishi.ingest import read_document
    from jishi.pipeline import run_stages_batch

    store = _worker_store(job.url)
    results: dict[str, Outcome | Document | str] = {}
    pending: list[tuple[str, Document]] = []
    for path in paths:
        try:
            doc = read_document(Path(path), job.settings)
        except IngestError as error:
            results[path] = error.problem
            continue
        except Exception as error:  # a reader failing on one file must not stop the batch
            results[path] = f"reading failed ({type(error).__name__}: {error})"
            continue
        needed = needs_storing(store, doc)
        if needed is Need.NOTHING:
            results[path] = Outcome.UNCHANGED
        elif needed is Need.OLD_RECORDS_REMOVED:
            results[path] = store_processed(store, doc) if job.workers_write else doc
        else:
            pending.append((path, doc))
    processed = run_stages_batch([doc for _, doc in pending], job.settings)
    for (path, _), outcome in zip(pending, processed, strict=True):
        if isinstance(outcome, Exception):
            results[path] = f"processing failed ({type(outcome).__name__}: {outcome})"
        elif job.workers_write:
            results[path] = store_processed(store, outcome)
        else:
            results[path] = without_working_state(outcome)
    return [(path, results[path]) for path in paths]


_stores: dict[tuple[int, str], Store] = {}


def _worker_store(url: str) -> Store:
    """The database, opened once per worker process (the parent has migrated it). Kept
    under the process id: a forked worker inherits the parent's stores, whose
    connections it must not use."""
    key = (os.getpid(), url)
    if key not in _stores:
        _stores[key] = open_store(url)
    return _stores[key]


def _file_size(path: str) -> int:
    try:
        return Path(path).stat().st_size
    except OSError:
        return 0  # reported when the worker reads it


def without_working_state(doc: Document) -> Document:
    """The document without the tokens and sentences later stages worked on, which the
    store does not keep: what a worker sends back is a fraction of the size."""
    for article in doc.articles:
        article.parts = {}
        for paragraph in article.paragraphs:
            paragraph.sentences, paragraph.tokens, paragraph.tagged = [], [], []
    return doc


class Need(Enum):
    """What storing a read document needs."""

    NOTHING = "its content is stored from this path"
    OLD_RECORDS_REMOVED = "its content is stored, but the path's old records differ"
    PROCESSING = "its content is new"


def needs_storing(store: Store, doc: Document) -> Need:
    digest = doc.content_hash or content_hash(doc.text)
    with store.read() as session:
        if not is_stored(session, digest):
            return Need.PROCESSING
        stale = has_stale_records(session, doc.path, digest)
    return Need.OLD_RECORDS_REMOVED if stale else Need.NOTHING


def ingest_one(store: Store, doc: Document, settings: Settings) -> Outcome:
    """Process one read document unless its content is stored, then store it in one transaction."""
    needed = needs_storing(store, doc)
    if needed is Need.NOTHING:
        return Outcome.UNCHANGED
    if needed is Need.PROCESSING:
        run_stages(doc, settings)
    return store_processed(store, doc)


def store_processed(store: Store, doc: Document) -> Outcome:
    """Store one processed document in its own transaction."""
    digest = doc.content_hash or content_hash(doc.text)
    try:
        with store.write() as session:
            return store_document(session, doc)
    except StoreError as error:
        # Another writer may have stored the same content since it was checked
        # (PostgreSQL writers run in parallel): then there is nothing to add.
        with store.read() as session:
            if isinstance(error.__cause__, IntegrityError) and is_stored(session, digest):
                return Outcome.UNCHANGED
        raise


def is_stored(session: Session, digest: str) -> bool:
    """Whether a document with this content is already in the database."""
    return bool(session.scalar(select(exists().where(DocumentRow.content_hash == digest))))


def has_stale_records(session: Session, path: str | None, digest: str) -> bool:
    """Whether records stored from `path` hold content other than `digest` (the file changed)."""
    if path is None:
        return False
    stale = exists().where(DocumentRow.path == path, DocumentRow.content_hash != digest)
    return bool(session.scalar(select(stale)))


def store_document(session: Session, doc: Document) -> Outcome:
    """Store one processed document inside the caller's transaction.

    Rows are written with bulk INSERTs (one statement per table and
    document) rather than through the ORM unit of work, which keeps storing
    far cheaper than processing.
    """
    digest = doc.content_hash or content_hash(doc.text)
    replaced = remove_path(session, doc.path, keep=digest) if doc.path else False
    if is_stored(session, digest):
        # The file's new content is stored already (from another file): its old
        # records go, and the content is kept once.
        return Outcome.REPLACED if replaced else Outcome.UNCHANGED
    document_row = {
        "doc_key": doc.id,
        "path": doc.path,
        "content_hash": digest,
        "published": doc.published,
        "published_inferred": doc.published_inferred,
        "outlet": doc.outlet,
        "article_count": len(doc.articles),
        "record": doc.model_dump_json(),
        "text": doc.text,
        "ingested_at": datetime.now(UTC).replace(tzinfo=None),
    }
    document_id = _insert_returning_ids(session, DocumentRow, [document_row])[0]
    actors = upsert_actors(session, [e for a in doc.articles for e in a.entities])
    article_rows = [_article_row(document_id, n, a) for n, a in enumerate(doc.articles)]
    by_position = _insert_returning_keys(session, ArticleRow, article_rows, ("position",))
    article_ids = [by_position[(position,)][0] for position in range(len(doc.articles))]
    # Entity ids are local to an article; each article's map to the stored actors.
    local_actors = [
        {entity.id: actors[actor_identity(entity)] for entity in article.entities}
        for article in doc.articles
    ]
    stored = list(zip(article_ids, doc.articles, local_actors, strict=True))
    parts: dict[type[Base], list[dict[str, Any]]] = defaultdict(list)
    for article_id, article, local in stored:
        for table, rows in _article_parts(article_id, article, local).items():
            parts[table] += rows
    for table, rows in parts.items():
        _insert(session, table, rows)
    _store_events(session, stored)
    return Outcome.REPLACED if replaced else Outcome.ADDED


def _insert_returning_ids(
    session: Session, table: type[Base], rows: list[dict[str, Any]]
) -> list[int]:
    """Insert many rows in one statement; their new ids in the order of `rows`."""
    if not rows:
        return []
    core = Base.metadata.tables[table.__tablename__]
    statement = insert(core).returning(core.c.id, sort_by_parameter_order=True)
    return list(session.connection().scalars(statement, rows))


def _insert_returning_keys(
    session: Session, table: type[Base], rows: list[dict[str, Any]], keys: tuple[str, ...]
) -> dict[tuple[Any, ...], list[int]]:
    """Insert many rows; their new ids by the values of the `keys` columns.

    Asking for ids in row order makes SQLAlchemy insert SQLite rows one at a
    time; keying them by columns that tell the rows apart lets it batch.
    """
    ids: dict[tuple[Any, ...], list[int]] = defaultdict(list)
    if rows:
        core = Base.metadata.tables[table.__tablename__]
        statement = insert(core).returning(core.c.id, *(core.c[key] for key in keys))
        for new_id, *values in session.connection().execute(statement, rows):
            ids[tuple(values)].append(new_id)
    return ids


def _insert(session: Session, table: type[Base], rows: list[dict[str, Any]]) -> None:
    """Insert many rows through Core (no ORM bookkeeping: nothing reads them back)."""
    if rows:
        session.connection().execute(insert(Base.metadata.tables[table.__tablename__]), rows)


def _article_row(document_id: int, position: int, article: Article) -> dict[str, Any]:
    dateline = article.dateline
    return {
        "document_id": document_id,
        "position": position,
        "article_key": article.id,
        "headline": article.headline,
        "deck": article.deck,
        "kicker": article.kicker,
        "source": article.source,
        "dateline_agency": dateline.agency if dateline else None,
        "dateline_place": dateline.place if dateline else None,
        "dateline_date": dateline.date if dateline else None,
        "text": article_text(article),
    }


def remove_path(session: Session, path: str, keep: str | None = None) -> bool:
    """Delete the documents stored from `path` (but the one with content `keep`) and what
    only they referred to."""
    query = select(DocumentRow.id).where(DocumentRow.path == path)
    if keep is not None:
        query = query.where(DocumentRow.content_hash != keep)
    ids = list(session.scalars(query))
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
        select(EventMentionRow.reported_by_id).where(EventMentionRow.reported_by_id.is_not(None)),
    )
    session.execute(delete(ActorRow).where(ActorRow.id.not_in(referenced)))


def article_text(article: Article) -> str:
    """What full-text search sees: headline, deck and every paragraph."""
    parts = [article.headline, article.deck, *(p.text for p in article.paragraphs)]
    return "\n".join(part for part in parts if part)


def _article_parts(
    article_id: int, article: Article, actors: dict[str, int]
) -> dict[type[Base], list[dict[str, Any]]]:
    """Rows of the paragraphs, mentions, times and quotes of one stored article."""
    paragraphs = [
        {"article_id": article_id, "position": number, "role": p.role, "text": p.text}
        for number, p in enumerate(article.paragraphs)
    ]
    mentions = [
        {
            "article_id": article_id,
            "actor_id": actors[entity.id],
            "entity_key": entity.id,
            "text": m.text,
            "paragraph": m.paragraph,
            "start_offset": m.start,
            "end_offset": m.end,
        }
        for entity in article.entities
        for m in entity.mentions
    ]
    times = [
        {
            "article_id": article_id,
            "text": t.text,
            "value": t.value,
            "kind": t.kind,
            "grain": t.grain,
            "anchor": t.anchor,
            "paragraph": t.paragraph,
            "start_offset": t.start,
            "end_offset": t.end,
        }
        for t in article.times
    ]
    quotes = [
        {
            "article_id": article_id,
            "speaker_id": actors.get(q.speaker) if q.speaker else None,
            "text": q.text,
            "kind": q.kind,
            "paragraph": q.paragraph,
            "start_offset": q.start,
            "end_offset": q.end,
            "speaker_text": q.speaker_text,
            "date": q.date,
        }
        for q in article.quotes
    ]
    return {ParagraphRow: paragraphs, MentionRow: mentions, TimeRow: times, QuoteRow: quotes}


def upsert_actors(session: Session, entities: list[Entity]) -> dict[str, int]:
    """Actor ids by identity for `entities`, inserting the actors not yet stored.

    INSERT ... ON CONFLICT DO NOTHING keeps two concurrent ingests from
    failing on the same new actor.
    """
    rows = {
        actor_identity(entity): {
            "identity": actor_identity(entity),
            "name": entity.name,
            "name_en": entity.name_en,
            "type": entity.type,
            "kind": entity.kind,
            "country": entity.country,
            "sector": entity.sector,
            "qid": entity.qid,
            "linked": entity.linked,
        }
        for entity in entities
    }
    if not rows:
        return {}
    dialect = postgresql if session.get_bind().dialect.name == "postgresql" else sqlite
    actors = Base.metadata.tables[ActorRow.__tablename__]
    session.connection().execute(
        dialect.insert(actors).on_conflict_do_nothing(), list(rows.values())
    )
    stored = session.execute(
        select(ActorRow.identity, ActorRow.id).where(ActorRow.identity.in_(rows))
    )
    return {identity: actor_id for identity, actor_id in stored}


# The advisory lock key PostgreSQL writers hold while they link a document's events.
EVENT_LINK_LOCK = 0x6A69736865  # "jishe"


def _lock_event_links(session: Session) -> None:
    """Two PostgreSQL writers storing reports of one event at once would each find no
    stored event to join and make two: the link step and the commit after it are taken
    one writer at a time (a transaction-level advisory lock). SQLite has one writer."""
    if session.get_bind().dialect.name == "postgresql":
        session.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": EVENT_LINK_LOCK})


def _store_events(session: Session, stored: list[tuple[int, Article, dict[str, int]]]) -> None:
    """Store every event report of the document, each under the stored event it repeats.

    New events get a negative placeholder id while the document is linked,
    so that all of them are inserted in one statement at the end.
    """
    events = [event for _, article, _ in stored for event in article.events]
    _lock_event_links(session)
    index = EventIndex(session, events, {actor for *_, local in stored for actor in local.values()})
    new_events: list[dict[str, Any]] = []
    mentions: list[dict[str, Any]] = []
    parties: dict[tuple[Any, ...], list[tuple[str, int]]] = {}
    for article_id, article, local in stored:
        for event in article.events:
            participants = _participants(event, local)
            location = local.get(event.location) if event.location else None
            actor_ids = {actor for _, actor in participants}
            event_id = _event_ref(index, event, actor_ids, location, new_events)
            reports = [
                (event.paragraph, event.trigger, event.sentence),
                *((m.paragraph, m.trigger, m.sentence) for m in event.mentions),
            ]
            places = report_places(article, event)
            for (paragraph, trigger, sentence), where in zip(reports, places, strict=True):
                mentions.append(
                    {
                        "event_id": event_id,
                        "article_id": article_id,
                        "event_key": event.id,
                        "trigger": trigger,
                        "sentence": sentence,
                        "paragraph": paragraph,
                        "date": event.date,
                        "sentence_index": where.sentence_index,
                        "trigger_start": where.trigger_start,
                        "trigger_end": where.trigger_end,
                        "reported_by_id": local.get(where.reported_by or ""),
                    }
                )
                parties[(article_id, event.id, paragraph, trigger, sentence)] = participants
    new_ids = _insert_returning_ids(session, EventRow, new_events)
    for mention in mentions:
        if mention["event_id"] < 0:
            mention["event_id"] = new_ids[-mention["event_id"] - 1]
    report_keys = ("article_id", "event_key", "paragraph", "trigger", "sentence")
    mention_ids = _insert_returning_keys(session, EventMentionRow, mentions, report_keys)
    rows = [
        {"event_mention_id": mention_id, "actor_id": actor_id, "role": role}
        for key, ids in mention_ids.items()
        for mention_id in ids
        for role, actor_id in parties[key]
    ]
    _insert(session, ParticipantRow, rows)


def _participants(event: Event, local: dict[str, int]) -> list[tuple[str, int]]:
    """(role, actor id) of the event's sources and targets that are entities of the article."""
    roles = [("source", key) for key in event.source] + [("target", key) for key in event.target]
    return sorted({(role, local[key]) for role, key in roles if key in local})


def _event_ref(
    index: EventIndex,
    event: Event,
    actors: set[int],
    location: int | None,
    new_events: list[dict[str, Any]],
) -> int:
    """The stored event this report repeats (its parties updated), else a new one's placeholder."""
    known = index.find(event, actors)
    if known is not None:
        known.actors |= actors
        return known.id
    new_events.append(
        {
            "type": event.type,
            "mode": event.mode,
            "cameo": event.cameo,
            "date": event.date,
            "location_id": location,
            "negated": event.negated,
            "modality": event.modality,
        }
    )
    placeholder = -len(new_events)
    if date_window(event.date):
        index.add(KnownEvent(placeholder, event.type, event.mode, str(event.date), set(actors)))
    return placeholder
