"""Score pipeline output against hand-made gold files (the ../shared/eval format).

Why this module exists: a change to any stage must be judged by numbers, not by
eye. The scoring functions are pure functions of a ``Document`` and a gold
dict, so they can be tested on hand-built documents without running the
pipeline; ``evaluate_files`` is the thin part that runs the pipeline.

Every text comparison ignores whitespace (the input's line breaks are layout,
not content) and every English-name comparison ignores case, accents and
whitespace (Jean-Noël and Jean-Noel are the same person). The rules are
described for users in docs/evaluation.md; keep the two in step.
"""

from __future__ import annotations

import json
import re
import unicodedata
from bisect import bisect_left
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass, field, fields, replace
from functools import cache
from pathlib import Path
from typing import Annotated, Any, Self

import pycountry
from pydantic import AfterValidator, BaseModel, ConfigDict, Field, ValidationError
from rich import box
from rich.table import Table

from jishi.ingest import IngestError, read_document
from jishi.model import Article, Document, Entity, Event
from jishi.pipeline import STAGES, finish, resolve_stage
from jishi.settings import Settings

MIN_QUOTE_OVERLAP = 4
"""Shortest shared text that counts as finding a quote; shorter hits are chance."""


# --- normalization -----------------------------------------------------------


def squash(text: str | None) -> str:
    """Text with all whitespace removed: line breaks in the input are layout."""
    return re.sub(r"\s+", "", text or "")


def name_key(name: str | None) -> str:
    """An English name reduced to what identifies it: no case, accents or spaces."""
    decomposed = unicodedata.normalize("NFKD", name or "")
    bare = "".join(char for char in decomposed if not unicodedata.combining(char))
    return squash(bare).casefold()


# --- gold format -------------------------------------------------------------


def not_blank(text: str) -> str:
    """Reject blank gold text: an empty snippet or name would match everything."""
    if not squash(text):
        raise ValueError("must not be blank")
    return text


NonBlank = Annotated[str, AfterValidator(not_blank)]


class GoldRecord(BaseModel):
    """Gold items may carry notes for human readers; only the scored fields are typed."""

    model_config = ConfigDict(extra="ignore", populate_by_name=True)


class GoldDateline(GoldRecord):
    agency: str | None = None
    place: str | None = None
    date: str | None = None


class GoldArticle(GoldRecord):
    headline: NonBlank
    source: str | None = None
    dateline: GoldDateline | None = None
    subheads: list[NonBlank] = Field(default_factory=list)
    paragraphs: list[NonBlank]
    optional: list[NonBlank] = Field(default_factory=list)


class GoldEntity(GoldRecord):
    type: str
    mentions: list[NonBlank]
    name_en: NonBlank
    aliases_en: list[NonBlank] = Field(default_factory=list)


class GoldTime(GoldRecord):
    text: NonBlank
    locator: NonBlank = Field(alias="in")
    value: str


class GoldQuote(GoldRecord):
    speaker_en: NonBlank
    text: NonBlank
    kind: str | None = None


class GoldEvent(GoldRecord):
    type: str | list[str]
    mode: str | None = None
    actors: list[list[NonBlank]]
    date: str | None
    note: str | None = None
    # the text says the act did not or will not happen (scored as polarity)
    negated: bool = False
    modality: str | None = None


class Gold(GoldRecord):
    """One answer key: the document it describes and what the pipeline should find."""

    document: str
    published: str = Field(pattern=r"^\d{4}-\d{2}-\d{2}$")
    # the publication, passed as --outlet would be: 本报 then means this outlet
    outlet: str | None = None
    # every PLOVER event of the text is listed: an unmatched output event is false
    events_complete: bool = False
    articles: list[GoldArticle]
    entities: list[GoldEntity]
    times: list[GoldTime]
    quotes: list[GoldQuote]
    events: list[GoldEvent]


def parse_gold(gold: Mapping[str, Any] | Gold) -> Gold:
    """Validate a gold dict; scoring functions accept either form."""
    return gold if isinstance(gold, Gold) else Gold.model_validate(gold)


# --- score containers --------------------------------------------------------


class Summable:
    """Scores of many documents add up field by field (counts add, missed lists join),
    so a total row is the sum of the per-document rows rather than a mean of ratios."""

    def __add__(self, other: Self) -> Self:
        return type(self)(*(getattr(self, f.name) + getattr(other, f.name) for f in fields(self)))  # type: ignore[arg-type]


