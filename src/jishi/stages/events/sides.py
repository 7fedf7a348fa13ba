"""Who did it and to whom: the source and target of a trigger, read off its clause.

The trigger's frame (event_triggers.tsv) says how the subject, the 与/同
counterpart, the 向/对 recipient and the object are put together; the PLOVER
type table says which types take a place as target, have an addressee or are
meetings. docs/events.md ("How a clause is read") describes the rules.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from jishi.lang.zh.events import Match, clause_end
from jishi.lang.zh.punct import PARENS_CLOSE
from jishi.model import Entity
from jishi.stages.events.acts import inside_name, relation_follows
from jishi.stages.events.merge import actor_keys
from jishi.stages.events.reading import DE, DIGIT_OR_PUNCT, Group, clauses, quoting
from jishi.stages.events.setting import location, location_groups, place
from jishi.stages.events.site import Coding, Site

# Between an owner and the verdict on what it owns: 方面的指控“ (Y方面的指控“毫无根据”).
MAX_OWNED_GAP = 10
# A demand's target may carry a one- or two-character tail the mentions stage left out (以|军).
MAX_DEMAND_GAP = 2
# A short relative clause before the object may still be open (部署在红海北部…的美国航母).
MAX_RELATIVE = 12
# Between a place and the thing hit that stands in it: 西北部的一处 (巴基斯坦西北部的一处警察局).
MAX_HELD_GAP = 6
# Clause and quote marks a relative clause before an object does not cross.
RELATIVE_STOP = "，,。；;：:、“”"


@dataclass(frozen=True)
class Sides:
    """Source ids, target ids and the place (for visits) of one trigger."""

    source: list[str]
    target: list[str]
    location: str | None = None


class SideReader:
    """Reads the sides of triggers in one article; holds the patterns built from its lexicon."""

    def __init__(self, coding: Coding) -> None:
        self.coding = coding
        lexicon = coding.lexicon
        aspect = _alternation(lexicon.words("aspect"))
        count = (
            f"(?:[0-9]|{_alternation(lexicon.words('numeral'))})+"
            f"(?:{_alternation(lexicon.words('classifier'))})"
        )
        stop = re.escape(RELATIVE_STOP)
        # Between a trigger and its object: aspect particles, a count (驱逐两名X), a short
        # relative clause (会见到访的X).
        self.object_gap = re.compile(
            f"^(?:{aspect}|\\s)*({count})?([^{stop}]{{0,{MAX_RELATIVE}}}{DE})?$"
        )
        # A relative clause still open before the object: no 的 yet.
        self.relative_open = re.compile(f"^(?:{aspect}|\\s)*[^{stop}{DE}]{{0,{MAX_RELATIVE}}}$")

    def read(self, site: Site) -> Sides | None:
        """Source, target and place of one trigger; None when a side it needs is missing."""
        coding, trigger, clause = self.coding, site.trigger, site.clause
        rules = coding.type(trigger.type)
        sponsor = self.auspices(site)
        if sponsor:
            parties = [i for i in coding.memory.last_participants if i not in sponsor]
            return Sides(sponsor, parties) if parties or not trigger.needs_target else None
        own = self.willer(site) or coding.subject_group(clause, site.match.start, reported=True)
        found = self.participants(site, own)
        source, target = found.source, found.target
        passive = self.passive(site)
        unnamed = self.unnamed(site) if rules.place_target and trigger.frame == "svo" else None
        if passive or (unnamed is not None and unnamed.kind == "occurrence"):
            hit = coding.subject_group(clause, site.match.start, rules.place_target)
            recipients = source if hit is None else hit
            agent = self.agent(site, passive[-1]) if passive else []
            source, target = agent, [*recipients, *target]
        elif unnamed is not None:
            source = []  # 不明身份的武装分子袭击了X: no earlier subject is the attacker
        target = list(dict.fromkeys(t for t in target if t not in source))
        where = found.location or location(site, coding)
        if rules.place_target:
            source, target = self.by_class(site, source, target, passive, unnamed, where)
        if not source and rules.public_source:
            source = self.people_of(where)  # 数千名抗议者在曼谷集会: Thailand's public
        # 军营遭自杀式袭击, 市场发生爆炸袭击, 枪手袭击了X: an attack by no named attacker
        # is still coded, on its target.
        if not source and not ((passive or unnamed) and rules.place_target and target):
            return None
        if trigger.frame == "reciprocal" and not target and len(source) > 1:
            source, target = source[:1], source[1:]
        if not target and (trigger.needs_target or rules.addressed):
            target = self.implied_target(site, source)
        if trigger.needs_target and not target and not self.stated_will(site):
            return None
        if trigger.frame == "visit" and self.at_home(source, target):
            return None
        return Sides(source, target, where)

    def passive(self, site: Site) -> list[Match]:
        """The passive markers that govern the trigger (X遭以军逮捕). One followed by a stance
        verb before the trigger is inside the stance's object (对医务人员遭袭事件表示愤慨:
        the workers were attacked, the federation is indignant)."""
        stances = [c.start for c in site.window if c.kind == "stance"]
        return [
            c
            for c in site.window
            if c.kind == "passive" and not any(c.end <= start for start in stances)
        ]

    def unnamed(self, site: Site) -> Match | None:
        """The cue that says the attacker goes unnamed: ``occurrence`` (市场发生
        爆炸袭击: the place is what was hit) or ``unnamed_actor`` (枪手袭击了…) standing
        before the trigger in its clause with no actor named between it and the trigger.
        Only for one-sided acts: in 俄乌双方发生交火 both sides are named."""
        said = site.clause.said_at
        for cue in reversed(site.window):
            if cue.kind not in ("occurrence", "unnamed_actor"):
                continue
            if any(cue.end <= end <= site.match.start for end in said):
                continue  # 警方称这是一起恐怖袭击: the police speak of the attack
            if inside_name(cue, site.reading.spans):
                continue  # 塔利班武装人员 read as the name 塔利班武装: named, not unnamed
            groups = site.clause.groups
            named = [g for g in groups if cue.end <= g.start < site.match.start and not g.marker]
            # 特种部队向“青年党”武装分子发动进攻: the gunmen are the ones attacked
            ahead = [g for g in groups if g.end <= cue.start and g.marker != "location"]
            if cue.kind == "unnamed_actor" and any(self.coding.resolve(g) for g in ahead):
                continue
            if not any(self.coding.resolve(g) for g in named):
                return cue
        return None

    def by_class(
        self,
        site: Site,
        source: list[str],
        target: list[str],
        passive: list[Match],
        unnamed: Match | None,
        where: str | None,
    ) -> tuple[list[str], list[str]]:
        """An act of force whose attacker or target the text names only by class: the
        unnamed attacker (数名武装分子袭击了…, 被枪手击中) becomes the source and the
        thing hit (一处警察检查站遭袭击, 袭击了一个村庄) the target, each a generic
        entity of the place's country, where no named actor fills that side."""
        coding, clause = self.coding, site.clause
        place = coding.entity(where)
        country = place.country if place is not None else self.clause_country(site)
        attacker = unnamed if unnamed is not None and unnamed.kind == "unnamed_actor" else None
        if passive and attacker is not None and attacker.start < passive[-1].end:
            attacker = None  # 武装分子遭到空袭: the gunmen are the ones hit
        if not source and attacker is None and not passive and unnamed is None:
            attacker = self.earlier_attacker(site)
        if not source and attacker is not None:
            source = [coding.generic(clause.paragraph, attacker, country)]
        if not target:
            occurred = unnamed is not None and unnamed.kind == "occurrence"
            hit = self.class_target(site, passive, occurred)
            if hit is not None:
                target = [coding.generic(clause.paragraph, hit, country)]
        elif (held := self.held_by_place(site, target)) is not None:
            target = [*target, coding.generic(clause.paragraph, held, country)]
        return source, target or self.place_abroad(site, source, place)

    def place_abroad(self, site: Site, source: list[str], place: Entity | None) -> list[str]:
        """以军在加沙城实施地面行动: force a side named in the clause applies in a place of
        another country, with nothing else named as hit, hits that place. At home (俄防空
        部队在库尔斯克州击落无人机) the place is only where it happened; a side of no known
        country (a generic one takes the place's) says nothing of home; a side carried over
        from an earlier clause may not be the one acting here (驻扎着打击…的多国部队)."""
        homes = self.coding.countries(source)
        if place is None or not place.country or not homes or None in homes:
            return []
        clause, trigger = site.clause, site.match.start
        named = any(
            s.entity is not None and s.entity.id in source and clause.start <= s.start < trigger
            for s in site.reading.spans
        )
        return [] if place.country in homes or not named else [place.id]

    def earlier_attacker(self, site: Site) -> Match | None:
        """持枪歹徒闯入一所学校，绑架了数十名学生: the attacker named by class as the subject
        of an earlier clause of the sentence (no verb before it there) does the act of a
        clause with no subject of its own."""
        clause, reading = site.clause, site.reading
        if self.coding.subject_group(clause, site.match.start) is not None:
            return None
        for start, end in clauses(reading.text, clause.sentence_start, clause.start):
            cues = [c for c in reading.cues_between(start, end) if c.kind == "unnamed_actor"]
            first = cues[0] if cues else None
            if first is None or inside_name(first, reading.spans):
                continue
            if not any(start <= v.start < first.start for v in reading.verbs):
                return first
        return None

    def held_by_place(self, site: Site, target: list[str]) -> Match | None:
        """袭击了摩加迪沙的总统府, 阿富汗北部一个村庄: the thing hit right after the place
        it stands in (past 的/上的, a localizer and a count) is hit too. After a body's name
        (真主党军事基地) the thing is the body's, and the body is what was hit."""
        ends = [
            s.end
            for s in site.reading.spans
            if s.entity is not None
            and s.entity.id in target
            and s.entity.type == "LOC"
            and site.clause.start <= s.start < site.clause.end
        ]
        last = max(ends, default=None)
        if last is None:
            return None
        window = (last, min(last + MAX_HELD_GAP + 6, site.clause.end))
        hit = self.first_target(site, [window])
        return hit if hit is not None and hit.start - last <= MAX_HELD_GAP else None

    def class_target(self, site: Site, passive: list[Match], occurred: bool) -> Match | None:
        """The noun of what an act of force hits: before a passive marker or the trigger of
        an occurrence (一处检查站遭袭击, 市场发生爆炸), after a 向/对 marker (向一辆公共汽车
        开枪), else right after the trigger within a short object (袭击了一个村庄)."""
        clause, match = site.clause, site.match
        markers = [c.end for c in site.window if c.kind == "target"]
        if passive:
            start, end = clause.start, passive[-1].start  # 袭击者已被当场击毙: hit
        elif occurred:
            start, end = clause.start, match.start
        elif markers:
            start, end = markers[-1], match.start
        else:
            # 袭击了一个村庄, else the site of the act (在…一处警察检查站引爆炸药)
            sites = [c.end for c in site.window if c.kind == "location"]
            end = min(match.reach + MAX_RELATIVE + MAX_HELD_GAP, clause.end)
            # 劫持了一架载有80名乘客的客机: the head of the object follows its relative clause
            head = site.text.rfind(DE, match.reach, end)
            after = [(head + 1, end)] if head != -1 else []
            windows = [*after, (match.reach, end), *((s, match.start) for s in sites[-1:])]
            return self.first_target(site, windows)
        return self.first_target(site, [(start, end)])

    def first_target(self, site: Site, windows: list[tuple[int, int]]) -> Match | None:
        """The first target noun in the first window that has one, outside any name."""
        spans = [(s.start, s.end) for s in site.reading.spans]
        for start, end in windows:
            hits = self.coding.lexicon.find_targets(site.reading.text, start, end)
            for number, hit in enumerate(hits):
                if any(a < hit.end and hit.start < b for a, b in spans):
                    continue
                # 警察检查站: the last noun of a compound is its head
                while number + 1 < len(hits) and hits[number + 1].start == hit.end:
                    number += 1
                    hit = hits[number]
                return hit
        return None

    def clause_country(self, site: Site) -> str | None:
        """The country of the first place named in the trigger's clause, else sentence
        (阿富汗南部坎大哈省一处警察检查站: Afghanistan's police)."""
        clause = site.clause
        scopes = ((clause.start, clause.end), (clause.sentence_start, clause.sentence_end))
        for start, end in scopes:
            for span in site.reading.spans:
                entity = span.entity
                if start <= span.start < end and entity is not None and entity.country:
                    return entity.country
        return None

    def willer(self, site: Site) -> list[str] | None:
        """王毅感谢韩方愿向中方提供帮助: the side named right before a will cue (X愿, X也愿)
        is whose will it is, whatever stands before it in the clause."""
        for cue in (c for c in site.window if c.kind == "willing"):
            for group in site.clause.groups:
                gap = site.text[group.end : cue.start]
                if (
                    group.marker is None
                    and len(gap) <= MAX_DEMAND_GAP
                    and not DIGIT_OR_PUNCT.search(gap)
                ):
                    return self.coding.resolve(group) or None
        return None

    def stated_will(self, site: Site) -> bool:
        """以色列准备好进行谈判, 愿意对话: a side's stated will to meet is an act of its own
        (the type's willing_as, AGREE), which names no counterpart as often as not."""
        willing = "willing" in site.kinds or site.clause.will is not None
        return willing and self.coding.type(site.trigger.type).willing_as is not None

    def reporter(self, site: Site) -> list[str]:
        """Whose words the act is told in: the speaker of the quote around the trigger,
        else of the speech clause before it (X表示，…), else the subject before a verb
        of saying in the clause (X称轰炸了…: X reports its own act)."""
        article, clause = self.coding.article, site.clause
        quoted = quoting(article, clause.paragraph, site.match.start, goes_on=False)
        if quoted is not None:
            return [quoted.id]
        if clause.speaker:
            return list(clause.speaker)
        spoken = [end for end in clause.said_at if end <= site.match.start]
        speaker = self.coding.subject_group(clause, spoken[0]) if spoken else None
        return speaker or []

    def implied_target(self, site: Site, source: list[str]) -> list[str]:
        """The second side the text implies: the host of talks, the party warned."""
        rules = self.coding.type(site.trigger.type)
        if rules.meeting:
            return self.host(site, source)
        if rules.addressed:
            return (
                self.warned(site)
                or self.conditioned(site, source)
                or self.condition_party(site, source)
            )
        return []

    def subject(self, site: Site, own: list[str] | None) -> list[str]:
        """The clause's subject, else the sentence's, unless speech intervenes.

        After X说， the reported clause's acts are not X's own (即使实现停火)
        unless they are speech acts themselves (欢迎, 拒绝, and every verbal act of an
        svo trigger: 祝…新年快乐, 感谢…), X's intent (希望, 将), or a
        state's or body's report of its own doings: 以色列国防军称，继续对伊朗发动空袭
        (no condition, and no noun before the act that could be its unnamed subject:
        无国界医生组织表示，大地震摧毁…). A subject named inside the speech goes on to
        its next clauses: in X表示，两国领导人举行会晤，达成共识 the leaders agree.
        """
        if own is not None:
            return own
        clause = site.clause
        if not clause.after_speech:
            return clause.inherited
        # 文德曼指出，此次美防长的表态排除了…: a noun of the speech's own opens the
        # clause, so not even the speaker's will or speech act is told there
        unnamed = site.reading.opens_with_noun(clause.start, site.match.start)
        if (site.trigger.governs or site.kinds & {"sought", "future"}) and not unnamed:
            return clause.inherited
        if clause.inherited and clause.inherited != clause.speaker:
            return clause.inherited
        said = self.coding.type(site.trigger.type).verbal and site.trigger.frame == "svo"
        if said and not unnamed and not site.kinds & {"hypothetical"}:
            return clause.inherited
        persons = all(e.type == "PER" for e in self.coding.article.entities_of(clause.speaker))
        # 声明说，一伙不明身份武装分子闯入…，开枪打死32人: the gunmen, not the teller
        attackers = any(
            c.kind == "unnamed_actor" and clause.sentence_start <= c.start < site.match.start
            for c in site.reading.cues
        )
        if persons or unnamed or attackers or "hypothetical" in site.kinds:
            return []
        return clause.inherited

    def participants(self, site: Site, own: list[str] | None) -> Sides:
        """Source ids, target ids and (for visits) the place, by the trigger's frame."""
        trigger, coding, match = site.trigger, self.coding, site.match
        if trigger.frame == "demand":
            return self.demand(site, own)
        if trigger.frame == "verdict":
            return self.verdict(site, own)
        if trigger.frame == "charge":
            return self.charge(site, own)
        source = list(self.subject(site, own))
        rules = coding.type(trigger.type)
        target: list[str] = []
        where: str | None = None
        for group in site.clause.groups:
            before = group.end <= match.start
            if group.marker == "counterpart" and relation_follows(site.reading, group.end):
                continue  # 向与哥伦比亚接壤的苏利亚州: 与X describes a place, X takes no part
            if group.marker == "counterpart" and before and trigger.frame == "svo":
                source += coding.resolve(group)  # 中国与法国将共同打击…: acting together
            elif group.marker == "counterpart" or (
                group.marker == "target" and (before or not trigger.governs or rules.addressed)
            ):
                target += coding.resolve(group, rules.place_target)
        if not target and site.clause.will and rules.willing_as is not None:
            target = list(site.clause.will)  # 愿同法方一道，…，拓展合作: with France
        obj = self.direct_object(site)
        if obj is not None:
            if trigger.frame == "visit":
                target += self.visited(obj)
                where = place(obj, coding)
            else:
                target += coding.resolve(obj, rules.place_target)
        return Sides(source, list(dict.fromkeys(target)), where)

    def visited(self, group: Group) -> list[str]:
        """到访乌克兰首都基辅: the state visited (or the person or body met) is the host;
        抵达曼德勒: the state the city lies in, when the article names it."""
        coding = self.coding
        hosts = [
            s.entity for s in group.spans if s.entity is not None and coding.is_actor(s.entity)
        ]
        states = [e for e in hosts if coding.is_state(e)]
        if hosts:
            return [(states or hosts)[0].id]
        countries = {s.entity.country for s in group.spans if s.entity is not None}
        named = [
            e.id
            for e in coding.article.entities
            if coding.is_state(e) and e.country is not None and e.country in countries
        ]
        # 普京访问大马士革, Syria named nowhere: the city stands for the state it lies in
        cities = [s.entity.id for s in group.spans if s.entity is not None and s.entity.country]
        return (named or cities)[:1]

    def auspices(self, site: Site) -> list[str]:
        """在阿联酋斡旋下 / 在X的调解下: X performs the act (the parties are those of the
        previous event); 在 here marks no place."""
        if not site.text.startswith(self.coding.lexicon.words("under"), site.match.reach):
            return []
        for group in site.clause.groups:
            if group.marker == "location" and site.text[group.end : site.match.start] in ("", DE):
                return self.coding.resolve(group)
        return []

    def agent(self, site: Site, passive: Match) -> list[str]:
        """X被Y拘留: Y, the phrase between the passive marker and the trigger, is the actor."""
        ids: list[str] = []
        for group in site.clause.groups:
            if group.start >= passive.end and group.end <= site.match.start:
                ids += self.coding.resolve(group)
        return ids

    def demand(self, site: Site, own: list[str] | None) -> Sides:
        """X表示，Y必须…: the speaker demands of Y, where Y stands right before the modal
        and does not include the speaker's own side.

        Y may carry a one- or two-character tail the mentions stage left out (以|军, 美|方).
        """
        before = site.groups_before()
        if not own or not before or before[-1].marker is not None:
            return Sides([], [])
        # 巴勒斯坦伊斯兰抵抗运动（哈马斯）必须…: the short name in brackets ends the phrase
        gap = site.text[before[-1].end : site.match.start].lstrip(PARENS_CLOSE)
        resolved = self.coding.resolve(before[-1])
        if resolved != own or len(gap) > MAX_DEMAND_GAP or DIGIT_OR_PUNCT.search(gap):
            return Sides([], [])
        speaker = site.clause.speaker or site.clause.inherited
        article = self.coding.article
        if actor_keys(speaker, article) & actor_keys(own, article):
            return Sides([], [])  # 王毅表示，双方应当加强沟通: a view on one's own side, no demand
        return Sides(speaker, own)

    def verdict(self, site: Site, own: list[str] | None) -> Sides:
        """X称，Y的指控“毫无根据” / X称Y的决定“不可接受”: X rejects what Y said or did.

        Y is the owner (Y的…) named right before the verdict; X the clause's own
        subject when that is not Y, else the speaker who introduced the clause.
        """
        before = site.groups_before()
        if not before:
            return Sides([], [])
        gap = site.text[before[-1].end : site.match.start]
        if DE not in gap or len(gap) > MAX_OWNED_GAP:
            return Sides([], [])
        judged = self.coding.resolve(before[-1])
        source = own if own and own != judged else site.clause.speaker
        return Sides(list(source), judged)

    def charge(self, site: Site, own: list[str] | None) -> Sides:
        """X表示，Y严重违反国际法 / X称Y无视…: who tells the wrong accuses the one who did it.

        The wrongdoer is the clause's subject, else the one the clause goes on with (美方日前
        的军事冒险行为，违背了…), unless the clause opens with a subject nobody names (社会
        动荡损害…). The narrative's own words, a news outlet's, a condition (如果Y违反…), a
        denial and a wrong of the teller's own side accuse nobody.
        """
        clause, reading = site.clause, site.reading
        if site.kinds & {"hypothetical", "negated"}:
            return Sides([], [])
        if own is None and not reading.opens_with_noun(clause.start, site.match.start):
            own = clause.inherited
        entities = self.coding.article.entities_of(self.reporter(site))
        teller = [e.id for e in entities if e.sector != "media" and self.coding.is_actor(e)]
        article = self.coding.article
        if not own or not teller or actor_keys(teller, article) & actor_keys(own, article):
            return Sides([], [])
        return Sides(teller, list(own))

    def direct_object(self, site: Site) -> Group | None:
        """The phrase right after the trigger (会晤乌总统泽连斯基, 敦促朝方), or after a
        relative clause that may name places of its own (袭击了部署在红海北部的美国航母)."""
        for group in site.clause.groups:
            if group.start < site.match.end:
                continue
            gap = site.text[site.match.end : group.start]
            if group.marker is None and self.object_gap.match(gap):
                return group
            if not self.relative_open.match(gap):
                return None
        return None

    def addressee(self, site: Site, source: list[str]) -> list[str]:
        """The other side named right after a `hope` cue (希望哈马斯接受…), if any; a side
        that takes in the speaker's own state (特朗普：我希望双方达成协议) is none."""
        hopes = [c.end for c in site.window if c.kind == "hope"]
        article = self.coding.article
        for group in site.clause.groups:
            if group.start in hopes and group.end <= site.match.start and group.marker is None:
                ids = self.coding.resolve(group)
                own = actor_keys(ids, article) & actor_keys(source, article)
                return ids if ids and not own else []
        return []

    def warned(self, site: Site) -> list[str]:
        """X警告说，如果Y继续空袭，…: a warning is addressed to Y, whose act is the condition."""
        clause, reading = site.clause, site.reading
        start = clause.end + 1
        if start >= clause.sentence_end:
            return []
        end = min(clause_end(reading.text, start), clause.sentence_end)
        if not reading.opens_with(start, end, "hypothetical"):
            return []
        actors = [
            s.entity.id
            for s in reading.spans
            if start <= s.start
            and s.end <= end
            and s.entity is not None
            and self.coding.is_actor(s.entity)
        ]
        return actors[:1]

    def conditioned(self, site: Site, source: list[str]) -> list[str]:
        """Y必须…，否则X将…: a threat made with 否则 is addressed to the party the
        condition before it names (the last actor of the sentence that is not X)."""
        clause = site.clause
        if not site.reading.opens_with(clause.start, clause.end, "otherwise"):
            return []
        article = self.coding.article
        own = actor_keys(source, article)
        for group in reversed(clause.earlier):
            ids = [] if group.marker == "location" else self.coding.resolve(group)
            if ids and not actor_keys(ids, article) & own:
                return ids
        return []

    def condition_party(self, site: Site, source: list[str]) -> list[str]:
        """只要以色列继续占领加沙地带，哈马斯就不会解除武装 / 如果美方继续空袭，我们将予以
        回击: a refusal or threat made on a condition is addressed to the side whose act the
        condition is, named right after the condition's cue in an earlier clause."""
        clause, reading = site.clause, site.reading
        opened = {
            c.end
            for c in reading.cues
            if c.kind == "hypothetical" and clause.sentence_start <= c.start < clause.start
        }
        article = self.coding.article
        for group in clause.earlier:
            if group.marker is None and group.start in opened:
                ids = self.coding.resolve(group)
                if ids and not actor_keys(ids, article) & actor_keys(source, article):
                    return ids
        return []

    def people_of(self, place_id: str | None) -> list[str]:
        """The state a place lies in, standing for its unnamed people (PLOVER codes
        protesters nobody names as the country's public)."""
        coding = self.coding
        entity = coding.entity(place_id)
        if entity is None or entity.country is None:
            return []
        if coding.is_state(entity):
            return [entity.id]
        states = [
            e.id
            for e in coding.article.entities
            if coding.is_state(e) and e.country == entity.country
        ]
        return states[:1]

    def at_home(self, source: list[str], target: list[str]) -> bool:
        """A trip inside one's own country (特朗普抵达佛罗里达) is no visit between actors."""
        hosts = self.coding.countries(target)
        return None not in hosts and hosts <= self.coding.countries(source)

    def visitor(self, site: Site, source: list[str], target: list[str]) -> list[str] | None:
        """The side that came on a visit to a meeting, if the text says who hosted it.

        会见来访的X / 与来访的X会谈: X is the visitor. 在白宫会见X, 在首都巴西利亚会见X:
        a meeting on one side's own ground, the other side (all of it foreign) came.
        """
        clause, match = site.clause, site.match
        after = [g.start for g in clause.groups if g.start >= match.end]
        gap_end = after[0] if after else clause.end
        met = [g.start for g in clause.groups if g.marker == "counterpart" and g.end <= match.start]
        for cue in (c for c in site.reading.cues if c.kind == "visitor"):
            if match.end <= cue.start < gap_end or cue.end in met:
                return target or None
        venue = self.venue_country(site, source)
        if venue is None:
            return None
        countries = [self.coding.countries(side) for side in (source, target)]
        for home, away, guests in (
            (countries[0], countries[1], target),
            (countries[1], countries[0], source),
        ):
            if guests and home == {venue} and None not in away and venue not in away:
                return guests
        return None

    def venue_country(self, site: Site, acting: list[str]) -> str | None:
        """The country of the place a clause's act happens in (在白宫, 在首都巴西利亚).

        A place that acts (在阿联酋斡旋下: the mediator) is no venue; one that hosts
        (赴华同中方磋商: the host is the counterpart) is. A place of no known country inside
        the phrase (在克里姆林宫总统办公室) does not hide the country of the others.
        """
        for group in reversed([g for g in site.clause.groups if g.start < site.match.start]):
            if group.marker != "location":
                continue
            entities = [s.entity for s in group.spans if s.entity is not None]
            if any(e.id in acting for e in entities):
                return None
            countries = {e.country for e in entities if e.country}
            return countries.pop() if len(countries) == 1 else None
        return None

    def host(self, site: Site, source: list[str]) -> list[str]:
        """For talks in 埃及首都开罗 with nobody named: the host state, if not the source's own."""
        coding = self.coding
        own_countries = coding.countries(source)
        for group in location_groups(site):
            states = [
                s.entity for s in group.spans if s.entity is not None and coding.is_state(s.entity)
            ]
            if len(states) == 1 and states[0].country not in own_countries:
                return [states[0].id]
        return []

    def spoken(self, source: list[str]) -> bool:
        """外长X发表声明，抗议…: one named person's act of protest is a verbal one."""
        entities = self.coding.article.entities_of(source)
        return bool(entities) and all(e.type == "PER" for e in entities)


def _alternation(words: tuple[str, ...]) -> str:
    return "|".join(re.escape(w) for w in words) or "(?!)"
