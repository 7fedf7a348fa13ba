"""A test set of newspaper-like PDF pages, written with fpdf2, and their answer keys.

Each page lays out the same kind of stories a different way: one, two and three
columns, a running header and footer across the top and bottom, a headline over
two columns, a photo with its caption and credit, a ruled table; paragraphs are
marked by gaps on some pages and by first-line indents on others. The key of each
page is built from what was printed (in the ../shared/eval gold format), so the
pages are scored as the text pages are.

The font must have TrueType outlines. fpdf2 embeds a CFF font (Noto CJK's .ttc and
.otf are CFF) as a CIDFontType0 whose /Encoding is an embedded CMap stream named
Adobe-Identity-UCS; pdfminer looks an encoding up by its CMapName among the CMaps
it ships, finds none of that name and decodes no character, so such a page reads
empty. TrueType outlines are written with the predefined Identity-H encoding, which
pdfminer knows (.ci/run installs fonts-wqy-microhei).
"""

from __future__ import annotations

import shutil
import subprocess
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

PAGE_WIDTH, PAGE_HEIGHT = 595.0, 842.0
MARGIN = 40.0
GUTTER = 20.0
BODY_SIZE, HEAD_SIZE, BAND_SIZE = 10.0, 16.0, 8.0
LEADING = 15.0
# a paragraph's first line is indented by two characters, as Chinese print does
INDENT = 2 * BODY_SIZE
# one line across the page, over the gutters between the columns
HEADER = "环球时报\u30002025年3月5日\u3000星期三\u3000农历乙巳年二月初六\u3000第3版\u3000国际新闻"
FOOTER = "责任编辑：王小明"


@dataclass(frozen=True)
class Story:
    headline: str
    paragraphs: tuple[str, ...]
    source: str | None


STORIES = (
    Story(
        "中方向太平洋岛国提供防灾物资",
        (
            "新华社北京3月4日电 中国国家国际发展合作署4日宣布，将向太平洋岛国提供一批防灾减灾物资，"
            "帮助当地应对即将到来的台风季节。",
            "发展合作署发言人说，这批物资包括帐篷、净水设备和发电机，将于本月分批运抵斐济、汤加等国，"
            "并由当地政府分发给受灾民众。",
            "斐济外交部长当天对媒体表示，感谢中方及时伸出援手，期待双方在防灾领域加强合作。",
        ),
        "新华社",
    ),
    Story(
        "日本央行维持超低利率政策不变",
        (
            "据新华社东京3月5日电 日本银行5日结束货币政策会议，决定维持超低利率政策不变。"
            "分析人士认为，日本经济复苏的基础仍不稳固。",
            "日本银行行长在记者会上说，将继续密切关注物价走势和海外经济风险，必要时将采取进一步措施。",
        ),
        "新华社",
    ),
    Story(
        "国际油价连续三个交易日下跌",
        (
            "国际油价5日继续下跌，纽约商品交易所4月交货的轻质原油期货价格收于每桶68美元，"
            "跌幅超过百分之二。",
            "分析人士认为，市场担忧全球经济增长放缓将抑制原油需求，油价短期内或将继续承压。",
            "与此同时，主要产油国表示将按计划逐步恢复产量，市场供应预期有所增加。 据路透社",
        ),
        "路透社",
    ),
    Story(
        "欧盟公布新的气候目标",
        (
            "据新华社布鲁塞尔3月4日电 欧盟委员会4日公布新的气候目标，提出到2040年"
            "温室气体净排放量比1990年减少九成。",
            "欧盟委员会说，实现这一目标需要在能源、交通和建筑等领域加快转型，并为受影响的地区提供支持。",
        ),
        "新华社",
    ),
)

PHOTO_CAPTION = "图为3月4日，救援人员在斐济首都苏瓦搬运救灾物资。"
PHOTO_CREDIT = "新华社发"
TABLE = (("国家", "物资批次", "到货时间"), ("斐济", "3", "3月中旬"), ("汤加", "2", "3月下旬"))


