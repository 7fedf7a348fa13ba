"""The times stage: every time expression of an article, normalized.

Values are ISO 8601 / TIMEX3 style (2025-02-12, 2025-02-05T09:00, 2025-W07-WE,
P3M, 2021-06, 2008, PAST_REF). Relative expressions are resolved against the
article's reference date (its dateline date, else the publication date) with a
news past-bias; anaphoric ones (当天, 同日) against the date most recently
established in the article. The common forms are read by one regular grammar
built from ``data/time_words.tsv`` because it is fast and lets us apply the
news conventions jionlp does not know; the long tail (holidays, decades) is
handed to jionlp, only for the clauses that contain such a word, because its
extractor grid-searches every substring and is the slow part. See docs/times.md.
"""

from __future__ import annotations

import calendar
import contextlib
import io
import logging
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, replace
from datetime import UTC, date, datetime, timedelta
from functools import cache
from typing import TYPE_CHECKING, Any

from jishi.lang.data import DataFileError, table
from jishi.model import Article, Document, PublishedBasis, TimeExpression

if TYPE_CHECKING:
    from jishi.settings import Settings

CLAUSE_BREAKS = "，。；！？：,;!?\n"
SENTENCE_ENDS = "。！？!?"
QUOTE_PAIRS = (("“", "”"), ("「", "」"), ("『", "』"))
RANGE_LINKS = "至到—–~～-－"
# How far past the expression a future marker may stand and still govern it
# (12日将举行: the marker follows the date).
FUTURE_LOOKAHEAD = 4
# A holiday read by jionlp more than this far ahead of the reference date is
# taken from the year before unless the clause is about the future.
PAST_BIAS_SLACK = timedelta(days=31)
# A future clause moves a bare day into the next month only when the day lies
# this far behind the reference day (reference 30th, 将于3日).
FUTURE_WRAP_DAYS = 15

DIGIT = "0-9０-９"
ONE_TO_NINE = "一二三四五六七八九"
DAY_DIGITS = "(?:3[01]|[12][0-9]|0?[1-9])"
DAY_CN = f"三十一?|二十[{ONE_TO_NINE}]?|十[{ONE_TO_NINE}]?"
MINUTE_CN = f"[一二三四五]?十[{ONE_TO_NINE}]?|零?[{ONE_TO_NINE}]"
# Full-width digits are read as ASCII ones; the mapping keeps every offset.
FULL_WIDTH_DIGITS = str.maketrans("０１２３４５６７８９：", "0123456789:")
FULL_WIDTH = re.compile("[０-９：]")
CN_NUM = "〇零一二两三四五六七八九十百千"
UNIT_VALUES = {
    "世纪": ("Y", 100, "year"),
    "年": ("Y", 1, "year"),
    "月": ("M", 1, "month"),
    "周": ("W", 1, "week"),
    "星期": ("W", 1, "week"),
    "天": ("D", 1, "day"),
    "小时": ("H", 1, "hour"),
    "钟头": ("H", 1, "hour"),
    "分钟": ("M", 1, "minute"),
    "秒": ("S", 1, "second"),
    "秒钟": ("S", 1, "second"),
}
TIME_UNITS = {"hour", "minute", "second"}
APPROXIMATE_COUNT = re.compile(f"[两{ONE_TO_NINE}]{{2}}")
UNITS_PER_YEAR = {"year": 1, "month": 12, "week": 52, "day": 365}
DURATION_MODS = {"近": "APPROX", "约": "APPROX", "超过": "MORE_THAN", "逾": "MORE_THAN"}
POINT_MODS = {
    "初": "START",
    "上旬": "START",
    "中旬": "MID",
    "下旬": "END",
    "底": "END",
    "末": "END",
}
SPAN_MODS = {
    "起": "ON_OR_AFTER",
    "以来": "ON_OR_AFTER",
    "至今": "ON_OR_AFTER",
    "以前": "BEFORE",
    "之前": "BEFORE",
    "以后": "AFTER",
    "之后": "AFTER",
}
WEEKDAYS = {"一": 1, "二": 2, "三": 3, "四": 4, "五": 5, "六": 6, "日": 7, "天": 7}
# Hours on a 12-hour reading that move to the afternoon in a part of day:
# 下午3时 and 晚上8点 always, 中午1点 below 6, 深夜11点 from 6 up (夜里2点 stays).
AFTERNOON_HOURS = {
    "AF": range(1, 12),
    "EV": range(1, 12),
    "MI": range(1, 6),
    "NI": range(6, 12),
}


@dataclass(frozen=True)
class TimeWord:
    """One row of data/time_words.tsv."""

    word: str
    kind: str
    grain: str
    offset: int
    value: str
    part_of_day: str
    mod: str


WORD_CLASSES = {
    "relative",
    "anaphor",
    "vague",
    "set",
    "part_of_day",
    "zone",
    "future",
    "trigger",
    "block",
    "report",
    "disposal",
    "verb_lead",
}
# Classes that only cue the reading of an expression and never start one.
CUE_CLASSES = {"future", "trigger", "report", "disposal", "verb_lead"}
WORD_GRAINS = {"", "year", "month", "week", "day"}


def parse_time_words(rows: Iterable[dict[str, str]]) -> dict[str, TimeWord]:
    """Time-word rows checked and keyed by word; a bad row names itself in the error."""
    words: dict[str, TimeWord] = {}
    for row in rows:
        word = row["word"]
        problem = None
        if row["class"] not in WORD_CLASSES:
            problem = f"unknown class {row['class']!r}"
        elif row["grain"] not in WORD_GRAINS:
            problem = f"unknown grain {row['grain']!r}"
        elif not re.fullmatch(r"-?[0-9]*", row["offset"]):
            problem = f"offset {row['offset']!r} is not a whole number"
        elif word in words:
            problem = "listed twice"
        if problem:
            raise DataFileError(f"time_words.tsv: {word!r}: {problem}")
        words[word] = TimeWord(
            word=word,
            kind=row["class"],
            grain=row["grain"],
            offset=int(row["offset"] or 0),
            value=row["value"],
            part_of_day=row["part_of_day"],
            mod=row["mod"],
        )
    return words


