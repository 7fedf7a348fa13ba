"""The event lexicon: trigger words, cue words and the CAMEO crosswalk, checked.

Why in lang/zh: the events stage is an engine that knows no Chinese. Which
words report which PLOVER act (event_triggers.tsv), which function words carry
modality, negation and the roles around a verb (event_cues.tsv) and which
CAMEO code a type and mode have (plover_cameo.tsv) is read here, once per data
folder, and checked so that a typo stops loading with an error naming the row.
docs/events.md describes the files for analysts who extend them.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, replace
from functools import cache

import ahocorasick

from jishi.lang.data import DataFileError, DataFiles
from jishi.lang.plover import PloverType, plover_types
from jishi.lang.zh.punct import CLAUSE_MARKS, SENTENCE_FINAL

TRIGGERS = "event_triggers.tsv"
CUES = "event_cues.tsv"
CROSSWALK = "plover_cameo.tsv"
GENERICS = "generic_actors.tsv"
GENERIC_TYPES = frozenset({"PER", "ORG", "LOC"})
GENERIC_ROLES = frozenset({"attacker", "target"})
FRAMES = frozenset({"svo", "reciprocal", "visit", "demand", "verdict", "charge"})
MODALITY_KINDS = frozenset({"future", "hypothetical", "sought", "historical", "negated", "refusal"})
MARKERS = frozenset({"counterpart", "target", "topic", "location"})
PRONOUNS = frozenset(
    {
        "person_pronoun",
        "body_pronoun",
        "group_pronoun",
        "parties_pronoun",
        "proposal_pronoun",
        "document_pronoun",
    }
)
# Closed word classes the coder reads at fixed places (the aspect particle after a verb,
# the localizer after a setting); they are not cues looked for everywhere in the text.
# hazard: natural forces (龙卷风, 地震), which a trigger's voids name as a class (before:@hazard);
# topic_noun: a noun after a place that makes it the matter at hand (巴勒斯坦问题).
WORD_CLASSES = frozenset(
    {
        "aspect",
        "numeral",
        "classifier",
        "localizer",
        "under",
        "time_frame",
        "since",
        "hazard",
        "topic_noun",
    }
)
# A void context written @CLASS stands for every word of that class (before:@hazard).
CLASS_MARK = "@"
CUE_KINDS = (
    MODALITY_KINDS
    | MARKERS
    | {"not_a_cue", "mask", "modifier_head", "coordination", "np_break", "passive", "halt", "step"}
    | PRONOUNS
    | {"visitor", "stance", "continuation", "performative", "title_word", "hope", "first_person"}
    | {"willing", "will_noun", "occurrence", "unnamed_actor", "realized"}
    | {"otherwise", "relation", "called_off", "back_reference", "elaboration"}
    | WORD_CLASSES
)
# A gapped trigger (驱逐…外交官) is written with …; its tail must follow within this reach.
GAP = "…"
MAX_GAP = 20
CLAUSE_END = frozenset(CLAUSE_MARKS + SENTENCE_FINAL)


VOID_PLACES = frozenset({"before", "after"})
"""Where a void context stands: earlier in the trigger's clause, or after it in the clause."""


@dataclass(frozen=True)
class Void:
    """A context that voids a trigger (the `voids` column: ``after:信号``, ``before:…``).

    Why data: whether 释放 reports a release or a figure of speech (释放信号) is a
    fact about the word, which an analyst should be able to read and extend.
    """

    place: str
    word: str


@dataclass(frozen=True)
class Trigger:
    """One row of event_triggers.tsv: the word, its act, the roles it needs, what voids it."""

    word: str
    type: str
    mode: str | None
    cameo: str | None
    frame: str
    needs_target: bool
    governs: bool
    voids: tuple[Void, ...] = ()

    @property
    def head(self) -> str:
        """The words that open the trigger: all of it, or what comes before … (驱逐…外交官)."""
        return self.word.split(GAP)[0]

    @property
    def tail(self) -> str:
        """What must follow the head in the same clause for a gapped trigger, else ''."""
        return self.word.partition(GAP)[2]


@dataclass(frozen=True)
class Generic:
    """One row of generic_actors.tsv: a participant named by its class (武装分子, 检查站)."""

    word: str
    type: str
    name_en: str
    role: str


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


