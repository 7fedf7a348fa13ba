"""Stage "quotes": who said what, as direct and indirect speech with a speaker entity.

Why rules over the document model rather than a statistical model: Chinese news
reports speech in a few fixed shapes (X说，… / X强调：“…” / “…”，他说 / 据X报道 /
——X under a pull quote), the speaker is almost always an entity the earlier
stages already found, and the analyst needs to see and extend the word lists
(data/speech_verbs.tsv, data/quote_words.yaml) rather than retrain anything.

The body paragraphs of an article are read as one stream, joined by a newline,
so that a quotation or a reported clause that the page breaks across paragraphs
stays one quote; offsets are mapped back to (paragraph, offset) on output.
docs/quotes.md lists the forms recognized and the speaker rules.
"""

from __future__ import annotations

import bisect
import itertools
import re
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field, replace
from functools import cache, cached_property
from pathlib import Path

from jishi.lang.data import DataFileError, DataFiles, data_files, read_tsv, read_yaml
from jishi.lang.spans import SpanIndex
from jishi.lang.zh import speech
from jishi.lang.zh.chars import bigrams
from jishi.lang.zh.names import word_frequency
from jishi.lang.zh.punct import ENUMERATION_COMMA
from jishi.model import Article, Document, Entity, Quote, QuoteKind
from jishi.settings import Settings

STREAM_ROLES = frozenset({"body", "lead"})
PARAGRAPH_BREAK = "\n"
SENTENCE_FINAL = "。！？!?"
# An opening mark after one of these, inside an open quotation, repeats it (a new paragraph
# of the same quotation) rather than opening another one.
CONTINUED_AFTER = "，,。！？!?；;" + PARAGRAPH_BREAK
# A clause (the words before a speech verb) starts after any of these.
CLAUSE_BOUNDARY = "，,。！？!?；;：:" + PARAGRAPH_BREAK
# Punctuation allowed between a speech verb and its quote.
AFTER_VERB = "，,：:"
# The possessive particle: a name right before it is a possessor (普京的发言人), not a
# speaker, and a verb right after it is a noun (有关方面的报道). Grammar, not a word list.
POSSESSIVE = "的"
# The sector of news outlets in the actor records: a report with no subject is the last one's.
MEDIA = "media"
# Shortest clause a bare verb may introduce (表示同意 is a stance, not a quote).
MIN_BARE_CLAUSE = 5
# A reported clause is direct speech when one quotation closing it holds at least this many
# times the letters of the unquoted words before it (法方“高度重视对华关系”).
MOSTLY_QUOTED = 2
# A time value that names a calendar date, week or month (not PAST_REF and the like).
CALENDAR_VALUE = re.compile(r"\d{4}")
# Pull quotes an attribution line may go to; bounds the pairing search on odd pages.
MAX_PAIRING_CANDIDATES = 6
# Fewest letters two quotes must share to be the same words printed twice.
MIN_REPEATED = 4
# Longest addressee between an addressing verb and its comma (告诉美国有线电视新闻网记者，…).
MAX_ADDRESSEE = 12
# A credit printed on the pull quote's own line, after its closing mark: “…”——特朗普.
CREDIT_ON_LINE = re.compile(r"([”」』][。！？]?)\s*([—－―]{1,2})(.+)$")
# Between the halves of a quotation split by its speaker: ”，他说，“ (group 1: 他说).
RESUMED_AFTER_SPEAKER = re.compile(
    r"[”」』]?[，,]?\s*([^，,。！？!?；;：:“”「」『』\n]+)[，,：:]\s*"
)
ATTRIBUTION_DASHES = "—-－―– \u3000"
ENTITY_TYPES = frozenset({"PER", "LOC", "ORG"})
WORDS_FILE = "quote_words.yaml"


@dataclass(frozen=True)
class QuoteWords:
    """The word lists, compiled once; all of them come from data files."""

    verbs: re.Pattern[str]
    bare_verbs: frozenset[str]
    subject_verbs: frozenset[str]
    quoted_verbs: frozenset[str]
    not_speech: re.Pattern[str]
    not_a_clause: re.Pattern[str]
    speaker_fillers: re.Pattern[str]
    source_fillers: re.Pattern[str]
    trailing_adverbs: re.Pattern[str]
    adverbial_openers: tuple[str, ...]
    adverbial_closers: re.Pattern[str]
    source_nouns: tuple[str, ...]
    according_to: tuple[str, ...]
    conjunctions: tuple[str, ...]
    relaying_verbs: frozenset[str]
    frames: dict[str, str]
    anaphors: dict[str, frozenset[str]]
    not_said: tuple[str, ...]
    no_speaker: tuple[str, ...]
    pronouns: tuple[str, ...]
    not_pronouns: tuple[str, ...]
    addressing_verbs: frozenset[str]
    addressee_heads: tuple[str, ...]
    quote_marks: dict[str, str]
    # between two names before a verb: the second is not the speaker (X和Y说, X、Y说)
    name_joiners: tuple[str, ...]
    # the segmenter's dictionary: an opener starting one of its words is no opener (在野党)
    dictionary_words: Mapping[str, int] = field(default_factory=dict)


def _alternation(words: Iterable[str]) -> re.Pattern[str]:
    """A regex that prefers the longest word at each place (警告说 over 警告);
    an empty list matches nothing (not the empty string everywhere)."""
    ordered = sorted(set(words) - {""}, key=len, reverse=True)
    return re.compile("|".join(re.escape(word) for word in ordered) or "(?!)")


def _repeated(words: Iterable[str], suffixes: Iterable[str]) -> re.Pattern[str]:
    """Any sequence of the words, or of a short name ending in one of the suffixes
    (统一部, 国务院): what may stand between a speaker and the verb."""
    alternatives = [re.escape(w) for w in sorted(set(words), key=len, reverse=True)]
    alternatives += [rf"\w{{1,4}}?{re.escape(s)}" for s in suffixes]
    return re.compile(f"(?:{'|'.join(alternatives)})*")


def _word_list(words: dict[str, object], key: str, origin: str) -> tuple[str, ...]:
    value = words.get(key)
    if not isinstance(value, list) or not all(isinstance(item, str) for item in value):
        raise DataFileError(f"{origin}: '{key}' must be a list of words")
    return tuple(value)


