"""Lines to paragraphs to articles.

Newspaper pages dumped from PDF or OCR break lines at the column width, put
blank lines where a column ends (sometimes mid-sentence), and print the parts
of a page out of reading order: a story's headline may come after its body,
its lead and pull quotes at the bottom of the page. Web and wire copy instead
carry one paragraph per line. This stage

1. splits the text into *blocks* (runs of lines between blank lines), joining
   the lines of a paragraph and rejoining paragraphs split across blocks;
2. classifies every block by its shape (headline, kicker, subhead, source
   line, dateline, pull quote, attribution, caption, credit, lead, body);
3. groups blocks into articles in reading order, then gives blocks printed
   out of place (headline groups without a body, pull quotes, leads) to the
   article whose text they share the most with.

Every rule reads shape and punctuation, plus two small reference lists
(news agencies, section labels) kept in ``jishi/lang/zh/data``.
"""

from __future__ import annotations

import gc
import itertools
import re
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date
from functools import cache
from typing import Any, NamedTuple

from pydantic import TypeAdapter

from jishi.lang import data as resources
from jishi.lang.zh.chars import bigrams
from jishi.model import Article, Dateline, Document, ParagraphRole
from jishi.settings import Settings

# Characters that end a sentence; a block ending in anything else runs on.
SENTENCE_END = "。！？!?…；;"
CLOSING_QUOTES = '”’」』"）)》'
# Marks after which a sentence goes on.
CONTINUING_MARKS = "，、：；,:;“（(《"
TRAILING_MARKS = CLOSING_QUOTES + " \t\u3000"
INNER_SENTENCE_END_RE = re.compile(r"[。！？!?…；;][”’」』\"）)》]*\n")
# The end of an inner line that may close with a credit (see ends_with_credit):
# a spaced source credit (获益。” 据新华社) or a photo credit (张三 摄, 新华社发).
CREDIT_LINE_ENDS = ("摄\n", "摄）\n", "发\n", "图\n", "稿\n")
CREDIT_TAIL_RE = re.compile(
    r"[ \u3000][^ \u3000\n]+\n|摄[）)]?\n|[社网报台][^\n]{0,14}[发图稿][）)]?\n"
)
# Enough lines to tell the page layout; a 10 MB text need not be scanned whole.
MODE_SAMPLE_CHARS = 200_000
# Punctuation that marks running text: headlines and labels do not carry it.
BODY_PUNCTUATION = re.compile(r"[，。；,;]|[！？]\S")
# A break between Latin words keeps a space; one between two digits falls inside a
# number (8\n000亿, 2\n9日), which Chinese text never spaces.
LATIN_BREAK_RE = re.compile(r"(?<=[A-Za-z])\n(?=[A-Za-z0-9])|(?<=[0-9])\n(?=[A-Za-z])")
# Longest tail of a paragraph that a trailing source credit (据新华社) can take.
TRAILER_CHARS = 40
# A line that may be a source line (据新华社, 综合…, 来源：…, ■…): worth a closer look.
SOURCE_LINE_START_RE = re.compile(r"\n[■□●◆▲★]?\s*(?:据|综合|来源)")
# 和 joins two outlets only right after an outlet's last character.
OUTLET_JOINER_RE = re.compile(r"[、／/]|(?<=[社网报台端视闻])和")
INDENT_RE = re.compile(r"^(?:\s{2,}|\u3000)")
INDENTED_LINE_RE = re.compile(r"\n(?:[ \t]{2,}|\u3000+)\S")
BLANK_LINES_RE = re.compile(r"\n[ \t\u3000\f\r]*\n")
LINE_RE = re.compile(r"(?m)^[ \t\u3000]*\S")
# Share of blank lines standing above a heading in copy that puts blank
# lines between stories only.
STORY_BREAK_SHARE = 0.8
# Share of lines followed by a blank line in double-spaced text.
DOUBLE_SPACED_SHARE = 0.9
LONG_LINE_RE = re.compile(r"(?m)^[ \t\u3000]*\S.{7,}$")
ENDED_LINE_RE = re.compile(
    r"(?m)^[ \t\u3000]*\S.{6,}[。！？!?…；;][”’」』\"）)》]*(?:[（(][^）)\n]{1,30}[）)])?[ \t]*$"
)

# A line-per-paragraph text has most long lines ending a sentence; a
# column-broken one has most ending mid-word.
LINE_MODE_SHARE = 0.6
# Lines this long (median) are paragraphs: newspaper columns and text wrapped
# at 80 columns hold fewer CJK characters.
MIN_PARAGRAPH_LINE = 45
# Headlines and labels are short; longer lines without punctuation are body.
MAX_HEADLINE_CHARS = 40
MAX_HEADLINE_LINES = 3
MAX_KICKER_CHARS = 4
# A label opening with 聚焦/关注/... may name a topic of a few more characters.
MAX_TOPIC_LABEL_CHARS = 8
# A headline line glued above its body is at most this share of the column.
HEAD_LINE_RATIO = 0.75
# The same in characters, looser: digits make a line longer in characters.
HEAD_LINE_CHARS_RATIO = 0.9
MAX_PULLQUOTE_CHARS = 60
# A page header line: paper name, date, weekday, page name and number.
MAX_HEADER_CHARS = 48
# What a block of furniture lines shows: a number, a staff title's colon, a bracket.
FURNITURE_HINT_RE = re.compile(r"[0-9：:【（(]")
# Wire stories (with a dateline) seldom carry subheads, and then short ones:
# a longer line after one heads the next story.
MAX_WIRE_SUBHEAD_CHARS = 8
# Marks between outlets credited together (据新华社、央视; ■综合新华社/法新社).
OUTLET_JOINERS = "、和/／"
# Bullets printed before labels and source lines (■链接, ■综合新华社).
LABEL_MARKS = "■□●◆▲★◎ "
CAPTION_OPENINGS = ("图为", "上图", "下图", "左图", "右图", "图：", "图:", "图片说明")
MAX_CAPTION_CHARS = 200
# Last characters of a photo credit (新华社发, 张三摄, 新华社 图, （李四摄）).
CREDIT_ENDINGS = "摄发图稿）)"
# What follows a finished sentence and a space at the end of a line.
SPACED_TAIL_RE = re.compile(r"[。！？!?][”’」』]*[ \t\u3000]+(\S.*)$")
# Longer blocks can only be body or lead: no need to try the other shapes.
MAX_SHORT_BLOCK = max(MAX_HEADLINE_CHARS, MAX_PULLQUOTE_CHARS)
# A block this many times wider than the page's columns sits in its own box
# (a lead or summary printed across columns).
WIDE_BLOCK_RATIO = 1.6
# Share of a floating block's character pairs that must occur in an article
# for the block to be given to it.
MIN_OVERLAP = 0.3
# A headline is short and a headless article on the same page is rare: less
# shared text is enough evidence.
MIN_ORPHAN_OVERLAP = 0.15
# How far (in articles) to look for the owner of a floating block.
OWNER_WINDOW_BEFORE = 10
OWNER_WINDOW_AFTER = 2


