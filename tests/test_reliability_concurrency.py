"""Four `jishi ingest` commands writing one database at once lose and duplicate nothing.

Each writer ingests the same shared folder (every document contended for by all four)
and a folder of its own, all four started together, in several rounds, into one
SQLite file and into one PostgreSQL schema. Every document is then stored exactly
once, the writers' reports add up to it, and the database holds the rows a single
writer storing the same files one after another stores. The figures are in
docs/reliability.md.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import func, select

from jishi.store import open_store
from jishi.store.schema import DocumentRow
from reliability import Corpus, Run, Writers, check_sound, counts, empty, make_corpus
from test_store import db_url  # noqa: F401

WRITERS = 4
ROUNDS = 3
OWN = ((3, 7, 12), (9, 11, 20), (14, 14, 2), (25, 5, 11))  # each writer's own pages, by day


@pytest.fixture(scope="module")
def corpora(tmp_path_factory: pytest.TempPathFactory) -> list[Corpus]:
    """The shared pages, then each writer's own."""
    home = tmp_path_factory.mktemp("concurrency")
    shared = make_corpus(home / "shared")
    return [shared, *(make_corpus(home / f"own{n}", days, f"w{n}") for n, days in enumerate(OWN))]


@pytest.fixture(scope="module")
def writers(corpora: list[Corpus]) -> Iterator[Writers]:
    server = Writers(corpora[0].folder.parent, *(corpus.answers for corpus in corpora))
    yield server
    server.close()


def outcomes(run: Run) -> dict[str, int]:
    """The counts of a writer's closing line: added, replaced, unchanged, failed."""
    return {
        word: int(n)
        for n, word in re.findall(r"(\d+) (added|replaced|unchanged|failed)", run.stderr)
    }


def test_four_writers_at_once_store_every_document_exactly_once(
    corpora: list[Corpus],
    writers: Writers,
    db_url: str,  # noqa: F811
    tmp_path: Path,
) -> None:
    shared, *own = corpora
    one_by_one = f"sqlite:///{tmp_path / 'one-by-one.sqlite'}"
    clean = writers.ingest([shared.folder, *(corpus.folder for corpus in own)], one_by_one)
    assert clean.returncode == 0, clean.stderr
    expected = counts(one_by_one)
    files = len(shared.files()) + sum(len(corpus.files()) for corpus in own)
    assert expected["documents"] == files
    for _ in range(ROUNDS):
        empty(db_url)
        started = [writers.start([shared.folder, corpus.folder], db_url) for corpus in own]
        runs = [writers.wait(writer) for writer in started]
        assert all(run.returncode == 0 for run in runs), [run.stderr for run in runs]
        reports = [outcomes(run) for run in runs]
        assert sum(report["added"] for report in reports) == files, reports
        assert sum(report["unchanged"] for report in reports) == (WRITERS - 1) * len(shared.files())
        assert check_sound(db_url) == files
        assert not duplicated_content(db_url)
        assert counts(db_url) == expected


def duplicated_content(url: str) -> list[str]:
    store = open_store(url)
    with store.read() as session:
        twice = select(DocumentRow.content_hash).group_by(DocumentRow.content_hash)
        found = list(session.scalars(twice.having(func.count() > 1)))
    store.close()
    return found
