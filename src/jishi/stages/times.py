"""The times stage: every time expression of an article, normalized.

Values are ISO 8601 / TIMEX3 style (2025-02-12, 2025-02-05T09:00, 2025-W07-WE,
P3M, 2021-06, 2008, PAST_REF). Relative expressions are resolved against the
article's reference date (its dateline date, else the publication date) with a
news past-bias; anaphoric ones (当天, 同日) against the date most recently
established in the article. The common forms are read by one regular grammar
because it is fast and lets us apply the news conventions jionlp does not know;
the long tail (holidays, decades) is handed to jionlp, only for the clauses that
contain such a word, because its extractor grid-searches every substring and is
the slow part. The grammar's shapes are code; every word and character that
fills them comes from the time lexicon (jishi.lang.zh.times: time_words.tsv and
time_grammar.yaml), so this module holds no Chinese. See docs/times.md.
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

from jishi.lang.data import compiled_patterns, data_files
from jishi.lang.zh.punct import (
    CLAUSE_MARKS,
    COLONS,
    COMMAS,
    DASHES,
    QUOTE_CLOSE,
    QUOTE_OPEN,
    SENTENCE_FINAL,
)
from jishi.lang.zh.times import CUE_CLASSES, TimeLexicon, TimeWord, Unit, time_lexicon
from jishi.model import Article, Document, PublishedBasis, TimeExpression

if TYPE_CHECKING:
    from jishi.settings import Settings

# The clause a future marker governs ends at a clause mark, a sentence end or a line.
CLAUSE_BREAKS = CLAUSE_MARKS + SENTENCE_FINAL + "\n"
# Quotation marks that open and close differently; a straight " cannot be paired by counting.
QUOTE_PAIRS = tuple((o, c) for o, c in zip(QUOTE_OPEN, QUOTE_CLOSE, strict=True) if o != c)
# Punctuation that joins the two ends of a range (2月5日—7日); the words are data.
RANGE_MARKS = DASHES + "–~～-"
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
DAY_DIGITS = "(?:3[01]|[12][0-9]|0?[1-9])"
# Full-width digits are read as ASCII ones; the mapping keeps every offset.
FULL_WIDTH_DIGITS = str.maketrans("０１２３４５６７８９：", "0123456789:")
FULL_WIDTH = re.compile("[０-９：]")
TIME_UNITS = {"hour", "minute", "second"}
UNITS_PER_YEAR = {"year": 1, "month": 12, "week": 52, "day": 365}
# Hours on a 12-hour reading that move to the afternoon in a part of day:
# 下午3时 and 晚上8点 always, 中午1点 below 6, 深夜11点 from 6 up (夜里2点 stays).
AFTERNOON_HOURS = {
    "AF": range(1, 12),
    "EV": range(1, 12),
    "MI": range(1, 6),
    "NI": range(6, 12),
}
# Not after a digit or a decimal point: 2012日 or 3.12日 are not days.
NOT_AFTER_DIGIT = f"(?<![{DIGIT}.])"


# ---------------------------------------------------------------- the grammar


@dataclass(frozen=True, eq=False)
class Grammar:
    """The time lexicon compiled into the patterns the stage matches with."""

    lexicon: TimeLexicon
    expressions: re.Pattern[str]
    future: re.Pattern[str]
    disposal: re.Pattern[str]
    verb_lead: re.Pattern[str]
    trigger: re.Pattern[str]
    block: re.Pattern[str]
    report_cue: re.Pattern[str]
    approximate_count: re.Pattern[str]
    wire_dateline: re.Pattern[str]
    full_date: re.Pattern[str]
    range_links: frozenset[str]


@cache
def compile_grammar(lex: TimeLexicon) -> Grammar:
    """Every pattern of one lexicon, built once per data folder."""
    words = _alternation
    return Grammar(
        lexicon=lex,
        expressions=_expressions(lex),
        future=re.compile(f"(?:{words(lex.of('future'))}){_not_before(lex.not_after_future)}"),
        disposal=re.compile(words(lex.of("disposal"))),
        verb_lead=re.compile(words(lex.of("verb_lead"))),
        trigger=re.compile(words(lex.of("trigger"))),
        block=re.compile(words(lex.of("block"))),
        # A speech or report verb that opens its content: 说，/ 据X报道，/ 表示：.
        report_cue=re.compile(f"(?:{words(lex.of('report'))})[{COMMAS}{COLONS}]"),
        # Two digits side by side are a rough count (三五年, 七八天: three to five).
        approximate_count=re.compile(f"[{lex.digit_chars(1, 9, counting=True)}]{{2}}"),
        wire_dateline=_wire_dateline_pattern(lex),
        full_date=_full_date_pattern(lex),
        range_links=frozenset(lex.range_links) | frozenset(RANGE_MARKS),
    )


def _expressions(lex: TimeLexicon) -> re.Pattern[str]:
    """Every time expression in one pattern, its compiled form kept in the user cache
    (the largest pattern of the stage: a tenth of its start)."""
    source = f"(?={_first_characters(lex)})(?:{'|'.join(_expression_patterns(lex))})"
    return compiled_patterns("time-expressions", {"expressions": source})["expressions"]


def grammar(settings: Settings | None = None) -> Grammar:
    """The grammar of the settings' data folder (the shipped files alone without settings)."""
    return compile_grammar(time_lexicon(data_files(settings.data_dir if settings else None)))


