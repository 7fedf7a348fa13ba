"""The PDF test set (tests/pdf_pages.py): every story of every page read right.

Scored as the text pages are (jishi.eval.scores.score_articles): headline, every
paragraph in its story and in order, nothing foreign, the source.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from jishi.eval.scores import score_articles
from jishi.ingest import read_document
from jishi.pipeline import run_stages
from jishi.settings import Settings
from pdf_pages import LAYOUTS, truetype_cjk_font


@pytest.fixture(scope="module")
def font() -> Path:
    found = truetype_cjk_font()
    assert found is not None, "no Chinese TrueType font: apt-get install fonts-wqy-microhei"
    return found


@pytest.mark.parametrize("name", sorted(LAYOUTS))
def test_every_story_of_the_page_is_read_right(name: str, font: Path, tmp_path: Path) -> None:
    from pdf_pages import write_page

    path, gold = write_page(name, tmp_path, font)
    doc = read_document(path, Settings(published=gold["published"]))
    run_stages(doc, Settings(stages=["layout"]))  # the record as printed
    scores = score_articles(doc, gold)
    assert scores.exact.hits == scores.exact.total, scores.paragraphs.missed
    assert scores.source.hits == scores.source.total


def test_a_ruled_table_is_left_out_of_the_text(font: Path, tmp_path: Path) -> None:
    from pdf_pages import TABLE, write_page

    path, _ = write_page("photo_and_table", tmp_path, font)
    text = read_document(path).text
    assert TABLE[0][1] not in text
    assert "图为3月4日" in text