def truetype_cjk_font() -> Path | None:
    """A Chinese font with TrueType outlines on this machine (see the module docstring)."""
    fc_list = shutil.which("fc-list")
    if fc_list is None:
        return None
    listing = subprocess.run(
        [fc_list, ":lang=zh:fontformat=TrueType", "file"],
        capture_output=True,
        text=True,
        check=False,
    ).stdout
    files = sorted(line.rstrip(": ") for line in listing.splitlines() if line.strip())
    return Path(files[0]) if files else None


class Printer:
    """Lays stories into columns on an fpdf2 page, keeping what it printed."""

    def __init__(self, pdf: Any, gaps: bool) -> None:
        self.pdf = pdf
        self.gaps = gaps

    def lines(self, text: str, width: float, first: float = 0.0) -> list[str]:
        """The text broken at the width, the first line indented by ``first``."""
        lines, line = [], ""
        for char in text:
            room = width - (first if not lines else 0.0)
            if line and self.pdf.get_string_width(line + char) > room:
                lines.append(line)
                line = ""
            line += char
        return [*lines, line] if line else lines

    def story(self, story: Story, x: float, y: float, width: float, headline: bool = True) -> float:
        """The story printed in one column from y down; the y below it."""
        if headline:
            y = self.headline(story.headline, x, y, width)
        for paragraph in story.paragraphs:
            y = self.paragraph(paragraph, x, y, width)
        return y + LEADING

    def headline(self, text: str, x: float, y: float, width: float) -> float:
        self.pdf.set_font("cjk", size=HEAD_SIZE)
        for line in self.lines(text, width):
            y += HEAD_SIZE * 1.4
            self.pdf.text(x, y, line)
        return y + LEADING * 0.6

    def paragraph(self, text: str, x: float, y: float, width: float) -> float:
        self.pdf.set_font("cjk", size=BODY_SIZE)
        indent = 0.0 if self.gaps else INDENT
        for number, line in enumerate(self.lines(text, width, indent)):
            y += LEADING
            self.pdf.text(x + (indent if number == 0 else 0.0), y, line)
        return y + (LEADING if self.gaps else 0.0)

    def bands(self) -> None:
        """The running header and footer across the page, with a rule under the header."""
        self.pdf.set_font("cjk", size=BAND_SIZE)
        self.pdf.text(MARGIN, MARGIN - 10, HEADER)
        self.pdf.line(MARGIN, MARGIN - 4, PAGE_WIDTH - MARGIN, MARGIN - 4)
        self.pdf.text(MARGIN, PAGE_HEIGHT - MARGIN + 16, FOOTER)

    def photo(self, x: float, y: float, width: float) -> float:
        """A photo (a small picture) with its caption and credit."""
        from PIL import Image

        height = width * 0.6
        self.pdf.image(Image.new("RGB", (60, 36), (90, 120, 160)), x, y, width, height)
        y = self.paragraph(PHOTO_CAPTION, x - (0.0 if self.gaps else INDENT), y + height, width)
        self.pdf.set_font("cjk", size=BODY_SIZE)
        self.pdf.text(
            x + width - self.pdf.get_string_width(PHOTO_CREDIT), y + LEADING, PHOTO_CREDIT
        )
        return y + 2 * LEADING

    def table(self, x: float, y: float, width: float) -> float:
        """A ruled table of short cells."""
        self.pdf.set_font("cjk", size=BODY_SIZE)
        cell = width / len(TABLE[0])
        for row in TABLE:
            for number, text in enumerate(row):
                self.pdf.rect(x + number * cell, y, cell, LEADING * 1.4)
                self.pdf.text(x + number * cell + 3, y + LEADING, text)
            y += LEADING * 1.4
        return y + LEADING


def _column_width(columns: int) -> float:
    return (PAGE_WIDTH - 2 * MARGIN - (columns - 1) * GUTTER) / columns