@dataclass(frozen=True)
class Ratio(Summable):
    """A share of gold items found; ``missed`` names the ones that were not."""

    hits: int = 0
    total: int = 0
    missed: tuple[str, ...] = ()

    @property
    def value(self) -> float | None:
        """None when there was nothing to find, so 0/0 never reads as a failure."""
        return self.hits / self.total if self.total else None

    def as_json(self, with_missed: bool = True) -> dict[str, Any]:
        result: dict[str, Any] = {"hits": self.hits, "total": self.total, "value": self.value}
        if with_missed:
            result["missed"] = list(self.missed)
        return result


@dataclass(frozen=True)
class SetScore(Summable):
    """Precision and recall over sets of (type, surface form) pairs."""

    true_positives: int = 0
    system: int = 0
    gold: int = 0
    missed: tuple[str, ...] = ()
    spurious: tuple[str, ...] = ()

    @property
    def precision(self) -> float | None:
        """Zero, not undefined, when the system found nothing the gold wanted."""
        if not self.system:
            return 0.0 if self.gold else None
        return self.true_positives / self.system

    @property
    def recall(self) -> float | None:
        return self.true_positives / self.gold if self.gold else None

    @property
    def f1(self) -> float | None:
        pairs = self.system + self.gold
        return 2 * self.true_positives / pairs if pairs else None

    def as_json(self, with_missed: bool = True) -> dict[str, Any]:
        result: dict[str, Any] = {
            "true_positives": self.true_positives,
            "system": self.system,
            "gold": self.gold,
            "precision": self.precision,
            "recall": self.recall,
            "f1": self.f1,
        }
        if with_missed:
            result["missed"] = list(self.missed)
            result["spurious"] = list(self.spurious)
        return result


@dataclass(frozen=True)
class ArticleScores(Summable):
    headline: Ratio = Ratio()
    paragraphs: Ratio = Ratio()
    exact: Ratio = Ratio()
    source: Ratio = Ratio()
    dateline: Ratio = Ratio()


@dataclass(frozen=True)
class DocumentScores(Summable):
    """All section scores of one document, or of many added together."""

    articles: ArticleScores = ArticleScores()
    entities: SetScore = SetScore()
    linking: Ratio = Ratio()
    times: Ratio = Ratio()
    quotes: Ratio = Ratio()
    events: Ratio = Ratio()
    system_events: int = 0
    event_precision: Ratio = Ratio()
    event_duplicates: int = 0
    event_polarity: Ratio = Ratio()
    event_confusion: Counter[tuple[str, str]] = field(default_factory=Counter)

    def as_json(self, with_missed: bool = True) -> dict[str, Any]:
        articles = self.articles
        return {
            "articles": {
                f.name: getattr(articles, f.name).as_json(with_missed) for f in fields(articles)
            },
            "entities": self.entities.as_json(with_missed),
            "linking": self.linking.as_json(with_missed),
            "times": self.times.as_json(with_missed),
            "quotes": self.quotes.as_json(with_missed),
            "events": {**self.events.as_json(with_missed), "system_events": self.system_events},
            "event_precision": {
                **self.event_precision.as_json(with_missed),
                "duplicates": self.event_duplicates,
            },
            "event_polarity": self.event_polarity.as_json(with_missed),
            "event_confusion": [
                {"gold": gold, "system": system, "count": count}
                for (gold, system), count in sorted(self.event_confusion.items())
            ],
        }


# --- English names accepted by gold ------------------------------------------


def accepted_names(names: Iterable[str], gold: Gold) -> set[str]:
    """Name keys for a list of gold names, widened by the gold entities' aliases.

    Quotes and events name people by one English name only; the entity list
    already says which other spellings are fair (Zelensky/Zelenskyy).
    """
    keys = {name_key(name) for name in names}
    for entity in gold.entities:
        spellings = {name_key(entity.name_en)} | {name_key(a) for a in entity.aliases_en}
        if keys & spellings:
            keys |= spellings
    return keys


# --- articles ----------------------------------------------------------------


def headline_forms(article: Article) -> set[str]:
    """What a gold headline may equal: the headline, or headline and deck together."""
    forms = {squash(article.headline), squash((article.headline or "") + (article.deck or ""))}
    forms.discard("")
    return forms