class EventLexicon:
    """Everything the event coder knows about words, for one data folder.

    Built by ``event_lexicon(files)``; the automata find triggers, masks and
    cues in a paragraph by leftmost-longest match.
    """

    def __init__(self, files: DataFiles) -> None:
        self.types: Mapping[str, PloverType] = plover_types(files)
        rows = _rows(files, CUES, {"cue", "kind"})
        self.generics = _generics(_rows(files, GENERICS, {"word", "type", "name_en", "role"}))
        self.cues = _cues(rows) | {
            g.word: "unnamed_actor" for g in self.generics.values() if g.role == "attacker"
        }
        self.classes = {
            kind: tuple(
                sorted((r["cue"] for r in rows if r["kind"] == kind), key=len, reverse=True)
            )
            for kind in WORD_CLASSES
        }
        self.triggers = tuple(
            _with_classes(_trigger(row, self.types), self.classes)
            for row in _rows(files, TRIGGERS, _TRIGGER)
        )
        self.crosswalk = {
            (row["type"], row["mode"] or None): row["cameo"]
            for row in _rows(files, CROSSWALK, {"type", "mode", "cameo"})
        }
        self.trigger_automaton = _trigger_automaton(self.triggers, self.cues)
        self.cue_automaton = _automaton(
            (word, Match(0, 0, kind)) for word, kind in self.cues.items() if kind != "mask"
        )
        # Attackers are hit too (击毙30名武装分子): every generic is a possible target.
        self.target_automaton = _automaton(
            (g.word, Match(0, 0, "generic_target")) for g in self.generics.values()
        )

    def cameo_code(self, event_type: str, mode: str | None) -> str | None:
        """The CAMEO code for a type and mode, falling back to the type's default."""
        return self.crosswalk.get((event_type, mode)) or self.crosswalk.get((event_type, None))

    def words(self, kind: str) -> tuple[str, ...]:
        """The words of one closed word class (WORD_CLASSES), longest first."""
        return self.classes[kind]

    def find_triggers(self, text: str) -> list[Match]:
        """Triggers (by their heads) and masks in a paragraph, leftmost-longest."""
        return find(self.trigger_automaton, text)

    def find_cues(self, text: str) -> list[Match]:
        """Cue words in a paragraph, leftmost-longest (not_a_cue hides the cues inside it)."""
        return find(self.cue_automaton, text)

    def find_targets(self, text: str, start: int, end: int) -> list[Match]:
        """Nouns of what an act of force hits (检查站, 村民) in text[start:end], found only
        where the coder looks for a target nobody names: elsewhere they are plain words."""
        return [
            replace(m, start=m.start + start, end=m.end + start)
            for m in find(self.target_automaton, text[start:end])
        ]


@cache
def event_lexicon(files: DataFiles) -> EventLexicon:
    """The event lexicon of a data folder (shipped files with the user's laid over)."""
    return EventLexicon(files)


_TRIGGER = {"trigger", "type", "mode", "cameo", "frame", "needs_target", "governs", "voids"}


def _rows(files: DataFiles, name: str, columns: set[str]) -> tuple[dict[str, str], ...]:
    """A table, checked for the columns the coder reads."""
    found = files.table(name)
    missing = columns - set(found[0]) if found else columns
    if missing:
        raise DataFileError(f"{name}: missing column(s) {', '.join(sorted(missing))}")
    return found


def _flag(row: dict[str, str], column: str) -> bool:
    value = row[column]
    if value not in ("yes", "no"):
        raise DataFileError(
            f"{TRIGGERS}: {row['trigger']!r}: {column} must be yes or no, not {value!r}"
        )
    return value == "yes"


def _trigger(row: dict[str, str], types: Mapping[str, PloverType]) -> Trigger:
    """Validate one lexicon row so a typo fails at load time, naming the row."""
    word = row["trigger"]
    if row["type"] not in types:
        raise DataFileError(f"{TRIGGERS}: {word!r}: unknown PLOVER type {row['type']!r}")
    if row["frame"] not in FRAMES:
        raise DataFileError(f"{TRIGGERS}: {word!r}: unknown frame {row['frame']!r}")
    parts = word.split(GAP)
    if len(parts) > 2 or not all(parts):
        raise DataFileError(f"{TRIGGERS}: {word!r}: a gap (…) needs words on both sides")
    return Trigger(
        word=word,
        type=row["type"],
        mode=row["mode"] or None,
        cameo=row["cameo"] or None,
        frame=row["frame"],
        needs_target=_flag(row, "needs_target"),
        governs=_flag(row, "governs"),
        voids=_voids(word, row["voids"]),
    )


def _voids(word: str, column: str) -> tuple[Void, ...]:
    """``after:信号 before:@hazard``: space-separated place:word pairs, each checked; a
    word written @CLASS names a closed word class of event_cues.tsv."""
    found: list[Void] = []
    for entry in column.split():
        place, _, context = entry.partition(":")
        if place not in VOID_PLACES or not context:
            raise DataFileError(
                f"{TRIGGERS}: {word!r}: void {entry!r} must be before:WORD or after:WORD"
            )
        if context.startswith(CLASS_MARK) and context[1:] not in WORD_CLASSES:
            known = ", ".join(sorted(WORD_CLASSES))
            raise DataFileError(
                f"{TRIGGERS}: {word!r}: void {entry!r}: no word class (one of {known})"
            )
        found.append(Void(place, context))
    return tuple(found)


