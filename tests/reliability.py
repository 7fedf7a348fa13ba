"""What the reliability tests share: a small corpus, a `jishi ingest` that can be killed at
any SQL statement, and the checks that a database holds only whole documents.

The corpus is the project's sample page (four stories, quotes, events) in several
versions, each with its own dates, so the store links some events across documents and
keeps others apart. The pipeline's analysis of each version is computed once per test
module and handed to the ingest command in place of the stages, and each run is forked
from a server that has imported jishi: a faulty run then costs a fraction of a second
instead of a start-up and a full analysis, and everything the store does — reading the
files, skipping stored content, the transactions, the CLI's error handling — runs as in
`jishi ingest`.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlalchemy import func, select, text

from jishi.ingest import read_document
from jishi.model import Document
from jishi.pipeline import run_stages_batch
from jishi.settings import Settings
from jishi.store import Store, open_store
from jishi.store.ingest import without_working_state
from jishi.store.schema import ArticleRow, Base, DocumentRow, ParagraphRow, QuoteRow

ROOT = Path(__file__).resolve().parents[1]
PUBLISHED = "2025-03-12"
DAYS = (11, 11, 12, 9, 11, 14, 20, 12)  # repeated days: reports of the same events

# A fork server: it imports jishi once, then forks one `jishi` command (an ingest, an
# export) for each request, so that a run costs no interpreter start-up. The stages are
# replaced by their answers, read from the answer files. A child SIGKILLs itself just
# before SQL statement or commit number kill_at (0: never); says "committed N" when a
# write transaction has committed (after the pause_after-th, it waits for its go file);
# says how many steps it ran when it ends on its own; and may run under a file size limit.
SERVER = """
import json, os, resource, signal, sys, time, traceback
from sqlalchemy import event
from sqlalchemy.engine import Engine
from sqlalchemy.orm import Session
import alembic.command, psycopg, sqlalchemy.dialects.postgresql.psycopg
import jishi.cli.store, jishi.ingest, jishi.lang.zh.tagger, jishi.pipeline
import jishi.store.export, jishi.store.ingest
from jishi.cli import main
from jishi.model import Document
from jishi.store import database

answers = {}
for name in sys.argv[1:]:
    with open(name, encoding="utf-8") as lines:
        answers.update((d.content_hash, d) for d in map(Document.model_validate_json, lines))
jishi.pipeline.run_stages_batch = lambda docs, settings: [
    answers[doc.content_hash].model_copy(update={"path": doc.path}) for doc in docs
]

def child(request):
    for fd, name in ((1, "stdout"), (2, "stderr")):
        os.dup2(os.open(request[name], os.O_WRONLY | os.O_CREAT | os.O_TRUNC), fd)
    os.dup2(os.open(os.devnull, os.O_RDONLY), 0)
    if request["file_limit"]:
        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)  # a write past the limit fails (EFBIG)
        resource.setrlimit(resource.RLIMIT_FSIZE, (request["file_limit"],) * 2)
    database.open_store.__defaults__ = (False, request["lock_timeout"])
    steps = commits = 0

    def step(*_):
        nonlocal steps
        steps += 1
        if steps == request["kill_at"]:
            os.kill(os.getpid(), signal.SIGKILL)

    def committed(*_):
        nonlocal commits
        commits += 1
        print("committed", commits, flush=True)
        if commits == request["pause_after"]:
            print("paused", flush=True)
            given_up = time.monotonic() + 120  # a test that failed before resuming it
            while not os.path.exists(request["go"]) and time.monotonic() < given_up:
                time.sleep(0.01)

    event.listen(Engine, "before_cursor_execute", step)
    event.listen(Engine, "commit", step)
    event.listen(Session, "after_commit", committed)
    code = 70
    try:
        main(request["arguments"])
    except SystemExit as end:
        code = end.code if isinstance(end.code, int) else 1
    except BaseException:
        traceback.print_exc()
    print("steps", steps, flush=True)
    sys.stderr.flush()
    os._exit(code)

