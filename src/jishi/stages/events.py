"""PLOVER event coding: who did what to whom, when and where, in one article.

A dictionary coder in the tradition of TABARI and PETRARCH, fitted to how
Chinese news clauses are built: a trigger word from ``event_triggers.tsv``
gives the PLOVER type (and often the mode); the actors come from the entities
earlier stages found, read off the clause around the trigger (the first actor
before it is the subject, 与/同 X is the counterpart, 向/对 X the recipient,
在 X the place); the grammatical cue words of ``event_cues.tsv`` give the
modality and negation. The same event reported several times in one article
(lead, body, pull quote) becomes one event with several mentions.

All language knowledge lives in the two data files so an analyst can extend
it without touching this engine; docs/events.md explains the rules.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field, replace
from functools import cache
from typing import TYPE_CHECKING

import ahocorasick

from jishi.lang.data import DataFileError, table
from jishi.lang.spans import SpanIndex
from jishi.model import Article, Document, Entity, Event, EventMention, Paragraph, TimeExpression

if TYPE_CHECKING:
    from jishi.settings import Settings

PLOVER_TYPES = frozenset(
    {"AGREE", "CONSULT", "SUPPORT", "CONCEDE", "COOPERATE", "AID", "RETREAT", "REQUEST"}
    | {"ACCUSE", "REJECT", "THREATEN", "PROTEST", "SANCTION", "MOBILIZE", "COERCE", "ASSAULT"}
)
FRAMES = frozenset({"svo", "reciprocal", "visit", "demand", "verdict"})
MODALITY_KINDS = frozenset({"future", "hypothetical", "sought", "historical", "negated", "refusal"})
MARKERS = frozenset({"counterpart", "target", "topic", "location"})
PRONOUNS = frozenset(
    {"person_pronoun", "body_pronoun", "group_pronoun", "parties_pronoun", "proposal_pronoun"}
)
CUE_KINDS = (
    MODALITY_KINDS
    | MARKERS
    | {"not_a_cue", "mask", "modifier_head", "coordination", "np_break", "passive", "halt"}
    | PRONOUNS
    | {"visitor", "stance", "continuation", "performative", "title_word", "hope", "first_person"}
    | {"otherwise", "relation", "called_off"}
)
MODALITY_ORDER = ("hypothetical", "future", "sought", "historical")
# Events that did not (yet) happen take no date from the narrative around them.
UNREALIZED = frozenset({"hypothetical", "future", "sought"})
# Force applied to a place hits it: 对萨那发动空袭, 封锁加沙地带 (the place is the target).
PLACE_TARGETS = frozenset({"ASSAULT", "COERCE"})
# Paragraph roles that report events; headlines and subheads only summarize them.
CODED_ROLES = frozenset({"body", "lead", "pullquote", "caption"})
# What a demand or refusal is about, from the act it governs (PLOVER REQUEST/REJECT modes).
CONTENT_MODE = {
    "RETREAT": "yield",
    "CONCEDE": "yield",
    "AID": "assist",
    "COOPERATE": "assist",
    "SUPPORT": "assist",
    "CONSULT": "meet",
    "AGREE": "meet",
}
MODE_FROM_CONTENT = frozenset({"REQUEST", "REJECT"})
# 暂停/停止/冻结 + cooperation is a reduction of relations: PLOVER SANCTION with this mode.
HALTED_MODE = {
    "AID": "discontinue",
    "COOPERATE": "sever",
    "SUPPORT": "sever",
    "CONSULT": "cancel",
}
SENTENCE_END = re.compile(r"[。！？!?]+[”’」』）)]*")
CLAUSE_BREAK = re.compile(r"[，,；;：:]")
EVENT_DATE = re.compile(r"^\d{4}(-\d{2}(-\d{2})?)?(T.*)?$")
DAY = re.compile(r"^\d{4}-\d{2}-\d{2}")
# A clause ending in these (…发生后，) is a time frame for what follows.
AFTER_WORDS = ("后", "以来")
# TIMEX3 modifiers of times that bound an event rather than date it.
NOT_WHEN = frozenset({"BEFORE", "AFTER"})
# Between a trigger and its object: aspect particles, a count (驱逐两名X), a short
# relative clause (会见到访的X).
OBJECT_GAP = re.compile(
    r"^[了过着\s]*([0-9一二两三四五六七八九十百千万数多]+[名个位批架艘])?([^，,。；;：:、“”]{0,12}的)?$"
)
# 在(此次)通话中, 在会谈上: a trigger as the setting of another act.
SETTING_GAP = 4
LOCALIZERS = frozenset({"中", "上"})
UNDER = "下"
UNDER_REACH = 6
# 的 and one or two characters right before a trigger (的公然威胁, 的严厉制裁).
OWNED_MODIFIER = re.compile(r"的[^\W\d的]{1,2}$")
# Between an owner and the verdict on what it owns: 方面的指控“ (Y方面的指控“毫无根据”).
MAX_OWNED_GAP = 10
# A relative clause still open before the object (部署在红海北部…的美国航母): no 的 yet.
RELATIVE_OPEN = re.compile(r"^[了过着\s]*[^，,。；;：:、“”的]{0,12}$")
# States taking part in a meeting that make it multilateral (PLOVER CONSULT mode).
MULTILATERAL = 3
# A gap between two names that can still be one noun phrase (a title: 财政部长, 总统新闻秘书).
MAX_TITLE_GAP = 12
DIGIT_OR_PUNCT = re.compile(r"[0-9０-９\W]")
NOT_IN_PHRASE = re.compile(r"[^\w.．%％]")
# A gapped trigger (驱逐…外交官) is written with …; its tail must follow within this reach.
GAP = "…"
MAX_GAP = 20
CLAUSE_END = re.compile(r"[，,；;：:。！？!?]")


# --- reference data ------------------------------------------------------------


@dataclass(frozen=True)
class Trigger:
    """One row of event_triggers.tsv."""

    word: str
    type: str
    mode: str | None
    cameo: str | None
    frame: str
    needs_target: bool
    governs: bool

    @property
    def head(self) -> str:
        """The words that open the trigger: all of it, or what comes before … (驱逐…外交官)."""
        return self.word.split(GAP)[0]

    @property
    def tail(self) -> str:
        """What must follow the head in the same clause for a gapped trigger, else ''."""
        return self.word.partition(GAP)[2]


@dataclass(frozen=True)
class Match:
    """A trigger, mask or cue found in a paragraph (code-point offsets).

    A trigger match is found by its head; ``options`` are the lexicon rows
    sharing that head (gapped ones first), ``trigger`` the one the clause
    bears out and ``reach`` where its tail ends.
    """

    start: int
    end: int
    kind: str
    trigger: Trigger | None = None
    options: tuple[Trigger, ...] = ()
    reach: int = 0


def _flag(row: dict[str, str], column: str, name: str) -> bool:
    value = row[column]
    if value not in ("yes", "no"):
        raise DataFileError(
            f"{name}: {row['trigger']!r}: {column} must be yes or no, not {value!r}"
        )
    return value == "yes"


def _trigger(row: dict[str, str]) -> Trigger:
    """Validate one lexicon row so a typo fails at load time, naming the row."""
    name = "event_triggers.tsv"
    if row["type"] not in PLOVER_TYPES:
        raise DataFileError(f"{name}: {row['trigger']!r}: unknown PLOVER type {row['type']!r}")
    if row["frame"] not in FRAMES:
        raise DataFileError(f"{name}: {row['trigger']!r}: unknown frame {row['frame']!r}")
    parts = row["trigger"].split(GAP)
    if len(parts) > 2 or not all(parts):
        raise DataFileError(f"{name}: {row['trigger']!r}: a gap (…) needs words on both sides")
    return Trigger(
        word=row["trigger"],
        type=row["type"],
        mode=row["mode"] or None,
        cameo=row["cameo"] or None,
        frame=row["frame"],
        needs_target=_flag(row, "needs_target", name),
        governs=_flag(row, "governs", name),
    )


def rows(name: str, columns: set[str]) -> tuple[dict[str, str], ...]:
    """A shipped table, checked for the columns the coder reads."""
    found = table(name)
    missing = columns - set(found[0]) if found else columns
    if missing:
        raise DataFileError(f"{name}: missing column(s) {', '.join(sorted(missing))}")
    return found


@cache
def triggers() -> tuple[Trigger, ...]:
    """The trigger lexicon."""
    columns = {"trigger", "type", "mode", "cameo", "frame", "needs_target", "governs"}
    return tuple(_trigger(row) for row in rows("event_triggers.tsv", columns))


@cache
def cues() -> dict[str, str]:
    """Cue word -> kind, from event_cues.tsv."""
    found: dict[str, str] = {}
    for row in rows("event_cues.tsv", {"cue", "kind"}):
        if row["kind"] not in CUE_KINDS:
            raise DataFileError(f"event_cues.tsv: {row['cue']!r}: unknown kind {row['kind']!r}")
        found[row["cue"]] = row["kind"]
    return found


@cache
def cameo_codes() -> dict[tuple[str, str | None], str]:
    """(PLOVER type, mode) -> CAMEO code, from the plover_cameo.tsv crosswalk."""
    crosswalk = rows("plover_cameo.tsv", {"type", "mode", "cameo"})
    return {(row["type"], row["mode"] or None): row["cameo"] for row in crosswalk}


def cameo_code(event_type: str, mode: str | None) -> str | None:
    """The CAMEO code for a type and mode, falling back to the type's default."""
    codes = cameo_codes()
    return codes.get((event_type, mode)) or codes.get((event_type, None))