def _pairs(words: dict[str, object], key: str, origin: str) -> list[tuple[str, str]]:
    value = words.get(key)
    if not isinstance(value, list) or not all(
        isinstance(pair, list) and len(pair) == 2 and all(isinstance(w, str) for w in pair)
        for pair in value
    ):
        raise DataFileError(f"{origin}: '{key}' must be a list of [opening, closing] pairs")
    return [(opening, closing) for opening, closing in value]


def _anaphors(words: dict[str, object], origin: str) -> dict[str, frozenset[str]]:
    """anaphors: {该组织: [ORG], 该国: [LOC, ORG]}, longest word first."""
    value = words.get("anaphors")
    if not isinstance(value, dict) or not all(
        isinstance(kinds, list) and set(kinds) <= ENTITY_TYPES for kinds in value.values()
    ):
        raise DataFileError(f"{origin}: 'anaphors' must map words to lists of PER, LOC, ORG")
    ordered = sorted(value, key=len, reverse=True)
    return {str(word): frozenset(value[word]) for word in ordered}


def load_quote_words(verbs_path: Path, words_path: Path) -> QuoteWords:
    """The word lists from a speech verb TSV and a quote words YAML, checked by the one
    speech verb loader (jishi.lang.zh.speech)."""
    verbs = speech.checked(verbs_path, read_tsv(verbs_path))
    return compile_quote_words(verbs, read_yaml(words_path), str(words_path))


@cache
def quote_words(files: DataFiles) -> QuoteWords:
    """The shipped word lists with the user's own rows and words laid over them
    (jishi.lang.data: a speech_verbs.tsv or quote_words.yaml in the user data
    folder), loaded once per process."""
    origin = " + ".join(str(path) for path in files.paths(WORDS_FILE))
    return compile_quote_words(speech.speech_verbs(files), files.document(WORDS_FILE), origin)


def compile_quote_words(
    rows: Sequence[speech.SpeechVerb], words: object, origin: str
) -> QuoteWords:
    """The QuoteWords of checked speech verb rows and a quote words mapping; origin
    names the file(s) the words came from in errors."""
    if not isinstance(words, dict):
        raise DataFileError(f"{origin}: expected a mapping of word lists")
    marks = _pairs(words, "quote_marks", origin)

    def listed(key: str) -> tuple[str, ...]:
        return _word_list(words, key, origin)

    return QuoteWords(
        verbs=_alternation(row.verb for row in rows),
        bare_verbs=frozenset(row.verb for row in rows if row.bare == "yes"),
        subject_verbs=frozenset(row.verb for row in rows if row.bare == "subject"),
        quoted_verbs=frozenset(row.verb for row in rows if row.bare == "quoted"),
        not_speech=_alternation(listed("not_speech")),
        not_a_clause=re.compile(
            f"(?:{_alternation(listed('degree_adverbs')).pattern})*"
            f"(?:{_alternation(listed('not_a_clause')).pattern})"
        ),
        speaker_fillers=_repeated(
            listed("speaker_heads") + listed("adverbs"), listed("speaker_head_suffixes")
        ),
        source_fillers=_repeated(
            listed("source_nouns") + listed("source_determiners") + listed("adverbs"), ()
        ),
        trailing_adverbs=re.compile(f"(?:{_alternation(listed('adverbs')).pattern})+$"),
        adverbial_openers=listed("adverbial_openers"),
        adverbial_closers=_alternation(listed("adverbial_closers")),
        source_nouns=listed("source_nouns"),
        according_to=tuple(sorted(listed("according_to"), key=len, reverse=True)),
        conjunctions=tuple(sorted(listed("conjunctions"), key=len, reverse=True)),
        relaying_verbs=frozenset(listed("relaying_verbs")),
        frames={closing: opening for opening, closing in _pairs(words, "opinion_frames", origin)},
        not_said=listed("not_said"),
        anaphors=_anaphors(words, origin),
        no_speaker=listed("no_speaker"),
        pronouns=listed("pronouns"),
        not_pronouns=listed("not_pronouns"),
        addressing_verbs=frozenset(listed("addressing_verbs")),
        addressee_heads=listed("addressee_heads"),
        quote_marks=dict(marks),
        name_joiners=(*listed("name_joiners"), ENUMERATION_COMMA),
        dictionary_words=word_frequency(),
    )


# --- the article as one stream of text -----------------------------------------


@dataclass(frozen=True)
class Named:
    """An entity mention placed in the stream."""

    start: int
    end: int
    entity: Entity
    text: str


@dataclass(frozen=True)
class Dated:
    """A time expression with a value, placed in the stream."""

    start: int
    end: int
    value: str


@dataclass
class Stream:
    """Body paragraphs joined by newlines, with the map back to paragraph offsets."""

    text: str
    paragraph_ids: list[int]
    starts: list[int]
    names: list[Named] = field(default_factory=list)
    times: list[Dated] = field(default_factory=list)

    @classmethod
    def of(cls, article: Article) -> Stream:
        ids = [i for i, p in enumerate(article.paragraphs) if p.role in STREAM_ROLES]
        starts, offset = [], 0
        for paragraph_id in ids:
            starts.append(offset)
            offset += len(article.paragraphs[paragraph_id].text) + len(PARAGRAPH_BREAK)
        text = PARAGRAPH_BREAK.join(article.paragraphs[i].text for i in ids)
        stream = cls(text, ids, starts)
        stream.names = sorted(
            (
                Named(start, start + mention.end - mention.start, entity, mention.text)
                for entity in article.entities
                for mention in entity.mentions
                if (start := stream.position(mention.paragraph, mention.start)) is not None
            ),
            key=lambda named: (named.start, -named.end),
        )
        stream.times = sorted(
            (
                Dated(start, start + time.end - time.start, time.value)
                for time in article.times
                if time.value and (start := stream.position(time.paragraph, time.start)) is not None
            ),
            key=lambda dated: dated.start,
        )
        return stream

    def position(self, paragraph: int, offset: int) -> int | None:
        """Stream offset of a paragraph offset, or None outside the body paragraphs."""
        index = bisect.bisect_left(self.paragraph_ids, paragraph)
        if index == len(self.paragraph_ids) or self.paragraph_ids[index] != paragraph:
            return None
        return self.starts[index] + offset

    def locate(self, position: int) -> tuple[int, int]:
        """(article paragraph index, offset inside it) of a stream offset."""
        index = bisect.bisect_right(self.starts, position) - 1
        return self.paragraph_ids[index], position - self.starts[index]

    def names_within(self, start: int, end: int) -> list[Named]:
        """The names inside [start, end], in stream order (bisected: a scan of every name
        for each clause grows with the square of a long article)."""
        return self._name_index.within(start, end)

    @cached_property
    def _name_index(self) -> SpanIndex[Named]:
        return SpanIndex(self.names)


