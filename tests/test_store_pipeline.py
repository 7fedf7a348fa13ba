"""`jishi ingest` end to end: the whole pipeline over real pages into each database."""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from click.testing import CliRunner
from sqlalchemy import create_engine, func, select
from sqlalchemy.exc import DBAPIError

from conftest import SEED
from jishi.cli import main
from jishi.store import open_store
from jishi.store.queries import search
from jishi.store.schema import ActorRow, ArticleRow, DocumentRow, MentionRow
from test_store import counts, db_url  # noqa: F401

JISHI = Path(sys.executable).parent / "jishi"


@pytest.fixture
def pages(shared_eval: Path, sample_page: Path, tmp_path: Path) -> Path:
    """A folder with the seed page and the project's sample page (with its sidecar)."""
    folder = tmp_path / "pages"
    folder.mkdir()
    shutil.copy(shared_eval / "docs" / f"{SEED}.txt", folder / "seed.txt")
    for file in sample_page.parent.glob(f"{sample_page.name}*"):
        shutil.copy(file, folder / file.name)
    return folder


def ingest(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(main, ["ingest", *args])
    return result.exit_code, result.stderr


def test_ingest_twice_then_change_a_file(pages: Path, db_url: str) -> None:  # noqa: F811
    code, message = ingest(str(pages), "--published", "2025-02-13", "--db", db_url)
    assert code == 0, message
    assert "2 added" in message
    store = open_store(db_url)
    before = counts(store)
    code, message = ingest(str(pages), "--published", "2025-02-13", "--db", db_url)
    assert (code, "2 unchanged" in message) == (0, True)
    assert counts(store) == before
    seed = pages / "seed.txt"
    seed.write_text(seed.read_text(encoding="utf-8").replace("。", "。\n", 1), "utf-8")
    code, message = ingest(str(pages), "--published", "2025-02-13", "--db", db_url)
    assert (code, "1 replaced" in message) == (0, True), message
    assert counts(store)["documents"] == before["documents"]
    store.close()


def test_search_for_nato_returns_the_articles_that_mention_nato(
    pages: Path,
    db_url: str,  # noqa: F811
) -> None:
    assert ingest(str(pages), "--published", "2025-02-13", "--db", db_url)[0] == 0
    store = open_store(db_url)
    with store.read() as session:
        nato = (
            select(MentionRow.article_id)
            .join(ActorRow)
            .where(ActorRow.name_en == "NATO")
            .distinct()
        )
        mentioning = set(session.scalars(nato))
        found = {hit.article_id for hit in search(session, "北约").items}
    store.close()
    assert mentioning, "the pipeline links 北约 on the seed page to NATO"
    assert found == mentioning


def test_bad_inputs_are_named_and_the_rest_is_stored(pages: Path, tmp_path: Path) -> None:
    db = tmp_path / "jishi.sqlite"
    (pages / "broken.txt").write_bytes(b"\xff\xfe\x00\xd8 not text")
    code, message = ingest(str(pages), "--db", str(db))
    assert code == 1
    assert "broken.txt" in message and "2 added" in message
    code, message = ingest(str(tmp_path / "absent"), "--db", str(db))
    assert code == 1 and "absent" in message


def test_a_killed_jishi_ingest_leaves_only_whole_documents(
    pages: Path,
    db_url: str,  # noqa: F811
) -> None:
    seed = (pages / "seed.txt").read_text(encoding="utf-8")
    for number in range(30):
        (pages / f"copy{number:02}.txt").write_text(f"{seed}\n（第{number}版）\n", "utf-8")
    log = (pages.parent / "ingest.log").open("w")
    writer = subprocess.Popen(
        [str(JISHI), "ingest", str(pages), "--published", "2025-02-13", "--db", db_url],
        stderr=log,
    )
    stored, deadline = 0, time.monotonic() + 120  # a bound, not a speed check
    while stored < 1 and writer.poll() is None and time.monotonic() < deadline:
        time.sleep(0.2)
        stored = _stored_documents(db_url)
    assert writer.poll() is None, (pages.parent / "ingest.log").read_text()
    os.kill(writer.pid, signal.SIGKILL)
    writer.wait()
    log.close()
    store = open_store(db_url)
    with store.read() as session:
        documents = list(
            session.execute(
                select(DocumentRow.article_count, func.count(ArticleRow.id))
                .outerjoin(ArticleRow)
                .group_by(DocumentRow.id)
            )
        )
    store.close()
    assert 1 <= len(documents) < 32
    assert all(expected == stored for expected, stored in documents)


def _stored_documents(url: str) -> int:
    """How many documents another process has committed so far (0 before the schema exists).

    A plain connection, not open_store: this must not run migrations beside the writer's.
    """
    engine = create_engine(url.replace("postgresql://", "postgresql+psycopg://"))
    try:
        with engine.connect() as connection:
            return connection.scalar(select(func.count()).select_from(DocumentRow)) or 0
    except DBAPIError:
        return 0
    finally:
        engine.dispose()