def _automaton(words: Iterable[tuple[str, Match]]) -> ahocorasick.Automaton:
    automaton = ahocorasick.Automaton()
    for word, value in words:
        automaton.add_word(word, (len(word), value))
    automaton.make_automaton()
    return automaton


@cache
def trigger_automaton() -> ahocorasick.Automaton:
    """Triggers and masks together, so that a mask (反对派) beats the trigger inside it.

    Rows are keyed by their head; a later row of the same word (a user's) replaces
    an earlier one, and gapped rows (驱逐…外交官) are tried before the bare head (驱逐).
    """
    by_word = {t.word: t for t in triggers()}
    by_head: dict[str, list[Trigger]] = {}
    for trigger in sorted(by_word.values(), key=lambda t: not t.tail):
        by_head.setdefault(trigger.head, []).append(trigger)
    entries = [(head, Match(0, 0, "trigger", options=tuple(o))) for head, o in by_head.items()]
    entries += [(word, Match(0, 0, "mask")) for word, kind in cues().items() if kind == "mask"]
    return _automaton(entries)


def borne_out(match: Match, text: str) -> Match | None:
    """The lexicon row a trigger match stands for: the first gapped row whose tail
    follows in the same clause, within MAX_GAP characters, else the bare head's row."""
    clause_end = CLAUSE_END.search(text, match.end)
    limit = min(match.end + MAX_GAP, clause_end.start() if clause_end else len(text))
    for option in match.options:
        if not option.tail:
            return replace(match, trigger=option, reach=match.end)
        found = text.find(option.tail, match.end, limit)
        if found != -1:
            return replace(match, trigger=option, reach=found + len(option.tail))
    return None


@cache
def cue_automaton() -> ahocorasick.Automaton:
    """Every cue except masks; not_a_cue entries hide the cues inside them (不久, 其他)."""
    return _automaton((word, Match(0, 0, kind)) for word, kind in cues().items() if kind != "mask")


def bear_out(words: list[Match], text: str) -> list[Match]:
    """The trigger matches of a paragraph with their lexicon rows; a trigger inside
    the tail of a gapped one (援助 in 提供…援助) is part of it."""
    found = [m for w in words if w.kind == "trigger" and (m := borne_out(w, text))]
    return [m for m in found if not any(o.end <= m.start and m.end <= o.reach for o in found)]


def find(automaton: ahocorasick.Automaton, text: str) -> list[Match]:
    """Leftmost-longest, non-overlapping matches of an automaton in ``text``."""
    hits = sorted(
        ((end - length + 1, end + 1, value) for end, (length, value) in automaton.iter(text)),
        key=lambda hit: (hit[0], -hit[1]),
    )
    chosen: list[Match] = []
    reached = 0
    for start, end, value in hits:
        if start >= reached:
            chosen.append(replace(value, start=start, end=end))
            reached = end
    return chosen


@cache
def country_forms() -> frozenset[str]:
    """Every way countries.tsv names a state (美国, 美, 美方), to tell states from places."""
    forms: set[str] = set()
    for row in table("countries.tsv"):
        forms.update(row.get(key, "") for key in ("name", "abbreviation", "side"))
        forms.update((row.get("aliases") or "").split("|"))
    forms.discard("")
    return frozenset(forms)


# --- the article as spans ----------------------------------------------------------


def is_state(entity: Entity) -> bool:
    """A state acts (美国, 以军 as Israel); a city or region is only a place."""
    if entity.kind is not None:
        return entity.kind == "state"
    names = {entity.name, *(mention.text for mention in entity.mentions)}
    return entity.type == "LOC" and bool(names & country_forms())


def is_actor(entity: Entity) -> bool:
    """Persons, organizations and states take part in events; places do not."""
    return entity.type in ("PER", "ORG") or is_state(entity)


@dataclass(frozen=True)
class Span:
    """An entity mention, or a pronoun standing for earlier actors."""

    start: int
    end: int
    entity: Entity | None = None
    pronoun: str | None = None


def entity_spans(article: Article, paragraph: int, cue_matches: list[Match]) -> list[Span]:
    """Mentions in one paragraph, longest first where they overlap, plus pronouns."""
    spans = [
        Span(m.start, m.end, entity)
        for entity in article.entities
        for m in entity.mentions
        if m.paragraph == paragraph and m.part == "paragraph"
    ]
    spans += [Span(c.start, c.end, pronoun=c.kind) for c in cue_matches if c.kind in PRONOUNS]
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


