"""The values the coder passes around: a clause, the trigger site inside it, what
earlier clauses established, and an event mention before merging.

A trigger ``Site`` bundles the paragraph reading, the clause and the trigger
match, so that the rules reading participants, modality and place take one
argument instead of four and ask it for what they need (the cues before the
trigger, the text after it).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property

from jishi.lang.plover import PloverType
from jishi.lang.zh.events import MARKERS, EventLexicon, Match, Trigger
from jishi.model import Article, Entity, EventMention, Mention
from jishi.stages.events.reading import DE, Group, Reading, is_actor, is_state

# Cue kinds that deny the act they govern (未, 不会); their scope is Site.reaches.
NEGATIONS = frozenset({"negated", "refusal"})


@dataclass
class Memory:
    """What earlier clauses established: whom 他 and 双方 stand for."""

    last_person: str | None = None
    last_body: str | None = None
    last_participants: list[str] = field(default_factory=list)
    last_pair: list[str] = field(default_factory=list)
    last_subject: list[str] = field(default_factory=list)
    # Who issued a report or statement (报告, 声明), by the word: 报告呼吁… is the issuer's act.
    documents: dict[str, list[str]] = field(default_factory=dict)
    # Two sides named together after the last event (巴基斯坦和阿富汗之间…) are what
    # 两国 then means, not the sides of an event reported before them.
    pair_is_newer: bool = False

    def both_sides(self) -> list[str]:
        """What 双方/两国/各方 stand for: the last event's sides or the last pair, if newer."""
        if self.pair_is_newer or not self.last_participants:
            return self.last_pair
        return self.last_participants


@dataclass
class Clause:
    """One clause of a sentence with the groups inside it and what the sentence carries over."""

    paragraph: int
    start: int
    end: int
    sentence_start: int
    sentence_end: int
    groups: list[Group]
    inherited: list[str]
    speaker: list[str]
    earlier: list[Group]
    # Where the clause's verbs of saying end (X称轰炸了…: X reports), and those of them
    # that a subject of its own follows (该组织曾表示只要以色列继续占领…: Israel occupies).
    said_at: tuple[int, ...] = ()
    reported_at: tuple[int, ...] = ()
    # The modality cue kinds of the clause before, where this one spells out its act (包括…).
    carried: frozenset[str] = frozenset()
    # 中方愿同法方一道，…，拓展各领域互利合作: the partners of a will an earlier clause stated
    # with no act of its own (None: no will goes on), for a clause with no subject of its own.
    will: list[str] | None = None
    # 欧盟还应坚持独立自主，…，开展与伊合作: a modal of duty on the actor's own side in an
    # earlier clause goes on to the acts of the next clauses with no subject of their own.
    duty: bool = False

    @property
    def after_speech(self) -> bool:
        """The clause reports what a speaker said (X表示，…)."""
        return bool(self.speaker)