@dataclass(slots=True)
class Block:
    """A run of lines read as one unit, with the shape facts rules need."""

    lines: list[str]
    text: str
    width: int
    kind: str = "body"
    position: int = 0
    # printed right above the next block with no blank line between
    attached: bool = False
    # printed under a blank line (or first on the page)
    after_blank: bool = True
    # carries running text (see is_running_text), worked out once
    running: bool | None = None
    # a headline despite a comma in it (see is_comma_headline)
    titled: bool = False

    @property
    def is_heading(self) -> bool:
        return self.kind in {"headline", "kicker"}


class Part(NamedTuple):
    """A paragraph under construction; models are built in one batch at the end (faster)."""

    text: str
    role: ParagraphRole


ARTICLES = TypeAdapter(list[Article])


@dataclass(slots=True)
class Draft:
    """An article being assembled, before it becomes a model Article."""

    headline_blocks: list[Block] = field(default_factory=list)
    kicker: str | None = None
    source: str | None = None
    dateline: Dateline | None = None
    paragraphs: list[Part] = field(default_factory=list)
    subheads: int = 0
    closed: bool = False
    # one item of a briefs column (国际简讯): it takes no subheads
    briefs: bool = False
    position: int = 0

    @property
    def has_body(self) -> bool:
        return any(p.role == "body" for p in self.paragraphs)

    def text(self) -> str:
        return "".join([b.text for b in self.headline_blocks] + [p.text for p in self.paragraphs])


# ---------------------------------------------------------------- reference data


@cache
def _source_names() -> tuple[str, ...]:
    """Known agencies and outlets, longest first so 央视新闻客户端 beats 央视新闻."""
    names = {row["name"] for row in resources.table("news_sources.tsv")}
    return tuple(sorted(names, key=len, reverse=True))


@cache
def _section_labels() -> frozenset[str]:
    """Labels that stand alone (最新进展, 链接)."""
    return frozenset(
        r["text"] for r in resources.table("section_labels.tsv") if r["match"] == "whole"
    )


@cache
def _briefs_endings() -> tuple[str, ...]:
    """Last words of a label over a column of briefs (国际简讯, 环球速览)."""
    return tuple(r["text"] for r in resources.table("section_labels.tsv") if r["match"] == "briefs")


def is_briefs_label(text: str) -> bool:
    """A short label naming a column of brief items."""
    label = text.lstrip(LABEL_MARKS)
    return len(label) <= MAX_TOPIC_LABEL_CHARS and label.endswith(_briefs_endings())


def is_listed_label(text: str) -> bool:
    """A section label from the list: one that stands alone, or a briefs column's."""
    return text.lstrip(LABEL_MARKS) in _section_labels() or is_briefs_label(text)


@cache
def _label_openings() -> tuple[str, ...]:
    """Words that open a label naming the page's topic (聚焦中东局势, 关注俄乌冲突)."""
    return tuple(r["text"] for r in resources.table("section_labels.tsv") if r["match"] == "start")


@cache
def _patterns() -> dict[str, re.Pattern[str]]:
    """Regexes built around the agency list, compiled once per process."""
    known = "|".join(re.escape(name) for name in _source_names())
    # An outlet not in the list still ends like one (…社, …网, …报, …客户端).
    outlet = rf"(?:{known}|[\u4e00-\u9fff]{{1,10}}(?:社|网|报|台|客户端))"
    agency = rf"(?:{known}|[\u4e00-\u9fff]{{1,6}}?(?:社|网|台|报))"
    outlets = rf"{outlet}(?:[{OUTLET_JOINERS}]{outlet})*"
    credited = (
        rf"[（(]?(?:本版|本栏)?(?:稿件|文字|图文)?(?:据|综合|来源[:：]\s*)\s*"
        rf"(?P<name>{outlets})(?:等)?(?:报道|消息|电)?[）)]?"
    )
    return {
        # a bare name must be a known outlet: headlines can end in 报 or 台 too
        "source_line": re.compile(
            rf"^[■□●◆▲★]?\s*(?:{credited}|[（(]?(?P<bare>{known})[）)]?)\s*$"
        ),
        # …一部分。 据新华社 / …一部分。（新华社）
        "trailing_source": re.compile(
            rf"(?<=[{SENTENCE_END}{CLOSING_QUOTES}\s])[■□●◆▲★]?\s*"
            rf"(?:{credited}|[（(](?P<bare>{known})[）)])\s*$"
        ),
        "dateline": re.compile(
            # 【路透社华盛顿3月4日电】 in Reference News style
            rf"^(?P<full>【?据?(?P<agency>{agency})(?:记者[\u4e00-\u9fff·]{{2,8}}?)?"
            r"(?P<place>[\u4e00-\u9fff/／·、]{0,20}?)"
            r"(?:(?P<year>\d{4})年)?(?P<month>\d{1,2})月(?P<day>\d{1,2})日(?:电|消息)】?"
            r"(?:\s*[（(][^）)]{0,30}[）)])?)\s*"
        ),
        # no date: a paper's own 本报讯（记者 张三）, or 据新华社电 / 新华社北京电
        "undated_dateline": re.compile(
            rf"^(?P<full>(?:(?P<paper>本报|本刊)讯|据?(?P<agency>{known})"
            r"(?P<place>[\u4e00-\u9fff/／·]{0,8}?)电(?=[\s（(]|$))"
            r"(?:\s*[（(][^）)]{0,30}[）)])?)\s*"
        ),
        # a story's first paragraph credited in its opening words:
        # 据塔斯社报道，… / 据半岛电视台10日报道，…
        # 据日本共同社网站3月4日报道，… / 据美国《纽约时报》报道，…
        "opening_source": re.compile(
            rf"^据(?:(?P<name>{outlets})|[\u4e00-\u9fff]{{0,4}}《(?P<title>[^》]{{1,15}})》)"
            r"(?:网站|网络版|电子版|客户端)?(?:当地时间)?(?:\d{1,2}月)?(?:\d{1,2}日)?"
            r"(?:报道|消息)[，,]"
        ),
        "dateline_start": re.compile(rf"^据?(?:{known})"),
        "inner_dateline": re.compile(rf"\n[ \t\u3000]*据?(?:{known})"),
        # photo credits: 新华社记者张三摄 / 新华社发（李四摄） / 新华社 图 /
        # 王五供图 / 图片来源：视觉中国 / 图/新华社
        "credit": re.compile(
            r"^[（(]?.{0,24}?摄[）)]?$"
            rf"|^[（(]?(?:{outlet}).{{0,12}}?(?:发|图|供图|稿)(?:[（(][^）)]{{1,20}}[）)])?[）)]?$"
            r"|^[（(]?.{0,16}?(?:供图|制图)[）)]?$"
            r"|^图片来源[:：].{1,30}$|^图[/／].{1,16}$"
        ),
        "attribution": re.compile(r"^(?:——|--|－－|—)\s*\S.{0,40}$"),
        # a web page's "2025-02-14 10:23 来源：人民网" line
        "meta_source": re.compile(
            r"^(?=.*\d{4}[-/年.]\d{1,2}).*?来源[:：]\s*(?P<name>[^\s|｜,，]{2,20})"
        ),
        "byline": re.compile(
            r"^[■●◆▲□◎]?\s*(?:(?:本报|本刊)?(?:特派|驻[\u4e00-\u9fff]{1,6})?(?:记者|通讯员)"
            r"|特约撰稿人|文[/／｜|]|◎)\s*[\u4e00-\u9fff·、 ]{2,24}"
            r"(?:\s*(?:发自|报道)[\u4e00-\u9fff]{0,8})?$"
        ),
        # page furniture: dates and weekdays, page numbers, continuation and
        # staff lines, end marks; none of it belongs to an article
        "furniture": re.compile(
            r"^(?:\d{4}年\d{1,2}月\d{1,2}日\s*(?:星期|周)[一二三四五六日天].{0,20}"
            r"|[（(]?(?:上接|下转|转自|接)第?[\dA-Z一二三四五六七八九十]{1,3}版[）)]?"
            r"|第?[A-Z]?\d{1,3}版.{0,20}|[A-Z]?\d{1,3}"
            # a page's name and number: 国际  3
            r"|[\u4e00-\u9fff]{2,6}[ \t\u3000]+[A-Z]?\d{1,2}"
            r"|[（(【]?(?:本版)?(?:责任编辑|责编|编辑|美编|校对|版式|制图|组版|视觉|图片编辑)"
            r"(?:设计)?[:：][^）)】]{0,30}[）)】]?"
            r"|[（(]完[）)]"
            # a web page's toolbar: 【纠错】 【责任编辑：张三】 / 【打印】【关闭】
            r"|(?:【[^】\n]{1,16}】[ \t\u3000]*){2,})$"
        ),
        # a page header: 人民日报  2025年3月5日  星期三 (see is_furniture)
        "dated_header": re.compile(r"\d{4}年\d{1,2}月\d{1,2}日\s*(?:星期|周)[一二三四五六日天]"),
        # the people in a photo: 特朗普 普京 / 弗拉基米尔·泽连斯基 哈马斯
        "names_caption": re.compile(
            r"^(?:[\u4e00-\u9fff]{2,4}|[\u4e00-\u9fff·]{3,12})"
            r"(?:[ \u3000]+(?:[\u4e00-\u9fff]{2,4}|[\u4e00-\u9fff·]{3,12}))+$"
        ),
    }