def quoting(article: Article, paragraph: int, position: int) -> Entity | None:
    """The speaker of the direct quote around a position (我 in 特朗普说：“我希望…”)."""
    for quote in article.quotes:
        if quote.paragraph != paragraph or quote.start is None or quote.end is None:
            continue
        if quote.start <= position < quote.end:
            return article.entity(quote.speaker)
    return None


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


def _gap_kind(text: str, cue_matches: list[Match], start: int, end: int) -> str:
    """How two names separated by text[start:end] relate: chain, coordination or break."""
    gap = text[start:end]
    inside = [
        c for c in cue_matches if c.start >= start and c.end <= end and not _title_part(text, c)
    ]
    if inside and all(c.kind == "coordination" for c in inside):
        return (
            "coordination"
            if gap.strip() == "".join(text[c.start : c.end] for c in inside)
            else "break"
        )
    if not gap.strip():
        return "adjacent"
    if len(gap) > MAX_TITLE_GAP or DIGIT_OR_PUNCT.search(gap) or inside:
        return "break"
    return "chain"


def _title_part(text: str, cue: Match) -> bool:
    """A cue that may stand inside a title between two names: 兼 in 副秘书长兼协调员, a
    modifier head noun in 叙利亚问题特使. The particle 的 is none: in 部署在红海北部的美国航母
    the sea and the state are two phrases."""
    if cue.kind == "title_word":
        return True
    return cue.kind == "modifier_head" and text[cue.start : cue.end] != "的"


def _apposition(group: Group, span: Span) -> bool:
    """乌美双方, 俄美两国元首: 双方 restates the names before it, it does not replace them."""
    return span.pronoun == "group_pronoun" and all(h.entity is not None for h in group.heads)


def _both_states(left: Span, right: Span) -> bool:
    return all(s.entity is not None and is_state(s.entity) for s in (left, right))


def build_groups(
    text: str, spans: list[Span], cue_matches: list[Match], start: int = 0
) -> list[Group]:
    """Join the spans of one clause into noun phrases and coordinated sides.

    ``cue_matches`` carries the triggers too: a verb between two names ends the phrase.
    """
    groups: list[Group] = []
    for span in spans:
        if groups:
            last = groups[-1]
            kind = _gap_kind(text, cue_matches, last.end, span.start)
            if kind == "adjacent" and _both_states(last.spans[-1], span):
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
    return groups


def _marker(text: str, cue_matches: list[Match], since: int, start: int) -> str | None:
    """The preposition governing a phrase: 同巴罗, or 同法国外长巴罗 when 法国 was not found.

    A quantity before the name (对约950亿欧元的美国商品) does not break the phrase.
    """
    before = [
        c for c in cue_matches if since <= c.start and c.end <= start and text[c.start] != "的"
    ]
    if not before:
        return None
    # 与来访的X: the visitor cue describes X, the preposition before it still governs.
    last = max(
        (c for c in before if c.kind not in ("verb", "visitor")), key=lambda c: c.end, default=None
    )
    if last is None:
        return None
    quantity, _, title = text[last.end : start].rpartition("的")
    if last.kind not in MARKERS or len(title) > MAX_TITLE_GAP or DIGIT_OR_PUNCT.search(title):
        return None
    return None if NOT_IN_PHRASE.search(quantity) else last.kind


# --- reading one clause ------------------------------------------------------------


@dataclass
class Memory:
    """What earlier clauses established: whom 他 and 双方 stand for."""

    last_person: str | None = None
    last_body: str | None = None
    last_participants: list[str] = field(default_factory=list)
    last_pair: list[str] = field(default_factory=list)
    last_subject: list[str] = field(default_factory=list)
    # Two sides named together after the last event (巴基斯坦和阿富汗之间…) are what
    # 两国 then means, not the sides of an event reported before them.
    pair_is_newer: bool = False

    def both_sides(self) -> list[str]:
        """What 双方/两国/各方 stand for: the last event's sides or the last pair, if newer."""
        if self.pair_is_newer or not self.last_participants:
            return self.last_pair
        return self.last_participants


def resolve(group: Group, memory: Memory, places: bool = False) -> list[str]:
    """Entity ids of the actors a group stands for (pronouns resolved from memory).

    With ``places`` a place counts too: the target of a strike on 萨那 or 加沙地带.
    """
    ids: list[str] = []
    for head in group.heads:
        if head.pronoun == "person_pronoun" and memory.last_person:
            ids.append(memory.last_person)
        elif head.pronoun == "body_pronoun" and memory.last_body:
            ids.append(memory.last_body)
        elif head.pronoun == "group_pronoun":
            ids.extend(memory.both_sides())
        elif head.pronoun == "proposal_pronoun":
            ids.extend(memory.last_subject)  # X提议…。Y拒绝了这一提议: X made it
        elif head.pronoun == "parties_pronoun":
            ids.extend(memory.last_pair)
        elif head.entity is not None and is_actor(head.entity):
            ids.append(head.entity.id)
        elif head.entity is not None and places:
            # 加沙地带南部汗尤尼斯: the strike hits the region as well as the town.
            ids.extend(s.entity.id for s in group.spans if s.entity is not None)
    return list(dict.fromkeys(ids))


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

    @property
    def after_speech(self) -> bool:
        """The clause reports what a speaker said (X表示，…)."""
        return bool(self.speaker)

    def subject_group(self, before: int, memory: Memory, places: bool = False) -> list[str] | None:
        """The actors of the first unmarked phrase before ``before``.

        None when the clause names no subject there (it is then inherited);
        an empty list when the subject is no actor (欧洲, a city), which still
        blocks inheriting the previous clause's. With ``places`` a place counts
        (巴基斯坦西北部一处军营遭袭击: the place is what was hit).
        """
        for group in self.groups:
            if group.start >= before:
                break
            if group.marker is None:
                return resolve(group, memory, places)
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


@dataclass
class Scope:
    """A governing trigger (敦促, 拒绝, 同意) and the acts that are its content."""

    candidate: Candidate | None

    def absorb(self, trigger: Trigger) -> None:
        """The content of a demand or refusal gives it its PLOVER mode."""
        event = self.candidate
        if event is not None and event.type in MODE_FROM_CONTENT and event.mode is None:
            event.mode = CONTENT_MODE.get(trigger.type, "change")


@dataclass(frozen=True)
class Reading:
    """One paragraph as the coder reads it: names, cue words and triggers found in it."""

    index: int
    text: str
    spans: list[Span]
    cues: list[Match]
    triggers: list[Match]
    verbs: list[Match] = field(default_factory=list)


@dataclass
class SentenceState:
    """What one clause hands to the next inside a sentence."""

    inherited: list[str] = field(default_factory=list)
    speaker: list[str] = field(default_factory=list)
    earlier: list[Group] = field(default_factory=list)
    scope: Scope | None = None