def match_articles(doc: Document, gold: Gold) -> list[int | None]:
    """For each gold article, the index of the system article carrying its headline."""
    used: set[int] = set()
    matches: list[int | None] = []
    for gold_article in gold.articles:
        wanted = squash(gold_article.headline)
        found = next(
            (
                index
                for index, article in enumerate(doc.articles)
                if index not in used and wanted in headline_forms(article)
            ),
            None,
        )
        if found is not None:
            used.add(found)
        matches.append(found)
    return matches


def locate(snippet: str, paragraphs: list[str]) -> tuple[int, int] | None:
    """(paragraph index, offset) of the first squashed paragraph containing the snippet."""
    wanted = squash(snippet)
    for index, text in enumerate(paragraphs):
        offset = text.find(wanted)
        if offset >= 0:
            return index, offset
    return None


def longest_increasing(positions: list[tuple[int, tuple[int, int]]]) -> set[int]:
    """Indices (the first item of each pair) of a longest strictly increasing run.

    Used for "in order": one paragraph put in the wrong place costs one
    paragraph, not every paragraph after it.
    """
    tails: list[tuple[int, int]] = []
    tail_ids: list[int] = []
    parents: dict[int, int | None] = {}
    for item_id, position in positions:
        slot = bisect_left(tails, position)
        parents[item_id] = tail_ids[slot - 1] if slot else None
        if slot == len(tails):
            tails.append(position)
            tail_ids.append(item_id)
        else:
            tails[slot] = position
            tail_ids[slot] = item_id
    chosen: set[int] = set()
    current = tail_ids[-1] if tail_ids else None
    while current is not None:
        chosen.add(current)
        current = parents[current]
    return chosen


@dataclass
class ArticleCheck:
    """How one gold article fared; the parts that make up the article scores."""

    matched: bool
    found: int = 0
    missed: list[str] = field(default_factory=list)
    violations: list[str] = field(default_factory=list)
    merged: bool = False
    foreign: bool = False

    @property
    def exact(self) -> bool:
        return (
            self.matched
            and not self.missed
            and not self.violations
            and not self.merged
            and not self.foreign
        )


def snippets_of(article: GoldArticle) -> list[str]:
    """Every text of a gold article that must not turn up in another article."""
    return [squash(s) for s in [*article.paragraphs, *article.optional, *article.subheads]]


def check_article(
    gold: Gold, number: int, match: int | None, system: list[list[str]]
) -> ArticleCheck:
    """Paragraph assignment, optional-paragraph violations and exactness for one gold article."""
    gold_article = gold.articles[number]
    others = [index for index in range(len(system)) if index != match]
    violations = [
        snippet
        for snippet in gold_article.optional
        if any(locate(snippet, system[index]) for index in others)
    ]
    if match is None:
        return ArticleCheck(False, missed=list(gold_article.paragraphs), violations=violations)
    positions = []
    for item, snippet in enumerate(gold_article.paragraphs):
        position = locate(snippet, system[match])
        if position is not None and not any(locate(snippet, system[i]) for i in others):
            positions.append((item, position))
    in_order = longest_increasing(positions)
    paragraph_numbers = [position[0] for item, position in positions if item in in_order]
    foreign_snippets = [
        snippet
        for other_number, other in enumerate(gold.articles)
        if other_number != number
        for snippet in snippets_of(other)
    ]
    return ArticleCheck(
        True,
        found=len(in_order),
        missed=[s for item, s in enumerate(gold_article.paragraphs) if item not in in_order],
        violations=violations,
        merged=len(set(paragraph_numbers)) < len(paragraph_numbers),
        foreign=any(s in text for text in system[match] for s in foreign_snippets),
    )


def dateline_right(article: Article, gold_article: GoldArticle) -> bool:
    """Agency, place and date all equal; a gold null wants no dateline values at all."""
    system = article.dateline
    parts = (system.agency, system.place, system.date) if system else (None, None, None)
    expected = gold_article.dateline
    if expected is None:
        return all(part is None for part in parts)
    wanted = (expected.agency, expected.place, expected.date)
    return all(squash(got) == squash(want) for got, want in zip(parts, wanted, strict=True))