def _alternation(words: Iterable[str]) -> str:
    """A regex alternation that prefers the longest word; one that never matches when empty."""
    ordered = sorted(set(words), key=lambda w: (-len(w), w))
    return "|".join(re.escape(w) for w in ordered) if ordered else "(?!)"


def _after_any(words: Iterable[str]) -> str:
    """A lookbehind for any of the words (one lookbehind each: they differ in length)."""
    behind = [f"(?<={re.escape(w)})" for w in words]
    return f"(?:{'|'.join(behind)})" if behind else "(?!)"


def _not_before(words: Iterable[str]) -> str:
    """A lookahead refusing any of the words right after a match."""
    words = tuple(words)
    return f"(?!{_alternation(words)})" if words else ""


def _anchored(lex: TimeLexicon, grain: str) -> str:
    """Relative and anaphoric words of one grain that combine with what follows."""
    return _alternation(
        lex.of("relative", grain, qualified=False) + lex.of("anaphor", grain, qualified=False)
    )


def _expression_patterns(lex: TimeLexicon) -> tuple[str, ...]:
    return (
        _point_pattern(lex),
        _bare_clock_pattern(lex),
        _duration_pattern(lex),
        _word_pattern(lex),
    )


def _cn(lex: TimeLexicon, low: int, high: int) -> str:
    """A class of the digits from low to high (一 to 九 for 1, 9)."""
    return f"[{lex.digit_chars(low, high)}]"


def _ten(lex: TimeLexicon) -> str:
    return f"(?:{_alternation(c for c, v in lex.multipliers.items() if v == 10)})"


def _day_cn(lex: TimeLexicon) -> str:
    """Days 10 to 31 in Chinese numerals: 十, 十二, 二十三, 三十一."""
    ten, one_to_nine = _ten(lex), _cn(lex, 1, 9)
    return (
        f"{_cn(lex, 3, 3)}{ten}{_cn(lex, 1, 1)}?|{_cn(lex, 2, 2)}{ten}{one_to_nine}?"
        f"|{ten}{one_to_nine}?"
    )


def _minute_cn(lex: TimeLexicon) -> str:
    """Minutes in Chinese numerals: 五十九, 十, 零五, 五."""
    ten, one_to_nine = _ten(lex), _cn(lex, 1, 9)
    return f"{_cn(lex, 1, 5)}?{ten}{one_to_nine}?|{_cn(lex, 0, 0)}?{one_to_nine}"


def _hour_cn(lex: TimeLexicon, low: int, counting: bool) -> str:
    """Hours in Chinese numerals up to 二十四; single digits from ``low``."""
    ten = _ten(lex)
    single = lex.digit_chars(low, 9, counting=counting)
    return f"{_cn(lex, 2, 2)}{ten}{_cn(lex, 1, 4)}?|{ten}{_cn(lex, 1, 9)}?|[{single}]"