def _with_classes(trigger: Trigger, classes: Mapping[str, tuple[str, ...]]) -> Trigger:
    """The trigger with each @CLASS void replaced by one void per word of the class: the
    natural forces that void an attack (遭到龙卷风袭击) are one list, not one per verb."""
    if not any(void.word.startswith(CLASS_MARK) for void in trigger.voids):
        return trigger
    voids = tuple(
        Void(void.place, word)
        for void in trigger.voids
        for word in (classes[void.word[1:]] if void.word.startswith(CLASS_MARK) else (void.word,))
    )
    return replace(trigger, voids=voids)


def voided(trigger: Trigger, text: str, clause_start: int, match: Match) -> bool:
    """A void context of the trigger stands in its clause: before it, or after it within
    MAX_GAP characters (释放积极信号, but not a 信号 two clauses on)."""
    after = text[match.reach : min(match.reach + MAX_GAP, clause_end(text, match.reach))]
    before = text[clause_start : match.start]
    return any(void.word in (after if void.place == "after" else before) for void in trigger.voids)


def check_trigger(row: dict[str, str], files: DataFiles) -> Trigger:
    """One trigger row as the lexicon would load it (raises DataFileError if bad)."""
    return _trigger(row, plover_types(files))


def _cues(rows: tuple[dict[str, str], ...]) -> dict[str, str]:
    """Cue word -> kind; a later row of the same word (a user's) replaces an earlier one.
    Word classes are kept apart: a word may be a cue and in a class (了 ends a name
    chain and is an aspect particle)."""
    found: dict[str, str] = {}
    for row in rows:
        if row["kind"] not in CUE_KINDS:
            raise DataFileError(f"{CUES}: {row['cue']!r}: unknown kind {row['kind']!r}")
        if row["kind"] not in WORD_CLASSES:
            found[row["cue"]] = row["kind"]
    return found


def _generics(rows: tuple[dict[str, str], ...]) -> dict[str, Generic]:
    """Word -> generic participant, each row checked; a later row (a user's) replaces one."""
    found: dict[str, Generic] = {}
    for row in rows:
        word = row["word"]
        if row["type"] not in GENERIC_TYPES:
            raise DataFileError(f"{GENERICS}: {word!r}: type must be PER, ORG or LOC")
        if row["role"] not in GENERIC_ROLES:
            raise DataFileError(f"{GENERICS}: {word!r}: role must be attacker or target")
        if not row["name_en"].strip():
            raise DataFileError(f"{GENERICS}: {word!r}: no English name")
        found[word] = Generic(word, row["type"], row["name_en"].strip(), row["role"])
    return found


def _automaton(words: Iterable[tuple[str, Match]]) -> ahocorasick.Automaton:
    automaton = ahocorasick.Automaton()
    for word, value in words:
        automaton.add_word(word, (len(word), value))
    automaton.make_automaton()
    return automaton


def _trigger_automaton(
    triggers: tuple[Trigger, ...], cues: dict[str, str]
) -> ahocorasick.Automaton:
    """Triggers and masks together, so that a mask (反对派) beats the trigger inside it.

    Rows are keyed by their head; a later row of the same word (a user's) replaces
    an earlier one, and gapped rows (驱逐…外交官) are tried before the bare head (驱逐).
    """
    by_word = {t.word: t for t in triggers}
    by_head: dict[str, list[Trigger]] = {}
    for trigger in sorted(by_word.values(), key=lambda t: not t.tail):
        by_head.setdefault(trigger.head, []).append(trigger)
    entries = [(head, Match(0, 0, "trigger", options=tuple(o))) for head, o in by_head.items()]
    # A word that names an attacker (袭击者, 自杀式袭击者) holds no act either.
    masks = ("mask", "unnamed_actor")
    entries += [(word, Match(0, 0, "mask")) for word, kind in cues.items() if kind in masks]
    return _automaton(entries)


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


def clause_end(text: str, start: int) -> int:
    """Where the clause running at ``start`` ends: its next clause or sentence mark."""
    return next((i for i in range(start, len(text)) if text[i] in CLAUSE_END), len(text))


def borne_out(match: Match, text: str) -> Match | None:
    """The lexicon row a trigger match stands for: the first gapped row whose tail
    follows in the same clause, within MAX_GAP characters, else the bare head's row."""
    limit = min(match.end + MAX_GAP, clause_end(text, match.end))
    for option in match.options:
        if not option.tail:
            return replace(match, trigger=option, reach=match.end)
        found = text.find(option.tail, match.end, limit)
        if found != -1:
            return replace(match, trigger=option, reach=found + len(option.tail))
    return None


def bear_out(words: list[Match], text: str) -> list[Match]:
    """The trigger matches of a paragraph with their lexicon rows; a trigger inside
    the tail of a gapped one (援助 in 提供…援助) is part of it."""
    found = [m for w in words if w.kind == "trigger" and (m := borne_out(w, text))]
    return [m for m in found if not any(o.end <= m.start and m.end <= o.reach for o in found)]
