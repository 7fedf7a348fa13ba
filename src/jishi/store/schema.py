"""The relational schema: one table per record type of the document model.

Why flat tables rather than one JSON blob per document: analysts query across
documents (every event of one actor, every quote of one speaker), and the
event table must be joinable with other event data. Each document also keeps
its full JSON record so that the JSON Lines export returns exactly what the
pipeline produced.

Actors and events are shared across documents (the link stage merges them);
everything else belongs to one document and is deleted with it (ON DELETE
CASCADE), which is what makes replacing a changed file a single delete.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Boolean, DateTime, ForeignKey, Index, Integer, String, Text, false
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship


class Base(DeclarativeBase):
    """Declarative base whose metadata the migrations describe."""


class DocumentRow(Base):
    """One input file (or text); identified by the SHA-256 of its text."""

    __tablename__ = "documents"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    doc_key: Mapped[str] = mapped_column(String(200))
    path: Mapped[str | None] = mapped_column(Text, index=True)
    content_hash: Mapped[str] = mapped_column(String(64), unique=True)
    published: Mapped[str | None] = mapped_column(String(32))
    published_inferred: Mapped[bool] = mapped_column(Boolean, server_default=false())
    outlet: Mapped[str | None] = mapped_column(Text)
    article_count: Mapped[int] = mapped_column(Integer)
    record: Mapped[str] = mapped_column(Text)
    # The decoded input text the articles were rebuilt from (null for rows stored before 0002).
    text: Mapped[str | None] = mapped_column(Text)
    ingested_at: Mapped[datetime] = mapped_column(DateTime)

    articles: Mapped[list[ArticleRow]] = relationship(
        back_populates="document", cascade="all, delete-orphan", passive_deletes=True
    )


class ArticleRow(Base):
    """One article; `text` (headline, deck and paragraphs) is what full-text search sees."""

    __tablename__ = "articles"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    document_id: Mapped[int] = mapped_column(
        ForeignKey("documents.id", ondelete="CASCADE"), index=True
    )
    position: Mapped[int] = mapped_column(Integer)
    article_key: Mapped[str] = mapped_column(String(200))
    headline: Mapped[str | None] = mapped_column(Text)
    deck: Mapped[str | None] = mapped_column(Text)
    kicker: Mapped[str | None] = mapped_column(Text)
    source: Mapped[str | None] = mapped_column(Text)
    dateline_agency: Mapped[str | None] = mapped_column(Text)
    dateline_place: Mapped[str | None] = mapped_column(Text)
    dateline_date: Mapped[str | None] = mapped_column(String(32))
    text: Mapped[str] = mapped_column(Text)

    document: Mapped[DocumentRow] = relationship(back_populates="articles")
    paragraphs: Mapped[list[ParagraphRow]] = relationship(
        cascade="all, delete-orphan", passive_deletes=True
    )
    mentions: Mapped[list[MentionRow]] = relationship(
        cascade="all, delete-orphan", passive_deletes=True
    )
    times: Mapped[list[TimeRow]] = relationship(cascade="all, delete-orphan", passive_deletes=True)
    quotes: Mapped[list[QuoteRow]] = relationship(
        cascade="all, delete-orphan", passive_deletes=True
    )
    event_mentions: Mapped[list[EventMentionRow]] = relationship(
        cascade="all, delete-orphan", passive_deletes=True
    )


class ParagraphRow(Base):
    __tablename__ = "paragraphs"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    article_id: Mapped[int] = mapped_column(
        ForeignKey("articles.id", ondelete="CASCADE"), index=True
    )
    position: Mapped[int] = mapped_column(Integer)
    role: Mapped[str] = mapped_column(String(20))
    text: Mapped[str] = mapped_column(Text)


class ActorRow(Base):
    """A canonical actor shared by all documents; `identity` is the merge key (see link.py)."""

    __tablename__ = "actors"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    identity: Mapped[str] = mapped_column(String(400), unique=True)
    name: Mapped[str] = mapped_column(Text)
    name_en: Mapped[str | None] = mapped_column(Text)
    type: Mapped[str] = mapped_column(String(3))
    kind: Mapped[str | None] = mapped_column(String(40))
    country: Mapped[str | None] = mapped_column(String(3), index=True)
    sector: Mapped[str | None] = mapped_column(String(40))
    qid: Mapped[str | None] = mapped_column(String(20))
    linked: Mapped[bool] = mapped_column(Boolean)


class MentionRow(Base):
    """One surface form of an actor in a paragraph; `entity_key` is the article-local id."""

    __tablename__ = "mentions"
    # Covering index for counting the actors of many articles (search facets).
    __table_args__ = (Index("ix_mentions_article_actor", "article_id", "actor_id"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    article_id: Mapped[int] = mapped_column(
        ForeignKey("articles.id", ondelete="CASCADE"), index=True
    )
    actor_id: Mapped[int] = mapped_column(ForeignKey("actors.id"), index=True)
    entity_key: Mapped[str] = mapped_column(String(200))
    text: Mapped[str] = mapped_column(Text)
    paragraph: Mapped[int] = mapped_column(Integer)
    start_offset: Mapped[int] = mapped_column(Integer)
    end_offset: Mapped[int] = mapped_column(Integer)


class TimeRow(Base):
    __tablename__ = "times"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    article_id: Mapped[int] = mapped_column(
        ForeignKey("articles.id", ondelete="CASCADE"), index=True
    )
    text: Mapped[str] = mapped_column(Text)
    value: Mapped[str | None] = mapped_column(String(64))
    kind: Mapped[str] = mapped_column(String(20))
    grain: Mapped[str | None] = mapped_column(String(20))
    anchor: Mapped[str | None] = mapped_column(String(64))
    paragraph: Mapped[int] = mapped_column(Integer)
    start_offset: Mapped[int] = mapped_column(Integer)
    end_offset: Mapped[int] = mapped_column(Integer)


class QuoteRow(Base):
    __tablename__ = "quotes"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    article_id: Mapped[int] = mapped_column(
        ForeignKey("articles.id", ondelete="CASCADE"), index=True
    )
    speaker_id: Mapped[int | None] = mapped_column(ForeignKey("actors.id"), index=True)
    text: Mapped[str] = mapped_column(Text)
    kind: Mapped[str] = mapped_column(String(10))
    paragraph: Mapped[int] = mapped_column(Integer)
    start_offset: Mapped[int | None] = mapped_column(Integer)
    end_offset: Mapped[int | None] = mapped_column(Integer)
    speaker_text: Mapped[str | None] = mapped_column(Text)
    date: Mapped[str | None] = mapped_column(String(32))

    speaker: Mapped[ActorRow | None] = relationship()


class EventRow(Base):
    """A real-world event, merged across every report of it (see link.py)."""

    __tablename__ = "events"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    type: Mapped[str] = mapped_column(String(40), index=True)
    mode: Mapped[str | None] = mapped_column(String(40))
    cameo: Mapped[str | None] = mapped_column(String(10))
    date: Mapped[str | None] = mapped_column(String(32), index=True)
    location_id: Mapped[int | None] = mapped_column(ForeignKey("actors.id"))
    negated: Mapped[bool] = mapped_column(Boolean)
    modality: Mapped[str | None] = mapped_column(String(40))

    mentions: Mapped[list[EventMentionRow]] = relationship(back_populates="event")
    location: Mapped[ActorRow | None] = relationship()


class EventMentionRow(Base):
    """One report of an event in one article; participants are kept per report."""

    __tablename__ = "event_mentions"
    # Covering index for counting the event types of many articles (search facets).
    __table_args__ = (Index("ix_event_mentions_article_event", "article_id", "event_id"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    event_id: Mapped[int] = mapped_column(ForeignKey("events.id"), index=True)
    article_id: Mapped[int] = mapped_column(
        ForeignKey("articles.id", ondelete="CASCADE"), index=True
    )
    event_key: Mapped[str] = mapped_column(String(200))
    trigger: Mapped[str] = mapped_column(Text)
    sentence: Mapped[str] = mapped_column(Text)
    paragraph: Mapped[int] = mapped_column(Integer)
    date: Mapped[str | None] = mapped_column(String(32))
    # Where the report stands in its paragraph (sentence number from 0, trigger offsets in
    # code points) and who reported it when it lies inside someone's quote.
    sentence_index: Mapped[int | None] = mapped_column(Integer)
    trigger_start: Mapped[int | None] = mapped_column(Integer)
    trigger_end: Mapped[int | None] = mapped_column(Integer)
    reported_by_id: Mapped[int | None] = mapped_column(ForeignKey("actors.id"), index=True)

    event: Mapped[EventRow] = relationship(back_populates="mentions")
    reported_by: Mapped[ActorRow | None] = relationship()
    # In one order on every database: sources before targets, then by actor.
    participants: Mapped[list[ParticipantRow]] = relationship(
        cascade="all, delete-orphan",
        passive_deletes=True,
        order_by="(ParticipantRow.role, ParticipantRow.actor_id)",
    )


class ParticipantRow(Base):
    """An actor taking part in one event report, as `source` (actor) or `target` (recipient)."""

    __tablename__ = "event_participants"

    event_mention_id: Mapped[int] = mapped_column(
        ForeignKey("event_mentions.id", ondelete="CASCADE"), primary_key=True
    )
    actor_id: Mapped[int] = mapped_column(ForeignKey("actors.id"), primary_key=True, index=True)
    role: Mapped[str] = mapped_column(String(10), primary_key=True)

    actor: Mapped[ActorRow] = relationship()