def _date_pattern(lex: TimeLexicon) -> str:
    """Year, month, day (digits, Chinese numerals or words) with 初/下旬/底."""
    n = NOT_AFTER_DIGIT
    year = (
        f"(?:(?P<year>{n}(?:1[0-9]|2[01])[0-9]{{2}}|{_cn(lex, 0, 9)}{{4}})"
        f"(?:{_alternation(lex.year)})|(?P<year_word>{_anchored(lex, 'year')}))"
    )
    month_number = f"{n}(?:1[0-2]|0?[1-9])|{_ten(lex)}{_cn(lex, 1, 2)}?|{_cn(lex, 1, 9)}"
    month_word = _anchored(lex, "month")
    month_mark = f"(?:{_alternation(lex.month)})"
    month = (
        f"(?:(?P<month>{month_number}){month_mark}(?:{_alternation(lex.month_suffix)})?"
        f"|(?P<month_word>{month_word}))"
    )
    month_ahead = f"(?=(?:{month_number}){month_mark}|{month_word})"
    not_a_day = _not_before(lex.not_after_day)
    day = (
        f"(?P<day>{n}{DAY_DIGITS}|{_day_cn(lex)}|{_cn(lex, 1, 9)})"
        f"(?:{_alternation(lex.day)}){not_a_day}"
    )
    # A bare day in Chinese numerals needs two characters: 三日 alone is too often "three days".
    bare_day = (
        f"(?P<bare_day>{n}{DAY_DIGITS}|{_day_cn(lex)})(?:{_alternation(lex.bare_day)}){not_a_day}"
    )
    mod = f"(?P<mod>{_alternation(lex.point_mods)})?"
    return f"(?:(?:{year}|{month_ahead})(?:{month}(?:{day})?)?|{bare_day}){mod}"


def _week_pattern(lex: TimeLexicon) -> str:
    """本周, 上周五, 本周末; 周三, 星期日; 周末."""
    weekday = _alternation(lex.weekdays)
    return (
        f"(?:(?P<week_word>{_anchored(lex, 'week')})"
        f"(?P<week_day>{_alternation([*lex.weekdays, *lex.weekend_after_week])})?"
        f"|(?:{_alternation(lex.week_names)})(?P<bare_week_day>{weekday})"
        f"|(?P<weekend>{_alternation(lex.weekend)}))"
    )


def _clock_pattern(lex: TimeLexicon) -> str:
    """An hour after a date or part of day: 3时, 8点半, 10时30分, 9时许."""
    n = NOT_AFTER_DIGIT
    hour = f"(?P<hour>{n}(?:2[0-4]|[01]?[0-9])|{_hour_cn(lex, 0, counting=True)})"
    minute = f"(?P<minute>{n}[0-5]?[0-9]|{_minute_cn(lex)})"
    return (
        f"(?:{hour}(?:{_alternation(lex.hour)})"
        f"(?:{minute}(?:{_alternation(lex.minute)})|(?P<half_hour>{_alternation(lex.half)}))?"
        f"(?P<approx>{_alternation(lex.clock_approx)})?)?"
    )


def _point_pattern(lex: TimeLexicon) -> str:
    """A date, week or day word, then part of day and clock, inside 自…起 marks."""
    day_word = f"(?P<day_word>{_anchored(lex, 'day')})"
    part_of_day = (
        f"(?:(?P<part_of_day>{_alternation(lex.of('part_of_day'))})"
        f"{_not_before(lex.not_after_part_of_day)})?"
    )
    # 上午10时 with no date: the part of day alone (two characters at least,
    # since 晚 and 夜 alone are mostly other words) carries the clock.
    lone_words = [w for w in lex.of("part_of_day") if len(w) > 1]
    lone_part_of_day = f"(?P<lone_part_of_day>{_alternation(lone_words)})"
    calendar_part = f"{_date_pattern(lex)}|{_week_pattern(lex)}|{day_word}"
    return (
        f"(?P<point>(?P<pre>{_alternation(lex.span_open)})?"
        f"(?P<zone>{_alternation(lex.of('zone'))})?"
        f"(?:(?:{calendar_part}){part_of_day}|{lone_part_of_day}){_clock_pattern(lex)})"
        f"(?P<post>{_alternation(lex.span_close)})?"
    )


