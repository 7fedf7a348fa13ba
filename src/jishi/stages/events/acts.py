"""Does a trigger report an act? A trigger inside a name, qualifying a noun, used
as a noun, or naming the setting of another act reports none.

Also the clause-level tests the coder asks before reading a trigger's sides:
whether a clause announces the speaker's own act (X宣布，…), opens with a
continuation (随后，…) or starts an act of its own after a demand.
"""

from __future__ import annotations

import re

from jishi.lang.zh.events import MARKERS, Match, clause_end, voided
from jishi.lang.zh.punct import TITLE_CLOSE, TITLE_OPEN
from jishi.stages.events.reading import DE, DIGIT_OR_PUNCT, MAX_TITLE_GAP, Reading, Span
from jishi.stages.events.site import Clause, Coding, Site

# 在(此次)通话中, 在会谈上: a trigger as the setting of another act.
SETTING_GAP = 4
# How far after a trigger the localizer of a condition may stand (在“极限施压”政策下).
UNDER_REACH = 6
# How far after a noun of an act its realization may stand (计划24日举行, 已造成).
REALIZED_GAP = 6
# The modalities a clause that spells out the act before it (包括…) takes from that clause.
CARRIED_MODALITIES = frozenset({"future", "hypothetical", "sought", "historical"})
# Cue kinds that open a clause's own act after a demand's content: a plan, a stated will.
NEW_ACT_CUES = frozenset({"future", "willing"})
NOT_IN_GAP = re.compile(r"[^\w]")
# 的 and one or two characters right before a trigger (的公然威胁, 的严厉制裁).
OWNED_MODIFIER = re.compile(f"{DE}[^\\W\\d{DE}]{{1,2}}$")


def inside_name(match: Match, spans: list[Span]) -> bool:
    """A trigger or cue inside a name (上海合作组织, 塔利班武装人员) is part of the name."""
    return any(s.entity is not None and s.start < match.end and match.start < s.end for s in spans)


def inside_title(match: Match, text: str, clause: Clause) -> bool:
    """A trigger inside title marks (签署《合作协议》, 《反外国制裁法》) is part of the
    name of a document, law or programme; the act, if any, is the verb outside them.
    The marks are looked for in the trigger's sentence only, so that a long paragraph
    is not scanned once per trigger."""
    start, end = clause.sentence_start, clause.sentence_end
    opened = max(text.rfind(mark, start, match.start) for mark in TITLE_OPEN)
    closed = max(text.rfind(mark, start, match.start) for mark in TITLE_CLOSE)
    return opened > closed and any(text.find(mark, match.end, end) >= 0 for mark in TITLE_CLOSE)


def is_voided(site: Site) -> bool:
    """释放积极信号, 打击腐败: a void context of the trigger's row (data) stands in its
    clause, so the word is a figure of speech or a domestic campaign, not the act."""
    return voided(site.trigger, site.text, site.clause.start, site.match)


def is_topic(site: Site, triggers: list[Match]) -> bool:
    """围绕停火进行会谈, 就撤军举行磋商: a trigger right after a topic marker, with
    another act later in its clause, is what that act is about, not an act of its own.

    The marker must govern the trigger directly (no name or verb between): in
    据报道以军空袭… the 据 phrase has closed at 报道, a verb.
    """
    reading, match, clause = site.reading, site.match, site.clause
    markers = [c for c in site.window if c.kind == "topic"]
    if not markers:
        return False
    opening = markers[-1].end
    if any(opening <= w.start < match.start for w in reading.verbs) or any(
        opening <= s.start < match.start for s in reading.spans
    ):
        return False
    return any(match.reach <= t.start < clause.end for t in triggers if t is not match)


def is_modifier(site: Site, triggers: list[Match], coding: Coding) -> bool:
    """谈判团队, 对话机制, 协商建成的…, 达成的协议: the trigger qualifies a noun and
    reports no event.

    A 的 with another trigger before it (会见到访的埃及外长) closes that
    trigger's relative clause, not this one's; so does a 的 followed by an
    actor (会见来访的智利总统博里奇: the relative clause describes the object);
    a 的 after a name is the object's possessive (谴责印方的做法).
    """
    reading, match = site.reading, site.match
    text, after = reading.text, max(match.end, match.reach)
    if match.reach > match.end and text.startswith(DE, match.end):
        return True  # 与美国达成的矿产协议: the gapped trigger's head describes its tail
    for cue in reading.cues:
        if cue.kind != "modifier_head" or not after <= cue.start <= after + 2:
            continue
        if DIGIT_OR_PUNCT.search(text[after : cue.start]):
            continue
        if text[cue.start : cue.end] != DE:
            return not _occurs(site, coding)
        if any(s.entity is not None and after <= s.start < cue.start for s in reading.spans):
            continue  # 谴责印方的做法: the 的 is the object's possessive
        if (
            site.trigger.frame == "charge"
            and cue.start > after
            and _nouns(reading, after, cue.start)
        ):
            continue  # 忽视小国的需求: a wrong done to what someone has (not 加征关税措施的)
        closes_other = any(after <= t.start < cue.start for t in triggers)
        if not (closes_other or (cue.start > after and actor_follows(reading, cue.end, coding))):
            return not _suffered_by(site, coding)
    return False