def sentences(paragraph: Paragraph) -> list[tuple[int, int]]:
    """Sentence spans: the text stage's where it ran, else split at 。！？."""
    if paragraph.sentences:
        return [(s.start, s.end) for s in paragraph.sentences]
    spans: list[tuple[int, int]] = []
    start = 0
    for end_mark in SENTENCE_END.finditer(paragraph.text):
        spans.append((start, end_mark.end()))
        start = end_mark.end()
    if start < len(paragraph.text):
        spans.append((start, len(paragraph.text)))
    return [(s, e) for s, e in spans if paragraph.text[s:e].strip()]


def clauses(text: str, start: int, end: int) -> Iterator[tuple[int, int]]:
    """Clause spans inside one sentence, split at commas, semicolons and colons."""
    begin = start
    for mark in CLAUSE_BREAK.finditer(text, start, end):
        yield begin, mark.start()
        begin = mark.end()
    if begin < end:
        yield begin, end


@cache
def speech_verbs() -> tuple[str, ...]:
    """Verbs of saying (the quotes stage's list): a clause ending in one introduces speech."""
    return tuple(row["verb"] for row in table("speech_verbs.tsv"))


def introduces_speech(text: str) -> bool:
    """X表示， / 声明称，: what follows is what X said."""
    return text.rstrip().endswith(speech_verbs())


# --- the coder ---------------------------------------------------------------------