running = set()
for line in sys.stdin:
    request = json.loads(line)
    if request["do"] == "start":
        pid = os.fork()
        if pid == 0:
            child(request)
        running.add(pid)
        print(json.dumps({"pid": pid}), flush=True)
    else:
        _, status = os.waitpid(request["pid"], 0)
        running.discard(request["pid"])
        print(json.dumps({"returncode": os.waitstatus_to_exitcode(status)}), flush=True)
for pid in running:  # the tests ended (or failed) without waiting for these
    os.kill(pid, signal.SIGKILL)
    os.waitpid(pid, 0)
"""


@dataclass
class Corpus:
    """Files to ingest and the stages' answers for each."""

    folder: Path
    answers: Path

    def files(self) -> list[Path]:
        return sorted(self.folder.glob("*.txt"))


def make_corpus(folder: Path, days: tuple[int, ...] = DAYS, name: str = "page") -> Corpus:
    """Versions of the sample page, dated by `days`, and their analysis."""
    folder.mkdir(parents=True, exist_ok=True)
    page = (ROOT / "samples" / "page.txt").read_text(encoding="utf-8")
    for number, day in enumerate(days):
        version = page.replace("11日", f"{day}日").replace("10日", f"{day - 1}日")
        path = folder / f"{name}{number:02d}.txt"
        path.write_text(f"{version}\n（{name} 第{number}版）\n", encoding="utf-8")
    return Corpus(folder, analyse(folder, folder.parent / f"{folder.name}.answers.jsonl"))


def analyse(folder: Path, answers: Path) -> Path:
    """The pipeline's result for every file of `folder`, one JSON document a line."""
    settings = Settings(published=PUBLISHED)
    docs = [read_document(path, settings) for path in sorted(folder.glob("*.txt"))]
    processed = run_stages_batch(docs, settings)
    with answers.open("a", encoding="utf-8") as out:
        for doc in processed:
            assert isinstance(doc, Document), doc
            out.write(without_working_state(doc).model_dump_json() + "\n")
    return answers


@dataclass
class Run:
    """How an ingest ended: its exit code (-9 when killed), output and error stream."""

    returncode: int
    stdout: str
    stderr: str

    @property
    def steps(self) -> int:
        """SQL statements and commits it ran (only when it ended on its own)."""
        return int(self.stdout.split("steps ")[-1])


@dataclass
class Writer:
    """A running ingest: its process id and the files it writes its output to."""

    pid: int
    stdout: Path
    stderr: Path
    go: Path

    def paused(self) -> None:
        """Until the writer has made `pause_after` commits and waits for `resume`."""
        while "paused\n" not in self.stdout.read_text(encoding="utf-8"):
            time.sleep(0.01)

    def resume(self) -> None:
        self.go.touch()