@dataclass(frozen=True)
class Quotations:
    """Closed quotations in the stream: (opening, closing) positions, and the
    opening marks that only repeat an open quotation as it runs on."""

    spans: list[tuple[int, int]]
    repeated: frozenset[int]


def inside_quotation(position: int, spans: list[tuple[int, int]]) -> bool:
    """Whether position falls between the marks of one of the quotations."""
    return any(opening < position < closing for opening, closing in spans)


def quotation_spans(text: str, marks: dict[str, str]) -> Quotations:
    """Every closed quotation in the stream.

    A quotation left open runs on until its closing mark. Chinese style repeats
    the opening mark at the start of each continued paragraph; when the layout
    has joined such paragraphs the repeated mark follows a comma or full stop
    (…责任，“这不是选择…”), and it is skipped too. An opening mark anywhere else
    while one is open (李明说：“… or mid-phrase) means the first lost its closing
    mark (an OCR loss): the first is dropped, so one missing mark cannot swallow
    the rest.
    """
    spans: list[tuple[int, int]] = []
    repeated: set[int] = set()
    pending: list[int] = []
    opened: int | None = None
    closing = ""
    for index, char in enumerate(text):
        if opened is not None and char == closing:
            spans.append((opened, index))
            repeated.update(pending)
            opened, pending = None, []
        elif char in marks:
            if opened is not None and text[index - 1] in CONTINUED_AFTER:
                pending.append(index)
            else:
                opened, closing, pending = index, marks[char], []
    return Quotations(spans, frozenset(repeated))


# --- speakers ----------------------------------------------------------------------