@dataclass
class ArticleCoder:
    """Codes the events of one article; holds the indexes every clause needs."""

    article: Article
    published: str | None
    memory: Memory = field(default_factory=Memory)
    candidates: list[Candidate] = field(default_factory=list)

    def code(self) -> list[Event]:
        for index, paragraph in enumerate(self.article.paragraphs):
            if paragraph.role in CODED_ROLES:
                self.code_paragraph(index, paragraph)
        protest_demands(self.candidates)
        merged = merge(self.candidates, self.article)
        return [self.to_event(number, c) for number, c in enumerate(merged, 1)]

    def code_paragraph(self, index: int, paragraph: Paragraph) -> None:
        text = paragraph.text
        words = find(trigger_automaton(), text)
        # A cue inside a trigger or mask is part of that word (对 in 反对, 不 in 不赞成);
        # 到访的 marks the visitor even though 到访 is a trigger of its own.
        cues_found = [
            c for c in find(cue_automaton(), text) if c.kind == "visitor" or not _overlaps(c, words)
        ]
        reading = Reading(
            index=index,
            text=text,
            spans=entity_spans(self.article, index, cues_found),
            cues=cues_found,
            triggers=bear_out(words, text),
            verbs=verbs(paragraph, cues_found),
        )
        carried: list[str] = []
        # Indexed, so that each clause looks at its own names and words only: a filter of
        # the whole paragraph per clause grows with the square of a long paragraph.
        spans = SpanIndex(reading.spans)
        word_indexes = [SpanIndex(f) for f in (reading.cues, reading.triggers, reading.verbs)]
        for sent_start, sent_end in sentences(paragraph):
            # 随后，… / 此后…: a sentence that goes on with the same actor keeps its subject.
            state = SentenceState(inherited=carried if _continues(reading, sent_start) else [])
            for start, end in clauses(text, sent_start, sent_end):
                inside = spans.within(start, end)
                # Words outside the clause never sit between two of its names.
                words_between = [w for index in word_indexes for w in index.within(start, end)]
                groups = build_groups(text, inside, words_between, start)
                clause = Clause(
                    index, start, end, sent_start, sent_end, groups,
                    state.inherited, state.speaker, state.earlier,
                )  # fmt: skip
                self.code_in_sentence(state, clause, reading)
            carried = state.inherited

    def code_in_sentence(self, state: SentenceState, clause: Clause, reading: Reading) -> None:
        """Code one clause and hand on what it establishes (subject, speaker, scope)."""
        here = [m for m in reading.triggers if clause.start <= m.start and m.end <= clause.end]
        first_act = here[0].start if here else clause.end
        # Names paired before the clause's first act are newer than the events before them;
        # a pair inside the act (同意…结束俄乌冲突) is its content, not who 双方 are.
        self.remember_pairs([g for g in clause.groups if g.end <= first_act], fresh=True)
        lead = clause.subject_group(first_act, self.memory)
        coded = len(self.candidates)
        if state.scope is not None and lead is None and not _new_act(clause, here, reading.cues):
            for match in here:
                state.scope.absorb(_trigger_of(match))
        else:
            state.scope = self.code_clause(clause, reading, here)
        # The subject a clause hands on stands before its first act (驱逐X: X is the object);
        # protesters nobody names go on as the people the protest was coded for.
        own = lead if here else clause.subject_group(clause.end, self.memory)
        protesters = [c.source for c in self.candidates[coded:] if c.type == "PROTEST"]
        own = own or (protesters[0] if protesters else own)
        if own:
            self.remember_subject(own)
            state.inherited = own
        said = reading.text[clause.start : clause.end]
        if introduces_speech(said) and not _performs(said, reading, clause):
            state.speaker = own or state.inherited
        self.remember_pairs([g for g in clause.groups if g.end > first_act], fresh=False)
        state.earlier = [*state.earlier, *clause.groups]

    def remember_participants(self, candidate: Candidate) -> None:
        """双方 stand for the sides of the last event that took place and had two of them:
        希望与X会面 names no pair that met, 美方宣布制裁 only one side."""
        sides = list(dict.fromkeys([*candidate.source, *candidate.target]))
        if candidate.modality not in UNREALIZED and len(sides) >= 2:
            self.memory.last_participants = sides
            self.memory.pair_is_newer = False

    def remember_subject(self, ids: list[str]) -> None:
        """他/她 stand for the last person who was a subject, 该组织/该国 for the last body,
        这一提议 for the last subject of all."""
        self.memory.last_subject = list(ids)
        entities = [e for i in ids if (e := self.article.entity(i)) is not None]
        persons = [e.id for e in entities if e.type == "PER"]
        bodies = [e.id for e in entities if e.type != "PER"]
        if persons:
            self.memory.last_person = persons[0]
        if bodies:
            self.memory.last_body = bodies[0]

    def remember_pairs(self, groups: list[Group], fresh: bool) -> None:
        """冲突双方 stand for the last two sides named together (X和Y之间的冲突)."""
        for group in groups:
            named = [h for h in group.heads if h.entity is not None and is_actor(h.entity)]
            if len(named) >= 2 and len(named) == len(group.heads):
                self.memory.last_pair = [h.entity.id for h in named if h.entity is not None]
                self.memory.pair_is_newer = fresh

    def code_clause(self, clause: Clause, reading: Reading, matches: list[Match]) -> Scope | None:
        """Code the triggers of one clause; a governing trigger swallows the acts after it."""
        scope: Scope | None = None
        for match in matches:
            trigger = _trigger_of(match)
            if scope is not None:
                scope.absorb(trigger)
                continue
            if (
                _inside_name(match, reading.spans)
                or _is_modifier(match, reading, matches)
                or _is_nominal(match, reading, clause)
            ):
                continue
            candidate = self.read(clause, reading, match, trigger)
            if candidate is not None:
                self.candidates.append(candidate)
                self.remember_participants(candidate)
            if trigger.governs and (candidate is not None or trigger.frame != "demand"):
                scope = Scope(candidate)
        return scope

    def read(
        self, clause: Clause, reading: Reading, match: Match, trigger: Trigger
    ) -> Candidate | None:
        """Participants, place, time and modality of one trigger, or None if it codes nothing."""
        window = [c for c in reading.cues if c.start >= clause.start and c.end <= match.start]
        # 希望 is the actor's wish (sought), unless another side follows (see addressee).
        kinds = {"sought" if c.kind == "hope" else c.kind for c in window}
        found = self.sides(clause, reading, match, trigger, window, kinds)
        if found is None:
            return None
        if "called_off" in kinds or _called_off(reading, match, clause):
            kinds.add("negated")
        source, target, location = found
        modality = next((kind for kind in MODALITY_ORDER if kind in kinds), None)
        event_type, mode, modality, negated = recast(trigger, kinds, modality)
        if event_type == "PROTEST" and self.spoken(source):
            event_type, mode = "ACCUSE", None
        addressee = self.addressee(clause, window, match, source)
        if addressee and event_type == trigger.type:
            # 美方希望欧方作出让步: hoping another side acts is asking it to (made now).
            mode = CONTENT_MODE.get(event_type, "change")
            event_type, modality, negated, target = "REQUEST", None, False, addressee
        if event_type == "CONSULT" and mode is None:
            visitor = self.visitor(clause, reading, match, source, target)
            if visitor is not None:
                mode = "visit"
                source, target = visitor, [i for i in [*source, *target] if i not in visitor]
        return Candidate(
            trigger=trigger,
            type=event_type,
            mode=mode,
            source=source,
            target=target,
            location=location,
            date=self.date(clause, match.start, modality),
            negated=negated,
            modality=modality,
            paragraph=clause.paragraph,
            sentence=reading.text[clause.sentence_start : clause.sentence_end].strip(),
            text=trigger.word,
            start=match.start,
            end=max(match.end, match.reach),
        )

    def sides(
        self,
        clause: Clause,
        reading: Reading,
        match: Match,
        trigger: Trigger,
        window: list[Match],
        kinds: set[str],
    ) -> tuple[list[str], list[str], str | None] | None:
        """Source, target and place of one trigger; None when a side it needs is missing."""
        sponsor = self.auspices(clause, reading.text, match)
        if sponsor:
            parties = [i for i in self.memory.last_participants if i not in sponsor]
            return (sponsor, parties, None) if parties or not trigger.needs_target else None
        own = clause.subject_group(match.start, self.memory)
        source, target, location = self.participants(clause, reading, match, trigger, own, kinds)
        passive = [c for c in window if c.kind == "passive"]
        struck = trigger.type in PLACE_TARGETS
        if passive:
            hit = clause.subject_group(match.start, self.memory, struck)
            recipients = source if hit is None else hit
            source, target = self.agent(clause, passive[-1], match), [*recipients, *target]
        target = list(dict.fromkeys(t for t in target if t not in source))
        location = location or self.location(clause, match, trigger)
        if not source and trigger.type == "PROTEST":
            source = self.people_of(location)  # 数千名抗议者在曼谷集会: Thailand's public
        # 军营遭自杀式袭击: an attack by no named attacker is still coded, on its target.
        if not source and not (passive and struck and target):
            return None
        if trigger.frame == "reciprocal" and not target and len(source) > 1:
            source, target = source[:1], source[1:]
        if not target and (trigger.needs_target or trigger.type == "THREATEN"):
            target = self.implied_target(clause, reading, match, trigger, source)
        if trigger.needs_target and not target:
            return None
        if trigger.frame == "visit" and self.at_home(source, target):
            return None
        return source, target, location

    def spoken(self, source: list[str]) -> bool:
        """外长X发表声明，抗议…: one named person's protest is a verbal one (PLOVER ACCUSE);
        PROTEST is collective dissent."""
        entities = [e for i in source if (e := self.article.entity(i)) is not None]
        return bool(entities) and all(e.type == "PER" for e in entities)

    def implied_target(
        self, clause: Clause, reading: Reading, match: Match, trigger: Trigger, source: list[str]
    ) -> list[str]:
        """The second side the text implies: the host of talks, the party warned."""
        if trigger.type == "CONSULT":
            return self.host(source, clause, match, trigger)
        if trigger.type == "THREATEN":
            return self.warned(reading, clause) or self.conditioned(reading, clause, source)
        return []

    def subject(
        self, clause: Clause, trigger: Trigger, own: list[str] | None, kinds: set[str]
    ) -> list[str]:
        """The clause's subject, else the sentence's, unless speech intervenes.

        After X说， the reported clause's acts are not X's own (即使实现停火)
        unless they are speech acts themselves (欢迎, 拒绝) or X's intent (希望, 将).
        """
        if own is not None:
            return own
        if clause.after_speech and not (trigger.governs or kinds & {"sought", "future"}):
            return []
        return clause.inherited

    def participants(
        self,
        clause: Clause,
        reading: Reading,
        match: Match,
        trigger: Trigger,
        own: list[str] | None,
        kinds: set[str],
    ) -> tuple[list[str], list[str], str | None]:
        """Source ids, target ids and (for visits) the place, by the trigger's frame."""
        text = reading.text
        if trigger.frame == "demand":
            return self.demand(clause, text, match, own)
        if trigger.frame == "verdict":
            return self.verdict(clause, text, match, own)
        source = list(self.subject(clause, trigger, own, kinds))
        places = trigger.type in PLACE_TARGETS
        target: list[str] = []
        location: str | None = None
        for group in clause.groups:
            before = group.end <= match.start
            if group.marker == "counterpart" and _relation_follows(reading, group.end):
                continue  # 向与哥伦比亚接壤的苏利亚州: 与X describes a place, X takes no part
            if group.marker == "counterpart" and before and trigger.frame == "svo":
                source += resolve(group, self.memory)  # 中国与法国将共同打击…: acting together
            elif group.marker == "counterpart" or (
                group.marker == "target"
                and (before or not trigger.governs or trigger.type == "THREATEN")
            ):
                target += resolve(group, self.memory, places)
        obj = self.direct_object(clause, text, match)
        if obj is not None:
            if trigger.frame == "visit":
                target += self.visited(obj)
                location = _place(obj)
            else:
                target += resolve(obj, self.memory, places)
        return source, list(dict.fromkeys(target)), location

    def visited(self, group: Group) -> list[str]:
        """到访乌克兰首都基辅: the state visited (or the person or body met) is the host;
        抵达曼德勒: the state the city lies in, when the article names it."""
        hosts = [s.entity for s in group.spans if s.entity is not None and is_actor(s.entity)]
        states = [e for e in hosts if is_state(e)]
        if hosts:
            return [(states or hosts)[0].id]
        countries = {s.entity.country for s in group.spans if s.entity is not None}
        return [
            e.id
            for e in self.article.entities
            if is_state(e) and e.country is not None and e.country in countries
        ][:1]

    def auspices(self, clause: Clause, text: str, match: Match) -> list[str]:
        """在阿联酋斡旋下 / 在X的调解下: X performs the act (the parties are those of the
        previous event); 在 here marks no place."""
        if text[match.reach : match.reach + 1] != "下":
            return []
        for group in clause.groups:
            if group.marker == "location" and text[group.end : match.start] in ("", "的"):
                return resolve(group, self.memory)
        return []

    def agent(self, clause: Clause, passive: Match, match: Match) -> list[str]:
        """X被Y拘留: Y, the phrase between the passive marker and the trigger, is the actor."""
        ids: list[str] = []
        for group in clause.groups:
            if group.start >= passive.end and group.end <= match.start:
                ids += resolve(group, self.memory)
        return ids

    def demand(
        self, clause: Clause, text: str, match: Match, own: list[str] | None
    ) -> tuple[list[str], list[str], None]:
        """X表示，Y必须…: the speaker demands of Y, where Y stands right before the modal
        and does not include the speaker's own side.

        Y may carry a one- or two-character tail the mentions stage left out (以|军, 美|方).
        """
        before = [g for g in clause.groups if g.end <= match.start]
        if not own or not before or before[-1].marker is not None:
            return [], [], None
        gap = text[before[-1].end : match.start]
        if resolve(before[-1], self.memory) != own or len(gap) > 2 or DIGIT_OR_PUNCT.search(gap):
            return [], [], None
        speaker = clause.speaker or clause.inherited
        if actor_keys(speaker, self.article) & actor_keys(own, self.article):
            return [], [], None  # 王毅表示，双方应当加强沟通: a view on one's own side, no demand
        return speaker, own, None

    def verdict(
        self, clause: Clause, text: str, match: Match, own: list[str] | None
    ) -> tuple[list[str], list[str], None]:
        """X称，Y的指控“毫无根据” / X称Y的决定“不可接受”: X rejects what Y said or did.

        Y is the owner (Y的…) named right before the verdict; X the clause's own
        subject when that is not Y, else the speaker who introduced the clause.
        """
        before = [g for g in clause.groups if g.end <= match.start]
        if not before:
            return [], [], None
        gap = text[before[-1].end : match.start]
        if "的" not in gap or len(gap) > MAX_OWNED_GAP:
            return [], [], None
        judged = resolve(before[-1], self.memory)
        source = own if own and own != judged else clause.speaker
        return list(source), judged, None

    def direct_object(self, clause: Clause, text: str, match: Match) -> Group | None:
        """The phrase right after the trigger (会晤乌总统泽连斯基, 敦促朝方), or after a
        relative clause that may name places of its own (袭击了部署在红海北部的美国航母)."""
        for group in clause.groups:
            if group.start < match.end:
                continue
            gap = text[match.end : group.start]
            if group.marker is None and OBJECT_GAP.match(gap):
                return group
            if not RELATIVE_OPEN.match(gap):
                return None
        return None

    def location(self, clause: Clause, match: Match, trigger: Trigger) -> str | None:
        """在 X in the clause, else in the sentence before it."""
        groups = self.location_groups(clause, match, trigger)
        return next((place for g in groups if (place := _place(g))), None)

    def location_groups(self, clause: Clause, match: Match, trigger: Trigger) -> list[Group]:
        """Location-marked groups: the clause's (nearest first), then earlier clauses'.

        After a governing trigger the places belong to its content
        (驳斥了关于以军将继续驻留在黎南部的报道), not to the refusal.
        """
        before = [g for g in clause.groups if g.start < match.start]
        after = [] if trigger.governs else [g for g in clause.groups if g.start >= match.end]
        ordered = [*reversed(before), *after, *reversed(clause.earlier)]
        return [g for g in ordered if g.marker == "location"]

    def addressee(
        self, clause: Clause, window: list[Match], match: Match, source: list[str]
    ) -> list[str]:
        """The other side named right after a `hope` cue (希望哈马斯接受…), if any."""
        hopes = [c.end for c in window if c.kind == "hope"]
        for group in clause.groups:
            if group.start in hopes and group.end <= match.start and group.marker is None:
                ids = resolve(group, self.memory)
                return ids if ids and not set(ids) & set(source) else []
        return []

    def warned(self, reading: Reading, clause: Clause) -> list[str]:
        """X警告说，如果Y继续空袭，…: a warning is addressed to Y, whose act is the condition."""
        start = clause.end + 1
        if start >= clause.sentence_end:
            return []
        end_mark = CLAUSE_END.search(reading.text, start, clause.sentence_end)
        end = end_mark.start() if end_mark else clause.sentence_end
        opening = len(reading.text[start:end]) - len(reading.text[start:end].lstrip())
        if not any(c.start == start + opening and c.kind == "hypothetical" for c in reading.cues):
            return []
        actors = [
            s.entity.id
            for s in reading.spans
            if start <= s.start and s.end <= end and s.entity is not None and is_actor(s.entity)
        ]
        return actors[:1]

    def conditioned(self, reading: Reading, clause: Clause, source: list[str]) -> list[str]:
        """Y必须…，否则X将…: a threat made with 否则 is addressed to the party the
        condition before it names (the last actor of the sentence that is not X)."""
        opening = (
            clause.start
            + len(reading.text[clause.start : clause.end])
            - len(reading.text[clause.start : clause.end].lstrip())
        )
        if not any(c.start == opening and c.kind == "otherwise" for c in reading.cues):
            return []
        own = actor_keys(source, self.article)
        for group in reversed(clause.earlier):
            ids = [] if group.marker == "location" else resolve(group, self.memory)
            if ids and not actor_keys(ids, self.article) & own:
                return ids
        return []

    def people_of(self, place: str | None) -> list[str]:
        """The state a place lies in, standing for its unnamed people (PLOVER codes
        protesters nobody names as the country's public)."""
        entity = self.article.entity(place)
        if entity is None or entity.country is None:
            return []
        if is_state(entity):
            return [entity.id]
        states = [
            e.id for e in self.article.entities if is_state(e) and e.country == entity.country
        ]
        return states[:1]

    def at_home(self, source: list[str], target: list[str]) -> bool:
        """A trip inside one's own country (特朗普抵达佛罗里达) is no visit between actors."""
        visitors = {e.country for i in source if (e := self.article.entity(i)) is not None}
        hosts = {e.country for i in target if (e := self.article.entity(i)) is not None}
        return None not in hosts and hosts <= visitors

    def visitor(
        self, clause: Clause, reading: Reading, match: Match, source: list[str], target: list[str]
    ) -> list[str] | None:
        """The side that came on a visit to a meeting, if the text says who hosted it.

        会见来访的X / 与来访的X会谈: X is the visitor. 在白宫会见X, 在首都巴西利亚会见X:
        a meeting on one side's own ground, the other side (all of it foreign) came.
        """
        after = [g.start for g in clause.groups if g.start >= match.end]
        gap_end = after[0] if after else clause.end
        met = [g.start for g in clause.groups if g.marker == "counterpart" and g.end <= match.start]
        for cue in (c for c in reading.cues if c.kind == "visitor"):
            if match.end <= cue.start < gap_end or cue.end in met:
                return target or None
        venue = self.venue_country(clause, match, [*source, *target])
        if venue is None:
            return None
        countries = [
            {e.country for i in side if (e := self.article.entity(i)) is not None}
            for side in (source, target)
        ]
        for home, away, guests in (
            (countries[0], countries[1], target),
            (countries[1], countries[0], source),
        ):
            if guests and home == {venue} and None not in away and venue not in away:
                return guests
        return None

    def venue_country(self, clause: Clause, match: Match, sides: list[str]) -> str | None:
        """The country of the place a clause's act happens in (在白宫, 在首都巴西利亚).

        A place that is itself a side (在阿联酋斡旋下) is no venue.
        """
        for group in reversed([g for g in clause.groups if g.start < match.start]):
            if group.marker != "location":
                continue
            entities = [s.entity for s in group.spans if s.entity is not None]
            if any(e.id in sides for e in entities):
                return None
            countries = {e.country for e in entities}
            return countries.pop() if len(countries) == 1 else None
        return None

    def host(self, source: list[str], clause: Clause, match: Match, trigger: Trigger) -> list[str]:
        """For talks in 埃及首都开罗 with nobody named: the host state, if not the source's own."""
        own_countries = {e.country for i in source if (e := self.article.entity(i)) is not None}
        for group in self.location_groups(clause, match, trigger):
            states = [s.entity for s in group.spans if s.entity is not None and is_state(s.entity)]
            if len(states) == 1 and states[0].country not in own_countries:
                return [states[0].id]
        return []

    @property
    def anchor(self) -> str | None:
        """The day the article speaks from: its dateline, else the publication date."""
        dateline = self.article.dateline.date if self.article.dateline else None
        return dateline or self.published

    def date(self, clause: Clause, position: int, modality: str | None) -> str | None:
        """The date governing the clause; docs/events.md gives the order of fallbacks."""
        times = sorted(
            (t for t in self.article.times if _usable(t)),
            key=lambda t: (t.paragraph, t.start),
        )
        text = self.article.paragraphs[clause.paragraph].text
        in_sentence = [
            t
            for t in times
            if t.paragraph == clause.paragraph
            and clause.sentence_start <= t.start < position
            and (t.start >= clause.start or not _dates_another_act(text, t))
        ]
        if in_sentence:
            return _day(in_sentence[-1])
        if modality in UNREALIZED or modality == "historical":
            return None
        anchor = self.anchor
        earlier = [
            _day(t)
            for t in times
            if (t.paragraph, t.start) < (clause.paragraph, clause.sentence_start)
            and DAY.match(_start(t))
            and (anchor is None or _day(t) <= anchor)
        ]
        return earlier[-1] if earlier else anchor

    def consult_mode(self, candidate: Candidate) -> str | None:
        """Three or more states meeting: multilateral; on a fourth party's soil: third-party."""
        if candidate.type != "CONSULT" or candidate.mode is not None:
            return candidate.mode
        sides = [*candidate.source, *candidate.target]
        if len(actor_keys(sides, self.article)) >= MULTILATERAL:
            return "multilateral"
        place = self.article.entity(candidate.location)
        countries = {e.country for i in sides if (e := self.article.entity(i)) is not None}
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
            cameo=cameo or cameo_code(candidate.type, mode),
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
        )