class Writers:
    """`jishi ingest` runs forked from one server (see SERVER)."""

    def __init__(self, home: Path, *answers: Path) -> None:
        self.home = home
        self.runs = 0
        self.server = subprocess.Popen(
            [sys.executable, "-c", SERVER, *map(str, answers)],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            text=True,
            env=isolated_environment(home),
        )

    def _ask(self, **request: object) -> Any:
        assert self.server.stdin is not None and self.server.stdout is not None
        self.server.stdin.write(json.dumps(request) + "\n")
        self.server.stdin.flush()
        return json.loads(self.server.stdout.readline())

    def start(
        self,
        folder: Path | list[Path],
        url: str,
        kill_at: int = 0,
        lock_timeout: float = 30.0,
        file_limit: int = 0,
        pause_after: int = 0,
    ) -> Writer:
        """`jishi ingest FOLDER --db URL`, started; with `pause_after`, it waits after that
        many commits until resumed."""
        folders = folder if isinstance(folder, list) else [folder]
        arguments = ["ingest", *map(str, folders), "--db", url, "--published", PUBLISHED]
        return self.start_command(arguments, kill_at, lock_timeout, file_limit, pause_after)

    def start_command(
        self,
        arguments: list[str],
        kill_at: int = 0,
        lock_timeout: float = 30.0,
        file_limit: int = 0,
        pause_after: int = 0,
    ) -> Writer:
        """`jishi ARGUMENTS...`, started (see `start`)."""
        self.runs += 1
        out = self.home / f"run{self.runs}"
        for name in (f"{out}.out", f"{out}.err"):
            Path(name).touch()
        pid = self._ask(
            do="start",
            arguments=arguments,
            kill_at=kill_at,
            lock_timeout=lock_timeout,
            file_limit=file_limit,
            pause_after=pause_after,
            stdout=f"{out}.out",
            stderr=f"{out}.err",
            go=f"{out}.go",
        )["pid"]
        return Writer(pid, Path(f"{out}.out"), Path(f"{out}.err"), Path(f"{out}.go"))

    def wait(self, writer: Writer) -> Run:
        returncode = self._ask(do="wait", pid=writer.pid)["returncode"]
        return Run(returncode, writer.stdout.read_text("utf-8"), writer.stderr.read_text("utf-8"))

    def ingest(self, folder: Path | list[Path], url: str, **options: Any) -> Run:
        """`jishi ingest FOLDER --db URL`, run to its end (or its kill)."""
        return self.wait(self.start(folder, url, **options))

    def close(self) -> None:
        assert self.server.stdin is not None
        self.server.stdin.close()
        self.server.wait()


def isolated_environment(home: Path) -> dict[str, str]:
    """The environment without the user's config, database or data folder."""
    environment = {k: v for k, v in os.environ.items() if not k.startswith("JISHI_")}
    (home / "config.toml").touch()
    environment["JISHI_CONFIG"] = str(home / "config.toml")
    environment["XDG_DATA_HOME"] = str(home / "data-home")
    return environment


def counts(url: str) -> dict[str, int]:
    """Row count of every table."""
    store = open_store(url)
    try:
        with store.read() as session:
            return {
                name: session.scalar(select(func.count()).select_from(table)) or 0
                for name, table in Base.metadata.tables.items()
            }
    finally:
        store.close()


def check_sound(url: str) -> int:
    """Assert that the database is sound and holds only whole documents; how many it holds.

    SQLite's integrity and foreign-key checks pass (PostgreSQL enforces its foreign
    keys itself), and every stored document has all the articles, paragraphs and
    quotes of its record.
    """
    store = open_store(url)
    try:
        with store.read() as session:
            if store.dialect == "sqlite":
                assert session.scalar(text("PRAGMA integrity_check")) == "ok"
                assert not session.execute(text("PRAGMA foreign_key_check")).all()
            documents = session.execute(select(DocumentRow.id, DocumentRow.record)).all()
            for document_id, record in documents:
                assert stored_parts(store, document_id) == record_parts(json.loads(record))
        return len(documents)
    finally:
        store.close()


def stored_parts(store: Store, document_id: int) -> tuple[int, int, int]:
    """A stored document's articles, paragraphs and quotes, counted in their tables."""
    with store.read() as session:
        articles = select(ArticleRow.id).where(ArticleRow.document_id == document_id)
        return (
            session.scalar(select(func.count()).select_from(articles.subquery())) or 0,
            session.scalar(
                select(func.count(ParagraphRow.id)).where(ParagraphRow.article_id.in_(articles))
            )
            or 0,
            session.scalar(select(func.count(QuoteRow.id)).where(QuoteRow.article_id.in_(articles)))
            or 0,
        )


def record_parts(record: dict[str, list[dict[str, list[object]]]]) -> tuple[int, int, int]:
    """The articles, paragraphs and quotes a document's record holds."""
    articles = record["articles"]
    return (
        len(articles),
        sum(len(article["paragraphs"]) for article in articles),
        sum(len(article["quotes"]) for article in articles),
    )


def empty(url: str) -> None:
    """Every table of the database emptied (its schema kept: no migration to run again)."""
    store = open_store(url, create=True)
    with store.write() as session:
        for table in reversed(Base.metadata.sorted_tables):
            session.execute(table.delete())
    store.close()