@cache
def time_words() -> dict[str, TimeWord]:
    """The shipped time-word table keyed by word."""
    return parse_time_words(table("time_words.tsv"))


def _words(kind: str, grain: str | None = None, qualified: bool | None = None) -> list[str]:
    """Words of one class (and grain), for building the grammar.

    ``qualified`` words carry a mod or a value suffix (年底, 上半年): they stand
    alone rather than combine with a month or day after them.
    """
    return [
        w.word
        for w in time_words().values()
        if w.kind == kind
        and (grain is None or w.grain == grain)
        and (qualified is None or bool(w.mod or w.value) == qualified)
    ]


def _alternation(words: list[str]) -> str:
    """A regex alternation that prefers the longest word."""
    return "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))


def _anchored(grain: str) -> str:
    """Relative and anaphoric words of one grain that combine with what follows."""
    return _alternation(
        _words("relative", grain, qualified=False) + _words("anaphor", grain, qualified=False)
    )


# Not after a digit or a decimal point: 2012日 or 3.12日 are not days.
NOT_AFTER_DIGIT = f"(?<![{DIGIT}.])"


@cache
def grammar() -> re.Pattern[str]:
    """The one pattern that finds the common time expressions."""
    alternatives = (_point_pattern(), _bare_clock_pattern(), _duration_pattern(), _word_pattern())
    return re.compile(f"(?={_first_characters()})(?:{'|'.join(alternatives)})")


def _date_pattern() -> str:
    """Year, month, day (digits, Chinese numerals or words) with 初/下旬/底."""
    n = NOT_AFTER_DIGIT
    year = (
        f"(?:(?P<year>{n}(?:1[0-9]|2[01])[0-9]{{2}}|[〇零一二三四五六七八九]{{4}})年"
        f"|(?P<year_word>{_anchored('year')}))"
    )
    month_number = f"{n}(?:1[0-2]|0?[1-9])|十[一二]?|[{ONE_TO_NINE}]"
    month_word = _anchored("month")
    month = f"(?:(?P<month>{month_number})月份?|(?P<month_word>{month_word}))"
    month_ahead = f"(?=(?:{month_number})月|{month_word})"
    # (?!元): 30日元 is thirty yen, not a date.
    day = f"(?P<day>{n}{DAY_DIGITS}|{DAY_CN}|[{ONE_TO_NINE}])[日号](?!元)"
    # A bare day in Chinese numerals needs two characters: 三日 alone is too often "three days".
    bare_day = f"(?P<bare_day>{n}{DAY_DIGITS}|{DAY_CN})日(?!元)"
    mod = f"(?P<mod>{_alternation(list(POINT_MODS))})?"
    return f"(?:(?:{year}|{month_ahead})(?:{month}(?:{day})?)?|{bare_day}){mod}"


def _point_pattern() -> str:
    """A date, week or day word, then part of day and clock, inside 自…起 marks."""
    week = (
        f"(?:(?P<week_word>{_anchored('week')})(?P<week_day>[一二三四五六日天末])?"
        f"|(?:周|星期|礼拜)(?P<bare_week_day>[一二三四五六日天])|(?P<weekend>周末))"
    )
    day_word = f"(?P<day_word>{_anchored('day')})"
    # 晚些时候 is "later", not the evening.
    part_of_day = f"(?:(?P<part_of_day>{_alternation(_words('part_of_day'))})(?!些))?"
    n = NOT_AFTER_DIGIT
    hour = (
        f"(?P<hour>{n}(?:2[0-4]|[01]?[0-9])|二十[一二三四]?|十[{ONE_TO_NINE}]?|[零两{ONE_TO_NINE}])"
    )
    minute = f"(?P<minute>{n}[0-5]?[0-9]|{MINUTE_CN})"
    clock = f"(?:{hour}[时点](?:{minute}分|(?P<half_hour>半))?(?P<approx>许|左右)?)?"
    # 上午10时 with no date: the part of day alone (two characters at least,
    # since 晚 and 夜 alone are mostly other words) carries the clock.
    lone_words = [w for w in _words("part_of_day") if len(w) > 1]
    lone_part_of_day = f"(?P<lone_part_of_day>{_alternation(lone_words)})"
    return (
        f"(?P<point>(?P<pre>自从|自|从)?(?P<zone>{_alternation(_words('zone'))})?"
        f"(?:(?:{_date_pattern()}|{week}|{day_word}){part_of_day}|{lone_part_of_day}){clock})"
        f"(?P<post>{_alternation(list(SPAN_MODS))})?"
    )


def _bare_clock_pattern() -> str:
    """A clock time with no date or part of day before it.

    It needs 时, or 点 with a minute after it (10点半, 7点10分): 3点共识 is
    "three points", and a lone 一 is left out because 一时 is "for a while".
    """
    n = NOT_AFTER_DIGIT
    clock_minute = f"(?:(?P<clock_minute>{n}[0-5]?[0-9]|{MINUTE_CN})分|(?P<clock_half>半))"
    return (
        f"(?P<bare_clock>(?:{_alternation(_words('zone'))})?"
        f"(?P<clock_hour>{n}(?:2[0-3]|[01]?[0-9])|二十[一二三四]?|十[{ONE_TO_NINE}]?|[二三四五六七八九])"
        f"(?:(?:时|点(?=[0-9{CN_NUM}]+分|半|多|左右|许)){clock_minute}?"
        f"|[:：](?P<colon_minute>[0-5][0-9])(?![{DIGIT}]))(?P<clock_approx>许|左右|多)?)"
    )


def _duration_pattern() -> str:
    """A number and a unit, with 未来/近 before and 来/前/后 after.

    月 needs a measure word (三个月; 三月 is March) and 年 is not 年代/年级.
    """
    number = f"(?P<number>{NOT_AFTER_DIGIT}[{DIGIT}]+(?:\\.[{DIGIT}]+)?|[{CN_NUM}几数多]+)"
    return (
        f"(?P<duration>(?P<dur_pre>未来|过去|最近|近|长达|超过|逾|约)?"
        f"(?:{number}(?P<measure>个)?(?P<half>半)?|(?P<half_only>半)个?)"
        f"(?P<unit>世纪|(?<!个)年(?![代级])|(?<=[个半数几多])月|(?<!个)周(?!年)|星期"
        f"|(?<!个)天|小时|钟头|(?<!个)分钟|(?<!个)秒钟?)(?P<more>多)?"
        f"(?P<dur_post>以来|来|之内|以内|内|以前|之前|前|以后|之后|后)?)"
    )


