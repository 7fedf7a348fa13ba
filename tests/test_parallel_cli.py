"""`--jobs N`: worker processes give the same output and the same database as one."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner
from sqlalchemy import create_engine, text

from jishi import parallel
from jishi.cli import main
from jishi.store.schema import Base
from test_store import db_url  # noqa: F401

DOCS = Path(__file__).parent / "data" / "devset" / "docs"
# Columns that differ between two runs by nature, not by content.
VOLATILE = {"ingested_at"}


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Four real pages and a file with a broken sidecar, which must fail alone."""
    folder = tmp_path_factory.mktemp("corpus")
    for path in sorted(DOCS.glob("*.txt")):
        shutil.copy(path, folder / path.name)
    (folder / "broken.txt").write_text("新华社北京电。", encoding="utf-8")
    (folder / "broken.txt.meta.json").write_text("{", encoding="utf-8")
    return folder


def run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(main, list(args))
    return result.exit_code, result.stdout, result.stderr


def test_process_with_two_jobs_prints_what_one_job_prints(corpus: Path) -> None:
    # Up to the text stage: the tagger's cross-document batches are what --jobs changes.
    one = run("process", str(corpus), "--stop-after", "text", "--jobs", "1")
    two = run("process", str(corpus), "--stop-after", "text", "--jobs", "2")
    assert one[0] == two[0] == 1, one[2]  # the broken file fails, the others are printed
    assert one[1] == two[1]
    assert len(one[1].splitlines()) == 4
    assert "broken.txt" in two[2]


def test_spawned_workers_print_what_forked_workers_print(
    corpus: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # The whole pipeline: forked workers use the models the parent loaded before the fork.
    forked = run("process", str(corpus), "--jobs", "2")
    monkeypatch.setattr(parallel, "start_method", lambda: "spawn")
    spawned = run("process", str(corpus), "--jobs", "2")
    assert forked[0] == spawned[0] == 1
    assert forked[1] == spawned[1] == run("process", str(corpus), "--jobs", "1")[1]
    assert len(forked[1].splitlines()) == 4


def dump(url: str) -> dict[str, list[tuple[object, ...]]]:
    """Every row of every table, in id order, without the volatile columns."""
    engine = create_engine(url)
    tables: dict[str, list[tuple[object, ...]]] = {}
    with engine.connect() as connection:
        for name, table in Base.metadata.tables.items():
            columns = [c.name for c in table.columns if c.name not in VOLATILE]
            order = ", ".join(c.name for c in table.primary_key.columns)
            query = f"SELECT {', '.join(columns)} FROM {name} ORDER BY {order}"
            tables[name] = [tuple(row) for row in connection.execute(text(query))]
    engine.dispose()
    return tables


@pytest.fixture
def two_sqlite(tmp_path: Path) -> Iterator[tuple[str, str]]:
    yield f"sqlite:///{tmp_path / 'one.sqlite'}", f"sqlite:///{tmp_path / 'two.sqlite'}"


def test_ingest_with_two_jobs_stores_the_same_rows_as_one(
    corpus: Path, two_sqlite: tuple[str, str]
) -> None:
    one, two = two_sqlite
    first = run("ingest", str(corpus), "--db", one, "--jobs", "1")
    second = run("ingest", str(corpus), "--db", two, "--jobs", "2")
    assert first[0] == second[0] == 1
    assert "4 added, 0 replaced, 0 unchanged, 1 failed" in second[2]
    stored = dump(one)
    assert len(stored["documents"]) == 4 and stored["events"]
    assert dump(two) == stored
    again = run("ingest", str(corpus), "--db", two)
    assert "0 added, 0 replaced, 4 unchanged, 1 failed" in again[2]


@pytest.mark.postgres
@pytest.mark.parametrize("db_url", ["postgresql"], indirect=True)
def test_parallel_writers_on_postgresql_store_what_sqlite_stores(
    corpus: Path,
    db_url: str,  # noqa: F811
    tmp_path: Path,
) -> None:
    sqlite = f"sqlite:///{tmp_path / 'one.sqlite'}"
    assert run("ingest", str(corpus), "--db", sqlite)[0] == 1
    code, _, err = run("ingest", str(corpus), "--db", db_url, "--jobs", "2")
    assert code == 1 and "4 added" in err
    expected = {name: len(rows) for name, rows in dump(sqlite).items()}
    assert {name: len(rows) for name, rows in dump(db_url).items()} == expected
