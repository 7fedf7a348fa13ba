"""`jishi batch` on a Dask LocalCluster writes a partitioned Parquet data set, and `jishi
load` stores it with the same rows as `jishi ingest` of the same files."""

from __future__ import annotations

import shutil
from pathlib import Path

import pandas as pd
import pytest
from click.testing import CliRunner

from jishi.cli import main
from test_parallel_cli import dump
from test_store import db_url  # noqa: F401

DOCS = Path(__file__).parent / "data" / "devset" / "docs"


def run(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(main, list(args))
    return result.exit_code, result.stderr


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("corpus")
    for path in sorted(DOCS.glob("*.txt"))[:3]:
        shutil.copy(path, folder / path.name)
    return folder


@pytest.fixture(scope="module")
def data_set(corpus: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The corpus in two partitions, on a local cluster of one worker process."""
    out = tmp_path_factory.mktemp("batch") / "set"
    code, err = run(
        "batch", str(corpus), "--out", str(out), "--workers", "1", "--partition-files", "2"
    )
    assert code == 0, err
    assert "2 partitions: 3 added" in err
    return out


def counts(url: str) -> dict[str, int]:
    return {name: len(rows) for name, rows in dump(url).items()}


def test_the_data_set_has_a_folder_per_table_and_a_file_per_partition(data_set: Path) -> None:
    articles = pd.read_parquet(data_set / "articles")
    assert sorted(articles["partition"].unique()) == [0, 1]
    documents = pd.read_parquet(data_set / "documents")
    assert len(documents) == 3 and documents["content_hash"].is_unique
    events = pd.read_parquet(data_set / "events")
    assert len(events) > 0 and {"source_name", "target_name", "plover_type"} <= set(events.columns)
    for table in ("actors", "mentions", "quotes", "times", "event_mentions", "records"):
        assert sorted(p.name for p in (data_set / table).iterdir()) == [
            "partition=00000",
            "partition=00001",
        ]


def test_load_stores_what_ingest_stores(corpus: Path, data_set: Path, tmp_path: Path) -> None:
    ingested, loaded = f"sqlite:///{tmp_path / 'i.sqlite'}", f"sqlite:///{tmp_path / 'l.sqlite'}"
    assert run("ingest", str(corpus), "--db", ingested)[0] == 0
    code, err = run("load", str(data_set), "--db", loaded)
    assert code == 0 and "3 added" in err
    assert dump(loaded) == dump(ingested)
    code, err = run("load", str(data_set), "--db", loaded)
    assert "0 added, 0 replaced, 3 unchanged" in err


@pytest.mark.postgres
@pytest.mark.parametrize("db_url", ["postgresql"], indirect=True)
def test_the_data_set_loads_into_postgresql_with_the_counts_of_ingest(
    corpus: Path,
    data_set: Path,
    db_url: str,  # noqa: F811
    tmp_path: Path,
) -> None:
    ingested = f"sqlite:///{tmp_path / 'i.sqlite'}"
    assert run("ingest", str(corpus), "--db", ingested)[0] == 0
    assert run("load", str(data_set), "--db", db_url)[0] == 0
    assert counts(db_url) == counts(ingested)


def test_bad_folders_are_refused(data_set: Path, tmp_path: Path) -> None:
    (tmp_path / "notes.txt").write_text("x", encoding="utf-8")
    code, err = run("load", str(tmp_path), "--db", f"sqlite:///{tmp_path / 'x.sqlite'}")
    assert code == 2 and "not a jishi batch data set" in err
    code, err = run("batch", str(DOCS), "--out", str(tmp_path))
    assert code == 2 and "other files than a jishi batch data set" in err
    code, err = run("batch", str(DOCS), "--out", str(data_set))
    assert code == 2 and "--force replaces it" in err
