"""Where and when an event happened: the place phrase of its clause or sentence,
and the date docs/events.md ("Dates") gives the order of fallbacks for."""

from __future__ import annotations

import re

from jishi.lang.zh.events import clause_end
from jishi.lang.zh.punct import CLAUSE_MARKS
from jishi.model import Article, TimeExpression
from jishi.stages.events.modality import UNREALIZED
from jishi.stages.events.reading import Group
from jishi.stages.events.site import Clause, Coding, Site

EVENT_DATE = re.compile(r"^\d{4}(-\d{2}(-\d{2})?)?(T.*)?$")
DAY = re.compile(r"^\d{4}-\d{2}-\d{2}")
# TIMEX3 modifiers of times that bound an event rather than date it.
NOT_WHEN = frozenset({"BEFORE", "AFTER"})


def location_groups(site: Site) -> list[Group]:
    """Location-marked groups: the clause's (nearest first), then earlier clauses'.

    After a governing trigger the places belong to its content
    (驳斥了关于以军将继续驻留在黎南部的报道), not to the refusal.
    """
    clause, match = site.clause, site.match
    before = [g for g in clause.groups if g.start < match.start]
    after = [] if site.trigger.governs else [g for g in clause.groups if g.start >= match.end]
    ordered = [*reversed(before), *after, *reversed(clause.earlier)]
    return [g for g in ordered if g.marker == "location"]


def location(site: Site, coding: Coding) -> str | None:
    """在 X in the clause, else in the sentence before it."""
    return next((p for g in location_groups(site) if (p := place(g, coding))), None)


def place(group: Group, coding: Coding) -> str | None:
    """The most specific place in a location phrase: 比利时首都布鲁塞尔 -> 布鲁塞尔."""
    entities = [s.entity for s in group.spans if s.entity is not None and s.entity.type == "LOC"]
    places = [e for e in entities if not coding.is_state(e)]
    if places:
        return places[-1].id
    return entities[0].id if len(entities) == 1 else None


def anchor(article: Article, published: str | None) -> str | None:
    """The day the article speaks from: its dateline, else the publication date."""
    dateline = article.dateline.date if article.dateline else None
    return dateline or published


def date(
    clause: Clause,
    position: int,
    modality: str | None,
    coding: Coding,
    published: str | None,
    acts: tuple[int, ...] = (),
) -> str | None:
    """The date governing the clause; docs/events.md gives the order of fallbacks.

    ``acts`` are where the acts coded in the paragraph start: a time after one in an earlier
    clause is part of what that act is about (祝贺中国人民春节愉快，祝…: the festival is
    what is wished for, not the day of the wish).
    """
    article = coding.article
    times = sorted((t for t in article.times if _usable(t)), key=lambda t: (t.paragraph, t.start))
    text = article.paragraphs[clause.paragraph].text
    frames = coding.lexicon.words("time_frame")
    since = coding.lexicon.words("since")
    in_sentence = [
        t
        for t in times
        if t.paragraph == clause.paragraph
        and clause.sentence_start <= t.start < position
        and not any(word in text[t.end : position] for word in since)
        and (
            t.start >= clause.start
            or not (_dates_another_act(text, t, frames) or _inside_act(text, t, clause, acts))
        )
    ]
    if in_sentence:
        return _day(in_sentence[-1])
    if modality in UNREALIZED or modality == "historical":
        return None
    day = anchor(article, published)
    earlier = [
        _day(t)
        for t in times
        if (t.paragraph, t.start) < (clause.paragraph, clause.sentence_start)
        and DAY.match(_start(t))
        and (day is None or _day(t) <= day)
    ]
    return earlier[-1] if earlier else day


def _dates_another_act(text: str, time: TimeExpression, frames: tuple[str, ...]) -> bool:
    """缅甸3月28日强震发生后，…联合国呼吁: a time in a clause ending in 后/以来 dates
    what came before the main act, not the act itself."""
    return text[time.end : clause_end(text, time.end)].rstrip().endswith(frames)


def _inside_act(text: str, time: TimeExpression, clause: Clause, acts: tuple[int, ...]) -> bool:
    """The time stands after an act in its own (earlier) clause: that act's content."""
    opening = max(
        [
            clause.sentence_start,
            *(text.rfind(m, clause.sentence_start, time.start) + 1 for m in CLAUSE_MARKS),
        ]
    )
    return any(opening <= start < time.start for start in acts)


def _usable(time: TimeExpression) -> bool:
    """A point in time that can date an event (not 近年来, 每周, 三天, 2014年之前)."""
    if time.kind in ("duration", "set", "vague") or time.mod in NOT_WHEN:
        return False
    return bool(EVENT_DATE.match(_start(time)))


def _start(time: TimeExpression) -> str:
    """The value, or where a range (5月7日至10日: 2025-05-07/2025-05-10) begins."""
    return (time.value or "").split("/")[0]


def _day(time: TimeExpression) -> str:
    return _start(time).split("T")[0]
