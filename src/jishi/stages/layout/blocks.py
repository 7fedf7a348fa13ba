"""Lines to blocks: runs of lines between blank lines, split where a page printed
two parts without a blank line between them, and rejoined where a column break
split one paragraph.

A block is the unit the classifier reads; it carries the shape facts that rules
need (its lines, print width, whether a blank line stands above or below it).
"""

from __future__ import annotations

import itertools
import re
from dataclasses import dataclass
from typing import NamedTuple

from jishi.lang.zh import punct
from jishi.stages.layout.lines import (
    BODY_PUNCTUATION,
    CONTINUING_MARKS,
    INNER_SENTENCE_END_RE,
    SENTENCE_END,
    display_width,
    ends_sentence,
    join_lines,
)
from jishi.stages.layout.rules import Rules

# Enough lines to tell the page layout; a 10 MB text need not be scanned whole.
MODE_SAMPLE_CHARS = 200_000
# Longest tail of a paragraph that a trailing source credit (据新华社) can take.
TRAILER_CHARS = 40
INDENT_RE = re.compile(r"^(?:\s{2,}|\u3000)")
INDENTED_LINE_RE = re.compile(r"\n(?:[ \t]{2,}|\u3000+)\S")
BLANK_LINES_RE = re.compile(r"\n[ \t\u3000\f\r]*\n")
LINE_RE = re.compile(r"(?m)^[ \t\u3000]*\S")
# An indented page has this share of its lines of at least INDENTED_PAGE_LINE characters
# indented: a few long headlines are not.
INDENTED_PAGE_SHARE = 0.8
INDENTED_PAGE_LINE = 30
# An inner line that may be a story's closing line (see rules.closing).
CLOSING_START_RE = re.compile(f"\\n[{punct.PARENS_OPEN}]")
# Share of lines followed by a blank line in double-spaced text.
DOUBLE_SPACED_SHARE = 0.9
LONG_LINE_RE = re.compile(r"(?m)^[ \t\u3000]*\S.{7,}$")
_END = re.escape(SENTENCE_END)
_CLOSERS = re.escape(punct.CLOSERS)
ENDED_LINE_RE = re.compile(
    rf"(?m)^[ \t\u3000]*\S.{{6,}}[{_END}][{_CLOSERS}]*(?:[（(][^）)\n]{{1,30}}[）)])?[ \t]*$"
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
# A headline line glued above its body is at most this share of the column.
HEAD_LINE_RATIO = 0.75
# The same in characters, looser: digits make a line longer in characters.
HEAD_LINE_CHARS_RATIO = 0.9
# What follows a finished sentence and a space at the end of a line.
SPACED_TAIL_RE = re.compile(
    f"[{punct.SENTENCE_FINAL}][{re.escape(punct.QUOTE_CLOSE)}’]*[ \t\u3000]+(\\S.*)$"
)


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
    # its first line was indented (kept in line mode, see is_indented_page)
    indented: bool = False

    @property
    def is_heading(self) -> bool:
        return self.kind in {"headline", "kicker"}


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


class Run(NamedTuple):
    """Lines read as one block, before their shape facts are worked out."""

    lines: list[str]
    # the next run follows with no blank line between
    attached: bool
    # its first line is indented (see INDENT_RE)
    indented: bool = False


def raw_blocks(text: str, line_mode: bool, rules: Rules) -> list[Run]:
    """Runs of non-blank lines, each flagged when the next run follows with no blank line.

    In line mode every line is its own run.
    """
    if line_mode:
        return [
            Run([line.strip()], number < len(lines) - 1, bool(INDENT_RE.match(line)))
            for chunk in BLANK_LINES_RE.split(text)
            for lines in [[line for line in chunk.splitlines() if line.strip()]]
            for number, line in enumerate(lines)
        ]
    runs: list[Run] = []
    inner_dateline = rules.inner_dateline
    for chunk in BLANK_LINES_RE.split(text):
        lines = [line for line in map(str.strip, chunk.splitlines()) if line]
        if len(lines) < 2:  # blank, or one line: nothing to split
            if lines:
                runs.append(Run(lines, False))
            continue
        parts = split_at_indents(chunk, lines)
        parts = [run for part in parts for run in split_paragraphs(part, rules)]
        if inner_dateline.search(chunk):
            parts = [run for part in parts for run in split_at_datelines(part, rules)]
        parts = [run for part in parts for run in split_head_lines(part, rules)]
        runs.extend(Run(part, number < len(parts) - 1) for number, part in enumerate(parts))
    return runs


def is_indented_page(text: str) -> bool:
    """Line-per-paragraph copy whose paragraphs are indented and headlines are not.

    Told by nearly every long line being indented (the People's Daily archive
    indents each paragraph with two ideographic spaces): then an unindented
    line is a headline whatever its punctuation, and an indented one never is.
    """
    lines = LONG_LINE_RE.findall(text[:MODE_SAMPLE_CHARS])
    long = [line for line in lines if len(line.strip()) >= INDENTED_PAGE_LINE]
    indented = sum(1 for line in long if INDENT_RE.match(line))
    return len(long) >= 3 and indented >= INDENTED_PAGE_SHARE * len(long)


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


def split_at_datelines(run: list[str], rules: Rules) -> list[list[str]]:
    """Start a new run where a wire dateline begins a line after a headline.

    Pages often print a headline and the dateline paragraph with no blank
    line between them, and some print whole pages so; only lines right after
    a punctuation-free line (a headline) are looked at, so running text is
    never cut. The headline lines are cut off from the story before them
    too, and so are those above an opening credit (据塔斯社报道，…).
    """
    cuts: set[int] = set()
    for index in range(1, len(run)):
        if not rules.dateline_start.match(run[index]) or BODY_PUNCTUATION.search(run[index - 1]):
            continue
        opening = join_lines(run[index : index + 3])
        if rules.dateline.match(opening):
            cuts.update((headline_start(run, index, rules), index))
        elif rules.opening_source.match(opening):
            # 据塔斯社报道，… under headline lines: split_head_lines parts them
            cuts.add(headline_start(run, index, rules))
    bounds = [0, *sorted(cuts), len(run)]
    return [run[start:end] for start, end in itertools.pairwise(bounds) if start < end]


def headline_start(run: list[str], dateline: int, rules: Rules) -> int:
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
    if start == 0 or ends_sentence(run[start - 1]) or ends_with_credit(run[start - 1], rules):
        return start
    return dateline


def split_head_lines(run: list[str], rules: Rules) -> list[list[str]]:
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
    if head > 1 and rules.is_listed_label(run[0]):  # a section label glued above the headline
        return [run[:1], run[1:head], run[head:]]
    return [run[:head], run[head:]]


def split_paragraphs(lines: list[str], rules: Rules) -> list[list[str]]:
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
        if rules.source_line_start.search(joined) or CLOSING_START_RE.search(joined):
            cuts.update(source_line_cuts(lines, inner, rules))
    if may_hold_inner_credit(joined, rules):
        cuts.update(credit_cuts(lines, joined, rules))
    if not cuts:
        return [lines]
    bounds = [0, *sorted(cuts), len(lines)]
    return [lines[start:end] for start, end in itertools.pairwise(bounds) if start < end]


def ends_with_credit(line: str, rules: Rules) -> bool:
    """A line closed by a source credit set off by a space, or a photo credit line.

    Either ends a story or a caption, whatever the line's width; a credit
    run into the text (。据新华社 / 报道，…) may be mid-sentence, so it
    does not count.
    """
    if line[-1] in rules.credit_endings and rules.credit.match(line):
        return True
    tail = SPACED_TAIL_RE.search(line) if (" " in line or "\u3000" in line) else None
    return tail is not None and bool(rules.credit.match(tail.group(1)) or _is_trailer(line, rules))


def may_hold_inner_credit(joined: str, rules: Rules) -> bool:
    """A cheap test (substring searches) before looking for credits closing inner lines."""
    return (
        " " in joined or "\u3000" in joined or any(end in joined for end in rules.credit_line_ends)
    )


def credit_cuts(lines: list[str], joined: str, rules: Rules) -> list[int]:
    """Cuts after the inner lines of joined that close with a credit."""
    cuts: list[int] = []
    for tail in rules.credit_tail.finditer(joined):
        index = joined.count("\n", 0, tail.start())
        if ends_with_credit(lines[index], rules):
            cuts.append(index + 1)
    return cuts


def source_line_cuts(lines: list[str], ended: list[int], rules: Rules) -> list[int]:
    """Cuts around source lines (据新华社, ■综合新华社/央视) and closing lines
    (（本报约翰内斯堡1月8日电 记者李志伟）) standing after a finished sentence.

    On a page printed without blank lines, such a line is all that parts a
    story from the headline of the next.
    """
    cuts: list[int] = []
    for index in ended:
        after = lines[index + 1]
        if rules.source_line.match(after) or rules.closing.match(after):
            cuts += [index + 1, index + 2]
    return cuts


def column_width(blocks: list[Block]) -> int:
    """The page's usual column width: the median width of multi-line blocks."""
    widths = sorted(b.width for b in blocks if len(b.lines) >= 3)
    return widths[len(widths) // 2] if widths else 0


def make_block(lines: list[str], indented: bool = False) -> Block:
    """A block; its width is that of its longest line (one encode per block, not per line)."""
    width = display_width(max(lines, key=len))
    return Block(lines=lines, text=join_lines(lines), width=width, indented=indented)


@dataclass(frozen=True)
class Style:
    """How the page marks its parts."""

    # one paragraph per line (web and wire copy), not lines broken at a column
    line_mode: bool
    # paragraphs indented, headlines not (see is_indented_page)
    indented: bool = False
    # one web page's story: its title first, then its text (see web_page)
    web: bool = False


def web_page(text: str, rules: Rules) -> tuple[list[Block], Style]:
    """The blocks of a web page's main text (jishi.ingest.html): one story, its title
    first and every other line in the flow of it, as on an indented page."""
    blocks = merge_bare_datelines(
        [make_block(run.lines, True) for run in raw_blocks(text, True, rules)], rules
    )
    if blocks:
        blocks[0].indented = False
    return blocks, Style(line_mode=True, indented=True, web=True)


def build_blocks(text: str, rules: Rules) -> tuple[list[Block], Style]:
    """Blocks in page order, paragraphs rejoined across blank lines."""
    line_mode = is_line_mode(text)
    if not line_mode and is_double_spaced(text[:MODE_SAMPLE_CHARS]):
        text = BLANK_LINES_RE.sub("\n", text)
    blocks: list[Block] = []
    for run in raw_blocks(text, line_mode, rules):
        blocks.append(make_block(run.lines, run.indented))
        blocks[-1].attached = run.attached
    if line_mode:
        style = Style(line_mode, is_indented_page(text))
        return merge_bare_datelines(blocks, rules), style
    return merge_run_ons(blocks, column_width(blocks), rules), Style(line_mode)


def is_running_text(block: Block, rules: Rules) -> bool:
    """Body-like: carries sentence punctuation or opens with a wire dateline."""
    if block.running is None:
        text = block.text
        block.running = bool(BODY_PUNCTUATION.search(text) or rules.dateline.match(text))
    return block.running


def merge_run_ons(blocks: list[Block], column: int, rules: Rules) -> list[Block]:
    """Rejoin a paragraph that a column break split across a blank line.

    A block of running text that stops mid-sentence continues into the next
    block when that block is running text too (so a headline or label after
    it is never swallowed). A short, narrow block after the end of a
    sentence is a headline even with a comma in it, and is never joined.
    """
    merged: list[Block] = []
    for block in blocks:
        block.titled = is_comma_headline(block, merged[-1] if merged else None, column, rules)
        if merged:
            previous = merged[-1]
            if (
                not previous.titled
                and not block.titled
                and is_running_text(previous, rules)
                and not ends_sentence(previous.text)
                and not _is_photo_text(previous, rules)
                and not _is_trailer(previous.text, rules)
                and is_running_text(block, rules)
                and not rules.dateline.match(block.text)
            ):
                merged[-1] = make_block(previous.lines + block.lines, previous.indented)
                merged[-1].attached = block.attached
                continue
        merged.append(block)
    return merged


def merge_bare_datelines(blocks: list[Block], rules: Rules) -> list[Block]:
    """In line-per-paragraph copy only a dateline alone on its line runs on into the next."""
    merged: list[Block] = []
    for block in blocks:
        block.titled = is_comma_headline(block, merged[-1] if merged else None, None, rules)
        if merged and _is_bare_dateline(merged[-1].text, rules) and is_running_text(block, rules):
            merged[-1] = make_block(merged[-1].lines + block.lines, merged[-1].indented)
            merged[-1].attached = block.attached
            continue
        merged.append(block)
    return merged


def _is_bare_dateline(text: str, rules: Rules) -> bool:
    match = rules.dateline.match(text)
    return match is not None and match.end() == len(text)


def is_comma_headline(
    block: Block, previous: Block | None, column: int | None, rules: Rules
) -> bool:
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
        and not rules.dateline.match(text)
        and (previous is None or _finished(previous, rules))
    )


def _finished(block: Block, rules: Rules) -> bool:
    """Whether a block leaves no sentence open (ended, credited, or not running text)."""
    return (
        ends_sentence(block.text)
        or _is_trailer(block.text, rules)
        or not is_running_text(block, rules)
    )


def _is_photo_text(block: Block, rules: Rules) -> bool:
    """A caption, or a block ending in a photo credit: it never runs on into the next."""
    return block.text.startswith(rules.caption_openings) or photo_credit(block, rules) is not None


def photo_credit(block: Block, rules: Rules) -> str | None:
    """The photo credit a block ends with: its own last line, or set off by a space.

    (…火山喷发。 新华社发 / a last line 新华社记者 张三 摄). Body text never
    ends so, which makes it the surest sign of a caption.
    """
    last = block.lines[-1]
    if last[-1] not in rules.credit_endings:
        return None
    credit = rules.credit
    if credit.match(last):
        return last
    tail = SPACED_TAIL_RE.search(last)
    return tail.group(1) if tail and credit.match(tail.group(1)) else None


def _is_trailer(text: str, rules: Rules) -> bool:
    return bool(rules.trailing_source.search(text[-TRAILER_CHARS:]))