def score_articles(doc: Document, gold_input: Mapping[str, Any] | Gold) -> ArticleScores:
    """Headline, paragraph assignment, exact-article, source and dateline accuracy."""
    gold = parse_gold(gold_input)
    system = [[squash(p.text) for p in article.paragraphs] for article in doc.articles]
    total = ArticleScores()
    for number, match in enumerate(match_articles(doc, gold)):
        gold_article = gold.articles[number]
        check = check_article(gold, number, match, system)
        article = doc.articles[match] if match is not None else None
        source_ok = article is not None and squash(article.source) == squash(gold_article.source)
        dateline_ok = article is not None and dateline_right(article, gold_article)
        label = gold_article.headline
        total += ArticleScores(
            headline=_one(check.matched, label),
            paragraphs=Ratio(
                check.found,
                len(gold_article.paragraphs) + len(check.violations),
                tuple(check.missed) + tuple(f"optional elsewhere: {v}" for v in check.violations),
            ),
            exact=_one(check.exact, label),
            source=_one(source_ok, label),
            dateline=_one(dateline_ok, label),
        )
    return total


def _one(hit: bool, label: str) -> Ratio:
    """A single gold item, found or not."""
    return Ratio(1, 1) if hit else Ratio(0, 1, (label,))


# --- entities and linking ----------------------------------------------------


def system_entities(doc: Document) -> Iterator[Entity]:
    """The named entities: the keys hold names, and a participant the text names by its
    class only (kind ``generic``: 武装分子, added by the events stage) is none."""
    for article in doc.articles:
        yield from (e for e in article.entities if e.kind != "generic")


def score_entities(doc: Document, gold_input: Mapping[str, Any] | Gold) -> SetScore:
    """P/R/F1 over the document's set of (type, surface form) pairs."""
    gold = parse_gold(gold_input)
    expected = {(e.type, squash(m)) for e in gold.entities for m in e.mentions}
    found = {(e.type, squash(m.text)) for e in system_entities(doc) for m in e.mentions}
    return SetScore(
        len(expected & found),
        len(found),
        len(expected),
        tuple(f"{kind} {text}" for kind, text in sorted(expected - found)),
        tuple(f"{kind} {text}" for kind, text in sorted(found - expected)),
    )


def covers(entity: Entity, gold_mentions: set[str]) -> bool:
    """Some mention of the entity spans one of the gold mentions (特朗普 in 美国总统特朗普).

    Containment rather than equality keeps linking apart from mention
    boundaries, which the entity pairs already score.
    """
    return any(
        gold in squash(mention.text) for mention in entity.mentions for gold in gold_mentions
    )


def score_linking(doc: Document, gold_input: Mapping[str, Any] | Gold) -> Ratio:
    """Share of gold entities whose mentions are covered by an entity with the right name."""
    gold = parse_gold(gold_input)
    total = Ratio()
    for gold_entity in gold.entities:
        mentions = {squash(m) for m in gold_entity.mentions}
        wanted = {name_key(gold_entity.name_en)} | {name_key(a) for a in gold_entity.aliases_en}
        linked = any(
            name_key(entity.name_en) in wanted
            for entity in system_entities(doc)
            if entity.name_en and covers(entity, mentions)
        )
        total += _one(linked, gold_entity.name_en)
    return total


# --- times -------------------------------------------------------------------


def regions(text: str, snippet: str) -> Iterator[tuple[int, int]]:
    """Code-point spans of ``text`` where ``snippet`` occurs once whitespace is ignored."""
    kept = [index for index, char in enumerate(text) if not char.isspace()]
    squashed = "".join(text[index] for index in kept)
    wanted = squash(snippet)
    if not wanted:
        return
    start = squashed.find(wanted)
    while start >= 0:
        yield kept[start], kept[start + len(wanted) - 1] + 1
        start = squashed.find(wanted, start + 1)


def time_found(doc: Document, expected: GoldTime) -> bool:
    """A system time with the gold text and value inside a region the locator marks.

    A wire dateline (新华社首尔2月13日电) is kept out of the paragraphs by the
    layout stage, so a locator inside an article's dateline is answered by the
    dateline's own date.
    """
    for article in doc.articles:
        if dateline_time_found(article, expected):
            return True
        for number, paragraph in enumerate(article.paragraphs):
            for start, end in regions(paragraph.text, expected.locator):
                if any(
                    time.paragraph == number
                    and start <= time.start
                    and time.end <= end
                    and squash(time.text) == squash(expected.text)
                    and time.value == expected.value
                    for time in article.times
                ):
                    return True
    return False


def dateline_time_found(article: Article, expected: GoldTime) -> bool:
    dateline = article.dateline
    if dateline is None or dateline.date != expected.value:
        return False
    text = squash(dateline.text)
    return squash(expected.locator) in text and squash(expected.text) in text