@dataclass
class Speakers:
    """What the speaker rules remember while reading an article in order."""

    stream: Stream
    words: QuoteWords
    subjects: list[tuple[int, Entity]]
    spans: list[tuple[int, int]] = field(default_factory=list)
    issuers: dict[str, Entity] = field(default_factory=dict)

    def resolve(self, start: int, end: int, verb: str) -> tuple[Entity | None, str | None]:
        """The speaker named in the clause text[start:end] that ends at the verb."""
        text = self.stream.text
        # 但他强调 / 而佩斯科夫说: a conjunction opens the clause, not its subject
        start = clause_start = _skip_prefix(text, start, end, self.words.conjunctions)
        opening = self.words.frames.get(verb)
        prefixes = self.words.according_to + ((opening,) if opening else ())
        start = _skip_prefix(text, start, end, prefixes)
        person = self._person(start, end)
        if person is not None:
            return person.entity, person.text
        pronoun = self._pronoun(start, end)
        if pronoun is not None:
            return self._antecedent(start), pronoun
        body = self._body(start, end)
        if body is not None:
            return body.entity, body.text
        source = self._source(start, end, verb)
        if source is not None:
            return self.issuers.get(source) or self._issuer_named_with(source, start), source
        anaphor = self._anaphor(start, end)
        if anaphor is not None:
            return anaphor
        if start == end and verb in self.words.relaying_verbs:
            # 报道说，… with no subject: the report of the outlet named last, not a person
            return self._last_outlet(start), None
        if start == clause_start and self._runs_to_verb(start, end):
            # No subject at all (…，会后对记者说): Chinese drops a subject that is
            # the same as before, so the speaker is the last subject. Not after
            # 据 (据报道，… = reportedly): that names no one.
            return self._dropped_subject(start), None
        unnamed = self._strip_time(start, end).strip()
        unnamed = self.words.trailing_adverbs.sub("", unnamed)  # 一些领导人还 → 一些领导人
        return None, unnamed or None

    def remember(self, position: int, speaker: Entity | None, clause: str) -> None:
        """A speaker counts as the latest subject; an issued document gets its issuer."""
        if speaker is None:
            return
        if speaker.type == "PER":
            bisect.insort(self.subjects, (position, speaker), key=lambda item: item[0])
        for noun in self.words.source_nouns:
            if noun in clause:
                self.issuers[noun] = speaker

    def _person(self, start: int, end: int) -> Named | None:
        """The person the clause is about: titles before a name are skipped, a
        possessor (X的发言人) is not the speaker, and a second person after a
        preposition or conjunction (X对Y说, X和Y说) is not the speaker either."""
        text = self.stream.text
        separators = self.words.adverbial_openers + self.words.name_joiners
        adverbial_end = self._leading_adverbial_end(start, end)
        chosen: Named | None = None
        for named in self.stream.names_within(start, end):
            if named.entity.type != "PER" or text[named.end : named.end + 1] == POSSESSIVE:
                continue
            if named.end <= adverbial_end:
                continue
            if chosen is not None and any(s in text[chosen.end : named.start] for s in separators):
                break
            chosen = named
        return chosen

    def _leading_adverbial_end(self, start: int, end: int) -> int:
        """End of an adverbial phrase that opens the clause with its subject dropped
        (与普京通话后说, 12日在会见泽连斯基时表示): people named in it are not speakers.
        Both ends are required, so that an opener inside a title (对外政策委员会主席X)
        does not hide the name."""
        cursor = start
        for time in self.stream.times:
            if time.start == cursor:
                cursor = time.end
        if not self.stream.text.startswith(self.words.adverbial_openers, cursor, end):
            return start
        closers = list(self.words.adverbial_closers.finditer(self.stream.text, cursor, end))
        return closers[-1].end() if closers else start

    def _pronoun(self, start: int, end: int) -> str | None:
        clause = self.stream.text[start:end].lstrip()
        if clause.startswith(self.words.not_pronouns):
            return None
        return next((p for p in self.words.pronouns if clause.startswith(p)), None)

    def _anaphor(self, start: int, end: int) -> tuple[Entity | None, str] | None:
        """该组织/该国 opening the clause, with nothing else before the verb but
        what may follow a speaker: the last organization/state named before it,
        outside quotations and 据X报道 attributions (the outlet is not 该组织)."""
        clause = self.stream.text[start:end].lstrip()
        word = next((w for w in self.words.anaphors if clause.startswith(w)), None)
        if word is None or not self._runs_to_verb(end - len(clause) + len(word), end):
            return None
        kinds = self.words.anaphors[word]
        for named in reversed(self.stream.names):
            if named.end > start or named.entity.type not in kinds:
                continue
            if inside_quotation(named.start, self.spans) or self._attributing(named.start):
                continue
            return named.entity, word
        return None, word

    def _last_outlet(self, position: int) -> Entity | None:
        """The last news outlet named before position outside quotations (路透社29日公布的
        研究显示…。报道说，… → Reuters)."""
        for named in reversed(self.stream.names):
            quoted = inside_quotation(named.start, self.spans)
            if named.end <= position and named.entity.sector == MEDIA and not quoted:
                return named.entity
        return None

    def _attributing(self, position: int) -> bool:
        """Whether position is inside a 据X报道 attribution clause."""
        text = self.stream.text
        opening = clause_start(text, position, self.words)
        return text[opening:position].lstrip().startswith(self.words.according_to)

    def _dropped_subject(self, start: int) -> Entity | None:
        """The subject a clause with none shares with the clause before it in the
        same sentence: a state or organization that clause ends with as its subject
        (哈马斯4日发表声明，指责… → 哈马斯) when it names no person, else the last
        person who was a subject (李明抵达巴黎并会见马克龙，会后说 → 李明)."""
        text = self.stream.text
        if start > 0 and text[start - 1] in "，,":
            previous = clause_start(text, start - 1, self.words)
            named = self.stream.names_within(previous, start - 1)
            people = [n for n in named if n.entity.type == "PER"]
            body = None if people else self._body(previous, start - 1)
            if body is not None:
                return body.entity
        return self._antecedent(start)

    def _antecedent(self, position: int) -> Entity | None:
        """The last person who was the subject of a sentence or spoke before here."""
        index = bisect.bisect_left(self.subjects, position, key=lambda item: item[0])
        return self.subjects[index - 1][1] if index else None

    def _body(self, start: int, end: int) -> Named | None:
        """A state or organization speaking: the last one whose words run up to the
        verb, allowing a head such as 政府/发言人, adverbs and an adverbial phrase
        (韩国政府13日表示, 哈马斯13日发表声明说), but not a noun that makes it a
        mere affiliation (美国媒体认为 → no speaker)."""
        candidates = [
            n
            for n in self.stream.names_within(start, end)
            if n.entity.type != "PER"
            # a place or body after 在/对/与… is a setting or a partner, not the speaker
            and not any(self._opener_in(o, start, n.start) for o in self.words.adverbial_openers)
        ]
        for named in sorted(candidates, key=lambda n: (n.end, n.end - n.start), reverse=True):
            if self._runs_to_verb(named.end, end):
                return self._first_of_pair(named, candidates)
        return None

    def _opener_in(self, opener: str, start: int, end: int) -> bool:
        """Whether an adverbial opener stands in text[start:end] as a word of its own,
        not as the start of a longer dictionary word (在 of 在野党 is no preposition)."""
        text = self.stream.text
        found = text.find(opener, start, end)
        while found >= 0:
            longer = (text[found : found + len(opener) + extra] for extra in (1, 2))
            if not any(word in self.words.dictionary_words for word in longer):
                return True
            found = text.find(opener, found + 1, end)
        return False

    def _first_of_pair(self, named: Named, candidates: list[Named]) -> Named:
        """法国和德国在联合声明中表示: both speak, and the first named stands for the
        pair, as for people (特朗普和普京说)."""
        text = self.stream.text
        earlier = next(
            (c for c in candidates if text[c.end : named.start] in self.words.name_joiners), None
        )
        return named if earlier is None else self._first_of_pair(earlier, candidates)

    def _runs_to_verb(self, start: int, end: int) -> bool:
        rest = self._strip_time(start, end)
        openers = [rest.find(o) for o in self.words.adverbial_openers if o in rest]
        if openers:
            rest = rest[: min(openers)]
        rest = re.sub(r"[（(《][^）)》]*[）)》]|[\s（）()《》]", "", rest)
        return self.words.speaker_fillers.fullmatch(rest) is not None

    def _source(self, start: int, end: int, verb: str) -> str | None:
        """声明称 / 报道说 with nothing else before the verb: the document named is
        the last one of its kind whose issuer the article gave."""
        rest = self._strip_time(start, end).strip()
        if self.words.source_fillers.fullmatch(rest) is None:
            return None
        return next(
            (
                n
                for n in self.words.source_nouns
                if n in rest + verb and (n in self.issuers or self._issuer_named_with(n, start))
            ),
            None,
        )

    def _issuer_named_with(self, noun: str, position: int) -> Entity | None:
        """The body that issued the last document of this kind named before position,
        in the clause naming it with no verb of saying (德国经济研究所日前发布的研究报告
        显示，…。报告说，… → the institute): the first organization of that clause, else
        the first state."""
        text = self.stream.text
        found = text.rfind(noun, 0, max(0, position - 1))
        if found < 0:
            return None
        named = [
            n
            for n in self.stream.names_within(clause_start(text, found, self.words), found)
            if n.entity.type != "PER"
        ]
        named.sort(key=lambda n: (n.entity.type != "ORG", n.start))
        return named[0].entity if named else None

    def _strip_time(self, start: int, end: int) -> str:
        """The text between start and end with time expressions taken out."""
        text = self.stream.text
        pieces, cursor = [], start
        for time in self.stream.times:
            if time.start >= cursor and time.end <= end:
                pieces.append(text[cursor : time.start])
                cursor = time.end
        pieces.append(text[cursor:end])
        return "".join(pieces)


def is_quote_mark(char: str, words: QuoteWords) -> bool:
    return bool(char) and (char in words.quote_marks or char in words.quote_marks.values())


def clause_start(text: str, position: int, words: QuoteWords) -> int:
    """Start of the clause that runs up to position: after the last clause
    boundary or quotation mark."""
    index = position
    while (
        index > 0
        and text[index - 1] not in CLAUSE_BOUNDARY
        and not is_quote_mark(text[index - 1], words)
    ):
        index -= 1
    return index


def _skip_prefix(text: str, start: int, end: int, prefixes: tuple[str, ...]) -> int:
    clause = text[start:end]
    stripped = clause.lstrip()
    start += len(clause) - len(stripped)
    prefix = next((p for p in prefixes if stripped.startswith(p)), "")
    return start + len(prefix)


