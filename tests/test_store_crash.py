"""A writer killed with SIGKILL mid-ingest leaves a database holding only whole documents."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

from sqlalchemy import func, select

from jishi.store import open_store
from jishi.store.schema import ArticleRow, DocumentRow, ParagraphRow
from test_store import db_url  # noqa: F401  (the parametrized database fixture)

TESTS = Path(__file__).resolve().parent
PARAGRAPHS_PER_ARTICLE = 6

# Writes large documents (many articles each) one transaction at a time and says
# after each commit, so the parent can kill it while a later one is being written.
WRITER = f"""
import sys
sys.path.insert(0, {str(TESTS)!r})
from test_store import chinese_readout, save
from jishi.store import open_store

store = open_store(sys.argv[1], create=True)
for number in range(1000):
    doc = chinese_readout()
    doc.path = f"/corpus/{{number}}.txt"
    doc.text += str(number)
    article = doc.articles[1]
    article.paragraphs = article.paragraphs * {PARAGRAPHS_PER_ARTICLE}
    doc.articles = [article.model_copy(update={{"id": f"a{{i}}"}}) for i in range(300)]
    save(store, doc)
    print("committed", number, flush=True)
"""


def _kill_after_commits(url: str, commits: int) -> None:
    writer = subprocess.Popen(
        [sys.executable, "-c", WRITER, url], stdout=subprocess.PIPE, text=True
    )
    assert writer.stdout is not None
    for _ in range(commits):
        assert writer.stdout.readline().startswith("committed"), "the writer failed to start"
    time.sleep(0.05)
    os.kill(writer.pid, signal.SIGKILL)
    writer.wait()
    assert writer.returncode == -signal.SIGKILL


def test_a_killed_ingest_leaves_only_whole_documents(db_url: str) -> None:  # noqa: F811
    _kill_after_commits(db_url, commits=3)
    store = open_store(db_url)
    with store.read() as session:
        articles = (
            select(DocumentRow.article_count, func.count(ArticleRow.id))
            .outerjoin(ArticleRow)
            .group_by(DocumentRow.id)
        )
        documents = list(session.execute(articles))
        paragraphs = session.scalar(select(func.count()).select_from(ParagraphRow))
    store.close()
    assert len(documents) >= 3
    assert all(stored == expected for expected, stored in documents)
    total_articles = sum(expected for expected, _ in documents)
    assert paragraphs == total_articles * PARAGRAPHS_PER_ARTICLE