def score_times(doc: Document, gold_input: Mapping[str, Any] | Gold) -> Ratio:
    """Share of gold time expressions found at the located place with the right value."""
    gold = parse_gold(gold_input)
    total = Ratio()
    for expected in gold.times:
        total += _one(time_found(doc, expected), f"{expected.text} in {expected.locator}")
    return total


# --- quotes ------------------------------------------------------------------


def texts_overlap(system_text: str, gold_text: str) -> bool:
    """One text contains the other and the contained one is long enough to mean it."""
    got, want = squash(system_text), squash(gold_text)
    shorter = min(got, want, key=len)
    return len(shorter) >= MIN_QUOTE_OVERLAP and (want in got or got in want)


def score_quotes(doc: Document, gold_input: Mapping[str, Any] | Gold) -> Ratio:
    """Share of gold quotes found with the right speaker."""
    gold = parse_gold(gold_input)
    total = Ratio()
    for expected in gold.quotes:
        speakers = accepted_names([expected.speaker_en], gold)
        found = any(
            texts_overlap(quote.text, expected.text)
            and name_key(getattr(article.entity(quote.speaker), "name_en", None)) in speakers
            for article in doc.articles
            for quote in article.quotes
        )
        total += _one(found, f"{expected.speaker_en}: {expected.text}")
    return total


# --- events ------------------------------------------------------------------


@cache
def country_names(code: str | None) -> frozenset[str]:
    """English names of an ISO 3166 alpha-3 code, in every form pycountry knows."""
    country = pycountry.countries.get(alpha_3=code) if code else None
    if country is None:
        return frozenset()
    forms = ("name", "common_name", "official_name")
    return frozenset(name_key(getattr(country, f)) for f in forms if hasattr(country, f))


def participant_names(article: Article, event: Event) -> set[str]:
    """Name keys the event's source and target entities answer to."""
    names: set[str] = set()
    for entity_id in [*event.source, *event.target]:
        entity = article.entity(entity_id)
        if entity is not None:
            names |= country_names(entity.country)
            if entity.name_en:
                names.add(name_key(entity.name_en))
    return names


def event_matches(article: Article, event: Event, expected: GoldEvent, gold: Gold) -> bool:
    """Type, mode and date as gold gives them, and every gold participant present."""
    types = [expected.type] if isinstance(expected.type, str) else expected.type
    if event.type not in types:
        return False
    if expected.mode is not None and event.mode != expected.mode:
        return False
    if expected.date is not None and (event.date or "").split("T")[0] != expected.date:
        return False
    present = participant_names(article, event)
    return all(accepted_names(names, gold) & present for names in expected.actors)


def score_events(doc: Document, gold_input: Mapping[str, Any] | Gold) -> Ratio:
    """Share of gold events matched by some output event (strict: every participant)."""
    gold = parse_gold(gold_input)
    total = Ratio()
    for expected in gold.events:
        found = any(
            event_matches(article, event, expected, gold)
            for article in doc.articles
            for event in article.events
        )
        total += _one(found, gold_event_label(expected))
    return total


def gold_types(expected: GoldEvent) -> list[str]:
    return [expected.type] if isinstance(expected.type, str) else expected.type


def gold_event_label(expected: GoldEvent) -> str:
    return f"{'/'.join(gold_types(expected))} {expected.note or ''}".strip()


MISSED = "missed"
"""Confusion column of a gold event no output event shares a participant with."""
FALSE = "false"
"""Confusion row of an output event that matches no gold event."""
DUPLICATE = "duplicate"
"""Confusion row of an output event repeating an already matched gold event."""


@dataclass(frozen=True)
class OutputEvent:
    """An output event with the name keys of its participants, for matching."""

    event: Event
    names: frozenset[str]

    @property
    def label(self) -> str:
        return f"{self.event.type} {self.event.trigger}: {self.event.sentence}"


def same_day(system: str | None, expected: str | None) -> bool:
    """Dates agree where both give one, compared at the coarser of the two precisions."""
    if not system or not expected:
        return True
    system = system.split("T")[0]
    common = min(len(system), len(expected))
    return system[:common] == expected[:common]


def shares_participant(output: OutputEvent, expected: GoldEvent, gold: Gold) -> bool:
    return any(accepted_names(names, gold) & output.names for names in expected.actors)


