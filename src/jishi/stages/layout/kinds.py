"""Block kinds from the block's own shape and its neighbours'.

Kinds: headline, kicker (section label), source line, dateline-led body,
byline, pull quote, attribution, caption, photo credit, lead, furniture, body.
"""

from __future__ import annotations

import itertools
import re

from jishi.lang.zh import punct
from jishi.stages.layout.blocks import (
    MAX_HEADLINE_CHARS,
    MAX_HEADLINE_LINES,
    Block,
    Style,
    column_width,
    photo_credit,
)
from jishi.stages.layout.lines import BODY_PUNCTUATION
from jishi.stages.layout.rules import LABEL_MARKS, MAX_TOPIC_LABEL_CHARS, Rules

MAX_KICKER_CHARS = 4
MAX_PULLQUOTE_CHARS = 60
# A page header line: paper name, date, weekday, page name and number.
MAX_HEADER_CHARS = 48
# What a block of furniture lines shows: a number, a staff title's colon, a bracket.
FURNITURE_HINT_RE = re.compile(r"[0-9：:【（(]")
MAX_CAPTION_CHARS = 200
# Longer blocks can only be body or lead: no need to try the other shapes.
MAX_SHORT_BLOCK = max(MAX_HEADLINE_CHARS, MAX_PULLQUOTE_CHARS)
# A block this many times wider than the page's columns sits in its own box
# (a lead or summary printed across columns).
WIDE_BLOCK_RATIO = 1.6
# A pull quote is one quotation standing alone: “…” or 「…」, maybe with a full stop after.
QUOTE_OPENINGS = "“「"
QUOTE_ENDINGS = ("”", "」")
FULL_STOP = punct.SENTENCE_FINAL[0]


def classify(blocks: list[Block], style: Style, rules: Rules) -> None:
    """Set every block's kind from its own shape and its neighbours'."""
    if style.indented:
        for index, block in enumerate(blocks):
            block.position = index
            block.kind = flow_kind(block, rules)
        if style.web:
            drop_link_lists(blocks)
        return
    column = 0 if style.line_mode else column_width(blocks)
    for index, block in enumerate(blocks):
        block.position = index
        block.kind = _shape_kind(block, column, rules)
    for block, after in itertools.pairwise(blocks):
        after.after_blank = not block.attached
    for index, block in enumerate(blocks):
        following = blocks[index + 1] if index + 1 < len(blocks) else None
        if block.kind == "headline" and _is_kicker(block, following, rules):
            block.kind = "kicker"
        elif (
            block.kind == "caption"
            and following is not None
            and following.kind == "body"
            and rules.names_caption.match(block.text)
        ):
            # words spaced like names but heading running text: a two-part headline
            block.kind = "headline"


# On an indented page a line that would stand apart elsewhere is read in the flow of
# its article: a short unpunctuated or quoted line is a subhead, a lead is body.
FLOW_KINDS = {"headline": "subhead", "kicker": "subhead", "pullquote": "subhead", "lead": "body"}
# A web page's run of this many short lines with no text between lists links (related
# stories, navigation), not the subheads of its story.
MIN_LINK_LIST = 3


def flow_kind(block: Block, rules: Rules) -> str:
    """The kind of a block on an indented page (see blocks.is_indented_page): unindented
    lines are headlines, indented ones are read in the flow of the article."""
    if not block.indented:
        return "furniture" if is_furniture(block.text, rules) else "headline"
    kind = _shape_kind(block, 0, rules)
    return FLOW_KINDS.get(kind, kind)


def _is_site_credit(text: str, rules: Rules) -> bool:
    """A site's credit standing alone before its text (央视网消息（新闻联播）：)."""
    site = rules.site_credit.match(text)
    return site is not None and site.end() == len(text)


def drop_link_lists(blocks: list[Block]) -> None:
    """On a web page, runs of MIN_LINK_LIST or more subhead-shaped lines with no text
    between them are link lists (related stories, navigation): furniture."""
    start = 0
    while start < len(blocks):
        end = start
        while end < len(blocks) and blocks[end].kind == "subhead":
            end += 1
        if end - start >= MIN_LINK_LIST:
            for block in blocks[start:end]:
                block.kind = "furniture"
        start = end + 1


def _shape_kind(block: Block, column: int, rules: Rules) -> str:
    text = block.text
    if len(text) <= MAX_CAPTION_CHARS and (
        text.startswith(rules.caption_openings)
        or (
            text[-1] in rules.credit_endings and len(photo_credit(block, rules) or text) < len(text)
        )
    ):
        return "caption"
    if len(text) > MAX_SHORT_BLOCK:
        wide = column and block.width >= WIDE_BLOCK_RATIO * column
        return "lead" if wide else "body"
    if rules.staff.match(text):
        return "staff"
    if is_furniture(text, rules) or (
        len(block.lines) > 1
        and FURNITURE_HINT_RE.search(text)
        and all(is_furniture(line, rules) for line in block.lines)
    ):
        return "furniture"
    if (
        rules.source_line.match(text)
        or rules.meta_source.match(text)
        or _is_site_credit(text, rules)
    ):
        return "source"
    if text in rules.content_labels:
        return "furniture"
    if rules.attribution.match(text):
        return "attribution"
    if len(text) <= 30 and rules.credit.match(text) and not BODY_PUNCTUATION.search(text):
        return "credit"
    if rules.byline.match(text):
        return "byline"
    if rules.closing.match(text):
        return "closing"
    if rules.names_caption.match(text):
        return "caption"
    if _is_pullquote(text):
        return "pullquote"
    if _is_headline_shape(block):
        return "headline"
    if column and block.width >= WIDE_BLOCK_RATIO * column:
        return "lead"
    return "body"


def is_furniture(text: str, rules: Rules) -> bool:
    """Page furniture (see the furniture pattern), or a short line carrying the page's date.

    The date is looked for only in lines naming a weekday: a search through
    every short block would cost more than all the rest of classification.
    """
    if rules.furniture.match(text):
        return True
    return (
        len(text) <= MAX_HEADER_CHARS
        and any(word in text for word in rules.words.weekday_words)
        and rules.dated_header.search(text) is not None
    )


def _is_pullquote(text: str) -> bool:
    return (
        text[:1] in QUOTE_OPENINGS
        and len(text) <= MAX_PULLQUOTE_CHARS
        and text.rstrip(FULL_STOP).endswith(QUOTE_ENDINGS)
    )


def _is_headline_shape(block: Block) -> bool:
    text = block.text
    return block.titled or (
        len(block.lines) <= MAX_HEADLINE_LINES
        and len(text) <= MAX_HEADLINE_CHARS
        and not BODY_PUNCTUATION.search(text)
        and not text.endswith("。")
    )


def _is_kicker(block: Block, following: Block | None, rules: Rules) -> bool:
    """A section label: a listed label, or a very short line standing above a headline."""
    if len(block.lines) != 1:
        return False
    label = block.text.lstrip(LABEL_MARKS)
    if label in rules.labels.whole:
        return True
    topic = len(label) <= MAX_TOPIC_LABEL_CHARS and label.startswith(rules.labels.openings)
    if topic or rules.is_briefs_label(label):
        return following is not None and following.kind == "headline"
    return (
        len(block.text) <= MAX_KICKER_CHARS
        and following is not None
        and following.kind == "headline"
    )