def sentence_subjects(
    stream: Stream, words: QuoteWords, spans: list[tuple[int, int]]
) -> list[tuple[int, Entity]]:
    """The first person named in each sentence, unless a pronoun comes first.

    Why: 他/她 in news refers to the last person who was the subject of a
    sentence; the first person named is the subject far more often than not
    (美国财政部长贝森特12日到访…, 普京在通话中赞同特朗普…). A person named
    inside a quotation is talked about, not acting (“特朗普很务实。”他说).
    """
    subjects: list[tuple[int, Entity]] = []
    start = 0
    for match in re.finditer(f"[{SENTENCE_FINAL}{PARAGRAPH_BREAK}]|$", stream.text):
        people = [
            n
            for n in stream.names_within(start, match.start())
            if n.entity.type == "PER" and not inside_quotation(n.start, spans)
        ]
        if people:
            lead = re.sub("|".join(words.not_pronouns), "", stream.text[start : people[0].start])
            if not any(pronoun in lead for pronoun in words.pronouns):
                subjects.append((people[0].start, people[0].entity))
        start = match.end()
    return subjects


# --- quotes in the body ---------------------------------------------------------------


@dataclass(frozen=True)
class Found:
    """A quote found in the stream, before it is mapped back to paragraphs."""

    start: int
    end: int
    kind: QuoteKind
    speaker: Entity | None
    speaker_text: str | None
    date: str | None