def max_matching(edges: list[list[int]]) -> dict[int, int]:
    """A maximum one-to-one matching (left index -> right index) by augmenting paths.

    Why maximal, not greedy: output order must not decide which gold event an
    ambiguous output event takes, or a right event would count false.
    """
    owner: dict[int, int] = {}

    def augment(left: int, seen: set[int]) -> bool:
        for right in edges[left]:
            if right in seen:
                continue
            seen.add(right)
            if right not in owner or augment(owner[right], seen):
                owner[right] = left
                return True
        return False

    for left in range(len(edges)):
        augment(left, set())
    return {left: right for right, left in owner.items()}


@dataclass(frozen=True)
class EventAlignment:
    """Output events paired with gold events: by type (``matched``), else by participants."""

    outputs: list[OutputEvent]
    matched: dict[int, int]
    duplicates: list[int]
    crossed: dict[int, int]


def align_events(doc: Document, gold: Gold) -> EventAlignment:
    """Pair output and gold events one to one, first by type, then by participants only."""
    outputs = [
        OutputEvent(event, frozenset(participant_names(article, event)))
        for article in doc.articles
        for event in article.events
    ]
    loose = [
        [
            number
            for number, expected in enumerate(gold.events)
            if shares_participant(output, expected, gold)
            and same_day(output.event.date, expected.date)
        ]
        for output in outputs
    ]
    typed = [
        [
            number
            for number in candidates
            if outputs[left].event.type in gold_types(gold.events[number])
        ]
        for left, candidates in enumerate(loose)
    ]
    matched = max_matching(typed)
    duplicates = [left for left, rights in enumerate(typed) if rights and left not in matched]
    taken = set(matched.values())
    rest = [
        []
        if left in matched or left in duplicates
        else [number for number in candidates if number not in taken]
        for left, candidates in enumerate(loose)
    ]
    return EventAlignment(outputs, matched, duplicates, max_matching(rest))


def event_confusion(alignment: EventAlignment, gold: Gold) -> Counter[tuple[str, str]]:
    """(gold type, system type) counts; ``missed`` and ``false``/``duplicate`` at the edges.

    A gold event that allows several types is counted under its first (the key's
    main reading) unless the output took one of the others.
    """
    confusion: Counter[tuple[str, str]] = Counter()
    for left, output in enumerate(alignment.outputs):
        kind = output.event.type
        if left in alignment.matched:
            confusion[kind, kind] += 1
        elif left in alignment.crossed:
            confusion[gold_types(gold.events[alignment.crossed[left]])[0], kind] += 1
        elif gold.events_complete:
            confusion[DUPLICATE if left in alignment.duplicates else FALSE, kind] += 1
    paired = {*alignment.matched.values(), *alignment.crossed.values()}
    for number, expected in enumerate(gold.events):
        if number not in paired:
            confusion[gold_types(expected)[0], MISSED] += 1
    return confusion


def score_event_precision(doc: Document, gold: Gold) -> DocumentScores:
    """Precision, duplicates, polarity and confusion of the output events.

    Precision and polarity need a key that lists every event (``events_complete``);
    without one, only the confusion of the matched and missed gold events is kept.
    """
    alignment = align_events(doc, gold)
    confusion = event_confusion(alignment, gold)
    if not gold.events_complete:
        return DocumentScores(event_confusion=confusion)
    precision, polarity = Ratio(), Ratio()
    for left, output in enumerate(alignment.outputs):
        number = alignment.matched.get(left)
        tag = "duplicate " if left in alignment.duplicates else ""
        precision += _one(number is not None, tag + output.label)
        if number is not None:
            agrees = output.event.negated == gold.events[number].negated
            polarity += _one(agrees, output.label)
    return DocumentScores(
        event_precision=precision,
        event_duplicates=len(alignment.duplicates),
        event_polarity=polarity,
        event_confusion=confusion,
    )


def score_document(doc: Document, gold_input: Mapping[str, Any] | Gold) -> DocumentScores:
    """Every section of one document against its gold key."""
    gold = parse_gold(gold_input)
    return DocumentScores(
        articles=score_articles(doc, gold),
        entities=score_entities(doc, gold),
        linking=score_linking(doc, gold),
        times=score_times(doc, gold),
        quotes=score_quotes(doc, gold),
        events=score_events(doc, gold),
        system_events=sum(len(article.events) for article in doc.articles),
    ) + score_event_precision(doc, gold)