def _bare_clock_pattern(lex: TimeLexicon) -> str:
    """A clock time with no date or part of day before it.

    It needs a ``bare_hour`` mark, or another hour mark with a minute, a half or
    an approximation after it (3点共识 is "three points"); a lone 一 is left out
    because 一时 is "for a while".
    """
    n = NOT_AFTER_DIGIT
    minute_mark = f"(?:{_alternation(lex.minute)})"
    half = f"(?:{_alternation(lex.half)})"
    approx = _alternation([*lex.clock_approx, *lex.more])
    clock_minute = (
        f"(?:(?P<clock_minute>{n}[0-5]?[0-9]|{_minute_cn(lex)}){minute_mark}"
        f"|(?P<clock_half>{half}))"
    )
    numerals = re.escape(lex.numeral_chars())
    other_hours = [mark for mark in lex.hour if mark not in lex.bare_hour]
    hour_mark = (
        f"(?:{_alternation(lex.bare_hour)}"
        f"|(?:{_alternation(other_hours)})(?=[0-9{numerals}]+{minute_mark}|{half}|{approx}))"
    )
    return (
        f"(?P<bare_clock>(?:{_alternation(lex.of('zone'))})?"
        f"(?P<clock_hour>{n}(?:2[0-3]|[01]?[0-9])|{_hour_cn(lex, 2, counting=False)})"
        f"(?:{hour_mark}{clock_minute}?"
        f"|[{COLONS}](?P<colon_minute>[0-5][0-9])(?![{DIGIT}]))(?P<clock_approx>{approx})?)"
    )


def _unit_pattern(lex: TimeLexicon, unit: Unit) -> str:
    """One unit with what may stand before it (个, 半) and what may not follow it."""
    if unit.measure == "never":
        before = "".join(f"(?<!{re.escape(m)})" for m in lex.measure)
    elif unit.measure == "required":
        counted = [*lex.measure, *lex.half, *lex.unknown_counts, *lex.more]
        before = _after_any(counted)
    else:
        before = ""
    return f"{before}{re.escape(unit.word)}{_not_before(unit.not_followed_by)}"


def _duration_pattern(lex: TimeLexicon) -> str:
    """A number and a unit, with 未来/近 before and 来/前/后 after (see ``units``)."""
    numerals = re.escape(lex.numeral_chars() + "".join([*lex.unknown_counts, *lex.more]))
    number = f"(?P<number>{NOT_AFTER_DIGIT}[{DIGIT}]+(?:\\.[{DIGIT}]+)?|[{numerals}]+)"
    measure, half = _alternation(lex.measure), _alternation(lex.half)
    units = sorted(lex.units.values(), key=lambda u: -len(u.word))
    return (
        f"(?P<duration>(?P<dur_pre>{_alternation(lex.duration_before)})?"
        f"(?:{number}(?P<measure>{measure})?(?P<half>{half})?|(?P<half_only>{half})(?:{measure})?)"
        f"(?P<unit>{'|'.join(_unit_pattern(lex, u) for u in units)})"
        f"(?P<more>{_alternation(lex.more)})?"
        f"(?P<dur_post>{_alternation(lex.duration_after)})?)"
    )


def _word_pattern(lex: TimeLexicon) -> str:
    """Words that stand alone: vague ones, sets and 年底-style words."""
    standalone = lex.of("vague") + lex.of("set") + lex.of("relative", qualified=True)
    # A weekday after a weekly set (每周一) is every Monday, unless a count follows it.
    weekly = [w.word for w in lex.words.values() if w.kind == "set" and w.value == "P1W"]
    after_weekly = _after_any(weekly)
    weekday = (
        f"(?P<set_weekday>{after_weekly}(?:{_alternation(lex.weekdays)})"
        f"{_not_before(lex.not_after_set_weekday)})"
    )
    return f"(?P<word>{_alternation(standalone)}){weekday}?"


def _first_characters(lex: TimeLexicon) -> str:
    """A class of every character an expression can start with.

    Checking it first lets the scan skip most positions at once; the
    alternation behind it is about seven times slower without it.
    """
    starts = [w for w, row in lex.words.items() if row.kind not in CUE_CLASSES]
    starts += [*lex.span_open, *lex.week_names, *lex.weekend, *lex.half]
    starts += [*lex.duration_before, *lex.unknown_counts, *lex.more, lex.numeral_chars()]
    characters = {w[0] for w in starts if w} | set(lex.numeral_chars())
    return "[" + DIGIT + "".join(sorted(re.escape(c) for c in characters)) + "]"


