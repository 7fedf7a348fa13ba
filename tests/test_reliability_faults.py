"""Faults injected into `jishi ingest`: each is survived, and a rerun converges.

A process killed at random SQL statements, a file size limit standing for a full disk,
a database locked by another process, and a database deleted while it is written: after
each, the database passes its integrity checks and holds only whole documents, and
running the same ingest again stores exactly what a clean run stores. The figures are
in docs/reliability.md.
"""

from __future__ import annotations

import random
import signal
import sqlite3
import time
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

import psycopg
import pytest

from reliability import Corpus, Writers, check_sound, counts, empty, make_corpus
from test_store import PG_URL, _postgres_schema, pg_admin_connection

KILLS = {"sqlite": 30, "postgresql": 15}  # SIGKILLs survived, at least
DISK_LIMITS = 6  # file size limits hit, one after another, on one database
EXPORT_KILLS = 8  # SIGKILLs of an export, per format


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> Corpus:
    return make_corpus(tmp_path_factory.mktemp("faults") / "corpus")


@pytest.fixture(scope="module")
def writers(corpus: Corpus) -> Iterator[Writers]:
    server = Writers(corpus.folder.parent, corpus.answers)
    yield server
    server.close()


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def fresh_db(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Callable[[], str]]:
    """A maker of empty databases of one kind: new SQLite files; one PostgreSQL schema,
    new at first, its tables emptied after (a new schema costs a migration)."""
    if request.param == "sqlite":
        names = (f"sqlite:///{tmp_path / f'db{n}.sqlite'}" for n in range(1000))
        yield lambda: next(names)
        return
    with contextmanager(_postgres_schema)() as url:
        made: list[str] = []

        def emptied() -> str:
            if made:
                empty(url)
            made.append(url)
            return url

        yield emptied


@pytest.fixture(scope="module")
def clean(
    corpus: Corpus, writers: Writers, tmp_path_factory: pytest.TempPathFactory
) -> dict[str, int]:
    """The row counts of a clean run."""
    url = f"sqlite:///{tmp_path_factory.mktemp('clean') / 'clean.sqlite'}"
    run = writers.ingest(corpus.folder, url)
    assert run.returncode == 0, run.stderr
    return counts(url)


def converges(writers: Writers, corpus: Corpus, url: str, expected: dict[str, int]) -> None:
    """A rerun of the same ingest succeeds and leaves exactly the clean run's rows."""
    run = writers.ingest(corpus.folder, url)
    assert run.returncode == 0, run.stderr
    assert counts(url) == expected
    assert check_sound(url) == expected["documents"]


def test_sigkill_at_random_statements_leaves_whole_documents_and_a_rerun_converges(
    request: pytest.FixtureRequest,
    corpus: Corpus,
    writers: Writers,
    fresh_db: Callable[[], str],
    clean: dict[str, int],
) -> None:
    """Killed before a random SQL statement or commit — in the migration, between the
    inserts of a document, before its commit — then run again on the same database, until
    a run ends on its own; then again on a new database, until KILLS kills are survived."""
    url = fresh_db()
    steps = writers.ingest(corpus.folder, url).steps  # what a run on an empty database takes
    assert counts(url) == clean
    rng = random.Random(1717)
    kills = 0
    while kills < KILLS[request.node.callspec.params["fresh_db"]]:
        url = fresh_db()
        while (run := writers.ingest(corpus.folder, url, kill_at=rng.randint(1, steps))).returncode:
            assert run.returncode == -signal.SIGKILL, run.stderr
            kills += 1
            check_sound(url)
        assert counts(url) == clean


def test_a_full_disk_fails_loudly_keeps_whole_documents_and_a_rerun_converges(
    corpus: Corpus, writers: Writers, tmp_path: Path, clean: dict[str, int]
) -> None:
    """RLIMIT_FSIZE (no privilege needed) stops every write past a size, as a full disk
    does; each limit is higher than the last, so each run gets further."""
    url = f"sqlite:///{tmp_path / 'full.sqlite'}"
    rng = random.Random(17)
    for limit in sorted(rng.sample(range(16_000, 400_000, 4096), DISK_LIMITS)):
        run = writers.ingest(corpus.folder, url, file_limit=limit)
        assert run.returncode == 1, run.stderr
        assert run.stderr.startswith(f"Error: database {url}: disk I/O error"), run.stderr
        assert "Traceback" not in run.stderr
        check_sound(url)
    converges(writers, corpus, url, clean)


@contextmanager
def write_lock(path: Path) -> Iterator[None]:
    """Another process's write transaction on the SQLite file."""
    other = sqlite3.connect(path, timeout=30, isolation_level=None)
    other.execute("BEGIN IMMEDIATE")
    try:
        yield
    finally:
        other.execute("COMMIT")
        other.close()


def test_a_lock_held_by_another_writer_is_waited_for(
    corpus: Corpus, writers: Writers, tmp_path: Path, clean: dict[str, int]
) -> None:
    path = tmp_path / "locked.sqlite"
    writer = writers.start(corpus.folder, f"sqlite:///{path}", pause_after=3)
    writer.paused()
    with write_lock(path):
        writer.resume()
        time.sleep(1)
    run = writers.wait(writer)
    assert run.returncode == 0, run.stderr
    assert counts(f"sqlite:///{path}") == clean


