"""Blocks to articles: walk the page in reading order opening and closing
articles, then give blocks printed out of place (headline groups without a
body, pull quotes, leads, captions) to the article whose text they share the
most with.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from typing import Any, NamedTuple

from pydantic import TypeAdapter

from jishi.lang.zh import punct
from jishi.lang.zh.chars import bigrams
from jishi.model import Article, Dateline, ParagraphRole
from jishi.stages.layout.blocks import MAX_HEADLINE_LINES, Block, is_running_text, photo_credit
from jishi.stages.layout.credits import (
    as_outlet,
    closing_dateline,
    outlet_list,
    parse_dateline,
    source_name,
    split_trailing_source,
)
from jishi.stages.layout.rules import Rules

# Share of blank lines standing above a heading in copy that puts blank
# lines between stories only.
STORY_BREAK_SHARE = 0.8
# Wire stories (with a dateline) seldom carry subheads, and then short ones:
# a longer line after one heads the next story.
MAX_WIRE_SUBHEAD_CHARS = 8
# Share of a floating block's character pairs that must occur in an article
# for the block to be given to it.
MIN_OVERLAP = 0.3
# A headline is short and a headless article on the same page is rare: less
# shared text is enough evidence.
MIN_ORPHAN_OVERLAP = 0.15
# How far (in articles) to look for the owner of a floating block.
OWNER_WINDOW_BEFORE = 10
OWNER_WINDOW_AFTER = 2
# A headline line opening with a dash is a deck (——元旦献词).
DECK_MARK = punct.DASHES[0] * 2


class Part(NamedTuple):
    """A paragraph under construction; models are built in one batch at the end (faster)."""

    text: str
    role: ParagraphRole
    # the story's dateline (and the space after it) printed at its head, cut off the
    # text for the stages and put back after them (model.restore_datelines)
    prefix: str = ""


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


@dataclass(slots=True)
class Page:
    """The grouping state: articles in reading order and the blocks left aside."""

    published: date | None
    column: int
    rules: Rules
    # an indented page: every block is read in the flow of its article (see group_flow)
    flow: bool = False
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


def has_story_breaks(blocks: list[Block], line_mode: bool, rules: Rules) -> bool:
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
    headed = sum(1 for block in under_gaps if not is_running_text(block, rules))
    return headed >= STORY_BREAK_SHARE * len(under_gaps) or any(
        block.attached and is_running_text(block, rules) and is_running_text(after, rules)
        for block, after in itertools.pairwise(blocks)
    )


def group(blocks: list[Block], page: Page) -> Page:
    """Walk the blocks in page order, opening and closing articles."""
    if page.flow:
        group_flow(page, [block for block in blocks if block.kind != "furniture"])
        return page
    blocks = [block for block in blocks if block.kind not in {"furniture", "staff"}]
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
        draft.briefs = page.rules.is_briefs_label(own[0].text)
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
    rules = page.rules
    return (
        len(run) == 1
        and len(head.lines) == 1
        and head.kind == "headline"
        and not current.closed
        and not current.briefs
        and current.has_body
        and not rules.dateline.match(following.text)
        and not (current.subheads == 0 and rules.opening_source.match(following.text))
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
        target.source = target.source or source_name(block.text, page.rules)
        # a credit under the headline (web pages) does not end the article
        target.closed = target.closed or bool(target.paragraphs)
        return
    if block.kind in {"pullquote", "lead", "attribution", "caption", "credit"}:
        page.floating.append((len(page.drafts) - 1, block))
        return
    if block.kind == "closing":
        add_closing(page, current or page.open_article(block.position), block)
        return
    dateline = parse_dateline(block.text, page.published, page.rules)
    # On a page, a dateline under no headline still starts a story; in one
    # web article it follows a summary paragraph.
    starts_story = bool(dateline and current and current.has_body and page.column)
    if current is None or current.closed or starts_story:
        current = page.open_article(block.position)
    current.paragraphs.extend(Part(byline.text, "credit") for byline in page.bylines)
    page.bylines.clear()
    add_body(page, current, block.text, dateline)


def add_body(page: Page, draft: Draft, text: str, dateline: Dateline | None) -> None:
    """A body paragraph: the story's first dateline dates it, and is cut off its text
    while the stages run (kept as the paragraph's prefix, printed back after them); a
    later one, a second dispatch in a combined story, stays in the text. A trailing
    credit (…一部分。 据新华社) is split off as its source."""
    prefix = ""
    if dateline and dateline.text and draft.dateline is None:
        draft.dateline = dateline
        draft.source = draft.source or dateline.agency
        body = text[len(dateline.text) :].lstrip()
        prefix, text = text[: len(text) - len(body)], body
    text, source = split_trailing_source(text, page.rules)
    if text:
        draft.paragraphs.append(Part(text, "body", prefix))
    if source:
        draft.source = draft.source or source
        draft.closed = True


def add_closing(page: Page, draft: Draft, block: Block) -> None:
    """A story's closing line: a credit paragraph that ends the story; a dated
    dateline in it (（本报约翰内斯堡1月8日电）) dates and credits a story without one."""
    draft.paragraphs.append(Part(block.text, "credit"))
    dateline = closing_dateline(block.text, page.published, page.rules)
    if dateline is not None:
        draft.dateline = draft.dateline or dateline
        draft.source = draft.source or dateline.agency
    draft.closed = True


# How an indented page's blocks stand in the flow of their article.
FLOW_ROLES: dict[str, ParagraphRole] = {"subhead": "subhead", "byline": "credit", "staff": "credit"}


def group_flow(page: Page, blocks: list[Block]) -> None:
    """An indented page (see blocks.is_indented_page): a run of headline lines opens
    an article, and every other block joins the open one where it is printed, a
    short line as a subhead, a closing line as its credit."""
    previous: Block | None = None
    for block in blocks:
        current = page.current
        if block.kind == "headline":
            if current and previous and previous.kind == "headline" and previous.attached:
                current.headline_blocks.append(block)
            else:
                page.open_article(block.position).headline_blocks.append(block)
        else:
            place_in_flow(page, current or page.open_article(block.position), block)
        previous = block


def place_in_flow(page: Page, draft: Draft, block: Block) -> None:
    """One block of an indented page into the article it is printed in."""
    if block.kind == "source":
        draft.source = draft.source or source_name(block.text, page.rules)
    elif block.kind == "closing":
        add_closing(page, draft, block)
    elif block.kind in FLOW_ROLES:
        draft.paragraphs.append(Part(block.text, FLOW_ROLES[block.kind]))
        draft.subheads += block.kind == "subhead"
    elif block.kind in FLOATING_ROLES:
        draft.paragraphs.extend(floating_parts(block, page.rules))
    else:
        add_body(page, draft, block.text, parse_dateline(block.text, page.published, page.rules))


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
            for part in floating_parts(block, page.rules):
                if owner is None:
                    loose = loose or page.open_article(block.position)
                    loose.paragraphs.append(part)
                elif part.role == "lead":
                    _insert_lead(page.drafts[owner], part)
                else:
                    page.drafts[owner].paragraphs.append(part)


def floating_parts(block: Block, rules: Rules) -> list[Part]:
    """The paragraph(s) of an out-of-flow block: a caption's last line may be its photo credit."""
    role = FLOATING_ROLES[block.kind]
    credit = photo_credit(block, rules) if role == "caption" else None
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


def article_fields(
    draft: Draft, article_id: str, rules: Rules, outlet: str | None
) -> dict[str, Any]:
    """The Article fields of a draft; a headline line opening with —— is a deck. 本报
    in a credit or dateline is the given outlet (see credits.as_outlet)."""
    dateline = draft.dateline
    if dateline is not None:
        dateline.agency = as_outlet(dateline.agency, outlet, rules)
        cut = ((n, len(part.prefix)) for n, part in enumerate(draft.paragraphs) if part.prefix)
        dateline.paragraph, dateline.body_start = next(cut, (None, None))
    heads = [b for b in draft.headline_blocks if not b.text.startswith(DECK_MARK)]
    decks = [b for b in draft.headline_blocks if b.text.startswith(DECK_MARK)]
    return {
        "id": article_id,
        "headline": "".join(b.text for b in heads) or None,
        "deck": "".join(b.text for b in decks) or None,
        "kicker": draft.kicker,
        "source": as_outlet(draft.source or opening_source(draft, rules), outlet, rules),
        "dateline": dateline,
        "paragraphs": [
            {"text": part.text, "role": part.role, "prefix": part.prefix}
            for part in draft.paragraphs
        ],
    }


def opening_source(draft: Draft, rules: Rules) -> str | None:
    """The outlet a story with no source line credits in its first words (据塔斯社报道，…).

    Only the first body paragraph counts: further down, 据路透社报道 quotes
    another outlet inside a story that the paper credits elsewhere.
    """
    first = next((p.text for p in draft.paragraphs if p.role == "body"), "")
    site = rules.site_credit.match(first)
    if site is not None:
        return site.group("name")
    match = rules.opening_source.match(first)
    if match is None:
        return None
    return match.group("title") or outlet_list(match.group("name"), rules)