class BodyReader:
    """Reads the body stream of one article in order and finds its quotes."""

    def __init__(self, article: Article, words: QuoteWords) -> None:
        self.stream = Stream.of(article)
        self.words = words
        quotations = quotation_spans(self.stream.text, words.quote_marks)
        self.spans = quotations.spans
        self.repeated_marks = quotations.repeated
        subjects = sentence_subjects(self.stream, words, self.spans)
        self.speakers = Speakers(self.stream, words, subjects, self.spans)
        self.used_spans: set[tuple[int, int]] = set()
        self.verbs = list(self._speech_verbs())

    def quotes(self) -> list[Found]:
        """Quotes at speech verbs, then the quoted sentences that carry them on."""
        found: list[Found] = []
        covered = 0
        for index, verb in enumerate(self.verbs):
            if verb.start() < covered:
                continue
            quote = self._quote_at(verb)
            if quote is not None and self._relays(verb):
                quote, verb = self._relayed(quote, self.verbs[index + 1 :]) or (quote, verb)
            if quote is not None:
                covered = max(covered, quote.end, verb.end())
                found.append(quote)
        return self._carried_on(found)

    def _relays(self, verb: re.Match[str]) -> bool:
        """据X报道，… and X报道说，…: the verb passes on what others said."""
        clause = self.stream.text[self._clause_start(verb.start()) : verb.start()].lstrip()
        return verb.group() in self.words.relaying_verbs or clause.startswith(
            self.words.according_to
        )

    def _relayed(
        self, outer: Found, later: list[re.Match[str]]
    ) -> tuple[Found, re.Match[str]] | None:
        """据央视报道，胡塞武装发表声明说，… — the nearest speaker wins: the quote of
        the first speech verb inside the relayed clause that names its own speaker,
        with that verb. A relayed clause with no speech verb of its own (据X报道，
        …袭击了…) or none with a subject (据X介绍，…，称…) stays X's. The inner quote
        stays inside the relayed clause (据X报道，…，佩斯科夫说 does not reach back
        over 据X报道)."""
        if outer.kind != "indirect":
            return None
        for verb in later:
            if verb.start() >= outer.end:
                break
            inner = self._quote_at(verb) if verb.start() >= outer.start else None
            if inner is not None and inner.speaker_text is not None:
                return replace(inner, start=max(inner.start, outer.start)), verb
        return None

    def _carried_on(self, found: list[Found]) -> list[Found]:
        """A quotation that goes on with the speaker of the quote before it: a
        quoted whole sentence right after it with no verb of its own (…，他说。
        “我们必须立即行动。”), or the second half of a quotation split by its
        speaker and verb (“我们不会让步，”他说，“但愿意谈判。”)."""
        found = sorted(found, key=lambda quote: quote.start)
        for span in self.spans:
            if span in self.used_spans:
                continue
            previous = next((q for q in reversed(found) if q.end <= span[0]), None)
            if previous is None or not self._goes_on(previous, span):
                continue
            carried = replace(previous, start=span[0] + 1, end=span[1], kind="direct")
            found.insert(found.index(previous) + 1, carried)
        return found

    def _goes_on(self, previous: Found, span: tuple[int, int]) -> bool:
        """Whether the quotation span carries on the previous quote (see _carried_on)."""
        text = self.stream.text
        gap = text[previous.end : span[0]]
        whole_sentence = text[span[1] - 1] in SENTENCE_FINAL
        if whole_sentence and re.fullmatch(rf"[{SENTENCE_FINAL}”」』\s]*", gap):
            return True
        resumed = RESUMED_AFTER_SPEAKER.fullmatch(gap)
        if resumed is None or previous.kind != "direct" or not self._closes_clause(span):
            return False
        clause = resumed.group(1)
        return any(verb.end() == len(clause) for verb in self.words.verbs.finditer(clause))

    def _speech_verbs(self) -> Iterator[re.Match[str]]:
        text = self.stream.text
        excluded = [m.span() for m in self.words.not_speech.finditer(text)]
        for match in self.words.verbs.finditer(text):
            if self._inside_quotation(match.start()):
                continue
            if any(s < match.end() and match.start() < e for s, e in excluded):
                continue
            if text[match.start() - 1 : match.start()] == POSSESSIVE:
                continue  # a noun (有关方面的报道，…), not a verb
            if self._unsaid(match):
                continue
            yield match

    def _unsaid(self, verb: re.Match[str]) -> bool:
        """尚未证实 / 并未表示 / 尚无组织宣称: speech that did not happen is no quote."""
        text = self.stream.text
        before = text[self._clause_start(verb.start()) : verb.start()]
        return before.endswith(self.words.not_said) or any(
            word in before for word in self.words.no_speaker
        )

    def _inside_quotation(self, position: int) -> bool:
        return inside_quotation(position, self.spans)

    def _clause_start(self, position: int) -> int:
        return clause_start(self.stream.text, position, self.words)

    def _is_mark(self, index: int) -> bool:
        return is_quote_mark(self.stream.text[index : index + 1], self.words)

    def _quote_at(self, verb: re.Match[str]) -> Found | None:
        clause_start = self._clause_start(verb.start())
        opening = self.words.frames.get(verb.group())
        if opening is not None and not self.stream.text.startswith(opening, clause_start):
            return None  # 看来，… (it seems) is not 在X看来，… (in X's view)
        before = self._span_before(clause_start, verb)
        if before is not None:
            return self._found(before, "direct", clause_start, verb, clause_start)
        content = self._content_after(verb)
        if content is not None:
            start, end, kind = content
            return self._found((start, end), kind, clause_start, verb, self._sentence_start(verb))
        reported = self._clause_before(clause_start, verb)
        if reported is not None:
            return self._found(reported, "indirect", clause_start, verb, clause_start)
        return None

    def _found(
        self,
        content: tuple[int, int],
        kind: QuoteKind,
        clause_start: int,
        verb: re.Match[str],
        window_start: int,
    ) -> Found:
        speaker, speaker_text = self.speakers.resolve(clause_start, verb.start(), verb.group())
        clause = self.stream.text[clause_start : verb.end()]
        self.speakers.remember(verb.start(), speaker, clause)
        date = self._date(window_start, verb.start())
        return Found(content[0], content[1], kind, speaker, speaker_text, date)

    def _span_before(self, clause_start: int, verb: re.Match[str]) -> tuple[int, int] | None:
        """“…”，他说。 — a quotation that opens a sentence, then the speaker and verb."""
        text = self.stream.text
        after = text[verb.end() : verb.end() + 1]
        if after and after not in SENTENCE_FINAL + "，," + PARAGRAPH_BREAK:
            return None
        index = clause_start - 1
        while index >= 0 and text[index] in "，, ":
            index -= 1
        span = next((s for s in self.spans if s[1] == index), None)
        if span is None or span in self.used_spans:
            return None
        if span[0] > 0 and text[span[0] - 1] not in SENTENCE_FINAL + "：:" + PARAGRAPH_BREAK:
            return None
        self.used_spans.add(span)
        return span[0] + 1, span[1]

    def _clause_before(self, clause_start: int, verb: re.Match[str]) -> tuple[int, int] | None:
        """俄方准备对话，佩斯科夫说。 — the reported clause first, then a named
        speaker and the verb closing the sentence."""
        text = self.stream.text
        after = text[verb.end() : verb.end() + 1]
        if (after and after not in SENTENCE_FINAL + PARAGRAPH_BREAK) or clause_start == 0:
            return None
        if text[clause_start - 1] not in "，,":
            return None
        speaker, named = self.speakers.resolve(clause_start, verb.start(), verb.group())
        if speaker is None or named is None:
            return None
        start = self._sentence_start(verb)
        if clause_start - 1 - start < MIN_BARE_CLAUSE:
            return None
        return start, clause_start - 1

    def _content_after(self, verb: re.Match[str]) -> tuple[int, int, QuoteKind] | None:
        """The quote after a verb: a quotation right after it is direct speech,
        otherwise the clause up to the end of the sentence is indirect speech."""
        text = self.stream.text
        cursor = self._past_addressee(verb)
        next_char = text[cursor : cursor + 1]
        if next_char and next_char in AFTER_VERB:
            cursor += 1
        elif next_char not in self.words.quote_marks and not (
            self._takes_bare_clause(verb.group(), cursor) and self._clause_follows(cursor)
        ):
            return None
        while cursor < len(text) and text[cursor] in PARAGRAPH_BREAK + " ":
            cursor += 1
        span = next((s for s in self.spans if s[0] == cursor), None)
        if span is not None and self._closes_clause(span):
            self.used_spans.add(span)
            return span[0] + 1, span[1], "direct"
        end = self._next_speaker(cursor, self._sentence_end(cursor))
        if not re.search(r"\w", text[cursor:end]):
            return None
        return cursor, end, "direct" if self._mostly_quoted(cursor, end) else "indirect"

    def _past_addressee(self, verb: re.Match[str]) -> int:
        """Where the speech may start after the verb: past the addressee of an
        addressing verb when punctuation follows it (告诉新华社记者，… / 告诉泽连斯基，…),
        so that 告诉 + addressee works as 告诉记者 does; else right after the verb."""
        start = verb.end()
        if verb.group() not in self.words.addressing_verbs:
            return start
        text = self.stream.text
        window = text[start : start + MAX_ADDRESSEE + 1]
        boundary = re.search(f"[{CLAUSE_BOUNDARY}]|[{''.join(self.words.quote_marks)}]", window)
        if boundary is None or window[boundary.start()] not in AFTER_VERB:
            return start
        end = start + boundary.start()
        named = any(n.start == start and n.end == end for n in self.stream.names)
        if named or text[start:end].endswith(self.words.addressee_heads):
            return end
        return start

    def _next_speaker(self, start: int, end: int) -> int:
        """Where the reported clause text[start:end] gives way to a clause that names
        a speaker of its own (…“是正确的方向”，但他同时强调，… / …，而朔尔茨说，…):
        that is another quote. A clause without a subject (…，并表示…) goes on."""
        text = self.stream.text
        for verb in self.verbs:
            if not start < verb.start() < end:
                continue
            opening = self._clause_start(verb.start())
            if opening <= start or text[opening - 1] not in "，,；;" or not self._introduces(verb):
                continue
            if self.speakers.resolve(opening, verb.start(), verb.group())[1] is not None:
                return opening - 1
        return end

    def _introduces(self, verb: re.Match[str]) -> bool:
        """Whether speech follows the verb: punctuation or a quotation, or a clause
        the verb may take bare."""
        cursor = self._past_addressee(verb)
        next_char = self.stream.text[cursor : cursor + 1]
        return bool(next_char) and (
            next_char in AFTER_VERB
            or next_char in self.words.quote_marks
            or (self._takes_bare_clause(verb.group(), cursor) and self._clause_follows(cursor))
        )

    def _closes_clause(self, span: tuple[int, int]) -> bool:
        """A quotation right after a verb is the speech only when the clause ends
        with it (称：“…”。 / “…。”他说); 据X报道，“M23运动”9日攻占了… quotes a name
        inside the reported clause."""
        text = self.stream.text
        after = text[span[1] + 1 : span[1] + 2]
        return (
            not after
            or after in CLAUSE_BOUNDARY + " "
            or text[span[1] - 1] in SENTENCE_FINAL
            or self._is_mark(span[1] + 1)
        )

    def _closing_quotation(self, start: int, end: int) -> tuple[int, int] | None:
        """The quotation that ends the clause text[start:end] with no clause break
        before it (停火“必须维持”), if there is one."""
        text = self.stream.text
        closing = end - 1
        while closing > start and text[closing] in PARAGRAPH_BREAK + " ":
            closing -= 1
        span = next((s for s in self.spans if s[1] == closing and s[0] >= start), None)
        if span is None or re.search(f"[{CLAUSE_BOUNDARY}]", text[start : span[0]].strip()):
            return None
        return span

    def _mostly_quoted(self, start: int, end: int) -> bool:
        """法方“高度重视对华关系” / 称其“毫无根据”: a quotation that closes the clause
        after no more than a short subject is the speaker's own words, so the clause
        is direct speech; 赫格塞思的表态“不合逻辑” only quotes a fragment."""
        span = self._closing_quotation(start, end)
        if span is None:
            return False
        lead = _letters(self.stream.text[start : span[0]])
        return len(_letters(self.stream.text[span[0] : span[1]])) >= MOSTLY_QUOTED * len(lead)

    def _takes_bare_clause(self, verb: str, start: int) -> bool:
        """Whether the verb may take its clause with no punctuation here: always
        for bare verbs, and for subject verbs when a subject opens the clause
        (特朗普说他会考虑…, 强调美方…) or a quotation closes it (强调停火“必须维持”),
        which tells a clause from an object; for quoted verbs only when a quotation
        closes the first clause (谴责袭击“严重侵犯主权”，…), since their bare object
        is an act condemned, not words said (谴责以方的空袭)."""
        if verb in self.words.bare_verbs:
            return True
        if verb in self.words.quoted_verbs:
            return self._closing_quotation(start, self._clause_end(start)) is not None
        if verb not in self.words.subject_verbs:
            return False
        rest = self.stream.text[start:]
        return (
            rest.startswith(self.words.pronouns)
            or any(named.start == start for named in self.stream.names)
            or self._closing_quotation(start, self._sentence_end(start)) is not None
        )

    def _clause_end(self, start: int) -> int:
        """End of the clause from start: the first clause boundary outside quotations."""
        text = self.stream.text
        index = start
        while index < len(text) and not (
            text[index] in CLAUSE_BOUNDARY and not self._inside_quotation(index)
        ):
            index += 1
        return index

    def _clause_follows(self, start: int) -> bool:
        """After a bare verb, a clause and not an object: 表示愿意继续斡旋 is speech,
        表示十分遗憾 and 指出了问题 are not (the stance words are events)."""
        rest = self.stream.text[start : self._sentence_end(start)]
        return len(rest) >= MIN_BARE_CLAUSE and self.words.not_a_clause.match(rest) is None

    def _sentence_end(self, start: int) -> int:
        """End of the sentence from start: a final mark outside quotations, or a
        paragraph end after one (a paragraph that stops mid-sentence runs on)."""
        text = self.stream.text
        index = start
        while index < len(text):
            char = text[index]
            if char in SENTENCE_FINAL and not self._inside_quotation(index):
                return index
            if char == PARAGRAPH_BREAK and text[index - 1] in SENTENCE_FINAL + "”」』":
                return index
            index += 1
        return len(text)

    def _sentence_start(self, verb: re.Match[str]) -> int:
        text = self.stream.text
        index = verb.start()
        while index > 0 and not (
            text[index - 1] in SENTENCE_FINAL + PARAGRAPH_BREAK
            and not self._inside_quotation(index - 1)
        ):
            index -= 1
        return index

    def _date(self, start: int, end: int) -> str | None:
        """The value of the last calendar time expression between start and the verb;
        vague references (PAST_REF for 近年来) say nothing about when it was said."""
        inside = [
            t
            for t in self.stream.times
            if t.start >= start and t.end <= end and CALENDAR_VALUE.match(t.value)
        ]
        return inside[-1].value if inside else None

    def to_quote(self, found: Found) -> Quote:
        text = self.stream.text
        paragraph, start = self.stream.locate(found.start)
        end_paragraph, end = self.stream.locate(found.end)
        return Quote(
            text="".join(
                text[i]
                for i in range(found.start, found.end)
                if text[i] != PARAGRAPH_BREAK and i not in self.repeated_marks
            ).strip(),
            kind=found.kind,
            speaker=found.speaker.id if found.speaker else None,
            paragraph=paragraph,
            start=start,
            end=end if end_paragraph == paragraph else None,
            speaker_text=found.speaker_text,
            date=found.date,
        )


