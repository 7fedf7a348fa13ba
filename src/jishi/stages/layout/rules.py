"""The layout's patterns, built from the page words in jishi.lang.zh.page.

Why a value object rather than module-level regexes: the words come from the
data files of the settings' user folder, so two pipelines in one process may
run with different lists. ``page_rules(files)`` compiles them once per folder;
every function of the stage that needs a pattern is handed the ``Rules``.
The templates below carry structure only (brackets, numbers, optional parts);
each ``%(name)s`` is filled with an alternation of one word list.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from functools import cache

from jishi.lang.data import DataFiles, compiled_patterns
from jishi.lang.zh import punct
from jishi.lang.zh.chars import IDEOGRAPHS
from jishi.lang.zh.page import (
    PageWords,
    SectionLabels,
    news_sources,
    page_words,
    place_names,
    section_labels,
    source_families,
)

HAN = f"[{IDEOGRAPHS}]"
OPEN = f"[{punct.PARENS_OPEN}]"
CLOSE = f"[{punct.PARENS_CLOSE}]"
NOT_CLOSE = f"[^{punct.PARENS_CLOSE}]"
BULLET = f"[{punct.BULLETS}]"
COLON = f"[{punct.COLONS}]"
SLASH = f"[{punct.SLASHES}]"
# Bullets printed before labels and source lines (■链接, ■综合新华社).
LABEL_MARKS = punct.BULLETS + " "
# A label opening with 聚焦/关注/... or naming a briefs column may run a few characters.
MAX_TOPIC_LABEL_CHARS = 8


def alt(words: Iterable[str]) -> str:
    """A non-capturing alternation of words, longest first so that 供图 beats 图."""
    ordered = sorted(dict.fromkeys(words), key=len, reverse=True)
    return "(?:" + "|".join(map(re.escape, ordered)) + ")"


def last_chars(words: Iterable[str]) -> str:
    """The last characters of words, for a character class or a quick test."""
    return "".join(sorted({word[-1] for word in words}))


@dataclass(frozen=True)
class Rules:
    """Compiled patterns and word sets of one data folder (see the module docstring)."""

    words: PageWords
    labels: SectionLabels
    sources: tuple[str, ...]
    source_set: frozenset[str]
    families: Mapping[str, str]
    source_line: re.Pattern[str]
    trailing_source: re.Pattern[str]
    dateline: re.Pattern[str]
    undated_dateline: re.Pattern[str]
    opening_source: re.Pattern[str]
    site_credit: re.Pattern[str]
    closing: re.Pattern[str]
    dateline_start: re.Pattern[str]
    inner_dateline: re.Pattern[str]
    credit: re.Pattern[str]
    attribution: re.Pattern[str]
    meta_source: re.Pattern[str]
    byline: re.Pattern[str]
    furniture: re.Pattern[str]
    dated_header: re.Pattern[str]
    staff: re.Pattern[str]
    names_caption: re.Pattern[str]
    outlet_joiner: re.Pattern[str]
    source_line_start: re.Pattern[str]
    credit_tail: re.Pattern[str]
    # the last characters a photo credit can end in (摄, 发, 图, 稿, a closing parenthesis)
    credit_endings: str
    # ends of inner lines that may close with a photo credit (摄\n, 发\n, 摄）\n)
    credit_line_ends: tuple[str, ...]
    caption_openings: tuple[str, ...]
    # place names a dateline may give (to tell a reporter's name from the place after it)
    places: frozenset[str]
    # labels of a web page's boxes (主要内容), not part of any story
    content_labels: frozenset[str]

    def is_briefs_label(self, text: str) -> bool:
        """A short label naming a column of brief items (国际简讯, 环球速览)."""
        label = text.lstrip(LABEL_MARKS)
        return len(label) <= MAX_TOPIC_LABEL_CHARS and label.endswith(self.labels.briefs)

    def is_listed_label(self, text: str) -> bool:
        """A section label from the list: one that stands alone, or a briefs column's."""
        return text.lstrip(LABEL_MARKS) in self.labels.whole or self.is_briefs_label(text)

    def known_outlet(self, name: str) -> str:
        """A listed outlet as written, or the listed one a name ends with (日本共同社 → 共同社)."""
        if name in self.source_set:
            return name
        return next((known for known in self.sources if name.endswith(known)), name)