# --- running the pipeline over gold files ------------------------------------


class EvaluationError(ValueError):
    """The evaluation cannot start: bad gold path, bad gold file or unusable stages."""


class GoldError(EvaluationError):
    """A gold file is unreadable, malformed, or names a document that is missing."""


@dataclass(frozen=True)
class GoldCase:
    """A validated gold file and the input document it describes."""

    gold_path: Path
    document_path: Path
    gold: Gold

    @property
    def name(self) -> str:
        return self.gold_path.stem


@dataclass(frozen=True)
class CaseResult:
    """Scores of one document; ``error`` says why the pipeline produced nothing."""

    case: GoldCase
    scores: DocumentScores
    error: str | None = None


def gold_paths(path: Path) -> list[Path]:
    """The gold files a path names: the ``*.json`` files of a folder, or the file itself."""
    if path.is_dir():
        found = sorted(path.glob("*.json"))
        if not found:
            raise EvaluationError(f"{path}: no gold files (*.json) in this folder")
        return found
    if path.is_file():
        return [path]
    raise EvaluationError(f"{path}: no such gold file or folder")


def load_case(gold_path: Path) -> GoldCase:
    """Read and validate one gold file; its document lives in ``../docs`` beside the gold folder."""
    try:
        raw = json.loads(gold_path.read_text(encoding="utf-8"))
    except OSError as error:
        raise GoldError(f"{gold_path}: cannot read ({error.strerror})") from error
    except (UnicodeDecodeError, json.JSONDecodeError) as error:
        raise GoldError(f"{gold_path}: not a JSON gold file ({error})") from error
    if not isinstance(raw, dict):
        raise GoldError(f"{gold_path}: a gold file must hold one JSON object")
    try:
        gold = Gold.model_validate(raw)
    except ValidationError as error:
        problems = "; ".join(
            f"{'.'.join(str(part) for part in issue['loc'])}: {issue['msg']}"
            for issue in error.errors()
        )
        raise GoldError(f"{gold_path}: bad gold file ({problems})") from error
    document_path = gold_path.resolve().parent.parent / "docs" / gold.document
    if not document_path.is_file():
        raise GoldError(f"{gold_path}: its document {document_path} does not exist")
    return GoldCase(gold_path, document_path, gold)


def check_stages(settings: Settings) -> None:
    """Import every configured stage now, so a stage not built yet stops the run up front."""
    for name in settings.stages:
        try:
            resolve_stage(name)
        except ImportError as error:
            raise EvaluationError(
                f"stage {name!r} is not available ({error}); run a prefix with --stages"
            ) from error
        except ValueError as error:
            raise EvaluationError(str(error)) from error


def evaluate_case(case: GoldCase, settings: Settings) -> CaseResult:
    """Run the pipeline on one gold document and score it.

    A stage that raises is reported, and the document is scored on what the
    stages before it wrote: the total never skips a document, and the row
    still shows which sections work.
    """
    try:
        outlet = case.gold.outlet or settings.outlet
        given = replace(settings, published=case.gold.published, outlet=outlet)
        doc = read_document(case.document_path, given)
    except IngestError as error:
        raise GoldError(f"{case.gold_path}: its document cannot be read ({error})") from error
    for name in settings.stages:
        try:
            resolve_stage(name)(doc, settings)
        except Exception as error:
            failure = f"stage {name!r} raised {type(error).__name__}: {error}"
            finish(doc)
            return CaseResult(case, score_document(doc, case.gold), failure)
    finish(doc)  # scored as the record gives it: datelines printed, Traditional as written
    return CaseResult(case, score_document(doc, case.gold))


def load_cases(path: Path, settings: Settings) -> list[GoldCase]:
    """Check the stages and every gold file before anything runs on a bad set."""
    check_stages(settings)
    return [load_case(gold_path) for gold_path in gold_paths(path)]


def evaluate_path(path: Path, settings: Settings) -> list[CaseResult]:
    """Score every document a gold path names (the Python form of `jishi eval`)."""
    return [evaluate_case(case, settings) for case in load_cases(path, settings)]


def total_scores(results: Iterable[CaseResult]) -> DocumentScores:
    """Micro-averaged totals: every gold item of every document weighs the same."""
    total = DocumentScores()
    for result in results:
        total += result.scores
    return total


# --- reporting ---------------------------------------------------------------

