"""Initial schema: documents, articles, actors, events and full-text search.

Full text differs by database: SQLite gets an FTS5 table with the trigram
tokenizer (Chinese has no spaces, so word tokenizers do not work) kept in step
by triggers; PostgreSQL gets a GIN trigram index (pg_trgm) on article text.

Revision ID: 0001
Revises:
Create Date: 2026-11-22
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None

SQLITE_FTS = [
    "CREATE VIRTUAL TABLE article_fts USING fts5(text, tokenize='trigram')",
    "CREATE TRIGGER articles_fts_insert AFTER INSERT ON articles BEGIN "
    "INSERT INTO article_fts(rowid, text) VALUES (new.id, new.text); END",
    "CREATE TRIGGER articles_fts_delete AFTER DELETE ON articles BEGIN "
    "DELETE FROM article_fts WHERE rowid = old.id; END",
    "CREATE TRIGGER articles_fts_update AFTER UPDATE OF text ON articles BEGIN "
    "UPDATE article_fts SET text = new.text WHERE rowid = old.id; END",
]
POSTGRES_TRIGRAM = [
    "CREATE EXTENSION IF NOT EXISTS pg_trgm",
    "CREATE INDEX ix_articles_text_trgm ON articles USING gin (text gin_trgm_ops)",
]


def _id() -> sa.Column[int]:
    return sa.Column("id", sa.Integer, primary_key=True)


def _article_fk() -> sa.Column[int]:
    return sa.Column(
        "article_id",
        sa.Integer,
        sa.ForeignKey("articles.id", ondelete="CASCADE"),
        nullable=False,
        index=True,
    )


def _offsets(nullable: bool) -> list[sa.Column[int]]:
    return [
        sa.Column("start_offset", sa.Integer, nullable=nullable),
        sa.Column("end_offset", sa.Integer, nullable=nullable),
    ]


def _create_document_tables() -> None:
    op.create_table(
        "documents",
        _id(),
        sa.Column("doc_key", sa.String(200), nullable=False),
        sa.Column("path", sa.Text, index=True),
        sa.Column("content_hash", sa.String(64), nullable=False, unique=True),
        sa.Column("published", sa.String(32)),
        sa.Column("outlet", sa.Text),
        sa.Column("article_count", sa.Integer, nullable=False),
        sa.Column("record", sa.Text, nullable=False),
        sa.Column("ingested_at", sa.DateTime, nullable=False),
    )
    op.create_table(
        "articles",
        _id(),
        sa.Column(
            "document_id",
            sa.Integer,
            sa.ForeignKey("documents.id", ondelete="CASCADE"),
            nullable=False,
            index=True,
        ),
        sa.Column("position", sa.Integer, nullable=False),
        sa.Column("article_key", sa.String(200), nullable=False),
        *[sa.Column(name, sa.Text) for name in ("headline", "deck", "kicker", "source")],
        sa.Column("dateline_agency", sa.Text),
        sa.Column("dateline_place", sa.Text),
        sa.Column("dateline_date", sa.String(32)),
        sa.Column("text", sa.Text, nullable=False),
    )
    op.create_table(
        "paragraphs",
        _id(),
        _article_fk(),
        sa.Column("position", sa.Integer, nullable=False),
        sa.Column("role", sa.String(20), nullable=False),
        sa.Column("text", sa.Text, nullable=False),
    )


def _create_actor_tables() -> None:
    op.create_table(
        "actors",
        _id(),
        sa.Column("identity", sa.String(400), nullable=False, unique=True),
        sa.Column("name", sa.Text, nullable=False),
        sa.Column("name_en", sa.Text),
        sa.Column("type", sa.String(3), nullable=False),
        sa.Column("kind", sa.String(40)),
        sa.Column("country", sa.String(3), index=True),
        sa.Column("sector", sa.String(40)),
        sa.Column("qid", sa.String(20)),
        sa.Column("linked", sa.Boolean, nullable=False),
    )
    op.create_table(
        "mentions",
        _id(),
        _article_fk(),
        sa.Column("actor_id", sa.Integer, sa.ForeignKey("actors.id"), nullable=False, index=True),
        sa.Column("entity_key", sa.String(200), nullable=False),
        sa.Column("text", sa.Text, nullable=False),
        sa.Column("paragraph", sa.Integer, nullable=False),
        *_offsets(nullable=False),
    )
    op.create_table(
        "times",
        _id(),
        _article_fk(),
        sa.Column("text", sa.Text, nullable=False),
        sa.Column("value", sa.String(64)),
        sa.Column("kind", sa.String(20), nullable=False),
        sa.Column("grain", sa.String(20)),
        sa.Column("anchor", sa.String(64)),
        sa.Column("paragraph", sa.Integer, nullable=False),
        *_offsets(nullable=False),
    )
    op.create_table(
        "quotes",
        _id(),
        _article_fk(),
        sa.Column("speaker_id", sa.Integer, sa.ForeignKey("actors.id"), index=True),
        sa.Column("text", sa.Text, nullable=False),
        sa.Column("kind", sa.String(10), nullable=False),
        sa.Column("paragraph", sa.Integer, nullable=False),
        *_offsets(nullable=True),
        sa.Column("speaker_text", sa.Text),
        sa.Column("date", sa.String(32)),
    )


def _create_event_tables() -> None:
    op.create_table(
        "events",
        _id(),
        sa.Column("type", sa.String(40), nullable=False, index=True),
        sa.Column("mode", sa.String(40)),
        sa.Column("cameo", sa.String(10)),
        sa.Column("date", sa.String(32), index=True),
        sa.Column("location_id", sa.Integer, sa.ForeignKey("actors.id")),
        sa.Column("negated", sa.Boolean, nullable=False),
        sa.Column("modality", sa.String(40)),
    )
    op.create_table(
        "event_mentions",
        _id(),
        sa.Column("event_id", sa.Integer, sa.ForeignKey("events.id"), nullable=False, index=True),
        _article_fk(),
        sa.Column("event_key", sa.String(200), nullable=False),
        sa.Column("trigger", sa.Text, nullable=False),
        sa.Column("sentence", sa.Text, nullable=False),
        sa.Column("paragraph", sa.Integer, nullable=False),
        sa.Column("date", sa.String(32)),
    )
    op.create_table(
        "event_participants",
        sa.Column(
            "event_mention_id",
            sa.Integer,
            sa.ForeignKey("event_mentions.id", ondelete="CASCADE"),
            primary_key=True,
        ),
        sa.Column("actor_id", sa.Integer, sa.ForeignKey("actors.id"), primary_key=True, index=True),
        sa.Column("role", sa.String(10), primary_key=True),
    )


def upgrade() -> None:
    _create_document_tables()
    _create_actor_tables()
    _create_event_tables()
    full_text = {"sqlite": SQLITE_FTS, "postgresql": POSTGRES_TRIGRAM}
    for statement in full_text.get(op.get_bind().dialect.name, []):
        op.execute(statement)


def downgrade() -> None:
    if op.get_bind().dialect.name == "sqlite":
        op.execute("DROP TABLE IF EXISTS article_fts")
    for table in (
        "event_participants",
        "event_mentions",
        "events",
        "quotes",
        "times",
        "mentions",
        "actors",
        "paragraphs",
        "articles",
        "documents",
    ):
        op.drop_table(table)