def recast(
    trigger: Trigger, kinds: set[str], modality: str | None
) -> tuple[str, str | None, str | None, bool]:
    """Type, mode, modality and negation of a trigger in the light of the cues before it.

    暂停对X的援助 is a SANCTION; 不会与X谈判 a REJECT of talks (the refusal is
    the act, made now); 将对X加征关税 a THREATEN (announcing a sanction is
    threatening it, CAMEO 1312).
    """
    negated = "negated" in kinds
    if "halt" in kinds and trigger.type in HALTED_MODE:
        return "SANCTION", HALTED_MODE[trigger.type], modality, negated
    if "refusal" in kinds and trigger.type in CONTENT_MODE and not negated:
        return "REJECT", CONTENT_MODE[trigger.type], None, False
    if trigger.type == "SANCTION" and modality == "future" and not negated:
        return "THREATEN", "restrict", None, False
    return trigger.type, trigger.mode, modality, negated or "refusal" in kinds


def _performs(said: str, reading: Reading, clause: Clause) -> bool:
    """X宣布，驱逐… / X决定，…: announcing an act is doing it, so the act is X's own."""
    end = clause.start + len(said.rstrip())
    return any(c.kind == "performative" and c.end == end for c in reading.cues)


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
    return [m for m in tagged if not _overlaps(m, titles)]