# --- pull quotes and their attribution lines ---------------------------------------


@dataclass(frozen=True)
class Placed:
    """A paragraph with its article, in the reading order of the whole page."""

    article: Article
    index: int

    @property
    def text(self) -> str:
        return self.article.paragraphs[self.index].text


def pull_quote_pairs(doc: Document) -> Iterator[tuple[Placed, Placed | None]]:
    """Each pull quote with the attribution line printed for it, if any.

    Pull quotes and ——X lines stand in groups of consecutive paragraphs. Inside
    a group they pair in order; an attribution line left over belongs to the
    nearest earlier pull quote that has none yet (the page printed it apart).
    The order gives way when the words of a pull quote match what another
    credited speaker says in the body (layout often moves pull quotes together).
    Pairing runs over the whole page because the layout may file a pull quote
    and its attribution under different articles.
    """
    pulls: list[Placed] = []
    credited: dict[int, Placed] = {}
    group: list[int] = []
    lines: list[Placed] = []
    for article in doc.articles:
        for index, paragraph in enumerate(article.paragraphs):
            if paragraph.role == "pullquote":
                group.append(len(pulls))
                pulls.append(Placed(article, index))
            elif paragraph.role == "attribution":
                lines.append(Placed(article, index))
            elif group or lines:
                _credit(doc, pulls, group, lines, credited)
                group, lines = [], []
    _credit(doc, pulls, group, lines, credited)
    for number, pull in enumerate(pulls):
        yield pull, credited.get(number)