COLUMNS: tuple[tuple[str, Callable[[DocumentScores], float | None]], ...] = (
    ("Head", lambda s: s.articles.headline.value),
    ("Para", lambda s: s.articles.paragraphs.value),
    ("Exact", lambda s: s.articles.exact.value),
    ("Src", lambda s: s.articles.source.value),
    ("Dline", lambda s: s.articles.dateline.value),
    ("EntP", lambda s: s.entities.precision),
    ("EntR", lambda s: s.entities.recall),
    ("EntF1", lambda s: s.entities.f1),
    ("Link", lambda s: s.linking.value),
    ("Time", lambda s: s.times.value),
    ("Quote", lambda s: s.quotes.value),
    ("Event", lambda s: s.events.value),
    ("EvP", lambda s: s.event_precision.value),
    ("Pol", lambda s: s.event_polarity.value),
)
"""The table's score columns, in pipeline order; every cell is a percentage."""

LEGEND = (
    "Percentages, micro-averaged in the total row; – = nothing to score. "
    "Head headline, Para paragraph assignment, Exact exact articles, Src source, "
    "Dline dateline, Ent entity pairs P/R/F1, Link English names, Time time values, "
    "Quote quotes with speaker, Event gold events matched, EvP output events matching "
    "a distinct gold event (keys with events_complete), Pol negation right among those, "
    "Dup output events repeating a matched one, #Ev system events."
)


def percent(value: float | None) -> str:
    return "–" if value is None else f"{100 * value:.1f}"


def scores_table(results: list[CaseResult]) -> Table:
    """One row per document and a micro-averaged total row, as percentages."""
    table = Table(title="jishi eval", caption=LEGEND, box=box.SIMPLE_HEAD, padding=(0, 1))
    table.add_column("Document", no_wrap=True)
    for header, _ in COLUMNS:
        table.add_column(header, justify="right", no_wrap=True)
    table.add_column("Dup", justify="right", no_wrap=True)
    table.add_column("#Ev", justify="right", no_wrap=True)
    for result in results:
        name = result.case.name + (" (failed)" if result.error else "")
        table.add_row(name, *_cells(result.scores))
    table.add_section()
    table.add_row("Total", *_cells(total_scores(results)), style="bold")
    return table


def _cells(scores: DocumentScores) -> list[str]:
    counts = [str(scores.event_duplicates), str(scores.system_events)]
    return [percent(read(scores)) for _, read in COLUMNS] + counts


def confusion_table(results: list[CaseResult]) -> Table:
    """Gold type (rows) against system type (columns) over all documents.

    Pairs are matched by type first, then by shared participants and day, so an
    off-diagonal cell is an act coded as the wrong type; ``missed`` is a gold event
    no output event shares a participant with, ``false`` and ``duplicate`` rows are
    output events of keys with events_complete that match no gold event.
    """
    confusion = total_scores(results).event_confusion
    edges = {FALSE, DUPLICATE, MISSED}
    rows = sorted({gold for gold, _ in confusion} - edges)
    rows += [edge for edge in (FALSE, DUPLICATE) if any(g == edge for g, _ in confusion)]
    columns = [*sorted({system for _, system in confusion} - edges), MISSED]
    table = Table(title="events: gold type × system type", box=box.SIMPLE_HEAD, padding=(0, 1))
    table.add_column("gold vs system", no_wrap=True)
    for column in columns:
        table.add_column(column, justify="right", no_wrap=True)
    for row in rows:
        table.add_row(row, *(str(confusion[row, column] or "") for column in columns))
    return table


def report_json(results: list[CaseResult], settings: Settings) -> dict[str, Any]:
    """Machine-readable scores: per document with the gold items missed, and the total."""
    return {
        "stages": list(settings.stages),
        "documents": [
            {
                "name": result.case.name,
                "gold": str(result.case.gold_path),
                "document": str(result.case.document_path),
                "error": result.error,
                "scores": result.scores.as_json(),
            }
            for result in results
        ],
        "total": total_scores(results).as_json(with_missed=False),
    }


def select_stages(option: str | None) -> list[str]:
    """Stages named in a comma-separated option, in pipeline order; all when none is given."""
    if not option:
        return list(STAGES)
    names = [name.strip() for name in option.split(",") if name.strip()]
    unknown = [name for name in names if name not in STAGES]
    if unknown:
        raise EvaluationError(f"unknown stage(s) {', '.join(unknown)} (known: {', '.join(STAGES)})")
    return [name for name in STAGES if name in names]