def _continues(reading: Reading, sentence_start: int) -> bool:
    """The sentence opens with a continuation word (随后, 此后): its subject is the last one."""
    opening = len(reading.text[sentence_start:]) - len(reading.text[sentence_start:].lstrip())
    first = sentence_start + opening
    return any(c.start == first and c.kind == "continuation" for c in reading.cues)


def _new_act(clause: Clause, matches: list[Match], cue_matches: list[Match]) -> bool:
    """A clause that starts an act of its own rather than continuing a demand's content.

    …敦促以方停止军事行动，并将在开罗举行会谈 (a plan: 将) and
    …谴责以军违反停火协议，并呼吁国际社会施压 (another verbal act) both do.
    """
    if matches and _trigger_of(matches[0]).governs:
        return True
    end = matches[0].start if matches else clause.end
    return any(c.kind == "future" and clause.start <= c.start < end for c in cue_matches)


def _overlaps(match: Match, others: list[Match]) -> bool:
    return any(o.start < match.end and match.start < o.end for o in others)


def _trigger_of(match: Match) -> Trigger:
    if match.trigger is None:
        raise ValueError(f"match at {match.start} is a {match.kind}, not a trigger")
    return match.trigger


def _inside_name(match: Match, spans: list[Span]) -> bool:
    """A trigger inside a name (上海合作组织) is part of the name."""
    return any(s.entity is not None and s.start < match.end and match.start < s.end for s in spans)


