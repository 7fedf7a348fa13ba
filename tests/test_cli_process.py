"""`jishi process`: formats, stage selection, batches with failures, stdin."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from click.testing import CliRunner, Result

from jishi.cli import main

PAGE = """\
日本央行维持
超低利率不变

据新华社东京3月5日电 日本银行5日结束货币
政策会议，决定维持超低利率政策不变。分析
人士认为，日本经济复苏基础仍不稳固。

日本银行行长在记者会上说，将继续密切关注
物价走势和海外经济风险。
"""


def invoke(*args: str, stdin: bytes | None = None) -> Result:
    return CliRunner().invoke(main, ["process", *args], input=stdin)


def page(tmp_path: Path, name: str = "page.txt") -> Path:
    path = tmp_path / name
    path.write_text(PAGE, encoding="utf-8")
    return path


def test_one_file_prints_one_json_object(tmp_path: Path) -> None:
    result = invoke(str(page(tmp_path)), "--stop-after", "layout", "--published", "2025-03-05")
    assert result.exit_code == 0, result.stderr
    record: dict[str, Any] = json.loads(result.stdout)
    assert record["published"] == "2025-03-05"
    assert "text" not in record
    (article,) = record["articles"]
    assert article["headline"] == "日本央行维持超低利率不变"
    assert article["dateline"]["date"] == "2025-03-05"
    # the paragraph as printed, dateline first; its running text starts at body_start
    first = article["paragraphs"][0]["text"]
    assert first.startswith("据新华社东京3月5日电 日本银行5日结束货币政策会议")
    assert first[article["dateline"]["body_start"] :].startswith("日本银行5日")


def test_seed_page_to_layout(seed_text: str, tmp_path: Path) -> None:
    path = tmp_path / "seed.txt"
    path.write_text(seed_text, encoding="utf-8")
    result = invoke(str(path), "--stop-after", "layout", "--published", "2025-02-14")
    assert result.exit_code == 0, result.stderr
    articles = json.loads(result.stdout)["articles"]
    assert sum(1 for article in articles if article["headline"]) == 7


def test_several_files_default_to_json_lines(tmp_path: Path) -> None:
    first, second = page(tmp_path, "a.txt"), page(tmp_path, "b.txt")
    result = invoke(str(first), str(second), "--stop-after", "layout")
    assert result.exit_code == 0, result.stderr
    lines = result.stdout.splitlines()
    assert [json.loads(line)["path"] for line in lines] == [str(first), str(second)]


def test_json_format_for_several_files_is_an_array(tmp_path: Path) -> None:
    page(tmp_path, "a.txt")
    page(tmp_path, "b.txt")
    result = invoke(str(tmp_path), "--stop-after", "layout", "--format", "json")
    assert result.exit_code == 0, result.stderr
    records = json.loads(result.stdout)
    assert [Path(record["path"]).name for record in records] == ["a.txt", "b.txt"]


def test_text_report(tmp_path: Path) -> None:
    result = invoke(str(page(tmp_path)), "--stop-after", "layout", "--format", "text")
    assert result.exit_code == 0, result.stderr
    assert "Headline: 日本央行维持超低利率不变" in result.stdout
    assert "Dateline: 新华社 / 东京 / ?" in result.stdout
    assert "[1] body: 日本银行行长在记者会上说" in result.stdout


def test_stdin_with_outlet(tmp_path: Path) -> None:
    result = invoke("-", "--stop-after", "layout", "--outlet", "甲报", stdin=PAGE.encode("gb18030"))
    assert result.exit_code == 0, result.stderr
    record = json.loads(result.stdout)
    assert record["outlet"] == "甲报"
    assert record["path"] is None


def test_batch_goes_on_past_bad_inputs(tmp_path: Path) -> None:
    good = page(tmp_path)
    binary = tmp_path / "image.txt"
    binary.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00")
    missing = tmp_path / "missing.txt"
    result = invoke(str(missing), str(binary), str(good), "--stop-after", "layout")
    assert result.exit_code == 1
    assert [json.loads(line)["path"] for line in result.stdout.splitlines()] == [str(good)]
    assert result.stderr.splitlines() == [
        f"Error: {missing}: no such file or directory",
        f"Error: {binary}: binary file (contains NUL bytes), not text",
        "Error: 2 of 3 inputs failed",
    ]


def test_bad_published_option_is_a_usage_error(tmp_path: Path) -> None:
    result = invoke(str(page(tmp_path)), "--stop-after", "layout", "--published", "2025-13-01")
    assert result.exit_code == 2
    assert result.stdout == ""
    assert "'2025-13-01' is not a YYYY-MM-DD date" in result.stderr


def test_bad_sidecar_date_names_the_sidecar(tmp_path: Path) -> None:
    path = page(tmp_path)
    sidecar = tmp_path / "page.txt.meta.json"
    sidecar.write_text('{"published": "2025-13-01"}', encoding="utf-8")
    result = invoke(str(path), "--stop-after", "layout")
    assert result.exit_code == 1
    assert result.stdout == ""
    assert f"Error: {sidecar}: publication date '2025-13-01' is not a YYYY-MM-DD date" in (
        result.stderr
    )


def test_unknown_stage_is_a_usage_error(tmp_path: Path) -> None:
    result = invoke(str(page(tmp_path)), "--stop-after", "parsing")
    assert result.exit_code == 2
    assert "parsing" in result.stderr


def test_text_report_of_every_section() -> None:
    from jishi.model import (
        Article,
        Dateline,
        Document,
        Entity,
        Event,
        Paragraph,
        Quote,
        TimeExpression,
    )
    from jishi.render import render_document

    article = Article(
        id="d-a1",
        headline="日本央行维持超低利率不变",
        source="新华社",
        dateline=Dateline(agency="新华社", place="东京", date="2025-03-05"),
        paragraphs=[Paragraph(text="日本银行5日决定维持超低利率政策不变。", role="body")],
        entities=[
            Entity(id="e1", type="ORG", name="日本银行", name_en="Bank of Japan", country="JPN"),
            Entity(id="e2", type="LOC", name="日本", name_en="Japan", linked=True),
        ],
        times=[TimeExpression(text="5日", value="2025-03-05", paragraph=0, start=4, end=6)],
        quotes=[Quote(text="将继续密切关注物价走势", kind="indirect", speaker="e1", paragraph=0)],
        events=[
            Event(
                id="v1",
                type="RETREAT",
                source=["e1"],
                target=["e2"],
                date="2025-03-05",
                negated=True,
                trigger="维持",
                sentence="日本银行5日决定维持超低利率政策不变。",
                paragraph=0,
            )
        ],
    )
    report = render_document(Document(id="d", published="2025-03-05", articles=[article]))
    assert "Dateline: 新华社 / 东京 / 2025-03-05" in report
    assert "ORG 日本银行 = Bank of Japan [JPN, unlinked]" in report
    assert "5日 = 2025-03-05 (paragraph 0)" in report
    assert "Bank of Japan (indirect): 将继续密切关注物价走势" in report
    assert "RETREAT: Bank of Japan → Japan (on 2025-03-05, negated) «维持»" in report


def test_whole_pipeline_to_text(tmp_path: Path) -> None:
    result = invoke(str(page(tmp_path)), "--format", "text", "--published", "2025-03-05")
    assert result.exit_code == 0, result.stderr
    assert "Headline: 日本央行维持超低利率不变" in result.stdout
    assert "Entities:" in result.stdout