@cache
def page_rules(files: DataFiles) -> Rules:
    """The Rules of one data folder, compiled once per process."""
    words = page_words(files)
    sources = news_sources(files)
    parts = _parts(words, sources)
    photo_ends = (*words.photo_taken, *words.photo_released, *words.photo_supplied)
    taken_ends = tuple(f"{w}{p}\n" for w in words.photo_taken for p in ("", *punct.PARENS_CLOSE))
    return Rules(
        words=words,
        labels=section_labels(files),
        sources=sources,
        source_set=frozenset(sources),
        families=source_families(files),
        **_compiled(parts, words, sources),
        credit_endings=last_chars(photo_ends) + punct.PARENS_CLOSE,
        credit_line_ends=taken_ends + tuple(f"{w[-1]}\n" for w in words.photo_released),
        caption_openings=words.caption_openings,
        places=place_names(files),
        content_labels=frozenset(words.content_labels),
    )


def _parts(words: PageWords, sources: tuple[str, ...]) -> dict[str, str]:
    """The named pieces the templates are filled with."""
    known = alt(sources)
    outlet = f"(?:{known}|{HAN}{{1,10}}{alt(words.outlet_endings)})"
    joiner = f"(?:[{punct.ENUMERATION_COMMA}{punct.SLASHES}]|{alt(words.outlet_conjunctions)})"
    credited = (
        f"{OPEN}?{alt(words.credit_scopes)}?{alt(words.credit_parts)}?"
        f"(?:{alt((*words.credit_by, *words.credit_compiled))}"
        rf"|{alt(words.credit_labels)}{COLON}\s*)\s*"
        f"(?P<name>{outlet}(?:{joiner}{outlet})*)"
        f"{alt(words.credit_others)}?{alt(words.credit_kinds)}?{CLOSE}?"
    )
    weekday = f"{alt(words.weekday_words)}{alt(words.weekday_names)}"
    date = (
        rf"\d{{4}}{alt(words.calendar_year)}\d{{1,2}}{alt(words.calendar_month)}"
        rf"\d{{1,2}}{alt(words.calendar_day)}\s*{weekday}"
    )
    return {
        "known": known,
        "outlet": outlet,
        "outlets": f"{outlet}(?:{joiner}{outlet})*",
        "credited": credited,
        "agency": f"(?:{known}|{HAN}{{1,6}}?{alt(words.agency_endings)})",
        "by": alt(words.credit_by),
        "own": alt(words.own_outlet),
        "own_news": alt(words.own_news),
        "reporter": alt(words.dateline_reporters),
        "dispatch": alt(words.dateline_dispatches),
        "undated_dispatch": alt(words.undated_dispatches),
        "year": alt(words.calendar_year),
        "month": alt(words.calendar_month),
        "day": alt(words.calendar_day),
        "editions": alt(words.report_editions),
        "zones": alt(words.report_zones),
        "report": alt(words.report_verbs),
        "taken": alt(words.photo_taken),
        "released": alt(words.photo_released),
        "supplied": alt(words.photo_supplied),
        "photo_label": alt(words.photo_source_labels),
        "photo_prefix": alt(words.photo_prefixes),
        "credit_label": alt(words.credit_labels),
        "sent": alt(words.byline_sent),
        "stationed": alt(words.byline_stationed),
        "roles": alt(words.byline_roles),
        "writers": alt(words.byline_writers),
        "text_by": alt(words.byline_text),
        "from": alt(words.byline_from),
        "dated_header": date,
        "continued": alt(words.continued),
        "page_before": alt(words.page_number_before),
        "page_after": alt(words.page_number_after),
        "numerals": "".join(words.numerals),
        "staff_scope": alt(words.page_staff_scope),
        "staff": alt(words.page_staff),
        "staff_suffix": alt(words.page_staff_suffixes),
        "end": alt(words.story_end),
        "han": HAN,
        "open": OPEN,
        "close": CLOSE,
        "not_close": NOT_CLOSE,
        "bullet": BULLET,
        "colon": COLON,
        "slash": SLASH,
        "after_sentence": f"[{re.escape(SENTENCE_MARKS + punct.CLOSERS)}\\s]",
    }


