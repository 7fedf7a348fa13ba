"""The coder of one article: paragraph by paragraph, sentence by sentence, clause
by clause, each trigger read into an event mention; mentions of one event merged."""

from __future__ import annotations

from dataclasses import dataclass, field

from jishi.lang.data import DataFiles
from jishi.lang.spans import SpanIndex
from jishi.lang.zh.countries import country_forms
from jishi.lang.zh.events import Match, event_lexicon
from jishi.lang.zh.speech import speech_verbs
from jishi.model import Article, Event, Paragraph
from jishi.stages.events import acts
from jishi.stages.events.merge import actor_keys, borrowed_targets, merge
from jishi.stages.events.modality import UNREALIZED, recast
from jishi.stages.events.reading import (
    DE,
    Group,
    Reading,
    build_groups,
    clauses,
    read_paragraph,
    sentences,
)
from jishi.stages.events.setting import date
from jishi.stages.events.sides import SideReader
from jishi.stages.events.site import Candidate, Clause, Coding, Scope, SentenceState, Site

# Paragraph roles that report events; headlines and subheads only summarize them.
CODED_ROLES = frozenset({"body", "lead", "pullquote", "caption"})
# States taking part in a meeting that make it multilateral (PLOVER CONSULT mode).
MULTILATERAL = 3


