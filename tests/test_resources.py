"""The user data overlay of jishi.lang.data: a user's TSV rows and YAML words are
laid over the shipped files, the folder comes from the settings (resolved by
jishi.config from $JISHI_DATA_DIR or the config file), and a stage picks the rows
up without code."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from jishi.config import ConfigError, configured_data_dir
from jishi.lang import data as resources
from jishi.lang.data import DataFileError, DataFiles
from jishi.model import Article, Document, Entity, Mention, Paragraph
from jishi.settings import Settings
from jishi.stages import quotes

VERBS_HEADER = "verb\tbare\tnotes\n"


@pytest.fixture
def user_dir(tmp_path: Path) -> Path:
    """An empty user data folder (each test builds its own DataFiles over it)."""
    folder = tmp_path / "mine"
    folder.mkdir()
    return folder


def table(folder: Path, name: str) -> tuple[dict[str, str], ...]:
    return DataFiles(folder).table(name)


def test_user_rows_come_after_the_shipped_rows(user_dir: Path) -> None:
    shipped = resources.read_tsv(resources.data_path("speech_verbs.tsv"))
    (user_dir / "speech_verbs.tsv").write_text(VERBS_HEADER + "放话\tno\tmy own\n", "utf-8")
    rows = table(user_dir, "speech_verbs.tsv")
    assert list(rows[: len(shipped)]) == shipped
    assert rows[len(shipped) :] == ({"verb": "放话", "bare": "no", "notes": "my own"},)


def test_a_table_the_user_does_not_extend_is_the_shipped_one(user_dir: Path) -> None:
    shipped = resources.read_tsv(resources.data_path("speech_verbs.tsv"))
    assert list(table(user_dir, "speech_verbs.tsv")) == shipped


def test_user_table_with_other_columns_names_the_user_file(user_dir: Path) -> None:
    (user_dir / "speech_verbs.tsv").write_text("verb\tnotes\n放话\tmine\n", "utf-8")
    with pytest.raises(DataFileError, match=r"speech_verbs\.tsv: header must have"):
        table(user_dir, "speech_verbs.tsv")


def test_user_row_with_a_missing_column_names_the_user_file(user_dir: Path) -> None:
    (user_dir / "speech_verbs.tsv").write_text(VERBS_HEADER + "放话\tno\n", "utf-8")
    with pytest.raises(DataFileError, match=re.escape(str(user_dir))):
        table(user_dir, "speech_verbs.tsv")


def test_yaml_lists_are_extended_and_keys_overlaid(user_dir: Path) -> None:
    shipped = resources.read_yaml(resources.data_path("quote_words.yaml"))
    (user_dir / "quote_words.yaml").write_text("not_speech: [说唱]\nmy_list: [甲, 乙]\n", "utf-8")
    merged = DataFiles(user_dir).document("quote_words.yaml")
    assert merged["not_speech"] == shipped["not_speech"] + ["说唱"]
    assert merged["my_list"] == ["甲", "乙"]
    assert merged["pronouns"] == shipped["pronouns"]


def test_yaml_of_another_shape_names_the_user_file_and_key(user_dir: Path) -> None:
    (user_dir / "quote_words.yaml").write_text("not_speech: 说唱\n", "utf-8")
    with pytest.raises(DataFileError, match=r"quote_words\.yaml: expected a list at 'not_speech'"):
        DataFiles(user_dir).document("quote_words.yaml")


def test_missing_user_folder_is_an_error(tmp_path: Path) -> None:
    with pytest.raises(DataFileError, match="absent: user data folder"):
        DataFiles(tmp_path / "absent")


def test_environment_names_the_folder(user_dir: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("JISHI_DATA_DIR", str(user_dir))
    assert configured_data_dir({}) == user_dir


def test_a_folder_named_but_absent_is_a_config_error(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("JISHI_DATA_DIR", str(tmp_path / "absent"))
    with pytest.raises(ConfigError, match="absent: user data folder"):
        configured_data_dir({})


def test_config_key_names_the_folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    folder = tmp_path / "mine"
    folder.mkdir()
    config = tmp_path / "config.toml"
    config.write_text(f'data_dir = "{folder.as_posix()}"\n', "utf-8")
    monkeypatch.delenv("JISHI_DATA_DIR", raising=False)
    monkeypatch.setenv("JISHI_CONFIG", str(config))
    assert configured_data_dir() == folder


def test_two_folders_in_one_process_keep_their_own_rows(tmp_path: Path) -> None:
    first, second = tmp_path / "a", tmp_path / "b"
    for folder, verb in ((first, "放话"), (second, "喊话")):
        folder.mkdir()
        (folder / "speech_verbs.tsv").write_text(VERBS_HEADER + f"{verb}\tno\t\n", "utf-8")
    assert table(first, "speech_verbs.tsv")[-1]["verb"] == "放话"
    assert table(second, "speech_verbs.tsv")[-1]["verb"] == "喊话"


def said(text: str, folder: Path | None = None) -> list[tuple[str | None, str]]:
    """(speaker, text) of the quotes of a one-paragraph article naming 李明, found by the
    quotes stage with the settings of a run on that user folder."""
    start = text.index("李明")
    person = Entity(
        id="li",
        type="PER",
        name="李明",
        name_en="Li Ming",
        mentions=[Mention(text="李明", paragraph=0, start=start, end=start + 2)],
    )
    article = Article(id="a", paragraphs=[Paragraph(text=text)], entities=[person])
    quotes.run(Document(id="d", articles=[article]), Settings(data_dir=folder))
    return [(q.speaker, q.text) for q in article.quotes]


def test_a_user_speech_verb_is_used_by_the_quotes_stage(user_dir: Path) -> None:
    sentence = "李明放话，对方必须在月底前撤回全部人员。"
    assert said(sentence) == []
    (user_dir / "speech_verbs.tsv").write_text(VERBS_HEADER + "放话\tno\tslang\n", "utf-8")
    assert said(sentence, user_dir) == [("li", "对方必须在月底前撤回全部人员")]
    assert said(sentence) == []


def test_a_bad_user_speech_verb_row_names_the_user_file(user_dir: Path) -> None:
    (user_dir / "speech_verbs.tsv").write_text(VERBS_HEADER + "放话\tmaybe\t\n", "utf-8")
    with pytest.raises(DataFileError, match=re.escape(f"{user_dir}") + ".*row 1 needs a verb"):
        quotes.quote_words(DataFiles(user_dir))


def test_process_stops_with_the_user_file_named(
    user_dir: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from click.testing import CliRunner

    from jishi.cli import main

    (user_dir / "speech_verbs.tsv").write_text(VERBS_HEADER + "放话\tmaybe\t\n", "utf-8")
    monkeypatch.setenv("JISHI_DATA_DIR", str(user_dir))
    page = tmp_path / "page.txt"
    page.write_text("李明放话，对方必须在月底前撤回全部人员。\n", "utf-8")
    result = CliRunner().invoke(
        main, ["process", str(page), "--published", "2025-03-01", "--stop-after", "quotes"]
    )
    assert result.exit_code == 2
    assert "speech_verbs.tsv: row 1 needs a verb" in result.output