def _occurs(site: Site, coding: Coding) -> bool:
    """喀布尔发生一起恐怖袭击事件: an act of force named with its incident noun after an
    occurrence verb (发生, 爆发) is reported as happening, not named as a kind of act."""
    place_target = coding.type(site.trigger.type).place_target
    return place_target and any(c.kind == "occurrence" for c in site.window)


def _suffered_by(site: Site, coding: Coding) -> bool:
    """遭以军袭击的救援人员: a relative clause telling that its noun suffered force at the
    hands of a named side reports the act (the noun was hit), it does not name a kind of
    act the way 达成的协议 does."""
    if not coding.type(site.trigger.type).place_target:
        return False
    passives = [c.end for c in site.window if c.kind == "passive"]
    return bool(passives) and any(
        s.entity is not None and passives[-1] <= s.start < site.match.start
        for s in site.reading.spans
    )


def _nouns(reading: Reading, start: int, end: int) -> bool:
    """text[start:end] is made of whole words the tagger calls nouns or pronouns."""
    words = [t for t in reading.tagged if start <= t.start and t.end <= end]
    covered = sum(t.end - t.start for t in words)
    return covered == end - start and all(t.kind[:1] in ("n", "r") for t in words)


def is_nominal(site: Site, coding: Coding) -> bool:
    """A trigger used as a noun names an act, it reports none.

    俄方的指控 (right after 的, unless a halt cue makes the phrase the object of
    a reported step: 暂停对乌克兰的援助); 对俄朝军事合作深表关切, 对袭击予以谴责
    (inside a 对/就 phrase that a stance verb follows); 在通话中 (the setting of
    another act).
    """
    reading, match, clause = site.reading, site.match, site.clause
    text = reading.text
    before = site.window
    after = reading.cues_between(match.reach, clause.end)
    if realized(site) is not None:
        return False
    if match.start > 0 and (text[match.start - 1] == DE or _owned_noun(site, coding)):
        return not any(c.kind == "halt" for c in before) and not _stepped(site, coding)
    markers = [c for c in before if c.kind in MARKERS]
    if not markers:
        return False
    if any(m.kind in ("target", "topic") for m in markers) and any(
        c.kind == "stance" for c in after
    ):
        return True
    last = markers[-1]
    if last.kind != "location":
        return False
    if _under(site, last.end, coding):
        return True
    setting = text[last.end : match.start]
    localizers = coding.lexicon.words("localizer")
    return (
        len(setting) <= SETTING_GAP
        and not DIGIT_OR_PUNCT.search(setting)
        and text.startswith(localizers, match.reach)
    )


def _stepped(site: Site, coding: Coding) -> bool:
    """延长了对中非共和国的武器禁运, 升级在加沙城的军事行动: a step verb (``step`` cue)
    whose object is the noun of an act of a `stepped` type reports the act going on, when
    no other verb stands between (继续关注俄方的袭击 reports the watching, not an attack)."""
    steps = [c for c in site.window if c.kind == "step"]
    if not steps or not coding.type(site.trigger.type).stepped:
        return False
    step, trigger = steps[-1], site.match.start
    return not any(step.end <= v.start < trigger for v in site.reading.verbs)


def obliged(site: Site, duty: int | None) -> bool:
    """伊朗…必须强力打击以色列, 双方应加强沟通: a modal of duty on the actor's own side (no
    demand of another) before the act makes it one the side states it will do, not one
    done. A name between them makes the word another: 应缅方请求 (at Myanmar's request)."""
    if duty is None:
        return False
    return not any(duty <= s.start < site.match.start for s in site.reading.spans)


def realized(site: Site) -> Match | None:
    """以军在加沙地带的军事行动已造成…, 两国代表团在沙特的会谈计划24日举行: a noun of an
    act that a `realized` cue (造成, 举行) follows closely is the subject of its own
    report, so the act took or takes place, named by its noun; the cue is returned."""
    reading, match = site.reading, site.match
    for cue in reading.cues_between(match.reach, site.clause.end):
        gap = reading.text[match.reach : cue.start]
        if cue.kind == "realized" and len(gap) <= REALIZED_GAP and not NOT_IN_GAP.search(gap):
            others = any(match.reach <= t.start < cue.start for t in reading.triggers)
            return None if others else cue
    return None