def _wire_dateline_pattern(lex: TimeLexicon) -> re.Pattern[str]:
    """The month and day of a wire dateline: 2月13日电."""
    return re.compile(
        f"(?P<month>1[0-2]|0?[1-9])(?:{_alternation(lex.month)})"
        f"(?P<day>3[01]|[12][0-9]|0?[1-9])(?:{_alternation(lex.bare_day)})"
        f"(?:{_alternation(lex.dispatch)})"
    )


def _full_date_pattern(lex: TimeLexicon) -> re.Pattern[str]:
    """A date with a four-digit year, as a page header prints it: 2025年2月14日."""
    return re.compile(
        f"(?<![0-9])(?P<year>(?:19|20)[0-9]{{2}})(?:{_alternation(lex.year)})"
        f"(?P<month>1[0-2]|0?[1-9])(?:{_alternation(lex.month)})"
        f"(?P<day>{DAY_DIGITS})(?:{_alternation(lex.bare_day)})"
    )


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
    dateline) has given one yet. ``grammar`` is the compiled time lexicon of the
    run's data folder.
    """

    grammar: Grammar
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


# ---------------------------------------------------------------- calendar arithmetic


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


def is_future_clause(g: Grammar, text: str, start: int, end: int) -> bool:
    """True when a future marker (将, 计划, 定于...) governs the clause of the span."""
    left, right = clause_bounds(text, start, end)
    window_end = min(right, end + FUTURE_LOOKAHEAD)
    return any(
        not (
            marker.group() in g.lexicon.disposal_markers
            and is_disposal_jiang(g, text[marker.end() : right])
        )
        for marker in g.future.finditer(text, left, window_end)
    )


def is_disposal_jiang(g: Grammar, rest: str) -> bool:
    """Whether 将, followed by ``rest`` of its clause, is the 把 preposition.

    将 + object + a disposal verb (将该组织列为, 将报告提交议会) moves an
    object; it says nothing of the future. The object is at least one
    character and does not begin as a verb phrase does (将向安理会提交 and
    将继续视为 are the future auxiliary).
    """
    verb = g.disposal.search(rest, 1)
    return verb is not None and g.verb_lead.match(rest) is None


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
    lex = ctx.grammar.lexicon
    words, number = lex.words, lex.number
    anchor = None
    year: int | None = None
    month: int | None = None
    if match["year"]:
        year = number(match["year"])
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
        month = number(match["month"])
    day = number(match["day"]) if match["day"] else None
    if match["bare_day"]:
        day = number(match["bare_day"])
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
    lex = ctx.grammar.lexicon
    if match["week_word"]:
        monday = reference - timedelta(days=reference.weekday())
        monday += timedelta(weeks=lex.words[match["week_word"]].offset)
        week_day = match["week_day"]
        if not week_day:
            return Resolved(iso_week(monday), grain="week", anchor=anchor)
        if week_day in lex.weekend_after_week:
            return Resolved(iso_week(monday) + "-WE", grain="weekend", anchor=anchor)
        day = monday + timedelta(days=lex.weekdays[week_day] - 1)
        return Resolved(day.isoformat(), grain="day", anchor=anchor, day=day)
    if match["weekend"]:
        saturday = reference + timedelta(days=5 - reference.weekday())
        if not future and reference.weekday() < 5:
            saturday -= timedelta(weeks=1)
        return Resolved(iso_week(saturday) + "-WE", grain="weekend", anchor=anchor)
    target = lex.weekdays[match["bare_week_day"]] - 1
    shift = (reference.weekday() - target) % 7
    day = (
        reference + timedelta(days=(7 - shift) % 7) if future else reference - timedelta(days=shift)
    )
    return Resolved(day.isoformat(), grain="day", anchor=anchor, day=day)


def _with_clock(
    point: Point, match: re.Match[str], part_of_day: str | None, lex: TimeLexicon
) -> Point:
    """The point moved to the written hour and minute (下午3时 → 15:00)."""
    if not match["hour"]:
        return point
    hour = lex.number(match["hour"])
    if hour in AFTERNOON_HOURS.get(part_of_day or "", ()):
        hour += 12
    minute = 30 if match["half_hour"] else lex.number(match["minute"]) if match["minute"] else 0
    return replace(point, hour=hour, minute=minute)


def _calendar_point(
    match: re.Match[str], ctx: Context, future: bool
) -> tuple[Point | None, str | None]:
    """The day (or coarser point) of a date, a day word or a bare part of day."""
    if match["lone_part_of_day"]:
        return _current_day(ctx)
    if match["day_word"]:
        return _relative_word_point(ctx.grammar.lexicon.words[match["day_word"]], ctx)
    return _date_point(match, ctx, future)


def resolve_point(
    match: re.Match[str], ctx: Context, future: bool | None = None
) -> Resolved | None:
    """Value of a date, week or day word, with part of day, clock and span marks.

    ``future`` overrides what the clause says (the end of a range).
    """
    lex = ctx.grammar.lexicon
    words = lex.words
    if future is None:
        text = ctx.paragraph_text
        future = is_future_clause(ctx.grammar, text, match.start("point"), match.end("point"))
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
        point = _with_clock(point, match, part_of_day, lex)
        mod = lex.point_mods.get(match["mod"] or "") or ("APPROX" if match["approx"] else None)
        resolved = Resolved(
            point.timex(),
            kind=point.kind,
            grain=point.grain,
            anchor=anchor,
            mod=mod,
            day=point.as_date(),
        )
    span_mod = lex.span_close.get(match["post"] or "") or ("ON_OR_AFTER" if match["pre"] else None)
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
    number = ctx.grammar.lexicon.number
    minute = 30 if match["clock_half"] else number(minute_text) if minute_text else 0
    point = replace(point, hour=number(match["clock_hour"]), minute=minute)
    mod = "APPROX" if match["clock_approx"] else None
    return Resolved(point.timex(), kind=point.kind, grain=point.grain, anchor=anchor, mod=mod)


def _amount(match: re.Match[str], g: Grammar) -> tuple[float | None, bool]:
    """Quantity of a duration and whether it is open upward (十多年); None = unknown."""
    lex = g.lexicon
    number = match["number"] or ""
    open_upward = number.endswith(lex.more)
    while number.endswith(lex.more):
        number = number[: -len(next(m for m in lex.more if number.endswith(m)))]
    more = bool(match["more"]) or open_upward
    if match["half_only"]:
        return 0.5, more
    # 几/数 "a few", and two digits side by side (三五年, 七八天) "three to five".
    unknown = any(word in number for word in lex.unknown_counts)
    if not number or unknown or g.approximate_count.fullmatch(number):
        return None, more
    try:
        amount = float(lex.number(number)) if "." not in number else float(number)
    except (ValueError, OverflowError):
        return None, more
    return amount + (0.5 if match["half"] else 0.0), more


def _format_amount(amount: float) -> str:
    return str(int(amount)) if amount == int(amount) else f"{amount:g}"


def resolve_duration(match: re.Match[str], ctx: Context) -> Resolved | None:
    """未来三个月 → P3M; 三天前 → a date; 多年来 → PXY."""
    lex = ctx.grammar.lexicon
    unit = lex.units[match["unit"]]
    amount, more = _amount(match, ctx.grammar)
    side = lex.duration_after.get(match["dur_post"] or "")
    century = _named_century(match, unit, amount, more)
    if century is not None:
        return Resolved(f"{century - 1:02d}", grain="century")
    if side in ("before", "after"):
        shifted = None if amount is None else amount * unit.factor
        return _shifted_date(shifted, unit.grain, side == "before", ctx)
    quantity = "X" if amount is None else _format_amount(amount * unit.factor)
    prefix = "PT" if unit.grain in TIME_UNITS else "P"
    mod = lex.duration_before.get(match["dur_pre"] or "") or ("MORE_THAN" if more else None)
    value = f"{prefix}{quantity}{unit.letter}"
    return Resolved(value, kind="duration", grain=unit.grain, anchor=_anchor_of(ctx), mod=mod)


def _named_century(
    match: re.Match[str], unit: Unit, amount: float | None, more: bool
) -> int | None:
    """21世纪 names the 21st century (TIMEX 20); 两个世纪 counts two of them."""
    counted = match["measure"] or match["half"] or match["dur_pre"] or match["dur_post"] or more
    if not unit.is_century or counted or amount is None or amount < 1:
        return None
    return int(amount)


def _shifted_date(amount: float | None, grain: str, before: bool, ctx: Context) -> Resolved | None:
    """三天前 from the reference date; 三天后 from the last established day."""
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
    lex = ctx.grammar.lexicon
    word = lex.words[match["word"]]
    if word.kind == "vague":
        return Resolved(word.value, kind="vague")
    if word.kind == "set":
        if match["set_weekday"]:  # 每周一 → every Monday, TIMEX3 XXXX-WXX-1
            weekday = lex.weekdays[match["set_weekday"]]
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


def expression_bounds(match: re.Match[str], g: Grammar) -> tuple[int, int]:
    """Where the expression itself stands: without 自/从 and 起/以来 around a point,
    nor 内 after a duration (在两周内离境: the time is 两周, P2W; 内 only bounds it)."""
    if match["point"]:
        start = match.end("pre") if match["pre"] else match.start("point")
        return start, match.end("point")
    if match["duration"] and g.lexicon.duration_after.get(match["dur_post"] or "") == "within":
        return match.start(), match.start("dur_post")
    return match.start(), match.end()


def candidate_matches(g: Grammar, text: str) -> Iterator[re.Match[str]]:
    """Grammar matches outside names that merely contain a time word (今日俄罗斯)."""
    blocked = [m.span() for m in g.block.finditer(text)]
    for match in g.expressions.finditer(text):
        if not any(start < match.end() and match.start() < end for start, end in blocked):
            yield match


def _range_partner(g: Grammar, text: str, first: re.Match[str], second: re.Match[str]) -> bool:
    """True when two points are joined as a range (2月5日至7日)."""
    between = text[first.end() : second.start()]
    return bool(first["point"] and second["point"]) and between in g.range_links


def _range_end(first: Resolved, second: re.Match[str], ctx: Context) -> Resolved | None:
    """The end of a range: missing year and month come from its start, and it
    lies after the start (7日 in 2月5日至7日 is never in January)."""
    start_day = first.day or ctx.reference
    inherited = Context(ctx.grammar, start_day, start_day, ctx.paragraph_text)
    return resolve_point(second, inherited, future=True)


def in_reported_content(g: Grammar, text: str, position: int) -> bool:
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
    sentence_start = max(text.rfind(mark, 0, position) for mark in SENTENCE_FINAL) + 1
    return g.report_cue.search(text, sentence_start, position) is not None


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
    g = ctx.grammar
    matches = list(candidate_matches(g, ascii_digits(text)))
    tail = long_tail_readings(g, text, matches, ctx.reference)
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
            reported = in_reported_content(g, text, bounds[0])
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
    g = ctx.grammar
    bounds = expression_bounds(match, g)
    if isinstance(following, re.Match) and _range_partner(g, text, match, following):
        end = _range_end(resolved, following, ctx)
        if end is not None and end.value and resolved.value:
            resolved = replace(resolved, value=f"{resolved.value}/{end.value}", kind="span")
            bounds = (bounds[0], expression_bounds(following, g)[1])
    return bounds, resolved


# ---------------------------------------------------------------- jionlp long tail


@cache
def jionlp_module() -> Any:
    """jionlp, imported on first need with its start-up banner silenced."""
    with contextlib.redirect_stdout(io.StringIO()):
        import jionlp
    return jionlp


def long_tail_readings(
    g: Grammar, text: str, matches: list[re.Match[str]], reference: date | None
) -> list[Reading]:
    """Holidays, decades and quarters: only their clauses go to jionlp's extractor.

    A jionlp reading is kept when it covers whole every grammar match it
    touches (2025年国庆节 over 2025年); those matches then give way to it.
    """
    if reference is None:
        return []
    readings: list[Reading] = []
    for trigger in g.trigger.finditer(text):
        taken = [m.span() for m in matches] + [span for span, _ in readings]
        if any(start < trigger.end() and trigger.start() < end for start, end in taken):
            continue
        clause = clause_bounds(text, trigger.start(), trigger.end())
        reading = _jionlp_reading(g, text, clause, trigger.span(), reference)
        if reading is None:
            continue
        span = reading[0]
        touched = [other for other in taken if other[0] < span[1] and span[0] < other[1]]
        if all(_covers(span, other) for other in touched):
            readings.append(reading)
    return readings


def _jionlp_reading(
    g: Grammar, text: str, clause: tuple[int, int], trigger: tuple[int, int], reference: date
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
                ahead = _read_a_year_back(g, text, (start, end), resolved, reference)
                if base == reference and ahead:
                    break
                return (start, end), resolved
        else:
            return None
    return None


def _read_a_year_back(
    g: Grammar, text: str, span: tuple[int, int], resolved: Resolved, reference: date
) -> bool:
    """A day well ahead, with no year written, in a clause not about the future."""
    if resolved.day is None or resolved.day <= reference + PAST_BIAS_SLACK:
        return False
    written = text[span[0] : span[1]]
    year_written = any(mark in written for mark in g.lexicon.year)
    return not year_written and not is_future_clause(g, text, *span)


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


# A full date in the text counts as the page's own date when it lies this close
# to a dateline (a page header "2025年2月14日 星期五").
HEADER_WINDOW_DAYS = 31


def _wire_month_days(g: Grammar, doc: Document) -> list[tuple[int, int]]:
    """(month, day) of every wire dateline: the layout's, else any 2月13日电 in the text."""
    texts = [a.dateline.text for a in doc.articles if a.dateline and a.dateline.text]
    if not texts:
        texts = [re.sub(r"\s+", "", doc.text)]
    found = []
    for text in texts:
        for match in g.wire_dateline.finditer(text):
            found.append((int(match["month"]), int(match["day"])))
    return found