def _word_pattern() -> str:
    """Words that stand alone: vague ones, sets and 年底-style words."""
    standalone = _words("vague") + _words("set") + _words("relative", qualified=True)
    # 每周一 is every Monday, but 每周一次 / 每周一到两次 / 每周二十小时 count per week.
    counted = "次回遍趟个轮十百千万多到两三四五六七八九"
    weekday = f"(?P<set_weekday>(?<=[周期])[一二三四五六日天](?![{counted}]))"
    return f"(?P<word>{_alternation(standalone)}){weekday}?"


def _first_characters() -> str:
    """A class of every character an expression can start with.

    Checking it first lets the scan skip most positions at once; the
    alternation behind it is about seven times slower without it.
    """
    starts = {w for w, row in time_words().items() if row.kind not in CUE_CLASSES}
    starts = {w[0] for w in starts}
    starts |= set("自从周星礼半未过最近长超逾约几数多" + CN_NUM)
    return "[" + DIGIT + "".join(sorted(re.escape(c) for c in starts)) + "]"


@dataclass(frozen=True)
class Point:
    """A resolved calendar point; unset fields are below its grain."""

    year: int | None
    month: int | None = None
    day: int | None = None
    hour: int | None = None
    minute: int | None = None

    @classmethod
    def of(cls, day: date) -> Point:
        return cls(day.year, day.month, day.day)

    @property
    def grain(self) -> str:
        if self.hour is not None:
            return "minute" if self.minute else "hour"
        if self.day is not None:
            return "day"
        return "month" if self.month is not None else "year"

    @property
    def kind(self) -> str:
        """ "time" when a clock time is written, else "date"."""
        return "time" if self.hour is not None else "date"

    def as_date(self) -> date | None:
        if self.year is None or self.month is None or self.day is None:
            return None
        return date(self.year, self.month, self.day)

    def timex(self) -> str:
        text = "XXXX" if self.year is None else f"{self.year:04d}"
        if self.month is not None:
            text += f"-{self.month:02d}"
        elif self.day is not None:
            text += "-XX"
        if self.day is not None:
            text += f"-{self.day:02d}"
        if self.hour is not None:
            text += f"T{self.hour:02d}:{self.minute or 0:02d}"
        return text


@dataclass
class Context:
    """What resolution needs: the reference date and the days 当天 can refer to.

    ``last_day`` is the day most recently established, the antecedent of
    当天/同日; ``story_day`` the last one established in the article's own
    narration (outside reported speech), which ``last_day`` returns to at every
    paragraph. ``story_day_written`` says whether the text itself (not only the
    dateline) has given one yet.
    """

    reference: date | None
    last_day: date | None = None
    paragraph_text: str = ""
    story_day: date | None = None
    story_day_written: bool = False


@dataclass(frozen=True)
class Resolved:
    """The normalized value of one expression before it becomes a record."""

    value: str | None
    kind: str = "date"
    grain: str | None = None
    anchor: str | None = None
    mod: str | None = None
    part_of_day: str | None = None
    day: date | None = None


# ---------------------------------------------------------------- numbers


def to_int(text: str) -> int:
    """Arabic (also full-width) or Chinese numerals as an int (cn2an reads the latter)."""
    if text.isdigit():
        return int(text)
    import cn2an  # imported on first Chinese numeral: it costs 0.2 s at start-up

    try:
        return int(cn2an.cn2an(text.replace("两", "二"), "smart"))
    except (KeyError, IndexError) as error:  # cn2an's answer to malformed numerals (百十七)
        raise ValueError(f"not a Chinese numeral: {text!r}") from error


def add_months(year: int, month: int, months: int) -> tuple[int, int]:
    """(year, month) moved by a number of months."""
    index = year * 12 + (month - 1) + months
    return index // 12, index % 12 + 1


def iso_week(day: date) -> str:
    """ISO week of a day, TIMEX style (2025-W07)."""
    year, week, _ = day.isocalendar()
    return f"{year:04d}-W{week:02d}"


# ---------------------------------------------------------------- clause cues


def clause_bounds(text: str, start: int, end: int) -> tuple[int, int]:
    """Start and end of the clause around a span, cut at clause punctuation."""
    left = max((text.rfind(mark, 0, start) for mark in CLAUSE_BREAKS), default=-1) + 1
    rights = [i for i in (text.find(mark, end) for mark in CLAUSE_BREAKS) if i >= 0]
    return left, min(rights, default=len(text))


@cache
def _future_pattern() -> re.Pattern[str]:
    # 将近 "nearly", 将军/将领/将士 "general(s)", 将其 "(take) it": not the future.
    return re.compile(f"(?:{_alternation(_words('future'))})(?![近军领士其])")


def is_future_clause(text: str, start: int, end: int) -> bool:
    """True when a future marker (将, 计划, 定于...) governs the clause of the span."""
    left, right = clause_bounds(text, start, end)
    window_end = min(right, end + FUTURE_LOOKAHEAD)
    return any(
        not (marker.group() == "将" and is_disposal_jiang(text[marker.end() : right]))
        for marker in _future_pattern().finditer(text, left, window_end)
    )


@cache
def _disposal_pattern() -> re.Pattern[str]:
    return re.compile(_alternation(_words("disposal")))


@cache
def _verb_lead_pattern() -> re.Pattern[str]:
    return re.compile(_alternation(_words("verb_lead")))


def is_disposal_jiang(rest: str) -> bool:
    """Whether 将, followed by ``rest`` of its clause, is the 把 preposition.

    将 + object + a disposal verb (将该组织列为, 将报告提交议会) moves an
    object; it says nothing of the future. The object is at least one
    character and does not begin as a verb phrase does (将向安理会提交 and
    将继续视为 are the future auxiliary).
    """
    verb = _disposal_pattern().search(rest, 1)
    return verb is not None and _verb_lead_pattern().match(rest) is None


