"""What the event table needs: whether a publication date was inferred, and
where each event report stands (sentence number, trigger offsets) and who reported it.

Reports stored before this revision keep NULL there (re-ingest their files to fill
them); `published_inferred` is read back from each document's stored JSON record.

Revision ID: 0003
Revises: 0002
Create Date: 2026-12-03
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None

RECORD_FLAG = {
    "sqlite": "json_extract(record, '$.published_inferred') = 1",
    "postgresql": "(record::json ->> 'published_inferred')::boolean",
}
REPORT_PLACE = ("sentence_index", "trigger_start", "trigger_end")


def upgrade() -> None:
    op.add_column(
        "documents",
        sa.Column("published_inferred", sa.Boolean, nullable=False, server_default=sa.false()),
    )
    flag = RECORD_FLAG.get(op.get_bind().dialect.name)
    if flag is not None:
        op.execute(f"UPDATE documents SET published_inferred = TRUE WHERE {flag}")
    for name in REPORT_PLACE:
        op.add_column("event_mentions", sa.Column(name, sa.Integer))
    if op.get_bind().dialect.name == "sqlite":
        # SQLite adds a column with its reference in one statement (Alembic would ALTER a
        # constraint, which SQLite lacks, or copy the table, which would cascade deletes).
        op.execute(
            "ALTER TABLE event_mentions ADD COLUMN reported_by_id INTEGER REFERENCES actors (id)"
        )
    else:
        op.add_column(
            "event_mentions",
            sa.Column("reported_by_id", sa.Integer, sa.ForeignKey("actors.id")),
        )
    op.create_index("ix_event_mentions_reported_by_id", "event_mentions", ["reported_by_id"])


def downgrade() -> None:
    op.drop_index("ix_event_mentions_reported_by_id", "event_mentions")
    for name in (*REPORT_PLACE, "reported_by_id"):
        op.drop_column("event_mentions", name)
    op.drop_column("documents", "published_inferred")