# ---------------------------------------------------------------- text helpers


def display_width(line: str) -> int:
    """Columns a line takes in print: CJK characters count two, ASCII one.

    (bytes + chars) // 2 gives exactly that for 1- and 3-byte UTF-8 and runs
    in C, which matters at megabytes per second.
    """
    return (len(line.encode("utf-8")) + len(line)) // 2


def join_lines(lines: list[str]) -> str:
    """Join broken lines: no space between CJK or inside a number, one between Latin words."""
    if len(lines) == 1:
        return lines[0]
    return LATIN_BREAK_RE.sub(" ", "\n".join(lines)).replace("\n", "")


def ends_sentence(text: str) -> bool:
    """Whether text ends a sentence (。 or 。” but not ， or a bare closing quote).

    A parenthesis after the full stop, such as （完） or a reporter's name,
    does not reopen the sentence.
    """
    stripped = text.rstrip(TRAILING_MARKS)
    if not stripped:
        return False
    if stripped[-1] in SENTENCE_END:
        return True
    if text.rstrip().endswith(("）", ")")):
        opening = max(stripped.rfind("（"), stripped.rfind("("))
        return opening > 0 and stripped[opening - 1] in SENTENCE_END
    return False


# ---------------------------------------------------------------- blocks


def is_line_mode(text: str) -> bool:
    """One paragraph per line (web/wire copy) rather than column-broken lines.

    Weighed by characters, so a short title above one long paragraph still
    reads as line-per-paragraph; two regex passes keep a 10 MB text cheap.
    """
    sample = text[:MODE_SAMPLE_CHARS]
    lengths = sorted(map(len, LONG_LINE_RE.findall(sample)))
    if not lengths or lengths[len(lengths) // 2] >= MIN_PARAGRAPH_LINE:
        return True
    ended = sum(map(len, ENDED_LINE_RE.findall(sample)))
    return ended >= LINE_MODE_SHARE * sum(lengths)


def is_double_spaced(sample: str) -> bool:
    """A blank line after nearly every line, as some PDF and OCR tools write.

    Then one blank line says nothing and a paragraph ends at two.
    """
    gaps = len(BLANK_LINES_RE.findall(sample))
    lines = len(LINE_RE.findall(sample))
    return lines > 2 and gaps >= DOUBLE_SPACED_SHARE * (lines - 1)


def raw_blocks(text: str, line_mode: bool) -> list[tuple[list[str], bool]]:
    """Runs of non-blank lines, each flagged when the next run follows with no blank line.

    In line mode every line is its own run.
    """
    if line_mode:
        return [
            ([line], number < len(lines) - 1)
            for chunk in BLANK_LINES_RE.split(text)
            for lines in [[line for line in map(str.strip, chunk.splitlines()) if line]]
            for number, line in enumerate(lines)
        ]
    runs: list[tuple[list[str], bool]] = []
    inner_dateline = _patterns()["inner_dateline"]
    for chunk in BLANK_LINES_RE.split(text):
        lines = [line for line in map(str.strip, chunk.splitlines()) if line]
        if len(lines) < 2:  # blank, or one line: nothing to split
            if lines:
                runs.append((lines, False))
            continue
        parts = split_at_indents(chunk, lines)
        parts = [run for part in parts for run in split_paragraphs(part)]
        if inner_dateline.search(chunk):
            parts = [run for part in parts for run in split_at_datelines(part)]
        parts = [run for part in parts for run in split_head_lines(part)]
        runs.extend((part, number < len(parts) - 1) for number, part in enumerate(parts))
    return runs


def split_at_indents(chunk: str, lines: list[str]) -> list[list[str]]:
    """Start a new run at an indented line that follows the end of a sentence or a heading.

    A heading is up to three lines without sentence punctuation opening the
    run: a headline printed over an indented first paragraph.
    """
    if not INDENTED_LINE_RE.search(chunk):
        return [lines]
    runs: list[list[str]] = [[]]
    for raw in chunk.strip("\n").splitlines():
        line = raw.strip()
        if not line:
            continue
        run = runs[-1]
        if run and INDENT_RE.match(raw) and (ends_sentence(run[-1]) or is_heading_lines(run)):
            runs.append([])
        runs[-1].append(line)
    return runs


def is_heading_lines(lines: list[str]) -> bool:
    """A few lines without sentence punctuation: a headline or a label."""
    return len(lines) <= MAX_HEADLINE_LINES and not any(map(BODY_PUNCTUATION.search, lines))


def split_at_datelines(run: list[str]) -> list[list[str]]:
    """Start a new run where a wire dateline begins a line after a headline.

    Pages often print a headline and the dateline paragraph with no blank
    line between them, and some print whole pages so; only lines right after
    a punctuation-free line (a headline) are looked at, so running text is
    never cut. The headline lines are cut off from the story before them
    too, and so are those above an opening credit (据塔斯社报道，…).
    """
    patterns = _patterns()
    cuts: set[int] = set()
    for index in range(1, len(run)):
        if not patterns["dateline_start"].match(run[index]) or BODY_PUNCTUATION.search(
            run[index - 1]
        ):
            continue
        opening = join_lines(run[index : index + 3])
        if patterns["dateline"].match(opening):
            cuts.update((headline_start(run, index), index))
        elif patterns["opening_source"].match(opening):
            # 据塔斯社报道，… under headline lines: split_head_lines parts them
            cuts.add(headline_start(run, index))
    bounds = [0, *sorted(cuts), len(run)]
    return [run[start:end] for start, end in itertools.pairwise(bounds) if start < end]


def headline_start(run: list[str], dateline: int) -> int:
    """Where the headline lines above a dateline begin, 0 if they open the run.

    Up to three punctuation-free lines right after a finished sentence: on a
    page printed without blank lines, the headline of the next story.
    """
    start = dateline
    while (
        start > 0
        and dateline - start < MAX_HEADLINE_LINES
        and not BODY_PUNCTUATION.search(run[start - 1])
        and not ends_sentence(run[start - 1])
    ):
        start -= 1
    if start == 0 or ends_sentence(run[start - 1]) or ends_with_credit(run[start - 1]):
        return start
    return dateline


def split_head_lines(run: list[str]) -> list[list[str]]:
    """Split off headline lines printed right above their body with no blank line.

    A paragraph's first line fills the column less an indent of two
    characters, so leading lines without punctuation that stop a quarter
    short of the column (in print width, so digits count half), followed by
    running text, are a headline. The column is the upper quartile of the
    widths: in a short run the headline lines and a paragraph's last line
    would pull a median down.
    """
    if len(run) < 3 or BODY_PUNCTUATION.search(run[0]):
        return [run]
    upper = len(run) * 3 // 4
    # cheap filter first: a first line about as long as the others is body
    if len(run[0]) > HEAD_LINE_CHARS_RATIO * sorted(map(len, run))[upper]:
        return [run]
    widths = [display_width(line) for line in run]
    short = HEAD_LINE_RATIO * sorted(widths)[upper]
    head = 0
    while (
        head < min(MAX_HEADLINE_LINES, len(run) - 2)
        and widths[head] <= short
        and not BODY_PUNCTUATION.search(run[head])
    ):
        head += 1
    if not head or not BODY_PUNCTUATION.search("".join(run[head:])):
        return [run]
    if head > 1 and is_listed_label(run[0]):  # a section label glued above the headline
        return [run[:1], run[1:head], run[head:]]
    return [run[:head], run[head:]]


def split_paragraphs(lines: list[str]) -> list[list[str]]:
    """Split a column-broken run where a line ends a sentence well short of the column.

    "Short" is two CJK characters under the column, taken as the run's upper
    quartile width (on a page printed without blank lines, headline lines
    and last lines in the run would pull a median down): typesetters squeeze
    punctuation, so a full line ending in 。 may be a little narrower than
    its neighbours without ending the paragraph.
    """
    if len(lines) < 3:
        return [lines]
    joined = "\n".join(lines)
    cuts: set[int] = set()
    if INNER_SENTENCE_END_RE.search(joined):
        inner = [i for i in range(len(lines) - 1) if ends_sentence(lines[i])]
        widths = [display_width(line) for line in lines]
        typical = sorted(widths)[len(widths) * 3 // 4]
        cuts.update(i + 1 for i in inner if widths[i] <= typical - 4)
        if SOURCE_LINE_START_RE.search(joined):
            cuts.update(source_line_cuts(lines, inner))
    if may_hold_inner_credit(joined):
        cuts.update(credit_cuts(lines, joined))
    if not cuts:
        return [lines]
    bounds = [0, *sorted(cuts), len(lines)]
    return [lines[start:end] for start, end in itertools.pairwise(bounds) if start < end]


def ends_with_credit(line: str) -> bool:
    """A line closed by a source credit set off by a space, or a photo credit line.

    Either ends a story or a caption, whatever the line's width; a credit
    run into the text (。据新华社 / 报道，…) may be mid-sentence, so it
    does not count.
    """
    if line[-1] in CREDIT_ENDINGS and _patterns()["credit"].match(line):
        return True
    tail = SPACED_TAIL_RE.search(line) if (" " in line or "\u3000" in line) else None
    return tail is not None and bool(
        _patterns()["credit"].match(tail.group(1)) or _is_trailer(line)
    )


def may_hold_inner_credit(joined: str) -> bool:
    """A cheap test (substring searches) before looking for credits closing inner lines."""
    return " " in joined or "\u3000" in joined or any(end in joined for end in CREDIT_LINE_ENDS)


def credit_cuts(lines: list[str], joined: str) -> list[int]:
    """Cuts after the inner lines of joined that close with a credit."""
    cuts: list[int] = []
    for tail in CREDIT_TAIL_RE.finditer(joined):
        index = joined.count("\n", 0, tail.start())
        if ends_with_credit(lines[index]):
            cuts.append(index + 1)
    return cuts


def source_line_cuts(lines: list[str], ended: list[int]) -> list[int]:
    """Cuts around source lines (据新华社, ■综合新华社/央视) standing after a finished sentence.

    On a page printed without blank lines, such a line is all that parts a
    story from the headline of the next.
    """
    source_line = _patterns()["source_line"]
    cuts: list[int] = []
    for index in ended:
        if source_line.match(lines[index + 1]):
            cuts += [index + 1, index + 2]
    return cuts


def make_block(lines: list[str]) -> Block:
    """A block; its width is that of its longest line (one encode per block, not per line)."""
    return Block(lines=lines, text=join_lines(lines), width=display_width(max(lines, key=len)))


def build_blocks(text: str) -> tuple[list[Block], bool]:
    """Blocks in page order, paragraphs rejoined across blank lines."""
    line_mode = is_line_mode(text)
    if not line_mode and is_double_spaced(text[:MODE_SAMPLE_CHARS]):
        text = BLANK_LINES_RE.sub("\n", text)
    blocks: list[Block] = []
    for run, attached in raw_blocks(text, line_mode):
        blocks.append(make_block(run))
        blocks[-1].attached = attached
    if line_mode:
        return merge_bare_datelines(blocks), line_mode
    return merge_run_ons(blocks, column_width(blocks)), line_mode


def is_running_text(block: Block) -> bool:
    """Body-like: carries sentence punctuation or opens with a wire dateline."""
    if block.running is None:
        text = block.text
        block.running = bool(BODY_PUNCTUATION.search(text) or _patterns()["dateline"].match(text))
    return block.running


def merge_run_ons(blocks: list[Block], column: int) -> list[Block]:
    """Rejoin a paragraph that a column break split across a blank line.

    A block of running text that stops mid-sentence continues into the next
    block when that block is running text too (so a headline or label after
    it is never swallowed). A short, narrow block after the end of a
    sentence is a headline even with a comma in it, and is never joined.
    """
    merged: list[Block] = []
    for block in blocks:
        block.titled = is_comma_headline(block, merged[-1] if merged else None, column)
        if merged:
            previous = merged[-1]
            if (
                not previous.titled
                and not block.titled
                and is_running_text(previous)
                and not ends_sentence(previous.text)
                and not _is_photo_text(previous)
                and not _is_trailer(previous.text)
                and is_running_text(block)
                and not _patterns()["dateline"].match(block.text)
            ):
                merged[-1] = make_block(previous.lines + block.lines)
                merged[-1].attached = block.attached
                continue
        merged.append(block)
    return merged


def merge_bare_datelines(blocks: list[Block]) -> list[Block]:
    """In line-per-paragraph copy only a dateline alone on its line runs on into the next."""
    merged: list[Block] = []
    for block in blocks:
        block.titled = is_comma_headline(block, merged[-1] if merged else None, None)
        if merged and _is_bare_dateline(merged[-1].text) and is_running_text(block):
            merged[-1] = make_block(merged[-1].lines + block.lines)
            merged[-1].attached = block.attached
            continue
        merged.append(block)
    return merged


def _is_bare_dateline(text: str) -> bool:
    match = _patterns()["dateline"].match(text)
    return match is not None and match.end() == len(text)


def is_comma_headline(block: Block, previous: Block | None, column: int | None) -> bool:
    """A headline with a comma (美俄通话，俄乌冲突或现转机).

    On a column page (column = its width), running text that a column break
    cut short is wide and follows text that stops mid-sentence; this is one
    or two narrow lines after a finished sentence, not ending in punctuation
    that continues. In line-per-paragraph copy (column None) an unfinished
    short paragraph looks the same, so only the first line qualifies.
    """
    text = block.text
    if column is None:
        fits = previous is None
    else:
        fits = bool(column) and block.width <= HEAD_LINE_RATIO * column
    return bool(
        fits
        and len(block.lines) <= 2
        and len(text) <= MAX_HEADLINE_CHARS
        and text[-1] not in CONTINUING_MARKS
        and not ends_sentence(text)
        and "。" not in text
        and not _patterns()["dateline"].match(text)
        and (previous is None or _finished(previous))
    )


def _finished(block: Block) -> bool:
    """Whether a block leaves no sentence open (ended, credited, or not running text)."""
    return ends_sentence(block.text) or _is_trailer(block.text) or not is_running_text(block)


def _is_photo_text(block: Block) -> bool:
    """A caption, or a block ending in a photo credit: it never runs on into the next."""
    return block.text.startswith(CAPTION_OPENINGS) or photo_credit(block) is not None


def photo_credit(block: Block) -> str | None:
    """The photo credit a block ends with: its own last line, or set off by a space.

    (…火山喷发。 新华社发 / a last line 新华社记者 张三 摄). Body text never
    ends so, which makes it the surest sign of a caption.
    """
    last = block.lines[-1]
    if last[-1] not in CREDIT_ENDINGS:
        return None
    credit = _patterns()["credit"]
    if credit.match(last):
        return last
    tail = SPACED_TAIL_RE.search(last)
    return tail.group(1) if tail and credit.match(tail.group(1)) else None


def _is_trailer(text: str) -> bool:
    return bool(_patterns()["trailing_source"].search(text[-TRAILER_CHARS:]))


# ---------------------------------------------------------------- classification


def classify(blocks: list[Block], line_mode: bool) -> None:
    """Set every block's kind from its own shape and its neighbours'."""
    column = 0 if line_mode else column_width(blocks)
    for index, block in enumerate(blocks):
        block.position = index
        block.kind = _shape_kind(block, column)
    for block, after in itertools.pairwise(blocks):
        after.after_blank = not block.attached
    for index, block in enumerate(blocks):
        following = blocks[index + 1] if index + 1 < len(blocks) else None
        if block.kind == "headline" and _is_kicker(block, following):
            block.kind = "kicker"
        elif (
            block.kind == "caption"
            and following is not None
            and following.kind == "body"
            and _patterns()["names_caption"].match(block.text)
        ):
            # words spaced like names but heading running text: a two-part headline
            block.kind = "headline"


def column_width(blocks: list[Block]) -> int:
    """The page's usual column width: the median width of multi-line blocks."""
    widths = sorted(b.width for b in blocks if len(b.lines) >= 3)
    return widths[len(widths) // 2] if widths else 0


def _shape_kind(block: Block, column: int) -> str:
    text = block.text
    if len(text) <= MAX_CAPTION_CHARS and (
        text.startswith(CAPTION_OPENINGS)
        or (text[-1] in CREDIT_ENDINGS and len(photo_credit(block) or text) < len(text))
    ):
        return "caption"
    if len(text) > MAX_SHORT_BLOCK:
        wide = column and block.width >= WIDE_BLOCK_RATIO * column
        return "lead" if wide else "body"
    patterns = _patterns()
    if is_furniture(text) or (
        len(block.lines) > 1
        and FURNITURE_HINT_RE.search(text)
        and all(map(is_furniture, block.lines))
    ):
        return "furniture"
    if patterns["source_line"].match(text) or patterns["meta_source"].match(text):
        return "source"
    if patterns["attribution"].match(text):
        return "attribution"
    if len(text) <= 30 and patterns["credit"].match(text) and not BODY_PUNCTUATION.search(text):
        return "credit"
    if patterns["byline"].match(text):
        return "byline"
    if patterns["names_caption"].match(text):
        return "caption"
    if _is_pullquote(text):
        return "pullquote"
    if _is_headline_shape(block):
        return "headline"
    if column and block.width >= WIDE_BLOCK_RATIO * column:
        return "lead"
    return "body"


def is_furniture(text: str) -> bool:
    """Page furniture (see the furniture pattern), or a short line carrying the page's date.

    The date is looked for only in lines naming a weekday: a search through
    every short block would cost more than all the rest of classification.
    """
    if _patterns()["furniture"].match(text):
        return True
    return (
        len(text) <= MAX_HEADER_CHARS
        and ("星期" in text or "周" in text)
        and _patterns()["dated_header"].search(text) is not None
    )


def _is_pullquote(text: str) -> bool:
    return (
        text[:1] in "“「"
        and len(text) <= MAX_PULLQUOTE_CHARS
        and text.rstrip("。").endswith(("”", "」"))
    )


def _is_headline_shape(block: Block) -> bool:
    text = block.text
    return block.titled or (
        len(block.lines) <= MAX_HEADLINE_LINES
        and len(text) <= MAX_HEADLINE_CHARS
        and not BODY_PUNCTUATION.search(text)
        and not text.endswith("。")
    )


def _is_kicker(block: Block, following: Block | None) -> bool:
    """A section label: a listed label, or a very short line standing above a headline."""
    if len(block.lines) != 1:
        return False
    label = block.text.lstrip(LABEL_MARKS)
    if label in _section_labels():
        return True
    topic = len(label) <= MAX_TOPIC_LABEL_CHARS and label.startswith(_label_openings())
    if topic or is_briefs_label(label):
        return following is not None and following.kind == "headline"
    return (
        len(block.text) <= MAX_KICKER_CHARS
        and following is not None
        and following.kind == "headline"
    )


# ---------------------------------------------------------------- articles


@dataclass(slots=True)
class Page:
    """The grouping state: articles in reading order and the blocks left aside."""

    published: date | None
    column: int
    # blank lines stand only between stories (see has_story_breaks)
    story_breaks: bool = False
    drafts: list[Draft] = field(default_factory=list)
    orphans: list[tuple[int, list[Block]]] = field(default_factory=list)
    floating: list[tuple[int, Block]] = field(default_factory=list)
    bylines: list[Block] = field(default_factory=list)

    @property
    def current(self) -> Draft | None:
        return self.drafts[-1] if self.drafts else None

    def open_article(self, position: int) -> Draft:
        draft = Draft(position=position)
        self.drafts.append(draft)
        return draft


def has_story_breaks(blocks: list[Block], line_mode: bool) -> bool:
    """Line-per-paragraph copy that leaves blank lines between stories only.

    Told by two paragraphs of running text with no blank line between them
    while blank lines occur elsewhere, or (stories of one paragraph) by
    blank lines that stand above headings nearly always: then a blank line
    ends a story, and a short line right under one is a headline, never a
    subhead.
    """
    if not line_mode:
        return False
    under_gaps = [after for block, after in itertools.pairwise(blocks) if not block.attached]
    if not under_gaps:
        return False
    headed = sum(1 for block in under_gaps if not is_running_text(block))
    return headed >= STORY_BREAK_SHARE * len(under_gaps) or any(
        block.attached and is_running_text(block) and is_running_text(after)
        for block, after in itertools.pairwise(blocks)
    )


def group(blocks: list[Block], published: date | None, column: int, story_breaks: bool) -> Page:
    """Walk the blocks in page order, opening and closing articles."""
    page = Page(published=published, column=column, story_breaks=story_breaks)
    blocks = [block for block in blocks if block.kind != "furniture"]
    index = 0
    while index < len(blocks):
        block = blocks[index]
        if block.is_heading:
            end = index
            while end < len(blocks) and blocks[end].is_heading:
                end += 1
            place_headings(page, blocks[index:end], headed_block(blocks, end))
            index = end
            continue
        place_block(page, block)
        index += 1
    if page.bylines and page.current is not None:  # a byline with no body after it
        page.current.paragraphs.extend(Part(b.text, "credit") for b in page.bylines)
    return page


# Blocks that may stand between a headline and its body: a byline, a photo
# with its caption and credit, a pull quote.
SET_ASIDE_KINDS = frozenset({"byline", "caption", "credit", "pullquote", "attribution"})


def headed_block(blocks: list[Block], start: int) -> Block | None:
    """The block a heading run ending before `start` stands over, past set-aside blocks.

    A lead printed across columns under a headline heads that story only
    when body text follows it: a headline box of headline, lead and pull
    quotes alone belongs to a story printed elsewhere on the page.
    """
    after = _skip(blocks, start, SET_ASIDE_KINDS)
    if after < len(blocks) and blocks[after].kind == "lead":
        body = _skip(blocks, after, SET_ASIDE_KINDS | {"lead"})
        if body == len(blocks) or blocks[body].kind != "body":
            return None
    return blocks[after] if after < len(blocks) else None


def _skip(blocks: list[Block], start: int, kinds: frozenset[str]) -> int:
    """Index of the first block from `start` on whose kind is not in `kinds`."""
    while start < len(blocks) and blocks[start].kind in kinds:
        start += 1
    return start


def place_headings(page: Page, run: list[Block], following: Block | None) -> None:
    """Decide what a run of headline-shaped blocks is: subhead, headline, or orphan."""
    current = page.current
    if following is None or following.kind not in {"body", "lead"}:
        add_orphans(page, run)
        return
    if current is not None and is_subhead(page, current, run, following):
        current.paragraphs.append(Part(run[0].text, "subhead"))
        current.subheads += 1
        return
    own = own_headline(run)
    add_orphans(page, run[: len(run) - len(own)])
    draft = page.open_article(own[0].position)
    if own[0].kind == "kicker":
        draft.kicker = own[0].text
        draft.briefs = is_briefs_label(own[0].text)
        own = own[1:]
    else:
        # the items of a briefs column follow one another, each headed by one line
        draft.briefs = bool(current and current.briefs and len(own[0].lines) == 1)
    draft.headline_blocks = own


def is_subhead(page: Page, current: Draft, run: list[Block], following: Block) -> bool:
    """Whether a heading run over body text is a subhead of the open article.

    Only one short line inside an unfinished story with body text can be.
    A new story shows in what follows (a wire dateline; an opening credit,
    据塔斯社报道，…, unless the story already has subheads: a survey piece
    may open its sections so), in a story that takes no subheads (a wire
    story, a brief), or, in line-per-paragraph copy that leaves blank lines
    only between stories, in a blank line right above the line.
    """
    head = run[0]
    patterns = _patterns()
    return (
        len(run) == 1
        and len(head.lines) == 1
        and head.kind == "headline"
        and not current.closed
        and not current.briefs
        and current.has_body
        and not patterns["dateline"].match(following.text)
        and not (current.subheads == 0 and patterns["opening_source"].match(following.text))
        and (not page.column or head.width <= page.column)
        and (current.dateline is None or len(head.text) <= MAX_WIRE_SUBHEAD_CHARS)
        and not (page.story_breaks and head.after_blank)
    )


def own_headline(run: list[Block]) -> list[Block]:
    """The blocks of a heading run that head the body right after it.

    Walking back from the body: a multi-line block, or one printed with no
    blank line above the body, is a whole headline; short single-line blocks
    add up to at most three lines; a kicker ends the walk.
    """
    taken: list[Block] = []
    lines = 0
    for block in reversed(run):
        if block.kind == "kicker":
            if taken:
                taken.insert(0, block)
            break
        complete = taken and (len(taken[0].lines) > 1 or taken[0].attached)
        if complete or lines + len(block.lines) > MAX_HEADLINE_LINES:
            break
        taken.insert(0, block)
        lines += len(block.lines)
    return taken or run[-1:]


def add_orphans(page: Page, run: list[Block]) -> None:
    """Headline groups with no body of their own; each kicker starts a new group."""
    groups: list[list[Block]] = []
    for block in run:
        if block.kind == "kicker" or not groups:
            groups.append([])
        groups[-1].append(block)
    for blocks in groups:
        page.orphans.append((len(page.drafts) - 1, blocks))


def place_block(page: Page, block: Block) -> None:
    """Put a non-heading block into the current article or aside."""
    current = page.current
    if block.kind == "byline":
        page.bylines.append(block)
        return
    if block.kind == "source":
        target = current or page.open_article(block.position)
        target.source = target.source or source_name(block.text)
        # a credit under the headline (web pages) does not end the article
        target.closed = target.closed or bool(target.paragraphs)
        return
    if block.kind in {"pullquote", "lead", "attribution", "caption", "credit"}:
        page.floating.append((len(page.drafts) - 1, block))
        return
    text = block.text
    dateline = parse_dateline(text, page.published)
    # On a page, a dateline under no headline still starts a story; in one
    # web article it follows a summary paragraph.
    starts_story = bool(dateline and current and current.has_body and page.column)
    if current is None or current.closed or starts_story:
        current = page.open_article(block.position)
    current.paragraphs.extend(Part(byline.text, "credit") for byline in page.bylines)
    page.bylines.clear()
    if dateline and dateline.text:
        current.dateline = current.dateline or dateline
        current.source = current.source or dateline.agency
        text = text[len(dateline.text) :].lstrip()
    text, source = split_trailing_source(text)
    if text:
        current.paragraphs.append(Part(text, "body"))
    if source:
        current.source = current.source or source
        current.closed = True


def source_name(text: str) -> str:
    """The outlet named in a source line (据新华社, ■综合新华社, 来源：人民网)."""
    patterns = _patterns()
    line = patterns["source_line"].match(text)
    if line:
        return outlet_list(line.group("name") or line.group("bare"))
    meta = patterns["meta_source"].match(text)
    return meta.group("name") if meta else text


def outlet_list(names: str) -> str:
    """Outlets credited together, written one way: 新华社、央视 → 新华社/央视.

    A known outlet behind a country name is named alone (日本共同社 → 共同社).
    """
    return "/".join(map(_known_outlet, OUTLET_JOINER_RE.split(names)))


def _known_outlet(name: str) -> str:
    if name in _known_source_set():
        return name
    return next((known for known in _source_names() if name.endswith(known)), name)


@cache
def _known_source_set() -> frozenset[str]:
    return frozenset(_source_names())


def split_trailing_source(text: str) -> tuple[str, str | None]:
    """'…一部分。 据新华社' → ('…一部分。', '新华社')."""
    tail_start = max(0, len(text) - TRAILER_CHARS)
    match = _patterns()["trailing_source"].search(text, tail_start)
    if not match:
        return text, None
    return text[: match.start()].rstrip(), outlet_list(match.group("name") or match.group("bare"))


def parse_dateline(text: str, published: date | None) -> Dateline | None:
    """A wire dateline at the start of a paragraph, its date in the paper's year.

    Undated openings (本报讯, 据新华社电) count too, with no date.
    """
    patterns = _patterns()
    match = patterns["dateline"].match(text)
    if not match:
        undated = patterns["undated_dateline"].match(text)
        if undated is None:
            return None
        return Dateline(
            agency=undated.group("paper") or undated.group("agency"),
            place=undated.group("place") or None,
            text=undated.group("full"),
        )
    return Dateline(
        agency=match.group("agency"),
        place=match.group("place") or None,
        date=_dateline_date(match, published),
        text=match.group("full"),
    )


def _dateline_date(match: re.Match[str], published: date | None) -> str | None:
    """ISO date of a dateline; a December dateline in a January paper is last year."""
    month, day = int(match.group("month")), int(match.group("day"))
    if match.group("year"):
        year = int(match.group("year"))
    elif published is None:
        return None
    else:
        year = published.year - (1 if month > published.month + 1 else 0)
    try:
        return date(year, month, day).isoformat()
    except ValueError:
        return None


# ---------------------------------------------------------------- out-of-place blocks


class OwnerFinder:
    """Finds, near a given article, the one whose text shares most with a block."""

    def __init__(self, drafts: list[Draft]) -> None:
        self.drafts = drafts
        self._grams: dict[int, set[str]] = {}

    def grams(self, index: int) -> set[str]:
        if index not in self._grams:
            self._grams[index] = bigrams(self.drafts[index].text())
        return self._grams[index]

    def best(
        self,
        text: str,
        near: int,
        eligible: Callable[[Draft], bool] | None = None,
        min_share: float = MIN_OVERLAP,
    ) -> int | None:
        """Index of the article near `near` sharing most with text, if enough."""
        part = bigrams(text)
        if not part:
            return None
        low = max(0, near - OWNER_WINDOW_BEFORE)
        high = min(len(self.drafts), near + OWNER_WINDOW_AFTER + 1)
        scored = [
            (len(part & self.grams(i)), -abs(i - near), i)
            for i in range(low, high)
            if eligible is None or eligible(self.drafts[i])
        ]
        if not scored:
            return None
        shared, _, index = max(scored)
        return index if shared >= min_share * len(part) else None

    def add_text(self, index: int, text: str) -> None:
        """Text joined an article (an adopted headline): extend its pairs in place."""
        if index in self._grams:
            self._grams[index] |= bigrams(text)


def adopt_orphans(page: Page, finder: OwnerFinder) -> None:
    """Give each body-less headline group to the headless article it belongs to.

    A candidate has no headline (a little shared text is enough), or else
    only a one-line "headline" while carrying subheads of the same shape: its
    real headline was printed elsewhere, so its first subhead was read as
    one. That takes as much shared text as a pull quote needs. Without a
    fitting candidate the group stands as its own article.
    """
    for near, blocks in page.orphans:
        kicker = blocks[0].text if blocks[0].kind == "kicker" else None
        heads = [b for b in blocks if b.kind != "kicker"]
        text = "".join(b.text for b in blocks)
        owner = None
        if heads:
            owner = finder.best(text, max(near, 0), _headless, MIN_ORPHAN_OVERLAP)
        if heads and owner is None:
            owner = finder.best(text, max(near, 0), _headed_by_subhead)
        if owner is None:
            draft = Draft(kicker=kicker, headline_blocks=heads, position=blocks[0].position)
            page.drafts.append(draft)
            continue
        draft = page.drafts[owner]
        demoted = [Part(b.text, "subhead") for b in draft.headline_blocks]
        draft.paragraphs[:0] = demoted
        draft.subheads += len(demoted)
        draft.headline_blocks = heads
        draft.kicker = draft.kicker or kicker
        finder.add_text(owner, text)


def _headless(draft: Draft) -> bool:
    return not draft.headline_blocks and bool(draft.paragraphs)


def _headed_by_subhead(draft: Draft) -> bool:
    heads = draft.headline_blocks
    return len(heads) == 1 and len(heads[0].lines) == 1 and draft.subheads > 0


FLOATING_ROLES: dict[str, ParagraphRole] = {
    "pullquote": "pullquote",
    "lead": "lead",
    "attribution": "attribution",
    "caption": "caption",
    "credit": "credit",
}


def place_floating(page: Page, finder: OwnerFinder) -> None:
    """Give pull quotes, leads, captions and credits to the article they belong to.

    Blocks printed one after another out of the flow form one box (a
    sidebar with a lead, pull quotes and their attributions). Each block
    goes to the nearby article sharing the most text with it; a block too
    short to tell goes with its box, and attributions and credits follow
    the block right before them. A photo caption that matches nothing stays
    with the article it is printed in; any other box that matches nothing
    becomes an article of its own.
    """
    for box in floating_boxes(page.floating):
        near = max(box[0][0], 0)
        box_text = "".join(block.text for _, block in box)
        box_owner: list[int | None] = []
        loose: Draft | None = None
        owner: int | None = None
        for _, block in box:
            if block.kind not in {"attribution", "credit"} or owner is None:
                owner = finder.best(block.text, near)
            if owner is None:
                box_owner = box_owner or [finder.best(box_text, near)]
                owner = box_owner[0]
            if owner is None and block.kind in {"caption", "credit"} and box[0][0] >= 0:
                owner = box[0][0]
            for part in floating_parts(block):
                if owner is None:
                    loose = loose or page.open_article(block.position)
                    loose.paragraphs.append(part)
                elif part.role == "lead":
                    _insert_lead(page.drafts[owner], part)
                else:
                    page.drafts[owner].paragraphs.append(part)


def floating_parts(block: Block) -> list[Part]:
    """The paragraph(s) of an out-of-flow block: a caption's last line may be its photo credit."""
    role = FLOATING_ROLES[block.kind]
    credit = photo_credit(block) if role == "caption" else None
    if credit and credit != block.text:
        return [Part(block.text[: -len(credit)].rstrip(), role), Part(credit, "credit")]
    return [Part(block.text, role)]


def floating_boxes(floating: list[tuple[int, Block]]) -> list[list[tuple[int, Block]]]:
    """Runs of out-of-flow blocks that stand next to each other on the page."""
    boxes: list[list[tuple[int, Block]]] = []
    for item in floating:
        if boxes and boxes[-1][-1][1].position + 1 == item[1].position:
            boxes[-1].append(item)
        else:
            boxes.append([item])
    return boxes


def _insert_lead(draft: Draft, paragraph: Part) -> None:
    """Leads go before the body, after any earlier lead."""
    index = 0
    while index < len(draft.paragraphs) and draft.paragraphs[index].role == "lead":
        index += 1
    draft.paragraphs.insert(index, paragraph)


# ---------------------------------------------------------------- entry point


def article_fields(draft: Draft, article_id: str) -> dict[str, Any]:
    """The Article fields of a draft; a headline line opening with —— is a deck."""
    heads = [b for b in draft.headline_blocks if not b.text.startswith("——")]
    decks = [b for b in draft.headline_blocks if b.text.startswith("——")]
    return {
        "id": article_id,
        "headline": "".join(b.text for b in heads) or None,
        "deck": "".join(b.text for b in decks) or None,
        "kicker": draft.kicker,
        "source": draft.source or opening_source(draft),
        "dateline": draft.dateline,
        "paragraphs": [{"text": part.text, "role": part.role} for part in draft.paragraphs],
    }


def opening_source(draft: Draft) -> str | None:
    """The outlet a story with no source line credits in its first words (据塔斯社报道，…).

    Only the first body paragraph counts: further down, 据路透社报道 quotes
    another outlet inside a story that the paper credits elsewhere.
    """
    first = next((p.text for p in draft.paragraphs if p.role == "body"), "")
    match = _patterns()["opening_source"].match(first)
    if match is None:
        return None
    return match.group("title") or outlet_list(match.group("name"))


def parse_published(value: str | None) -> date | None:
    if not value:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        return None


@contextmanager
def paused_cyclic_gc() -> Iterator[None]:
    """Pause the cycle collector while layout allocates its many small objects.

    Layout builds no reference cycles (refcounting frees everything), but
    the collector would still rescan the growing heap over and over: on a
    10 MB text that costs a third of the run time.
    """
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def run(doc: Document, settings: Settings) -> None:
    """Fill doc.articles from doc.text."""
    with paused_cyclic_gc():
        doc.articles = articles_of(doc)


def articles_of(doc: Document) -> list[Article]:
    """The articles of a document's text, in page order."""
    blocks, line_mode = build_blocks(doc.text)
    classify(blocks, line_mode)
    column = 0 if line_mode else column_width(blocks)
    story_breaks = has_story_breaks(blocks, line_mode)
    page = group(blocks, parse_published(doc.published), column, story_breaks)
    finder = OwnerFinder(page.drafts)
    adopt_orphans(page, finder)
    place_floating(page, finder)
    drafts = sorted(
        (d for d in page.drafts if d.headline_blocks or d.paragraphs), key=lambda d: d.position
    )
    fields = [article_fields(d, f"{doc.id}-a{n}") for n, d in enumerate(drafts, start=1)]
    return ARTICLES.validate_python(fields)