# ---------------------------------------------------------------- resolution


def _relative_word_point(word: TimeWord, ctx: Context) -> tuple[Point | None, str | None]:
    """A 今年/上月/当天-style word as a point, with the anchor it was read from."""
    base = ctx.reference
    if word.kind == "anaphor" and ctx.last_day is not None:
        base = ctx.last_day
    if base is None:
        return None, None
    anchor = base.isoformat()
    if word.grain == "year":
        return Point(base.year + word.offset), anchor
    if word.grain == "month":
        year, month = add_months(base.year, base.month, word.offset)
        return Point(year, month), anchor
    return Point.of(base + timedelta(days=word.offset)), anchor


def _year_for_month(month: int, day: int | None, ctx: Context, future: bool) -> int | None:
    """Year of a month(-day) written without one: the nearest to the reference.

    In a future clause the nearest occurrence not before the reference month wins.
    """
    reference = ctx.reference
    if reference is None:
        return None
    candidates = []
    for year in (reference.year - 1, reference.year, reference.year + 1):
        last = calendar.monthrange(year, month)[1]
        candidates.append((year, date(year, month, min(day or 1, last))))
    if future:
        month_start = reference.replace(day=1)
        candidates = [c for c in candidates if c[1] >= month_start] or candidates
    return min(candidates, key=lambda c: abs((c[1] - reference).days))[0]


def _bare_day_month(day: int, ctx: Context, future: bool) -> tuple[int, int] | None:
    """Year and month of a bare day number (12日) under the news past-bias."""
    reference = ctx.reference
    if reference is None:
        return None
    shift = 0
    if day > reference.day and not future:
        shift = -1
    elif future and reference.day - day > FUTURE_WRAP_DAYS:
        shift = 1
    year, month = add_months(reference.year, reference.month, shift)
    # A month too short for the day gives way to the next one in the same
    # direction: 31日 on 3月5日 is 1月31日, 将于30日 on 2月5日 is 3月30日.
    while day > calendar.monthrange(year, month)[1]:
        year, month = add_months(year, month, 1 if future else -1)
    return year, month


def _date_point(
    match: re.Match[str], ctx: Context, future: bool
) -> tuple[Point | None, str | None]:
    """The year/month/day part of the grammar as a point."""
    words = time_words()
    anchor = None
    year: int | None = None
    month: int | None = None
    if match["year"]:
        year = to_int(match["year"])
    elif match["year_word"]:
        point, anchor = _relative_word_point(words[match["year_word"]], ctx)
        if point is None:
            return None, None
        year = point.year
    if match["month_word"]:
        point, anchor = _relative_word_point(words[match["month_word"]], ctx)
        if point is None:
            return None, None
        year, month = point.year, point.month
    elif match["month"]:
        month = to_int(match["month"])
    day = to_int(match["day"]) if match["day"] else None
    if match["bare_day"]:
        day = to_int(match["bare_day"])
        year_month = _bare_day_month(day, ctx, future)
        if year_month is None:
            return Point(None, None, day), None
        (year, month), anchor = year_month, _anchor_of(ctx)
    elif month is not None and year is None:
        year = _year_for_month(month, day, ctx, future)
        anchor = _anchor_of(ctx)
    point = Point(year, month, day)
    if point.year is not None and point.month is not None and point.day is not None:
        point.as_date()  # raises ValueError for 2月30日
    return point, anchor


def _anchor_of(ctx: Context) -> str | None:
    return ctx.reference.isoformat() if ctx.reference else None


def _week_value(match: re.Match[str], ctx: Context, future: bool) -> Resolved | None:
    """本周末, 上周五, 周三, 周末 as a week, week-end or day."""
    reference = ctx.reference
    if reference is None:
        return None
    anchor = reference.isoformat()
    if match["week_word"]:
        monday = reference - timedelta(days=reference.weekday())
        monday += timedelta(weeks=time_words()[match["week_word"]].offset)
        week_day = match["week_day"]
        if not week_day:
            return Resolved(iso_week(monday), grain="week", anchor=anchor)
        if week_day == "末":
            return Resolved(iso_week(monday) + "-WE", grain="weekend", anchor=anchor)
        day = monday + timedelta(days=WEEKDAYS[week_day] - 1)
        return Resolved(day.isoformat(), grain="day", anchor=anchor, day=day)
    if match["weekend"]:
        saturday = reference + timedelta(days=5 - reference.weekday())
        if not future and reference.weekday() < 5:
            saturday -= timedelta(weeks=1)
        return Resolved(iso_week(saturday) + "-WE", grain="weekend", anchor=anchor)
    target = WEEKDAYS[match["bare_week_day"]] - 1
    shift = (reference.weekday() - target) % 7
    day = (
        reference + timedelta(days=(7 - shift) % 7) if future else reference - timedelta(days=shift)
    )
    return Resolved(day.isoformat(), grain="day", anchor=anchor, day=day)


def _with_clock(point: Point, match: re.Match[str], part_of_day: str | None) -> Point:
    """The point moved to the written hour and minute (下午3时 → 15:00)."""
    if not match["hour"]:
        return point
    hour = to_int(match["hour"])
    if hour in AFTERNOON_HOURS.get(part_of_day or "", ()):
        hour += 12
    minute = 30 if match["half_hour"] else to_int(match["minute"]) if match["minute"] else 0
    return replace(point, hour=hour, minute=minute)


def _calendar_point(
    match: re.Match[str], ctx: Context, future: bool
) -> tuple[Point | None, str | None]:
    """The day (or coarser point) of a date, a day word or a bare part of day."""
    if match["lone_part_of_day"]:
        return _current_day(ctx)
    if match["day_word"]:
        return _relative_word_point(time_words()[match["day_word"]], ctx)
    return _date_point(match, ctx, future)