# Marks after which a trailing credit may follow (…一部分。 据新华社).
SENTENCE_MARKS = punct.SENTENCE_FINAL + punct.ELLIPSIS[0] + punct.SEMICOLONS

TEMPLATES = {
    # a bare name must be a known outlet: headlines can end in 报 or 台 too
    "source_line": (r"^%(bullet)s?\s*(?:%(credited)s|%(open)s?(?P<bare>%(known)s)%(close)s?)\s*$"),
    # …一部分。 据新华社 / …一部分。（新华社）
    "trailing_source": (
        r"(?<=%(after_sentence)s)%(bullet)s?\s*"
        r"(?:%(credited)s|%(open)s(?P<bare>%(known)s)%(close)s)\s*$"
    ),
    # 新华社首尔2月13日电 / 【路透社华盛顿3月4日电】 in Reference News style
    # Taiwan's CNA in parentheses, the day alone: （中央社记者杨明珠东京12日专电）
    "dateline": (
        r"^(?P<full>[【（(]?%(by)s?(?P<agency>%(agency)s)"
        r"(?:%(reporter)s(?P<reporter>[%(han_range)s·]{2,8}?))?"
        r"(?P<place>[%(han_range)s/／·、]{0,20}?)"
        r"(?:(?:(?P<year>\d{4})%(year)s)?(?P<month>\d{1,2})%(month)s)?(?P<day>\d{1,2})%(day)s"
        r"%(dispatch)s[】）)]?"
        r"(?:\s*%(open)s%(not_close)s{0,30}%(close)s)?)\s*"
    ),
    # no date: a paper's own 本报讯（记者 张三）, or 据新华社电 / 新华社北京电
    "undated_dateline": (
        r"^(?P<full>(?:(?P<paper>%(own)s)%(own_news)s|%(by)s?(?P<agency>%(known)s)"
        r"(?P<place>[%(han_range)s/／·]{0,8}?)%(undated_dispatch)s(?=[\s（(]|$))"
        r"(?:\s*%(open)s%(not_close)s{0,30}%(close)s)?)\s*"
    ),
    # a story's first paragraph credited in its opening words: 据塔斯社报道，… /
    # 据半岛电视台10日报道，… / 据日本共同社网站3月4日报道，… / 据美国《纽约时报》报道，…
    "opening_source": (
        r"^%(by)s(?:(?P<name>%(outlets)s)|%(han)s{0,4}《(?P<title>[^》]{1,15})》)"
        r"%(editions)s?%(zones)s?(?:\d{1,2}%(month)s)?(?:\d{1,2}%(day)s)?"
        r"%(report)s[，,]"
    ),
    # a site's own credit before its text: 央视网消息（新闻联播）：…
    "site_credit": (
        r"^(?P<name>%(known)s)%(report)s(?:%(open)s%(not_close)s{1,20}%(close)s)?%(colon)s"
    ),
    # a story's closing line, a parenthesis standing alone with no sentence in it:
    # （本报约翰内斯堡1月8日电）（作者为中国驻俄罗斯大使）（参与记者：田颖、唐璐）
    "closing": (
        r"^%(open)s(?:[^（()）。！？!?]|%(open)s%(not_close)s{0,12}%(close)s){1,150}%(close)s$"
    ),
    "dateline_start": r"^%(by)s?%(known)s",
    "inner_dateline": r"\n[ \t\u3000]*%(by)s?%(known)s",
    # photo credits: 新华社记者张三摄 / 新华社发（李四摄） / 新华社 图 / 王五供图 /
    # 图片来源：视觉中国 / 图/新华社
    "credit": (
        r"^%(open)s?.{0,24}?%(taken)s%(close)s?$"
        r"|^%(open)s?%(outlet)s.{0,12}?%(released)s(?:%(open)s%(not_close)s{1,20}%(close)s)?"
        r"%(close)s?$"
        r"|^%(open)s?.{0,16}?%(supplied)s%(close)s?$"
        r"|^%(photo_label)s%(colon)s.{1,30}$|^%(photo_prefix)s%(slash)s.{1,16}$"
    ),
    "attribution": r"^(?:——|--|－－|—)\s*\S.{0,40}$",
    # a web page's "2025-02-14 10:23 来源：人民网" line
    "meta_source": (
        r"^(?=.*\d{4}(?:[-/.]|%(year)s)\d{1,2}).*?%(credit_label)s%(colon)s\s*"
        r"(?P<name>[^\s|｜,，]{2,20})"
    ),
    "byline": (
        r"^%(bullet)s?\s*(?:%(own)s?(?:%(sent)s|%(stationed)s[%(han_range)s]{1,6})?%(roles)s"
        r"|%(writers)s|%(text_by)s[/／｜|]|◎)\s*[%(han_range)s·、 ]{2,24}"
        r"(?:\s*%(from)s[%(han_range)s]{0,8})?$"
    ),
    # page furniture: dates and weekdays, page numbers, continuation and staff lines,
    # end marks; none of it belongs to an article
    "furniture": (
        r"^(?:%(dated_header)s.{0,20}"
        r"|%(open)s?%(continued)s%(page_before)s?[\dA-Z%(numerals)s]{1,3}%(page_after)s%(close)s?"
        r"|%(page_before)s?[A-Z]?\d{1,3}%(page_after)s.{0,20}|[A-Z]?\d{1,3}"
        # a page's name and number: 国际  3
        r"|[%(han_range)s]{2,6}[ \t\u3000]+[A-Z]?\d{1,2}"
        r"|[（(【]?%(staff_scope)s?%(staff)s%(staff_suffix)s?%(colon)s[^）)】]{0,30}[）)】]?"
        r"|%(open)s%(end)s%(close)s"
        # a web page's toolbar: 【纠错】 【责任编辑：张三】 / 【打印】【关闭】
        r"|(?:【[^】\n]{1,16}】[ \t\u3000]*){2,})$"
    ),
    # staff of a page (责任编辑：张三, 本版美编：李四): furniture on a page, printed under
    # the last story of an indented one
    "staff": r"^[（(【]?%(staff_scope)s?%(staff)s%(staff_suffix)s?%(colon)s[^）)】]{0,30}[）)】]?$",
    # a page header: 人民日报  2025年3月5日  星期三 (see is_furniture)
    "dated_header": r"%(dated_header)s",
    # the people in a photo: 特朗普 普京 / 弗拉基米尔·泽连斯基 哈马斯
    "names_caption": (
        r"^(?:[%(han_range)s]{2,4}|[%(han_range)s·]{3,12})"
        r"(?:[ \u3000]+(?:[%(han_range)s]{2,4}|[%(han_range)s·]{3,12}))+$"
    ),
}


def _compiled(
    parts: dict[str, str], words: PageWords, sources: tuple[str, ...]
) -> dict[str, re.Pattern[str]]:
    """Every template filled with the parts, and the patterns of outlets and credits,
    compiled (their compiled form kept in the user cache: a twentieth of a second of
    every run's start)."""
    filled = {**parts, "han_range": IDEOGRAPHS}
    sources_of = {name: template % filled for name, template in TEMPLATES.items()}
    sources_of["outlet_joiner"] = (
        f"{SLASH}|{punct.ENUMERATION_COMMA}"
        f"|(?<=[{last_chars((*sources, *words.outlet_endings))}])"
        f"{alt(words.outlet_conjunctions)}"
    )
    sources_of["source_line_start"] = rf"\n{BULLET}?\s*" + alt(
        (*words.credit_by, *words.credit_compiled, *words.credit_labels)
    )
    sources_of["credit_tail"] = (
        rf"[ \u3000][^ \u3000\n]+\n|{alt(words.photo_taken)}{CLOSE}?\n"
        rf"|{alt(words.outlet_endings)}[^\n]{{0,14}}{alt(words.photo_released)}{CLOSE}?\n"
    )
    return compiled_patterns("page-rules", sources_of)
