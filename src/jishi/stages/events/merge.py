"""One event, several mentions: the lead, the body and a pull quote often report
the same act; docs/events.md ("One event, several mentions") gives the rules."""

from __future__ import annotations

from collections.abc import Iterable

from jishi.model import Article, EventMention
from jishi.stages.events.modality import UNREALIZED
from jishi.stages.events.site import Candidate, Coding


def actor_keys(ids: Iterable[str], article: Article) -> frozenset[str]:
    """What identifies a side across mentions: the state an actor acts for, else the actor."""
    keys = set()
    for entity_id in ids:
        entity = article.entity(entity_id)
        # Gunmen in Afghanistan do not act for Afghanistan: a generic side is itself.
        if entity is not None and entity.country and entity.kind != "generic":
            keys.add(entity.country)
        else:
            keys.add(entity_id)
    return frozenset(keys)


def same_event(first: Candidate, second: Candidate, article: Article) -> bool:
    """Two mentions of one event: same type, mode, modality and day, and the same sides."""
    if first.type != second.type or first.negated != second.negated:
        return False
    if first.mode and second.mode and first.mode != second.mode:
        return False
    unrealized = {first.modality in UNREALIZED, second.modality in UNREALIZED}
    if first.modality != second.modality and unrealized != {True}:
        return False
    if first.date and second.date and first.date != second.date:
        return False
    if _opposite(first, second, article) or _other_persons(first, second, article):
        return False
    one = actor_keys([*first.source, *first.target], article)
    two = actor_keys([*second.source, *second.target], article)
    smaller, larger = sorted((one, two), key=len)
    if one == two or (len(smaller) >= 2 and smaller <= larger):
        return True
    if second.named and actor_keys(first.source, article) & actor_keys(second.source, article):
        return True  # …遭以军空袭。…称，以色列的袭击造成1人死亡: the attack told before
    if second.refers_back and not second.target and _unattributed(first, article):
        return True  # …遭袭击。“青年党”宣称对这起袭击负责: the claimant did it
    if first.sentence != second.sentence:
        return False
    # 巴格达发生炸弹袭击，“伊斯兰国”宣称对袭击负责: the attack on a target by nobody
    # named and the claimant's attack on nobody named are one act.
    if (not first.source and not second.target) or (not second.source and not first.target):
        return True
    # 召见…大使，就此提出抗议: one sentence, one actor, one act told twice.
    return bool(actor_keys(first.source, article) & actor_keys(second.source, article))


def _unattributed(event: Candidate, article: Article) -> bool:
    """An act whose doer the text has not named: no source, or one named by class only."""
    return all(e.kind == "generic" for e in article.entities_of(event.source))


def _opposite(first: Candidate, second: Candidate, article: Article) -> bool:
    """以军袭击胡塞武装 and 胡塞武装对以色列发动打击: one side's act on the other and the
    other's in return are two events, unless the act is mutual by its frame (a meeting
    of A with B is one of B with A). A meeting recast as one side's stated will or refusal
    (我愿同X保持沟通, 不会与X谈判) is that side's own act: X's answer in kind is another."""
    if _mutual(first) or _mutual(second):
        return False
    one_source, one_target = actor_keys(first.source, article), actor_keys(first.target, article)
    two_source, two_target = actor_keys(second.source, article), actor_keys(second.target, article)
    crossed = bool(one_source & two_target) and bool(two_source & one_target)
    return crossed and not one_source & two_source


def _other_persons(first: Candidate, second: Candidate, article: Article) -> bool:
    """Two acts by persons none of whom takes part in both are two acts, even when the
    persons are of one state (the Nigerian president's greeting and that of the General
    Assembly's Nigerian president); 俄美领导人通话 names no person and may be Putin's call."""
    persons = [
        {e.id for e in article.entities_of([*c.source, *c.target]) if e.type == "PER"}
        for c in (first, second)
    ]
    return all(persons) and not persons[0] & persons[1]


def _mutual(event: Candidate) -> bool:
    """The act is mutual by its frame and still the act its trigger names."""
    return event.trigger.frame == "reciprocal" and event.type == event.trigger.type


def borrowed_targets(candidates: list[Candidate], coding: Coding) -> None:
    """集会，要求佩通坦辞职: whom a protest's demand addresses is the protest's target
    (the type table's `target_from` says which type lends its target to which)."""
    for event in (c for c in candidates if not c.target):
        lender = coding.type(event.type).target_from
        if lender is None:
            continue
        lent = [
            c
            for c in candidates
            if c.type == lender
            and c.target
            and (c.paragraph, c.sentence) == (event.paragraph, event.sentence)
            and set(c.source) & set(event.source)
        ]
        if lent:
            event.target = list(lent[0].target)


def merge(candidates: list[Candidate], article: Article) -> list[Candidate]:
    """Fold repeated mentions of one event into the first, keeping every mention."""
    events: list[Candidate] = []
    for candidate in candidates:
        into = next((e for e in events if same_event(e, candidate, article)), None)
        if into is None:
            events.append(candidate)
            continue
        into.mentions.append(
            EventMention(
                paragraph=candidate.paragraph, trigger=candidate.text, sentence=candidate.sentence
            )
        )
        if candidate.refers_back and _unattributed(into, article):
            into.source = [*candidate.source, *into.source]
        else:
            absorb_sides(into, candidate, article, into.sentence == candidate.sentence)
        into.mode = into.mode or candidate.mode
        into.date = into.date or candidate.date
        into.location = into.location or candidate.location
    return events


def absorb_sides(into: Candidate, other: Candidate, article: Article, same_sentence: bool) -> None:
    """Add the names another mention gives, each to the side its state already stands on.

    A mention naming more sides than the event (美、俄、乌三方通气 for the
    Trump–Putin call) adds its mention only: it summarizes, it does not widen;
    in the same sentence it completes the act (发动空袭，打击了胡塞武装…目标).
    """
    mine = actor_keys([*into.source, *into.target], article)
    if not same_sentence and not actor_keys([*other.source, *other.target], article) <= mine:
        return
    source_keys = actor_keys(into.source, article)
    target_keys = actor_keys(into.target, article)
    for side, ids in ((into.source, other.source), (into.target, other.target)):
        for entity_id in ids:
            key = actor_keys([entity_id], article)
            if entity_id in into.source or entity_id in into.target:
                continue
            if key <= source_keys:
                into.source.append(entity_id)
            elif key <= target_keys:
                into.target.append(entity_id)
            else:
                side.append(entity_id)