def resolve_point(
    match: re.Match[str], ctx: Context, future: bool | None = None
) -> Resolved | None:
    """Value of a date, week or day word, with part of day, clock and span marks.

    ``future`` overrides what the clause says (the end of a range).
    """
    words = time_words()
    if future is None:
        text = ctx.paragraph_text
        future = is_future_clause(text, match.start("point"), match.end("point"))
    part_of_day_word = match["part_of_day"] or match["lone_part_of_day"] or match["day_word"]
    part_of_day = words[part_of_day_word].part_of_day or None if part_of_day_word else None
    if match["week_word"] or match["bare_week_day"] or match["weekend"]:
        resolved = _week_value(match, ctx, future)
        if resolved is None:
            return Resolved(None, grain="day")
    else:
        point, anchor = _calendar_point(match, ctx, future)
        if point is None:
            return Resolved(None, grain="day")
        point = _with_clock(point, match, part_of_day)
        mod = POINT_MODS.get(match["mod"] or "") or ("APPROX" if match["approx"] else None)
        resolved = Resolved(
            point.timex(),
            kind=point.kind,
            grain=point.grain,
            anchor=anchor,
            mod=mod,
            day=point.as_date(),
        )
    span_mod = SPAN_MODS.get(match["post"] or "") or ("ON_OR_AFTER" if match["pre"] else None)
    if span_mod:
        resolved = replace(resolved, kind="span", mod=span_mod)
    return replace(resolved, part_of_day=part_of_day)


def _current_day(ctx: Context) -> tuple[Point, str | None]:
    """The day a time of day without a date falls on: the last established, else the reference."""
    base = ctx.last_day or ctx.reference
    if base is None:
        return Point(None), None
    return Point.of(base), base.isoformat()


def resolve_bare_clock(match: re.Match[str], ctx: Context) -> Resolved:
    """9时 or 10:30 with no date: on the current day."""
    point, anchor = _current_day(ctx)
    minute_text = match["clock_minute"] or match["colon_minute"]
    minute = 30 if match["clock_half"] else to_int(minute_text) if minute_text else 0
    point = replace(point, hour=to_int(match["clock_hour"]), minute=minute)
    mod = "APPROX" if match["clock_approx"] else None
    return Resolved(point.timex(), kind=point.kind, grain=point.grain, anchor=anchor, mod=mod)


def _amount(match: re.Match[str]) -> tuple[float | None, bool]:
    """Quantity of a duration and whether it is open upward (十多年); None = unknown."""
    number = match["number"] or ""
    more = bool(match["more"]) or number.endswith("多")
    number = number.rstrip("多")
    if match["half_only"]:
        return 0.5, more
    # 几/数 "a few", and two digits side by side (三五年, 七八天) "three to five".
    if not number or any(c in number for c in "几数") or APPROXIMATE_COUNT.fullmatch(number):
        return None, more
    try:
        amount = float(to_int(number)) if "." not in number else float(number)
    except (ValueError, OverflowError):
        return None, more
    return amount + (0.5 if match["half"] else 0.0), more


def _format_amount(amount: float) -> str:
    return str(int(amount)) if amount == int(amount) else f"{amount:g}"


def resolve_duration(match: re.Match[str], ctx: Context) -> Resolved | None:
    """未来三个月 → P3M; 三天前 → a date; 多年来 → PXY."""
    letter, factor, grain = UNIT_VALUES[match["unit"]]
    amount, more = _amount(match)
    post = match["dur_post"] or ""
    century = _named_century(match, amount, more)
    if century is not None:
        return Resolved(f"{century - 1:02d}", grain="century")
    if post in ("前", "以前", "之前", "后", "以后", "之后"):
        return _shifted_date(None if amount is None else amount * factor, grain, post, ctx)
    quantity = "X" if amount is None else _format_amount(amount * factor)
    prefix = "PT" if grain in TIME_UNITS else "P"
    mod = DURATION_MODS.get(match["dur_pre"] or "") or ("MORE_THAN" if more else None)
    return Resolved(
        f"{prefix}{quantity}{letter}", kind="duration", grain=grain, anchor=_anchor_of(ctx), mod=mod
    )


def _named_century(match: re.Match[str], amount: float | None, more: bool) -> int | None:
    """21世纪 names the 21st century (TIMEX 20); 两个世纪 counts two of them."""
    counted = match["measure"] or match["half"] or match["dur_pre"] or match["dur_post"] or more
    if match["unit"] != "世纪" or counted or amount is None or amount < 1:
        return None
    return int(amount)


def _shifted_date(amount: float | None, grain: str, post: str, ctx: Context) -> Resolved | None:
    """三天前 from the reference date; 三天后 from the last established day."""
    before = "前" in post
    base = ctx.reference if before else (ctx.last_day or ctx.reference)
    if amount is None or base is None or amount != int(amount) or grain in TIME_UNITS:
        return Resolved("PAST_REF" if before else "FUTURE_REF", kind="vague")
    steps = int(amount) * (-1 if before else 1)
    if not 1 <= base.year + steps // UNITS_PER_YEAR[grain] <= 9999:  # 4000年前
        return Resolved("PAST_REF" if before else "FUTURE_REF", kind="vague")
    anchor = base.isoformat()
    if grain == "year":
        return Resolved(f"{base.year + steps:04d}", grain="year", anchor=anchor)
    if grain == "month":
        year, month = add_months(base.year, base.month, steps)
        return Resolved(f"{year:04d}-{month:02d}", grain="month", anchor=anchor)
    if grain == "week":
        return Resolved(iso_week(base + timedelta(weeks=steps)), grain="week", anchor=anchor)
    day = base + timedelta(days=steps)
    return Resolved(day.isoformat(), grain="day", anchor=anchor, day=day)


def resolve_word(match: re.Match[str], ctx: Context) -> Resolved:
    """Vague words, sets and 年底-style words."""
    word = time_words()[match["word"]]
    if word.kind == "vague":
        return Resolved(word.value, kind="vague")
    if word.kind == "set":
        if match["set_weekday"]:  # 每周一 → every Monday, TIMEX3 XXXX-WXX-1
            weekday = WEEKDAYS[match["set_weekday"]]
            return Resolved(f"XXXX-WXX-{weekday}", kind="set", grain="day")
        return Resolved(word.value, kind="set")
    point, anchor = _relative_word_point(word, ctx)
    if point is None:
        return Resolved(None, grain=word.grain, mod=word.mod or None)
    if word.value:  # 上半年 → 2025-H1
        return Resolved(point.timex() + word.value, grain="half", anchor=anchor)
    return Resolved(point.timex(), grain=word.grain, anchor=anchor, mod=word.mod or None)


