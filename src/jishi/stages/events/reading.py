"""A paragraph as the event coder reads it: names, cue words, triggers and verbs,
and the noun phrases the names of one clause form.

Names come from ``article.entities`` (the mentions and actors stages); cue words
and triggers from the event lexicon; verbs from the text stage's tagger.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass, field

from jishi.lang.zh.events import MARKERS, PRONOUNS, EventLexicon, Match, bear_out
from jishi.lang.zh.punct import (
    CLAUSE_MARKS,
    QUOTE_CLOSE,
    QUOTE_OPEN,
    SENTENCE_FINAL,
    clause_spans,
    sentence_spans,
)
from jishi.model import Article, Entity, Paragraph

# The structural particle 的 is grammar, not vocabulary: it closes a relative clause or
# a possessor (会见到访的X, 谴责印方的做法), so the reading rules name it in code.
DE = "的"
# First letters of the tags (LAC, jieba) of words that may stand before a clause's subject
# or verb: adverbs, adjectives, numerals, classifiers, times, conjunctions, punctuation.
MODIFIER_TAGS = frozenset("damqtcw")
# A gap between two names that can still be one noun phrase (a title: 财政部长, 总统新闻秘书).
MAX_TITLE_GAP = 12
DIGIT_OR_PUNCT = re.compile(r"[0-9０-９\W]")
NOT_IN_PHRASE = re.compile(r"[^\w.．%％]")


def is_state(entity: Entity, states: frozenset[str]) -> bool:
    """A state acts (美国, 以军 as Israel); a city or region is only a place.

    ``states`` are the forms countries.tsv writes states in, for entities the
    actors stage gave no kind.
    """
    if entity.kind is not None:
        return entity.kind == "state"
    names = {entity.name, *(mention.text for mention in entity.mentions)}
    return entity.type == "LOC" and bool(names & states)


def is_actor(entity: Entity, states: frozenset[str]) -> bool:
    """Persons, organizations and states take part in events; places do not."""
    return entity.type in ("PER", "ORG") or is_state(entity, states)


@dataclass(frozen=True)
class Span:
    """An entity mention, or a pronoun standing for earlier actors."""

    start: int
    end: int
    entity: Entity | None = None
    pronoun: str | None = None
    # The pronoun as written (该武装): its noun may name the body it stands for.
    word: str = ""


def entity_spans(article: Article, paragraph: int, cue_matches: list[Match]) -> list[Span]:
    """Mentions in one paragraph, longest first where they overlap, plus pronouns."""
    spans = [
        Span(m.start, m.end, entity)
        for entity in article.entities
        for m in entity.mentions
        if m.paragraph == paragraph and m.part == "paragraph"
    ]
    text = article.paragraphs[paragraph].text
    spans += [
        Span(c.start, c.end, pronoun=c.kind, word=text[c.start : c.end])
        for c in cue_matches
        if c.kind in PRONOUNS and (c.kind != "document_pronoun" or _opens_clause(text, c.start))
    ]
    spans += [
        Span(c.start, c.end, speaker)
        for c in cue_matches
        if c.kind == "first_person" and (speaker := quoting(article, paragraph, c.start))
    ]
    spans.sort(key=lambda span: (span.start, -(span.end - span.start)))
    kept: list[Span] = []
    for span in spans:
        if not kept or span.start >= kept[-1].end:
            kept.append(span)
    return kept


def _opens_clause(text: str, position: int) -> bool:
    """The word at ``position`` opens its clause (报告呼吁…, 声明还说…): a report or statement
    stands for its issuer only as a subject; 第2758号决议 inside a phrase is a document."""
    before = text[:position].rstrip()
    return not before or before[-1] in CLAUSE_MARKS + SENTENCE_FINAL + QUOTE_CLOSE


def quoting(article: Article, paragraph: int, position: int, goes_on: bool = True) -> Entity | None:
    """The speaker whose words hold a position: of the quote around it (我 in
    特朗普说：“我希望…”), else (``goes_on``) of the last quote of the paragraph before
    it. A news paragraph that opens with X表示，… goes on in X's words, and a 我 there is
    X (普京表示，…。我愿同…): the quotes stage marks the first sentence only."""
    around = [
        q
        for q in article.quotes
        if q.paragraph == paragraph and q.start is not None and q.start <= position
    ]
    inside = [q for q in around if q.end is not None and position < q.end]
    chosen = inside or (sorted(around, key=lambda q: q.start or 0)[-1:] if goes_on else [])
    return article.entity(chosen[0].speaker) if chosen else None


@dataclass
class Group:
    """Names that form one noun phrase or one coordinated side (俄美, X和Y).

    ``heads`` are the actors the phrase stands for: in 美国财政部长贝森特 only
    贝森特; in 俄美 both states. ``marker`` is the preposition before it.
    """

    spans: list[Span]
    heads: list[Span]
    marker: str | None = None

    @property
    def start(self) -> int:
        return self.spans[0].start

    @property
    def end(self) -> int:
        return self.spans[-1].end


@dataclass(frozen=True)
class Reading:
    """One paragraph as the coder reads it: names, cue words and triggers found in it."""

    index: int
    text: str
    spans: list[Span]
    cues: list[Match]
    triggers: list[Match]
    verbs: list[Match] = field(default_factory=list)
    # Every token, its part of speech as the match's kind (the text stage's tagger).
    tagged: list[Match] = field(default_factory=list)

    def cues_between(self, start: int, end: int) -> list[Match]:
        """The cue words inside text[start:end]."""
        return [c for c in self.cues if start <= c.start and c.end <= end]

    def opening(self, start: int, end: int) -> int:
        """Where the words of text[start:end] begin, past any leading space."""
        piece = self.text[start:end]
        return start + len(piece) - len(piece.lstrip())

    def opens_with_noun(self, start: int, end: int) -> bool:
        """Past adverbs, adjectives, numbers, times and conjunctions, text[start:end] opens
        with a noun or pronoun: a subject of its own, named or not (大地震摧毁…, 这次袭击…),
        not a verb or a preposition (继续对伊朗发动空袭)."""
        first = bisect.bisect_left(self.tagged, start, key=lambda token: token.start)
        for token in self.tagged[first:]:
            if token.end > end:
                break
            if token.kind[:1] not in MODIFIER_TAGS:
                return token.kind[:1] in ("n", "r")
        return False

    def opens_with(self, start: int, end: int, kind: str) -> bool:
        """The clause text[start:end] opens with a cue of this kind (随后, 否则, 若)."""
        first = self.opening(start, end)
        return any(c.start == first and c.kind == kind for c in self.cues)


def read_paragraph(
    article: Article, index: int, paragraph: Paragraph, lexicon: EventLexicon
) -> Reading:
    """Find the names, cues, triggers and verbs of one paragraph."""
    text = paragraph.text
    words = lexicon.find_triggers(text)
    # A cue inside a trigger or mask is part of that word (对 in 反对, 不 in 不赞成);
    # 到访的 marks the visitor even though 到访 is a trigger of its own, and an attacker's
    # noun (袭击者) is a mask and a cue at once.
    masks = {(w.start, w.end) for w in words if w.kind == "mask"}
    cues = [
        c
        for c in lexicon.find_cues(text)
        if c.kind == "visitor" or (c.start, c.end) in masks or not overlaps(c, words)
    ]
    return Reading(
        index=index,
        text=text,
        spans=entity_spans(article, index, cues),
        cues=cues,
        triggers=bear_out(words, text),
        verbs=verbs(paragraph, cues),
        tagged=[Match(t.start, t.end, t.pos) for t in paragraph.tokens],
    )


def verbs(paragraph: Paragraph, cue_matches: list[Match]) -> list[Match]:
    """The verbs the text stage's tagger found (v, vd; not vn, a verb used as a noun).

    A verb between two names ends the noun phrase: in 以色列阻止人道主义物资进入加沙地带
    以色列 is not a title of 加沙地带. A title_word cue (秘书长兼协调员) is no verb.
    """
    titles = [c for c in cue_matches if c.kind == "title_word"]
    tagged = [
        Match(t.start, t.end, "verb")
        for t in paragraph.tokens
        if t.pos.startswith("v") and t.pos != "vn"
    ]
    return [m for m in tagged if not overlaps(m, titles)]


def overlaps(match: Match, others: list[Match]) -> bool:
    return any(o.start < match.end and match.start < o.end for o in others)


def sentences(paragraph: Paragraph) -> list[tuple[int, int]]:
    """Sentence spans: the text stage's where it ran, else the same splitter's."""
    if paragraph.sentences:
        return [(s.start, s.end) for s in paragraph.sentences]
    return sentence_spans(paragraph.text)


def clauses(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """Clause spans inside one sentence, without the comma, semicolon or colon ending each."""
    found = []
    for begin, stop in clause_spans(text, start, end):
        if text[stop - 1] in CLAUSE_MARKS:
            stop -= 1
        if begin < stop:
            found.append((begin, stop))
    return found


# --- noun phrases ---------------------------------------------------------------------


def _gap_kind(text: str, cue_matches: list[Match], start: int, end: int) -> str:
    """How two names separated by text[start:end] relate: chain, coordination or break."""
    # Names in quotation marks (“中非复兴人民阵线”和“中非解放者正义运动”, 武装组织“青年党”)
    # relate as they would bare: the marks only say the words are a name.
    gap = text[start:end].strip().strip(QUOTE_OPEN + QUOTE_CLOSE).strip()
    inside = [
        c for c in cue_matches if c.start >= start and c.end <= end and not _title_part(text, c)
    ]
    if inside and all(c.kind == "coordination" for c in inside):
        return "coordination" if gap == "".join(text[c.start : c.end] for c in inside) else "break"
    if not gap:
        return "adjacent" if gap == text[start:end].strip() else "quoted"
    if len(gap) > MAX_TITLE_GAP or DIGIT_OR_PUNCT.search(gap) or inside:
        return "break"
    return "chain"


def _title_part(text: str, cue: Match) -> bool:
    """A cue that may stand inside a title between two names: 兼 in 副秘书长兼协调员, a
    modifier head noun in 叙利亚问题特使. The particle 的 is none: in 部署在红海北部的美国航母
    the sea and the state are two phrases."""
    if cue.kind == "title_word":
        return True
    return cue.kind == "modifier_head" and text[cue.start : cue.end] != DE


def _apposition(group: Group, span: Span) -> bool:
    """乌美双方, 俄美两国元首: 双方 restates the names before it, it does not replace them;
    in 外交部声明 the body declares, the statement names no one else."""
    if span.pronoun == "document_pronoun":
        return True
    return span.pronoun == "group_pronoun" and all(h.entity is not None for h in group.heads)


def _both_states(left: Span, right: Span, states: frozenset[str]) -> bool:
    return all(s.entity is not None and is_state(s.entity, states) for s in (left, right))


def build_groups(
    text: str,
    spans: list[Span],
    cue_matches: list[Match],
    states: frozenset[str],
    start: int = 0,
    topic_nouns: tuple[str, ...] = (),
) -> list[Group]:
    """Join the spans of one clause into noun phrases and coordinated sides.

    ``cue_matches`` carries the triggers too: a verb between two names ends the phrase.
    A lone name right before a topic noun (巴勒斯坦问题特别会议, 乌克兰危机) is what is
    at issue, not a party: its group is marked as a topic, like one after 就 or 关于.
    """
    groups: list[Group] = []
    for span in spans:
        if groups:
            last = groups[-1]
            kind = _gap_kind(text, cue_matches, last.end, span.start)
            if kind == "quoted":
                # 武装组织“青年党”: the class and its name; 以色列“赫尔墨斯”无人机: the state
                # and a thing of its own, which does not stand for it
                owner = last.spans[-1].entity
                kind = "break" if owner is not None and is_state(owner, states) else "adjacent"
            if kind == "adjacent" and _both_states(last.spans[-1], span, states):
                kind = "coordination"
            if kind == "coordination":
                last.spans.append(span)
                last.heads.append(span)
                continue
            if kind in ("chain", "adjacent"):
                last.spans.append(span)
                if not _apposition(last, span):
                    last.heads[-1] = span
                continue
        previous_end = groups[-1].end if groups else start
        groups.append(Group([span], [span], _marker(text, cue_matches, previous_end, span.start)))
    for group in groups:
        if group.marker is None and text.startswith(topic_nouns, group.end):
            _as_topic(group)
    return groups


def _as_topic(group: Group) -> None:
    """A phrase ending in the place a topic noun follows: a lone place or a list of them is
    the topic; in a longer phrase (伊斯兰合作组织外长理事会巴勒斯坦问题特别会议, 联合国叙利亚
    问题特使) the place qualifies the head before it, which heads the phrase again."""
    if len(group.spans) == 1 or len(group.heads) > 1:
        group.marker = "topic"
        return
    group.spans.pop()
    group.heads = [group.spans[-1]]


def _marker(text: str, cue_matches: list[Match], since: int, start: int) -> str | None:
    """The preposition governing a phrase: 同巴罗, or 同法国外长巴罗 when 法国 was not found.

    A quantity before the name (对约950亿欧元的美国商品) does not break the phrase.
    """
    before = [c for c in cue_matches if since <= c.start and c.end <= start and text[c.start] != DE]
    if not before:
        return None
    # 与来访的X, 与包括中国在内的伙伴: the visitor and elaboration cues describe X, the
    # preposition before them still governs.
    skipped = ("verb", "visitor", "elaboration")
    last = max((c for c in before if c.kind not in skipped), key=lambda c: c.end, default=None)
    if last is None:
        return None
    quantity, _, title = text[last.end : start].rpartition(DE)
    if last.kind not in MARKERS or len(title) > MAX_TITLE_GAP or DIGIT_OR_PUNCT.search(title):
        return None
    return None if NOT_IN_PHRASE.search(quantity) else last.kind
