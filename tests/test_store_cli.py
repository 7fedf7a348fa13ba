"""The store commands: readable tables, --db handling, exit codes and exports."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest
from click.testing import CliRunner

from jishi.cli import main
from jishi.store import open_store
from test_store import american_readout, chinese_readout, db_url, save  # noqa: F401

STORE_COMMANDS = [
    "ingest",
    "search",
    "events",
    "timeline",
    "quotes",
    "actors",
    "accounts",
    "export",
]


@pytest.fixture
def filled(db_url: str) -> str:  # noqa: F811
    """A database holding the two readouts of one phone call."""
    store = open_store(db_url, create=True)
    save(store, chinese_readout())
    save(store, american_readout())
    store.close()
    return db_url


def run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(main, list(args))
    return result.exit_code, result.stdout, result.stderr


@pytest.mark.parametrize("command", STORE_COMMANDS)
def test_every_store_command_has_help(command: str) -> None:
    code, out, _ = run(command, "--help")
    assert code == 0 and "--db" in out


def test_search_for_nato_lists_the_nato_article(filled: str) -> None:
    code, out, _ = run("search", "北约", "--db", filled)
    assert code == 0
    assert "北约秘书长呼吁增加军费" in out
    assert "习近平同美国总统特朗普通电话" not in out


def test_events_shows_the_call_once_with_two_mentions(filled: str) -> None:
    code, out, _ = run("events", "--actor", "习近平", "--db", filled)
    assert code == 0
    assert "1 events" in out
    row = next(line for line in out.splitlines() if "CONSULT/phone" in line)
    assert "Xi Jinping" in row and "Donald Trump" in row and " 2 " in row
    code, out, _ = run("events", "--type", "ASSAULT", "--db", filled)
    assert "0 events" in out


def test_accounts_show_both_sides_of_the_call(filled: str) -> None:
    code, out, _ = run("accounts", "1", "--db", filled)
    assert code == 0
    assert "CHN" in out and "USA" in out
    assert "中美合作对两国有利" in out and "我们谈得很好" in out
    code, _, err = run("accounts", "99", "--db", filled)
    assert code == 1 and "no event 99" in err


def test_timeline_quotes_and_actors(filled: str) -> None:
    code, out, _ = run("timeline", "--actor", "Donald Trump", "--db", filled)
    assert code == 0 and "CONSULT" in out and "我们谈得很好" in out
    code, _, err = run("timeline", "--actor", "无名氏", "--db", filled)
    assert code == 1 and "无名氏" in err
    code, out, _ = run("quotes", "--actor", "吕特", "--db", filled)
    assert code == 0 and "北约成员国应大幅增加国防开支" in out and "我们谈得很好" not in out
    code, out, _ = run("actors", "--country", "USA", "--db", filled)
    assert code == 0 and "Donald Trump" in out and "Xi Jinping" not in out


def test_export_events_csv_from_the_command_line(filled: str, tmp_path: Path) -> None:
    output = tmp_path / "events.csv"
    code, _, err = run("export", "--format", "events", "--output", str(output), "--db", filled)
    assert code == 0, err
    events = pd.read_csv(output)
    assert events.loc[0, "num_mentions"] == 2
    assert events.loc[0, "target_country"] == "USA"


def test_a_plain_file_path_is_a_sqlite_database(tmp_path: Path) -> None:
    path = tmp_path / "plain.sqlite"
    store = open_store(str(path), create=True)
    save(store, chinese_readout())
    store.close()
    code, out, _ = run("search", "北约", "--db", str(path))
    assert code == 0 and "北约秘书长" in out


def test_a_missing_database_exits_1_and_a_bad_url_2_naming_them(tmp_path: Path) -> None:
    code, _, err = run("search", "北约", "--db", str(tmp_path / "absent.sqlite"))
    assert code == 1 and "absent.sqlite" in err and "does not exist" in err
    code, _, err = run("events", "--db", "oracle://scott@db")
    assert code == 2 and "bad database URL" in err and "oracle://scott@db" in err


def test_export_to_a_missing_folder_is_bad_usage(filled: str, tmp_path: Path) -> None:
    output = tmp_path / "no" / "such" / "out.jsonl"
    code, _, err = run("export", "--format", "jsonl", "--output", str(output), "--db", filled)
    assert code == 2 and "does not exist" in err
    assert not output.parent.exists()


def test_the_database_comes_from_jishi_db_when_no_option_names_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "from-env.sqlite"
    store = open_store(str(path), create=True)
    save(store, chinese_readout())
    store.close()
    monkeypatch.setenv("JISHI_DB", f"sqlite:///{path}")
    code, out, _ = run("actors", "--country", "NLD")
    assert code == 0 and "Mark Rutte" in out


@pytest.mark.parametrize(
    "args",
    [
        ["events", "--since", "2025-13-01"],
        ["events", "--until", "yesterday"],
        ["ingest", "x.txt", "--published", "2025-2-3"],
    ],
)
def test_a_bad_date_option_is_bad_usage(args: list[str], tmp_path: Path) -> None:
    code, _, err = run(*args, "--db", str(tmp_path / "never-created.sqlite"))
    assert code == 2 and "YYYY-MM-DD" in err and "Error:" in err
    assert not (tmp_path / "never-created.sqlite").exists()


def test_events_since_and_until_bound_the_dates(filled: str) -> None:
    assert "1 events" in run("events", "--since", "2025-02-12", "--db", filled)[1]
    assert "0 events" in run("events", "--since", "2025-02-13", "--db", filled)[1]
    assert "1 events" in run("events", "--until", "2025-02-12", "--db", filled)[1]