def resolve(match: re.Match[str], ctx: Context) -> Resolved | None:
    """Dispatch one grammar match to its resolver."""
    if match["point"]:
        return resolve_point(match, ctx)
    if match["bare_clock"]:
        return resolve_bare_clock(match, ctx)
    if match["duration"]:
        return resolve_duration(match, ctx)
    return resolve_word(match, ctx)


# ---------------------------------------------------------------- spans of text


WITHIN_MARKS = {"内", "以内", "之内"}


def expression_bounds(match: re.Match[str]) -> tuple[int, int]:
    """Where the expression itself stands: without 自/从 and 起/以来 around a point,
    nor 内 after a duration (在两周内离境: the time is 两周, P2W; 内 only bounds it)."""
    if match["point"]:
        start = match.end("pre") if match["pre"] else match.start("point")
        return start, match.end("point")
    if match["duration"] and match["dur_post"] in WITHIN_MARKS:
        return match.start(), match.start("dur_post")
    return match.start(), match.end()


@cache
def _block_pattern() -> re.Pattern[str]:
    return re.compile(_alternation(_words("block")))


def candidate_matches(text: str) -> Iterator[re.Match[str]]:
    """Grammar matches outside names that merely contain a time word (今日俄罗斯)."""
    blocked = [m.span() for m in _block_pattern().finditer(text)]
    for match in grammar().finditer(text):
        if not any(start < match.end() and match.start() < end for start, end in blocked):
            yield match


def _range_partner(text: str, first: re.Match[str], second: re.Match[str]) -> bool:
    """True when two points are joined as a range (2月5日至7日)."""
    between = text[first.end() : second.start()]
    return bool(first["point"] and second["point"]) and len(between) == 1 and between in RANGE_LINKS


def _range_end(first: Resolved, second: re.Match[str], ctx: Context) -> Resolved | None:
    """The end of a range: missing year and month come from its start, and it
    lies after the start (7日 in 2月5日至7日 is never in January)."""
    start_day = first.day or ctx.reference
    inherited = Context(start_day, start_day, ctx.paragraph_text)
    return resolve_point(second, inherited, future=True)


@cache
def _report_cue_pattern() -> re.Pattern[str]:
    """A speech or report verb that opens its content: 说，/ 据X报道，/ 表示：."""
    return re.compile(f"(?:{_alternation(_words('report'))})[，,：:]")


def in_reported_content(text: str, position: int) -> bool:
    """Whether a position of a paragraph lies in what someone said or reported.

    That is inside quotation marks, or after a speech or report cue (说，,
    据…报道，) earlier in the same sentence. A day given there belongs to the
    reported sub-story, so it is the antecedent of 当天 only near it (see
    ``note_established_day``). Checked per established day, not per paragraph:
    scanning every paragraph for cues would cost a quarter of the stage.
    """
    for opening, closing in QUOTE_PAIRS:
        if text.count(opening, 0, position) > text.count(closing, 0, position):
            return True
    sentence_start = max(text.rfind(mark, 0, position) for mark in SENTENCE_ENDS) + 1
    return _report_cue_pattern().search(text, sentence_start, position) is not None


def note_established_day(day: date, reported: bool, ctx: Context) -> None:
    """Make a day the antecedent of later 当天/同日.

    A day told in the article's own narration becomes the story day. A day
    inside reported speech (他说，缅甸3月28日强震后…; 据媒体报道，抗议者上周五…)
    is the antecedent only for the rest of its paragraph, once the text has
    given a story day of its own: a later paragraph's 当天 goes back to the
    story, not to the reported sub-story.
    """
    ctx.last_day = day
    if reported and ctx.story_day_written:
        return
    ctx.story_day = day
    ctx.story_day_written = ctx.story_day_written or not reported


def establishes_day(resolved: Resolved, ctx: Context) -> bool:
    """Whether later 当天/同日 can refer back to this expression's day.

    Only days up to the reference date count: 当天 tells of something already
    reported, so a deadline ahead (2月18日撤军期限) is not its antecedent.
    """
    if resolved.day is None:
        return False
    return ctx.reference is None or resolved.day <= ctx.reference


def _expression(
    text: str, paragraph: int, bounds: tuple[int, int], resolved: Resolved
) -> TimeExpression:
    start, end = bounds
    return TimeExpression(
        text=text[start:end],
        value=resolved.value,
        paragraph=paragraph,
        start=start,
        end=end,
        kind=resolved.kind,
        grain=resolved.grain,
        anchor=resolved.anchor,
        mod=resolved.mod,
        part_of_day=resolved.part_of_day,
    )


Reading = tuple[tuple[int, int], Resolved]


def paragraph_times(text: str, paragraph: int, ctx: Context) -> list[TimeExpression]:
    """The time expressions of one paragraph in reading order.

    Each expression that names a day becomes the antecedent of later 当天/同日,
    so grammar matches and jionlp readings are walked together by position.
    """
    ctx.paragraph_text = text
    ctx.last_day = ctx.story_day
    matches = list(candidate_matches(ascii_digits(text)))
    tail = long_tail_readings(text, matches, ctx.reference)
    matches = [m for m in matches if not any(_covers(span, m.span()) for span, _ in tail)]
    items: list[re.Match[str] | Reading] = sorted(
        [*matches, *tail],
        key=lambda item: item.start() if isinstance(item, re.Match) else item[0][0],
    )
    found: list[TimeExpression] = []
    index = 0
    while index < len(items):
        item = items[index]
        index += 1
        if isinstance(item, re.Match):
            following = items[index] if index < len(items) else None
            reading = _grammar_reading(text, item, following, ctx)
            if reading is None:
                continue
            if reading[0][1] > item.end():  # a range took the next match in
                index += 1
        else:
            reading = item
        bounds, resolved = reading
        if establishes_day(resolved, ctx) and resolved.day is not None:
            reported = in_reported_content(text, bounds[0])
            note_established_day(resolved.day, reported, ctx)
        found.append(_expression(text, paragraph, bounds, resolved))
    return found