def _dated(year: int, month_day: tuple[int, int]) -> date | None:
    try:
        return date(year, *month_day)
    except ValueError:
        return None


def _year_from_text(g: Grammar, doc: Document, month_day: tuple[int, int]) -> int | None:
    """Year of a full date printed near the dateline day (the page header)."""
    text = re.sub(r"\s+", "", doc.text)
    for match in g.full_date.finditer(text):
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


def infer_published(g: Grammar, doc: Document) -> tuple[date, PublishedBasis] | None:
    """The day after the latest wire dateline, in the year the text or file gives, and
    which of the two gave it. Never the clock: the result depends on the inputs only."""
    month_days = _wire_month_days(g, doc)
    if not month_days:
        return None
    latest = max(month_days)
    basis: PublishedBasis = "text"
    year = _year_from_text(g, doc, latest)
    if year is None:
        year, basis = _year_from_file(doc, latest), "file_mtime"
    dateline = _dated(year, latest) if year is not None else None
    return (dateline + timedelta(days=1), basis) if dateline else None


def dateline_date(g: Grammar, text: str, published: date) -> date | None:
    """The date of a dateline text such as 新华社首尔2月13日电, not after publication."""
    match = g.wire_dateline.search(re.sub(r"\s+", "", text))
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


def article_times(g: Grammar, article: Article, published: date | None) -> list[TimeExpression]:
    """Every time expression of one article, in reading order."""
    dated = _parse_iso(article.dateline.date) if article.dateline else None
    ctx = Context(g, reference=dated or published, story_day=dated)
    times: list[TimeExpression] = []
    for number, paragraph in enumerate(article.paragraphs):
        times.extend(paragraph_times(paragraph.text, number, ctx))
    return times


def complete_dates(g: Grammar, doc: Document) -> date | None:
    """Infer the publication date if missing, then date the datelines that lack one."""
    if doc.published is None:
        inferred = infer_published(g, doc)
        if inferred is not None:
            doc.published = inferred[0].isoformat()
            doc.published_inferred = True
            doc.published_inferred_from = inferred[1]
    published = _parse_iso(doc.published)
    if published is None:
        return None
    for article in doc.articles:
        if article.dateline and article.dateline.text and not article.dateline.date:
            dated = dateline_date(g, article.dateline.text, published)
            article.dateline.date = dated.isoformat() if dated else None
    return published


def run(doc: Document, settings: Settings) -> None:
    """Pipeline stage: fill article.times (and missing publication/dateline dates)."""
    g = grammar(settings)
    published = complete_dates(g, doc)
    for article in doc.articles:
        article.times = article_times(g, article, published)
