"""`jishi export` never deletes or overwrites what jishi did not write, and '-' is stdout.

Before this was fixed a csv/parquet export into an existing folder removed the
folder and everything in it, an existing file was overwritten without a word,
and `--output -` wrote a file named "-".
"""

from __future__ import annotations

import io
import json
import os
from pathlib import Path

import pandas as pd
import pytest
from click.testing import CliRunner

from jishi.cli import main
from jishi.store import open_store
from jishi.store.export import STAGING_PREFIX, TABLES
from test_store import american_readout, chinese_readout, save


@pytest.fixture
def filled(tmp_path: Path) -> str:
    """A SQLite database holding the two readouts of one phone call."""
    url = f"sqlite:///{tmp_path / 'filled.sqlite'}"
    store = open_store(url, create=True)
    save(store, chinese_readout())
    save(store, american_readout())
    store.close()
    return url


def export(db: str, *args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(main, ["export", "--db", db, *args])
    return result.exit_code, result.stdout, result.stderr


def tree(folder: Path) -> dict[str, bytes]:
    return {
        str(path.relative_to(folder)): path.read_bytes()
        for path in sorted(folder.rglob("*"))
        if path.is_file()
    }


@pytest.mark.parametrize("export_format", ["csv", "parquet"])
def test_a_folder_of_the_users_files_is_refused_and_kept_whole(
    filled: str, tmp_path: Path, export_format: str
) -> None:
    work = tmp_path / "work"
    (work / "notes").mkdir(parents=True)
    (work / "thesis.docx").write_bytes(b"chapter one")
    (work / "notes" / "todo.md").write_text("read more\n", encoding="utf-8")
    before = tree(work)
    for extra in ([], ["--force"]):
        code, _, err = export(filled, "--format", export_format, "--output", str(work), *extra)
        assert code == 2, err
        assert "did not write" in err and "thesis.docx" in err
        assert tree(work) == before


def test_output_dot_in_a_work_folder_deletes_nothing(
    filled: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    work = tmp_path / "work"
    work.mkdir()
    (work / "thesis.tex").write_text("\\chapter{One}\n", encoding="utf-8")
    monkeypatch.chdir(work)
    code, _, err = export(filled, "--format", "csv", "--output", ".")
    assert code == 2 and "thesis.tex" in err
    assert tree(work) == {"thesis.tex": b"\\chapter{One}\n"}


def test_an_empty_folder_takes_the_export_and_stays_where_it_is(
    filled: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    empty = tmp_path / "out"
    empty.mkdir()
    inode = empty.stat().st_ino
    monkeypatch.chdir(empty)
    code, _, err = export(filled, "--format", "csv", "--output", ".")
    assert code == 0, err
    assert empty.stat().st_ino == inode, "the folder itself is never replaced"
    assert sorted(p.name for p in empty.iterdir()) == sorted(
        f"{name}.csv" for name in [*TABLES, "events"]
    )


def test_an_earlier_export_is_replaced_only_with_force(filled: str, tmp_path: Path) -> None:
    folder = tmp_path / "tables"
    assert export(filled, "--format", "parquet", "--output", str(folder))[0] == 0
    before = tree(folder)
    code, _, err = export(filled, "--format", "csv", "--output", str(folder))
    assert code == 2 and "--force" in err and "earlier export" in err
    assert tree(folder) == before
    (folder / f"{STAGING_PREFIX}killed").mkdir()  # what a killed export leaves
    code, _, err = export(filled, "--format", "csv", "--output", str(folder), "--force")
    assert code == 0, err
    names = sorted(p.name for p in folder.iterdir())
    assert names == sorted(f"{name}.csv" for name in [*TABLES, "events"])
    assert len(pd.read_csv(folder / "events.csv")) == 1


@pytest.mark.parametrize("export_format", ["jsonl", "events"])
def test_an_existing_file_is_replaced_only_with_force(
    filled: str, tmp_path: Path, export_format: str
) -> None:
    target = tmp_path / "report.csv"
    target.write_text("the user's own table\n", encoding="utf-8")
    code, _, err = export(filled, "--format", export_format, "--output", str(target))
    assert code == 2 and "already exists" in err and "--force" in err
    assert target.read_text(encoding="utf-8") == "the user's own table\n"
    code, _, err = export(filled, "--format", export_format, "--output", str(target), "--force")
    assert code == 0, err
    assert target.read_text(encoding="utf-8") != "the user's own table\n"
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".")] == []


def test_a_file_export_onto_a_folder_is_refused(filled: str, tmp_path: Path) -> None:
    (tmp_path / "events.csv").mkdir()
    code, _, err = export(filled, "--format", "events", "--output", str(tmp_path / "events.csv"))
    assert code == 2 and "is a folder" in err


def test_dash_writes_jsonl_and_events_to_standard_output(
    filled: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    code, out, err = export(filled, "--format", "jsonl", "--output", "-")
    assert code == 0, err
    records = [json.loads(line) for line in out.splitlines()]
    assert len(records) == 2 and all("articles" in record for record in records)
    code, out, err = export(filled, "--format", "events", "--output", "-")
    assert code == 0, err
    events = pd.read_csv(io.StringIO(out))
    assert events.columns[0] == "event_id" and len(events) == 1
    assert "standard output" in err
    code, _, err = export(filled, "--format", "csv", "--output", "-")
    assert code == 2 and "standard output" in err
    assert not os.path.exists(tmp_path / "-")