def ascii_digits(text: str) -> str:
    """The text with full-width digits as ASCII ones (str.translate is slow: only when needed)."""
    return text.translate(FULL_WIDTH_DIGITS) if FULL_WIDTH.search(text) else text


def _covers(outer: tuple[int, int], inner: tuple[int, int]) -> bool:
    return outer[0] <= inner[0] and inner[1] <= outer[1]


def _grammar_reading(
    text: str, match: re.Match[str], following: re.Match[str] | Reading | None, ctx: Context
) -> Reading | None:
    """One grammar match resolved; joined with the next one when they form a range."""
    try:
        resolved = resolve(match, ctx)
    except (ValueError, OverflowError):  # 2月30日, malformed numerals: not times
        return None
    if resolved is None:
        return None
    bounds = expression_bounds(match)
    if isinstance(following, re.Match) and _range_partner(text, match, following):
        end = _range_end(resolved, following, ctx)
        if end is not None and end.value and resolved.value:
            resolved = replace(resolved, value=f"{resolved.value}/{end.value}", kind="span")
            bounds = (bounds[0], expression_bounds(following)[1])
    return bounds, resolved


# ---------------------------------------------------------------- jionlp long tail


@cache
def jionlp_module() -> Any:
    """jionlp, imported on first need with its start-up banner silenced."""
    with contextlib.redirect_stdout(io.StringIO()):
        import jionlp
    return jionlp


@cache
def _trigger_pattern() -> re.Pattern[str]:
    return re.compile(_alternation(_words("trigger")))


def long_tail_readings(
    text: str, matches: list[re.Match[str]], reference: date | None
) -> list[Reading]:
    """Holidays, decades and quarters: only their clauses go to jionlp's extractor.

    A jionlp reading is kept when it covers whole every grammar match it
    touches (2025年国庆节 over 2025年); those matches then give way to it.
    """
    if reference is None:
        return []
    readings: list[Reading] = []
    for trigger in _trigger_pattern().finditer(text):
        taken = [m.span() for m in matches] + [span for span, _ in readings]
        if any(start < trigger.end() and trigger.start() < end for start, end in taken):
            continue
        clause = clause_bounds(text, trigger.start(), trigger.end())
        reading = _jionlp_reading(text, clause, trigger.span(), reference)
        if reading is None:
            continue
        span = reading[0]
        touched = [other for other in taken if other[0] < span[1] and span[0] < other[1]]
        if all(_covers(span, other) for other in touched):
            readings.append(reading)
    return readings


def _jionlp_reading(
    text: str, clause: tuple[int, int], trigger: tuple[int, int], reference: date
) -> Reading | None:
    """jionlp's expression around a trigger, under the news past-bias.

    jionlp takes the coming holiday; in a clause not about the future a day
    more than a month ahead (圣诞节 on a February page) is read again from a
    base one year earlier, so lunar holidays still get their own date.
    """
    left, right = clause
    for base in (reference, _year_before(reference)):
        for item in _jionlp_extract(text[left:right], base):
            start, end = item["offset"][0] + left, item["offset"][1] + left
            if start <= trigger[0] and trigger[1] <= end:
                resolved = from_jionlp(item.get("detail", {}), reference)
                if base == reference and _read_a_year_back(text, (start, end), resolved, reference):
                    break
                return (start, end), resolved
        else:
            return None
    return None


def _read_a_year_back(
    text: str, span: tuple[int, int], resolved: Resolved, reference: date
) -> bool:
    """A day well ahead, with no year written, in a clause not about the future."""
    if resolved.day is None or resolved.day <= reference + PAST_BIAS_SLACK:
        return False
    return "年" not in text[span[0] : span[1]] and not is_future_clause(text, *span)


def _year_before(day: date) -> date:
    return day.replace(year=day.year - 1, day=min(day.day, 28))


@contextlib.contextmanager
def _root_logging_off() -> Iterator[None]:
    """jionlp logs a full traceback on the root logger for every substring it
    cannot parse while grid-searching; those are its normal misses, not errors."""
    previous = logging.root.manager.disable
    logging.disable(logging.CRITICAL)
    try:
        yield
    finally:
        logging.disable(previous)


def _jionlp_extract(clause: str, reference: date) -> list[dict[str, Any]]:
    base = datetime(reference.year, reference.month, reference.day)
    extract = jionlp_module().ner.extract_time
    try:
        with _root_logging_off():
            result: list[dict[str, Any]] = extract(clause, time_base=base)
    except (ValueError, KeyError, TypeError, IndexError):  # strings jionlp cannot read
        return []
    return result


def _parse_stamp(stamp: str) -> datetime | None:
    try:
        return datetime.strptime(stamp, "%Y-%m-%d %H:%M:%S")
    except ValueError:  # '-inf' / 'inf' for open spans
        return None


def from_jionlp(detail: dict[str, Any], reference: date) -> Resolved:
    """A jionlp parse result as a TIMEX-style value with its grain."""
    kind = detail.get("type")
    moment = detail.get("time")
    anchor = reference.isoformat()
    if kind == "time_delta" and isinstance(moment, dict):
        unit, amount = next(iter(moment.items()))
        letter = {"year": "Y", "month": "M", "day": "D", "hour": "H", "minute": "M", "second": "S"}
        prefix = "PT" if unit in TIME_UNITS else "P"
        return Resolved(
            f"{prefix}{_format_amount(float(amount))}{letter[unit]}",
            kind="duration",
            grain=unit,
            anchor=anchor,
        )
    if kind == "time_period" or not isinstance(moment, list):
        return Resolved(None, kind="set", anchor=anchor)
    start, end = (_parse_stamp(s) for s in moment)
    if start is None or end is None:
        known = start or end
        mod = "ON_OR_AFTER" if start else "BEFORE"
        return Resolved(
            known.date().isoformat() if known else None,
            kind="span",
            grain="day",
            anchor=anchor,
            mod=mod,
        )
    return _interval_value(start, end, anchor)