def _left(column: int, columns: int) -> float:
    return MARGIN + column * (_column_width(columns) + GUTTER)


def one_column(printer: Printer) -> list[Story]:
    """One column of two stories, paragraphs parted by gaps, under a header."""
    printer.bands()
    y = printer.story(STORIES[0], MARGIN, MARGIN, _column_width(1))
    printer.story(STORIES[2], MARGIN, y, _column_width(1))
    return [STORIES[0], STORIES[2]]


def two_columns(printer: Printer) -> list[Story]:
    """Two columns under a running header: two stories on the left, one on the right;
    the columns' lines stand at the same heights, as a page's grid prints them."""
    printer.bands()
    width = _column_width(2)
    y = printer.story(STORIES[0], _left(0, 2), MARGIN, width)
    printer.story(STORIES[1], _left(0, 2), y, width)
    printer.story(STORIES[2], _left(1, 2), MARGIN, width)
    return [STORIES[0], STORIES[1], STORIES[2]]


def three_columns(printer: Printer) -> list[Story]:
    """A headline across two columns over its story, which runs on from the first
    column into the second; a third column with two stories."""
    printer.bands()
    width = _column_width(3)
    story = STORIES[3]
    y = printer.headline(story.headline, MARGIN, MARGIN, 2 * width + GUTTER)
    first, rest = story.paragraphs[0], story.paragraphs[1:]
    printer.paragraph(first, _left(0, 3), y, width)
    for paragraph in rest:
        printer.paragraph(paragraph, _left(1, 3), y, width)
    below = printer.story(STORIES[1], _left(2, 3), MARGIN, width)
    printer.story(STORIES[2], _left(2, 3), below, width)
    return [STORIES[3], STORIES[1], STORIES[2]]


def photo_and_table(printer: Printer) -> list[Story]:
    """Two columns: a story with its photo, caption and credit; a ruled table and a
    story in the other column."""
    printer.bands()
    width = _column_width(2)
    y = printer.story(STORIES[0], _left(0, 2), MARGIN, width)
    printer.photo(_left(0, 2), y, width)
    y = printer.table(_left(1, 2), MARGIN + LEADING, width)
    printer.story(STORIES[3], _left(1, 2), y, width)
    return [STORIES[0], STORIES[3]]


Layout = Callable[[Printer], list[Story]]
LAYOUTS: dict[str, tuple[Layout, bool]] = {
    # name: (layout, paragraphs parted by gaps rather than by indents)
    "one_column": (one_column, True),
    "two_columns": (two_columns, False),
    "three_columns": (three_columns, True),
    "photo_and_table": (photo_and_table, False),
}


def write_page(name: str, folder: Path, font: Path) -> tuple[Path, dict[str, Any]]:
    """The named page as a PDF in the folder, and its answer key."""
    from fpdf import FPDF

    layout, gaps = LAYOUTS[name]
    pdf = FPDF(unit="pt", format="A4")
    pdf.add_font("cjk", fname=str(font))
    pdf.set_auto_page_break(False)
    pdf.add_page()
    stories = layout(Printer(pdf, gaps))
    path = folder / f"{name}.pdf"
    pdf.output(str(path))
    return path, answer_key(path.name, stories, with_photo=name == "photo_and_table")


def answer_key(document: str, stories: list[Story], with_photo: bool) -> dict[str, Any]:
    """The gold of a page: each story's headline, source and the starts of its paragraphs."""
    articles = []
    for story in stories:
        paragraphs = [paragraph.split(" 据")[0][:14] for paragraph in story.paragraphs]
        if with_photo and story is STORIES[0]:
            paragraphs += [PHOTO_CAPTION[:14]]
        articles.append(
            {"headline": story.headline, "source": story.source, "paragraphs": paragraphs}
        )
    return {
        "document": document,
        "published": "2025-03-05",
        "articles": articles,
        "entities": [],
        "times": [],
        "quotes": [],
        "events": [],
    }