@dataclass(frozen=True)
class Site:
    """One trigger where it stands: the paragraph read, its clause and the match."""

    reading: Reading
    clause: Clause
    match: Match

    @property
    def trigger(self) -> Trigger:
        if self.match.trigger is None:
            raise ValueError(f"match at {self.match.start} is a {self.match.kind}, not a trigger")
        return self.match.trigger

    @property
    def text(self) -> str:
        return self.reading.text

    @cached_property
    def window(self) -> list[Match]:
        """The cue words of the clause before the trigger: modality, negation, markers."""
        return self.reading.cues_between(self.clause.start, self.match.start)

    @cached_property
    def kinds(self) -> set[str]:
        """The kinds of those cues; 希望 is the actor's wish (sought) unless another side
        follows it (see Sides.addressee); 愿 is a wish too, and marks the will to act."""
        kinds = {c.kind for c in self.window if c.kind not in NEGATIONS or self.reaches(c)}
        kinds |= self.clause.carried
        if self.will_named():
            kinds.add("willing")
        return (kinds - {"hope"}) | ({"sought"} if kinds & {"hope", "willing"} else set())

    def will_named(self) -> bool:
        """表达了通过谈判解决危机的意愿: the act is what a will (意愿, 愿望) after 的 in
        its clause holds, so the text states the will, it does not report the act."""
        after = self.reading.cues_between(self.match.reach, self.clause.end)
        return any(c.kind == "will_noun" and self.text[c.start - 1 : c.start] == DE for c in after)

    def reaches(self, negation: Match) -> bool:
        """A negation governs the verb right after it; when that verb takes an object of
        its own and another verb follows, the trigger is outside its scope: in
        俄方愿不设前提条件开启和谈 不 negates 设, not 和谈. 未能实现直接对话 and
        未能就停火与美方达成协议 (a preposition's phrase after the verb) stay negated."""
        verbs = [
            v for v in self.reading.verbs if negation.end <= v.start and v.end <= self.match.start
        ]
        if not verbs or verbs[0].start != negation.end or len(verbs) < 2:
            return True
        negated, following = verbs[0], verbs[1]
        markers = {c.start for c in self.reading.cues if c.kind in MARKERS}
        return following.start == negated.end or negated.end in markers

    def groups_before(self) -> list[Group]:
        return [g for g in self.clause.groups if g.end <= self.match.start]

    def next_char(self) -> str:
        """The character right after the trigger (and its tail)."""
        return self.text[self.match.reach : self.match.reach + 1]


@dataclass
class Coding:
    """One article being coded: the lexicon, the entities and the memory of earlier clauses."""

    article: Article
    lexicon: EventLexicon
    states: frozenset[str]
    memory: Memory = field(default_factory=Memory)
    # Participants named by class (武装分子), by word and country; in article.entities while
    # the article is coded, kept there only if an event names them (ArticleCoder.code).
    generics: dict[tuple[str, str | None], Entity] = field(default_factory=dict)

    def type(self, name: str) -> PloverType:
        return self.lexicon.types[name]

    def entity(self, entity_id: str | None) -> Entity | None:
        return self.article.entity(entity_id)

    def is_state(self, entity: Entity) -> bool:
        return is_state(entity, self.states)

    def is_actor(self, entity: Entity) -> bool:
        return is_actor(entity, self.states)

    def countries(self, ids: list[str]) -> set[str | None]:
        """The countries of the entities with these ids (None for one without)."""
        return {e.country for i in ids if (e := self.entity(i)) is not None}

    def resolve(self, group: Group, places: bool = False) -> list[str]:
        """Entity ids of the actors a group stands for (pronouns resolved from memory).

        With ``places`` a place counts too: the target of a strike on 萨那 or 加沙地带.
        """
        memory = self.memory
        ids: list[str] = []
        for head in group.heads:
            if head.pronoun == "person_pronoun" and memory.last_person:
                ids.append(memory.last_person)
            elif head.pronoun == "body_pronoun" and (body := self.body_named(head.word)):
                ids.append(body)
            elif head.pronoun == "group_pronoun":
                ids.extend(memory.both_sides())
            elif head.pronoun == "proposal_pronoun":
                ids.extend(memory.last_subject)  # X提议…。Y拒绝了这一提议: X made it
            elif head.pronoun == "document_pronoun":
                ids.extend(memory.documents.get(head.word, []))  # 报告呼吁…: who issued it
            elif head.pronoun == "parties_pronoun":
                ids.extend(memory.last_pair)
            elif head.entity is not None and self.is_actor(head.entity):
                ids.append(head.entity.id)
            elif head.entity is not None and places:
                # 加沙地带南部汗尤尼斯: the strike hits the region as well as the town.
                ids.extend(s.entity.id for s in group.spans if s.entity is not None)
        return list(dict.fromkeys(ids))

    def generic(self, paragraph: int, match: Match, country: str | None) -> str:
        """The id of the participant a class noun names (不明身份的武装分子, 一处检查站):
        one entity per word and country in an article, kind ``generic``, unlinked, with
        the class's English name and the country of the place the act happened in."""
        word = self.article.paragraphs[paragraph].text[match.start : match.end]
        mention = Mention(text=word, paragraph=paragraph, start=match.start, end=match.end)
        entity = self.generics.get((word, country))
        if entity is None:
            row = self.lexicon.generics[word]
            entity = Entity(
                id=f"{self.article.id}-g{len(self.generics) + 1}",
                type=row.type,  # type: ignore[arg-type]  # checked by the lexicon's loader
                name=word,
                name_en=row.name_en,
                country=country,
                kind="generic",
            )
            self.generics[(word, country)] = entity
            self.article.entities.append(entity)
        if mention not in entity.mentions:
            entity.mentions.append(mention)
        return entity.id

    def body_named(self, pronoun: str) -> str | None:
        """What 该组织 or 该武装 stands for: the one actor of the article whose name ends in
        the pronoun's noun (胡塞武装 for 该武装, when the article names no other), else the
        last organization or state that was a subject."""
        noun = pronoun[1:]
        named = [
            e.id
            for e in self.article.entities
            if len(noun) > 1 and e.name.endswith(noun) and e.name != noun and self.is_actor(e)
        ]
        return named[0] if len(named) == 1 else self.memory.last_body

    def subject_group(
        self, clause: Clause, before: int, places: bool = False, reported: bool = False
    ) -> list[str] | None:
        """The actors of the clause's first unmarked phrase before ``before``.

        None when the clause names no subject there (it is then inherited);
        an empty list when the subject is no actor (欧洲, a city), which still
        blocks inheriting the previous clause's. With ``places`` a place counts
        (巴基斯坦西北部一处军营遭袭击: the place is what was hit). With ``reported``, after
        a verb of saying inside the clause, the reported clause's own subject comes first
        (该组织曾表示只要以色列继续占领…: Israel occupies); the clause still hands on
        the speaker.
        """
        spoken = [end for end in clause.reported_at if end <= before and reported]
        embedded = [g for g in clause.groups if spoken and spoken[-1] <= g.start]
        for group in [*embedded, *clause.groups]:
            if group.start >= before:
                break
            if group.marker is None:
                return self.resolve(group, places)
        return None