def _is_modifier(match: Match, reading: Reading, triggers: list[Match]) -> bool:
    """谈判团队, 对话机制, 协商建成的…: the trigger qualifies a noun and reports no event.

    A 的 with another trigger before it (会见到访的埃及外长) closes that
    trigger's relative clause, not this one's; so does a 的 followed by an
    actor (会见来访的智利总统博里奇: the relative clause describes the object);
    a 的 after a name is the object's possessive (谴责印方的做法).
    """
    text, after = reading.text, max(match.end, match.reach)
    for cue in reading.cues:
        if cue.kind != "modifier_head" or not after <= cue.start <= after + 2:
            continue
        if DIGIT_OR_PUNCT.search(text[after : cue.start]):
            continue
        relative = text[cue.start : cue.end] == "的"
        if not relative:
            return True
        if any(s.entity is not None and after <= s.start < cue.start for s in reading.spans):
            continue  # 谴责印方的做法: the 的 is the object's possessive
        closes_other = any(after <= t.start < cue.start for t in triggers)
        if not (closes_other or (cue.start > after and _actor_follows(text, cue.end, reading))):
            return True
    return False


def _is_nominal(match: Match, reading: Reading, clause: Clause) -> bool:
    """A trigger used as a noun names an act, it reports none.

    俄方的指控 (right after 的, unless a halt cue makes the phrase the object of
    a reported step: 暂停对乌克兰的援助); 对俄朝军事合作深表关切, 对袭击予以谴责
    (inside a 对/就 phrase that a stance verb follows); 在通话中 (the setting of
    another act).
    """
    text = reading.text
    before = [c for c in reading.cues if clause.start <= c.start and c.end <= match.start]
    after = [c for c in reading.cues if match.reach <= c.start and c.end <= clause.end]
    if match.start > 0 and (text[match.start - 1] == "的" or _owned_noun(reading, match)):
        return not any(c.kind == "halt" for c in before)
    markers = [c for c in before if c.kind in MARKERS]
    if not markers:
        return False
    if any(m.kind in ("target", "topic") for m in markers) and any(
        c.kind == "stance" for c in after
    ):
        return True
    last = markers[-1]
    setting = text[last.end : match.start]
    if last.kind == "location" and _under(reading, last.end, match):
        return True
    return (
        last.kind == "location"
        and len(setting) <= SETTING_GAP
        and not DIGIT_OR_PUNCT.search(setting)
        and text[match.reach : match.reach + 1] in LOCALIZERS
    )


def _under(reading: Reading, opening: int, match: Match) -> bool:
    """在威胁下谈判, 在“极限施压”政策下: the trigger names the condition another act
    happens under. 在X斡旋下 names X, the mediator, and is read by `auspices`."""
    tail = reading.text[match.reach : match.reach + UNDER_REACH]
    cut = CLAUSE_END.search(tail)
    tail = tail[: cut.start()] if cut else tail
    if UNDER not in tail or match.start - opening > SETTING_GAP:
        return False
    end = match.reach + tail.index(UNDER)
    return not any(s.entity is not None and opening <= s.start < end for s in reading.spans)


def _owned_noun(reading: Reading, match: Match) -> bool:
    """对委内瑞拉的公然威胁: one or two characters of modifier between 的 and the trigger
    still make it a noun, unless they are a verb or a name, or an actor follows as the
    object (美方的代表谴责俄罗斯)."""
    opening = OWNED_MODIFIER.search(reading.text, max(0, match.start - 3), match.start)
    if opening is None or _actor_follows(reading.text, match.reach, reading):
        return False
    starts = [w.start for w in reading.verbs] + [s.start for s in reading.spans]
    return not any(opening.start() < start < match.start for start in starts)


def _actor_follows(text: str, position: int, reading: Reading) -> bool:
    """An actor named right after ``position``, a title at most between (来访的智利总统博里奇)."""
    return any(
        s.entity is not None
        and is_actor(s.entity)
        and position <= s.start <= position + MAX_TITLE_GAP
        and not DIGIT_OR_PUNCT.search(text[position : s.start])
        for s in reading.spans
    )


def _called_off(reading: Reading, match: Match, clause: Clause) -> bool:
    """原定3日举行的第四轮谈判因故推迟: a postponement after the act in its clause, with
    no other act around it, says the act did not happen as planned (in 同意推迟撤军
    the postponement is the withdrawal's)."""
    for cue in reading.cues:
        if cue.kind != "called_off" or not match.reach <= cue.start < clause.end:
            continue
        if not any(match.reach <= t.start < clause.end and t != match for t in reading.triggers):
            return True
    return False


def _relation_follows(reading: Reading, position: int) -> bool:
    """与X接壤的: a `relation` cue right after the 与 phrase makes it a description."""
    return any(c.start == position and c.kind == "relation" for c in reading.cues)


def _place(group: Group) -> str | None:
    """The most specific place in a location phrase: 比利时首都布鲁塞尔 -> 布鲁塞尔."""
    entities = [s.entity for s in group.spans if s.entity is not None and s.entity.type == "LOC"]
    places = [e for e in entities if not is_state(e)]
    if places:
        return places[-1].id
    return entities[0].id if len(entities) == 1 else None


def _dates_another_act(text: str, time: TimeExpression) -> bool:
    """缅甸3月28日强震发生后，…联合国呼吁: a time in a clause ending in 后/以来 dates
    what came before the main act, not the act itself."""
    end = CLAUSE_END.search(text, time.end)
    return text[time.end : end.start() if end else len(text)].rstrip().endswith(AFTER_WORDS)


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


# --- one event, many mentions ----------------------------------------------------


def actor_keys(ids: Iterable[str], article: Article) -> frozenset[str]:
    """What identifies a side across mentions: the state an actor acts for, else the actor."""
    keys = set()
    for entity_id in ids:
        entity = article.entity(entity_id)
        keys.add(entity.country if entity is not None and entity.country else entity_id)
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
    one = actor_keys([*first.source, *first.target], article)
    two = actor_keys([*second.source, *second.target], article)
    smaller, larger = sorted((one, two), key=len)
    if one == two or (len(smaller) >= 2 and smaller <= larger):
        return True
    # 召见…大使，就此提出抗议: one sentence, one actor, one act told twice.
    return first.sentence == second.sentence and bool(
        actor_keys(first.source, article) & actor_keys(second.source, article)
    )


def protest_demands(candidates: list[Candidate]) -> None:
    """集会，要求佩通坦辞职: whom a protest's demand addresses is the protest's target."""
    for protest in (c for c in candidates if c.type == "PROTEST" and not c.target):
        demands = [
            c
            for c in candidates
            if c.type == "REQUEST"
            and c.target
            and (c.paragraph, c.sentence) == (protest.paragraph, protest.sentence)
            and set(c.source) & set(protest.source)
        ]
        if demands:
            protest.target = list(demands[0].target)


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


def code_article(article: Article, published: str | None) -> list[Event]:
    """The PLOVER events of one article."""
    return ArticleCoder(article, published).code()


def run(doc: Document, settings: Settings) -> None:
    """Pipeline stage: fill ``article.events`` for every article."""
    for article in doc.articles:
        article.events = code_article(article, doc.published)