def _under(site: Site, opening: int, coding: Coding) -> bool:
    """在威胁下谈判, 在“极限施压”政策下: the trigger names the condition another act
    happens under. 在X斡旋下 names X, the mediator, and is read by Sides.auspices."""
    reading, match = site.reading, site.match
    end = min(match.reach + UNDER_REACH, clause_end(reading.text, match.reach))
    tail = reading.text[match.reach : end]
    found = [tail.find(word) for word in coding.lexicon.words("under") if word in tail]
    if not found or match.start - opening > SETTING_GAP:
        return False
    under = match.reach + min(found)
    return not any(s.entity is not None and opening <= s.start < under for s in reading.spans)


def _owned_noun(site: Site, coding: Coding) -> bool:
    """对委内瑞拉的公然威胁: one or two characters of modifier between 的 and the trigger
    still make it a noun, unless they are a verb, a name or, before an act of force, a
    class noun (向巡逻的警察开火: the police are shot at), or an actor follows as the
    object (美方的代表谴责俄罗斯)."""
    reading, match = site.reading, site.match
    opening = OWNED_MODIFIER.search(reading.text, max(0, match.start - 3), match.start)
    if opening is None or actor_follows(reading, match.reach, coding):
        return False
    starts = [w.start for w in reading.verbs] + [s.start for s in reading.spans]
    if coding.type(site.trigger.type).place_target:
        found = coding.lexicon.find_targets(reading.text, opening.start(), match.start)
        starts += [noun.start for noun in found]
    return not any(opening.start() < start < match.start for start in starts)


def actor_follows(reading: Reading, position: int, coding: Coding) -> bool:
    """An actor named right after ``position``, a title at most between (来访的智利总统博里奇)."""
    text = reading.text
    return any(
        s.entity is not None
        and coding.is_actor(s.entity)
        and position <= s.start <= position + MAX_TITLE_GAP
        and not DIGIT_OR_PUNCT.search(text[position : s.start])
        for s in reading.spans
    )


def called_off(site: Site) -> bool:
    """原定3日举行的第四轮谈判因故推迟: a postponement after the act in its clause, with
    no other act around it, says the act did not happen as planned (in 同意推迟撤军
    the postponement is the withdrawal's)."""
    reading, match, clause = site.reading, site.match, site.clause
    for cue in reading.cues:
        if cue.kind != "called_off" or not match.reach <= cue.start < clause.end:
            continue
        if not any(match.reach <= t.start < clause.end and t != match for t in reading.triggers):
            return True
    return False


def relation_follows(reading: Reading, position: int) -> bool:
    """与X接壤的: a `relation` cue right after the 与 phrase makes it a description."""
    return any(c.start == position and c.kind == "relation" for c in reading.cues)


def performs(reading: Reading, clause: Clause) -> bool:
    """X宣布，驱逐… / X决定，…: announcing an act is doing it, so the act is X's own."""
    end = clause.start + len(reading.text[clause.start : clause.end].rstrip())
    return any(c.kind == "performative" and c.end == end for c in reading.cues)


def elaborated_modality(
    reading: Reading, before: tuple[int, int], clause: tuple[int, int]
) -> frozenset[str]:
    """…将继续执行停火协议，包括按照时间表交换被扣押人员: a clause opening with an
    ``elaboration`` cue (包括) spells out the act of the clause before it, so it stands
    under that clause's modality (future here); negation keeps to its own verb. A list
    (包括攻击目标、攻击顺序及…等细节) names things, it spells out no act."""
    if not reading.opens_with(*clause, "elaboration"):
        return frozenset()
    if any(c.kind == "coordination" for c in reading.cues_between(*clause)):
        return frozenset()
    cues = reading.cues_between(*before)
    return frozenset(c.kind for c in cues if c.kind in CARRIED_MODALITIES)


def continues(reading: Reading, sentence_start: int, sentence_end: int) -> bool:
    """The sentence opens with a continuation word (随后, 此后): its subject is the last one."""
    return reading.opens_with(sentence_start, sentence_end, "continuation")


def new_act(clause: Clause, matches: list[Match], cue_matches: list[Match]) -> bool:
    """A clause that starts an act of its own rather than continuing a demand's content.

    …敦促以方停止军事行动，并将在开罗举行会谈 (a plan: 将),
    …谴责以军违反停火协议，并呼吁国际社会施压 (another verbal act) and
    …支持中方抗击疫情的努力，愿与中方共克时艰 (a will of its own: 愿) all do.
    """
    if matches and matches[0].trigger is not None and matches[0].trigger.governs:
        return True
    end = matches[0].start if matches else clause.end
    return any(c.kind in NEW_ACT_CUES and clause.start <= c.start < end for c in cue_matches)