@dataclass
class ArticleCoder:
    """Codes the events of one article; holds what every clause needs."""

    coding: Coding
    published: str | None
    said: tuple[str, ...]
    candidates: list[Candidate] = field(default_factory=list)

    def __post_init__(self) -> None:
        self.sides = SideReader(self.coding)

    @property
    def article(self) -> Article:
        return self.coding.article

    def code(self) -> list[Event]:
        for index, paragraph in enumerate(self.article.paragraphs):
            if paragraph.role in CODED_ROLES:
                self.code_paragraph(index, paragraph)
        borrowed_targets(self.candidates, self.coding)
        merged = merge(self.candidates, self.article)
        self.keep_used_generics(merged)
        return [self.to_event(number, c) for number, c in enumerate(merged, 1)]

    def keep_used_generics(self, events: list[Candidate]) -> None:
        """Participants named by class stay in the article's entities only where an event
        names them: a 平民 or 学校 that no act hit is no entity of the article."""
        used = {i for e in events for i in (*e.source, *e.target)}
        self.article.entities = [
            e for e in self.article.entities if e.kind != "generic" or e.id in used
        ]

    def code_paragraph(self, index: int, paragraph: Paragraph) -> None:
        reading = read_paragraph(self.article, index, paragraph, self.coding.lexicon)
        text = reading.text
        carried: list[str] = []
        # Indexed, so that each clause looks at its own names and words only: a filter of
        # the whole paragraph per clause grows with the square of a long paragraph.
        spans = SpanIndex(reading.spans)
        word_indexes = [SpanIndex(f) for f in (reading.cues, reading.triggers, reading.verbs)]
        topic_nouns = self.coding.lexicon.words("topic_noun")
        for sent_start, sent_end in sentences(paragraph):
            # 随后，… / 此后…: a sentence that goes on with the same actor keeps its subject.
            opening = acts.continues(reading, sent_start, sent_end)
            state = SentenceState(inherited=carried if opening else [])
            before = (sent_start, sent_start)
            for start, end in clauses(text, sent_start, sent_end):
                inside = spans.within(start, end)
                # Words outside the clause never sit between two of its names.
                between = [w for index in word_indexes for w in index.within(start, end)]
                groups = build_groups(text, inside, between, self.coding.states, start, topic_nouns)
                said_at, reported_at = self.speech_at(
                    text, word_indexes[2].within(start, end), groups
                )
                clause = Clause(
                    index, start, end, sent_start, sent_end, groups,
                    state.inherited, state.speaker, state.earlier, said_at, reported_at,
                    acts.elaborated_modality(reading, before, (start, end)),
                    state.will, state.duty,
                )  # fmt: skip
                self.code_in_sentence(state, clause, reading)
                before = (start, end)
            carried = state.inherited

    def speech_at(
        self, text: str, verbs: list[Match], groups: list[Group]
    ) -> tuple[tuple[int, ...], tuple[int, ...]]:
        """Ends of the clause's verbs of saying, and of those that a subject of its own
        follows before the next verb (该组织曾表示只要以色列继续占领…); in
        以色列国防军称轰炸了… none does, so the speaker stays the subject."""
        said, reported = [], []
        for number, verb in enumerate(verbs):
            if text[verb.start : verb.end] not in self.said:
                continue
            said.append(verb.end)
            following = verbs[number + 1].start if number + 1 < len(verbs) else len(text)
            if any(g.marker is None and verb.end <= g.start < following for g in groups):
                reported.append(verb.end)
        return tuple(said), tuple(reported)

    def code_in_sentence(self, state: SentenceState, clause: Clause, reading: Reading) -> None:
        """Code one clause and hand on what it establishes (subject, speaker, scope)."""
        coding = self.coding
        here = [m for m in reading.triggers if clause.start <= m.start and m.end <= clause.end]
        first_act = here[0].start if here else clause.end
        # Names paired before the clause's first act are newer than the events before them;
        # a pair inside the act (同意…结束俄乌冲突) is its content, not who 双方 are.
        self.remember_pairs([g for g in clause.groups if g.end <= first_act], fresh=True)
        # The subject stands before the clause's first act and its first verb (遵循两国元首的
        # 战略引领: 两国 is the object; 推动哈中合作: 哈中 qualifies the act).
        lead = coding.subject_group(clause, min(first_act, self.first_verb(reading, clause)))
        if lead is not None:
            clause.will = state.will = None  # a subject of its own
            clause.duty = False
        coded = len(self.candidates)
        if (
            state.scope is not None
            and lead is None
            and not acts.new_act(clause, here, reading.cues)
        ):
            for match in here:
                if match.trigger is not None:
                    state.scope.absorb(match.trigger)
        else:
            state.scope = self.code_clause(clause, reading, here)
        # The subject a clause hands on stands before its first act (驱逐X: X is the object);
        # unnamed actors coded for the public (protesters) go on as that public.
        own = lead
        if own is None and len(self.candidates) > coded and self.candidates[coded].source:
            # 调查内容包括尹锡悦违宪、违法宣布紧急戒严，动员…: the first act's doer goes on
            own = list(self.candidates[coded].source)
        state.duty = clause.duty
        will = self.will(clause, reading, coded)
        if will is not None or own is not None or not self.willed(coded):
            state.will = will
        public = [c.source for c in self.candidates[coded:] if coding.type(c.type).public_source]
        own = own or (public[0] if public else own)
        if own:
            self.remember_subject(own)
            self.remember_documents(clause, reading, own)
            state.inherited = own
        said = reading.text[clause.start : clause.end].rstrip()
        if said.endswith(self.said) and not acts.performs(reading, clause):
            state.speaker = own or state.inherited
        self.remember_pairs([g for g in clause.groups if g.end > first_act], fresh=False)
        state.earlier = [*state.earlier, *clause.groups]

    def will(self, clause: Clause, reading: Reading, coded: int) -> list[str] | None:
        """中方愿同法方一道，…: a clause that states a will (with its partners, if it names
        them) and codes no act of its own hands both on to the acts of the sentence's next
        clauses that have no subject of their own; None when it states none."""
        if len(self.candidates) > coded:
            return None
        if not any(c.kind == "willing" for c in reading.cues_between(clause.start, clause.end)):
            return None
        groups = [g for g in clause.groups if g.marker == "counterpart"]
        return [i for g in groups for i in self.coding.resolve(g)]

    def willed(self, coded: int) -> bool:
        """The clause's acts can be the content of a will (cooperative acts: willing_as), not
        verbal acts made now (中方愿同德方…，赞赏默克尔总理…: the praise ends the will)."""
        return all(
            self.coding.type(c.trigger.type).willing_as is not None for c in self.candidates[coded:]
        )

    @staticmethod
    def first_verb(reading: Reading, clause: Clause) -> int:
        """Where the clause's first verb outside a name starts: a name after it is its object,
        not a subject to hand on (维护联合国大会第2758号决议权威性，愿深化合作: Fiji's will)."""
        for verb in reading.verbs:
            if verb.start < clause.start or verb.start >= clause.end:
                continue
            if not any(s.start < verb.end and verb.start < s.end for s in reading.spans):
                return verb.start
        return clause.end

    def remember_participants(self, candidate: Candidate) -> None:
        """双方 stand for the sides of the last event that took place and had two of them:
        希望与X会面 names no pair that met, 美方宣布制裁 only one side, 我和我夫人 one
        side too (two persons acting for one state)."""
        sides = list(dict.fromkeys([*candidate.source, *candidate.target]))
        two = len(actor_keys(sides, self.article)) >= 2
        if candidate.modality not in UNREALIZED and two:
            self.coding.memory.last_participants = sides
            self.coding.memory.pair_is_newer = False

    def remember_documents(self, clause: Clause, reading: Reading, own: list[str]) -> None:
        """德国经济研究所日前发布的研究报告显示…: a report or statement named in a clause
        whose subject is another (named) actor is that actor's, so a later 报告呼吁… is
        the institute's call."""
        subject = next((g for g in clause.groups if g.marker is None), None)
        if subject is None or any(h.pronoun == "document_pronoun" for h in subject.heads):
            return
        entities = self.article.entities_of(own)
        issuer = [] if all(e.sector == "media" for e in entities) else list(own)
        for cue in reading.cues_between(subject.end, clause.end):
            if cue.kind != "document_pronoun":
                continue
            # 通讯社援引伊斯兰革命卫队声明说: the name right before the document issued it
            owner = [
                s.entity.id
                for s in reading.spans
                if s.entity is not None
                and self.coding.is_actor(s.entity)
                and s.end <= cue.start
                and reading.text[s.end : cue.start] in ("", DE)
            ]
            if owner or issuer:
                self.coding.memory.documents[reading.text[cue.start : cue.end]] = owner or issuer

    def remember_subject(self, ids: list[str]) -> None:
        """他/她 stand for the last person who was a subject, 该组织/该国 for the last body,
        这一提议 for the last subject of all."""
        memory = self.coding.memory
        memory.last_subject = list(ids)
        entities = self.article.entities_of(ids)
        persons = [e.id for e in entities if e.type == "PER"]
        bodies = [e.id for e in entities if e.type != "PER"]
        if persons:
            memory.last_person = persons[0]
        if bodies:
            memory.last_body = bodies[0]

    def remember_pairs(self, groups: list[Group], fresh: bool) -> None:
        """冲突双方 stand for the last two sides named together (X和Y之间的冲突); two
        persons of one state (我和我夫人彭丽媛) are one side, no pair, while two bodies of
        one state (“中非复兴人民阵线”和“中非解放者正义运动”) are two."""
        for group in groups:
            named = [
                h for h in group.heads if h.entity is not None and self.coding.is_actor(h.entity)
            ]
            ids = [h.entity.id for h in named if h.entity is not None]
            bodies = {h.entity.id for h in named if h.entity is not None and h.entity.type == "ORG"}
            sides = len(actor_keys(ids, self.article)) >= 2 or len(bodies) >= 2
            if sides and len(named) == len(group.heads):
                self.coding.memory.last_pair = ids
                self.coding.memory.pair_is_newer = fresh

    def code_clause(self, clause: Clause, reading: Reading, matches: list[Match]) -> Scope | None:
        """Code the triggers of one clause; a governing trigger swallows the acts after it."""
        scope: Scope | None = None
        duty: int | None = None
        for match in matches:
            site = Site(reading, clause, match)
            if scope is not None:
                scope.absorb(site.trigger)
                continue
            if (
                acts.inside_name(match, reading.spans)
                or acts.inside_title(match, reading.text, clause)
                or acts.is_modifier(site, matches, self.coding)
                or acts.is_nominal(site, self.coding)
                or acts.is_voided(site)
                or acts.is_topic(site, matches)
            ):
                continue
            candidate = self.read(site, acts.obliged(site, duty) or clause.duty)
            if candidate is not None:
                self.candidates.append(candidate)
                self.remember_participants(candidate)
                if not self.willed(len(self.candidates) - 1):
                    clause.will = None  # 赞赏默克尔总理…推动欧盟加强对华合作: what is praised
            if site.trigger.governs and (candidate is not None or site.trigger.frame != "demand"):
                scope = Scope(candidate, self.coding)
            if candidate is None and site.trigger.frame == "demand" and duty is None:
                duty = match.end
        clause.duty = clause.duty or duty is not None
        return scope

    def read(self, site: Site, obliged: bool = False) -> Candidate | None:
        """Participants, place, time and modality of one trigger, or None if it codes nothing.

        An ``obliged`` act (after a modal of duty on the actor's own side) is one the side
        says it will do: future, for an act of conflict (伊朗必须强力打击以色列); none for
        cooperation, where 双方应当加强沟通 is the register of a talk, not an act."""
        trigger, kinds = site.trigger, set(site.kinds) | ({"future"} if obliged else set())
        if obliged and self.coding.type(trigger.type).cooperation:
            return None
        if site.clause.will is not None and self.coding.type(trigger.type).willing_as:
            kinds |= {"willing", "sought"}  # 中方愿同法方一道，…，拓展合作: the will goes on
        # 会谈计划24日举行: the words up to the realization date it and say when.
        realization = acts.realized(site)
        told_at = site.match.start if realization is None else realization.start
        if realization is not None:
            kinds |= {c.kind for c in site.reading.cues_between(site.match.reach, told_at)}
        found = self.sides.read(site)
        if found is None:
            return None
        if "called_off" in kinds or acts.called_off(site):
            kinds.add("negated")
        source, target = found.source, found.target
        act = recast(trigger, kinds, self.coding)
        event_type, mode, modality, negated = act.type, act.mode, act.modality, act.negated
        if trigger.frame == "charge" and modality in UNREALIZED:
            modality = None  # 美方此举将损害两国关系: the harm is to come, the charge is made now
        rules = self.coding.type(event_type)
        refused = event_type == self.coding.type(trigger.type).refused_as
        if refused and not target:
            # 只要以色列继续占领加沙地带，哈马斯就不会解除武装: the refusal answers Israel
            target = self.sides.condition_party(site, source)
        if rules.spoken_as is not None and self.sides.spoken(source):
            event_type, mode = rules.spoken_as, None
        addressee = self.sides.addressee(site, source)
        hoped = self.coding.type(event_type).hoped_as
        if addressee and event_type == trigger.type and hoped is not None:
            # 美方希望欧方作出让步: hoping another side acts is asking it to (made now).
            mode = self.coding.type(event_type).content_mode
            event_type, modality, negated, target = hoped, None, False, addressee
        if self.coding.type(event_type).meeting and mode is None:
            visitor = self.sides.visitor(site, source, target)
            if visitor is not None:
                mode = "visit"
                source, target = visitor, [i for i in [*source, *target] if i not in visitor]
        clause = site.clause
        return Candidate(
            trigger=trigger,
            type=event_type,
            mode=mode,
            source=source,
            target=target,
            location=found.location,
            date=date(clause, told_at, modality, self.coding, self.published, self.acts_in(clause)),
            negated=negated,
            modality=modality,
            paragraph=clause.paragraph,
            sentence=site.text[clause.sentence_start : clause.sentence_end].strip(),
            text=trigger.word,
            start=site.match.start,
            end=max(site.match.end, site.match.reach),
            reported_by=self.sides.reporter(site),
            named=realization is not None,
            refers_back=any(
                c.kind == "back_reference" and c.end == site.match.start for c in site.window
            ),
        )

    def acts_in(self, clause: Clause) -> tuple[int, ...]:
        """Where the acts coded so far in the clause's paragraph start."""
        return tuple(
            c.start
            for c in self.candidates
            if c.paragraph == clause.paragraph and c.start is not None
        )

    def consult_mode(self, candidate: Candidate) -> str | None:
        """Three or more states meeting: multilateral; on a fourth party's soil: third-party."""
        if not self.coding.type(candidate.type).meeting or candidate.mode is not None:
            return candidate.mode
        sides = [*candidate.source, *candidate.target]
        if len(actor_keys(sides, self.article)) >= MULTILATERAL:
            return "multilateral"
        place = self.article.entity(candidate.location)
        countries = self.coding.countries(sides)
        if place is not None and place.country and None not in countries:
            return None if place.country in countries else "third-party"
        return None

    def to_event(self, number: int, candidate: Candidate) -> Event:
        mode = self.consult_mode(candidate)
        own_reading = (candidate.type, mode) == (candidate.trigger.type, candidate.trigger.mode)
        cameo = candidate.trigger.cameo if own_reading else None
        return Event(
            id=f"{self.article.id}-ev{number}",
            type=candidate.type,
            mode=mode,
            cameo=cameo or self.coding.lexicon.cameo_code(candidate.type, mode),
            source=candidate.source,
            target=candidate.target,
            date=candidate.date,
            location=candidate.location,
            negated=candidate.negated,
            modality=candidate.modality,
            trigger=candidate.text,
            sentence=candidate.sentence,
            paragraph=candidate.paragraph,
            mentions=candidate.mentions,
            trigger_start=candidate.start,
            trigger_end=candidate.end,
            reported_by=candidate.reported_by,
        )


def code_article(article: Article, published: str | None, files: DataFiles) -> list[Event]:
    """The PLOVER events of one article, with the word lists of ``files``."""
    coding = Coding(article, event_lexicon(files), country_forms(files))
    # X宣布，驱逐… is X's own act (a performative), so 宣布 is no verb of saying here.
    performed = {word for word, kind in coding.lexicon.cues.items() if kind == "performative"}
    said = tuple(verb.verb for verb in speech_verbs(files) if verb.verb not in performed)
    return ArticleCoder(coding, published, said).code()