def _credit(
    doc: Document,
    pulls: list[Placed],
    group: list[int],
    lines: list[Placed],
    credited: dict[int, Placed],
) -> None:
    """Give the attribution lines of one group to pull quotes (see pull_quote_pairs)."""
    first = group[0] if group else len(pulls)
    candidates = [i for i in group if i not in credited]
    candidates += [i for i in reversed(range(first)) if i not in credited]
    candidates = candidates[:MAX_PAIRING_CANDIDATES]
    lines = lines[: len(candidates)]
    spoken = [bigrams(_said_by(doc, attributed_entity(line.article, line.index))) for line in lines]
    best: tuple[int, ...] = tuple(candidates[: len(lines)])
    best_score = -1
    for order in itertools.permutations(candidates, len(lines)):
        score = sum(
            len(bigrams(pulls[i].text) & said) for i, said in zip(order, spoken, strict=True)
        )
        if score > best_score:
            best, best_score = order, score
    credited.update(zip(best, lines, strict=True))


def _said_by(doc: Document, entity: Entity | None) -> str:
    """Everything the body quotes of the page attribute to one entity."""
    if entity is None:
        return ""
    return "".join(
        quote.text
        for article in doc.articles
        for quote in article.quotes
        if (speaker := article.entity(quote.speaker)) is not None
        and same_entity_in(article, entity) is speaker
    )


def attributed_entity(article: Article, index: int, after: int = 0) -> Entity | None:
    """The entity a credit names (paragraph index, from offset after): the last
    person, else the last name. When the mentions stage left the line alone (a
    bare ——X line is not a sentence), the article's own names are looked up in it."""
    named = sorted(
        (
            (m.end, e)
            for e in article.entities
            for m in e.mentions
            if m.paragraph == index and m.start >= after
        ),
        key=lambda item: item[0],
    )
    if not named:
        line = article.paragraphs[index].text
        named = sorted(
            (line.rfind(m.text) + len(m.text), e)
            for e in article.entities
            for m in e.mentions
            if m.text and line.rfind(m.text) >= after
        )
    people = [e for _, e in named if e.type == "PER"]
    candidates = people or [e for _, e in named]
    return candidates[-1] if candidates else None


def same_entity_in(article: Article, entity: Entity) -> Entity | None:
    """The article's own record for an entity found in another article."""
    if any(e is entity for e in article.entities):
        return entity
    return next(
        (
            e
            for e in article.entities
            if e.name == entity.name or (entity.name_en and e.name_en == entity.name_en)
        ),
        None,
    )


def _letters(text: str) -> str:
    return re.sub(r"\W", "", text)


def pull_quote(pull: Placed, line: Placed | None, words: QuoteWords) -> Quote:
    """A pull quote as a direct quote. Its speaker is the credit printed on its own
    line (“…”——特朗普), else its attribution line, else the speaker of the body
    quote it repeats."""
    credit = CREDIT_ON_LINE.search(pull.text)
    end = credit.start(2) if credit else len(pull.text)
    text = _unquoted(pull.text[:end].strip(ATTRIBUTION_DASHES), words)
    speaker: Entity | None = None
    speaker_text: str | None = None
    if credit is not None:
        speaker = attributed_entity(pull.article, pull.index, credit.end(2))
        speaker_text = credit.group(3).strip()
    elif line is not None:
        speaker_text = line.text.strip(ATTRIBUTION_DASHES) or None
        credited = attributed_entity(line.article, line.index)
        speaker = same_entity_in(pull.article, credited) if credited else None
    else:
        speaker, speaker_text = _repeated_speaker(pull.article, text)
    return Quote(
        text=text,
        kind="direct",
        speaker=speaker.id if speaker else None,
        paragraph=pull.index,
        start=0,
        end=end,
        speaker_text=speaker_text,
    )


def _unquoted(text: str, words: QuoteWords) -> str:
    """The words of a pull quote printed as one quotation, without its marks."""
    text = text.strip()
    opening = text[:1]
    if opening in words.quote_marks and text.count(opening) == 1:
        return text[1:].rstrip("。").removesuffix(words.quote_marks[opening])
    return text


def _repeated_speaker(article: Article, text: str) -> tuple[Entity | None, str | None]:
    """The speaker of the body quote that a pull quote repeats, if any."""
    key = _letters(text)
    for quote in article.quotes:
        said = _letters(quote.text)
        if len(key) >= MIN_REPEATED and len(said) >= MIN_REPEATED and (key in said or said in key):
            return article.entity(quote.speaker), quote.speaker_text
    return None, None


def repeated_quote(article: Article, pull: Quote, words: QuoteWords) -> Quote | None:
    """The body quote a pull quote repeats word for word (the pull quote may be an
    excerpt of it) with the same speaker, or an unknown one: one quote, printed twice.
    Quotation marks count as words here: a pull quote that quotes whole what the body
    only partly quoted (伊朗永远不能拥有核武器 for 伊朗“永远不能拥有核武器”) prints other
    words as the speaker's own, so it is a quote of its own."""
    key = _letters_and_marks(pull.text, words)
    if len(_letters(key)) < MIN_REPEATED:
        return None
    return next(
        (
            quote
            for quote in article.quotes
            if key in _letters_and_marks(quote.text, words)
            and pull.speaker in (None, quote.speaker)
        ),
        None,
    )


def _letters_and_marks(text: str, words: QuoteWords) -> str:
    marks = re.escape("".join(words.quote_marks) + "".join(words.quote_marks.values()))
    return re.sub(rf"[^\w{marks}]", "", text)


# --- the stage ------------------------------------------------------------------------


def body_quotes(article: Article, words: QuoteWords | None = None) -> list[Quote]:
    """Direct and indirect quotes in the body paragraphs of one article, in order."""
    reader = BodyReader(article, words or quote_words(data_files()))
    return [reader.to_quote(found) for found in reader.quotes()]


def run(doc: Document, settings: Settings) -> None:
    """Fill article.quotes: body quotes first, then pull quotes with their speakers;
    a pull quote repeating a body quote is noted on it (also_paragraphs) instead."""
    words = quote_words(data_files(settings.data_dir))
    for article in doc.articles:
        article.quotes = body_quotes(article, words)
    for pull, line in pull_quote_pairs(doc):
        quote = pull_quote(pull, line, words)
        repeated = repeated_quote(pull.article, quote, words)
        if repeated is None:
            pull.article.quotes.append(quote)
        else:
            repeated.also_paragraphs.append(pull.index)
