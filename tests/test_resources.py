"""The user data overlay of jishi.lang.data: a user's TSV rows and YAML words are
laid over the shipped files, and the quotes stage picks them up without code."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pytest

from jishi.lang import data as resources
from jishi.lang.data import DataFileError, document, table
from jishi.model import Article, Entity, Mention, Paragraph
from jishi.stages import quotes

VERBS_HEADER = "verb\tbare\tnotes\n"


@pytest.fixture
def user_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """A user data folder named by $JISHI_DATA_DIR, with every cache cleared
    before and after so that no other test sees the user's rows."""
    monkeypatch.setenv(resources.DATA_DIR_ENV, str(tmp_path))
    resources.clear_caches()
    quotes.lexicon.cache_clear()
    yield tmp_path
    monkeypatch.delenv(resources.DATA_DIR_ENV)
    resources.clear_caches()
    quotes.lexicon.cache_clear()


def test_user_rows_come_after_the_shipped_rows(user_dir: Path) -> None:
    shipped = resources.read_tsv(resources.data_path("speech_verbs.tsv"))
    (user_dir / "speech_verbs.tsv").write_text(VERBS_HEADER + "放话\tno\tmy own\n", "utf-8")
    rows = table("speech_verbs.tsv")
    assert list(rows[: len(shipped)]) == shipped
    assert rows[len(shipped) :] == ({"verb": "放话", "bare": "no", "notes": "my own"},)


def test_a_table_the_user_does_not_extend_is_the_shipped_one(user_dir: Path) -> None:
    shipped = resources.read_tsv(resources.data_path("speech_verbs.tsv"))
    assert list(table("speech_verbs.tsv")) == shipped


def test_user_table_with_other_columns_names_the_user_file(user_dir: Path) -> None:
    (user_dir / "speech_verbs.tsv").write_text("verb\tnotes\n放话\tmine\n", "utf-8")
    with pytest.raises(DataFileError, match=r"speech_verbs\.tsv: header must have"):
        table("speech_verbs.tsv")


def test_user_row_with_a_missing_column_names_the_user_file(user_dir: Path) -> None:
    (user_dir / "speech_verbs.tsv").write_text(VERBS_HEADER + "放话\tno\n", "utf-8")
    with pytest.raises(DataFileError, match=re.escape(str(user_dir))):
        table("speech_verbs.tsv")


def test_yaml_lists_are_extended_and_keys_overlaid(user_dir: Path) -> None:
    shipped = resources.read_yaml(resources.data_path("quote_words.yaml"))
    (user_dir / "quote_words.yaml").write_text("not_speech: [说唱]\nmy_list: [甲, 乙]\n", "utf-8")
    merged = document("quote_words.yaml")
    assert merged["not_speech"] == shipped["not_speech"] + ["说唱"]
    assert merged["my_list"] == ["甲", "乙"]
    assert merged["pronouns"] == shipped["pronouns"]


def test_yaml_of_another_shape_names_the_user_file_and_key(user_dir: Path) -> None:
    (user_dir / "quote_words.yaml").write_text("not_speech: 说唱\n", "utf-8")
    with pytest.raises(DataFileError, match=r"quote_words\.yaml: expected a list at 'not_speech'"):
        document("quote_words.yaml")


def test_missing_user_folder_is_an_error(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(resources.DATA_DIR_ENV, str(tmp_path / "absent"))
    resources.clear_caches()
    try:
        with pytest.raises(DataFileError, match="absent: user data folder"):
            table("speech_verbs.tsv")
    finally:
        monkeypatch.delenv(resources.DATA_DIR_ENV)
        resources.clear_caches()


def test_config_key_names_the_folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    folder = tmp_path / "mine"
    folder.mkdir()
    config = tmp_path / "config.toml"
    config.write_text(f'data_dir = "{folder.as_posix()}"\n', "utf-8")
    monkeypatch.delenv(resources.DATA_DIR_ENV, raising=False)
    monkeypatch.setenv("JISHI_CONFIG", str(config))
    assert resources.user_data_dir() == folder


def said(text: str) -> list[tuple[str | None, str]]:
    """(speaker, text) of the quotes of a one-paragraph article naming 李明."""
    start = text.index("李明")
    person = Entity(
        id="li",
        type="PER",
        name="李明",
        name_en="Li Ming",
        mentions=[Mention(text="李明", paragraph=0, start=start, end=start + 2)],
    )
    article = Article(id="a", paragraphs=[Paragraph(text=text)], entities=[person])
    return [(q.speaker, q.text) for q in quotes.body_quotes(article)]


def test_a_user_speech_verb_is_used_by_the_quotes_stage(user_dir: Path) -> None:
    sentence = "李明放话，对方必须在月底前撤回全部人员。"
    assert said(sentence) == []
    (user_dir / "speech_verbs.tsv").write_text(VERBS_HEADER + "放话\tno\tslang\n", "utf-8")
    resources.clear_caches()
    quotes.lexicon.cache_clear()
    assert said(sentence) == [("li", "对方必须在月底前撤回全部人员")]


def test_a_bad_user_speech_verb_row_names_the_user_file(user_dir: Path) -> None:
    (user_dir / "speech_verbs.tsv").write_text(VERBS_HEADER + "放话\tmaybe\t\n", "utf-8")
    with pytest.raises(DataFileError, match=re.escape(f"{user_dir}") + ".*row 1 needs a verb"):
        quotes.lexicon()


def test_process_stops_with_the_user_file_named(user_dir: Path, tmp_path: Path) -> None:
    from click.testing import CliRunner

    from jishi.cli import main

    (user_dir / "speech_verbs.tsv").write_text(VERBS_HEADER + "放话\tmaybe\t\n", "utf-8")
    page = tmp_path / "page.txt"
    page.write_text("李明放话，对方必须在月底前撤回全部人员。\n", "utf-8")
    result = CliRunner().invoke(
        main, ["process", str(page), "--published", "2025-03-01", "--until", "quotes"]
    )
    assert result.exit_code == 2
    assert "speech_verbs.tsv: row 1 needs a verb" in result.output