def test_a_lock_held_past_the_timeout_fails_loudly_and_a_rerun_converges(
    corpus: Corpus, writers: Writers, tmp_path: Path, clean: dict[str, int]
) -> None:
    path = tmp_path / "locked.sqlite"
    url = f"sqlite:///{path}"
    writer = writers.start(corpus.folder, url, lock_timeout=0.5, pause_after=3)
    writer.paused()
    with write_lock(path):
        writer.resume()
        run = writers.wait(writer)
    assert run.returncode == 1
    assert run.stderr.startswith(f"Error: database {url} is locked by another process")
    assert 0 < check_sound(url) < clean["documents"]
    converges(writers, corpus, url, clean)


def test_a_database_file_deleted_mid_run_is_noticed_and_a_rerun_converges(
    corpus: Corpus, writers: Writers, tmp_path: Path, clean: dict[str, int]
) -> None:
    """Before the fix the command went on writing into the deleted file and said
    "8 added", exit 0: a database nobody could open again held them."""
    path = tmp_path / "deleted.sqlite"
    url = f"sqlite:///{path}"
    writer = writers.start(corpus.folder, url, pause_after=4)
    writer.paused()
    for file in tmp_path.glob("deleted.sqlite*"):
        file.unlink()
    writer.resume()
    run = writers.wait(writer)
    assert run.returncode == 1
    assert run.stderr.startswith(f"Error: database {url} was deleted or replaced"), run.stderr
    assert "added" not in run.stderr
    converges(writers, corpus, url, clean)


@contextmanager
def pg_admin() -> Iterator[psycopg.Connection[tuple[object, ...]]]:
    with pg_admin_connection() as connection:
        yield connection


@pytest.mark.postgres
def test_a_postgresql_database_dropped_mid_run_fails_loudly_and_a_rerun_converges(
    corpus: Corpus, writers: Writers, clean: dict[str, int]
) -> None:
    name = f"jishi_fault_{uuid.uuid4().hex[:12]}"
    url = PG_URL.rsplit("/", 1)[0] + f"/{name}"
    with pg_admin() as admin:
        admin.execute(f"CREATE DATABASE {name}")
        try:
            writer = writers.start(corpus.folder, url, pause_after=4)
            writer.paused()
            admin.execute(f"DROP DATABASE {name} WITH (FORCE)")
            writer.resume()
            run = writers.wait(writer)
            assert run.returncode == 1
            assert run.stderr.startswith(f"Error: database {url.replace('ql:', 'ql+psycopg:')}: ")
            assert run.stderr.count("\n") == 1, run.stderr
            gone = writers.ingest(corpus.folder, url)
            assert gone.returncode == 1 and f'database "{name}" does not exist' in gone.stderr
            admin.execute(f"CREATE DATABASE {name}")
            converges(writers, corpus, url, clean)
        finally:
            admin.execute(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")


@pytest.mark.postgres
def test_a_postgresql_lock_held_past_the_timeout_fails_loudly_and_a_rerun_converges(
    corpus: Corpus, writers: Writers, clean: dict[str, int]
) -> None:
    """Before the fix the writer waited for ever: PostgreSQL has no lock timeout unless
    one is set, and jishi's only bounded the connection."""
    with contextmanager(_postgres_schema)() as url:
        schema = url.rsplit("search_path%3D", 1)[1].split(",")[0]
        writer = writers.start(corpus.folder, url, lock_timeout=0.5, pause_after=3)
        writer.paused()
        locker = psycopg.connect(PG_URL.replace("postgresql+psycopg://", "postgresql://"))
        # Without the fix the writer waits until the server ends this idle session.
        locker.execute("SET idle_in_transaction_session_timeout = '20s'")
        locker.execute(f"LOCK TABLE {schema}.documents IN ACCESS EXCLUSIVE MODE")
        writer.resume()
        run = writers.wait(writer)
        locker.close()
        assert run.returncode == 1
        assert "is locked by another process (canceling statement due to lock timeout)" in (
            run.stderr
        )
        assert check_sound(url) == 3
        converges(writers, corpus, url, clean)


@pytest.mark.parametrize("export_format", ["jsonl", "csv"])
def test_a_killed_export_leaves_the_earlier_export_whole(
    corpus: Corpus, writers: Writers, tmp_path: Path, export_format: str
) -> None:
    """`export --force` over an earlier export, killed before a random SQL statement: the
    earlier export is still there, byte for byte, and the next export replaces it."""
    url = f"sqlite:///{tmp_path / 'news.sqlite'}"
    assert writers.ingest(corpus.folder, url).returncode == 0
    target = tmp_path / ("out.jsonl" if export_format == "jsonl" else "out")
    export = ["export", "--db", url, "--format", export_format, "--output", str(target)]
    first = writers.wait(writers.start_command(export))
    assert first.returncode == 0, first.stderr
    earlier = snapshot(target)
    steps = first.steps
    rng = random.Random(export_format)
    for _ in range(EXPORT_KILLS):
        killed = writers.wait(writers.start_command([*export, "--force"], rng.randint(1, steps)))
        assert killed.returncode == -signal.SIGKILL, killed.stderr
        assert snapshot(target) == earlier
    again = writers.wait(writers.start_command([*export, "--force"]))
    assert again.returncode == 0, again.stderr
    assert snapshot(target) == earlier


def snapshot(target: Path) -> dict[str, bytes]:
    """The export's files and their bytes (a folder export's staging folders left out)."""
    files = sorted(target.rglob("*")) if target.is_dir() else [target]
    return {
        str(path.relative_to(target.parent)): path.read_bytes()
        for path in files
        if path.is_file() and ".jishi-export-" not in str(path)
    }