@dataclass
class Candidate:
    """One event mention before mentions of the same event are merged."""

    trigger: Trigger
    type: str
    mode: str | None
    source: list[str]
    target: list[str]
    location: str | None
    date: str | None
    negated: bool
    modality: str | None
    paragraph: int
    sentence: str
    text: str
    mentions: list[EventMention] = field(default_factory=list)
    # The trigger's code-point offsets in the paragraph (a gapped one ends after its tail).
    start: int | None = None
    end: int | None = None
    reported_by: list[str] = field(default_factory=list)
    # Reported by the noun of the act (以色列的袭击造成…): often the act told before.
    named: bool = False
    # Told as the act before (这起袭击, 此次袭击): a claim of it names who did it.
    refers_back: bool = False


@dataclass
class Scope:
    """A governing trigger (敦促, 拒绝, 同意) and the acts that are its content."""

    candidate: Candidate | None
    coding: Coding

    def absorb(self, trigger: Trigger) -> None:
        """The content of a demand or refusal gives it its PLOVER mode."""
        event = self.candidate
        if (
            event is not None
            and event.mode is None
            and self.coding.type(event.type).mode_from_content
        ):
            event.mode = self.coding.type(trigger.type).content_mode


@dataclass
class SentenceState:
    """What one clause hands to the next inside a sentence."""

    inherited: list[str] = field(default_factory=list)
    speaker: list[str] = field(default_factory=list)
    earlier: list[Group] = field(default_factory=list)
    scope: Scope | None = None
    will: list[str] | None = None
    duty: bool = False