def _interval_value(start: datetime, end: datetime, anchor: str) -> Resolved:
    """Name a closed interval by its grain: a day, a month, a year, or start/end."""
    first, last = start.date(), end.date()
    if first == last:
        return Resolved(first.isoformat(), grain="day", anchor=anchor, day=first)
    month_end = calendar.monthrange(first.year, first.month)[1]
    if first.day == 1 and last == first.replace(day=month_end):
        return Resolved(f"{first.year:04d}-{first.month:02d}", grain="month", anchor=anchor)
    end_year, end_month = add_months(first.year, first.month, 2)
    quarter_last = date(end_year, end_month, calendar.monthrange(end_year, end_month)[1])
    if first.day == 1 and first.month % 3 == 1 and last == quarter_last:
        quarter = (first.month - 1) // 3 + 1
        return Resolved(f"{first.year:04d}-Q{quarter}", grain="quarter", anchor=anchor)
    if (first.month, first.day, last.month, last.day) == (1, 1, 12, 31):
        years = last.year - first.year + 1
        if years == 1:
            return Resolved(f"{first.year:04d}", grain="year", anchor=anchor)
        if years == 10 and first.year % 10 == 0:
            return Resolved(f"{first.year // 10:03d}", grain="decade", anchor=anchor)
    return Resolved(
        f"{first.isoformat()}/{last.isoformat()}", kind="span", grain="day", anchor=anchor
    )


# ---------------------------------------------------------------- publication date


WIRE_DATELINE = re.compile(r"(?P<month>1[0-2]|0?[1-9])月(?P<day>3[01]|[12][0-9]|0?[1-9])日电")
FULL_DATE = re.compile(
    rf"(?<![0-9])(?P<year>(?:19|20)[0-9]{{2}})年(?P<month>1[0-2]|0?[1-9])月(?P<day>{DAY_DIGITS})日"
)
# A full date in the text counts as the page's own date when it lies this close
# to a dateline (a page header "2025年2月14日 星期五").
HEADER_WINDOW_DAYS = 31


def _wire_month_days(doc: Document) -> list[tuple[int, int]]:
    """(month, day) of every wire dateline: the layout's, else any 2月13日电 in the text."""
    texts = [a.dateline.text for a in doc.articles if a.dateline and a.dateline.text]
    if not texts:
        texts = [re.sub(r"\s+", "", doc.text)]
    found = []
    for text in texts:
        for match in WIRE_DATELINE.finditer(text):
            found.append((int(match["month"]), int(match["day"])))
    return found


def _dated(year: int, month_day: tuple[int, int]) -> date | None:
    try:
        return date(year, *month_day)
    except ValueError:
        return None


def _year_from_text(doc: Document, month_day: tuple[int, int]) -> int | None:
    """Year of a full date printed near the dateline day (the page header)."""
    text = re.sub(r"\s+", "", doc.text)
    for match in FULL_DATE.finditer(text):
        year = int(match["year"])
        printed = _dated(year, (int(match["month"]), int(match["day"])))
        dateline = _dated(year, month_day)
        if printed and dateline and abs((printed - dateline).days) <= HEADER_WINDOW_DAYS:
            return year
    return None


def _year_from_file(doc: Document, month_day: tuple[int, int]) -> int | None:
    """Year of the file's modification time; the year before if the day would follow it.

    The time is read in UTC, so the year depends on the file alone, not on the
    time zone of the machine that runs the pipeline.
    """
    if not doc.path:
        return None
    from pathlib import Path

    try:
        modified = datetime.fromtimestamp(Path(doc.path).stat().st_mtime, UTC).date()
    except OSError:
        return None
    dated = _dated(modified.year, month_day)
    return modified.year - 1 if dated is None or dated > modified else modified.year


def infer_published(doc: Document) -> tuple[date, PublishedBasis] | None:
    """The day after the latest wire dateline, in the year the text or file gives, and
    which of the two gave it. Never the clock: the result depends on the inputs only."""
    month_days = _wire_month_days(doc)
    if not month_days:
        return None
    latest = max(month_days)
    basis: PublishedBasis = "text"
    year = _year_from_text(doc, latest)
    if year is None:
        year, basis = _year_from_file(doc, latest), "file_mtime"
    dateline = _dated(year, latest) if year is not None else None
    return (dateline + timedelta(days=1), basis) if dateline else None


def dateline_date(text: str, published: date) -> date | None:
    """The date of a dateline text such as 新华社首尔2月13日电, not after publication."""
    match = WIRE_DATELINE.search(re.sub(r"\s+", "", text))
    if match is None:
        return None
    month_day = (int(match["month"]), int(match["day"]))
    dated = _dated(published.year, month_day)
    if dated is None or dated > published:
        dated = _dated(published.year - 1, month_day)
    return dated


def _parse_iso(value: str | None) -> date | None:
    if not value:
        return None
    try:
        return date.fromisoformat(value[:10])
    except ValueError:
        return None


# ---------------------------------------------------------------- the stage


def article_times(article: Article, published: date | None) -> list[TimeExpression]:
    """Every time expression of one article, in reading order."""
    dated = _parse_iso(article.dateline.date) if article.dateline else None
    ctx = Context(reference=dated or published, story_day=dated)
    times: list[TimeExpression] = []
    for number, paragraph in enumerate(article.paragraphs):
        times.extend(paragraph_times(paragraph.text, number, ctx))
    return times


def complete_dates(doc: Document) -> date | None:
    """Infer the publication date if missing, then date the datelines that lack one."""
    if doc.published is None:
        inferred = infer_published(doc)
        if inferred is not None:
            doc.published = inferred[0].isoformat()
            doc.published_inferred = True
            doc.published_inferred_from = inferred[1]
    published = _parse_iso(doc.published)
    if published is None:
        return None
    for article in doc.articles:
        if article.dateline and article.dateline.text and not article.dateline.date:
            dated = dateline_date(article.dateline.text, published)
            article.dateline.date = dated.isoformat() if dated else None
    return published


def run(doc: Document, settings: Settings) -> None:
    """Pipeline stage: fill article.times (and missing publication/dateline dates)."""
    published = complete_dates(doc)
    for article in doc.articles:
        article.times = article_times(article, published)
